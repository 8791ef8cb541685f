import NodeStore
import Telemetry

/// `/nodes/{node}/processes/{pid}`: every field the agent read, grouped by source file.
enum ProcessView {
    static func page(_ node: NodeState, _ process: ProcessSnapshot, banner: HTML?) -> HTML {
        let key = HTML.segment(node.name)
        return Layout.page(
            title: "\(process.stat.comm) (\(process.pid))",
            breadcrumbs: [("nodes", "/"), (node.name, "/nodes/\(key)"), ("process \(process.pid)", nil)],
            banner: banner,
            body: """
                <h1>\(process.stat.comm) <small>pid \(process.pid)</small></h1>
                \(Layout.live("/nodes/\(key)/processes/\(process.pid)/fragment", Self.fragment(node, process)))
                """
        )
    }

    static func fragment(_ node: NodeState, _ process: ProcessSnapshot) -> HTML {
        let rates = node.rates?.processes.first { $0.pid == process.pid }
        let stat = process.stat
        let container = node.snapshot.containers.first { $0.processes.contains { $0.pid == process.pid } }
        let pod = container.flatMap { container in
            PodSummary.pods(of: node).first { $0.uid == container.identity.podUID }
        }
        let owner: HTML =
            pod.map { "<a href=\"\($0.path(node: node.name))\">\($0.namespace)/\($0.name)</a>" } ?? "host process"
        let namespace = node.snapshot.networkNamespaces.first { $0.inode == process.networkNamespace }
        return """
            <p>Belongs to: \(owner) · CPU \(Format.fixed(rates?.cpuPercent))% of one core (user \(Format.fixed(rates?.userPercent))%, system \(Format.fixed(rates?.systemPercent))%)</p>
            <div class="grid2">
            \(Self.section("/proc/\(process.pid)/stat", [
                ("state", stat.state), ("ppid", "\(stat.ppid)"), ("pgrp", "\(stat.pgrp)"), ("session", "\(stat.session)"),
                ("utime / stime (ticks)", "\(stat.utime) / \(stat.stime)"), ("cutime / cstime (ticks)", "\(stat.cutime) / \(stat.cstime)"),
                ("minor / major faults", "\(stat.minorFaults) / \(stat.majorFaults)"), ("priority / nice", "\(stat.priority) / \(stat.nice)"),
                ("threads", "\(stat.numThreads)"), ("start time (ticks after boot)", "\(stat.starttime)"), ("vsize", Format.bytes(stat.vsize)),
                ("rss (pages)", "\(stat.rss)"), ("processor", "\(stat.processor)"), ("rt priority / policy", "\(stat.rtPriority) / \(stat.policy)"),
                ("block I/O delay (ticks)", Format.count(stat.delayacctBlkioTicks)), ("guest time (ticks)", Format.count(stat.guestTime)),
            ]))
            \(Self.section("/proc/\(process.pid)/status", Self.status(process.status)))
            \(Self.section("/proc/\(process.pid)/io", process.io.map { io in [
                ("rchar / wchar", "\(Format.bytes(io.rchar)) / \(Format.bytes(io.wchar))"), ("syscr / syscw", "\(io.syscr) / \(io.syscw)"),
                ("read_bytes / write_bytes", "\(Format.bytes(io.readBytes)) / \(Format.bytes(io.writeBytes))"),
                ("cancelled_write_bytes", Format.bytes(io.cancelledWriteBytes)),
                ("read / write now", "\(Format.rate(rates?.readBytesPerSecond)) / \(Format.rate(rates?.writeBytesPerSecond))"),
            ] } ?? [("", "not readable (no ptrace access)")]))
            \(Self.section("/proc/\(process.pid)/statm (pages)", process.statm.map { statm in [
                ("size / resident / shared", "\(statm.size) / \(statm.resident) / \(statm.shared)"), ("text / data", "\(statm.text) / \(statm.data)"),
            ] } ?? [("", "not read")]))
            \(Self.section("/proc/\(process.pid)/net/dev", (namespace?.interfaces ?? []).map { ($0.name, "rx \(Format.bytes($0.rxBytes)) (\($0.rxPackets) pkts, \($0.rxErrors) err, \($0.rxDropped) drop) · tx \(Format.bytes($0.txBytes)) (\($0.txPackets) pkts, \($0.txErrors) err, \($0.txDropped) drop)") }))
            \(Self.section("/proc/\(process.pid)/cmdline", Self.commandLine(process.cmdline)))
            \(Self.section("/proc/\(process.pid)/cgroup", process.cgroups.map { ("\($0.hierarchyID):\($0.controllers.joined(separator: ","))", $0.path) }))
            </div>
            """
    }

    static func status(_ status: PIDStatus?) -> [(String, String)] {
        guard let s = status else { return [("", "not read")] }
        return [
            ("VmPeak / VmSize", "\(Format.bytes(s.vmPeak)) / \(Format.bytes(s.vmSize))"),
            ("VmHWM / VmRSS", "\(Format.bytes(s.vmHWM)) / \(Format.bytes(s.vmRSS))"),
            (
                "RssAnon / RssFile / RssShmem",
                "\(Format.bytes(s.rssAnon)) / \(Format.bytes(s.rssFile)) / \(Format.bytes(s.rssShmem))"
            ),
            ("VmLck / VmPin", "\(Format.bytes(s.vmLck)) / \(Format.bytes(s.vmPin))"),
            ("VmData / VmStk", "\(Format.bytes(s.vmData)) / \(Format.bytes(s.vmStk))"),
            ("VmExe / VmLib", "\(Format.bytes(s.vmExe)) / \(Format.bytes(s.vmLib))"),
            ("VmSwap", Format.bytes(s.vmSwap)), ("Threads", Format.count(s.threads)),
            (
                "ctxt switches (main thread) vol / invol",
                "\(Format.count(s.voluntaryContextSwitches)) / \(Format.count(s.nonvoluntaryContextSwitches))"
            ),
            ("Seccomp", Format.count(s.seccomp)), ("Speculation_Store_Bypass", s.speculationStoreBypass ?? "—"),
            ("Cpus_allowed_list", s.cpusAllowedList ?? "—"), ("Mems_allowed_list", s.memsAllowedList ?? "—"),
            (
                "Uid / Gid",
                "\(s.uid.map(String.init).joined(separator: " ")) / \(s.gid.map(String.init).joined(separator: " "))"
            ),
            ("NSpid", s.nsPID.map(String.init).joined(separator: " ")),
            ("Kthread", s.kthread.map { $0 ? "yes" : "no" } ?? "—"),
        ]
    }

    /// The command line, and why a value shows as ••• when one does.
    static func commandLine(_ cmdline: [String]) -> [(String, String)] {
        guard !cmdline.isEmpty else { return [("", "(empty: kernel thread or zombie)")] }
        let line = cmdline.joined(separator: " ")
        guard line.contains(CommandLineRedaction.mask) else { return [("", line)] }
        return [
            ("", line),
            (
                "",
                "Values that look secret show as \(CommandLineRedaction.mask); the server's --show-secrets shows them."
            ),
        ]
    }

    static func section(_ title: String, _ rows: [(String, String)]) -> HTML {
        let items = rows.map { label, value -> HTML in "<dt>\(label)</dt><dd>\(value)</dd>" }
        return "<section><h2><code>\(title)</code></h2><dl class=\"facts\">\(items)</dl></section>"
    }
}
