public import NIOCore

/// The delta decoder's two paths compared: `DeltaPayload`'s field-by-field reading of steady containers must
/// give exactly what SwiftProtobuf's generated decoder gives, on every payload — the payload fuzzer and the
/// tests call this with every input they have.
public enum DeltaPayloadCheck: Sendable {
    /// Whether both paths accept `payload` (a Snapshot frame's inflated payload) or both refuse it, and when
    /// they accept it, decode the same fields.
    public static func pathsAgree(_ payload: ByteBuffer) -> Bool {
        let fast = try? DeltaPayload.decode(payload)
        let generated = try? DeltaPayload.generated(payload)
        guard let fast, let generated else { return fast == nil && generated == nil }
        func rows(_ payload: DeltaPayload) -> [[Int64]] {
            payload.hostRows.map { [Int64(bitPattern: $0.changed)] + $0.differences }
        }
        return fast.message == generated.message && rows(fast) == rows(generated)
            && fast.containers.map(Summary.init) == generated.containers.map(Summary.init)
    }

    /// Everything the delta logic reads from a container entry, comparable.
    private struct Summary: Equatable {
        var previousIndex: Int?
        var isSandbox: Bool
        var cgroupUnchanged: Bool
        var networkNamespace: UInt64?
        var cgroupChanged: UInt64?
        var cgroupDifferences: [Int64]
        var pids: [Int32]
        var changed: [UInt64]
        var differences: [Int64]
        /// What only the generated message carries (identity, cgroup, processes); nil when nothing.
        var remainder: Podwatch_V1_ContainerSnapshot?

        init(_ entry: DeltaContainer) {
            self.previousIndex = entry.previousIndex
            self.isSandbox = entry.isSandbox
            self.cgroupUnchanged = entry.cgroupUnchanged
            self.networkNamespace = entry.networkNamespace
            self.cgroupChanged = entry.cgroupUpdate?.changed
            self.cgroupDifferences = Array(entry.cgroupUpdate?.differences ?? [])
            self.pids = Array(entry.processUpdates.pids)
            self.changed = Array(entry.processUpdates.changed)
            self.differences = Array(entry.processUpdates.differences)
            guard var remainder = entry.message else {
                self.remainder = nil
                return
            }
            remainder.clearPreviousIndex()
            remainder.isSandbox = false
            remainder.cgroupUnchanged = false
            remainder.clearNetworkNamespace()
            remainder.clearCgroupUpdate()
            remainder.clearProcessUpdates()
            self.remainder = remainder == Podwatch_V1_ContainerSnapshot() ? nil : remainder
        }
    }
}
