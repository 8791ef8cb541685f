import Recordings

/// `/recordings`: every recording with its state, scope, size and download, the stop and delete buttons, and the
/// form that starts one (docs/api.md, Recordings).
enum RecordingsView {
    static func page(
        _ recordings: [Recording]?,
        usedBytes: Int64,
        budgetBytes: Int64,
        csrf: String,
        banner: HTML?
    )
        -> HTML
    {
        guard let recordings else {
            return Layout.page(
                title: "Recordings",
                breadcrumbs: [("Recordings", nil)],
                banner: banner,
                body: "<p class=\"empty\">\(RecordingError.disabled.message)</p>"
            )
        }
        let rows = recordings.map { Self.row($0, csrf: csrf) }
        let table: HTML =
            recordings.isEmpty
            ? "<p class=\"empty\">No recordings yet.</p>"
            : """
            <table class="data"><thead><tr><th>Name</th><th>State</th><th>Scope</th><th>Snapshots</th><th>Size</th>\
            <th>Started</th><th>Ends / ended</th><th></th></tr></thead><tbody>\(rows)</tbody></table>
            """
        return Layout.page(
            title: "Recordings",
            breadcrumbs: [("Recordings", nil)],
            banner: banner,
            body: """
                <section><h2>Recordings</h2>
                <p>Every snapshot in a recording's scope is appended to CSV files on the server (nodes, containers, and \
                processes when asked), downloaded as one tar archive. Disk: \(Format.bytes(Double(usedBytes))) of \
                \(Format.bytes(Double(budgetBytes))).</p>
                \(table)</section>
                \(Self.form(csrf: csrf))
                """
        )
    }

    static func row(_ recording: Recording, csrf: String) -> HTML {
        let id = recording.id
        let stop: HTML =
            recording.state == .running
            ? """
            <form method="post" action="/recordings/\(id)/stop" class="inline-form">\
            <input type="hidden" name="csrf" value="\(csrf)"><button>Stop</button></form>
            """ : ""
        let ends = recording.stoppedMilliseconds ?? recording.endsMilliseconds
        let reason: HTML = recording.reason.map { "<div class=\"muted\">\($0)</div>" } ?? ""
        return """
            <tr><td>\(recording.name)</td><td>\(recording.state.rawValue)\(reason)</td><td>\(Self.scope(recording.scope))</td>\
            <td>\(recording.snapshots)\(recording.missedSnapshots > 0 ? " (\(recording.missedSnapshots) missed)" : "")</td><td>\(Format.bytes(Double(recording.bytes)))</td>\
            <td>\(Format.clock(recording.startedMilliseconds))</td><td>\(ends.map(Format.clock) ?? "—")</td>\
            <td><a href="/api/v1/recordings/\(id)/archive">Download</a> \(stop)\
            <form method="post" action="/recordings/\(id)/delete" class="inline-form">\
            <input type="hidden" name="csrf" value="\(csrf)"><button>Delete</button></form></td></tr>
            """
    }

    static func scope(_ scope: RecordingScope) -> String {
        var parts: [String] = []
        if !scope.nodes.isEmpty { parts.append("nodes " + scope.nodes.joined(separator: ", ")) }
        if !scope.namespaces.isEmpty { parts.append("namespaces " + scope.namespaces.joined(separator: ", ")) }
        if !scope.pods.isEmpty { parts.append("pods " + scope.pods.joined(separator: ", ")) }
        return (parts.isEmpty ? "the whole cluster" : parts.joined(separator: "; "))
            + (scope.processes ? ", with processes" : "")
    }

    static func form(csrf: String) -> HTML {
        """
        <section><h2>Start a recording</h2>
        <form method="post" action="/recordings" class="rule-form">
        <input type="hidden" name="csrf" value="\(csrf)">
        <label>Name <input name="name" required maxlength="100"></label>
        <label>Nodes <input name="nodes" placeholder="all; or node-01, node-02"></label>
        <label>Namespaces <input name="namespaces" placeholder="all; or shop, batch"></label>
        <label>Pods <input name="pods" placeholder="all; or shop/checkout-7d9c5f-x2k4q"></label>
        <label><input type="checkbox" name="processes" value="on"> Every process too</label>
        <label>Minutes <input name="duration_minutes" inputmode="numeric" size="5" placeholder="until stopped"></label>
        <button>Start recording</button></form></section>
        """
    }
}
