import Foundation
import ServerTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `podwatch profile` end to end: real perf on a real pod's processes through a real server, the flame graph and
/// the folded stacks written where -o says.
@Suite(.serialized, .enabled(if: getuid() == 0, "needs root for cgroups and perf"))
struct ProfileCommandTests {
    @Test func profileWritesTheFlameGraphAndTheFoldedStacks() async throws {
        let harness = try await ProfilingHarness()
        // The pod's processes must not outlive a failed check: they would hold the test runner's output open.
        do {
            try await Self.profile(harness)
        } catch {
            await harness.stop()
            throw error
        }
        await harness.stop()
    }

    static func profile(_ harness: ProfilingHarness) async throws {
        let environment = ["PODWATCH_SERVER": "http://127.0.0.1:\(harness.server.httpPort)", "HOME": "/nonexistent"]
        let svg = harness.directory + "/flame.svg"
        let result = await CLIResult.run(
            ["profile", "shop/burner-5c8d7-x1", "--duration", "2s", "--frequency", "199", "-o", svg],
            environment: environment
        )
        #expect(result.code == 0, "\(result.err)")
        #expect(result.out.contains("samples written to \(svg)"))
        let drawing = try String(contentsOfFile: svg, encoding: .utf8)
        #expect(drawing.hasPrefix("<?xml") || drawing.hasPrefix("<svg"))
        #expect(drawing.contains(ProfilingHarness.hotFunction))

        let folded = harness.directory + "/stacks.folded"
        let second = await CLIResult.run(
            ["profile", "shop/burner-5c8d7-x1", "--node", ProfilingHarness.node, "--duration", "2", "-o", folded],
            environment: environment
        )
        #expect(second.code == 0, "\(second.err)")
        let stacks = try String(contentsOfFile: folded, encoding: .utf8)
        #expect(
            stacks.split(separator: "\n").contains {
                $0.contains("burner;") && $0.contains(ProfilingHarness.hotFunction)
            }
        )

        let unknown = await CLIResult.run(["profile", "shop/nope", "--duration", "2"], environment: environment)
        #expect(unknown.code == 3)
    }
}
