import Foundation
import PodSandbox
import Telemetry
import Testing

/// The real agent binary without the privileges eBPF needs (as `nobody`, every capability dropped, the way a
/// DaemonSet without `ebpf.enabled` runs it): it still reports every process from /proc, and every signal is off
/// with the kernel's reason, in the snapshot and once on standard error. With `--no-ebpf` it has no kernel
/// signals at all.
@Suite struct EBPFDegradedTests {
    static func once(_ prefix: [String], _ flags: [String] = []) async throws -> (Snapshot, String) {
        let agent = InClusterPaths.agent
        #expect(FileManager.default.isExecutableFile(atPath: agent), "build podwatch-agent first")
        let run = try await ChildRun.run(
            prefix + [agent, "--once", "--json", "--no-kubernetes"] + flags,
            environment: ProcessInfo.processInfo.environment,
            deadline: .seconds(300)
        )
        #expect(run.status == 0, "\(run.standardError)")
        struct Report: Decodable { var snapshot: Snapshot }
        return (try JSONDecoder().decode(Report.self, from: Data(run.standardOutput)).snapshot, run.standardError)
    }

    @Test func withoutCapabilitiesEverySignalIsOffWithItsReason() async throws {
        let (snapshot, stderr) = try await Self.once([
            "/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all",
            "--bounding-set=-all",
        ])
        let kernel = try #require(snapshot.kernelSignals)
        #expect(kernel.signals.map(\.name) == KernelSignals.signalNames)
        #expect(kernel.signals.allSatisfy { !$0.on && $0.reason.contains("CAP_BPF") }, "\(kernel.signals)")
        #expect(kernel.containers.isEmpty && kernel.exits.isEmpty)
        #expect(!snapshot.hostProcesses.isEmpty)  // /proc alone still works
        #expect(stderr.contains("eBPF signals off"))
    }

    @Test func noEBPFMeansNoKernelSignals() async throws {
        let (snapshot, stderr) = try await Self.once([], ["--no-ebpf"])
        #expect(snapshot.kernelSignals == nil)
        #expect(!stderr.contains("eBPF"))
    }
}
