import ArgumentParser

/// `podwatch-sim`: many simulated agents from one process (`run`), and the server's in-process figures (`bench`).
@main
struct SimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "podwatch-sim",
        abstract: "Load simulator: N agent connections sending realistic snapshots, and server benchmarks.",
        subcommands: [RunCommand.self, BenchCommand.self, AttackCommand.self],
        defaultSubcommand: RunCommand.self
    )
}

/// `5s`, `500ms`, `2m` or a plain number of seconds.
struct IntervalArgument: ExpressibleByArgument, Sendable {
    var duration: Duration

    init?(argument: String) {
        let units: [(String, Int64)] = [("ms", 1), ("s", 1000), ("m", 60_000)]
        for (suffix, milliseconds) in units where argument.hasSuffix(suffix) {
            guard let value = Int64(argument.dropLast(suffix.count)), value > 0 else { return nil }
            self.duration = .milliseconds(value * milliseconds)
            return
        }
        guard let seconds = Int64(argument), seconds > 0 else { return nil }
        self.duration = .seconds(seconds)
    }
}
