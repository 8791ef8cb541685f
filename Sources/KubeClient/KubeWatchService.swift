import Kube
public import Logging
public import ServiceLifecycle

/// Keeps a ``ClusterDirectory`` current: this node's pods and its Node object, each through its own LIST+WATCH
/// loop. Runs until graceful shutdown; API failures are logged, reported in the directory and retried, never
/// propagated (sampling does not depend on the API).
public struct KubeWatchService: Service {
    let client: KubeAPIClient
    let nodeName: String
    let directory: ClusterDirectory
    let logger: Logger
    let timeoutSeconds: ClosedRange<Int>

    public init(
        client: KubeAPIClient,
        nodeName: String,
        directory: ClusterDirectory,
        logger: Logger,
        timeoutSeconds: ClosedRange<Int> = 240...360
    ) {
        self.client = client
        self.nodeName = nodeName
        self.directory = directory
        self.logger = logger
        self.timeoutSeconds = timeoutSeconds
    }

    public func run() async throws {
        let directory = self.directory
        let pods = ListWatch<KubePod>(
            client: self.client,
            path: "/api/v1/pods",
            fieldSelector: "spec.nodeName=\(self.nodeName)",
            timeoutSeconds: self.timeoutSeconds,
            logger: self.logger,
            apply: { change in
                switch change {
                case .replace(let items): directory.replacePods(items)
                case .upsert(let pod): directory.upsertPod(pod)
                case .delete(let pod): directory.deletePod(pod)
                }
            },
            report: { directory.report("pods", error: $0) },
            restarted: { directory.watchRestarted("pods", reason: $0) }
        )
        let node = ListWatch<KubeNode>(
            client: self.client,
            path: "/api/v1/nodes",
            fieldSelector: "metadata.name=\(self.nodeName)",
            timeoutSeconds: self.timeoutSeconds,
            logger: self.logger,
            apply: { change in
                switch change {
                case .replace(let items): directory.setNode(items.first)
                case .upsert(let node): directory.setNode(node)
                case .delete: directory.setNode(nil)
                }
            },
            report: { directory.report("node", error: $0) },
            restarted: { directory.watchRestarted("node", reason: $0) }
        )
        self.logger.info(
            "Watching the Kubernetes API",
            metadata: ["server": "\(self.client.access.server)", "node.name": "\(self.nodeName)"]
        )
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask { await pods.run() }
                group.addTask { await node.run() }
            }
        }
        await self.client.shutdown()
    }
}

extension KubeWatchService: CustomStringConvertible {
    public var description: String { "KubeWatchService" }
}
