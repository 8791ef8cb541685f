import ArgumentParser
import KubeClient
import Logging

/// How the agent reaches the Kubernetes API: in-cluster (the default when KUBERNETES_SERVICE_HOST is set), a
/// kubeconfig beside a cluster, or not at all (pods then appear by UID).
struct KubernetesOptions: ParsableArguments {
    @Option(help: "Use this kubeconfig instead of the in-cluster service account (env PODWATCH_KUBECONFIG).")
    var kubeconfig: String?

    @Option(help: "The kubeconfig context to use (default: its current-context).")
    var kubeContext: String?

    @Flag(help: "Do not contact the Kubernetes API: pods are shown by UID and container ID.")
    var noKubernetes = false

    /// The watch service and the directory it fills; nil when the API is not used. A kubeconfig that cannot be
    /// used is a startup error; broken in-cluster credentials are logged and reported in every snapshot while
    /// the agent goes on sampling.
    func watches(nodeName: String, logger: Logger) throws -> (ClusterDirectory, KubeWatchService?)? {
        if self.noKubernetes { return nil }
        let access: ClusterAccess
        if let path = self.kubeconfig ?? EnvironmentVariable.value("PODWATCH_KUBECONFIG") {
            do {
                access = try Kubeconfig.access(path: path, context: self.kubeContext)
            } catch {
                throw ValidationError("--kubeconfig: \(error)")
            }
        } else if EnvironmentVariable.value("KUBERNETES_SERVICE_HOST") != nil {
            do {
                access = try ClusterAccess.inCluster()
            } catch {
                logger.error("Cannot use the Kubernetes API; pods are shown by UID", metadata: ["error": "\(error)"])
                let directory = ClusterDirectory()
                directory.report("credentials", error: "\(error)")
                return (directory, nil)
            }
        } else {
            logger.info("Not in a cluster and no --kubeconfig: pods are shown by UID (KUBERNETES_SERVICE_HOST unset)")
            return nil
        }
        if access.trust == .insecure {
            logger.warning("The kubeconfig disables TLS verification (insecure-skip-tls-verify)")
        }
        let client = try KubeAPIClient(access: access)
        let directory = ClusterDirectory()
        return (directory, KubeWatchService(client: client, nodeName: nodeName, directory: directory, logger: logger))
    }
}
