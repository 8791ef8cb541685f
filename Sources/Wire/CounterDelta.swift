/// Field-level deltas of a fixed table of counters (docs/wire-protocol.md, "Counter updates"): a bitmask of the
/// counters that changed and, for each set bit in order, the change as a two's-complement difference. Most
/// counters of a process or cgroup do not move in an interval, and those that do move by little, so the
/// differences are one- or two-byte varints where the values themselves would take five to nine.
enum CounterDelta {
    /// Bytes per page: memory counters (bitmask `scaled`) move by whole pages, so their differences travel in
    /// pages — a flag in the lowest bit says so — which saves one or two bytes each.
    static let page: Int64 = 4_096

    /// The bitmask of counters that differ, appending their differences; nil when a counter is present in one
    /// table and absent in the other (the shape changed: the value travels whole instead), or when a scaled
    /// counter jumped by more than 2^62 (likewise).
    static func encode(
        _ current: [UInt64?],
        against previous: [UInt64?],
        scaled: UInt64 = 0,
        into differences: inout [Int64]
    ) -> UInt64? {
        guard current.count == previous.count, current.count <= 64 else { return nil }
        var changed: UInt64 = 0
        for index in current.indices {
            switch (current[index], previous[index]) {
            case (nil, nil):
                continue
            case (let now?, let before?):
                guard now != before else { continue }
                changed |= 1 << UInt64(index)
                let difference = Int64(bitPattern: now &- before)
                guard scaled & (1 << UInt64(index)) != 0 else {
                    differences.append(difference)
                    continue
                }
                if difference % Self.page == 0 {
                    differences.append((difference / Self.page) << 1 | 1)
                } else {
                    guard (difference << 1) >> 1 == difference else { return nil }
                    differences.append(difference << 1)
                }
            default:
                return nil
            }
        }
        return changed
    }

    /// Applies one entry's differences (consumed from `differences` starting at index `position`) to `counters`.
    /// A bit beyond the table, on an absent counter, or without a difference left is a malformed payload.
    static func apply(
        changed: UInt64,
        differences: ArraySlice<Int64>,
        position: inout Int,
        scaled: UInt64 = 0,
        to counters: inout [UInt64?]
    ) throws(WireError) {
        var remaining = changed
        while remaining != 0 {
            let index = remaining.trailingZeroBitCount
            remaining &= remaining - 1
            guard index < counters.count, let before = counters[index] else {
                throw WireError.malformedPayload("counter update sets bit \(index), a counter the receiver has not")
            }
            guard position < differences.endIndex else {
                throw WireError.malformedPayload("counter update has fewer differences than changed counters")
            }
            var difference = differences[position]
            if scaled & (1 << UInt64(index)) != 0 {
                difference = difference & 1 == 1 ? (difference >> 1) &* Self.page : difference >> 1
            }
            counters[index] = before &+ UInt64(bitPattern: difference)
            position += 1
        }
    }
}
