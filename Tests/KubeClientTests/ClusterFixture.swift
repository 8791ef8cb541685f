import Foundation
import PodSandbox

/// Real pods (processes in kubelet-shaped cgroups on this machine) and the Pod and Node objects a cluster's API
/// would serve for them, in the API's JSON shapes.
struct ClusterFixture {
    static let node = "fake-node-1"
    let sandbox: PodSandbox
    /// A Deployment pod (`shop/checkout-7d9f8b6c5d-x2k4q`): two app containers with limits, plus its pause
    /// sandbox container.
    let checkout: PodSandbox.Pod
    /// A StatefulSet pod (`data/postgres-0`), one container, no limits.
    let database: PodSandbox.Pod
    let directory: String

    init() throws {
        self.sandbox = try PodSandbox(name: "kubeclient-\(UUID().uuidString.prefix(8))")
        self.directory = NSTemporaryDirectory() + "podwatch-fixture-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: self.directory, withIntermediateDirectories: true)
        // The sandbox's process is called `pause`, as the pause image's is.
        let pause = self.directory + "/pause"
        try FileManager.default.createSymbolicLink(atPath: pause, withDestinationPath: "/bin/sleep")
        let sleep = ["/bin/sleep", "86400"]
        self.checkout = try self.sandbox.addPod(
            qos: "guaranteed",
            specs: [
                .init(commands: [sleep, sleep], cpuLimitCores: 0.5, memoryLimitBytes: 256 << 20),
                .init(commands: [sleep], cpuLimitCores: 0.25, memoryLimitBytes: 128 << 20),
                .init(commands: [[pause, "86400"]]),
            ]
        )
        self.database = try self.sandbox.addPod(qos: "besteffort", specs: [.init(commands: [sleep])])
    }

    func destroy() {
        self.sandbox.destroy()
        try? FileManager.default.removeItem(atPath: self.directory)
    }

    var podUIDs: Set<String> { [self.checkout.uid, self.database.uid] }

    /// The checkout pod's Pod object; `restarts` and `waiting` change its first container's status.
    func checkoutJSON(restarts: Int = 0, waiting: String? = nil) -> String {
        let state =
            waiting.map { "{\"waiting\":{\"reason\":\"\($0)\"}}" }
            ?? "{\"running\":{\"startedAt\":\"2026-11-21T10:00:00Z\"}}"
        let web = self.checkout.containers[0].id
        let sidecar = self.checkout.containers[1].id
        return """
            {"kind":"Pod","apiVersion":"v1","metadata":{"name":"checkout-7d9f8b6c5d-x2k4q","namespace":"shop",
            "uid":"\(self.checkout.uid)","labels":{"app":"checkout","pod-template-hash":"7d9f8b6c5d"},
            "ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"checkout-7d9f8b6c5d",
            "uid":"0b0e3d6a-1111-4c2b-9a55-5b0a7f0b2c11","controller":true,"blockOwnerDeletion":true}]},
            "spec":{"nodeName":"\(Self.node)","containers":[
            {"name":"web","image":"shop/checkout:1.4.2","resources":{"requests":{"cpu":"500m","memory":"256Mi"},
            "limits":{"cpu":"500m","memory":"256Mi"}}},
            {"name":"envoy","image":"envoyproxy/envoy:v1.31","resources":{"requests":{"cpu":"250m","memory":"128Mi"},
            "limits":{"cpu":"250m","memory":"128Mi"}}}]},
            "status":{"phase":"Running","qosClass":"Guaranteed","conditions":[{"type":"Ready","status":"\(waiting == nil ? "True" : "False")"}],
            "containerStatuses":[
            {"name":"web","containerID":"containerd://\(web)","image":"shop/checkout:1.4.2","ready":\(waiting == nil),
            "restartCount":\(restarts),"state":\(state)},
            {"name":"envoy","containerID":"containerd://\(sidecar)","image":"envoyproxy/envoy:v1.31","ready":true,
            "restartCount":0,"state":{"running":{"startedAt":"2026-11-21T10:00:00Z"}}}]}}
            """
    }

    func databaseJSON() -> String {
        """
        {"kind":"Pod","apiVersion":"v1","metadata":{"name":"postgres-0","namespace":"data","uid":"\(self.database.uid)",
        "labels":{"app":"postgres","tier":"db"},
        "ownerReferences":[{"apiVersion":"apps/v1","kind":"StatefulSet","name":"postgres","uid":"4f6c2a10-2222-4d3e-8b1a-0c9d8e7f6a5b","controller":true}]},
        "spec":{"nodeName":"\(Self.node)","containers":[{"name":"postgres","image":"postgres:17"}]},
        "status":{"phase":"Running","qosClass":"BestEffort","conditions":[{"type":"Ready","status":"True"}],
        "containerStatuses":[{"name":"postgres","containerID":"containerd://\(self.database.containers[0].id)",
        "ready":true,"restartCount":0,"state":{"running":{}}}]}}
        """
    }

    /// A pod on another node: the field selector must keep it out.
    static func elsewhereJSON(uid: String = UUID().uuidString.lowercased()) -> String {
        """
        {"kind":"Pod","apiVersion":"v1","metadata":{"name":"elsewhere","namespace":"default","uid":"\(uid)"},
        "spec":{"nodeName":"fake-node-2","containers":[{"name":"app","image":"busybox"}]},"status":{"phase":"Running"}}
        """
    }

    static func nodeJSON(memoryPressure: Bool = false) -> String {
        """
        {"kind":"Node","apiVersion":"v1","metadata":{"name":"\(Self.node)","uid":"9a8b7c6d-3333-4e5f-a1b2-c3d4e5f6a7b8"},
        "status":{"capacity":{"cpu":"2","memory":"24Gi","pods":"110"},
        "allocatable":{"cpu":"1900m","memory":"23Gi","pods":"110"},
        "conditions":[{"type":"MemoryPressure","status":"\(memoryPressure ? "True" : "False")","reason":"KubeletHasSufficientMemory"},
        {"type":"DiskPressure","status":"False"},{"type":"PIDPressure","status":"False"},
        {"type":"Ready","status":"True","reason":"KubeletReady","message":"kubelet is posting ready status"}],
        "nodeInfo":{"kubeletVersion":"v1.34.1","containerRuntimeVersion":"containerd://2.1.4"}}}
        """
    }

    /// Serves the fixture's objects (and one pod of another node) from `api`.
    func publish(to api: FakeAPIServer) throws {
        try api.put("pods", name: "shop/checkout", field: Self.node, json: self.checkoutJSON())
        try api.put("pods", name: "data/postgres-0", field: Self.node, json: self.databaseJSON())
        try api.put("pods", name: "default/elsewhere", field: "fake-node-2", json: Self.elsewhereJSON())
        try api.put("nodes", name: Self.node, field: Self.node, json: Self.nodeJSON())
    }
}
