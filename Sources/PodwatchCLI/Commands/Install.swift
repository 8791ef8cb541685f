import ArgumentParser
import Foundation
import KubeClient

/// `podwatch install`: the manifests of k8s/ with the user's values, applied through the Kubernetes API with
/// server-side apply (field manager `podwatch`) and the user's kubeconfig; `--dry-run` prints them instead.
struct Install: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Install Podwatch into a cluster (server-side apply with your kubeconfig), or print it.",
        discussion: """
            Applies the namespace, RBAC, NetworkPolicies, the server (Deployment, Service, recordings volume) and \
            the agent DaemonSet. The Secret the server reads (tokens, database URL) and the TLS Secret are yours to \
            create first: docs/secret.example.yaml and README, Deploying. The Helm chart (k8s/helm/podwatch) has \
            every option; this command the common ones.
            """
    )

    @Flag(help: "Print the manifests (YAML) instead of applying them.") var dryRun = false
    @Option(help: "The namespace to install into.") var namespace = "podwatch"
    @Option(help: "Registry of the podwatch-server and podwatch-agent images.") var imageRegistry: String?
    @Option(help: "Tag of both images.") var imageTag: String?
    @Option(help: "Expose the web UI through an Ingress for this host.") var ingressHost: String?
    @Option(help: "The kubeconfig (env KUBECONFIG; default ~/.kube/config).") var kubeconfig: String?
    @Option(help: "A context of the kubeconfig (default: its current-context).") var kubeContext: String?
    @Option(help: "Seconds to wait for each answer of the API server.") var requestTimeout: Int = 30

    func run() async throws {
        let values = ManifestSet.Values(
            namespace: self.namespace,
            imageRegistry: self.imageRegistry,
            imageTag: self.imageTag,
            ingressHost: self.ingressHost
        )
        let manifests = try ManifestSet(values: values)
        if self.dryRun {
            Console.print(try manifests.yaml())
            return
        }
        let environment = Console.current.environment
        let path =
            self.kubeconfig ?? environment["KUBECONFIG"]?.split(separator: ":").first.map(String.init)
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.kube/config"
        let client: KubeAPIClient
        do {
            client = try KubeAPIClient(
                access: try Kubeconfig.access(path: path, context: self.kubeContext),
                userAgent: "podwatch-cli"
            )
        } catch {
            throw CLIError(.usage, "\(error): give --kubeconfig or set KUBECONFIG")
        }
        defer { Task { await client.shutdown() } }
        for object in manifests.objects {
            let (resource, label) = try ResourcePath.of(object)
            do {
                _ = try await client.apply(
                    Array(try JSONEncoder().encode(object)),
                    path: resource,
                    fieldManager: "podwatch",
                    deadline: .seconds(self.requestTimeout)
                )
            } catch let error as KubeAPIError {
                let kind: CLIError.Kind =
                    switch error.status {
                    case 401, 403: .unauthorized
                    case nil: .unavailable
                    default: .refused
                    }
                throw CLIError(kind, "\(label): \(Table.printable(error.description, limit: 600))")
            }
            Console.print("\(label) serverside-applied")
        }
        Console.error(
            "Installed into namespace \(self.namespace). The server needs the Secret podwatch (docs/secret.example.yaml) "
                + "and podwatch-tls before it starts."
        )
    }
}
