/// The first `limit` items of a sequence in an order, kept while walking it once: a storm holds tens of thousands
/// of alerts, and a page shows a few. Only the kept items are copied; the list stays sorted.
enum TopSelection {
    /// Puts `item` in its place in `kept` (sorted by `before`) when it belongs among the first `limit`.
    static func offer<T>(_ item: T, to kept: inout [T], limit: Int, by before: (T, T) -> Bool) {
        guard limit > 0, kept.count < limit || before(item, kept[kept.count - 1]) else { return }
        let index = kept.firstIndex { before(item, $0) } ?? kept.count
        kept.insert(item, at: index)
        if kept.count > limit { kept.removeLast() }
    }

    /// The first `limit` of `items` by `before`.
    static func first<T>(_ limit: Int, of items: some Sequence<T>, by before: (T, T) -> Bool) -> [T] {
        var kept: [T] = []
        for item in items { Self.offer(item, to: &kept, limit: limit, by: before) }
        return kept
    }
}

extension AlertOperator {
    /// How far `value` is past `threshold` on the breaching side (negative when it is not past it); unknown or
    /// non-finite values rank last. What "the worst first" orders by.
    public func distance(of value: Double?, past threshold: Double) -> Double {
        guard let value, value.isFinite else { return -.infinity }
        switch self {
        case .greater, .greaterOrEqual: return value - threshold
        case .less, .lessOrEqual: return threshold - value
        }
    }
}
