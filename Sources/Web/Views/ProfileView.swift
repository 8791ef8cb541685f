import Profiles

/// The profiling parts of the UI: the pod page's "CPU profile" section (start form and this pod's profiles) and
/// the profile page (live state while running; the interactive flame graph when done).
enum ProfileView {
    /// The pod page's section. `unavailable` says why profiles cannot start (no agent, profiling disabled).
    static func podSection(
        node: String,
        namespace: String,
        pod: String,
        profiles: [Profile],
        unavailable: String?,
        durations: ClosedRange<Int>,
        csrf: String
    ) -> HTML {
        let choices = ([durations.lowerBound] + [5, 10, 30, 60, 120, 300, 600]).filter(durations.contains)
        let options = Array(Set(choices)).sorted().map { seconds -> HTML in
            "<option value=\"\(seconds)\"\(seconds == 60 ? " selected" : "")>\(seconds) s</option>"
        }
        let form: HTML =
            unavailable.map { "<p class=\"notice\">\($0)</p>" }
                ?? """
                <form method="post" action="/profiles" class="inline-form">
                <input type="hidden" name="csrf" value="\(csrf)"><input type="hidden" name="node" value="\(node)">
                <input type="hidden" name="namespace" value="\(namespace)"><input type="hidden" name="pod" value="\(pod)">
                <label>Duration <select name="duration_seconds">\(options)</select></label>
                <label>Frequency (Hz) <input name="frequency_hz" value="99" inputmode="numeric" size="4"></label>
                <button>Profile every process of this pod</button></form>
                """
        let rows = profiles.map { profile -> HTML in
            """
            <tr><td><a href="/profiles/\(profile.id)">\(Format.clock(profile.createdMilliseconds))</a></td>\
            <td>\(Self.badge(profile))</td><td class="num">\(profile.durationSeconds) s</td>\
            <td class="num">\(profile.samples)</td><td>\(profile.reason ?? "")</td></tr>
            """
        }
        let list: HTML =
            profiles.isEmpty
            ? "<p class=\"empty\">No profile of this pod yet.</p>"
            : "<table><thead><tr><th>started</th><th>state</th><th>duration</th><th>samples</th><th>reason</th></tr></thead><tbody>\(rows)</tbody></table>"
        return "<section><h2>CPU profile</h2>\(form)\(list)</section>"
    }

    static func badge(_ profile: Profile) -> HTML {
        let kind =
            switch profile.state {
            case .done: "ok"
            case .failed: "bad"
            case .queued, .running: "stale"
            }
        return "<span class=\"badge \(kind)\" data-state=\"\(profile.state.rawValue)\">\(profile.state.rawValue)</span>"
    }

    static func page(_ profile: Profile, csrf: String, banner: HTML?) -> HTML {
        let podPath =
            "/nodes/\(HTML.segment(profile.node))/pods/\(HTML.segment(profile.namespace))/\(HTML.segment(profile.pod))"
        let body: HTML
        if profile.isActive {
            body = """
                <h1>Profile of \(profile.namespace)/\(profile.pod)</h1>
                \(Layout.live("/profiles/\(profile.id)/fragment", Self.status(profile, csrf: csrf)))
                """
        } else {
            body = """
                <h1>Profile of \(profile.namespace)/\(profile.pod)</h1>
                \(Self.status(profile, csrf: csrf))\(Self.graph(profile))
                """
        }
        return Layout.page(
            title: "Profile \(profile.pod)",
            breadcrumbs: [
                ("nodes", "/"), (profile.node, "/nodes/\(HTML.segment(profile.node))"),
                ("\(profile.namespace)/\(profile.pod)", podPath), ("profile", nil),
            ],
            banner: banner,
            body: body
        )
    }

    /// State, facts, and (while active) a cancel button; a finished profile reloads into its graph.
    static func status(_ profile: Profile, csrf: String, fragment: Bool = false) -> HTML {
        let cancel: HTML =
            profile.isActive
            ? "<form method=\"post\" action=\"/profiles/\(profile.id)/cancel\" class=\"inline-form\"><input type=\"hidden\" name=\"csrf\" value=\"\(csrf)\"><button>Cancel</button></form>"
            : ""
        // The live region of a running profile: once finished, the script reloads the page into its graph.
        let reload: HTML =
            fragment && !profile.isActive
            ? "<p data-reload=\"1\"><a href=\"/profiles/\(profile.id)\">Show the result</a></p>" : ""
        return """
            <dl class="facts"><dt>state</dt><dd>\(Self.badge(profile))</dd><dt>node</dt><dd>\(profile.node)</dd>
            <dt>duration</dt><dd>\(profile.durationSeconds) s at \(profile.frequencyHz) Hz</dd>
            <dt>started</dt><dd>\(Format.clock(profile.createdMilliseconds))</dd>
            <dt>samples</dt><dd>\(profile.samples)\(profile.truncated ? " (output cut at the agent's cap; the heaviest stacks are kept)" : "")</dd>
            \(profile.reason.map { HTML("<dt>reason</dt><dd class=\"reason\">\($0)</dd>") } ?? "")</dl>
            \(cancel)\(reload)
            """
    }

    static func graph(_ profile: Profile) -> HTML {
        guard profile.state == .done else { return "" }
        guard profile.samples > 0, !profile.folded.isEmpty else {
            return "<p class=\"empty\">No samples: the pod's processes did not run on a CPU while it was profiled.</p>"
        }
        let api = "/api/v1/profiles/\(profile.id)"
        return """
            <div class="flame-tools"><input type="search" id="flame-search" placeholder="search frames (regex)" aria-label="search frames">
            <button type="button" id="flame-reset">Reset zoom</button> <span id="flame-match"></span>
            <span class="downloads">Download: <a href="\(api)/folded">folded</a> · <a href="\(api)/json">JSON</a> · <a href="\(api)/svg">SVG</a></span></div>
            <p id="flame-details" class="note">Click a frame to zoom; hover for its samples.</p>
            <div class="flame">\(FlameGraphSVG.render(FlameGraph(folded: profile.foldedText), title: profile.title))</div>
            <script src="/assets/flamegraph.js" defer></script>
            """
    }
}
