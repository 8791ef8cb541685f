/// Folded stacks (`a;b;c 12` per line) as a tree: the JSON d3-flame-graph reads (`{name, value, children}`),
/// and the frames of our own SVG rendering.
/// Built and read within one request (not Sendable).
struct FlameGraph {
    final class Node {
        let name: String
        var value: UInt64 = 0
        var children: [String: Node] = [:]

        init(name: String) {
            self.name = name
        }
    }

    let root: Node
    /// Lines that were not `stack count` (counted, not fatal).
    let malformedLines: Int

    /// Parses folded text. The count is after the **last** space, so frames with spaces stay whole.
    init(folded: String) {
        let root = Node(name: "all")
        var malformed = 0
        for line in folded.split(separator: "\n", omittingEmptySubsequences: true) {
            guard let space = line.lastIndex(of: " "), let count = UInt64(line[line.index(after: space)...]),
                count > 0
            else {
                malformed += 1
                continue
            }
            root.value += count
            var node = root
            for frame in line[..<space].split(separator: ";", omittingEmptySubsequences: false) {
                let name = String(frame)
                let child = node.children[name] ?? Node(name: name)
                node.children[name] = child
                child.value += count
                node = child
            }
        }
        self.root = root
        self.malformedLines = malformed
    }

    /// d3-flame-graph's JSON shape; children in name order.
    struct JSONNode: Encodable {
        var name: String
        var value: UInt64
        var children: [JSONNode]
    }

    var json: JSONNode { Self.json(self.root) }

    private static func json(_ node: Node) -> JSONNode {
        JSONNode(
            name: node.name,
            value: node.value,
            children: node.children.values.sorted { $0.name < $1.name }.map(Self.json)
        )
    }

    /// One rectangle: `x` and `width` in samples (the root spans `0..<total`), `depth` 0 for the root.
    struct Frame: Sendable {
        var name: String
        var x: UInt64
        var width: UInt64
        var depth: Int
    }

    /// Every frame, depth-first, children in name order (the flame graph convention: x order is not time).
    /// Frames narrower than `minimum` samples are left out (with their subtrees) to bound the page size.
    func frames(minimum: UInt64 = 0) -> [Frame] {
        var frames: [Frame] = []
        func visit(_ node: Node, x: UInt64, depth: Int) {
            guard node.value >= minimum else { return }
            frames.append(Frame(name: node.name, x: x, width: node.value, depth: depth))
            var offset = x
            for child in node.children.values.sorted(by: { $0.name < $1.name }) {
                visit(child, x: offset, depth: depth + 1)
                offset += child.value
            }
        }
        visit(self.root, x: 0, depth: 0)
        return frames
    }
}
