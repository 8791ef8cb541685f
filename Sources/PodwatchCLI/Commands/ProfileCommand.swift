import ArgumentParser
import Foundation
import NIOHTTP1

/// `podwatch profile NAMESPACE/POD`: samples every process of the pod with perf on its node, waits, and writes
/// the flame graph (`.svg`), its tree (`.json`) or the folded stacks (any other name).
struct ProfileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile",
        abstract: "Profile a pod's processes on CPU and write a flame graph or folded stacks."
    )

    @Argument(help: "NAMESPACE/POD.")
    var pod: String

    @Option(help: "The pod's node (default: the node that reports the pod).")
    var node: String?

    @Option(help: "How long to sample: 30s, 2m, or seconds.")
    var duration: String = "30s"

    @Option(help: "Samples per second, 1–1000.")
    var frequency: Int = 99

    @Option(
        name: [.customShort("o"), .customLong("output")],
        help: "Where to write: flame.svg, profile.json or stacks.folded."
    )
    var file: String = "stacks.folded"

    @OptionGroup var connection: ConnectionOptions

    var seconds: Int? { Self.parseDuration(self.duration) }

    func validate() throws {
        guard self.pod.split(separator: "/", omittingEmptySubsequences: false).count == 2 else {
            throw ValidationError("give the pod as NAMESPACE/POD")
        }
        guard self.seconds != nil else { throw ValidationError("--duration: '\(self.duration)' is not like 30s or 2m") }
    }

    func run() async throws {
        let parts = self.pod.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let (namespace, name) = (parts[0], parts[1])
        let seconds = self.seconds ?? 30
        let client = try self.connection.client()
        let node = try await self.node(client, namespace: namespace, pod: name)
        let request = JSONValue.object([
            "node": .string(node), "namespace": .string(namespace), "pod": .string(name),
            "duration_seconds": .number(Double(seconds)), "frequency_hz": .number(Double(self.frequency)),
        ])
        let started = try await client.send(.POST, "/api/v1/profiles", json: Array(try JSONEncoder().encode(request)))
        guard let profile = try? JSONDecoder().decode(API.Profile.self, from: Data(started.body)) else {
            throw CLIError(.refused, "the server's answer to the profile request is not a profile")
        }
        Console.error("profiling \(namespace)/\(name) on \(node) for \(seconds)s (profile \(profile.id))…")
        let path = "/api/v1/profiles/\(ServerClient.segment(profile.id))"
        let deadline = ContinuousClock.now + .seconds(seconds + 180)
        var current = profile
        while current.state == "queued" || current.state == "running" {
            guard ContinuousClock.now < deadline else {
                throw CLIError(.unavailable, "profile \(profile.id) did not finish in \(seconds + 180)s")
            }
            try await Task.sleep(for: .seconds(1))
            current = try await client.decode(API.Profile.self, path)
        }
        guard current.state == "done" else {
            throw CLIError(
                .refused,
                "the profile failed: \(Table.printable(current.reason ?? "no reason given", limit: 400))"
            )
        }
        let suffix = self.file.hasSuffix(".svg") ? "svg" : self.file.hasSuffix(".json") ? "json" : "folded"
        let body = try await client.get(path + "/" + suffix)
        guard FileManager.default.createFile(atPath: self.file, contents: Data(body)) else {
            throw CLIError(.usage, "cannot write \(self.file)")
        }
        let truncated = current.truncated == true ? " (truncated at 8 MB: the heaviest stacks kept)" : ""
        Console.print("\(current.samples ?? 0) samples written to \(self.file)\(truncated)")
    }

    /// The node that reports the pod, unless --node says.
    func node(_ client: ServerClient, namespace: String, pod: String) async throws -> String {
        if let node = self.node { return node }
        let found = try await PodSelection.pods(client, namespace: namespace, node: nil)
            .filter { $0.pod.name == pod }.map(\.node)
        guard let node = found.first else {
            throw CLIError(.notFound, "no pod \(Table.printable(namespace))/\(Table.printable(pod)) on any node")
        }
        guard found.count == 1 else {
            throw CLIError(.usage, "\(namespace)/\(pod) is reported by \(found.count) nodes: give --node")
        }
        return node
    }

    /// `30s`, `2m`, `1h`, `90` → seconds (up to 7 days).
    static func parseDuration(_ text: String) -> Int? {
        let multipliers: [Character: Int] = ["s": 1, "m": 60, "h": 3600]
        let multiplier = text.last.flatMap { multipliers[$0] } ?? 1
        let digits = text.last.map { multipliers[$0] != nil } == true ? String(text.dropLast()) : text
        guard let value = Int(digits), value > 0, value <= 7 * 86_400 / multiplier else { return nil }
        return value * multiplier
    }
}
