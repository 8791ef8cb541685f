import ArgumentParser
import Foundation
import NIOHTTP1

/// `podwatch rules list|get|apply|enable|disable|delete`: alert rules through the Alerts API. A rule is named by
/// its id, a unique prefix of it, or its name.
struct Rules: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List, show, apply, enable, disable and delete alert rules.",
        subcommands: [List.self, Get.self, Apply.self, Enable.self, Disable.self, Delete.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List every rule.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let client = try self.connection.client()
            let (rules, document) = try await client.fetch([API.Rule].self, "/api/v1/rules")
            try self.output.emit(document) { Rules.table(rules, wide: self.output.wide) }
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one rule.")
        @Argument(help: "The rule's id, a unique prefix of it, or its name.") var rule: String
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let client = try self.connection.client()
            let id = try await Rules.resolve(self.rule, client)
            let (rule, document) = try await client.fetch(API.Rule.self, "/api/v1/rules/\(ServerClient.segment(id))")
            try self.output.emit(document) { Rules.table([rule], wide: self.output.wide) }
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable a rule.")
        @Argument(help: "The rule's id, a unique prefix of it, or its name.") var rule: String
        @OptionGroup var connection: ConnectionOptions

        func run() async throws { try await Rules.patch(self.rule, enabled: true, self.connection) }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable a rule (its open alerts resolve).")
        @Argument(help: "The rule's id, a unique prefix of it, or its name.") var rule: String
        @OptionGroup var connection: ConnectionOptions

        func run() async throws { try await Rules.patch(self.rule, enabled: false, self.connection) }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a rule (its alerts stay in the history).")
        @Argument(help: "The rule's id, a unique prefix of it, or its name.") var rule: String
        @OptionGroup var connection: ConnectionOptions

        func run() async throws {
            let client = try self.connection.client()
            let id = try await Rules.resolve(self.rule, client)
            try await client.send(.DELETE, "/api/v1/rules/\(ServerClient.segment(id))")
            Console.print("rule/\(Table.printable(self.rule)) deleted")
        }
    }

    static func patch(_ rule: String, enabled: Bool, _ connection: ConnectionOptions) async throws {
        let client = try connection.client()
        let id = try await Self.resolve(rule, client)
        try await client.send(
            .PATCH,
            "/api/v1/rules/\(ServerClient.segment(id))",
            json: Array(#"{"enabled":\#(enabled)}"#.utf8)
        )
        Console.print("rule/\(Table.printable(rule)) \(enabled ? "enabled" : "disabled")")
    }

    /// The id of the rule `reference` names (``Reference``).
    static func resolve(_ reference: String, _ client: ServerClient) async throws -> String {
        let rules = try await client.decode([API.Rule].self, "/api/v1/rules")
        return try Reference.resolve(
            reference,
            among: rules.map { ($0.id, $0.name) },
            noun: "rule",
            list: "podwatch rules list"
        )
    }

    static func table(_ rules: [API.Rule], wide: Bool) -> Table {
        var headers = ["ID", "NAME", "CONDITION", "FOR", "TARGET", "SEVERITY", "ENABLED"]
        if wide { headers[0] = "ID (full)" }
        var table = Table(headers)
        for rule in rules {
            table.append([
                wide ? rule.id : String(rule.id.prefix(8)), rule.name,
                "\(rule.metric) \(rule.operator) \(Quantity.number(rule.threshold))",
                rule.forSeconds.map { "\(Quantity.number($0))s" } ?? "-", Self.target(rule.target),
                rule.severity ?? "-", rule.enabled ? "yes" : "no",
            ])
        }
        return table
    }

    /// `node/alpha`, `pods/shop/checkout-`, `containers/shop/checkout-/app`, `workload/shop/Deployment/checkout`.
    static func target(_ target: JSONValue) -> String {
        let kind = target["kind"]?.string ?? "?"
        let parts: [String] =
            switch kind {
            case "node": ["node"]
            case "pods": ["namespace", "pod_prefix"]
            case "containers": ["namespace", "pod_prefix", "container"]
            case "workload": ["namespace", "workload_kind", "workload"]
            default: []
            }
        return ([kind] + parts.map { target[$0]?.string ?? "" }).joined(separator: "/")
    }
}
