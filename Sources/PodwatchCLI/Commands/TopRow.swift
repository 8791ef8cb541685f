/// One line of `podwatch top`: what it shows, what it sorts by, and the same as JSON.
struct TopRow {
    var cells: [String]
    var cpu: Double?
    var memory: Double?
    var json: JSONValue

    static func headers(_ kind: Top.Kind) -> [String] {
        switch kind {
        case .nodes: ["NAME", "CPU%", "MEMORY%", "NETWORK", "DISK", "LOAD"]
        case .pods: ["NAMESPACE", "NAME", "NODE", "CPU(cores)", "MEMORY(bytes)"]
        case .processes: ["NODE", "NAMESPACE", "POD", "CONTAINER", "PID", "COMMAND", "CPU%", "MEMORY"]
        }
    }

    init(node: API.Node) {
        self.cells = [
            node.name, Quantity.percent(node.cpuBusyPercent), Quantity.percent(node.memoryUsedPercent),
            Quantity.rate(node.networkBytesPerSecond), Quantity.rate(node.diskBytesPerSecond),
            Quantity.number(node.load1.map { ($0 * 100).rounded() / 100 }),
        ]
        self.cpu = node.cpuBusyPercent
        self.memory = node.memoryUsedPercent
        self.json = .object([
            "node": .string(node.name), "cpuBusyPercent": Self.value(node.cpuBusyPercent),
            "memoryUsedPercent": Self.value(node.memoryUsedPercent),
            "networkBytesPerSecond": Self.value(node.networkBytesPerSecond),
            "diskBytesPerSecond": Self.value(node.diskBytesPerSecond), "load1": Self.value(node.load1),
        ])
    }

    init(node: String, pod: API.Pod) {
        self.cells = [
            pod.namespace, pod.name, node, Quantity.cores(pod.cpuCores), Quantity.bytes(pod.memoryWorkingSetBytes),
        ]
        self.cpu = pod.cpuCores
        self.memory = pod.memoryWorkingSetBytes
        self.json = .object([
            "node": .string(node), "namespace": .string(pod.namespace), "pod": .string(pod.name),
            "cpuCores": Self.value(pod.cpuCores), "memoryWorkingSetBytes": Self.value(pod.memoryWorkingSetBytes),
        ])
    }

    /// Every process of every selected node, named by pod and container where it belongs to one.
    static func processes(_ client: ServerClient, selection: PodSelection) async throws -> [TopRow] {
        let nodes: [String]
        if let node = selection.node {
            nodes = [node]
        } else {
            nodes = try await client.decode([API.Node].self, "/api/v1/nodes").filter { !$0.stale }.map(\.name)
        }
        var rows: [TopRow] = []
        for name in nodes {
            let detail = try await client.decode(API.NodeDetail.self, "/api/v1/nodes/\(ServerClient.segment(name))")
            let cpu = Dictionary(
                (detail.rates?.processes ?? []).map { ($0.pid, $0.cpuPercent) },
                uniquingKeysWith: { first, _ in first }
            )
            let pods = Dictionary((detail.snapshot.pods ?? []).map { ($0.uid, $0) }, uniquingKeysWith: { a, _ in a })
            let pageSize = detail.snapshot.pageSize ?? 4096
            var owned: [(API.NodeDetail.Process, namespace: String, pod: String, container: String)] = []
            for container in detail.snapshot.containers {
                let pod = container.identity?.podUID.flatMap { pods[$0] }
                let id = container.identity?.containerID ?? ""
                let containerName =
                    container.isSandbox == true
                    ? "(sandbox)" : pod?.containers?.first { $0.id == id }?.name ?? String(id.prefix(12))
                for process in container.processes {
                    owned.append(
                        (process, pod?.namespace ?? "_", pod?.name ?? container.identity?.podUID ?? "-", containerName)
                    )
                }
            }
            owned += detail.snapshot.hostProcesses.map { ($0, "-", "-", "-") }
            if let namespace = selection.namespace { owned = owned.filter { $0.namespace == namespace } }
            for (process, namespace, pod, container) in owned {
                let memory = process.status?.vmRSS ?? process.statm.map { $0.resident * pageSize }
                let percent = cpu[process.stat.pid] ?? nil
                rows.append(
                    TopRow(
                        cells: [
                            name, namespace, pod, container, "\(process.stat.pid)", process.stat.comm,
                            Quantity.percent(percent), Quantity.bytes(memory),
                        ],
                        cpu: percent,
                        memory: memory,
                        json: .object([
                            "node": .string(name), "namespace": .string(namespace), "pod": .string(pod),
                            "container": .string(container), "pid": .number(Double(process.stat.pid)),
                            "command": .string(process.stat.comm), "cpuPercent": Self.value(percent),
                            "memoryBytes": Self.value(memory),
                        ])
                    )
                )
            }
        }
        return rows
    }

    init(cells: [String], cpu: Double?, memory: Double?, json: JSONValue) {
        self.cells = cells
        self.cpu = cpu
        self.memory = memory
        self.json = json
    }

    static func value(_ number: Double?) -> JSONValue { number.map(JSONValue.number) ?? .null }
}
