import Foundation

extension Alerts {
    /// One alert: its facts, then what it captured when it fired.
    func show(_ reference: String, _ client: ServerClient) async throws {
        var id = reference
        if reference.count != 36 {
            let (alerts, _) = try await client.fetch([API.Alert].self, "/api/v1/alerts?state=all")
            id = try Reference.resolve(
                reference,
                among: alerts.map { ($0.id, $0.id) },
                noun: "alert",
                list: "podwatch alerts --state all"
            )
        }
        let (detail, document) = try await client.fetch(
            API.AlertDetail.self,
            "/api/v1/alerts/\(ServerClient.segment(id))"
        )
        try self.output.emit(document) {
            let alert = detail.alert
            var facts = Table(["ID", "RULE", "STATE", "TARGET", "CONDITION", "VALUE", "STARTED", "PROFILE"])
            let profile = detail.context?.profile.map {
                [$0.state, $0.reason].compactMap { $0 }.joined(separator: ": ")
            }
            facts.append([
                alert.id, alert.ruleName, alert.state, alert.target.key,
                "\(alert.metric) \(alert.operator) \(Quantity.number(alert.threshold))",
                Quantity.number(alert.value), alert.startedAt, profile ?? "—",
            ])
            Console.print(facts.render())
            guard let context = detail.context else {
                Console.print("No context was captured for this alert.")
                return Table(["PID"])
            }
            if !context.pods.isEmpty {
                var pods = Table(["POD", "CPU(cores)", "MEMORY"])
                for pod in context.pods {
                    pods.append([
                        "\(pod.namespace)/\(pod.pod)", Quantity.number(pod.cpuCores), Quantity.bytes(pod.memoryBytes),
                    ])
                }
                return pods
            }
            var processes = Table(["PID", "CONTAINER", "STATE", "CPU%", "MEMORY", "THREADS", "COMMAND"])
            for process in context.processes {
                processes.append([
                    String(process.pid), process.container, process.state, Quantity.number(process.cpuPercent),
                    Quantity.bytes(process.memoryBytes), String(process.threads),
                    self.output.wide ? process.command : String(process.command.prefix(80)),
                ])
            }
            return processes
        }
    }
}
