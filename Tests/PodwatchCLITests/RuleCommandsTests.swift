import Foundation
import ServerTesting
import Testing
import Yams

/// `rules` and `alerts` against a real server: a file applied, changed and applied again, enabled, disabled and
/// deleted by name, and the alert it fires listed.
@Suite struct RuleCommandsTests {
    @Test func applyListGetEnableDisableDelete() async throws {
        let harness = try await CLIHarness(evaluation: .milliseconds(200))
        let directory = NSTemporaryDirectory() + "podwatch-cli-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let file = directory + "/rules.yaml"
        try Self.rules(threshold: 50).write(toFile: file, atomically: true, encoding: .utf8)

        // Reads need the read token; writes the admin token.
        let refused = await harness.run(["rules", "apply", "-f", file])
        #expect(refused.code == 77)
        #expect(refused.err.contains("--admin-token"))

        let created = await harness.run(["rules", "apply", "-f", file], admin: true)
        #expect(created.code == 0, "\(created.err)")
        #expect(created.out == "rule/busy nodes created\nrule/any load created\n")
        let listed = try #require(try await harness.run(["rules", "list", "-o", "json"]).json() as? [[String: Any]])
        #expect(listed.compactMap { $0["name"] as? String } == ["busy nodes", "any load"])

        try Self.rules(threshold: 75).write(toFile: file, atomically: true, encoding: .utf8)
        let configured = await harness.run(["rules", "apply", "-f", file], admin: true)
        #expect(configured.out == "rule/busy nodes configured\nrule/any load configured\n")
        let yaml = await harness.run(["rules", "get", "busy nodes", "-o", "yaml"])
        let rule = try #require(Yams.load(yaml: yaml.out) as? [String: Any])
        #expect(rule["threshold"] as? Int == 75)
        #expect((await harness.run(["rules", "list"])).rows.count == 3)

        // The second rule fires on every node at once (load ≥ 0, held 0 s).
        try await harness.server.eventually("two alerts firing") {
            let alerts = try await harness.run(["alerts", "-o", "json"]).json() as? [[String: Any]]
            return alerts?.count == 2
        }
        let alerts = await harness.run(["alerts"])
        #expect(alerts.rows.first == ["ID", "RULE", "SEVERITY", "STATE", "TARGET", "CONDITION", "VALUE", "STARTED"])
        #expect(Set(alerts.rows.dropFirst().map { $0[4] }) == ["node/cli-a", "node/cli-b"])

        // One alert by id prefix: its facts, then the node's top pods at fire time, as the API has them.
        let id = try #require(alerts.rows.dropFirst().first?.first)
        let shown = await harness.run(["alerts", id])
        #expect(shown.code == 0, "\(shown.err)")
        let full = try #require(try await harness.run(["alerts", id, "-o", "json"]).json() as? [String: Any])
        let pods = try #require((full["context"] as? [String: Any])?["pods"] as? [[String: Any]])
        let top = try #require(pods.first)
        #expect(shown.out.contains("POD") && shown.out.contains("\(top["namespace"] ?? "")/\(top["pod"] ?? "")"))
        #expect(shown.out.contains(full["id"] as? String ?? "?"))
        #expect((await harness.run(["alerts", "zzzz"])).code == 3)

        #expect((await harness.run(["rules", "disable", "any load"], admin: true)).code == 0)
        let disabled = try #require(
            try await harness.run(["rules", "get", "any load", "-o", "json"]).json() as? [String: Any]
        )
        #expect(disabled["enabled"] as? Bool == false)
        let resolved = try #require(
            try await harness.run(["alerts", "--state", "resolved", "-o", "json"]).json() as? [[String: Any]]
        )
        #expect(resolved.count == 2 && resolved.allSatisfy { $0["reason"] as? String == "rule disabled" })
        #expect((await harness.run(["rules", "enable", "any load"], admin: true)).code == 0)

        #expect((await harness.run(["rules", "delete", "busy nodes"], admin: true)).out == "rule/busy nodes deleted\n")
        let missing = await harness.run(["rules", "get", "busy nodes"])
        #expect(missing.code == 3)
        #expect(missing.err.contains("podwatch rules list"))

        // A refused rule says why, in the server's words, and exits 1.
        try "name: bad\nmetric: node.nope\n".write(toFile: file, atomically: true, encoding: .utf8)
        let bad = await harness.run(["rules", "apply", "-f", file], admin: true)
        #expect(bad.code == 1)
        #expect(bad.err.contains("400"))
        try? FileManager.default.removeItem(atPath: directory)
        await harness.stop()
    }

    static func rules(threshold: Int) -> String {
        """
        - name: busy nodes
          target: {kind: node, node: "*"}
          metric: node.cpu.percent
          operator: ">"
          threshold: \(threshold)
          for_seconds: 60
        - name: any load
          target: {kind: node, node: "*"}
          metric: node.load1
          operator: ">="
          threshold: 0
          for_seconds: 0
          severity: info
        """
    }
}
