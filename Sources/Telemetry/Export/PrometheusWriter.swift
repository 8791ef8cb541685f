/// Writes the Prometheus text exposition format (0.0.4), for the server's and the agent's `/metrics`: one `# HELP` and `# TYPE` per family, then its samples,
/// label values escaped (`\\`, `\"`, `\n`) — agents' names are validated at ingest, but a quote in a pod name is
/// legal and must not end the label.
package struct PrometheusWriter {
    /// OpenMetrics 1.0 (`application/openmetrics-text`, what Prometheus asks for first) names a counter's family
    /// without `_total` and ends with `# EOF`; the samples are the same.
    package init(openMetrics: Bool = false) {
        self.openMetrics = openMetrics
    }

    private let openMetrics: Bool

    package enum Kind: String {
        case counter, gauge, histogram
    }

    package private(set) var text = ""
    private var declared: Set<String> = []

    /// Declares a family once; later calls for the same name do nothing.
    package mutating func family(_ name: String, _ kind: Kind, _ help: String) {
        guard self.declared.insert(name).inserted else { return }
        let family = self.openMetrics && kind == .counter && name.hasSuffix("_total") ? String(name.dropLast(6)) : name
        self.text += "# HELP \(family) \(help)\n# TYPE \(family) \(kind.rawValue)\n"
    }

    /// One sample; a value that is nil is left out (unknown is not 0).
    package mutating func sample(_ name: String, _ labels: KeyValuePairs<String, String>, _ value: Double?) {
        guard let value else { return }
        self.text += name
        if labels.count > 0 {
            self.text += "{"
            var first = true
            for (key, label) in labels {
                if !first { self.text += "," }
                first = false
                self.text += "\(key)=\"\(Self.escape(label))\""
            }
            self.text += "}"
        }
        self.text += " \(Self.number(value))\n"
    }

    /// Families written elsewhere in the same format (a registry's), appended as they are.
    package mutating func append(_ exposition: String) {
        guard !exposition.isEmpty else { return }
        self.text += exposition.hasSuffix("\n") ? exposition : exposition + "\n"
    }

    /// The exposition, with OpenMetrics' closing line when that is the format.
    package var finished: String { self.openMetrics ? self.text + "# EOF\n" : self.text }

    package static func escape(_ value: String) -> String {
        guard value.contains(where: { $0 == "\\" || $0 == "\"" || $0 == "\n" }) else { return value }
        var escaped = ""
        for character in value {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    package static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}
