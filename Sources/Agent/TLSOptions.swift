import ArgumentParser
import Logging
import Wire

/// How the agent secures its connection to the server: TLS with the CA that signed the server's certificate, or
/// plain TCP only when asked for by name.
struct TLSOptions: ParsableArguments {
    @Option(help: "PEM CA that signed the server's certificate (env PODWATCH_TLS_CA).")
    var tlsCa: String?

    @Option(help: "PEM client certificate to present, when the server asks for one (with --tls-key).")
    var tlsCert: String?

    @Option(help: "PEM private key of --tls-cert.")
    var tlsKey: String?

    @Option(help: "Name the server's certificate must carry (default: the --server host, or its IP address).")
    var tlsServerName: String?

    @Flag(help: "Connect over plain TCP: the token and every command line cross the network in clear.")
    var insecure = false

    /// The TLS settings, nil for `--insecure`; a clear error when neither is given or a file is unusable.
    func client(logger: Logger) throws -> ClientTLS? {
        guard let ca = self.tlsCa ?? EnvironmentVariable.value("PODWATCH_TLS_CA") else {
            guard self.insecure else {
                throw ValidationError(
                    "The connection to the server would be plain TCP: give --tls-ca (the CA of the server's certificate), or --insecure to accept that"
                )
            }
            logger.warning(
                "Connecting without TLS (--insecure): the token and command lines cross the network in clear"
            )
            return nil
        }
        do {
            let context = try IngestTLS.clientContext(
                trustRoots: ca,
                certificateChain: self.tlsCert,
                privateKey: self.tlsKey
            )
            return ClientTLS(context: context, serverName: self.tlsServerName)
        } catch {
            throw ValidationError(error.description)
        }
    }
}
