/// Ingest's checks: a whole snapshot (a keyframe), or the parts a delta sends (the delta decoder calls the
/// part checks on what is new, so a steady delta costs what it carries, not the node's size).
extension SnapshotLimits {
    /// Every field of a complete snapshot, its counts, and PIDs unique across the node.
    public func check(_ snapshot: Snapshot) throws(LimitViolation) {
        try self.checkHeader(snapshot)
        try self.check(host: snapshot.host)
        if let info = snapshot.nodeInfo { try self.check(nodeInfo: info) }
        if let kernel = snapshot.kernelSignals { try self.check(kernelSignals: kernel) }
        try self.checkTotals(snapshot)
        for (index, pod) in snapshot.pods.enumerated() { try self.check(pod: pod, "pods[\(index)]") }
        for (index, issue) in snapshot.errors.enumerated() { try self.check(issue: issue, "errors[\(index)]") }
        for (index, namespace) in snapshot.networkNamespaces.enumerated() {
            try self.check(namespace: namespace, "network_namespaces[\(index)]")
        }
        var pids = Set<Int32>(minimumCapacity: snapshot.hostProcesses.count)
        for (index, container) in snapshot.containers.enumerated() {
            try self.check(container: container, "containers[\(index)]")
            for process in container.processes {
                try self.check(process: process, "containers[\(index)].processes")
                guard pids.insert(process.pid).inserted else {
                    throw LimitViolation(
                        field: "containers[\(index)].processes",
                        value: "pid \(process.pid)",
                        limit: "each PID once"
                    )
                }
            }
        }
        for process in snapshot.hostProcesses {
            try self.check(process: process, "host_processes")
            guard pids.insert(process.pid).inserted else {
                throw LimitViolation(field: "host_processes", value: "pid \(process.pid)", limit: "each PID once")
            }
        }
    }

    /// The snapshot's own values: clock ticks, page size, wall time.
    public func checkHeader(_ snapshot: Snapshot) throws(LimitViolation) {
        try self.range(snapshot.clockTicksPerSecond, self.clockTicksPerSecond, "clock_ticks_per_second")
        try self.range(snapshot.pageSize, self.pageSizes, "page_size")
        guard snapshot.pageSize.nonzeroBitCount == 1 else {
            throw LimitViolation(field: "page_size", value: "\(snapshot.pageSize)", limit: "a power of two")
        }
        try self.range(snapshot.wallTimeMilliseconds, self.wallTimeMilliseconds, "wall_time_milliseconds")
    }

    /// How many of each the snapshot holds (O(containers): process lists are counted, not walked).
    public func checkTotals(_ snapshot: Snapshot) throws(LimitViolation) {
        try self.count(snapshot.containers.count, atMost: self.containers, "containers")
        try self.count(snapshot.pods.count, atMost: self.pods, "pods")
        try self.count(snapshot.errors.count, atMost: self.issues, "errors")
        try self.count(snapshot.networkNamespaces.count, atMost: self.networkNamespaces, "network_namespaces")
        var processes = snapshot.hostProcesses.count
        for container in snapshot.containers { processes += container.processes.count }
        try self.count(processes, atMost: self.processes, "processes (containers and host)")
    }

    /// The node's counters: CPU lines, kernel key maps, load, interfaces, disks, pressure.
    public func check(host: NodeStats) throws(LimitViolation) {
        try self.count(host.cpu.perCPU.count, atMost: self.cpus, "host.cpu.per_cpu")
        for cpu in host.cpu.perCPU.keys { try self.range(cpu, 0...(self.cpus - 1), "host.cpu.per_cpu number") }
        try self.count(host.memory.values.count, atMost: self.kernelKeys, "host.memory")
        for key in host.memory.values.keys { try self.name(key, "host.memory key") }
        if let vmstat = host.vmstat {
            try self.count(vmstat.values.count, atMost: self.kernelKeys, "host.vmstat")
            for key in vmstat.values.keys { try self.name(key, "host.vmstat key") }
        }
        try self.check(derived: host)
        try self.count(host.network.count, atMost: self.interfaces, "host.network")
        for (index, interface) in host.network.enumerated() {
            try self.name(interface.name, "host.network[\(index)].name")
        }
        try self.text(host.networkSource, atMost: self.pathBytes, "host.network_source")
        try self.count(host.disks.count, atMost: self.disks, "host.disks")
        for (index, disk) in host.disks.enumerated() { try self.name(disk.name, "host.disks[\(index)].name") }
    }

