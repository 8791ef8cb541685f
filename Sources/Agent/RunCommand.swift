import AgentCore
import ArgumentParser
import Logging
import ServiceLifecycle
import Telemetry
import UnixSignals

/// The default subcommand: sample every interval, or once with `--once`.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Collect snapshots (the default).")

    @OptionGroup var options: CollectionOptions

    @Flag(help: "Take one snapshot (two, with an explicit --interval: then rates are added), print it and exit.")
    var once = false

    @Flag(help: "Print the snapshot as JSON (with --once).")
    var json = false

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel = "info"

    func run() async throws {
        let configuration = try self.options.configuration()
        guard let level = Logger.Level(rawValue: self.logLevel) else {
            throw ValidationError(
                "--log-level: '\(self.logLevel)' is not one of trace, debug, info, notice, warning, error, critical"
            )
        }
        if self.once {
            try await self.runOnce(configuration)
            return
        }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "podwatch-agent")
        let sampler = SamplerService(configuration: configuration, logger: logger) { _ in }
        let group = ServiceGroup(services: [sampler], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        try await group.run()
    }

    private func runOnce(_ configuration: AgentConfiguration) async throws {
        let collector = Collector(configuration: configuration)
        var report = SnapshotReport(snapshot: try collector.collect())
        if self.options.interval != nil {
            try await Task.sleep(for: configuration.interval)
            let second = try collector.collect()
            report = SnapshotReport(snapshot: second, rates: SnapshotRates(previous: report.snapshot, current: second))
        }
        if self.json {
            let data = try report.json()
            StandardOutput.write(data)
        } else {
            let snapshot = report.snapshot
            print(
                "\(snapshot.node): \(snapshot.containers.count) containers, \(snapshot.allProcesses.count) processes, "
                    + "\(snapshot.host.network.count) interfaces, \(snapshot.host.disks.count) block devices, "
                    + "\(snapshot.errors.count) read errors"
            )
        }
    }
}
