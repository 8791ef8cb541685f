import Foundation
import Kube
import KubeClient
import Testing

/// Where the API is and how to authenticate: the in-cluster service account and kubeconfig files.
@Suite struct ClusterAccessTests {
    static func directory() throws -> String {
        let path = NSTemporaryDirectory() + "podwatch-access-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func inClusterUsesTheServiceAccountAndBracketsIPv6() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "token\n".write(toFile: directory + "/token", atomically: true, encoding: .utf8)
        try "PEM".write(toFile: directory + "/ca.crt", atomically: true, encoding: .utf8)
        let access = try ClusterAccess.inCluster(
            environment: ["KUBERNETES_SERVICE_HOST": "fd00::1", "KUBERNETES_SERVICE_PORT": "443"],
            directory: directory
        )
        #expect(access.server == "https://[fd00::1]:443")
        #expect(access.trust == .file(directory + "/ca.crt"))
        #expect(access.credentials == .tokenFile(directory + "/token"))
    }

    @Test func inClusterSaysWhatIsMissing() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(throws: KubeError.self) { try ClusterAccess.inCluster(environment: [:], directory: directory) }
        do {
            _ = try ClusterAccess.inCluster(
                environment: ["KUBERNETES_SERVICE_HOST": "10.96.0.1", "KUBERNETES_SERVICE_PORT": "443"],
                directory: directory
            )
            Issue.record("accepted a directory without a token")
        } catch {
            #expect(error.description.contains("\(directory)/token is missing"))
        }
    }

    static let kubeconfig = """
        apiVersion: v1
        kind: Config
        current-context: kind-dev
        clusters:
        - name: kind-dev
          cluster:
            server: https://127.0.0.1:6443/
            certificate-authority: certs/ca.crt
        - name: prod
          cluster:
            server: https://prod.example:6443
            insecure-skip-tls-verify: true
        users:
        - name: kind-dev
          user:
            client-certificate-data: Q0VSVA==
            client-key-data: S0VZ
        - name: ci
          user:
            tokenFile: ci-token
        - name: gke
          user:
            exec:
              command: gke-gcloud-auth-plugin
        contexts:
        - name: kind-dev
          context: {cluster: kind-dev, user: kind-dev}
        - name: prod-ci
          context: {cluster: prod, user: ci}
        - name: prod-gke
          context: {cluster: prod, user: gke}
        """

    @Test func aKubeconfigContextBecomesAccess() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory + "/certs", withIntermediateDirectories: true)
        try "CA-PEM".write(toFile: directory + "/certs/ca.crt", atomically: true, encoding: .utf8)
        let path = directory + "/config"
        try Self.kubeconfig.write(toFile: path, atomically: true, encoding: .utf8)

        let kind = try Kubeconfig.access(path: path)
        #expect(kind.server == "https://127.0.0.1:6443")
        #expect(kind.trust == .pem(Array("CA-PEM".utf8)))
        #expect(kind.credentials == .clientCertificate(certificate: Array("CERT".utf8), key: Array("KEY".utf8)))

        let ci = try Kubeconfig.access(path: path, context: "prod-ci")
        #expect(ci.trust == .insecure && ci.credentials == .tokenFile(directory + "/ci-token"))

        #expect(throws: KubeError.self) { try Kubeconfig.access(path: path, context: "prod-gke") }
        #expect(throws: KubeError.self) { try Kubeconfig.access(path: path, context: "nope") }
        #expect(throws: KubeError.self) { try Kubeconfig.access(path: directory + "/missing") }
        try "clusters: 3".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: KubeError.self) { try Kubeconfig.access(path: path) }
    }
}
