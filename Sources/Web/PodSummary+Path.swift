import NodeStore

extension PodSummary {
    /// The URL of the pod page.
    func path(node: String) -> String {
        "/nodes/\(HTML.segment(node))/pods/\(HTML.segment(self.namespace))/\(HTML.segment(self.name))"
    }
}
