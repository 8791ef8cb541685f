import ArgumentParser

/// `-n NAMESPACE` and `--node NODE`, and the pods they select across the cluster.
struct PodSelection: ParsableArguments {
    @Option(name: [.short, .customLong("namespace")], help: "Only pods of this namespace.")
    var namespace: String?

    @Option(help: "Only pods on this node.")
    var node: String?

    /// Each selected pod with its node, and the same as JSON (each object given its `node`).
    func pods(_ client: ServerClient) async throws -> [(node: String, pod: API.Pod, json: JSONValue)] {
        try await Self.pods(client, namespace: self.namespace, node: self.node)
    }

    static func pods(
        _ client: ServerClient,
        namespace: String?,
        node: String?
    ) async throws -> [(node: String, pod: API.Pod, json: JSONValue)] {
        let nodes: [String]
        if let node {
            nodes = [node]
        } else {
            nodes = try await client.decode([API.Node].self, "/api/v1/nodes").map(\.name)
        }
        var result: [(node: String, pod: API.Pod, json: JSONValue)] = []
        for node in nodes {
            let path = "/api/v1/nodes/\(ServerClient.segment(node))/pods"
            let (pods, json) = try await client.fetch([API.Pod].self, path)
            let documents = json.array ?? []
            for (pod, document) in zip(pods, documents)
            where namespace == nil || pod.namespace == namespace {
                var json = document
                if case .object(var fields) = document {
                    fields["node"] = .string(node)
                    json = .object(fields)
                }
                result.append((node, pod, json))
            }
        }
        return result
    }
}
