import AlertStore
public import Alerting

extension AlertCenter {
    /// One alert by id: from memory when this server holds it, else from the database (alerts resolved long
    /// ago, or before a restart). nil when there is none; throws while the database is down.
    public func lookup(id: String) async throws(AlertCenterError) -> Alert? {
        if let alert = self.alert(id: id) { return alert }
        guard let store = self.store else { return nil }
        do {
            return try await store.alert(id: id)
        } catch {
            throw .unavailable("The alert cannot be read while the database is down (\(error)).")
        }
    }

    /// The folded stacks kept with an alert whose rule asked for a profile (the database's copy; the caller
    /// tries the server's own profiles first). nil when none was stored.
    public func storedProfile(alertID: String) async throws(AlertCenterError) -> [UInt8]? {
        guard let store = self.store else { return nil }
        do {
            return try await store.profileStacks(alertID: alertID)
        } catch {
            throw .unavailable("The profile cannot be read while the database is down (\(error)).")
        }
    }
}
