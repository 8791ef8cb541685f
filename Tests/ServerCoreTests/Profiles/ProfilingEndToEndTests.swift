import AgentCore
import Foundation
import ServerTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Profiles end to end with real perf: API → server → Command on the agent's connection → perf over every
/// process of a pod in real cgroups → folded stacks back in chunks → folded, JSON and SVG.
@Suite(.serialized, .enabled(if: getuid() == 0, "needs root for cgroups and perf"))
struct ProfilingEndToEndTests {
    @Test func aProfileFindsTheHotFunctionUnderItsContainerAndProcess() async throws {
        let harness = try await ProfilingHarness()
        let (status, body) = try await harness.start(duration: 2)
        #expect(status == 202)
        let id = ProfilingHarness.id(body)
        #expect(id.count == 32 && id.allSatisfy(\.isHexDigit))  // 128 random bits
        let profile = try await harness.finished(id)
        #expect(profile["state"] as? String == "done", "\(profile)")
        #expect((profile["samples"] as? Int ?? 0) > 0)

        let folded = try await harness.server.get("/api/v1/profiles/\(id)/folded")
        #expect(folded.status == 200)
        let hot = folded.body.split(separator: "\n").filter { $0.contains(ProfilingHarness.hotFunction) }
        #expect(!hot.isEmpty)
        // Root frames: the container's name, then `comm [pid]`.
        #expect(hot.allSatisfy { $0.hasPrefix("burner;burner [") })

        let json = try await harness.server.get("/api/v1/profiles/\(id)/json")
        let tree = try #require(try JSONSerialization.jsonObject(with: Data(json.body.utf8)) as? [String: Any])
        #expect(tree["name"] as? String == "all" && (tree["value"] as? Int ?? 0) > 0)
        let svg = try await harness.server.request("GET", "/api/v1/profiles/\(id)/svg")
        #expect(svg.status == 200 && svg.headers["content-type"] == "image/svg+xml")
        #expect(svg.body.contains(ProfilingHarness.hotFunction))

        // The page: our own SVG and script, and the profile listed on the pod page.
        let page = try await harness.server.get("/profiles/\(id)")
        #expect(page.body.contains("<svg") && page.body.contains("/assets/flamegraph.js"))
        // Nothing loaded from elsewhere (the SVG namespace URI is a name, not a load).
        #expect(!page.body.contains("src=\"http") && !page.body.contains("href=\"http"))
        let podPage = try await harness.server.get("/nodes/profiled/pods/shop/burner-5c8d7-x1")
        #expect(podPage.body.contains("/profiles/\(id)") && podPage.body.contains("action=\"/profiles\""))
        #expect((try await harness.server.get("/api/v1/profiles/\(String(repeating: "0", count: 32))")).status == 404)
        await harness.stop()
    }

    /// perf's output is capped on the agent (security review M4): `perf script` is stopped at its file size
    /// limit, what it wrote is folded, and the profile says it was cut.
    @Test func perfsOutputIsCappedAndTheProfileSaysSo() async throws {
        let harness = try await ProfilingHarness { $0.maximumScriptBytes = 16 << 10 }
        let (status, body) = try await harness.start(duration: 2)
        #expect(status == 202)
        let profile = try await harness.finished(ProfilingHarness.id(body))
        #expect(profile["state"] as? String == "done", "\(profile)")
        #expect(profile["truncated"] as? Bool == true)
        #expect((profile["samples"] as? Int ?? 0) > 0)
        await harness.stop()
    }

    @Test func oneProfilePerPodAndCancelStopsIt() async throws {
        let harness = try await ProfilingHarness()
        let first = try await harness.start(duration: 60)
        #expect(first.status == 202)
        let second = try await harness.start(duration: 60)
        #expect(second.status == 409 && second.body.contains("already running"))
        let id = ProfilingHarness.id(first.body)
        let cancelled = try await harness.server.request("DELETE", "/api/v1/profiles/\(id)")
        #expect(cancelled.status == 200 && cancelled.body.contains("cancelled"))
        let again = try await harness.start(duration: 1)
        #expect(again.status == 202)  // the cancelled one no longer blocks the pod
        _ = try await harness.finished(ProfilingHarness.id(again.body))
        await harness.stop()
    }

    @Test func perfMissingIsAClearFailure() async throws {
        let harness = try await ProfilingHarness(perfPath: "/nonexistent/perf")
        let (_, body) = try await harness.start(duration: 1)
        let profile = try await harness.finished(ProfilingHarness.id(body))
        #expect(profile["state"] as? String == "failed")
        #expect((profile["reason"] as? String ?? "").contains("perf is not installed on this node"))
        let page = try await harness.server.get("/profiles/\(ProfilingHarness.id(body))")
        #expect(page.body.contains("perf is not installed on this node"))
        await harness.stop()
    }

    @Test func noPermissionIsAClearFailure() async throws {
        // Real perf, run as an unprivileged user (as an agent without CAP_PERFMON would be): the kernel refuses
        // to let it watch root's processes.
        let directory = NSTemporaryDirectory() + "podwatch-perf-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let wrapper = directory + "/perf"
        try "#!/bin/sh\nexec /usr/bin/setpriv --reuid=65534 --regid=65534 --clear-groups /usr/bin/perf \"$@\"\n"
            .write(toFile: wrapper, atomically: true, encoding: .utf8)
        chmod(wrapper, 0o755)
        chmod(directory, 0o777)
        let harness = try await ProfilingHarness(perfPath: wrapper)
        let (_, body) = try await harness.start(duration: 1)
        let profile = try await harness.finished(ProfilingHarness.id(body))
        #expect(profile["state"] as? String == "failed")
        #expect((profile["reason"] as? String ?? "").contains("no permission to profile"), "\(profile)")
        await harness.stop()
    }

    @Test func anAgentWithProfilingDisabledSaysSo() async throws {
        let harness = try await ProfilingHarness(profiling: false)
        let (status, body) = try await harness.start(duration: 1)
        #expect(status == 409 && body.contains("profiling is disabled"))
        let podPage = try await harness.server.get("/nodes/profiled/pods/shop/burner-5c8d7-x1")
        #expect(podPage.body.contains("Profiling is disabled on this node"))
        await harness.stop()
    }
}
