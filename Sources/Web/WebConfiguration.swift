public import AlertEngine

/// What the web UI and API need to know of the server's configuration; the server derives it from its own.
public struct WebConfiguration: Sendable, Hashable {
    /// Whether agents need the shared token (every page warns when they do not).
    public var agentsAuthenticated: Bool
    /// Whether agents connect over TLS (every page warns when they do not).
    public var ingestEncrypted: Bool
    /// When set, API writes need `Authorization: Bearer <token>` and the UI's forms need a login.
    public var adminToken: String?
    /// When set, every page and API answer but the probes needs it (or the admin token, or a login).
    public var readToken: String?
    /// Shown (masked) on the alerts page.
    public var notificationTargets: NotificationTargets
    /// Profile durations a form may offer.
    public var profileDurations: ClosedRange<Int>
    /// How long a stale node stays listed (named in "no such node" answers).
    public var staleGrace: Duration
    /// `/metrics` lists every process of every pod too (`--metrics-processes`).
    public var metricsProcesses = false

    public init(
        agentsAuthenticated: Bool = false,
        ingestEncrypted: Bool = false,
        adminToken: String? = nil,
        readToken: String? = nil,
        notificationTargets: NotificationTargets = NotificationTargets(),
        profileDurations: ClosedRange<Int> = 30...600,
        staleGrace: Duration = .seconds(600)
    ) {
        self.agentsAuthenticated = agentsAuthenticated
        self.ingestEncrypted = ingestEncrypted
        self.adminToken = adminToken
        self.readToken = readToken
        self.notificationTargets = notificationTargets
        self.profileDurations = profileDurations
        self.staleGrace = staleGrace
    }
}
