import ArgumentParser
import Foundation

/// `podwatch alerts [--state firing|resolved|all]`, or `podwatch alerts ID`: one alert with the top processes (or
/// pods) it captured when it fired.
struct Alerts: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List alerts, firing ones by default; with an id, show one with its top processes at fire time."
    )

    @Argument(help: "An alert's id, or a unique prefix of at least 4 characters.")
    var alert: String?

    enum State: String, ExpressibleByArgument, CaseIterable {
        case firing, resolved, all
    }

    @Option(help: "firing, resolved or all.")
    var state: State = .firing

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let client = try self.connection.client()
        if let reference = self.alert {
            try await self.show(reference, client)
            return
        }
        let (alerts, document) = try await client.fetch([API.Alert].self, "/api/v1/alerts?state=\(self.state.rawValue)")
        try self.output.emit(document) {
            var headers = ["ID", "RULE", "SEVERITY", "STATE", "TARGET", "CONDITION", "VALUE", "STARTED"]
            if self.output.wide { headers[0] = "ID (full)" }
            var table = Table(headers)
            for alert in alerts {
                table.append([
                    self.output.wide ? alert.id : String(alert.id.prefix(8)), alert.ruleName, alert.severity,
                    alert.state, alert.target.key,
                    "\(alert.metric) \(alert.operator) \(Quantity.number(alert.threshold))",
                    Quantity.number(alert.value),
                    alert.startedAt,
                ])
            }
            return table
        }
    }
}
