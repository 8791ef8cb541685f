/// One container entry of a delta, whichever decoder read it: the fields the delta logic applies, with the
/// counter differences as slices of arrays the whole delta shares (no arrays of its own). `message` holds the
/// generated message when the entry carries more than a steady container does (identity, cgroup, processes).
struct DeltaContainer {
    var previousIndex: Int?
    var isSandbox = false
    var cgroupUnchanged = false
    var networkNamespace: UInt64?
    var cgroupUpdate: CounterRun?
    var processUpdates = ProcessUpdateRun()
    var message: Podwatch_V1_ContainerSnapshot?

    init() {}

    init(_ message: Podwatch_V1_ContainerSnapshot) {
        self.previousIndex = message.hasPreviousIndex ? Int(message.previousIndex) : nil
        self.isSandbox = message.isSandbox
        self.cgroupUnchanged = message.cgroupUnchanged
        self.networkNamespace = message.hasNetworkNamespace ? message.networkNamespace : nil
        self.cgroupUpdate = message.hasCgroupUpdate ? CounterRun(message.cgroupUpdate) : nil
        self.processUpdates = ProcessUpdateRun(message.processUpdates)
        self.message = message
    }
}

/// One `CounterUpdate`: the bitmask of changed counters and their differences.
struct CounterRun {
    var changed: UInt64
    var differences: ArraySlice<Int64>

    init(changed: UInt64, differences: ArraySlice<Int64>) {
        self.changed = changed
        self.differences = differences
    }

    init(_ message: Podwatch_V1_CounterUpdate) {
        self.init(changed: message.changed, differences: message.differences[...])
    }
}

/// One `ProcessUpdates`: PIDs (each the difference from the one before), bitmasks and differences.
struct ProcessUpdateRun {
    var pids: ArraySlice<Int32> = []
    var changed: ArraySlice<UInt64> = []
    var differences: ArraySlice<Int64> = []

    init() {}

    init(pids: ArraySlice<Int32>, changed: ArraySlice<UInt64>, differences: ArraySlice<Int64>) {
        self.pids = pids
        self.changed = changed
        self.differences = differences
    }

    init(_ message: Podwatch_V1_ProcessUpdates) {
        self.init(pids: message.pids[...], changed: message.changed[...], differences: message.differences[...])
    }

    var isEmpty: Bool { self.pids.isEmpty && self.changed.isEmpty }
}
