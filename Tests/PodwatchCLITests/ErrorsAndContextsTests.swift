import Foundation
import Hummingbird
import TLSTesting
import Telemetry
import Testing

/// Exit codes and the sentences that come with them, the config file's contexts, completions and --version.
@Suite struct ErrorsAndContextsTests {
    @Test func anUnreachableServerExits69AndSaysHowToNameIt() async throws {
        // A port nothing listens on: bound, then closed.
        let result = await CLIResult.run(
            ["nodes", "--server", "http://127.0.0.1:9", "--request-timeout", "5"],
            environment: ["HOME": "/nonexistent"]
        )
        #expect(result.code == 69)
        #expect(result.err.contains("cannot reach the Podwatch server at http://127.0.0.1:9"))
        #expect(result.err.contains("--server"))
    }

    @Test func wrongTokensUnknownNamesAndBadUsage() async throws {
        let harness = try await CLIHarness()
        let noToken = await harness.run(["nodes"], environment: ["PODWATCH_TOKEN": "wrong-token-for-this-server"])
        #expect(noToken.code == 77)
        #expect(noToken.err.contains("--token"))
        let unknown = await harness.run(["pods", "--node", "no-such-node"])
        #expect(unknown.code == 3)
        #expect(!unknown.err.isEmpty)
        let badFormat = await harness.run(["nodes", "-o", "xml"])
        #expect(badFormat.code == 64)
        let badPod = await harness.run(["profile", "no-slash"])
        #expect(badPod.code == 64)
        #expect(badPod.err.contains("NAMESPACE/POD"))
        let notAServer = await harness.run(["nodes", "--server", "ftp://x"])
        #expect(notAServer.code == 64)
        await harness.stop()
    }

    @Test func contextsComeFromTheConfigFile() async throws {
        let harness = try await CLIHarness()
        let directory = NSTemporaryDirectory() + "podwatch-cli-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try CLIHarness.readToken.write(toFile: directory + "/token", atomically: true, encoding: .utf8)
        let config = directory + "/config.yaml"
        try """
        current-context: gone
        contexts:
          - name: gone
            server: http://127.0.0.1:9
          - name: test
            server: \(harness.url)
            token-file: \(directory)/token
        """.write(toFile: config, atomically: true, encoding: .utf8)
        let environment = ["HOME": directory, "PODWATCH_CONFIG": config]
        let current = await CLIResult.run(["nodes", "--request-timeout", "5"], environment: environment)
        #expect(current.code == 69)
        let named = await CLIResult.run(["nodes", "--context", "test"], environment: environment)
        #expect(named.code == 0, "\(named.err)")
        #expect(named.rows.count == 3)
        let missing = await CLIResult.run(["nodes", "--context", "nope"], environment: environment)
        #expect(missing.code == 64)
        #expect(missing.err.contains("gone, test"))
        // The default place, ~/.config/podwatch/config.yaml, with PODWATCH_CONTEXT.
        try FileManager.default.createDirectory(
            atPath: directory + "/.config/podwatch",
            withIntermediateDirectories: true
        )
        try FileManager.default.copyItem(atPath: config, toPath: directory + "/.config/podwatch/config.yaml")
        let home = await CLIResult.run(["nodes"], environment: ["HOME": directory, "PODWATCH_CONTEXT": "test"])
        #expect(home.code == 0, "\(home.err)")
        try? FileManager.default.removeItem(atPath: directory)
        await harness.stop()
    }

    @Test func completionsAndVersion() async throws {
        for shell in ["bash", "zsh", "fish"] {
            let script = await CLIResult.run(["completion", shell], environment: [:])
            #expect(script.code == 0)
            #expect(script.out.contains("podwatch"))
            #expect(script.out.contains("top"))
        }
        let version = await CLIResult.run(["--version"], environment: [:])
        #expect(version.code == 0)
        #expect(version.out == PodwatchVersion.string + "\n")
        let help = await CLIResult.run(["--help"], environment: [:])
        #expect(help.code == 0)
        #expect(help.out.contains("Exit codes"))
    }
}

/// `--ca-file`: a server whose certificate a private CA signed is reached with that CA, and refused without it.
@Suite struct PrivateCATests {
    @Test func aPrivateCAIsTrustedOnlyWhenGiven() async throws {
        let certificates = try TestCertificates()
        defer { certificates.remove() }
        let router = Router()
        router.get("/api/v1/nodes") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: "[]"))
            )
        }
        let app = try await TLSTestApp.start(router: router, certificates: certificates)
        let server = "https://127.0.0.1:\(app.port)"
        let trusted = await CLIResult.run(
            ["nodes", "--server", server, "--ca-file", certificates.ca],
            environment: ["HOME": "/nonexistent"]
        )
        #expect(trusted.code == 0, "\(trusted.err)")
        #expect(trusted.rows == [["NAME", "STATUS", "CPU%", "MEMORY%", "LOAD", "PODS", "PROCESSES", "LAST-SEEN"]])
        let untrusted = await CLIResult.run(
            ["nodes", "--server", server, "--request-timeout", "10"],
            environment: ["HOME": "/nonexistent"]
        )
        #expect(untrusted.code == 69)
        let wrong = await CLIResult.run(
            ["nodes", "--server", server, "--ca-file", certificates.otherCA, "--request-timeout", "10"],
            environment: ["HOME": "/nonexistent"]
        )
        #expect(wrong.code == 69)
        let notPEM = await CLIResult.run(
            ["nodes", "--server", server, "--ca-file", "/etc/hostname"],
            environment: ["HOME": "/nonexistent"]
        )
        #expect(notPEM.code == 64 && notPEM.err.contains("--ca-file"))
        await app.stop()
    }
}
