import KernelStats
import NIOCore
import Simulation
import Telemetry
import Testing
import Wire

/// The simulator's nodes must look like real ones to the server: the promised shape, counters that only
/// grow, pods that come and go, and deltas that rebuild exactly what was encoded.
@Suite struct SyntheticNodeTests {
    @Test func nodeHasTheRequestedPodsWithSandboxesAndNames() {
        let node = SyntheticNode(name: "sim-0001", pods: 100, seed: 1)
        let snapshot = node.snapshot(wallMilliseconds: 1_000)
        #expect(snapshot.pods.count == 100)
        #expect(Set(snapshot.containers.map(\.identity.podUID)).count == 100)
        #expect(snapshot.containers.filter(\.isSandbox).count == 100)
        #expect(snapshot.containers.allSatisfy { ContainerIdentity(cgroupPath: $0.cgroupPath ?? "") == $0.identity })
        #expect(snapshot.allProcesses.count > 300)
        #expect(Set(snapshot.allProcesses.map(\.pid)).count == snapshot.allProcesses.count, "PIDs are unique")
        #expect(snapshot.nodeInfo?.isReady == true)
    }

    @Test func sameSeedSameNodeDifferentSeedDifferentNode() {
        let a = SyntheticNode(name: "n", pods: 10, seed: 5).snapshot(wallMilliseconds: 0)
        let b = SyntheticNode(name: "n", pods: 10, seed: 5).snapshot(wallMilliseconds: 0)
        let c = SyntheticNode(name: "n", pods: 10, seed: 6).snapshot(wallMilliseconds: 0)
        #expect(a == b)
        #expect(a.pods.map(\.uid) != c.pods.map(\.uid))
    }

    @Test func countersOnlyGrowAndRatesArePlausible() throws {
        var node = SyntheticNode(name: "n", pods: 20, seed: 3)
        var previous = node.snapshot(wallMilliseconds: 0)
        var podsSeen = Set(previous.pods.map(\.uid))
        for tick in 1...60 {
            node.advance()
            let current = node.snapshot(wallMilliseconds: Int64(tick) * 5_000)
            #expect(current.host.cpu.total.total > previous.host.cpu.total.total)
            #expect(current.monotonicNanoseconds == previous.monotonicNanoseconds + 5_000_000_000)
            let rates = SnapshotRates(previous: previous, current: current)
            let busy = try #require(rates.node.cpu?.busy)
            #expect(busy > 0 && busy <= 100)
            let before = Dictionary(previous.allProcesses.map { ($0.key, $0.stat.utime) }, uniquingKeysWith: max)
            for process in current.allProcesses {
                if let old = before[process.key] { #expect(process.stat.utime >= old) }
            }
            podsSeen.formUnion(current.pods.map(\.uid))
            previous = current
        }
        #expect(podsSeen.count > 20, "pods were replaced over 5 minutes")
    }

    @Test func deltasRebuildEveryEncodedSnapshot() throws {
        var node = SyntheticNode(name: "n", pods: 30, seed: 9)
        var encoder = SnapshotEncoder()
        var decoder = SnapshotDecoder()
        var steadyBytes: [Int] = []
        for tick in 0..<40 {
            let snapshot = node.snapshot(wallMilliseconds: Int64(tick) * 5_000)
            let frame = encoder.frame(for: snapshot)
            if tick > 0 { steadyBytes.append(frame.payload.readableBytes) }
            var decoded = try decoder.snapshot(from: frame)
            decoded.node = snapshot.node
            // Pod order carries no meaning on the wire (new pods are appended): compare by UID.
            decoded.pods.sort { $0.uid < $1.uid }
            var expected = snapshot
            expected.pods.sort { $0.uid < $1.uid }
            #expect(decoded == expected, "tick \(tick)")
            node.advance()
        }
        let keyframe = encoder.frame(for: node.snapshot(wallMilliseconds: 0))
        #expect(steadyBytes.allSatisfy { $0 < keyframe.payload.readableBytes * 4 })
    }
}
