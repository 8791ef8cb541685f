import Foundation

/// Compares two JSONSerialization trees: the same keys (but `GoldenAPITests.volatileKeys`), the same array
/// lengths, equal strings and booleans, numbers equal to 1e-9 relative (a model that sums in another order may
/// round the last bit differently; the data is the same).
enum GoldenJSON {
    static func differences(_ expected: Any, _ actual: Any, path: String) -> [String] {
        switch (expected, actual) {
        case (let expected as [String: Any], let actual as [String: Any]):
            let keys = Set(expected.keys).union(actual.keys).subtracting(GoldenAPITests.volatileKeys)
            return keys.sorted().flatMap { key -> [String] in
                switch (expected[key], actual[key]) {
                case (nil, _): ["\(path).\(key): not in the recording"]
                case (_, nil): ["\(path).\(key): missing"]
                case (let left?, let right?): Self.differences(left, right, path: "\(path).\(key)")
                }
            }
        case (let expected as [Any], let actual as [Any]):
            guard expected.count == actual.count else {
                return ["\(path): \(actual.count) elements, recorded \(expected.count)"]
            }
            return zip(expected, actual).enumerated().flatMap { index, pair in
                Self.differences(pair.0, pair.1, path: "\(path)[\(index)]")
            }
        case (let expected as NSNumber, let actual as NSNumber):
            return Self.same(expected, actual) ? [] : ["\(path): \(actual), recorded \(expected)"]
        case (let expected as String, let actual as String):
            return expected == actual ? [] : ["\(path): \"\(actual)\", recorded \"\(expected)\""]
        case (is NSNull, is NSNull):
            return []
        default:
            return ["\(path): \(actual), recorded \(expected)"]
        }
    }

    static func same(_ left: NSNumber, _ right: NSNumber) -> Bool {
        if left == right { return true }
        let (a, b) = (left.doubleValue, right.doubleValue)
        return abs(a - b) <= 1e-9 * max(abs(a), abs(b))
    }
}
