import AgentCore
import Foundation
import KubeClient
import Logging
import TLSTesting
import Telemetry
import Testing

/// One fake API server with its own CA, a token file the test can rotate, and the agent's watch service
/// running against them.
final class WatchTestHarness: Sendable {
    let certificates: TestCertificates
    let api: FakeAPIServer
    let tokenFile: String
    let directory = ClusterDirectory()
    let task: Task<Void, any Error>

    init(fixture: ClusterFixture, token: String = "token-1", publish: Bool = true) async throws {
        self.certificates = try TestCertificates()
        self.api = try await FakeAPIServer(certificates: self.certificates, tokens: [token])
        self.tokenFile = self.certificates.directory + "/token"
        try token.write(toFile: self.tokenFile, atomically: true, encoding: .utf8)
        if publish { try fixture.publish(to: self.api) }
        let access = ClusterAccess(
            server: self.api.server,
            trust: .file(self.certificates.ca),
            credentials: .tokenFile(self.tokenFile)
        )
        var logger = Logger(label: "watch-test")
        logger.logLevel = .critical
        // Short watches, so that re-WATCH from the newest version happens during the test.
        let service = KubeWatchService(
            client: try KubeAPIClient(access: access),
            nodeName: ClusterFixture.node,
            directory: self.directory,
            logger: logger,
            timeoutSeconds: 2...3
        )
        self.task = Task { try await service.run() }
    }

    /// A harness whose first pod LIST has completed (a failed expectation if it does not within 60 s: a hang guard, generous because the full suite starts with every core taken).
    static func listed(_ fixture: ClusterFixture) async throws -> WatchTestHarness {
        let harness = try await WatchTestHarness(fixture: fixture)
        #expect(await harness.directory.waitForPods(timeout: .seconds(60)))
        return harness
    }

    /// The checkout pod's `web` container as the directory names it now.
    var web: ContainerName? {
        self.pod(named: "checkout-7d9f8b6c5d-x2k4q")?.containers.first { $0.name == "web" }
    }

    func rotate(to token: String) throws {
        try token.write(toFile: self.tokenFile, atomically: true, encoding: .utf8)
    }

    func stop() async {
        self.task.cancel()
        _ = try? await self.task.value
        await self.api.stop()
        self.certificates.remove()
    }

    /// Polls `condition` every 50 ms for up to `seconds`; returns whether it held.
    func eventually(within seconds: Int = 15, _ condition: () -> Bool) async -> Bool {
        for _ in 0..<(seconds * 20) {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return condition()
    }

    func pod(named name: String) -> PodMetadata? {
        self.directory.podMetadata().first { $0.name == name }
    }
}
