import Alerting
import Foundation

/// Alert rows ↔ ``Alert``.
enum AlertRows {
    static let select =
        "SELECT id, rule_id, rule_name, subject, metric, severity, operator, threshold, state, value, started_ms, resolved_ms, reason, dismissed, context FROM alerts"

    static func alert(_ row: [String?]) throws -> Alert {
        let rule = AlertRule(
            id: row[1] ?? "",
            name: row[2] ?? "",
            target: .node("*"),
            metric: row[4] ?? "",
            comparison: AlertOperator(rawValue: row[6] ?? "") ?? .greater,
            threshold: row[7].flatMap { Double($0) } ?? 0,
            severity: AlertSeverity(rawValue: row[5] ?? "") ?? .warning
        )
        var alert = Alert(
            id: row[0] ?? "",
            rule: rule,
            subject: try Coding.decode(AlertSubject.self, row[3]),
            value: row[9].flatMap { Double($0) },
            startedMilliseconds: row[10].flatMap { Int64($0) } ?? 0
        )
        alert.state = Alert.State(rawValue: row[8] ?? "") ?? .resolved
        alert.resolvedMilliseconds = row[11].flatMap { Int64($0) }
        alert.reason = row[12]
        alert.dismissed = row[13] == "t"
        // A context that no longer decodes loses the context, not the alert.
        alert.context = row.count > 14 ? row[14].flatMap { try? Coding.decode(AlertContext.self, $0) } : nil
        return alert
    }

    static func upsert(_ alert: Alert) throws -> (String, [String?]) {
        (
            """
            INSERT INTO alerts (id, rule_id, rule_name, subject_key, subject, metric, severity, operator, threshold, state, value, started_ms, resolved_ms, reason, dismissed, context)
            VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16::jsonb)
            ON CONFLICT (id) DO UPDATE SET state = EXCLUDED.state, value = EXCLUDED.value,
                resolved_ms = EXCLUDED.resolved_ms, reason = EXCLUDED.reason, dismissed = EXCLUDED.dismissed,
                context = EXCLUDED.context
            """,
            [
                alert.id, alert.ruleID, alert.ruleName, alert.subject.key, try Coding.encode(alert.subject),
                alert.metric, alert.severity.rawValue, alert.comparison.rawValue, String(alert.threshold),
                alert.state.rawValue, alert.value.map { String($0) }, String(alert.startedMilliseconds),
                alert.resolvedMilliseconds.map { String($0) }, alert.reason, alert.dismissed ? "true" : "false",
                try alert.context.map { try Coding.encode($0) },
            ]
        )
    }
}

/// Outbox rows ↔ ``AlertNotification``.
enum OutboxRows {
    static func notification(_ row: [String?]) throws -> AlertNotification {
        var notification = AlertNotification(
            id: row[0] ?? "",
            channel: row[7] ?? "",
            kind: AlertNotification.Kind(rawValue: row[8] ?? "") ?? .firing,
            event: try Coding.decode(AlertEvent.self, row[9]),
            now: row[5].flatMap { Int64($0) } ?? 0
        )
        notification.status = AlertNotification.Status(rawValue: row[1] ?? "") ?? .pending
        notification.attempts = row[2].flatMap { Int($0) } ?? 0
        notification.nextAttemptMilliseconds = row[3].flatMap { Int64($0) } ?? 0
        notification.lastError = row[4]
        notification.deliveredMilliseconds = row[6].flatMap { Int64($0) }
        return notification
    }

    static func upsert(_ notification: AlertNotification) throws -> (String, [String?]) {
        (
            """
            INSERT INTO notification_outbox (id, alert_id, rule_id, channel, kind, event, status, attempts, next_attempt_ms, last_error, created_ms, delivered_ms)
            VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10, $11, $12)
            ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, attempts = EXCLUDED.attempts,
                next_attempt_ms = EXCLUDED.next_attempt_ms, last_error = EXCLUDED.last_error,
                delivered_ms = EXCLUDED.delivered_ms
            """,
            [
                notification.id, notification.alertID, notification.ruleID, notification.channel,
                notification.kind.rawValue, try Coding.encode(notification.event), notification.status.rawValue,
                String(notification.attempts), String(notification.nextAttemptMilliseconds), notification.lastError,
                String(notification.createdMilliseconds), notification.deliveredMilliseconds.map { String($0) },
            ]
        )
    }
}

/// Journal entries → statements.
enum JournalStatements {
    static func statement(_ entry: JournalEntry) throws -> (String, [String?]) {
        switch entry {
        case .alert(let alert):
            return try AlertRows.upsert(alert)
        case .notification(let notification):
            return try OutboxRows.upsert(notification)
        case .actionDone(let id):
            return ("DELETE FROM alert_actions WHERE id = $1", [String(id)])
        case .clearPairs(let ruleID):
            return ("DELETE FROM alert_pair_states WHERE rule_id = $1", [ruleID])
        case .profileStacks(let alertID, let profileID, let folded):
            return (
                """
                INSERT INTO alert_profiles (alert_id, profile_id, folded) VALUES ($1, $2, decode($3, 'base64'))
                ON CONFLICT (alert_id) DO UPDATE SET profile_id = EXCLUDED.profile_id, folded = EXCLUDED.folded
                """,
                [alertID, profileID, Data(folded).base64EncodedString()]
            )
        case .pair(let ruleID, let subject, let state, _) where state.phase == .ok:
            return ("DELETE FROM alert_pair_states WHERE rule_id = $1 AND subject_key = $2", [ruleID, subject.key])
        case .pair(let ruleID, let subject, let state, let alertID):
            return (
                """
                INSERT INTO alert_pair_states (rule_id, subject_key, subject, phase, since_ms, value, last_notified_ms, alert_id)
                VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7, $8)
                ON CONFLICT (rule_id, subject_key) DO UPDATE SET subject = EXCLUDED.subject, phase = EXCLUDED.phase,
                    since_ms = EXCLUDED.since_ms, value = EXCLUDED.value, last_notified_ms = EXCLUDED.last_notified_ms,
                    alert_id = EXCLUDED.alert_id
                """,
                [
                    ruleID, subject.key, try Coding.encode(subject), state.phase.rawValue,
                    state.sinceMilliseconds.map { String($0) }, state.value.map { String($0) },
                    state.lastNotifiedMilliseconds.map { String($0) }, alertID,
                ]
            )
        }
    }
}
