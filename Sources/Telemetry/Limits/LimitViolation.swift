/// Why a snapshot was refused: the field, the value it had and the limit it broke. Logged by the server, shown
/// on `/api/v1/server` and the node's page, and sent to the agent in its Reject.
public struct LimitViolation: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where in the snapshot, e.g. `host.load.load1` or `containers[3].processes[pid 812].cmdline`.
    public var field: String
    /// The value as received, clipped and with control characters escaped (safe to log and show).
    public var value: String
    /// What was expected, e.g. `at most 1000000` or `a name without control characters`.
    public var limit: String

    public init(field: String, value: String, limit: String) {
        self.field = field
        self.value = Self.printable(value)
        self.limit = limit
    }

    public var description: String { "\(self.field) = \(self.value): expected \(self.limit)" }

    /// At most 80 characters, control characters as `\u{…}`: a refused value may be the attack.
    package static func printable(_ text: String) -> String {
        var result = ""
        var count = 0
        for scalar in text.unicodeScalars {
            guard count < 80 else {
                result += "…"
                break
            }
            count += 1
            if scalar.value < 0x20 || (0x7F..<0xA0).contains(scalar.value) {
                result += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
