import KubeClient
import Telemetry
import Testing

/// Eventual consistency made visible: pods one side has and the other lacks, phases that differ, each with the
/// time it was first seen, kept while it lasts and gone once both sides agree.
@Suite struct PodAgreementTests {
    static func api(_ name: String, _ phase: String, namespace: String = "shop", reason: String = "") -> PodMetadata {
        var pod = PodMetadata(uid: "uid-\(name)", namespace: namespace, name: name, phase: phase)
        pod.reason = reason
        return pod
    }

    static func kubelet(_ name: String, _ phase: String, namespace: String = "shop") -> KubeletReadings.Pod {
        KubeletReadings.Pod(namespace: namespace, name: name, phase: phase)
    }

    @Test func eachKindOfDisagreementIsListedWithItsStart() {
        var agreement = PodAgreement()
        let first = agreement.differences(
            api: [
                Self.api("web", "Running"), Self.api("scheduled", "Pending"), Self.api("done", "Running"),
                Self.api("gone", "Running", reason: "Deleted"),
            ],
            kubelet: [
                Self.kubelet("web", "Running"), Self.kubelet("etcd-node-a", "Running", namespace: "kube-system"),
                Self.kubelet("done", "Succeeded"),
            ],
            nowMilliseconds: 1_000
        )
        #expect(
            first == [
                KubeletPodDifference(
                    namespace: "kube-system",
                    name: "etcd-node-a",
                    kubeletPhase: "Running",
                    apiPhase: "",
                    sinceMilliseconds: 1_000
                ),
                KubeletPodDifference(
                    namespace: "shop",
                    name: "done",
                    kubeletPhase: "Succeeded",
                    apiPhase: "Running",
                    sinceMilliseconds: 1_000
                ),
                KubeletPodDifference(
                    namespace: "shop",
                    name: "scheduled",
                    kubeletPhase: "",
                    apiPhase: "Pending",
                    sinceMilliseconds: 1_000
                ),
            ]
        )
        // Later: the mirror pod appears and the phase catches up; the pending one is still not admitted.
        let later = agreement.differences(
            api: [
                Self.api("web", "Running"), Self.api("scheduled", "Pending"), Self.api("done", "Succeeded"),
                Self.api("etcd-node-a", "Running", namespace: "kube-system"),
            ],
            kubelet: [
                Self.kubelet("web", "Running"), Self.kubelet("etcd-node-a", "Running", namespace: "kube-system"),
                Self.kubelet("done", "Succeeded"),
            ],
            nowMilliseconds: 31_000
        )
        #expect(later.map(\.name) == ["scheduled"] && later[0].sinceMilliseconds == 1_000)
        // Once admitted, it agrees; a new difference later starts afresh.
        #expect(
            agreement.differences(
                api: [Self.api("scheduled", "Pending")],
                kubelet: [Self.kubelet("scheduled", "")],
                nowMilliseconds: 41_000
            ).isEmpty
        )
        let again = agreement.differences(
            api: [],
            kubelet: [Self.kubelet("scheduled", "Running")],
            nowMilliseconds: 50_000
        )
        #expect(again.first?.sinceMilliseconds == 50_000)
    }
}
