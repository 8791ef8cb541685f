import Foundation
import PodSandbox
import TLSTesting
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif

/// Labels end to end: the real agent in cluster mode reads pod labels from the fake API server (real wire
/// shapes), streams them to a real `podwatch-server`, and rules with label selectors fire for the matching
/// pods only — across namespaces (`"namespace": "*"`). The pods are real processes in real cgroups.
@Suite(.enabled(if: getuid() == 0, "needs root for cgroups and unshare -m"))
struct LabelRuleTests {
    static func binary(_ name: String) -> String {
        URL(fileURLWithPath: InClusterAgentTests.agentPath).deletingLastPathComponent().appendingPathComponent(name)
            .path
    }

    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        try #require(bound)
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func request(_ url: String, method: String = "GET", body: String? = nil) async throws -> (Int, Data) {
        var request = URLRequest(url: try #require(URL(string: url)))
        request.httpMethod = method
        request.timeoutInterval = 5
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
    }

    @Test func aLabelSelectorRuleFiresForTheMatchingPodsOnly() async throws {
        let fixture = try ClusterFixture()
        defer { fixture.destroy() }
        let certificates = try TestCertificates()
        defer { certificates.remove() }
        let api = try await FakeAPIServer(certificates: certificates, tokens: ["sa-token"])
        try fixture.publish(to: api)
        try "sa-token\n".write(toFile: certificates.directory + "/token", atomically: true, encoding: .utf8)
        try "podwatch\n".write(toFile: certificates.directory + "/namespace", atomically: true, encoding: .utf8)
        let apiPort = try #require(URL(string: api.server)?.port)

        let (http, ingest) = (try Self.freePort(), try Self.freePort())
        let base = "http://127.0.0.1:\(http)"
        let server = Process()
        server.executableURL = URL(fileURLWithPath: Self.binary("podwatch-server"))
        server.arguments = [
            "--host", "127.0.0.1", "--http-port", "\(http)", "--ingest-port", "\(ingest)", "--insecure",
            "--token", "label-test-token-0001", "--evaluation-interval", "1", "--log-level", "error",
            "--group-wait", "0", "--group-interval", "0",
        ]
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer { kill(server.processIdentifier, SIGKILL) }
        var up = false
        for _ in 0..<100 where !up {
            up = (try? await Self.request("\(base)/healthz"))?.0 == 200
            if !up { try await Task.sleep(for: .milliseconds(100)) }
        }
        try #require(up, "the server did not start")

        // Every namespace, selected by label only; and a selector no pod matches.
        let rules = [
            ("checkout by label", #"{"kind":"pods","namespace":"*","selector":"app=checkout"}"#),
            ("databases by label", #"{"kind":"pods","selector":"tier in (db), app!=checkout"}"#),
            ("nobody", #"{"kind":"pods","namespace":"*","selector":"app=nothing-has-this"}"#),
        ]
        for (name, target) in rules {
            let body =
                #"{"name":"\#(name)","target":\#(target),"metric":"pod.not_ready","operator":">=","threshold":0,"for_seconds":0}"#
            let (status, data) = try await Self.request("\(base)/api/v1/rules", method: "POST", body: body)
            try #require(status == 201, "\(String(decoding: data, as: UTF8.self))")
        }
        let (refused, message) = try await Self.request(
            "\(base)/api/v1/rules",
            method: "POST",
            body:
                #"{"name":"bad","target":{"kind":"pods","selector":"app=(x"},"metric":"pod.not_ready","operator":">=","threshold":0}"#
        )
        #expect(refused == 400 && String(decoding: message, as: UTF8.self).contains("selector"))

        let secrets = "/run/secrets/kubernetes.io/serviceaccount"
        let script = """
            set -e
            mount -t tmpfs podwatch-test-run /run
            mkdir -p \(secrets)
            cp \(certificates.directory)/token \(certificates.ca) \(certificates.directory)/namespace \(secrets)/
            exec timeout -s TERM 20 "$0" run --node-name \(ClusterFixture.node) --server 127.0.0.1:\(ingest) \
              --insecure --token label-test-token-0001 --interval 1s --log-level warning
            """
        var environment = ProcessInfo.processInfo.environment
        environment["KUBERNETES_SERVICE_HOST"] = "127.0.0.1"
        environment["KUBERNETES_SERVICE_PORT"] = String(apiPort)
        environment["PODWATCH_KUBECONFIG"] = nil
        environment["PODWATCH_KUBELET_ADDRESS"] = nil
        async let agent = ChildRun.run(
            [
                "/usr/bin/unshare", "-m", "--propagation", "private", "/bin/sh", "-c", script,
                InClusterAgentTests.agentPath,
            ],
            environment: environment,
            deadline: .seconds(60)
        )

        var firing: [[String: Any]] = []
        var searched = ""
        for _ in 0..<250 {
            try await Task.sleep(for: .milliseconds(100))
            guard let (_, data) = try? await Self.request("\(base)/api/v1/alerts"),
                let alerts = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]]
            else { continue }
            firing = alerts
            let names = Set(alerts.compactMap { $0["rule_name"] as? String })
            if names.isSuperset(of: ["checkout by label", "databases by label"]) {
                searched = String(
                    decoding: try await Self.request("\(base)/fragments/pods?q=tier%3Ddb").1,
                    as: UTF8.self
                )
                break
            }
        }
        let run = try await agent
        await api.stop()
        func pods(of rule: String) -> Set<String> {
            Set(
                firing.filter { $0["rule_name"] as? String == rule }.compactMap {
                    ($0["target"] as? [String: Any])?["pod"] as? String
                }
            )
        }
        #expect(pods(of: "checkout by label") == ["checkout-7d9f8b6c5d-x2k4q"], "\(firing) \(run.standardError)")
        #expect(pods(of: "databases by label") == ["postgres-0"], "\(firing)")
        #expect(pods(of: "nobody").isEmpty)
        // The same labels find the pod from the search page.
        #expect(searched.contains("postgres-0") && !searched.contains("checkout-7d9f8b6c5d"), "\(searched.prefix(400))")
    }
}
