import Foundation
import PodSandbox
import Synchronization
import TLSTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The real `podwatch-agent` binary, started the way a DaemonSet starts it: KUBERNETES_SERVICE_HOST/PORT and
/// the service account under the standard /var/run/secrets path (provided in a private mount namespace with
/// `unshare -m`, a tmpfs on /run), against the fake API server, naming real processes in real cgroups.
@Suite(.enabled(if: getuid() == 0, "needs root for cgroups and unshare -m"))
struct InClusterAgentTests {
    /// The agent built next to this test bundle (`swift build` builds both).
    static var agentPath: String {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? ""
        return URL(fileURLWithPath: executable).deletingLastPathComponent().appendingPathComponent("podwatch-agent")
            .path
    }

    @Test func theAgentInClusterNamesRealProcesses() async throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.agentPath), "build podwatch-agent first")
        let fixture = try ClusterFixture()
        defer { fixture.destroy() }
        let certificates = try TestCertificates()
        defer { certificates.remove() }
        let api = try await FakeAPIServer(certificates: certificates, tokens: ["sa-token"])
        let kubelet = try await FakeKubelet(certificates: certificates, token: "sa-token")
        try fixture.publish(to: api)
        try "sa-token\n".write(toFile: certificates.directory + "/token", atomically: true, encoding: .utf8)
        try "podwatch\n".write(toFile: certificates.directory + "/namespace", atomically: true, encoding: .utf8)
        let port = try #require(URL(string: api.server)?.port)

        let secrets = "/run/secrets/kubernetes.io/serviceaccount"
        let script = """
            set -e
            mount -t tmpfs podwatch-test-run /run
            mkdir -p \(secrets)
            cp \(certificates.directory)/token \(certificates.ca) \(certificates.directory)/namespace \(secrets)/
            exec "$0" run --once --json --node-name \(ClusterFixture.node) --log-level warning --kubelet-timeout 30
            """
        var environment = ProcessInfo.processInfo.environment
        environment["KUBERNETES_SERVICE_HOST"] = "127.0.0.1"
        environment["KUBERNETES_SERVICE_PORT"] = String(port)
        environment["PODWATCH_KUBECONFIG"] = nil
        environment["PODWATCH_KUBELET_ADDRESS"] = kubelet.address
        // Polled, never waited for on a cooperative thread: the fake API server runs in this same process.
        let run = try await ChildRun.run(
            ["/usr/bin/unshare", "-m", "--propagation", "private", "/bin/sh", "-c", script, Self.agentPath],
            environment: environment,
            deadline: .seconds(120)
        )
        let stdout = Data(run.standardOutput)
        let stderr = run.standardError
        await api.stop()
        await kubelet.stop()
        try #require(!run.killed, "the agent did not finish within 120 s: \(stderr)")
        try #require(run.status == 0, "agent failed: \(stderr)")

        let report = try #require(try JSONSerialization.jsonObject(with: stdout) as? [String: Any])
        let snapshot = try #require(report["snapshot"] as? [String: Any])
        let pods = try #require(snapshot["pods"] as? [[String: Any]])
        let checkout = try #require(
            pods.first { $0["uid"] as? String == fixture.checkout.uid },
            "agent said: \(stderr)"
        )
        #expect(checkout["namespace"] as? String == "shop")
        #expect(checkout["name"] as? String == "checkout-7d9f8b6c5d-x2k4q")
        #expect(checkout["ownerKind"] as? String == "Deployment" && checkout["ownerName"] as? String == "checkout")
        #expect(checkout["qosClass"] as? String == "Guaranteed")
        let names = (checkout["containers"] as? [[String: Any]] ?? []).reduce(into: [String: [String: Any]]()) {
            $0[$1["name"] as? String ?? ""] = $1
        }
        #expect(names["web"]?["id"] as? String == fixture.checkout.containers[0].id)
        #expect(names["web"]?["memoryLimitBytes"] as? Int == 256 << 20)
        #expect(names["envoy"]?["cpuLimitMillicores"] as? Int == 250)
        #expect(!pods.contains { $0["name"] as? String == "elsewhere" })

        // The real processes are there, under the containers the API named, and the pause one is the sandbox.
        let containers = try #require(snapshot["containers"] as? [[String: Any]])
        func container(_ id: String) -> [String: Any]? {
            containers.first { ($0["identity"] as? [String: Any])?["containerID"] as? String == id }
        }
        let web = try #require(container(fixture.checkout.containers[0].id))
        let pids = (web["processes"] as? [[String: Any]] ?? []).compactMap {
            ($0["stat"] as? [String: Any])?["pid"] as? Int
        }
        #expect(Set(pids) == Set(fixture.checkout.containers[0].pids.map(Int.init)))
        #expect(container(fixture.checkout.containers[2].id)?["isSandbox"] as? Bool == true)
        let node = try #require(snapshot["nodeInfo"] as? [String: Any])
        #expect(node["kubeletVersion"] as? String == "v1.34.1")
        #expect(node["apiError"] as? String == "")

        // The kubelet, reached with the same service account and CA, as the DaemonSet reaches status.hostIP.
        let status = try #require(node["kubelet"] as? [String: Any], "agent said: \(stderr)")
        #expect(status["healthy"] as? Bool == true && status["syncLoopHealthy"] as? Bool == true)
        #expect((status["errors"] as? [Any])?.isEmpty == true, "\(status["errors"] ?? "")")
        let signals = (status["evictionSignals"] as? [[String: Any]] ?? [])
        let memory = try #require(signals.first { $0["signal"] as? String == "memory.available" })
        #expect(memory["hardThreshold"] as? Int == 100 << 20)
        #expect((memory["available"] as? Int ?? 0) > 0 && (memory["capacity"] as? Int ?? 0) > 0)  // this machine's
        #expect(status["nodeFsCapacityBytes"] as? Int == 104_560_844_800)
        #expect(kubelet.state.withLock { $0.requests }.contains("/configz"))
        // The kubelet runs a static pod the API does not list (no mirror pod in this fake API).
        let differences = status["podDifferences"] as? [[String: Any]] ?? []
        let etcd = try #require(differences.first { $0["name"] as? String == "etcd-node-a" }, "\(differences)")
        #expect(etcd["kubeletPhase"] as? String == "Running" && etcd["apiPhase"] as? String == "")
        #expect(status["kubeletPods"] as? Int == 3)
    }
}
