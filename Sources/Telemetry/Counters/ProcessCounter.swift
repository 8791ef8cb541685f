/// The process counter table, declared once: each case is one counter, its raw value its slot. The order is part
/// of the wire protocol (docs/wire-protocol.md, "Process updates": the counters that move most often first, so a
/// delta's bitmask stays one or two bytes) — append new counters, never reorder. Reading and writing are
/// exhaustive switches, so a counter without both cannot compile, and the page-scaled bitmask is derived from
/// the cases. Signed values are their two's-complement bit pattern, the one-letter state its UTF-8 bytes.
package enum ProcessCounter: Int, CaseIterable, Sendable {
    case utime, stime, minorFaults, processor, rss, statmResident, vmRSS, voluntaryContextSwitches
    case nonvoluntaryContextSwitches, rchar, wchar, syscr, syscw, readBytes, writeBytes, state
    case numThreads, threads, majorFaults, vsize, statmSize, statmShared, statmData, vmSize
    case vmPeak, vmHWM, rssAnon, rssFile, rssShmem, vmData, vmStk, vmExe
    case vmLib, vmSwap, vmLck, vmPin, cancelledWriteBytes, statmText, statmLib, statmDirty
    case cutime, cstime, priority, nice, delayacctBlkioTicks, guestTime, ppid, pgrp
    case session, rtPriority, policy, seccomp, networkNamespace

    package static let count = Self.allCases.count

    /// Counters in bytes that move by whole pages (the wire sends their differences in pages).
    package static let pageScaled: UInt64 = Self.allCases.reduce(0) { mask, counter in
        counter.isPageScaled ? mask | 1 << UInt64(counter.rawValue) : mask
    }

    private var isPageScaled: Bool {
        switch self {
        case .vmRSS, .vsize, .vmSize, .vmPeak, .vmHWM, .rssAnon, .rssFile, .rssShmem, .vmData, .vmStk, .vmExe,
            .vmLib, .vmSwap, .vmLck, .vmPin:
            true
        default: false
        }
    }

    /// Every part a counter can be written to; the optional ones are written back only where they exist.
    struct Parts {
        var stat: PIDStat
        var status: PIDStatus
        var io: PIDIO
        var statm: PIDStatm
        var networkNamespace: UInt64?
    }

    // swift-format-ignore
    func read(_ f: borrowing ProcessSnapshot.Fields) -> UInt64? {
        switch self {
        case .utime: f.stat.utime
        case .stime: f.stat.stime
        case .minorFaults: f.stat.minorFaults
        case .processor: UInt64(bitPattern: f.stat.processor)
        case .rss: UInt64(bitPattern: f.stat.rss)
        case .statmResident: f.statm?.resident
        case .vmRSS: f.status?.vmRSS
        case .voluntaryContextSwitches: f.status?.voluntaryContextSwitches
        case .nonvoluntaryContextSwitches: f.status?.nonvoluntaryContextSwitches
        case .rchar: f.io?.rchar
        case .wchar: f.io?.wchar
        case .syscr: f.io?.syscr
        case .syscw: f.io?.syscw
        case .readBytes: f.io?.readBytes
        case .writeBytes: f.io?.writeBytes
        case .state: ProcessSnapshot.stateBits(f.stat.state)
        case .numThreads: UInt64(bitPattern: f.stat.numThreads)
        case .threads: f.status?.threads
        case .majorFaults: f.stat.majorFaults
        case .vsize: f.stat.vsize
        case .statmSize: f.statm?.size
        case .statmShared: f.statm?.shared
        case .statmData: f.statm?.data
        case .vmSize: f.status?.vmSize
        case .vmPeak: f.status?.vmPeak
        case .vmHWM: f.status?.vmHWM
        case .rssAnon: f.status?.rssAnon
        case .rssFile: f.status?.rssFile
        case .rssShmem: f.status?.rssShmem
        case .vmData: f.status?.vmData
        case .vmStk: f.status?.vmStk
        case .vmExe: f.status?.vmExe
        case .vmLib: f.status?.vmLib
        case .vmSwap: f.status?.vmSwap
        case .vmLck: f.status?.vmLck
        case .vmPin: f.status?.vmPin
        case .cancelledWriteBytes: f.io?.cancelledWriteBytes
        case .statmText: f.statm?.text
        case .statmLib: f.statm?.lib
        case .statmDirty: f.statm?.dirty
        case .cutime: UInt64(bitPattern: f.stat.cutime)
        case .cstime: UInt64(bitPattern: f.stat.cstime)
        case .priority: UInt64(bitPattern: f.stat.priority)
        case .nice: UInt64(bitPattern: f.stat.nice)
        case .delayacctBlkioTicks: f.stat.delayacctBlkioTicks
        case .guestTime: f.stat.guestTime
        case .ppid: UInt64(bitPattern: Int64(f.stat.ppid))
        case .pgrp: UInt64(bitPattern: Int64(f.stat.pgrp))
        case .session: UInt64(bitPattern: Int64(f.stat.session))
        case .rtPriority: f.stat.rtPriority
        case .policy: f.stat.policy
        case .seccomp: f.status?.seccomp
        case .networkNamespace: f.networkNamespace
        }
    }

    // swift-format-ignore
    func write(_ v: UInt64?, to p: inout Parts) {
        let signed = Int64(bitPattern: v ?? 0)
        let small = Int32(truncatingIfNeeded: signed)
        switch self {
        case .utime: p.stat.utime = v ?? 0
        case .stime: p.stat.stime = v ?? 0
        case .minorFaults: p.stat.minorFaults = v ?? 0
        case .processor: p.stat.processor = signed
        case .rss: p.stat.rss = signed
        case .statmResident: p.statm.resident = v ?? 0
        case .vmRSS: p.status.vmRSS = v
        case .voluntaryContextSwitches: p.status.voluntaryContextSwitches = v
        case .nonvoluntaryContextSwitches: p.status.nonvoluntaryContextSwitches = v
        case .rchar: p.io.rchar = v ?? 0
        case .wchar: p.io.wchar = v ?? 0
        case .syscr: p.io.syscr = v ?? 0
        case .syscw: p.io.syscw = v ?? 0
        case .readBytes: p.io.readBytes = v ?? 0
        case .writeBytes: p.io.writeBytes = v ?? 0
        case .state:
            // Rebuilt only when it moved: a new string per process per delta showed in the profile.
            if let v, v != ProcessSnapshot.stateBits(p.stat.state) { p.stat.state = ProcessSnapshot.state(v) }
        case .numThreads: p.stat.numThreads = signed
        case .threads: p.status.threads = v
        case .majorFaults: p.stat.majorFaults = v ?? 0
        case .vsize: p.stat.vsize = v ?? 0
        case .statmSize: p.statm.size = v ?? 0
        case .statmShared: p.statm.shared = v ?? 0
        case .statmData: p.statm.data = v ?? 0
        case .vmSize: p.status.vmSize = v
        case .vmPeak: p.status.vmPeak = v
        case .vmHWM: p.status.vmHWM = v
        case .rssAnon: p.status.rssAnon = v
        case .rssFile: p.status.rssFile = v
        case .rssShmem: p.status.rssShmem = v
        case .vmData: p.status.vmData = v
        case .vmStk: p.status.vmStk = v
        case .vmExe: p.status.vmExe = v
        case .vmLib: p.status.vmLib = v
        case .vmSwap: p.status.vmSwap = v
        case .vmLck: p.status.vmLck = v
        case .vmPin: p.status.vmPin = v
        case .cancelledWriteBytes: p.io.cancelledWriteBytes = v ?? 0
        case .statmText: p.statm.text = v ?? 0
        case .statmLib: p.statm.lib = v ?? 0
        case .statmDirty: p.statm.dirty = v ?? 0
        case .cutime: p.stat.cutime = signed
        case .cstime: p.stat.cstime = signed
        case .priority: p.stat.priority = signed
        case .nice: p.stat.nice = signed
        case .delayacctBlkioTicks: p.stat.delayacctBlkioTicks = v
        case .guestTime: p.stat.guestTime = v
        case .ppid: p.stat.ppid = small
        case .pgrp: p.stat.pgrp = small
        case .session: p.stat.session = small
        case .rtPriority: p.stat.rtPriority = v ?? 0
        case .policy: p.stat.policy = v ?? 0
        case .seccomp: p.status.seccomp = v
        case .networkNamespace: p.networkNamespace = v
        }
    }
}
