internal import CPodwatchBPF
import Synchronization
public import Telemetry

/// The BPF programs of bpf/podwatch.bpf.c, loaded signal by signal: a signal this kernel or these privileges do
/// not allow is off with its reason, the others run. ``drain()`` reads and resets the kernel maps; the agent calls
/// it once per pass.
public final class KernelTracer: Sendable {
    /// The loaded programs; nil when nothing could load. Behind a mutex: libbpf's objects are not thread-safe.
    private let handle: Mutex<Handle?>
    /// Each signal's state, fixed at load.
    public let signals: [KernelSignals.Signal]

    /// Owns the C object; only touched under `handle`'s lock.
    private final class Handle {
        let pointer: OpaquePointer

        init(_ pointer: OpaquePointer) { self.pointer = pointer }
        deinit { pw_bpf_close(self.pointer) }
    }

    /// Loads the enabled signals (by ``KernelSignals/signalNames``). `memoryCgroupV1`: key tasks by their v1
    /// memory cgroup, where a v1 or hybrid node's pods live.
    public init(enabled: Set<String> = Set(KernelSignals.signalNames), memoryCgroupV1: Bool) {
        var flags = KernelSignals.signalNames.map { enabled.contains($0) ? UInt8(1) : UInt8(0) }
        var error = [CChar](repeating: 0, count: 256)
        let pointer = flags.withUnsafeMutableBufferPointer { flags in
            pw_bpf_open(memoryCgroupV1 ? 1 : 0, flags.baseAddress, &error, error.count)
        }
        let failure = String(decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var signals: [KernelSignals.Signal] = []
        for (index, name) in KernelSignals.signalNames.enumerated() {
            guard let pointer else {
                signals.append(.init(name: name, on: false, reason: enabled.contains(name) ? failure : "turned off"))
                continue
            }
            var reason = [CChar](repeating: 0, count: 192)
            let on = pw_bpf_signal(pointer, Int32(index), &reason, reason.count) == 1
            let text = String(decoding: reason.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            signals.append(.init(name: name, on: on, reason: on ? "" : text))
        }
        self.signals = signals
        self.handle = Mutex(pointer.map(Handle.init))
    }

    /// Whether any signal runs.
    public var isLoaded: Bool { self.handle.withLock { $0 != nil } }

    /// Reads and resets every map, and takes the ring buffer's events.
    public func drain() -> RawKernelSignals {
        self.handle.withLock { handle in
            guard let handle else { return RawKernelSignals() }
            return MapReader.drain(handle.pointer)
        }
    }
}
