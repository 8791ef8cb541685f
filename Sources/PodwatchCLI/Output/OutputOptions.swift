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
            Console.print(Self.escapingC1(String(decoding: try encoder.encode(document), as: UTF8.self)))
        case .yaml:
            let encoder = YAMLEncoder()
            encoder.options.sortKeys = true
            // Non-ASCII escaped: a C1 control in a pod name (U+009B is CSI) must not reach the terminal raw.
            encoder.options.allowUnicode = false
            Console.print(try encoder.encode(document))
        }
    }

    /// JSONEncoder escapes C0 controls but not C1 (U+0080–U+009F, which some terminals obey): escaped here.
    static func escapingC1(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            if (0x80...0x9F).contains(scalar.value) {
                result += "\\u00" + String(scalar.value, radix: 16, uppercase: true)
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
