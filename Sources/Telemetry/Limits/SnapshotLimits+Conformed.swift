/// The cutting ``SnapshotLimits/conform(_:)`` does, part by part.
extension SnapshotLimits {
    func conformHost(_ host: inout NodeStats, _ cut: inout [String]) {
        guard (try? self.check(host: host)) == nil else { return }
        if host.cpu.perCPU.count > self.cpus || host.cpu.perCPU.keys.contains(where: { !(0..<self.cpus).contains($0) })
        {
            host.cpu.perCPU = host.cpu.perCPU.filter { (0..<self.cpus).contains($0.key) }
            cut.append("CPU lines")
        }
        func keys(_ values: [String: UInt64]) -> [String: UInt64] {
            let valid = values.filter { $0.key.utf8.count <= self.nameBytes && Self.isPrintable($0.key) }
            return valid.count <= self.kernelKeys
                ? valid
                : Dictionary(
                    uniqueKeysWithValues: valid.sorted { $0.key < $1.key }.prefix(self.kernelKeys).map {
                        ($0.key, $0.value)
                    }
                )
        }
        host.memory.values = keys(host.memory.values)
        host.vmstat = host.vmstat.map { Vmstat(values: keys($0.values)) }
        if let load = host.load,
            ![load.load1, load.load5, load.load15].allSatisfy({ $0.isFinite && self.loadAverages.contains($0) })
        {
            host.load = nil
            cut.append("load averages out of range")
        }
        host.network = Array(host.network.prefix(self.interfaces))
        for index in host.network.indices {
            host.network[index].name = Self.name(host.network[index].name, self.nameBytes)
        }
        host.networkSource = Self.clip(host.networkSource, self.pathBytes)
        host.disks = Array(host.disks.prefix(self.disks))
        for index in host.disks.indices { host.disks[index].name = Self.name(host.disks[index].name, self.nameBytes) }
        for pressure in [\NodeStats.cpuPressure, \.memoryPressure, \.ioPressure]
        where (try? self.check(pressure: host[keyPath: pressure], "")) == nil {
            host[keyPath: pressure] = nil
            cut.append("pressure out of range")
        }
        if (try? self.check(host: host)) == nil { cut.append("node counters") }
    }

    func conformed(_ info: NodeInfo) -> NodeInfo {
        var info = info
        info.conditions = info.conditions.prefix(self.conditions).map { condition in
            var condition = condition
            condition.type = Self.name(condition.type, self.nameBytes)
            condition.status = Self.name(condition.status, self.nameBytes)
            condition.reason = Self.clip(condition.reason, self.textBytes)
            condition.message = Self.clip(condition.message, self.textBytes)
            return condition
        }
        func quantity(_ value: Int64?) -> Int64? { value.flatMap { self.quantities.contains($0) ? $0 : nil } }
        info.cpuCapacityMillicores = quantity(info.cpuCapacityMillicores)
        info.memoryCapacityBytes = quantity(info.memoryCapacityBytes)
        info.podsCapacity = quantity(info.podsCapacity)
        info.cpuAllocatableMillicores = quantity(info.cpuAllocatableMillicores)
        info.memoryAllocatableBytes = quantity(info.memoryAllocatableBytes)
        info.podsAllocatable = quantity(info.podsAllocatable)
        info.kubeletVersion = Self.clip(info.kubeletVersion, self.textBytes)
        info.containerRuntimeVersion = Self.clip(info.containerRuntimeVersion, self.textBytes)
        info.apiError = Self.clip(info.apiError, self.textBytes)
        info.labels = self.conformed(labels: info.labels)
        info.kubelet = info.kubelet.map(self.conformed)
        return info
    }

