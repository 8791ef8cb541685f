import NodeStore

/// The columns every cluster table shares (namespaces, workloads, pods): usage against requests and limits,
/// network, disk, restarts. Cells carry `data-sort` so the page's script sorts them as numbers.
enum UsageCells {
    static let headers: HTML =
        "<th>pods</th><th>not ready</th><th>restarts</th><th>CPU cores</th><th>CPU requested</th><th>memory</th><th>memory requested</th><th>network</th><th>disk</th>"

    static func cells(_ totals: UsageTotals) -> HTML {
        """
        <td class="num" data-sort="\(totals.pods)">\(totals.pods)</td>\
        <td class="num\(totals.notReady > 0 ? " bad" : "")" data-sort="\(totals.notReady)">\(totals.notReady)</td>\
        <td class="num" data-sort="\(totals.restarts)">\(totals.restarts)</td>\
        \(Self.number(totals.cpuCores, Format.cores(totals.cpuCores)))\
        \(Self.number(totals.cpuRequestCores, Format.cores(totals.cpuRequestCores)))\
        \(Self.number(totals.memoryWorkingSetBytes, Format.bytes(totals.memoryWorkingSetBytes)))\
        \(Self.number(totals.memoryRequestBytes, Format.bytes(totals.memoryRequestBytes)))\
        \(Self.number(totals.networkBytesPerSecond, Format.rate(totals.networkBytesPerSecond)))\
        \(Self.number(totals.diskBytesPerSecond, Format.rate(totals.diskBytesPerSecond)))
        """
    }

    /// A numeric cell: shown formatted, sorted by value (unknown sorts lowest).
    static func number(_ value: Double?, _ text: String, attributes: HTML = "") -> HTML {
        // Three decimals tell percentages and cores apart; a rate in bytes/s sorts the same by its whole units.
        let sort = value.flatMap { $0.isFinite ? Format.fixed($0, abs($0) >= 1_000 ? 0 : 3) : nil } ?? "-1"
        return "<td class=\"num\" data-sort=\"\(sort)\"\(attributes)>\(text)</td>"
    }

    /// `0.250 / 0.500 / 1.000`: usage, request and limit, each "—" when unknown.
    static func against(_ usage: Double?, request: Double?, limit: Double?, _ format: (Double?) -> String) -> String {
        "\(format(usage)) / \(format(request)) / \(format(limit))"
    }

    /// The stale nodes left out of cluster totals, said where the totals are.
    static func staleNote(_ view: ClusterView) -> HTML {
        view.staleNodes == 0
            ? ""
            : "<p class=\"notice\">\(view.staleNodes) stale node(s) not counted: their last numbers are too old.</p>"
    }
}
