public import Telemetry

/// `/proc/PID/stat`: one process's scheduler and memory counters.
///
/// Example: `1234 (tmux: server) S 1 1234 1234 0 -1 4194560 1905 0 2 0 87 41 0 0 20 0 1 0 3541 9555968 1024 …`
///
/// `comm` is everything between the first `(` and the **last** `)`, because it may itself contain
/// spaces and parentheses (`(a) (b)`); the fields after it are split on spaces. Units: `utime`, `stime`,
/// `cutime`, `cstime`, `starttime`, `delayacctBlkioTicks` and `guestTime` are USER_HZ ticks (`starttime`
/// since boot); `vsize` is bytes; `rss` is pages.
extension PIDStat: KernelFileParsable {
    public static let fileName = "/proc/[pid]/stat"

    public init(parsing bytes: KernelBytes) throws(KernelStatsError) {
        self.init()
        let file = Self.fileName
        guard !bytes.isEmpty else { throw KernelStatsError(.empty, file: file, detail: "no content") }
        guard let open = bytes.firstIndex(of: ASCII.openParen), let close = bytes.lastIndex(of: ASCII.closeParen),
            open < close
        else {
            throw KernelStatsError(.malformed, file: file, line: 1, text: bytes, detail: "no `(comm)`")
        }
        guard let pid = bytes[bytes.startIndex..<open].trimmed.asInt64, let pid32 = Int32(exactly: pid) else {
            throw KernelStatsError(.malformed, file: file, line: 1, text: bytes, detail: "bad pid")
        }
        self.pid = pid32
        self.comm = bytes[(open + 1)..<close].string
        var fields = Fields(bytes[(close + 1)...].trimmed)
        guard let state = fields.next() else {
            throw KernelStatsError(.truncated, file: file, line: 1, text: bytes, detail: "no state after comm")
        }
        self.state = state.string
        (self.ppid, self.pgrp, self.session) = (0, 0, 0)
        (self.minorFaults, self.majorFaults, self.utime, self.stime) = (0, 0, 0, 0)
        (self.cutime, self.cstime, self.priority, self.nice, self.numThreads) = (0, 0, 0, 0, 0)
        (self.starttime, self.vsize, self.rss, self.processor, self.rtPriority, self.policy) = (0, 0, 0, 0, 0, 0)
        // Field numbers as in proc(5): `state` was field 3. No allocation per field: this runs for
        // every process every cycle.
        var number = 4
        while number <= 43, let field = fields.next() {
            defer { number += 1 }
            guard let value = field.asInt64 ?? field.asUInt64.map({ _ in Int64.max }) else {
                throw KernelStatsError(
                    .malformed,
                    file: file,
                    line: 1,
                    text: field,
                    detail: "field \(number) is not a number"
                )
            }
            let unsigned = value < 0 ? 0 : UInt64(value)
            switch number {
            case 4: self.ppid = Int32(truncatingIfNeeded: value)
            case 5: self.pgrp = Int32(truncatingIfNeeded: value)
            case 6: self.session = Int32(truncatingIfNeeded: value)
            case 10: self.minorFaults = unsigned
            case 12: self.majorFaults = unsigned
            case 14: self.utime = unsigned
            case 15: self.stime = unsigned
            case 16: self.cutime = value
            case 17: self.cstime = value
            case 18: self.priority = value
            case 19: self.nice = value
            case 20: self.numThreads = value
            case 22: self.starttime = unsigned
            case 23: self.vsize = field.asUInt64 ?? unsigned
            case 24: self.rss = value
            case 39: self.processor = value
            case 40: self.rtPriority = unsigned
            case 41: self.policy = unsigned
            case 42: self.delayacctBlkioTicks = unsigned
            case 43: self.guestTime = unsigned
            default: break
            }
        }
        guard number > 41 else {
            throw KernelStatsError(
                .truncated,
                file: file,
                line: 1,
                text: bytes,
                detail: "need at least 41 fields, got \(number - 1)"
            )
        }
    }
}