    /// What a delta derives from the previous node and its rows: merged key counts, load, pressure.
    public func check(derived host: NodeStats) throws(LimitViolation) {
        try self.count(host.memory.values.count, atMost: self.kernelKeys, "host.memory")
        try self.count(host.vmstat?.values.count ?? 0, atMost: self.kernelKeys, "host.vmstat")
        if let load = host.load {
            try self.finite(load.load1, self.loadAverages, "host.load.load1")
            try self.finite(load.load5, self.loadAverages, "host.load.load5")
            try self.finite(load.load15, self.loadAverages, "host.load.load15")
        }
        try self.check(pressure: host.cpuPressure, "host.cpu_pressure")
        try self.check(pressure: host.memoryPressure, "host.memory_pressure")
        try self.check(pressure: host.ioPressure, "host.io_pressure")
    }

    public func check(nodeInfo info: NodeInfo) throws(LimitViolation) {
        try self.count(info.conditions.count, atMost: self.conditions, "node_info.conditions")
        try self.check(labels: info.labels, "node_info.labels")
        for (index, condition) in info.conditions.enumerated() {
            try self.name(condition.type, "node_info.conditions[\(index)].type")
            try self.name(condition.status, "node_info.conditions[\(index)].status")
            try self.text(condition.reason, "node_info.conditions[\(index)].reason")
            try self.text(condition.message, "node_info.conditions[\(index)].message")
        }
        for (value, field) in [
            (info.cpuCapacityMillicores, "cpu_capacity"), (info.memoryCapacityBytes, "memory_capacity"),
            (info.podsCapacity, "pods_capacity"), (info.cpuAllocatableMillicores, "cpu_allocatable"),
            (info.memoryAllocatableBytes, "memory_allocatable"), (info.podsAllocatable, "pods_allocatable"),
        ] {
            if let value { try self.range(value, self.quantities, "node_info.\(field)") }
        }
        try self.text(info.kubeletVersion, "node_info.kubelet_version")
        try self.text(info.containerRuntimeVersion, "node_info.container_runtime_version")
        try self.text(info.apiError, "node_info.api_error")
        if let kubelet = info.kubelet { try self.check(kubelet: kubelet) }
    }

