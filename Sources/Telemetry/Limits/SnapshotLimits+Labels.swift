import LabelSelection

/// Labels and chosen annotations, as the server accepts them: at most ``labelsPerObject``, sorted by key with
/// each key once, keys valid Kubernetes label keys; label values valid label values, annotation values printable
/// text of at most ``textBytes``. The agent conforms to the same rules by dropping what breaks them.
extension SnapshotLimits {
    public func check(
        labels: [Label],
        annotations: Bool = false,
        _ field: @autoclosure () -> String
    )
        throws(LimitViolation)
    {
        try self.count(labels.count, atMost: self.labelsPerObject, field())
        var previous: String?
        for (index, label) in labels.enumerated() {
            if let problem = self.problem(label, annotation: annotations) {
                throw LimitViolation(field: "\(field())[\(index)]", value: label.key, limit: problem)
            }
            if let previous, previous >= label.key {
                throw LimitViolation(field: "\(field())[\(index)]", value: label.key, limit: "keys sorted, each once")
            }
            previous = label.key
        }
    }

    /// `labels` within the limits: invalid entries dropped, duplicates dropped, sorted, at most the limit.
    public func conformed(labels: [Label], annotations: Bool = false) -> [Label] {
        var seen = Set<String>()
        let valid = labels.filter { self.problem($0, annotation: annotations) == nil && seen.insert($0.key).inserted }
        return Array(valid.sorted { $0.key < $1.key }.prefix(self.labelsPerObject))
    }

    private func problem(_ label: Label, annotation: Bool) -> String? {
        if let problem = LabelSyntax.keyProblem(label.key) { return problem }
        if annotation {
            return label.value.utf8.count <= self.textBytes && Self.isPrintable(label.value)
                ? nil : "printable text of at most \(self.textBytes) bytes"
        }
        return LabelSyntax.valueProblem(label.value)
    }
}
