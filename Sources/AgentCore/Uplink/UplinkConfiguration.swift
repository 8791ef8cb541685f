import Wire

/// Where and as whom the agent reports.
public struct UplinkConfiguration: Sendable, Hashable {
    public var host: String
    public var port: Int
    public var token: String?
    public var nodeName: String
    public var agentVersion: String
    public var capabilities: [String]
    /// Delay before retrying after the server rejected the agent (wrong token…): slow, and logged each time.
    public var rejectedRetryDelay: Duration

    public init(
        host: String,
        port: Int,
        token: String? = nil,
        nodeName: String,
        agentVersion: String = AgentVersion.current,
        capabilities: [String] = [],
        rejectedRetryDelay: Duration = .seconds(60)
    ) {
        self.host = host
        self.port = port
        self.token = token
        self.nodeName = nodeName
        self.agentVersion = agentVersion
        self.capabilities = capabilities
        self.rejectedRetryDelay = rejectedRetryDelay
    }

    /// Parses `HOST:PORT` (`[::1]:9090` for IPv6); nil when malformed.
    public static func parseAddress(_ text: String) -> (host: String, port: Int)? {
        IngestAddress.parse(text)
    }
}

/// This build's version, sent in Hello.
public enum AgentVersion: Sendable {
    public static let current = "0.1.0"
}
