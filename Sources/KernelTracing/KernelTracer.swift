internal import CPodwatchBPF
import Synchronization
public import Telemetry

/// The BPF programs of bpf/podwatch.bpf.c, loaded signal by signal: a signal this kernel or these privileges do
/// not allow is off with its reason, the others run. ``drain()`` reads and resets the kernel maps; the agent calls
/// it once per pass.
///
/// The signals whose programs run on every context switch or system call (``KernelSignals/sampledSignalNames``)
/// cost a context-switch-heavy workload a quarter of its CPU when traced throughout (README, "Performance"), so
/// with `samplePercent` below 100 they are attached only inside windows the agent opens (``openWindow()``) and
/// ``drain()`` closes, and each drain says how long they were traced.
public final class KernelTracer: Sendable {
    /// The loaded programs; nil when nothing could load. Behind a mutex: libbpf's objects are not thread-safe.
    private let handle: Mutex<Handle?>
    /// Each signal's state, fixed at load.
    public let signals: [KernelSignals.Signal]
    /// The share of each pass the sampled signals are traced, 1...100 (100: throughout, no windows).
    public let samplePercent: Int

    /// Owns the C object; only touched under `handle`'s lock.
    private final class Handle {
        let pointer: OpaquePointer
        /// The sampled signals that loaded (indices into ``KernelSignals/signalNames``).
        var sampled: [Int32] = []
        /// When the open window began; nil when the sampled signals are detached.
        var windowOpened: ContinuousClock.Instant?
        /// Traced time since the last drain, of windows already closed.
        var traced: Duration = .zero

        init(_ pointer: OpaquePointer) { self.pointer = pointer }
        deinit { pw_bpf_close(self.pointer) }
    }

    /// Loads the enabled signals (by ``KernelSignals/signalNames``). `memoryCgroupV1`: key tasks by their v1
    /// memory cgroup, where a v1 or hybrid node's pods live. `samplePercent` (clamped to 1...100): below 100, the
    /// sampled signals are attached at load (so a kernel that refuses them says so now) and detached until the
    /// first ``openWindow()``.
    public init(enabled: Set<String> = Set(KernelSignals.signalNames), memoryCgroupV1: Bool, samplePercent: Int = 100) {
        let percent = min(max(samplePercent, 1), 100)
        var flags = KernelSignals.signalNames.map { enabled.contains($0) ? UInt8(1) : UInt8(0) }
        var error = [CChar](repeating: 0, count: 256)
        let pointer = flags.withUnsafeMutableBufferPointer { flags in
            pw_bpf_open(memoryCgroupV1 ? 1 : 0, flags.baseAddress, &error, error.count)
        }
        let failure = String(decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var signals: [KernelSignals.Signal] = []
        let handle = pointer.map(Handle.init)
        for (index, name) in KernelSignals.signalNames.enumerated() {
            guard let pointer else {
                signals.append(.init(name: name, on: false, reason: enabled.contains(name) ? failure : "turned off"))
                continue
            }
            var reason = [CChar](repeating: 0, count: 192)
            let on = pw_bpf_signal(pointer, Int32(index), &reason, reason.count) == 1
            let text = String(decoding: reason.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let sampled = on && percent < 100 && KernelSignals.sampledSignalNames.contains(name)
            if sampled {
                _ = pw_bpf_attach(pointer, Int32(index), 0)
                handle?.sampled.append(Int32(index))
            }
            signals.append(
                .init(name: name, on: on, reason: on ? "" : text, sampledPercent: sampled ? UInt32(percent) : 0)
            )
        }
        self.signals = signals
        self.samplePercent = percent
        self.handle = Mutex(handle)
    }

    /// The share of each pass the agent traces the sampled signals by default: 4 % (200 ms of a 5 s pass) costs a
    /// context-switch-heavy workload about a twenty-fifth of what tracing them throughout does (README, "Performance").
    public static let defaultSamplePercent = 4

    /// How long the sampled signals are traced in a pass of `interval`; the whole interval at 100 %.
    public func window(of interval: Duration) -> Duration { interval * self.samplePercent / 100 }

    /// Whether any signal runs.
    public var isLoaded: Bool { self.handle.withLock { $0 != nil } }

    /// Whether some signal is traced in windows only.
    public var isSampling: Bool { self.handle.withLock { !($0?.sampled.isEmpty ?? true) } }

    /// Attaches the sampled signals until ``closeWindow()`` or the next ``drain()``. Nil when there is nothing to
    /// sample or the window opened; otherwise the kernel's refusal (the window stays closed, counted as untraced).
    @discardableResult
    public func openWindow() -> String? {
        self.handle.withLock { handle -> String? in
            guard let handle, !handle.sampled.isEmpty, handle.windowOpened == nil else { return nil }
            for signal in handle.sampled {
                let result = pw_bpf_attach(handle.pointer, signal, 1)
                guard result == 0 else {
                    for each in handle.sampled { _ = pw_bpf_attach(handle.pointer, each, 0) }
                    return "cannot attach \(KernelSignals.signalNames[Int(signal)]): errno \(-result)"
                }
            }
            handle.windowOpened = .now
            return nil
        }
    }

    /// Detaches the sampled signals and counts the window's time.
    public func closeWindow() {
        self.handle.withLock { handle in
            guard let handle else { return }
            Self.close(handle)
        }
    }

    private static func close(_ handle: Handle) {
        guard let opened = handle.windowOpened else { return }
        for signal in handle.sampled { _ = pw_bpf_attach(handle.pointer, signal, 0) }
        handle.traced += .now - opened
        handle.windowOpened = nil
    }

    /// Reads and resets every map, and takes the ring buffer's events. With sampled signals, first closes the open
    /// window, so that what is read matches ``RawKernelSignals/sampledNanoseconds``.
    public func drain() -> RawKernelSignals {
        self.handle.withLock { handle in
            guard let handle else { return RawKernelSignals() }
            let sampling = !handle.sampled.isEmpty
            if sampling { Self.close(handle) }
            var raw = MapReader.drain(handle.pointer)
            if sampling {
                raw.sampledNanoseconds = UInt64(max(0, handle.traced.saturatingNanoseconds))
                handle.traced = .zero
            }
            return raw
        }
    }
}