    func conformed(_ kubelet: KubeletStatus) -> KubeletStatus {
        var kubelet = kubelet
        kubelet.endpoint = Self.clip(kubelet.endpoint, self.textBytes)
        kubelet.healthLatencyMicros = kubelet.healthLatencyMicros.map { min(max($0, 0), 3_600_000_000) }
        kubelet.evictionSignals = kubelet.evictionSignals.prefix(self.kubeletEntries).map { signal in
            var signal = signal
            signal.signal = Self.name(signal.signal, self.nameBytes)
            signal.hard = Self.name(signal.hard, self.nameBytes)
            signal.soft = Self.name(signal.soft, self.nameBytes)
            return signal
        }
        kubelet.reserved = kubelet.reserved.prefix(self.kubeletEntries).map { Self.name($0, self.nameBytes) }
        kubelet.kubeletPods = kubelet.kubeletPods.map { min(max($0, 0), Int64(self.pods * 64)) }
        kubelet.podDifferences = kubelet.podDifferences.prefix(self.pods).map { difference in
            var difference = difference
            difference.namespace = Self.name(difference.namespace, self.nameBytes)
            difference.name = Self.name(difference.name, self.nameBytes)
            difference.kubeletPhase = Self.name(difference.kubeletPhase, self.nameBytes)
            difference.apiPhase = Self.name(difference.apiPhase, self.nameBytes)
            difference.sinceMilliseconds = min(
                max(difference.sinceMilliseconds, self.wallTimeMilliseconds.lowerBound),
                self.wallTimeMilliseconds.upperBound
            )
            return difference
        }
        kubelet.probes = kubelet.probes.prefix(self.containers * 3).map { probe in
            var probe = probe
            probe.namespace = Self.name(probe.namespace, self.nameBytes)
            probe.pod = Self.name(probe.pod, self.nameBytes)
            probe.container = Self.name(probe.container, self.nameBytes)
            probe.probeType = Self.name(probe.probeType, self.nameBytes)
            probe.lastFailureMilliseconds = probe.lastFailureMilliseconds.flatMap {
                self.wallTimeMilliseconds.contains($0) ? $0 : nil
            }
            return probe
        }
        func seconds(_ value: Double?) -> Double? { value.flatMap { (0...86_400).contains($0) ? $0 : nil } }
        kubelet.podStartSecondsAverage = seconds(kubelet.podStartSecondsAverage)
        kubelet.plegRelistSecondsAverage = seconds(kubelet.plegRelistSecondsAverage)
        kubelet.runtimeOperationErrors = kubelet.runtimeOperationErrors.prefix(self.kubeletEntries).map {
            RuntimeOperationErrors(operation: Self.name($0.operation, self.nameBytes), count: $0.count)
        }
        kubelet.machineCores = kubelet.machineCores.flatMap { (0...1_048_576).contains($0) ? $0 : nil }
        kubelet.machineSource = Self.clip(kubelet.machineSource, self.textBytes)
        kubelet.podStats = kubelet.podStats.prefix(self.pods).map { pod in
            var pod = pod
            pod.namespace = Self.name(pod.namespace, self.nameBytes)
            pod.name = Self.name(pod.name, self.nameBytes)
            pod.uid = Self.name(pod.uid, self.nameBytes)
            func rate(_ value: Double?) -> Double? { value.flatMap { (0...1e15).contains($0) ? $0 : nil } }
            pod.cadvisorNetworkReceiveBytesPerSecond = rate(pod.cadvisorNetworkReceiveBytesPerSecond)
            pod.cadvisorNetworkTransmitBytesPerSecond = rate(pod.cadvisorNetworkTransmitBytesPerSecond)
            pod.containers = pod.containers.prefix(self.containersPerPod).map { container in
                var container = container
                container.name = Self.name(container.name, self.nameBytes)
                container.cadvisorFsReadBytesPerSecond = rate(container.cadvisorFsReadBytesPerSecond)
                container.cadvisorFsWriteBytesPerSecond = rate(container.cadvisorFsWriteBytesPerSecond)
                return container
            }
            return pod
        }
        kubelet.errors = kubelet.errors.prefix(self.kubeletEntries).map {
            KubeletEndpointError(path: Self.clip($0.path, self.textBytes), reason: Self.clip($0.reason, self.textBytes))
        }
        return kubelet
    }

    func conformed(_ pod: PodMetadata) -> PodMetadata {
        var pod = pod
        for keyPath in [\PodMetadata.uid, \.namespace, \.name, \.phase, \.ownerKind, \.ownerName, \.qosClass] {
            pod[keyPath: keyPath] = Self.name(pod[keyPath: keyPath], self.nameBytes)
        }
        pod.reason = Self.clip(pod.reason, self.textBytes)
        pod.labels = self.conformed(labels: pod.labels)
        pod.annotations = self.conformed(labels: pod.annotations, annotations: true)
        func quantity(_ value: Int64?) -> Int64? { value.flatMap { self.quantities.contains($0) ? $0 : nil } }
        pod.containers = pod.containers.prefix(self.containersPerPod).map { container in
            var container = container
            container.id = Self.name(container.id, self.nameBytes)
            container.name = Self.name(container.name, self.nameBytes)
            container.state = Self.name(container.state, self.nameBytes)
            container.image = Self.clip(container.image, self.textBytes)
            container.reason = Self.clip(container.reason, self.textBytes)
            container.lastTerminationReason = Self.clip(container.lastTerminationReason, self.textBytes)
            container.cpuRequestMillicores = quantity(container.cpuRequestMillicores)
            container.cpuLimitMillicores = quantity(container.cpuLimitMillicores)
            container.memoryRequestBytes = quantity(container.memoryRequestBytes)
            container.memoryLimitBytes = quantity(container.memoryLimitBytes)
            container.ephemeralStorageRequestBytes = quantity(container.ephemeralStorageRequestBytes)
            container.ephemeralStorageLimitBytes = quantity(container.ephemeralStorageLimitBytes)
            return container
        }
        return pod
    }

    /// At most `bytes` bytes of `text`, cut at a character boundary, without NUL.
    static func clip(_ text: String, _ bytes: Int) -> String {
        let clean = text.utf8.contains(0) ? text.replacing("\0", with: " ") : text
        guard clean.utf8.count > bytes else { return clean }
        var result = ""
        var used = 0
        for character in clean {
            let size = character.utf8.count
            guard used + size <= bytes else { break }
            result.append(character)
            used += size
        }
        return result
    }

    /// A name that fits: control and format characters as `?`, then clipped.
    static func name(_ text: String, _ bytes: Int) -> String {
        guard !Self.isPrintable(text) else { return Self.clip(text, bytes) }
        let replaced = String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { scalar in
                    Self.isPrintable(String(scalar)) ? scalar : "?"
                }
            )
        )
        return Self.clip(replaced, bytes)
    }

    static func printableName(_ text: String) -> String { Self.name(text, 64) }
}
