extension SnapshotLimits {
    /// One process: its PID, names, command line, cgroup lines and status lists (counters may hold any value).
    public func check(process: ProcessSnapshot, _ field: @autoclosure () -> String) throws(LimitViolation) {
        let pid = process.pid
        try self.range(pid, self.pids, "\(field())[pid \(pid)].pid")
        try self.text(process.stat.comm, atMost: self.nameBytes, "\(field())[pid \(pid)].comm")
        try self.text(process.stat.state, atMost: 8, "\(field())[pid \(pid)].state")
        try self.count(process.cmdline.count, atMost: self.arguments, "\(field())[pid \(pid)].cmdline")
        var bytes = 0
        for argument in process.cmdline {
            bytes += argument.utf8.count
            guard bytes <= self.commandLineBytes else {
                throw LimitViolation(
                    field: "\(field())[pid \(pid)].cmdline",
                    value: "\(bytes)+ bytes",
                    limit: "at most \(self.commandLineBytes) bytes"
                )
            }
            try self.text(argument, atMost: self.commandLineBytes, "\(field())[pid \(pid)].cmdline")
        }
        try self.count(process.cgroups.count, atMost: self.cgroupMemberships, "\(field())[pid \(pid)].cgroups")
        for membership in process.cgroups {
            try self.text(membership.path, atMost: self.pathBytes, "\(field())[pid \(pid)].cgroups path")
            try self.count(membership.controllers.count, atMost: 32, "\(field())[pid \(pid)].cgroups controllers")
            for controller in membership.controllers {
                try self.name(controller, "\(field())[pid \(pid)].cgroups controller")
            }
        }
        guard let status = process.status else { return }
        try self.text(status.speculationStoreBypass, "\(field())[pid \(pid)].status.speculation_store_bypass")
        try self.text(status.cpusAllowedList, "\(field())[pid \(pid)].status.cpus_allowed_list")
        try self.text(status.memsAllowedList, "\(field())[pid \(pid)].status.mems_allowed_list")
        try self.count(status.uid.count, atMost: self.statusIDs, "\(field())[pid \(pid)].status.uid")
        try self.count(status.gid.count, atMost: self.statusIDs, "\(field())[pid \(pid)].status.gid")
        try self.count(status.nsPID.count, atMost: self.statusIDs, "\(field())[pid \(pid)].status.ns_pid")
    }
}
