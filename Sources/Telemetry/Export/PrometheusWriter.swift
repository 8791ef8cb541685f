/// Writes the Prometheus text exposition format (0.0.4), for the server's and the agent's `/metrics`: one `# HELP` and `# TYPE` per family, then its samples,
/// label values escaped (`\\`, `\"`, `\n`) — agents' names are validated at ingest, but a quote in a pod name is
/// legal and must not end the label.
package struct PrometheusWriter {
    /// OpenMetrics 1.0 (`application/openmetrics-text`, what Prometheus asks for first) names a counter's family
    /// without `_total` and ends with `# EOF`; the samples are the same.
    package init(openMetrics: Bool = false, capturing: Bool = false) {
        self.openMetrics = openMetrics
        self.captured = capturing ? [] : nil
    }

    private let openMetrics: Bool

    /// One sample as a value, for exporters that are not text (OTLP).
    package struct Sample {
        package var name: String
        package var kind: Kind
        package var labels: [(String, String)]
        package var value: Double
    }

    /// Every sample written, when made with `capturing` (nil otherwise).
    package private(set) var captured: [Sample]?
    private var kinds: [String: Kind] = [:]

    package enum Kind: String {
        case counter, gauge, histogram
    }

    /// Each family's header and samples, in the order families were first declared: both formats require a
    /// family's samples in one group, and callers write family by family per node.
    private var families: [(header: String, samples: String)] = []
    private var index: [String: Int] = [:]
    /// Every series written, `name{labels}`: a second one (two meminfo keys that map to one name) is dropped,
    /// not sent twice (Prometheus refuses a scrape with a repeated series).
    private var series: Set<String> = []
    private var appended = ""

    /// Declares a family once; its samples join it by name, whenever they come.
    package mutating func family(_ name: String, _ kind: Kind, _ help: String) {
        guard self.index[name] == nil else { return }
        let family = self.openMetrics && kind == .counter && name.hasSuffix("_total") ? String(name.dropLast(6)) : name
        self.index[name] = self.families.count
        self.kinds[name] = kind
        self.families.append(("# HELP \(family) \(help)\n# TYPE \(family) \(kind.rawValue)\n", ""))
    }

    /// One sample, grouped with its family (a histogram's `_bucket`, `_sum` and `_count` with the histogram); a value
    /// that is nil is left out (unknown is not 0).
    package mutating func sample(_ name: String, _ labels: KeyValuePairs<String, String>, _ value: Double?) {
        guard let value else { return }
        var line = name
        if labels.count > 0 {
            line += "{"
            var first = true
            for (key, label) in labels {
                if !first { line += "," }
                first = false
                line += "\(key)=\"\(Self.escape(label))\""
            }
            line += "}"
        }
        guard self.series.insert(line).inserted else { return }
        if self.captured != nil, let kind = self.kinds[name] {
            self.captured?.append(
                Sample(name: name, kind: kind, labels: labels.map { ($0.key, $0.value) }, value: value)
            )
        }
        line += " \(Self.number(value))\n"
        if let family = self.index[name] ?? Self.histogramFamily(name).flatMap({ self.index[$0] }) {
            self.families[family].samples += line
        } else {
            self.appended += line
        }
    }

    private static func histogramFamily(_ name: String) -> String? {
        for suffix in ["_bucket", "_sum", "_count"] where name.hasSuffix(suffix) {
            return String(name.dropLast(suffix.count))
        }
        return nil
    }

    /// Families written elsewhere in the same format (a registry's), appended as they are.
    package mutating func append(_ exposition: String) {
        guard !exposition.isEmpty else { return }
        self.appended += exposition.hasSuffix("\n") ? exposition : exposition + "\n"
    }

    /// Every family, header then samples, then what was appended.
    package var text: String {
        self.families.reduce(into: "") { $0 += $1.header + $1.samples } + self.appended
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
