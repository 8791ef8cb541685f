import Telemetry

/// Folded stacks (`a;b;c 12` per line) as a tree: the JSON d3-flame-graph reads (`{name, value, children}`),
/// and the frames of our own SVG rendering.
/// Built and read within one request (not Sendable).
///
/// The text comes from an agent, so nothing in it may trap or recurse without bound: sample counts add up
/// saturating, and a stack deeper than ``maximumDepth`` frames keeps its outermost frames and counts as
/// truncated (perf itself records at most 127 frames, `kernel.perf_event_max_stack`, plus our container and
/// process root frames).
package struct FlameGraph {
    package final class Node {
        package let name: String
        package var value: UInt64 = 0
        package var children: [String: Node] = [:]

        package init(name: String) {
            self.name = name
        }
    }

    /// perf's default stack limit (127) plus the agent's two root frames (container, process), with room.
    package static let maximumDepth = 136

    package let root: Node
    /// Lines that were not `stack count` (counted, not fatal).
    package let malformedLines: Int
    /// Stacks cut at ``maximumDepth`` frames.
    package let truncatedStacks: Int

    /// Parses folded text. The count is after the **last** space, so frames with spaces stay whole.
    package init(folded: String) {
        let root = Node(name: "all")
        var malformed = 0
        var truncated = 0
        for line in folded.split(separator: "\n", omittingEmptySubsequences: true) {
            guard let space = line.lastIndex(of: " "), let count = UInt64(line[line.index(after: space)...]),
                count > 0
            else {
                malformed += 1
                continue
            }
            root.value = root.value.addingSaturating(count)
            var node = root
            var depth = 0
            for frame in line[..<space].split(separator: ";", omittingEmptySubsequences: false) {
                guard depth < Self.maximumDepth else {
                    truncated += 1
                    break
                }
                depth += 1
                let name = String(frame)
                let child = node.children[name] ?? Node(name: name)
                node.children[name] = child
                child.value = child.value.addingSaturating(count)
                node = child
            }
        }
        self.root = root
        self.malformedLines = malformed
        self.truncatedStacks = truncated
    }

    /// d3-flame-graph's JSON shape; children in name order.
    package struct JSONNode: Encodable {
        package var name: String
        package var value: UInt64
        package var children: [JSONNode]
    }

    /// Recursive, but only ``maximumDepth`` deep: the parser never builds a deeper tree.
    package var json: JSONNode { Self.json(self.root) }

    private static func json(_ node: Node) -> JSONNode {
        JSONNode(
            name: node.name,
            value: node.value,
            children: node.children.values.sorted { $0.name < $1.name }.map(Self.json)
        )
    }

    /// One rectangle: `x` and `width` in samples (the root spans `0..<total`), `depth` 0 for the root.
    package struct Frame: Sendable {
        package var name: String
        package var x: UInt64
        package var width: UInt64
        package var depth: Int
    }

    /// Every frame, depth-first, children in name order (the flame graph convention: x order is not time).
    /// Frames narrower than `minimum` samples are left out (with their subtrees) to bound the page size.
    /// Walked with an explicit stack, not recursion.
    package func frames(minimum: UInt64 = 0) -> [Frame] {
        var frames: [Frame] = []
        var pending: [(node: Node, x: UInt64, depth: Int)] = [(self.root, 0, 0)]
        while let (node, x, depth) = pending.popLast() {
            guard node.value >= minimum else { continue }
            frames.append(Frame(name: node.name, x: x, width: node.value, depth: depth))
            var offset = x
            var children: [(node: Node, x: UInt64, depth: Int)] = []
            for child in node.children.values.sorted(by: { $0.name < $1.name }) {
                children.append((child, offset, depth + 1))
                offset = offset.addingSaturating(child.value)
            }
            // Reversed onto the stack so that the first child is visited first, as the recursion did.
            pending.append(contentsOf: children.reversed())
        }
        return frames
    }
}
