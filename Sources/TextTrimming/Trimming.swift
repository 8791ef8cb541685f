extension StringProtocol {
    /// Without the white space (any Unicode white space, newlines included) at either end; a view of the same text,
    /// not a copy. What every form field, flag list and search box is read through.
    public var trimmingWhitespace: SubSequence {
        guard let first = self.firstIndex(where: { !$0.isWhitespace }),
            let last = self.lastIndex(where: { !$0.isWhitespace })
        else { return self[self.endIndex..<self.endIndex] }
        return self[first...last]
    }
}
