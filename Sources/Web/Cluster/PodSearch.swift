import LabelSelection
import NodeStore
import Telemetry
import TextTrimming

/// `/pods?q=…`: what a pod search asks for. `q` is a Kubernetes label selector when it has an operator
/// (`app=checkout,tier!=canary`, `env in (prod)`, `!legacy`), otherwise words that must each appear in the
/// pod's name, namespace, workload or node (case-insensitive). `namespace`, `status=notready`, `sort`, `limit`
/// and `labels` (extra label columns) narrow and shape it. Everything here comes from a URL: bounded, and
/// a selector that does not parse is said on the page, never a 500.
struct PodSearch: Sendable, Hashable {
    enum Order: String, Sendable, CaseIterable {
        case cpu, memory, restarts, network, disk, name
    }

    static let defaultLimit = 100
    static let maximumLimit = 1_000
    static let maximumLabelColumns = 8

    var text: String
    var namespace: String
    var notReadyOnly: Bool
    var order: Order
    var limit: Int
    /// Label columns asked for (`labels=`), then the selector's keys.
    var labelColumns: [String]
    var requestedLabels: [String]
    var selector: LabelSelector?
    var words: [String]
    /// Why `text` was not used, shown above the results.
    var error: String?

    init(
        text: String?,
        namespace: String? = nil,
        status: String? = nil,
        sort: String? = nil,
        limit: String? = nil,
        labels: String? = nil
    ) {
        let text = String((text ?? "").trimmingWhitespace.utf8.prefix(LabelSelector.maximumBytes)) ?? ""
        self.text = text
        self.namespace = String((namespace ?? "").utf8.prefix(253)) ?? ""
        self.notReadyOnly = status == "notready"
        self.order = sort.flatMap(Order.init(rawValue:)) ?? .cpu
        self.limit = min(max(limit.flatMap { Int($0) } ?? Self.defaultLimit, 1), Self.maximumLimit)
        self.words = []
        if text.contains(where: { "=!()".contains($0) }) {
            do {
                self.selector = try LabelSelector(parsing: text)
            } catch {
                self.error = "Not a label selector: \(error.message)"
            }
        } else {
            self.words = text.split(separator: " ").prefix(16).map { $0.lowercasedASCII }
        }
        var seen = Set<String>()
        let requested = (labels ?? "").split(separator: ",").map { String($0.filter { $0 != " " }) }
            .filter { LabelSyntax.keyProblem($0) == nil && seen.insert($0).inserted }.prefix(Self.maximumLabelColumns)
        self.requestedLabels = Array(requested)
        var columns = self.requestedLabels
        for key in self.selector?.keys ?? [] where !columns.contains(key) { columns.append(key) }
        self.labelColumns = Array(columns.prefix(Self.maximumLabelColumns))
    }

    func matches(_ pod: PodRow) -> Bool {
        if !self.namespace.isEmpty && pod.namespace != self.namespace { return false }
        if self.notReadyOnly && pod.ready != false { return false }
        if self.error != nil { return false }
        if let selector = self.selector, !selector.matches({ pod.labels.value(of: $0) }) { return false }
        return self.words.allSatisfy { word in
            pod.name.containsFolded(word) || pod.namespace.containsFolded(word)
                || pod.workloadName.containsFolded(word) || pod.node.containsFolded(word)
        }
    }

    /// Highest first for numbers (unknown last), then namespace and name.
    func before(_ a: PodRow, _ b: PodRow) -> Bool {
        func value(_ pod: PodRow) -> Double {
            let value: Double? =
                switch self.order {
                case .cpu: pod.cpuCores
                case .memory: pod.memoryWorkingSetBytes
                case .restarts: pod.restarts.map { Double($0) }
                case .network: pod.networkBytesPerSecond
                case .disk: pod.diskBytesPerSecond
                case .name: 0
                }
            return value.flatMap { $0.isFinite ? $0 : nil } ?? -1
        }
        let (x, y) = (value(a), value(b))
        if x != y { return x > y }
        return (a.namespace, a.name, a.node) < (b.namespace, b.name, b.node)
    }

    /// This search's query string with `changes` applied (for sort links, the live fragment, the pager).
    func query(sort: Order? = nil) -> String {
        var parts: [String] = []
        if !self.text.isEmpty { parts.append("q=\(HTML.segment(self.text))") }
        if !self.namespace.isEmpty { parts.append("namespace=\(HTML.segment(self.namespace))") }
        if self.notReadyOnly { parts.append("status=notready") }
        let order = sort ?? self.order
        if order != .cpu { parts.append("sort=\(order.rawValue)") }
        if self.limit != Self.defaultLimit { parts.append("limit=\(self.limit)") }
        if !self.requestedLabels.isEmpty {
            parts.append("labels=\(HTML.segment(self.requestedLabels.joined(separator: ",")))")
        }
        return parts.isEmpty ? "" : "?" + parts.joined(separator: "&")
    }
}

extension StringProtocol {
    /// ASCII-lowercased (names are DNS labels; other bytes are kept).
    var lowercasedASCII: String {
        String(decoding: self.utf8.map { (65...90).contains($0) ? $0 + 32 : $0 }, as: UTF8.self)
    }

}

extension String {
    /// Whether `needle` (already lowercase ASCII) occurs in this string, folding ASCII case, without allocating:
    /// a search runs over every pod of the cluster.
    func containsFolded(_ needle: String) -> Bool {
        let needle = needle.utf8
        guard !needle.isEmpty else { return true }
        let haystack = self.utf8
        guard haystack.count >= needle.count else { return false }
        var start = haystack.startIndex
        while haystack.distance(from: start, to: haystack.endIndex) >= needle.count {
            var a = start
            var matched = true
            for byte in needle {
                let c = haystack[a]
                if ((65...90).contains(c) ? c + 32 : c) != byte {
                    matched = false
                    break
                }
                a = haystack.index(after: a)
            }
            if matched { return true }
            start = haystack.index(after: start)
        }
        return false
    }
}