    public func check(kubelet: KubeletStatus) throws(LimitViolation) {
        try self.text(kubelet.endpoint, "node_info.kubelet.endpoint")
        if let latency = kubelet.healthLatencyMicros {
            try self.range(latency, 0...3_600_000_000, "node_info.kubelet.health_latency_micros")
        }
        try self.count(kubelet.evictionSignals.count, atMost: self.kubeletEntries, "node_info.kubelet.eviction_signals")
        for (index, signal) in kubelet.evictionSignals.enumerated() {
            let field = "node_info.kubelet.eviction_signals[\(index)]"
            try self.name(signal.signal, "\(field).signal")
            try self.name(signal.hard, "\(field).hard")
            try self.name(signal.soft, "\(field).soft")
        }
        try self.count(kubelet.reserved.count, atMost: self.kubeletEntries, "node_info.kubelet.reserved")
        for (index, entry) in kubelet.reserved.enumerated() {
            try self.name(entry, "node_info.kubelet.reserved[\(index)]")
        }
        if let pods = kubelet.kubeletPods {
            try self.range(pods, 0...Int64(self.pods * 64), "node_info.kubelet.kubelet_pods")
        }
        try self.count(kubelet.podDifferences.count, atMost: self.pods, "node_info.kubelet.pod_differences")
        for (index, difference) in kubelet.podDifferences.enumerated() {
            let field = "node_info.kubelet.pod_differences[\(index)]"
            try self.name(difference.namespace, "\(field).namespace")
            try self.name(difference.name, "\(field).name")
            try self.name(difference.kubeletPhase, "\(field).kubelet_phase")
            try self.name(difference.apiPhase, "\(field).api_phase")
            try self.range(difference.sinceMilliseconds, self.wallTimeMilliseconds, "\(field).since_milliseconds")
        }
        try self.count(kubelet.probes.count, atMost: self.containers * 3, "node_info.kubelet.probes")
        for (index, probe) in kubelet.probes.enumerated() {
            let field = "node_info.kubelet.probes[\(index)]"
            for (text, name) in [
                (probe.namespace, "namespace"), (probe.pod, "pod"), (probe.container, "container"),
                (probe.probeType, "probe_type"),
            ] {
                try self.name(text, "\(field).\(name)")
            }
            if let last = probe.lastFailureMilliseconds {
                try self.range(last, self.wallTimeMilliseconds, "\(field).last_failure_milliseconds")
            }
        }
        for (value, field) in [
            (kubelet.podStartSecondsAverage, "pod_start_seconds_average"),
            (kubelet.plegRelistSecondsAverage, "pleg_relist_seconds_average"),
        ] {
            if let value { try self.finite(value, 0...86_400, "node_info.kubelet.\(field)") }
        }
        try self.count(
            kubelet.runtimeOperationErrors.count,
            atMost: self.kubeletEntries,
            "node_info.kubelet.runtime_operation_errors"
        )
        for (index, errors) in kubelet.runtimeOperationErrors.enumerated() {
            try self.name(errors.operation, "node_info.kubelet.runtime_operation_errors[\(index)].operation")
        }
        if let cores = kubelet.machineCores { try self.range(cores, 0...1_048_576, "node_info.kubelet.machine_cores") }
        try self.text(kubelet.machineSource, "node_info.kubelet.machine_source")
        try self.count(kubelet.podStats.count, atMost: self.pods, "node_info.kubelet.pod_stats")
        for (index, pod) in kubelet.podStats.enumerated() {
            let field = "node_info.kubelet.pod_stats[\(index)]"
            try self.name(pod.namespace, "\(field).namespace")
            try self.name(pod.name, "\(field).name")
            try self.name(pod.uid, "\(field).uid")
            try self.count(pod.containers.count, atMost: self.containersPerPod, "\(field).containers")
            for (value, name) in [
                (pod.cadvisorNetworkReceiveBytesPerSecond, "cadvisor_network_receive_bytes_per_second"),
                (pod.cadvisorNetworkTransmitBytesPerSecond, "cadvisor_network_transmit_bytes_per_second"),
            ] {
                if let value { try self.finite(value, 0...1e15, "\(field).\(name)") }
            }
            for (position, container) in pod.containers.enumerated() {
                try self.name(container.name, "\(field).containers[\(position)].name")
                for (value, name) in [
                    (container.cadvisorFsReadBytesPerSecond, "cadvisor_fs_read_bytes_per_second"),
                    (container.cadvisorFsWriteBytesPerSecond, "cadvisor_fs_write_bytes_per_second"),
                ] {
                    if let value { try self.finite(value, 0...1e15, "\(field).containers[\(position)].\(name)") }
                }
            }
        }
        try self.count(kubelet.errors.count, atMost: self.kubeletEntries, "node_info.kubelet.errors")
        for (index, error) in kubelet.errors.enumerated() {
            try self.text(error.path, "node_info.kubelet.errors[\(index)].path")
            try self.text(error.reason, "node_info.kubelet.errors[\(index)].reason")
        }
    }

