package import NodeStore

/// The live parts of the pages, rendered from outside the web layer by the render benchmark in `podwatch-sim
/// bench`: the figure times the code the routes run. Each answers the rendered size in bytes.
package enum PageRendering {
    /// A node page's live part (CPUs, memory, interfaces, disks, every pod with its sparklines).
    package static func nodeFragment(_ node: NodeState) -> Int {
        NodeView.fragment(node).rendered.utf8.count
    }

    /// Every pod page's live part of one node (its containers and every process).
    package static func podFragments(_ node: NodeState) -> Int {
        PodSummary.pods(of: node).reduce(0) { $0 + PodView.fragment(node, $1).rendered.utf8.count }
    }

    /// The overview's first page of cards over `nodes`.
    package static func overviewFragment(_ nodes: [NodeState]) -> Int {
        OverviewView.fragment(nodes).rendered.utf8.count
    }
}
