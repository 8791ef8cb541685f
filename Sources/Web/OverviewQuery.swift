import NodeStore

/// What part of the overview a request asks for: a page of node cards (name order) and an optional name filter,
/// so that a thousand-node cluster is not one multi-megabyte page refreshed every 2 s.
struct OverviewQuery: Sendable, Hashable {
    static let pageSize = 48

    var page: Int
    var filter: String

    /// From `?page=N&q=text`; anything unparsable means the first page, unfiltered.
    init(page: String?, filter: String?) {
        self.page = max(1, page.flatMap { Int($0) } ?? 1)
        self.filter = String((filter ?? "").prefix(253))
    }

    /// The query string that asks for this again (empty for the defaults), escaped by the caller.
    var queryString: String {
        var parts: [String] = []
        if self.page > 1 { parts.append("page=\(self.page)") }
        if !self.filter.isEmpty { parts.append("q=\(HTML.segment(self.filter))") }
        return parts.isEmpty ? "" : "?" + parts.joined(separator: "&")
    }

    /// This page's nodes among those matching the filter, the matching count and the number of pages.
    func select(_ nodes: [NodeState]) -> (nodes: ArraySlice<NodeState>, matching: Int, pages: Int) {
        let matching = self.filter.isEmpty ? nodes : nodes.filter { $0.name.containsIgnoringCase(self.filter) }
        let pages = max(1, (matching.count + Self.pageSize - 1) / Self.pageSize)
        let page = min(self.page, pages)
        let start = (page - 1) * Self.pageSize
        return (matching[start..<min(start + Self.pageSize, matching.count)], matching.count, pages)
    }
}

extension String {
    /// Case-insensitive containment without Foundation (ASCII case folding; node names are DNS labels).
    fileprivate func containsIgnoringCase(_ needle: String) -> Bool {
        self.lowercased().contains(needle.lowercased())
    }
}
