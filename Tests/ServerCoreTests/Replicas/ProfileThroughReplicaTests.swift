import AgentCore
import Foundation
import ServerTesting
import Testing

/// Commands through any replica: a profile asked of replica B reaches the agent over B's own connection and is
/// answered there; replica A never hears of it. Real perf on a real pod in real cgroups.
@Suite(.serialized) struct ProfileThroughReplicaTests {
    @Test func aProfileAskedOfOneReplicaIsAnsweredOnIt() async throws {
        let harness = try await ProfilingHarness(replicas: 2)
        let (a, b) = (harness.replicas[0], harness.replicas[1])
        let (status, body) = try await harness.start(duration: 1, on: b)
        #expect(status == 202, "\(body)")
        let id = ProfilingHarness.id(body)
        let profile = try await harness.finished(id, on: b)
        #expect(profile["state"] as? String == "done", "\(profile)")
        let folded = try await b.get("/api/v1/profiles/\(id)/folded")
        #expect(folded.body.contains(ProfilingHarness.hotFunction))
        #expect(try await a.get("/api/v1/profiles/\(id)").status == 404)
        // And the other way round: A's own profile comes back on A. (The agent lets go of the pod's first profile
        // just after sending its last chunk; a second asked at that instant is refused as running, so retry.)
        var answer: [String: Any] = [:]
        var secondID = ""
        for _ in 0..<5 {
            let second = try await harness.start(duration: 1, on: a)
            secondID = ProfilingHarness.id(second.body)
            answer = try await harness.finished(secondID, on: a)
            guard (answer["error"] as? String)?.contains("already running") == true else { break }
            try await Task.sleep(for: .milliseconds(500))
        }
        #expect(answer["state"] as? String == "done", "\(answer)")
        #expect(try await b.get("/api/v1/profiles/\(secondID)").status == 404)
        await harness.stop()
    }
}
