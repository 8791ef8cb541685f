public import Telemetry

/// Where the kubelet's pods (`/pods`) and the API server's list for this node disagree, and since when: a pod
/// the kubelet runs that the API does not list (yet, or any more), one the API lists that the kubelet does not
/// run (not yet admitted), or the same pod in different phases. Pods are matched by namespace and name, not
/// UID: a static pod's mirror in the API carries a UID of its own. Held by the sampler across passes, so that a
/// difference keeps the time it was first seen until the two sides agree again.
public struct PodAgreement: Sendable {
    /// namespace/name → (kubelet phase, API phase, first seen)
    private var open: [String: (kubelet: String, api: String, since: Int64)] = [:]

    public init() {}

    /// The differences now. `api` are the pods the API lists for this node (deleted ones left out);
    /// `kubelet` what the kubelet runs. A difference that changes shape (a phase moves on) keeps its start.
    public mutating func differences(
        api: [PodMetadata],
        kubelet: [KubeletReadings.Pod],
        nowMilliseconds: Int64
    ) -> [KubeletPodDifference] {
        var apiPhases: [String: String] = [:]
        for pod in api where pod.reason != "Deleted" { apiPhases["\(pod.namespace)/\(pod.name)"] = pod.phase }
        var kubeletPhases: [String: String] = [:]
        for pod in kubelet { kubeletPhases["\(pod.namespace)/\(pod.name)"] = pod.phase }
        var next: [String: (kubelet: String, api: String, since: Int64)] = [:]
        for key in Set(apiPhases.keys).union(kubeletPhases.keys) {
            // A side that has the pod but reports no phase yet counts as "Pending", as the API defaults it.
            let onKubelet = kubeletPhases[key].map { $0.isEmpty ? "Pending" : $0 } ?? ""
            let onAPI = apiPhases[key].map { $0.isEmpty ? "Pending" : $0 } ?? ""
            guard onKubelet != onAPI else { continue }
            next[key] = (onKubelet, onAPI, self.open[key]?.since ?? nowMilliseconds)
        }
        self.open = next
        return next.sorted { $0.key < $1.key }.map { key, value in
            let parts = key.split(separator: "/", maxSplits: 1).map(String.init)
            return KubeletPodDifference(
                namespace: parts.first ?? "",
                name: parts.count > 1 ? parts[1] : "",
                kubeletPhase: value.kubelet,
                apiPhase: value.api,
                sinceMilliseconds: value.since
            )
        }
    }
}
