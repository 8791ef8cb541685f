import Telemetry

/// The node page's "Agent" section: what Podwatch's own agent costs the node, as Kubernetes counts it, and how
/// its last pass read. Nothing about the monitor's own cost is hidden.
enum AgentView {
    /// Read failures listed on the page (the rest are counted).
    static let issuesShown = 20

    static func section(_ agent: AgentStats?, issues: [CollectionIssue]) -> HTML {
        let failed: HTML =
            issues.isEmpty
            ? ""
            : """
            <h3>Reads that failed in the last pass <small>(\(issues.count))</small></h3>
            <ul class="issues">\(issues.prefix(Self.issuesShown).map { HTML("<li><code>\($0.file)</code>: \($0.message)</li>") })</ul>
            """
        guard let agent else { return issues.isEmpty ? "" : "<section><h2>Agent</h2>\(failed)</section>" }
        let shortfall: HTML =
            agent.descriptorShortfalls > 0
            ? "<p class=\"banner error\">\(agent.descriptorShortfalls) file(s) could not be opened in the last pass: the agent ran out of descriptors (RLIMIT_NOFILE). The snapshot was sent without them.</p>"
            : ""
        return """
            <section><h2>Agent</h2>\(shortfall)<dl class="facts">
            <dt>memory (its cgroup)</dt><dd>\(Format.bytes(agent.memoryBytes)) <small>(what the kubelet holds against the DaemonSet's limit)</small></dd>
            <dt>of which kernel</dt><dd>\(Format.bytes(agent.kernelMemoryBytes))</dd>
            <dt>resident (RSS)</dt><dd>\(Format.bytes(agent.residentBytes))</dd>
            <dt>descriptors kept</dt><dd>\(agent.descriptorsKept) of \(agent.descriptorBudget) <small>(--descriptor-budget)</small></dd>
            <dt>last pass</dt><dd>\(agent.transientReads) file(s) opened and closed · \(agent.processesSkipped) process(es) of idle containers not read</dd>
            </dl>\(failed)</section>
            """
    }
}
