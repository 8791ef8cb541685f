import Foundation
public import Telemetry

/// What the API says about one pod, joined onto cgroup identities by pod UID and container ID.
public struct PodIdentity: Sendable, Hashable {
    /// The UID in the pod's cgroup path: the API UID, or for a static pod the `kubernetes.io/config.hash`
    /// annotation (the kubelet names a static pod's cgroup after its config hash, not its mirror pod's UID).
    public var cgroupUID: String
    public var apiUID: String
    public var namespace: String
    public var name: String
    public var phase: String
    /// Pod-level reason (`Evicted`, …).
    public var reason: String?
    public var qosClass: String?
    public var owner: Workload?
    public var ready: Bool
    public var isStatic: Bool
    public var containers: [Container]
    /// Valid labels, sorted (an invalid one cannot come from a real API server; a hostile answer's are dropped).
    public var labels: [Label] = []
    /// The annotations asked for (`--pod-annotation`), sorted; values are kept as printable text.
    public var annotations: [Label] = []

    public struct Workload: Sendable, Hashable {
        /// `Deployment` (resolved through its ReplicaSet), `StatefulSet`, `DaemonSet`, `Job`, `CronJob`
        /// (resolved through its Job), `ReplicaSet`, `Node` (static pods), or another owner's kind.
        public var kind: String
        public var name: String

        public init(kind: String, name: String) {
            self.kind = kind
            self.name = name
        }
    }

    public struct Container: Sendable, Hashable {
        public var name: String
        /// The runtime's ID without its scheme (`containerd://…` → `…`): what the cgroup path carries.
        public var id: String?
        public var image: String?
        public var isInit: Bool
        public var ready: Bool
        public var restartCount: Int
        /// `running`, `waiting` or `terminated`.
        public var state: String?
        /// `CrashLoopBackOff`, `ImagePullBackOff`, `OOMKilled`, `Completed`, …
        public var reason: String?
        /// Why the previous instance ended (`OOMKilled` after a restart).
        public var lastTerminationReason: String?
        public var cpuRequestMillicores: Int64?
        public var cpuLimitMillicores: Int64?
        public var memoryRequestBytes: Int64?
        public var memoryLimitBytes: Int64?
        public var ephemeralStorageRequestBytes: Int64? = nil
        public var ephemeralStorageLimitBytes: Int64? = nil
    }

    /// Joins a Pod object into an identity, carrying the annotations named in `annotationKeys`.
    public init(_ pod: KubePod, annotationKeys: Set<String> = []) {
        let metadata = pod.metadata
        let annotations = metadata.annotations ?? [:]
        let limits = SnapshotLimits()
        self.labels = limits.conformed(labels: Label.list(metadata.labels ?? [:]))
        self.annotations = limits.conformed(
            labels: Label.list(annotations.filter { annotationKeys.contains($0.key) }),
            annotations: true
        )
        let hash = annotations["kubernetes.io/config.hash"]
        self.apiUID = metadata.uid ?? ""
        self.cgroupUID = hash ?? self.apiUID
        self.isStatic = hash != nil && annotations["kubernetes.io/config.mirror"] != nil
        self.namespace = metadata.namespace ?? ""
        self.name = metadata.name ?? ""
        self.phase = pod.status?.phase ?? ""
        self.reason = pod.status?.reason
        self.qosClass = pod.status?.qosClass
        self.owner = Self.workload(metadata)
        self.ready = pod.status?.conditions?.first { $0.type == "Ready" }?.status == "True"
        let statuses =
            (pod.status?.containerStatuses ?? []).map { ($0, false) }
            + (pod.status?.initContainerStatuses ?? []).map { ($0, true) }
        let specs = (pod.spec?.containers ?? []) + (pod.spec?.initContainers ?? [])
        var containers: [Container] = []
        for (spec, isInit) in (pod.spec?.containers ?? []).map({ ($0, false) })
            + (pod.spec?.initContainers ?? []).map({ ($0, true) })
        {
            let status = statuses.first { $0.0.name == spec.name }?.0
            containers.append(Self.container(spec, status, isInit: isInit))
        }
        // Statuses for containers the spec does not list (should not happen; keep them rather than lose them).
        for (status, isInit) in statuses where !specs.contains(where: { $0.name == status.name }) {
            containers.append(Self.container(KubePod.Container(name: status.name), status, isInit: isInit))
        }
        self.containers = containers
    }

