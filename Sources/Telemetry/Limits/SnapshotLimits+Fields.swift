/// The checks every field goes through: counts, names, free text, ranges. Each throws the field's
/// ``LimitViolation``; the field path is built only when a check fails.
extension SnapshotLimits {
    package func count(_ count: Int, atMost limit: Int, _ field: @autoclosure () -> String) throws(LimitViolation) {
        guard count <= limit else {
            throw LimitViolation(field: field(), value: "\(count) entries", limit: "at most \(limit)")
        }
    }

    /// A name: at most ``nameBytes`` bytes, no control or format characters (they would forge log lines,
    /// and PostgreSQL refuses NUL in text).
    package func name(_ text: String, _ field: @autoclosure () -> String) throws(LimitViolation) {
        guard text.utf8.count <= self.nameBytes else {
            throw LimitViolation(field: field(), value: text, limit: "a name of at most \(self.nameBytes) bytes")
        }
        guard Self.isPrintable(text) else {
            throw LimitViolation(field: field(), value: text, limit: "a name without control characters")
        }
    }

    /// Free text: at most `bytes` bytes and no NUL (anything else is escaped where it is shown).
    package func text(_ text: String, atMost bytes: Int, _ field: @autoclosure () -> String) throws(LimitViolation) {
        guard text.utf8.count <= bytes else {
            throw LimitViolation(field: field(), value: text, limit: "text of at most \(bytes) bytes")
        }
        guard !text.utf8.contains(0) else {
            throw LimitViolation(field: field(), value: text, limit: "text without NUL characters")
        }
    }

    package func text(_ text: String?, _ field: @autoclosure () -> String) throws(LimitViolation) {
        guard let text else { return }
        try self.text(text, atMost: self.textBytes, field())
    }

    package func range<T: Comparable>(
        _ value: T,
        _ range: ClosedRange<T>,
        _ field: @autoclosure () -> String
    ) throws(LimitViolation) {
        guard range.contains(value) else {
            throw LimitViolation(
                field: field(),
                value: "\(value)",
                limit: "a value in \(range.lowerBound)…\(range.upperBound)"
            )
        }
    }

    /// A finite double in `range` (NaN and infinities fail `contains` as well, but say so plainly).
    package func finite(
        _ value: Double,
        _ range: ClosedRange<Double>,
        _ field: @autoclosure () -> String
    ) throws(LimitViolation) {
        guard value.isFinite, range.contains(value) else {
            throw LimitViolation(
                field: field(),
                value: "\(value)",
                limit: "a finite number in \(range.lowerBound)…\(range.upperBound)"
            )
        }
    }

    /// Printable: no C0/C1 controls (ASCII checked byte by byte), and beyond ASCII no format, separator,
    /// unassigned or surrogate scalars.
    package static func isPrintable(_ text: String) -> Bool {
        var ascii = true
        for byte in text.utf8 {
            if byte < 0x20 || byte == 0x7F { return false }
            if byte >= 0x80 { ascii = false }
        }
        if ascii { return true }
        return text.unicodeScalars.allSatisfy { scalar in
            switch scalar.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator, .unassigned, .surrogate, .privateUse: false
            default: true
            }
        }
    }
}
