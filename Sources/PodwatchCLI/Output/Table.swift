/// A kubectl-style table: upper-case headers, left-aligned columns three spaces apart.
///
/// Every cell comes from the server, and through it from agents: control characters (an ANSI escape in a pod
/// name would repaint the user's terminal) and bidirectional overrides are shown as `?`, and a cell is clipped
/// at 80 characters.
struct Table {
    var headers: [String]
    var rows: [[String]] = []

    static let maximumCell = 80

    init(_ headers: [String]) { self.headers = headers }

    mutating func append(_ row: [String]) { self.rows.append(row) }

    func render() -> String {
        let cells = self.rows.map { $0.map { Self.printable($0) } }
        var widths = self.headers.map(\.count)
        for row in cells {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        var lines = [Self.line(self.headers, widths)]
        lines += cells.map { Self.line($0, widths) }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func line(_ cells: [String], _ widths: [Int]) -> String {
        var text = ""
        for (index, cell) in cells.enumerated() where index < widths.count {
            if index == cells.count - 1 || index == widths.count - 1 {
                text += cell
            } else {
                text += cell + String(repeating: " ", count: widths[index] - cell.count + 3)
            }
        }
        return text
    }

    /// What a terminal may be given.
    static func printable(_ text: String, limit: Int = Self.maximumCell) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            let value = scalar.value
            let control = value < 0x20 || (0x7F...0x9F).contains(value)
            let bidi = (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value)
            result.unicodeScalars.append(control || bidi ? "?" : scalar)
        }
        if result.count > limit { return String(result.prefix(limit - 1)) + "…" }
        return result
    }
}
