import KernelStats
import Telemetry

/// Numbers the containers seen on the node and shares identical per-process facts.
///
/// - Each container identity gets a small integer once, when its first process is tracked, so that
///   grouping ~1,000 processes per pass compares integers instead of hashing pod UIDs and container IDs.
/// - Processes of one container (and most host processes) have identical `/proc/PID/cgroup` contents:
///   they are parsed once and shared, which keeps the agent's memory flat.
final class ContainerSlots {
    private var slots: [ContainerIdentity: Int] = [:]
    private(set) var identities: [Int: ContainerIdentity] = [:]
    private var nextSlot = 0
    private var parsed: [[UInt8]: Shared] = [:]

    /// What every process with the same `/proc/PID/cgroup` content shares.
    struct Shared {
        var cgroup: PIDCgroup
        var identity: ContainerIdentity?
    }

    func slot(for identity: ContainerIdentity) -> Int {
        if let slot = self.slots[identity] { return slot }
        let slot = self.nextSlot
        self.nextSlot += 1
        self.slots[identity] = slot
        self.identities[slot] = identity
        return slot
    }

    /// Parses a `/proc/PID/cgroup` file and the container identity of its path, once per distinct content: the
    /// processes of one container share the result (and its strings) instead of holding a copy each.
    func cgroup(_ bytes: ArraySlice<UInt8>) -> Shared? {
        let key = Array(bytes)
        if let shared = self.parsed[key] { return shared }
        guard let cgroup = try? PIDCgroup(parsing: bytes) else { return nil }
        let shared = Shared(cgroup: cgroup, identity: cgroup.identityPath.flatMap { ContainerIdentity(cgroupPath: $0) })
        self.parsed[key] = shared
        return shared
    }

    /// Forgets containers no live process refers to, and shared cgroup lists once most are stale.
    func retain(_ live: [TrackedProcess]) {
        let liveSlots = Set(live.compactMap(\.containerSlot))
        for (slot, identity) in self.identities where !liveSlots.contains(slot) {
            self.identities[slot] = nil
            self.slots[identity] = nil
        }
        // Distinct cgroup contents are few (one per container plus a handful of host ones): forget them all
        // when that stops being true; live processes keep their own references.
        if self.parsed.count > self.identities.count + 256 { self.parsed = [:] }
    }
}

@available(*, unavailable, message: "owned by one collection pass")
extension ContainerSlots: Sendable {}
