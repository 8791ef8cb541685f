public import Hummingbird
import HummingbirdTLS
import Logging
import NIOSSL
import ServiceLifecycle
import Synchronization

/// A Hummingbird application on a loopback port over TLS with the test PKI's server certificate: what the fake
/// Kubernetes API server, the fake kubelet and the fake TokenReview API run on. ``start(router:certificates:port:)``
/// returns once the port is bound; ``stop()`` shuts it down (a restart may ask for the same port again).
public final class TLSTestApp: Sendable {
    private let running: Mutex<(group: ServiceGroup, task: Task<Void, any Error>)?>
    private let boundPort = Mutex<Int?>(nil)

    private init() {
        self.running = Mutex(nil)
    }

    public var port: Int { self.boundPort.withLock { $0 ?? 0 } }

    public static func start(
        router: Router<BasicRequestContext>,
        certificates: TestCertificates,
        port: Int = 0
    ) async throws -> TLSTestApp {
        var tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(certificates.serverCertificate).map {
                .certificate($0)
            },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: certificates.serverKey, format: .pem))
        )
        tls.minimumTLSVersion = .tlsv12
        var logger = Logger(label: "tls-test-app")
        logger.logLevel = .critical
        let app = TLSTestApp()
        let application = Application(
            router: router,
            server: try .tls(.http1(), tlsConfiguration: tls),
            configuration: .init(address: .hostname("127.0.0.1", port: port)),
            onServerRunning: { channel in app.boundPort.withLock { $0 = channel.localAddress?.port } },
            logger: logger
        )
        let group = ServiceGroup(services: [application], logger: logger)
        app.running.withLock { $0 = (group, Task { try await group.run() }) }
        for _ in 0..<500 where app.boundPort.withLock({ $0 }) == nil {
            try await Task.sleep(for: .milliseconds(10))
        }
        return app
    }

    public func stop() async {
        guard
            let (group, task) = self.running.withLock({ running in
                defer { running = nil }
                return running
            })
        else { return }
        await group.triggerGracefulShutdown()
        _ = try? await task.value
    }
}
