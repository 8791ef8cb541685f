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

    @Option(
        help:
            "This node's kubelet, HOST[:PORT] (default port 10250; env PODWATCH_KUBELET_ADDRESS, the DaemonSet sets it from status.hostIP). Unset: the kubelet is not read."
    )
    var kubeletAddress: String?

    @Flag(
        help:
            "Do not verify the kubelet's serving certificate (kubelets with self-signed certificates), like metrics-server's flag of the same name."
    )
    var kubeletInsecureTls = false

    @Flag(help: "Read the kubelet's read-only port (plain HTTP, 10255, no token) instead of 10250.")
    var kubeletReadOnlyPort = false

    @Option(help: "Seconds one kubelet endpoint may take to answer (default 5); a slower one is reported as failed.")
    var kubeletTimeout = 5

    @Option(
        name: .customLong("pod-annotation"),
        help:
            "A pod annotation to carry with the pod's labels (repeatable; env PODWATCH_POD_ANNOTATIONS, comma-separated). Annotations are not read otherwise."
    )
    var podAnnotations: [String] = []

    /// The annotation keys asked for (``PodAnnotationKeys``).
    func annotationKeys() throws -> Set<String> {
        do {
            return try PodAnnotationKeys.parse(
                flags: self.podAnnotations,
                environment: EnvironmentVariable.value("PODWATCH_POD_ANNOTATIONS")
            )
        } catch {
            throw ValidationError("--pod-annotation \(error)")
        }
    }

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
                let directory = ClusterDirectory(annotationKeys: try self.annotationKeys())
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
        let directory = ClusterDirectory(annotationKeys: try self.annotationKeys())
        return (directory, KubeWatchService(client: client, nodeName: nodeName, directory: directory, logger: logger))
    }
}

extension KubernetesOptions {
    /// How to reach this node's kubelet with the agent's own credentials, or nil when no address is known or the
    /// API is not used. Its serving certificate is checked against the cluster's CA unless --kubelet-insecure-tls.
    func kubeletAccess(logger: Logger) throws -> ClusterAccess? {
        guard !self.noKubernetes,
            let address = self.kubeletAddress ?? EnvironmentVariable.value("PODWATCH_KUBELET_ADDRESS")
        else { return nil }
        guard let kubelet = KubeletAddress(address, defaultPort: self.kubeletReadOnlyPort ? 10255 : 10250) else {
            throw ValidationError("--kubelet-address: '\(address)' is not HOST, HOST:PORT, IPv6 or [IPv6]:PORT")
        }
        let authority = kubelet.authority
        if self.kubeletReadOnlyPort {
            logger.warning(
                "Reading the kubelet's read-only port (plain HTTP, no authentication)",
                metadata: ["kubelet": "\(authority)"]
            )
            return ClusterAccess(server: "http://\(authority)", trust: .system, credentials: .none)
        }
        let cluster: ClusterAccess
        if let path = self.kubeconfig ?? EnvironmentVariable.value("PODWATCH_KUBECONFIG") {
            cluster = try Kubeconfig.access(path: path, context: self.kubeContext)
        } else {
            cluster = try ClusterAccess.inCluster()
        }
        if self.kubeletInsecureTls {
            logger.warning(
                "Not verifying the kubelet's certificate (--kubelet-insecure-tls)",
                metadata: ["kubelet": "\(authority)"]
            )
        }
        return ClusterAccess(
            server: "https://\(authority)",
            trust: self.kubeletInsecureTls ? .insecure : cluster.trust,
            credentials: cluster.credentials
        )
    }
}
