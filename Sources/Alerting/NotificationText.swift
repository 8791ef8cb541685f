/// The phrases every channel's message is made of, so that Discord, Slack and the webhook say the same thing.
public enum NotificationText: Sendable {
    public static func heading(_ kind: AlertNotification.Kind, profile: AlertProfile? = nil) -> String {
        switch kind {
        case .firing: "FIRING"
        case .ongoing: "STILL FIRING"
        case .resolved: "RESOLVED"
        case .dismissed: "DISMISSED"
        case .profiled: profile?.state == .done ? "PROFILE READY" : "PROFILE FAILED"
        }
    }

    /// The kind a batch is headed by: firing if anything in it fires, else its newest kind.
    public static func kind(_ batch: NotificationBatch) -> AlertNotification.Kind {
        if batch.notifications.contains(where: { $0.kind == .firing }) { return .firing }
        if batch.notifications.contains(where: { $0.kind == .ongoing }) { return .ongoing }
        return batch.notifications.last?.kind ?? .firing
    }

    /// `FIRING: busy pods — 240 firing in namespace shop` (groups), `FIRING: busy pods` (one alert).
    public static func title(_ batch: NotificationBatch) -> String {
        let kind = Self.kind(batch)
        guard let first = batch.notifications.first else { return "" }
        let heading = Self.heading(kind, profile: first.event.profile)
        guard Self.isGroup(batch) else { return "\(heading): \(first.event.ruleName)" }
        if batch.notifications.allSatisfy({ $0.kind == .profiled }) {
            return "PROFILES: \(first.event.ruleName) — \(batch.notifications.count) finished"
        }
        return "\(heading): \(first.event.ruleName) — \(batch.firing) firing in \(batch.groupKey)"
    }

    /// Whether the message is about a group rather than one alert.
    public static func isGroup(_ batch: NotificationBatch) -> Bool {
        batch.notifications.count > 1 || (batch.firing > 1 && batch.notifications.first?.kind != .profiled)
    }

    /// `3 firing, 1 resolved in this message`.
    public static func counts(_ batch: NotificationBatch) -> String {
        batch.kindCounts.map { "\($1) \($0.rawValue)" }.joined(separator: ", ") + " in this message"
    }

    /// `pod shop/api-1: 97 % (> 90 %)`.
    public static func line(_ event: AlertEvent) -> String {
        let unit = event.unit.isEmpty ? "" : " \(event.unit)"
        return
            "\(event.subject): \(AlertValue.text(event.value))\(unit) (\(event.comparison.rawValue) \(AlertValue.text(event.threshold))\(unit))"
    }

    /// `1234 python train.py — 95.2 % CPU` per process, or `shop/api-1 — 1.2 cores` per pod; at most three.
    public static func top(_ event: AlertEvent) -> [String] {
        Self.top(processes: event.processes ?? [], pods: event.pods ?? [], ranking: event.rankedBy ?? .cpu)
    }

    /// The same lines from what an alert captured (the alerts page's "top at fire time").
    public static func top(_ context: AlertContext) -> [String] {
        Self.top(processes: context.processes, pods: context.pods, ranking: context.rankedBy)
    }

    static func top(
        processes: [AlertContext.Process],
        pods: [AlertContext.Pod],
        ranking: AlertContext.Ranking
    ) -> [String] {
        if !processes.isEmpty {
            return processes.prefix(AlertEvent.topKept).map {
                "\($0.pid) \(Self.short($0.command, 80)) — \(Self.measure($0, ranking))"
            }
        }
        return pods.prefix(AlertEvent.topKept).map { "\($0.namespace)/\($0.pod) — \(Self.measure($0, ranking))" }
    }

    /// `capturing a 30 s profile`, `profile ready`, `profile skipped: a profile of shop/api is already running`.
    public static func profile(_ profile: AlertProfile?) -> String? {
        guard let profile else { return nil }
        switch profile.state {
        case .running: return "capturing a \(profile.durationSeconds) s profile of the pod"
        case .done: return "profile ready (\(profile.samples) samples)"
        case .failed: return "profile failed: \(profile.reason ?? "unknown reason")"
        case .skipped: return "profile skipped: \(profile.reason ?? "unknown reason")"
        }
    }

    static func measure(_ process: AlertContext.Process, _ ranking: AlertContext.Ranking) -> String {
        switch ranking {
        case .cpu: "\(AlertValue.text(process.cpuPercent)) % CPU"
        case .memory: Self.bytes(process.memoryBytes)
        case .io: Self.bytes(process.ioBytesPerSecond) + "/s"
        }
    }

    static func measure(_ pod: AlertContext.Pod, _ ranking: AlertContext.Ranking) -> String {
        switch ranking {
        case .cpu: "\(AlertValue.text(pod.cpuCores)) cores"
        case .memory: Self.bytes(pod.memoryBytes)
        case .io: Self.bytes(pod.ioBytesPerSecond) + "/s"
        }
    }

    /// `1.2 GiB`; `—` when unknown.
    public static func bytes(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "—" }
        var scaled = value
        for unit in ["B", "KiB", "MiB", "GiB", "TiB"] {
            if abs(scaled) < 1024 || unit == "TiB" { return "\(AlertValue.text(scaled)) \(unit)" }
            scaled /= 1024
        }
        return "\(AlertValue.text(scaled)) TiB"
    }

    /// At most `limit` characters, with an ellipsis when cut; control characters become spaces.
    public static func short(_ text: String, _ limit: Int) -> String {
        let clean = String(text.map { $0.isNewline || $0.asciiValue.map { $0 < 0x20 } == true ? " " : $0 })
        return clean.count <= limit ? clean : String(clean.prefix(limit - 1)) + "…"
    }
}