    public func check(pod: PodMetadata, _ field: @autoclosure () -> String) throws(LimitViolation) {
        try self.name(pod.uid, "\(field()).uid")
        try self.name(pod.namespace, "\(field()).namespace")
        try self.name(pod.name, "\(field()).name")
        try self.name(pod.phase, "\(field()).phase")
        try self.name(pod.ownerKind, "\(field()).owner_kind")
        try self.name(pod.ownerName, "\(field()).owner_name")
        try self.name(pod.qosClass, "\(field()).qos_class")
        try self.text(pod.reason, "\(field()).reason")
        try self.check(labels: pod.labels, "\(field()).labels")
        try self.check(labels: pod.annotations, annotations: true, "\(field()).annotations")
        try self.count(pod.containers.count, atMost: self.containersPerPod, "\(field()).containers")
        for (index, container) in pod.containers.enumerated() {
            let prefix = "\(field()).containers[\(index)]"
            try self.name(container.id, "\(prefix).id")
            try self.name(container.name, "\(prefix).name")
            try self.text(container.image, "\(prefix).image")
            try self.name(container.state, "\(prefix).state")
            try self.text(container.reason, "\(prefix).reason")
            try self.text(container.lastTerminationReason, "\(prefix).last_termination_reason")
            for (value, name) in [
                (container.cpuRequestMillicores, "cpu_request"), (container.cpuLimitMillicores, "cpu_limit"),
                (container.memoryRequestBytes, "memory_request"), (container.memoryLimitBytes, "memory_limit"),
                (container.ephemeralStorageRequestBytes, "ephemeral_storage_request"),
                (container.ephemeralStorageLimitBytes, "ephemeral_storage_limit"),
            ] {
                if let value { try self.range(value, self.quantities, "\(prefix).\(name)") }
            }
        }
    }

    public func check(issue: CollectionIssue, _ field: @autoclosure () -> String) throws(LimitViolation) {
        try self.text(issue.file, atMost: self.pathBytes, "\(field()).file")
        try self.text(issue.message, "\(field()).message")
    }

    public func check(namespace: NetworkNamespace, _ field: @autoclosure () -> String) throws(LimitViolation) {
        try self.count(namespace.interfaces.count, atMost: self.interfaces, "\(field()).interfaces")
        for interface in namespace.interfaces { try self.name(interface.name, "\(field()).interfaces name") }
    }

    /// A container's identity, path and cgroup (its processes are checked one by one).
    public func check(container: ContainerSnapshot, _ field: @autoclosure () -> String) throws(LimitViolation) {
        try self.name(container.identity.podUID, "\(field()).pod_uid")
        if let id = container.identity.containerID { try self.name(id, "\(field()).container_id") }
        if let path = container.cgroupPath { try self.text(path, atMost: self.pathBytes, "\(field()).cgroup_path") }
        try self.check(cgroup: container.cgroup, field())
    }

    /// A cgroup's pressure averages (its counters are integers that may hold any value).
    public func check(cgroup: CgroupStats?, _ field: @autoclosure () -> String) throws(LimitViolation) {
        guard let cgroup else { return }
        try self.check(pressure: cgroup.cpuPressure, "\(field()).cgroup.cpu_pressure")
        try self.check(pressure: cgroup.memoryPressure, "\(field()).cgroup.memory_pressure")
        try self.check(pressure: cgroup.ioPressure, "\(field()).cgroup.io_pressure")
    }

    func check(pressure: Pressure?, _ field: @autoclosure () -> String) throws(LimitViolation) {
        guard let pressure else { return }
        for (line, name) in [(pressure.some, "some"), (pressure.full, "full")] {
            guard let line else { continue }
            try self.finite(line.avg10, self.pressureAverages, "\(field()).\(name).avg10")
            try self.finite(line.avg60, self.pressureAverages, "\(field()).\(name).avg60")
            try self.finite(line.avg300, self.pressureAverages, "\(field()).\(name).avg300")
        }
    }
}
