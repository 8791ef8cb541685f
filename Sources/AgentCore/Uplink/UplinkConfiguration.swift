public import Wire

/// Where and as whom the agent reports.
public struct UplinkConfiguration: Sendable, Hashable {
    public var host: String
    public var port: Int
    public var token: String?
    /// Where the token comes from, re-read before each connection: a projected service-account token is rotated
    /// by the kubelet, a mounted Secret by its owner. Its content wins over `token`.
    public var tokenFile: String?
    public var nodeName: String
    public var agentVersion: String
    public var capabilities: [String]
    /// Delay before retrying after the server rejected the agent (wrong token…): slow, and logged each time.
    public var rejectedRetryDelay: Duration

    public init(
        host: String,
        port: Int,
        token: String? = nil,
        tokenFile: String? = nil,
        nodeName: String,
        agentVersion: String = AgentVersion.current,
        capabilities: [String] = [],
        rejectedRetryDelay: Duration = .seconds(60)
    ) {
        self.host = host
        self.port = port
        self.token = token
        self.tokenFile = tokenFile
        self.nodeName = nodeName
        self.agentVersion = agentVersion
        self.capabilities = capabilities
        self.rejectedRetryDelay = rejectedRetryDelay
    }

    /// The token to present now: the file's current content when there is a file.
    public func currentToken() throws(TokenFile.Failure) -> String? {
        guard let file = self.tokenFile else { return self.token }
        return try TokenFile.read(file)
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