    static func container(_ spec: KubePod.Container, _ status: KubePod.ContainerStatus?, isInit: Bool) -> Container {
        let state = status?.state
        let requests = spec.resources?.requests ?? [:]
        let limits = spec.resources?.limits ?? [:]
        return Container(
            name: spec.name,
            id: status?.containerID.flatMap(Self.stripScheme),
            image: spec.image ?? status?.image,
            isInit: isInit,
            ready: status?.ready ?? false,
            restartCount: status?.restartCount ?? 0,
            state: state?.running != nil
                ? "running" : state?.waiting != nil ? "waiting" : state?.terminated != nil ? "terminated" : nil,
            reason: state?.waiting?.reason ?? state?.terminated?.reason,
            lastTerminationReason: status?.lastState?.terminated?.reason,
            cpuRequestMillicores: requests["cpu"].flatMap(Quantity.millicores),
            cpuLimitMillicores: limits["cpu"].flatMap(Quantity.millicores),
            memoryRequestBytes: requests["memory"].flatMap(Quantity.bytes),
            memoryLimitBytes: limits["memory"].flatMap(Quantity.bytes),
            ephemeralStorageRequestBytes: requests["ephemeral-storage"].flatMap(Quantity.bytes),
            ephemeralStorageLimitBytes: limits["ephemeral-storage"].flatMap(Quantity.bytes)
        )
    }

    /// `containerd://abc` → `abc`.
    static func stripScheme(_ id: String) -> String? {
        guard let range = id.range(of: "://") else { return id.isEmpty ? nil : id }
        let rest = String(id[range.upperBound...])
        return rest.isEmpty ? nil : rest
    }

    /// The workload that owns the pod, through the names Kubernetes gives (only pods and nodes are readable
    /// with Podwatch's RBAC, so a ReplicaSet is resolved by its `pod-template-hash` suffix, a CronJob's Job by
    /// its scheduled-time suffix).
    static func workload(_ metadata: KubePod.ObjectMeta) -> Workload? {
        let owners = metadata.ownerReferences ?? []
        guard let owner = owners.first(where: { $0.controller == true }) ?? owners.first else { return nil }
        switch owner.kind {
        case "ReplicaSet":
            if let hash = metadata.labels?["pod-template-hash"], owner.name.hasSuffix("-" + hash) {
                return Workload(kind: "Deployment", name: String(owner.name.dropLast(hash.count + 1)))
            }
        case "Job":
            if let dash = owner.name.lastIndex(of: "-") {
                let suffix = owner.name[owner.name.index(after: dash)...]
                if suffix.count >= 8 && suffix.allSatisfy(\.isNumber) {
                    return Workload(kind: "CronJob", name: String(owner.name[..<dash]))
                }
            }
        default:
            break
        }
        return Workload(kind: owner.kind, name: owner.name)
    }

    /// What the snapshot carries for this pod (docs/metrics.md "Pod metadata").
    public var metadata: PodMetadata {
        var metadata = PodMetadata(
            uid: self.cgroupUID,
            namespace: self.namespace,
            name: self.name,
            phase: self.phase,
            containers: self.containers.compactMap { container in
                guard let id = container.id else { return nil }
                var name = ContainerName(id: id, name: container.name)
                name.image = container.image ?? ""
                name.restartCount = UInt32(clamping: container.restartCount)
                name.state = container.state ?? ""
                name.reason = container.reason ?? ""
                name.lastTerminationReason = container.lastTerminationReason ?? ""
                name.ready = container.ready
                name.isInit = container.isInit
                name.cpuRequestMillicores = container.cpuRequestMillicores
                name.cpuLimitMillicores = container.cpuLimitMillicores
                name.memoryRequestBytes = container.memoryRequestBytes
                name.memoryLimitBytes = container.memoryLimitBytes
                name.ephemeralStorageRequestBytes = container.ephemeralStorageRequestBytes
                name.ephemeralStorageLimitBytes = container.ephemeralStorageLimitBytes
                return name
            }
        )
        metadata.ownerKind = self.owner?.kind ?? ""
        metadata.ownerName = self.owner?.name ?? ""
        metadata.qosClass = self.qosClass ?? ""
        metadata.reason = self.reason ?? ""
        metadata.ready = self.ready
        metadata.isStatic = self.isStatic
        metadata.labels = self.labels
        metadata.annotations = self.annotations
        return metadata
    }
}
