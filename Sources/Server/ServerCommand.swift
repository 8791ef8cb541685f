import ArgumentParser

/// `podwatch-server`: a stub until ingest, cache and the web UI land (the stream-and-UI milestone).
/// It says so plainly instead of pretending to serve.
@main
struct ServerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "podwatch-server",
        abstract: "Podwatch server (not yet implemented: ingest, cache, alerts and the web UI come next)."
    )

    func run() throws {
        print(
            "podwatch-server: not implemented yet; use `podwatch-agent --once --json` to see what the agent collects."
        )
        throw ExitCode(2)
    }
}
