/// Everything about a process outside its counter table (``ProcessSnapshot/counters``): what it is, not how much
/// it did. It rarely changes, so every packed snapshot of a process shares one shape; only the counters are new
/// per snapshot. Immutable.
package final class ProcessShape: Sendable, Equatable {
    let pid: Int32
    let starttime: UInt64
    let comm: String
    let cmdline: [String]
    let cgroups: [CgroupMembership]
    let hasIO: Bool
    let hasStatm: Bool
    /// The parts of `/proc/PID/status` that are not counters; nil when status was not read.
    let status: StatusShape?

    struct StatusShape: Sendable, Equatable {
        var speculationStoreBypass: String?
        var cpusAllowedList: String?
        var memsAllowedList: String?
        var uid: [UInt32]
        var gid: [UInt32]
        var nsPID: [Int32]
        var kthread: Bool?

        init(_ status: PIDStatus) {
            self.speculationStoreBypass = status.speculationStoreBypass
            self.cpusAllowedList = status.cpusAllowedList
            self.memsAllowedList = status.memsAllowedList
            self.uid = status.uid
            self.gid = status.gid
            self.nsPID = status.nsPID
            self.kthread = status.kthread
        }

        /// A status with these parts and every counter zero (the counters are written after).
        var status: PIDStatus {
            var status = PIDStatus()
            status.speculationStoreBypass = self.speculationStoreBypass
            status.cpusAllowedList = self.cpusAllowedList
            status.memsAllowedList = self.memsAllowedList
            status.uid = self.uid
            status.gid = self.gid
            status.nsPID = self.nsPID
            status.kthread = self.kthread
            return status
        }
    }

    init(_ fields: borrowing ProcessSnapshot.Fields) {
        self.pid = fields.stat.pid
        self.starttime = fields.stat.starttime
        self.comm = fields.stat.comm
        self.cmdline = fields.cmdline
        self.cgroups = fields.cgroups
        self.hasIO = fields.io != nil
        self.hasStatm = fields.statm != nil
        self.status = fields.status.map(StatusShape.init)
    }

    /// The fields of this shape with every counter zero.
    var emptyFields: ProcessSnapshot.Fields {
        var stat = PIDStat()
        stat.pid = self.pid
        stat.starttime = self.starttime
        stat.comm = self.comm
        return ProcessSnapshot.Fields(
            stat: stat,
            status: self.status?.status,
            io: self.hasIO ? PIDIO() : nil,
            statm: self.hasStatm ? PIDStatm() : nil,
            cmdline: self.cmdline,
            cgroups: self.cgroups,
            networkNamespace: nil
        )
    }

    package static func == (lhs: ProcessShape, rhs: ProcessShape) -> Bool {
        lhs === rhs
            || (lhs.pid == rhs.pid && lhs.starttime == rhs.starttime && lhs.comm == rhs.comm
                && lhs.hasIO == rhs.hasIO && lhs.hasStatm == rhs.hasStatm && lhs.cmdline == rhs.cmdline
                && lhs.cgroups == rhs.cgroups && lhs.status == rhs.status)
    }
}
