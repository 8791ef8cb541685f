import ArgumentParser
import Foundation
import Yams

/// `-o table|wide|json|yaml`, as kubectl has it.
struct OutputOptions: ParsableArguments {
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table
        case wide
        case json
        case yaml
    }

    @Option(name: [.customShort("o"), .customLong("output")], help: "Output format: table, wide, json or yaml.")
    var format: Format = .table

    var wide: Bool { self.format == .wide }

    /// Prints a table, or the document for -o json and -o yaml.
    func emit(_ document: JSONValue, table: () -> Table) throws {
        switch self.format {
        case .table, .wide:
            Console.print(table().render())
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            Console.print(String(decoding: try encoder.encode(document), as: UTF8.self))
        case .yaml:
            let encoder = YAMLEncoder()
            encoder.options.sortKeys = true
            Console.print(try encoder.encode(document))
        }
    }
}
