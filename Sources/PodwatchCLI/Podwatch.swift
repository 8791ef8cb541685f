public import ArgumentParser
import Telemetry

/// `podwatch`: the server's data and controls from a terminal (README, "The podwatch CLI").
public struct Podwatch: AsyncParsableCommand, Sendable {
    public static let configuration = CommandConfiguration(
        commandName: "podwatch",
        abstract: "Nodes, pods, processes, alerts and profiles of a Podwatch server.",
        discussion: """
            The server comes from --server, PODWATCH_SERVER, or the current context of ~/.config/podwatch/config.yaml \
            (default http://127.0.0.1:8080). Exit codes: 0 done, 1 refused by the server, 3 not found, 64 bad usage, \
            69 server unreachable or unavailable, 77 token refused.
            """,
        version: PodwatchVersion.string,
        subcommands: [
            Status.self, Nodes.self, Pods.self, Top.self, Alerts.self, Rules.self, ProfileCommand.self, Record.self,
            Install.self,
            Completion.self,
        ]
    )

    public init() {}

    /// Parses and runs one command line; prints what it has to say and returns the exit code.
    public static func run(_ arguments: [String]) async -> Int32 {
        do {
            var command = try Self.parseAsRoot(arguments)
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
            return 0
        } catch let error as CLIError {
            Console.error("error: " + error.message)
            return error.exitCode
        } catch {
            let code = Self.exitCode(for: error)
            let message = Self.fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { Console.print(message) }
            } else if !message.isEmpty {
                Console.error(message)
            }
            return code.rawValue
        }
    }
}

/// `podwatch completion bash|zsh|fish`: the shell completion script (also `--generate-completion-script`).
struct Completion: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the completion script for a shell.")

    enum Shell: String, ExpressibleByArgument, CaseIterable {
        case bash, zsh, fish
    }

    @Argument(help: "bash, zsh or fish.")
    var shell: Shell

    func run() throws {
        let shell: CompletionShell =
            switch self.shell {
            case .bash: .bash
            case .zsh: .zsh
            case .fish: .fish
            }
        Console.print(Podwatch.completionScript(for: shell))
    }
}
