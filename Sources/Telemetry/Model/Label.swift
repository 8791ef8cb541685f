/// One Kubernetes label (or an annotation the operator chose to carry): key and value. Lists of them are kept
/// sorted by key with each key once, so that equal label sets compare equal and lookups can bisect.
public struct Label: Sendable, Codable, Hashable {
    public var key: String
    public var value: String

    public init(key: String = "", value: String = "") {
        self.key = key
        self.value = value
    }

    /// `labels` as a sorted list (a dictionary has each key once already).
    public static func list(_ labels: [String: String]) -> [Label] {
        labels.map { Label(key: $0.key, value: $0.value) }.sorted { $0.key < $1.key }
    }
}

extension Array where Element == Label {
    /// The value of `key`, nil when absent (a sorted list: bisected).
    public func value(of key: String) -> String? {
        var low = 0
        var high = self.count
        while low < high {
            let middle = (low + high) / 2
            if self[middle].key < key { low = middle + 1 } else { high = middle }
        }
        return low < self.count && self[low].key == key ? self[low].value : nil
    }

    /// `key=value,…` as `kubectl get --show-labels` prints it.
    public var text: String { self.map { "\($0.key)=\($0.value)" }.joined(separator: ",") }
}
