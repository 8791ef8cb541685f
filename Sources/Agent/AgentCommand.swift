import ArgumentParser
import Telemetry

/// `podwatch-agent`: the per-node collector. Parses flags and hands over to AgentCore.
@main
struct AgentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "podwatch-agent",
        abstract: "Podwatch node agent: reads /proc and cgroups and reports every pod, container and process.",
        version: PodwatchVersion.string,
        subcommands: [RunCommand.self, BenchCommand.self, SandboxCommand.self, HealthCommand.self],
        defaultSubcommand: RunCommand.self
    )
}
