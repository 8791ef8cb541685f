public import NIOSSL

/// TLS on the ingest connection (docs/wire-protocol.md#tls): PEM files in, contexts out, and errors that name
/// the file. TLS 1.2 at least; the agent verifies the server's certificate against its CA and the server's name
/// (or IP address); a server given a client CA also requires and verifies the agent's certificate.
public enum IngestTLS: Sendable {
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// The server's side: its certificate chain and private key; with `clientCA`, agents must present a
    /// certificate it signed.
    public static func serverContext(
        certificateChain: String,
        privateKey: String,
        clientCA: String? = nil
    ) throws(Failure) -> NIOSSLContext {
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: try Self.certificates(certificateChain, "--tls-cert").map { .certificate($0) },
            privateKey: .privateKey(try Self.key(privateKey, "--tls-key"))
        )
        configuration.minimumTLSVersion = .tlsv12
        if let clientCA {
            configuration.trustRoots = .certificates(try Self.certificates(clientCA, "--tls-client-ca"))
            configuration.certificateVerification = .noHostnameVerification
        }
        return try Self.context(configuration)
    }

    /// The agent's side: the CA that signed the server's certificate, and optionally the agent's own certificate.
    public static func clientContext(
        trustRoots: String,
        certificateChain: String? = nil,
        privateKey: String? = nil
    ) throws(Failure) -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        configuration.trustRoots = .certificates(try Self.certificates(trustRoots, "--tls-ca"))
        configuration.certificateVerification = .fullVerification
        switch (certificateChain, privateKey) {
        case (let chain?, let key?):
            configuration.certificateChain = try Self.certificates(chain, "--tls-cert").map { .certificate($0) }
            configuration.privateKey = .privateKey(try Self.key(key, "--tls-key"))
        case (nil, nil):
            break
        default:
            throw Failure(description: "--tls-cert and --tls-key go together")
        }
        return try Self.context(configuration)
    }

    /// Whether an error ending a connection came from TLS (a handshake refused, a certificate not trusted…).
    public static func isTLSFailure(_ error: any Error) -> Bool {
        error is NIOSSLError || error is NIOSSLExtraError || error is BoringSSLError
    }

    private static func certificates(_ path: String, _ flag: String) throws(Failure) -> [NIOSSLCertificate] {
        let certificates: [NIOSSLCertificate]
        do {
            certificates = try NIOSSLCertificate.fromPEMFile(path)
        } catch {
            throw Failure(description: "\(flag) \(path): not a readable PEM certificate file (\(error))")
        }
        guard !certificates.isEmpty else { throw Failure(description: "\(flag) \(path): no certificate in the file") }
        return certificates
    }

    private static func key(_ path: String, _ flag: String) throws(Failure) -> NIOSSLPrivateKey {
        do {
            return try NIOSSLPrivateKey(file: path, format: .pem)
        } catch {
            throw Failure(description: "\(flag) \(path): not a readable PEM private key (\(error))")
        }
    }

    private static func context(_ configuration: TLSConfiguration) throws(Failure) -> NIOSSLContext {
        do {
            return try NIOSSLContext(configuration: configuration)
        } catch {
            throw Failure(description: "TLS configuration refused: \(error)")
        }
    }
}

/// How an agent (or the simulator) secures its connection: the context, and the name its certificate must carry
/// (nil: the host it connects to, or its IP address).
public struct ClientTLS: Sendable {
    public var context: NIOSSLContext
    public var serverName: String?

    public init(context: NIOSSLContext, serverName: String? = nil) {
        self.context = context
        self.serverName = serverName
    }
}
