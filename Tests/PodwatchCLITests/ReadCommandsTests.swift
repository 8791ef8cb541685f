import Foundation
import ServerTesting
import Telemetry
import Testing

/// `status`, `nodes`, `pods` and `top` against a real server that two synthetic agents feed over real sockets;
/// every figure checked against the server's own JSON API.
@Suite struct ReadCommandsTests {
    @Test func statusSaysAliveVersionAndTheConnectedAgents() async throws {
        let harness = try await CLIHarness()
        let json = await harness.run(["status", "-o", "json"])
        #expect(json.code == 0, "\(json.err)")
        let status = try #require(try json.json() as? [String: Any])
        #expect(status["alive"] as? Bool == true)
        #expect(status["version"] as? String == PodwatchVersion.string)
        #expect((status["agents"] as? [String])?.sorted() == ["cli-a", "cli-b"])
        #expect(status["nodes"] as? Int == 2)
        let table = await harness.run(["status"])
        #expect(table.rows.first == ["SERVER", "STATUS", "VERSION", "AGENTS", "NODES", "STALE", "SNAPSHOTS"])
        #expect(table.rows.last?.prefix(5) == [harness.url, "alive", PodwatchVersion.string, "2", "2"])
        await harness.stop()
    }

    @Test func nodesListsWhatTheAPIReports() async throws {
        let harness = try await CLIHarness()
        let api = try #require(
            try JSONSerialization.jsonObject(
                with: Data(try await harness.server.request("GET", "/api/v1/nodes", headers: Self.auth).body.utf8)
            ) as? [[String: Any]]
        )
        let table = await harness.run(["nodes"])
        #expect(table.code == 0, "\(table.err)")
        #expect(table.rows.first == ["NAME", "STATUS", "CPU%", "MEMORY%", "LOAD", "PODS", "PROCESSES", "LAST-SEEN"])
        for node in api {
            let name = try #require(node["name"] as? String)
            let row = try #require(table.rows.first { $0.first == name })
            #expect(row[1] == "Live")
            #expect(row[5] == "\(node["pods"] as? Int ?? -1)")
            #expect(row[6] == "\(node["processes"] as? Int ?? -1)")
        }
        let json = try #require(try await harness.run(["nodes", "-o", "json"]).json() as? [[String: Any]])
        #expect(json.map { $0["name"] as? String } == api.map { $0["name"] as? String })
        let yaml = await harness.run(["nodes", "-o", "yaml"])
        #expect(yaml.out.contains("name: cli-a"))
        let wide = await harness.run(["nodes", "-o", "wide"])
        #expect(wide.rows.first?.suffix(3) == ["NETWORK", "DISK", "AGENT"])
        await harness.stop()
    }

    @Test func podsFilterByNamespaceAndNode() async throws {
        let harness = try await CLIHarness()
        let all = try #require(try await harness.run(["pods", "-o", "json"]).json() as? [[String: Any]])
        #expect(all.count == CLIHarness.nodes.reduce(0) { $0 + $1.1 })
        let namespace = try #require(all.first?["namespace"] as? String)
        let inNamespace = all.filter { $0["namespace"] as? String == namespace }
        let filtered = await harness.run(["pods", "-n", namespace])
        #expect(filtered.code == 0)
        #expect(filtered.rows.count == inNamespace.count + 1)
        #expect(filtered.rows.dropFirst().allSatisfy { $0.first == namespace })
        let onB = try #require(
            try await harness.run(["pods", "--node", "cli-b", "-o", "json"]).json() as? [[String: Any]]
        )
        #expect(onB.count == 4)
        #expect(onB.allSatisfy { $0["node"] as? String == "cli-b" })
        await harness.stop()
    }

    @Test func topSortsTheHeaviestFirst() async throws {
        let harness = try await CLIHarness()
        let pods = try #require(
            try await harness.run(["top", "pods", "--sort", "memory", "-o", "json"]).json() as? [[String: Any]]
        )
        let memory = pods.compactMap { $0["memoryWorkingSetBytes"] as? Double }
        #expect(memory.count == pods.count && !memory.isEmpty)
        #expect(memory == memory.sorted(by: >))

        // Every process of the node, with the CPU % the API's rates give for its pid.
        let detail = try #require(
            try JSONSerialization.jsonObject(
                with: Data(try await harness.server.request("GET", "/api/v1/nodes/cli-a", headers: Self.auth).body.utf8)
            ) as? [String: Any]
        )
        let rates = try #require((detail["rates"] as? [String: Any])?["processes"] as? [[String: Any]])
        let processes = try #require(
            try await harness.run(["top", "processes", "--node", "cli-a", "--limit", "100000", "-o", "json"]).json()
                as? [[String: Any]]
        )
        let snapshot = try #require(detail["snapshot"] as? [String: Any])
        let inContainers = (snapshot["containers"] as? [[String: Any]] ?? []).reduce(0) {
            $0 + ($1["processes"] as? [Any] ?? []).count
        }
        #expect(processes.count == inContainers + (snapshot["hostProcesses"] as? [Any] ?? []).count)
        let top = try #require(processes.first)
        let busiest = rates.compactMap { $0["cpuPercent"] as? Double }.max()
        #expect(top["cpuPercent"] as? Double == busiest)
        #expect(processes.contains { $0["namespace"] as? String != "-" && $0["container"] as? String != "-" })

        let watched = await harness.run(["top", "nodes", "--watch", "--interval", "1", "--count", "2"])
        #expect(watched.code == 0)
        #expect(watched.rows.filter { $0.first == "NAME" }.count == 2)
        await harness.stop()
    }

    static let auth = ["Authorization": "Bearer \(CLIHarness.readToken)"]
}
