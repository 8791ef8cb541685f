import Telemetry

/// The node as the Kubernetes API sees it: condition badges for cards (NotReady or any pressure visible at a
/// glance), and the node page's section with conditions, capacity, allocatable, versions and the agent's API
/// status.
enum KubernetesNodeView {
    /// Badges for what is wrong (`NotReady`, `MemoryPressure`, …) and for an API the agent cannot reach; empty
    /// for a healthy node or one reported without the API.
    static func badges(_ info: NodeInfo?) -> HTML {
        guard let info else { return "" }
        var badges: [HTML] = info.problems.map { condition in
            let label = condition.type == "Ready" ? "NotReady" : condition.type
            let title = [condition.reason, condition.message].filter { !$0.isEmpty }.joined(separator: ": ")
            return " <span class=\"badge bad\" title=\"\(title)\" data-condition=\"\(condition.type)\">\(label)</span>"
        }
        if !info.apiError.isEmpty {
            badges.append(" <span class=\"badge stale\" title=\"\(info.apiError)\">API unreachable</span>")
        }
        return "\(badges)"
    }

    /// Each label a filter of the dense node view for the nodes carrying it.
    static func labels(_ labels: [Label]) -> HTML {
        guard !labels.isEmpty else { return "—" }
        let links = labels.map { label -> HTML in
            "<a class=\"label\" href=\"/nodes?q=\(HTML.segment("\(label.key)=\(label.value)"))\">\(label.key)=\(label.value)</a> "
        }
        return "\(links)"
    }

    /// The node page's Kubernetes section; empty without the API.
    static func section(_ info: NodeInfo?) -> HTML {
        guard let info else { return "" }
        let conditions = info.conditions.map { condition -> HTML in
            let wrong = info.problems.contains(condition)
            return """
                <tr\(wrong ? " class=\"wrong\"" as HTML : "")><td>\(condition.type)</td><td>\(condition.status)</td>\
                <td>\(condition.reason)</td><td>\(condition.message)</td></tr>
                """
        }
        let error: HTML =
            info.apiError.isEmpty
            ? ""
            : "<p class=\"notice\">The agent cannot read the Kubernetes API: \(info.apiError). Metrics keep flowing; pod names are the last known.</p>"
        return """
            <section><h2>Kubernetes</h2>\(error)
            <dl class="facts"><dt>kubelet</dt><dd>\(info.kubeletVersion.isEmpty ? "—" : info.kubeletVersion)</dd>
            <dt>runtime</dt><dd>\(info.containerRuntimeVersion.isEmpty ? "—" : info.containerRuntimeVersion)</dd>
            <dt>labels</dt><dd>\(Self.labels(info.labels))</dd>
            <dt>CPU capacity / allocatable</dt><dd>\(Self.cores(info.cpuCapacityMillicores)) / \(Self.cores(info.cpuAllocatableMillicores))</dd>
            <dt>memory capacity / allocatable</dt><dd>\(Format.bytes(info.memoryCapacityBytes.map(Double.init))) / \(Format.bytes(info.memoryAllocatableBytes.map(Double.init)))</dd>
            <dt>pods capacity / allocatable</dt><dd>\(info.podsCapacity.map(String.init) ?? "—") / \(info.podsAllocatable.map(String.init) ?? "—")</dd></dl>
            <table><thead><tr><th>condition</th><th>status</th><th>reason</th><th>message</th></tr></thead><tbody>\(conditions)</tbody></table>
            </section>
            """
    }

    static func cores(_ millicores: Int64?) -> String {
        Format.cores(millicores.map { Double($0) / 1000 })
    }
}
