import ArgumentParser
import Foundation
import NIOHTTP1

/// `podwatch record start|stop|list|get|delete`: recordings of every snapshot in a scope as CSV files on the
/// server (kubemon's `start NAME` / `stop`), downloaded as one tar archive. A recording is named by its id, a
/// unique prefix of it, or its name.
struct Record: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record nodes, containers and processes to CSV files on the server, and download them.",
        subcommands: [Start.self, Stop.self, List.self, Get.self, Delete.self]
    )

    struct Start: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Start a recording.")
        @Argument(help: "The recording's name.") var name: String
        @Option(help: "Only this node (repeat for more).") var node: [String] = []
        @Option(name: [.customShort("n"), .customLong("namespace")], help: "Only this namespace (repeat for more).")
        var namespace: [String] = []
        @Option(help: "Only this pod, as NAMESPACE/POD (repeat for more).") var pod: [String] = []
        @Flag(help: "Also record every process of the pods in scope (one row per process per snapshot).")
        var processes = false
        @Option(help: "Stop after this long: 30s, 10m, 2h (default: until stopped).") var duration: String?
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions

        func validate() throws {
            if let duration, ProfileCommand.parseDuration(duration) == nil {
                throw ValidationError("--duration: '\(duration)' is not like 30s, 10m or 2h (at most 7 days)")
            }
        }

        func run() async throws {
            let client = try self.connection.client()
            var request: [String: JSONValue] = [
                "name": .string(self.name), "nodes": .array(self.node.map(JSONValue.string)),
                "namespaces": .array(self.namespace.map(JSONValue.string)),
                "pods": .array(self.pod.map(JSONValue.string)), "processes": .bool(self.processes),
            ]
            if let seconds = self.duration.flatMap(ProfileCommand.parseDuration) {
                request["duration_seconds"] = .number(Double(seconds))
            }
            let answer = try await client.send(
                .POST,
                "/api/v1/recordings",
                json: Array(try JSONEncoder().encode(JSONValue.object(request)))
            )
            let document = try JSONValue.decode(answer.body, what: "the new recording")
            guard let recording = try? JSONDecoder().decode(API.Recording.self, from: Data(answer.body)) else {
                throw CLIError(.refused, "the server's answer is not a recording")
            }
            if self.output.format == .table || self.output.wide {
                Console.print("recording/\(Table.printable(recording.name)) started (id \(recording.id))")
            } else {
                try self.output.emit(document) { Table([]) }
            }
        }
    }

    struct Stop: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop a recording (its files stay).")
        @Argument(help: "The recording's id, a unique prefix of it, or its name.") var recording: String
        @OptionGroup var connection: ConnectionOptions

        func run() async throws {
            let client = try self.connection.client()
            let id = try await Record.resolve(self.recording, client)
            try await client.send(.POST, "/api/v1/recordings/\(ServerClient.segment(id))/stop")
            Console.print("recording/\(Table.printable(self.recording)) stopped")
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a recording and its files.")
        @Argument(help: "The recording's id, a unique prefix of it, or its name.") var recording: String
        @OptionGroup var connection: ConnectionOptions

        func run() async throws {
            let client = try self.connection.client()
            let id = try await Record.resolve(self.recording, client)
            try await client.send(.DELETE, "/api/v1/recordings/\(ServerClient.segment(id))")
            Console.print("recording/\(Table.printable(self.recording)) deleted")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List recordings, newest first.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let client = try self.connection.client()
            let (recordings, document) = try await client.fetch([API.Recording].self, "/api/v1/recordings")
            let now = Date().timeIntervalSince1970 * 1000
            try self.output.emit(document) {
                var table = Table(["ID", "NAME", "STATE", "SCOPE", "SNAPSHOTS", "SIZE", "STARTED", "REASON"])
                for recording in recordings {
                    table.append([
                        self.output.wide ? recording.id : String(recording.id.prefix(8)), recording.name,
                        recording.state, Record.scope(recording.scope), "\(recording.snapshots)",
                        Quantity.bytes(recording.bytes),
                        Quantity.age(milliseconds: recording.startedMilliseconds, now: now), recording.reason ?? "",
                    ])
                }
                return table
            }
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Download a recording: one tar archive of its CSV files (nodes, containers, processes)."
        )
        @Argument(help: "The recording's id, a unique prefix of it, or its name.") var recording: String
        @Option(name: [.customShort("o"), .customLong("output")], help: "The file (default: NAME-ID.tar).")
        var file: String?
        @OptionGroup var connection: ConnectionOptions

        func run() async throws {
            let client = try self.connection.client()
            let id = try await Record.resolve(self.recording, client)
            let data = try await client.get("/api/v1/recordings/\(ServerClient.segment(id))/archive")
            let file = self.file ?? "recording-\(id.prefix(8)).tar"
            guard FileManager.default.createFile(atPath: file, contents: Data(data)) else {
                throw CLIError(.usage, "cannot write \(file)")
            }
            Console.print("\(data.count) bytes written to \(file)")
        }
    }

    static func scope(_ scope: API.Recording.Scope) -> String {
        var parts: [String] = []
        if !scope.nodes.isEmpty { parts.append("nodes=" + scope.nodes.joined(separator: ",")) }
        if !scope.namespaces.isEmpty { parts.append("namespaces=" + scope.namespaces.joined(separator: ",")) }
        if !scope.pods.isEmpty { parts.append("pods=" + scope.pods.joined(separator: ",")) }
        if parts.isEmpty { parts.append("cluster") }
        return parts.joined(separator: " ") + (scope.processes ? " +processes" : "")
    }

    /// The id of the recording `reference` names (``Reference``).
    static func resolve(_ reference: String, _ client: ServerClient) async throws -> String {
        let recordings = try await client.decode([API.Recording].self, "/api/v1/recordings")
        return try Reference.resolve(
            reference,
            among: recordings.map { ($0.id, $0.name) },
            noun: "recording",
            list: "podwatch record list"
        )
    }
}
