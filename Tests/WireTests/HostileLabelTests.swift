import Telemetry
import Testing

@testable import Wire

/// Labels and annotations from an agent that does not conform: each hostile shape is refused naming the field,
/// counted before decoding when there are too many; valid ones travel in keyframes and deltas.
@Suite struct HostileLabelTests {
    static func pod(labels: [Label], annotations: [Label] = []) -> PodMetadata {
        var pod = PodMetadata(uid: "uid-1", namespace: "shop", name: "checkout-1", phase: "Running")
        pod.labels = labels
        pod.annotations = annotations
        return pod
    }

    @Test func labelsTravelInKeyframesAndDeltas() throws {
        var first = try HostilePayloadTests.keyframe()
        first.pods = [Self.pod(labels: [Label(key: "app", value: "checkout")])]
        var info = first.nodeInfo ?? NodeInfo()
        info.labels = [Label(key: "topology.kubernetes.io/zone", value: "zone-a")]
        first.nodeInfo = info
        var encoder = SnapshotEncoder()
        var decoder = SnapshotDecoder()
        let decoded = try decoder.snapshot(from: encoder.frame(for: first))
        #expect(decoded.pods[0].labels.value(of: "app") == "checkout")
        #expect(decoded.nodeInfo?.labels.value(of: "topology.kubernetes.io/zone") == "zone-a")
        var second = first
        second.pods[0].labels.append(Label(key: "tier", value: "web"))
        second.pods[0].annotations = [Label(key: "example.com/owner", value: "team payments <oncall>")]
        let next = try decoder.snapshot(from: encoder.frame(for: second))
        #expect(next.pods[0].labels.text == "app=checkout,tier=web")
        #expect(next.pods[0].annotations.value(of: "example.com/owner") == "team payments <oncall>")
    }

    @Test(arguments: [
        [Label(key: "app\u{0}", value: "x")], [Label(key: "app", value: "a b")],
        [Label(key: "app", value: String(repeating: "v", count: 64))],
        [Label(key: "b", value: "1"), Label(key: "a", value: "2")],
        [Label(key: "a", value: "1"), Label(key: "a", value: "2")], [Label(key: "-x", value: "1")],
    ])
    func aLabelThatIsNoLabelIsRefused(labels: [Label]) throws {
        var snapshot = try HostilePayloadTests.keyframe()
        snapshot.pods = [Self.pod(labels: labels)]
        var decoder = SnapshotDecoder()
        var encoder = SnapshotEncoder()
        HostilePayloadTests.expectRefused("pods[0].labels") {
            _ = try decoder.snapshot(from: encoder.frame(for: snapshot))
        }
    }

    @Test func anAnnotationWithANulOrPastTheTextLimitIsRefused() throws {
        for value in ["a\u{0}b", String(repeating: "x", count: 1_025)] {
            var snapshot = try HostilePayloadTests.keyframe()
            snapshot.pods = [Self.pod(labels: [], annotations: [Label(key: "note", value: value)])]
            var decoder = SnapshotDecoder()
            var encoder = SnapshotEncoder()
            HostilePayloadTests.expectRefused("pods[0].annotations") {
                _ = try decoder.snapshot(from: encoder.frame(for: snapshot))
            }
        }
    }

    @Test func tooManyLabelsAreCountedBeforeDecoding() throws {
        var snapshot = try HostilePayloadTests.keyframe()
        snapshot.pods = [Self.pod(labels: (0..<65).map { Label(key: "k\($0)", value: "v") })]
        var decoder = SnapshotDecoder()
        var encoder = SnapshotEncoder()
        HostilePayloadTests.expectRefused("pods.labels") {
            _ = try decoder.snapshot(from: encoder.frame(for: snapshot))
        }
    }

    /// The agent's side: the same hostile labels are dropped, sorted and cut so the server accepts the pod.
    @Test func theAgentConformsWhatTheServerWouldRefuse() throws {
        var snapshot = try HostilePayloadTests.keyframe()
        var labels = (0..<70).map { Label(key: "k\(1000 + $0)", value: "v") }
        labels += [
            Label(key: "app", value: "a b"), Label(key: "k1000", value: "dup"), Label(key: "bad\u{0}", value: ""),
        ]
        snapshot.pods = [Self.pod(labels: labels.reversed())]
        let limits = SnapshotLimits.standard
        limits.conform(&snapshot)
        try limits.check(snapshot)
        #expect(snapshot.pods[0].labels.count == 64)
        #expect(snapshot.pods[0].labels.first?.key == "k1000")
        #expect(snapshot.pods[0].labels.value(of: "app") == nil)
    }
}
