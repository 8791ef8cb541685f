/// Arithmetic on values a peer chose (agent counters, API answers): past the type's range the result sticks
/// at the bound instead of trapping. Swift's `+` traps on overflow, which for a server means one hostile
/// number ends the process.
extension FixedWidthInteger {
    /// `self + other`, or the bound it overflowed past.
    @inlinable
    public func addingSaturating(_ other: Self) -> Self {
        let (sum, overflow) = self.addingReportingOverflow(other)
        guard overflow else { return sum }
        return other < .zero ? .min : .max
    }

    /// `self × other`, or the bound it overflowed past.
    @inlinable
    public func multipliedSaturating(by other: Self) -> Self {
        let (product, overflow) = self.multipliedReportingOverflow(by: other)
        guard overflow else { return product }
        return (self < .zero) != (other < .zero) ? .min : .max
    }
}

extension Sequence where Element: FixedWidthInteger {
    /// The sum of every element, saturating at the type's bounds.
    @inlinable
    public func saturatingSum() -> Element {
        self.reduce(Element.zero) { $0.addingSaturating($1) }
    }
}
