import ArgumentParser
import Foundation
import NIOHTTP1
import Yams

extension Rules {
    /// `podwatch rules apply -f FILE`: one rule or a list, YAML or JSON (what `rules get -o yaml` prints). A rule
    /// with an `id`, or with the name of an existing rule, is updated; any other is created.
    struct Apply: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create or update rules from a YAML or JSON file.")

        @Option(name: [.customShort("f"), .customLong("filename")], help: "The file, or - for standard input.")
        var file: String

        @OptionGroup var connection: ConnectionOptions

        func run() async throws {
            let client = try self.connection.client()
            let documents = try Self.documents(try Self.read(self.file), file: self.file)
            let existing = try await client.decode([API.Rule].self, "/api/v1/rules")
            for document in documents {
                guard case .object(var fields) = document else {
                    throw CLIError(.usage, "\(self.file): each rule must be a mapping of fields (docs/api.md, Rule)")
                }
                let name = fields["name"]?.string ?? ""
                let id = fields.removeValue(forKey: "id")?.string ?? existing.first { $0.name == name }?.id
                let body = try JSONEncoder().encode(JSONValue.object(fields))
                if let id {
                    try await client.send(.PATCH, "/api/v1/rules/\(ServerClient.segment(id))", json: Array(body))
                    Console.print("rule/\(Table.printable(name.isEmpty ? id : name)) configured")
                } else {
                    try await client.send(.POST, "/api/v1/rules", json: Array(body))
                    Console.print("rule/\(Table.printable(name)) created")
                }
            }
        }

        static func read(_ file: String) throws -> Data {
            let data =
                file == "-"
                ? FileHandle.standardInput.readDataToEndOfFile() : FileManager.default.contents(atPath: file)
            guard let data else { throw CLIError(.usage, "cannot read \(file)") }
            guard data.count <= 1 << 20 else { throw CLIError(.usage, "\(file) is over 1 MiB") }
            return data
        }

        /// The rules in the file: a mapping is one rule, a sequence is several. YAML is a superset of JSON.
        static func documents(_ data: Data, file: String) throws -> [JSONValue] {
            let value: JSONValue
            do {
                value = try YAMLDecoder().decode(JSONValue.self, from: data)
            } catch {
                throw CLIError(.usage, "\(file) is not YAML or JSON: \(error)")
            }
            if case .array(let rules) = value { return rules }
            return [value]
        }
    }
}
