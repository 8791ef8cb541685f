public import NIOSSL
public import Telemetry
public import Wire

/// What the ingest listener needs to know; the server derives it from its own configuration (flags in
/// `ServerCommand`, limits in docs/wire-protocol.md#limits).
public struct IngestConfiguration: Sendable, Hashable {
    /// Address and port agents connect to.
    public var host: String
    public var ingestPort: Int
    /// The shared agent token; nil accepts any agent.
    public var token: String?
    /// Largest frame accepted from an agent once welcomed.
    public var maximumFrameLength: Int
    /// A connection that delivered nothing (not even a heartbeat) for this long is closed.
    public var peerSilenceLimit: Duration
    /// What one snapshot may hold; a snapshot past a limit is refused.
    public var snapshotLimits: SnapshotLimits
    /// Before authentication: the largest Hello, and how long a new connection may take to send it.
    public var helloMaximumLength: Int
    public var helloTimeout: Duration
    /// Open connections, in all and from one source address (0: no cap).
    public var maximumAgentConnections: Int
    public var maximumConnectionsPerAddress: Int
    /// Nodes held; a new node past it is refused (its agent retries).
    public var maximumNodes: Int
    /// TLS (PEM paths): the server's certificate chain and key, and the CA agents' certificates must chain to (nil:
    /// no client certificates). Without a chain and key, agents connect over plain TCP (`--insecure`).
    public var tlsCertificateChain: String?
    public var tlsPrivateKey: String?
    public var tlsClientCA: String?
    /// Applied to every command line as it arrives, before anything keeps it (`--show-secrets` narrows it to
    /// Podwatch's own secret flags).
    public var commandLineRedaction: CommandLineRedaction

    public init(
        host: String = "0.0.0.0",
        ingestPort: Int = 9090,
        token: String? = nil,
        maximumFrameLength: Int = 16 << 20,
        peerSilenceLimit: Duration = .seconds(30),
        snapshotLimits: SnapshotLimits = .standard,
        helloMaximumLength: Int = 4_096,
        helloTimeout: Duration = .seconds(5),
        maximumAgentConnections: Int = 12_000,
        maximumConnectionsPerAddress: Int = 32,
        maximumNodes: Int = 12_000,
        commandLineRedaction: CommandLineRedaction = .standard,
        tlsCertificateChain: String? = nil,
        tlsPrivateKey: String? = nil,
        tlsClientCA: String? = nil
    ) {
        self.host = host
        self.ingestPort = ingestPort
        self.token = token
        self.maximumFrameLength = maximumFrameLength
        self.peerSilenceLimit = peerSilenceLimit
        self.snapshotLimits = snapshotLimits
        self.helloMaximumLength = helloMaximumLength
        self.helloTimeout = helloTimeout
        self.maximumAgentConnections = maximumAgentConnections
        self.maximumConnectionsPerAddress = maximumConnectionsPerAddress
        self.maximumNodes = maximumNodes
        self.commandLineRedaction = commandLineRedaction
        self.tlsCertificateChain = tlsCertificateChain
        self.tlsPrivateKey = tlsPrivateKey
        self.tlsClientCA = tlsClientCA
    }

    /// The server's TLS context, or nil without a certificate (plain TCP). Throws a message naming the bad file.
    public func tlsContext() throws(IngestTLS.Failure) -> NIOSSLContext? {
        guard let chain = self.tlsCertificateChain, let key = self.tlsPrivateKey else { return nil }
        return try IngestTLS.serverContext(certificateChain: chain, privateKey: key, clientCA: self.tlsClientCA)
    }
}
