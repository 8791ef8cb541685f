public import Telemetry

/// `/proc/PID/status`: memory sizes, identity and scheduling facts of one process.
///
/// Example lines:
/// ```
/// Uid:	0	0	0	0
/// NSpid:	1234	7
/// Kthread:	0
/// VmRSS:	    4096 kB
/// Threads:	4
/// Seccomp:	2
/// Speculation_Store_Bypass:	thread vulnerable
/// Cpus_allowed_list:	0-1
/// voluntary_ctxt_switches:	150
/// ```
/// Vm* sizes are stored in bytes (the file prints kB = KiB); kernel threads have no Vm* lines, so those
/// are nil. `Kthread` exists from Linux 6.0. Unknown keys are skipped.
extension PIDStatus: KernelFileParsable {
    public static let fileName = "/proc/[pid]/status"

    public init(parsing bytes: KernelBytes) throws(KernelStatsError) {
        self.init()
        self.uid = []
        self.gid = []
        self.nsPID = []
        var sawKey = false
        for (number, line) in Lines(bytes) {
            guard let colon = line.firstIndex(of: ASCII.colon) else {
                if line.trimmed.isEmpty { continue }
                throw KernelStatsError(
                    .malformed,
                    file: Self.fileName,
                    line: number,
                    text: line,
                    detail: "expected `Key:\tvalue`"
                )
            }
            sawKey = true
            let key = line[line.startIndex..<colon]
            let value = line[(colon + 1)...]
            guard let first = key.first else { continue }
            switch first {
            case UInt8(ascii: "V"):
                try self.parseVm(key, value, line, number)
            case UInt8(ascii: "R"):
                if key.equals("RssAnon") {
                    self.rssAnon = try Self.kilobytes(value, line, number)
                } else if key.equals("RssFile") {
                    self.rssFile = try Self.kilobytes(value, line, number)
                } else if key.equals("RssShmem") {
                    self.rssShmem = try Self.kilobytes(value, line, number)
                }
            case UInt8(ascii: "T"):
                if key.equals("Threads") { self.threads = try Self.number(value, line, number) }
            case UInt8(ascii: "v"):
                if key.equals("voluntary_ctxt_switches") {
                    self.voluntaryContextSwitches = try Self.number(value, line, number)
                }
            case UInt8(ascii: "n"):
                if key.equals("nonvoluntary_ctxt_switches") {
                    self.nonvoluntaryContextSwitches = try Self.number(value, line, number)
                }
            case UInt8(ascii: "S"):
                if key.equals("Seccomp") {
                    self.seccomp = try Self.number(value, line, number)
                } else if key.equals("Speculation_Store_Bypass") {
                    self.speculationStoreBypass = value.trimmed.string
                }
            case UInt8(ascii: "C"):
                if key.equals("Cpus_allowed_list") { self.cpusAllowedList = value.trimmed.string }
            case UInt8(ascii: "M"):
                if key.equals("Mems_allowed_list") { self.memsAllowedList = value.trimmed.string }
            case UInt8(ascii: "U"):
                if key.equals("Uid") { self.uid = try Self.list(value, line, number) }
            case UInt8(ascii: "G"):
                if key.equals("Gid") { self.gid = try Self.list(value, line, number) }
            case UInt8(ascii: "N"):
                if key.equals("NSpid") { self.nsPID = try Self.list(value, line, number) }
            case UInt8(ascii: "K"):
                if key.equals("Kthread") { self.kthread = try Self.number(value, line, number) != 0 }
            default:
                continue
            }
        }
        guard sawKey else { throw KernelStatsError(.empty, file: Self.fileName, detail: "no keys") }
    }

    private mutating func parseVm(
        _ key: KernelBytes,
        _ value: KernelBytes,
        _ line: KernelBytes,
        _ number: Int
    ) throws(KernelStatsError) {
        let size = { () throws(KernelStatsError) -> UInt64 in try Self.kilobytes(value, line, number) }
        if key.equals("VmPeak") {
            self.vmPeak = try size()
        } else if key.equals("VmSize") {
            self.vmSize = try size()
        } else if key.equals("VmLck") {
            self.vmLck = try size()
        } else if key.equals("VmPin") {
            self.vmPin = try size()
        } else if key.equals("VmHWM") {
            self.vmHWM = try size()
        } else if key.equals("VmRSS") {
            self.vmRSS = try size()
        } else if key.equals("VmData") {
            self.vmData = try size()
        } else if key.equals("VmStk") {
            self.vmStk = try size()
        } else if key.equals("VmExe") {
            self.vmExe = try size()
        } else if key.equals("VmLib") {
            self.vmLib = try size()
        } else if key.equals("VmSwap") {
            self.vmSwap = try size()
        }
    }

    private static func number(
        _ value: KernelBytes,
        _ line: KernelBytes,
        _ number: Int
    ) throws(KernelStatsError) -> UInt64 {
        guard let parsed = value.trimmed.asUInt64 else {
            throw KernelStatsError(
                .malformed,
                file: Self.fileName,
                line: number,
                text: line,
                detail: "value is not a number"
            )
        }
        return parsed
    }

    private static func kilobytes(
        _ value: KernelBytes,
        _ line: KernelBytes,
        _ number: Int
    ) throws(KernelStatsError) -> UInt64 {
        var fields = Fields(value)
        guard let amount = fields.next()?.asUInt64, let unit = fields.next(), unit.equals("kB"), amount < (1 << 53)
        else {
            throw KernelStatsError(.malformed, file: Self.fileName, line: number, text: line, detail: "expected `N kB`")
        }
        return amount * 1024
    }

    private static func list<T: FixedWidthInteger>(
        _ value: KernelBytes,
        _ line: KernelBytes,
        _ number: Int
    ) throws(KernelStatsError) -> [T] {
        var result: [T] = []
        for field in Fields(value) {
            guard let parsed = field.asUInt64, let converted = T(exactly: parsed) else {
                throw KernelStatsError(
                    .malformed,
                    file: Self.fileName,
                    line: number,
                    text: line,
                    detail: "list entry is not a number"
                )
            }
            result.append(converted)
        }
        return result
    }
}
