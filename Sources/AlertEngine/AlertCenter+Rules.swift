import AlertStore
public import Alerting
import Synchronization

/// Why a rule change or an alert action was refused; the web layer maps each to a status code.
public enum AlertCenterError: Error, Sendable, CustomStringConvertible {
    /// Bad input: the message names the field.
    case invalid(String)
    /// No such rule or alert.
    case notFound(String)
    /// The database cannot take the change now: nothing was changed.
    case unavailable(String)

    public var description: String {
        switch self {
        case .invalid(let message), .notFound(let message), .unavailable(let message): message
        }
    }
}

extension AlertCenter {
    public var rules: [AlertRule] { self.state.withLock { $0.rules } }

    public func rule(id: String) -> AlertRule? { self.state.withLock { $0.rule(id: id) } }

    /// Creates a rule: written to the database first (when there is one), then evaluated from the next pass.
    public func createRule(_ draft: RuleDraft, now: Int64) async throws(AlertCenterError) -> AlertRule {
        try self.requireLoaded()
        let rule: AlertRule
        do {
            rule = try draft.makeRule(id: AlertBook.newID(), defaultChannels: self.configuredChannels)
        } catch {
            throw .invalid(error.message)
        }
        if let store = self.store {
            do {
                try await store.insert(rule, now: now)
            } catch {
                throw .unavailable(
                    "The rule was not saved: the database is unavailable (\(error)). Try again when it is back."
                )
            }
        }
        self.state.withLock { $0.add(rule) }
        return rule
    }

    /// Applies a partial update. Changing what the rule evaluates (target, metric, condition, for_seconds) or
    /// disabling it resolves its open alerts with the reason recorded; renaming or changing channels does not.
    public func updateRule(id: String, _ draft: RuleDraft, now: Int64) async throws(AlertCenterError) -> AlertRule {
        try self.requireLoaded()
        guard let current = self.rule(id: id) else { throw .notFound("No rule with id \(id.prefix(40)).") }
        let updated: AlertRule
        do {
            updated = try draft.updating(current)
        } catch {
            throw .invalid(error.message)
        }
        if let store = self.store {
            let found: Bool
            do {
                found = try await store.update(updated, now: now)
            } catch {
                throw .unavailable(
                    "The rule was not changed: the database is unavailable (\(error)). Try again when it is back."
                )
            }
            guard found else { throw .notFound("No rule with id \(id.prefix(40)) (deleted meanwhile).") }
        }
        self.state.withLock { $0.replace(updated, now: now) }
        return updated
    }

    /// Deletes a rule; its open alerts resolve ("rule deleted") and stay in the history.
    public func deleteRule(id: String, now: Int64) async throws(AlertCenterError) {
        try self.requireLoaded()
        guard self.rule(id: id) != nil else { throw .notFound("No rule with id \(id.prefix(40)).") }
        if let store = self.store {
            do {
                _ = try await store.delete(ruleID: id)
            } catch {
                throw .unavailable(
                    "The rule was not deleted: the database is unavailable (\(error)). Try again when it is back."
                )
            }
        }
        self.state.withLock { $0.remove(ruleID: id, now: now) }
    }

    private func requireLoaded() throws(AlertCenterError) {
        guard self.isLoaded else {
            throw .unavailable("Rules are still being loaded from the database (it is unavailable); try again shortly.")
        }
    }

}
