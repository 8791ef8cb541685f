public import Telemetry

/// Which pod and container a process belongs to, read from its cgroup path.
///
/// Handles the kubelet's cgroupfs and systemd drivers on cgroup v1 and v2:
/// ```
/// /kubepods/burstable/pod9d5aba59-7737-44b5-9bf3-8187d4dc6dc1/3f4e…(64 hex)
/// /kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod9d5aba59_7737_….slice/cri-containerd-3f4e….scope
/// /system.slice/containerd.service/kubepods-burstable-pod9d5aba59_….slice:cri-containerd:3f4e…
/// /kubepods.slice/kubepods-pod<uid>.slice/crio-3f4e….scope          (crio-conmon-… is rejected)
/// /kubepods.slice/…/docker-3f4e….scope                               (cri-dockerd)
/// /../../kubelet.slice/kubelet-kubepods.slice/…                        (cgroup namespace, kind)
/// /kubepods/pod<32 hex>/…                                             (static pod: UID = config hash)
/// ```
/// A process directly in a pod's cgroup has a pod UID and no container ID.
extension ContainerIdentity {
    /// Parses a cgroup path; nil for anything that is not a pod (host services, conmon, the root).
    public init?(cgroupPath: String) {
        // The colon form keeps the pod slice, runtime and ID in one component: split it like a path.
        let components = cgroupPath.split(whereSeparator: { $0 == "/" || $0 == ":" }).filter { $0 != ".." }
        guard let podIndex = components.lastIndex(where: { Self.podUID(in: $0) != nil }),
            let uid = Self.podUID(in: components[podIndex])
        else { return nil }
        let ancestry = components[...podIndex]
        guard ancestry.contains(where: { $0.contains("kubepods") }) else { return nil }
        let qosClass: QOSClass
        if ancestry.contains(where: { $0.contains("besteffort") }) {
            qosClass = .bestEffort
        } else if ancestry.contains(where: { $0.contains("burstable") }) {
            qosClass = .burstable
        } else {
            qosClass = .guaranteed
        }
        let rest = components[(podIndex + 1)...]
        guard let first = rest.first else {
            self.init(podUID: uid, qosClass: qosClass, runtime: .unknown, containerID: nil)
            return
        }
        var name = Substring(first)
        if name.hasSuffix(".scope") { name = name.dropLast(6) }
        // Colon form: `…slice:cri-containerd:<id>` arrives as two components.
        if name == "cri-containerd" || name == "crio" || name == "docker", rest.count >= 2 {
            name = Substring("\(name)-\(rest[rest.index(after: rest.startIndex)])")
        }
        if name.hasPrefix("crio-conmon-") { return nil }
        let prefixes: [(String, ContainerRuntime)] = [
            ("cri-containerd-", .containerd), ("crio-", .crio), ("docker-", .docker),
        ]
        var runtime = ContainerRuntime.unknown
        for (prefix, candidate) in prefixes where name.hasPrefix(prefix) {
            name = name.dropFirst(prefix.count)
            runtime = candidate
            break
        }
        guard Self.isHex(name, count: 64) else { return nil }
        self.init(podUID: uid, qosClass: qosClass, runtime: runtime, containerID: String(name))
    }

    /// The UID in a pod component (`pod<uid>`, `kubepods-burstable-pod<uid>.slice`, `kubelet-kubepods-pod<uid>.slice`).
    static func podUID(in component: Substring) -> String? {
        var name = component
        if name.hasSuffix(".slice") { name = name.dropLast(6) }
        let bytes = Array(name.utf8)
        // The last "pod" that starts the name or follows a dash.
        var start: Int?
        var index = bytes.count - 3
        while index >= 0 {
            if bytes[index] == 0x70, bytes[index + 1] == 0x6F, bytes[index + 2] == 0x64,
                index == 0 || bytes[index - 1] == ASCII.minus
            {
                start = index + 3
                break
            }
            index -= 1
        }
        guard let start else { return nil }
        let candidate = Substring(String(decoding: bytes[start...], as: UTF8.self))
        if Self.isHex(candidate, count: 32) { return candidate.lowercased() }
        let normalized = String(candidate.map { $0 == "_" ? "-" : $0 })
        guard Self.isUUID(normalized) else { return nil }
        return normalized.lowercased()
    }

    static func isHex(_ text: Substring, count: Int) -> Bool {
        text.utf8.count == count && text.utf8.allSatisfy { ASCII.isDigit($0) || ($0 | 0x20) &- 0x61 < 6 }
    }

    static func isUUID(_ text: String) -> Bool {
        let groups = text.split(separator: "-", omittingEmptySubsequences: false)
        let lengths = [8, 4, 4, 4, 12]
        guard groups.count == 5 else { return false }
        return zip(groups, lengths).allSatisfy { Self.isHex($0, count: $1) }
    }
}
