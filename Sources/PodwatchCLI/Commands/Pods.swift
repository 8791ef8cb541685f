import ArgumentParser

/// `podwatch pods [-n NS] [--node N]`: every pod on every node (or those selected).
struct Pods: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List pods with their CPU and memory.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var selection: PodSelection
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let client = try self.connection.client()
        let pods = try await self.selection.pods(client)
            .sorted { ($0.pod.namespace, $0.pod.name, $0.node) < ($1.pod.namespace, $1.pod.name, $1.node) }
        try self.output.emit(.array(pods.map(\.json))) {
            var headers = ["NAMESPACE", "NAME", "NODE", "PHASE", "CPU", "MEMORY", "CONTAINERS"]
            if self.output.wide { headers += ["UID"] }
            var table = Table(headers)
            for (node, pod, _) in pods {
                let containers = pod.containers.filter { $0.name != "(sandbox)" }.count
                var row = [
                    pod.namespace, pod.name, node, pod.phase, Quantity.cores(pod.cpuCores),
                    Quantity.bytes(pod.memoryWorkingSetBytes), "\(containers)",
                ]
                if self.output.wide { row.append(pod.uid) }
                table.append(row)
            }
            return table
        }
    }
}
