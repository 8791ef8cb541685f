/// The agent's side of the limits: before a snapshot leaves, whatever the server would refuse is cut down to
/// fit and listed as a read issue (shown on the node's page), so that one odd process — a 2 MB command line, a
/// name with a control character — never costs the node its data. Nothing is cut silently.
extension SnapshotLimits {
    /// Brings `snapshot` within the limits; the issues it adds say what was cut.
    public func conform(_ snapshot: inout Snapshot) {
        var cut: [String] = []
        self.conformHost(&snapshot.host, &cut)
        if let info = snapshot.nodeInfo, (try? self.check(nodeInfo: info)) == nil {
            snapshot.nodeInfo = self.conformed(info)
            cut.append("node_info")
        }
        if let kernel = snapshot.kernelSignals, (try? self.check(kernelSignals: kernel)) == nil {
            snapshot.kernelSignals = self.conformed(kernel)
            cut.append("kernel_signals")
        }
        if snapshot.pods.count > self.pods {
            cut.append("\(snapshot.pods.count - self.pods) pods")
            snapshot.pods.removeLast(snapshot.pods.count - self.pods)
        }
        for index in snapshot.pods.indices where (try? self.check(pod: snapshot.pods[index], "")) == nil {
            snapshot.pods[index] = self.conformed(snapshot.pods[index])
            cut.append("pod \(Self.printableName(snapshot.pods[index].name))")
        }
        if snapshot.containers.count > self.containers {
            cut.append("\(snapshot.containers.count - self.containers) containers")
            snapshot.containers.removeLast(snapshot.containers.count - self.containers)
        }
        var commandLines = 0
        for index in snapshot.containers.indices {
            commandLines += self.conformProcesses(&snapshot.containers[index].processes)
        }
        commandLines += self.conformProcesses(&snapshot.hostProcesses)
        if commandLines > 0 {
            cut.append("\(commandLines) process fields (command lines over \(self.commandLineBytes) bytes)")
        }
        self.conformProcessCount(&snapshot, &cut)
        if snapshot.networkNamespaces.count > self.networkNamespaces {
            cut.append("\(snapshot.networkNamespaces.count - self.networkNamespaces) network namespaces")
            snapshot.networkNamespaces.removeLast(snapshot.networkNamespaces.count - self.networkNamespaces)
        }
        for index in snapshot.networkNamespaces.indices
        where snapshot.networkNamespaces[index].interfaces.count > self.interfaces {
            snapshot.networkNamespaces[index].interfaces.removeLast(
                snapshot.networkNamespaces[index].interfaces.count - self.interfaces
            )
            cut.append("interfaces of network namespace \(snapshot.networkNamespaces[index].inode)")
        }
        for index in snapshot.errors.indices {
            snapshot.errors[index].file = Self.clip(snapshot.errors[index].file, self.pathBytes)
            snapshot.errors[index].message = Self.clip(snapshot.errors[index].message, self.textBytes)
        }
        guard !cut.isEmpty else { return }
        let summary = CollectionIssue(
            file: "(snapshot limits)",
            message: Self.clip("cut to fit the server's limits: " + cut.joined(separator: ", "), self.textBytes)
        )
        if snapshot.errors.count >= self.issues { snapshot.errors.removeLast(snapshot.errors.count - self.issues + 1) }
        snapshot.errors.append(summary)
    }

    /// Processes past ``processes``: the host's go first (pods are what Podwatch is for), then the last
    /// containers' last processes.
    private func conformProcessCount(_ snapshot: inout Snapshot, _ cut: inout [String]) {
        var total = snapshot.hostProcesses.count
        for container in snapshot.containers { total += container.processes.count }
        guard total > self.processes else { return }
        cut.append("\(total - self.processes) processes")
        var excess = total - self.processes
        let host = min(excess, snapshot.hostProcesses.count)
        snapshot.hostProcesses.removeLast(host)
        excess -= host
        for index in snapshot.containers.indices.reversed() where excess > 0 {
            let drop = min(excess, snapshot.containers[index].processes.count)
            snapshot.containers[index].processes.removeLast(drop)
            excess -= drop
        }
    }

    /// Command lines, comm and status text cut to their limits; returns how many processes were changed.
    private func conformProcesses(_ processes: inout [ProcessSnapshot]) -> Int {
        var changed = 0
        for index in processes.indices where (try? self.check(process: processes[index], "")) == nil {
            var process = processes[index]
            process.cmdline = self.commandLine(process.cmdline)
            process.stat.comm = Self.clip(process.stat.comm, self.nameBytes)
            process.stat.state = Self.clip(process.stat.state, 8)
            process.cgroups = Array(process.cgroups.prefix(self.cgroupMemberships)).map { membership in
                var membership = membership
                membership.path = Self.clip(membership.path, self.pathBytes)
                membership.controllers = membership.controllers.prefix(32).map { Self.name($0, self.nameBytes) }
                return membership
            }
            if var status = process.status {
                status.speculationStoreBypass = status.speculationStoreBypass.map { Self.clip($0, self.textBytes) }
                status.cpusAllowedList = status.cpusAllowedList.map { Self.clip($0, self.textBytes) }
                status.memsAllowedList = status.memsAllowedList.map { Self.clip($0, self.textBytes) }
                status.uid = Array(status.uid.prefix(self.statusIDs))
                status.gid = Array(status.gid.prefix(self.statusIDs))
                status.nsPID = Array(status.nsPID.prefix(self.statusIDs))
                process.status = status
            }
            if (try? self.check(process: process, "")) != nil {
                processes[index] = process
                changed += 1
            }
        }
        // A process that still does not fit (a PID out of range) is not sent at all.
        processes.removeAll { (try? self.check(process: $0, "")) == nil }
        return changed
    }

    /// At most ``arguments`` arguments and ``commandLineBytes`` bytes; a cut argument ends with `…`, and a
    /// list cut short by count ends with an argument `…`.
    func commandLine(_ arguments: [String]) -> [String] {
        var kept: [String] = []
        var bytes = 0
        let marker = "…"
        if arguments.count > self.arguments {
            return self.commandLine(Array(arguments.prefix(self.arguments - 1))) + [marker]
        }
        for argument in arguments {
            let clean = argument.contains("\0") ? argument.replacing("\0", with: " ") : argument
            let room = self.commandLineBytes - bytes
            if clean.utf8.count <= room {
                kept.append(clean)
                bytes += clean.utf8.count
                continue
            }
            if room > marker.utf8.count { kept.append(Self.clip(clean, room - marker.utf8.count) + marker) }
            break
        }
        return kept
    }
}
