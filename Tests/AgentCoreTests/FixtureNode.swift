import AgentCore
import Foundation
import Telemetry
import Testing

/// A fixture node tree (proc + sys + cgroup) and helpers to collect from it.
struct FixtureNode {
    let name: String

    var root: String {
        guard let path = Bundle.module.resourcePath else { preconditionFailure("test bundle has no resources") }
        return "\(path)/Fixtures/\(self.name)"
    }

    var configuration: AgentConfiguration {
        AgentConfiguration(
            nodeName: "fixture-\(self.name)",
            procRoot: "\(self.root)/proc",
            sysRoot: "\(self.root)/sys",
            cgroupRoot: "\(self.root)/cgroup"
        )
    }

    /// The snapshot as golden JSON: clocks zeroed, the agent's own figures (this test process's memory, not the
    /// fixture's) left out, and the fixture's absolute path replaced by `$FIXTURE`.
    func goldenJSON() throws -> String {
        var snapshot = try Collector(configuration: self.configuration).collect()
        snapshot.wallTimeMilliseconds = 0
        snapshot.monotonicNanoseconds = 0
        snapshot.agent = nil
        let json = String(decoding: try SnapshotReport(snapshot: snapshot).json(), as: UTF8.self)
        return json.replacingOccurrences(of: self.root, with: "$FIXTURE") + "\n"
    }

    /// Compares with Golden/<name>.json; `UPDATE_GOLDEN=1 swift test` rewrites the file in the source tree.
    func expectMatchesGolden(sourceLocation: SourceLocation = #_sourceLocation) throws {
        let actual = try self.goldenJSON()
        let sourceGolden = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Golden/\(self.name).json")
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try actual.write(to: sourceGolden, atomically: true, encoding: .utf8)
            return
        }
        guard let url = Bundle.module.url(forResource: "Golden/\(self.name)", withExtension: "json") else {
            Issue.record(
                "missing Golden/\(self.name).json; run UPDATE_GOLDEN=1 swift test",
                sourceLocation: sourceLocation
            )
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(actual == expected, "snapshot differs from Golden/\(self.name).json", sourceLocation: sourceLocation)
    }
}
