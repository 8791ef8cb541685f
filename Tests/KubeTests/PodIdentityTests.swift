import Foundation
import Kube
import Telemetry
import Testing

/// Pods as the API server serialises them (trimmed real objects), joined into identities.
@Suite struct PodIdentityTests {
    static let deploymentPod = #"""
        {"metadata":{"name":"checkout-7c9d5b6f4-x2k8p","namespace":"shop","uid":"0b6f1c2e-3a4d-4e5f-8a9b-0c1d2e3f4a5b",
         "resourceVersion":"48213","labels":{"app":"checkout","pod-template-hash":"7c9d5b6f4"},
         "ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"checkout-7c9d5b6f4","uid":"x","controller":true,"blockOwnerDeletion":true}]},
         "spec":{"nodeName":"worker-1","containers":[
           {"name":"app","image":"shop/checkout:1.4","resources":{"requests":{"cpu":"250m","memory":"256Mi"},"limits":{"cpu":"1","memory":"512Mi","ephemeral-storage":"2Gi"}}},
           {"name":"envoy","image":"envoyproxy/envoy:v1.31","resources":{"requests":{"cpu":"0.1","memory":"64M"}}}],
          "initContainers":[{"name":"migrate","image":"shop/migrate:1.4"}]},
         "status":{"phase":"Running","qosClass":"Burstable",
          "conditions":[{"type":"Ready","status":"False"},{"type":"PodScheduled","status":"True"}],
          "initContainerStatuses":[{"name":"migrate","containerID":"containerd://1111","ready":true,"restartCount":0,
            "state":{"terminated":{"exitCode":0,"reason":"Completed"}}}],
          "containerStatuses":[
           {"name":"app","containerID":"containerd://abc123","image":"shop/checkout:1.4","ready":false,"restartCount":7,
            "state":{"waiting":{"reason":"CrashLoopBackOff","message":"back-off 5m0s"}},
            "lastState":{"terminated":{"exitCode":137,"reason":"OOMKilled"}}},
           {"name":"envoy","containerID":"cri-o://def456","ready":true,"restartCount":0,"state":{"running":{"startedAt":"2026-11-21T10:00:00Z"}}}]}}
        """#

    static func pod(_ json: String) throws -> KubePod {
        try JSONDecoder().decode(KubePod.self, from: Data(json.utf8))
    }

    @Test func aDeploymentPodJoinsWithParsedResourcesAndStates() throws {
        let identity = PodIdentity(try Self.pod(Self.deploymentPod))
        #expect(identity.cgroupUID == "0b6f1c2e-3a4d-4e5f-8a9b-0c1d2e3f4a5b" && !identity.isStatic)
        #expect(identity.owner == .init(kind: "Deployment", name: "checkout"))
        #expect(identity.qosClass == "Burstable" && identity.phase == "Running" && !identity.ready)
        let app = try #require(identity.containers.first { $0.name == "app" })
        #expect(app.id == "abc123" && app.restartCount == 7 && app.state == "waiting")
        #expect(app.reason == "CrashLoopBackOff" && app.lastTerminationReason == "OOMKilled")
        #expect(app.cpuRequestMillicores == 250 && app.cpuLimitMillicores == 1000)
        #expect(app.memoryRequestBytes == 268_435_456 && app.memoryLimitBytes == 536_870_912)
        #expect(app.ephemeralStorageLimitBytes == 2 << 30 && app.ephemeralStorageRequestBytes == nil)
        let envoy = try #require(identity.containers.first { $0.name == "envoy" })
        #expect(envoy.id == "def456" && envoy.cpuRequestMillicores == 100 && envoy.memoryRequestBytes == 64_000_000)
        #expect(envoy.cpuLimitMillicores == nil && envoy.state == "running" && envoy.ready)
        let migrate = try #require(identity.containers.first { $0.name == "migrate" })
        #expect(migrate.isInit && migrate.reason == "Completed")
        let metadata = identity.metadata
        #expect(metadata.containers.map(\.id) == ["abc123", "def456", "1111"])
        #expect(
            metadata.ownerKind == "Deployment" && metadata.ownerName == "checkout" && metadata.qosClass == "Burstable"
        )
        let wireApp = try #require(metadata.containers.first)
        #expect(
            wireApp.restartCount == 7 && wireApp.reason == "CrashLoopBackOff" && wireApp.memoryLimitBytes == 536_870_912
        )
    }

    @Test func aStaticPodJoinsByItsConfigHash() throws {
        let identity = PodIdentity(
            try Self.pod(
                #"""
                {"metadata":{"name":"kube-apiserver-cp-1","namespace":"kube-system","uid":"mirror-uid",
                 "annotations":{"kubernetes.io/config.hash":"5f3c2b1a","kubernetes.io/config.mirror":"5f3c2b1a","kubernetes.io/config.source":"file"},
                 "ownerReferences":[{"kind":"Node","name":"cp-1","controller":true}]},
                 "spec":{"containers":[{"name":"kube-apiserver"}]},"status":{"phase":"Running","qosClass":"Burstable"}}
                """#
            )
        )
        #expect(identity.cgroupUID == "5f3c2b1a" && identity.apiUID == "mirror-uid" && identity.isStatic)
        #expect(identity.owner == .init(kind: "Node", name: "cp-1"))
        #expect(identity.metadata.uid == "5f3c2b1a")
    }

    @Test(arguments: [
        (#"[{"kind":"Job","name":"backup-29012345","controller":true}]"#, "CronJob", "backup"),
        (#"[{"kind":"Job","name":"migrate-once","controller":true}]"#, "Job", "migrate-once"),
        (#"[{"kind":"StatefulSet","name":"db","controller":true}]"#, "StatefulSet", "db"),
        (#"[{"kind":"DaemonSet","name":"fluent-bit","controller":true}]"#, "DaemonSet", "fluent-bit"),
        (#"[{"kind":"ReplicaSet","name":"bare-rs","controller":true}]"#, "ReplicaSet", "bare-rs"),
    ])
    func ownersResolveToTheirWorkload(owners: String, kind: String, name: String) throws {
        let identity = PodIdentity(
            try Self.pod(#"{"metadata":{"name":"p","namespace":"n","uid":"u","ownerReferences":\#(owners)}}"#)
        )
        #expect(identity.owner == .init(kind: kind, name: name))
    }

    /// Labels travel sorted; an invalid one (which no real API server stores) is dropped; only the annotations
    /// asked for are carried.
    @Test func labelsAndChosenAnnotations() throws {
        let pod = try Self.pod(
            #"{"metadata":{"name":"p","namespace":"n","uid":"u","labels":{"tier":"web","app":"checkout","bad key":"x"},"annotations":{"example.com/team":"payments","kubectl.kubernetes.io/last-applied-configuration":"{}"}}}"#
        )
        let identity = PodIdentity(pod, annotationKeys: ["example.com/team"])
        #expect(identity.metadata.labels.text == "app=checkout,tier=web")
        #expect(identity.metadata.annotations == [Label(key: "example.com/team", value: "payments")])
        #expect(PodIdentity(pod).metadata.annotations.isEmpty)
    }

    /// A hostile API answer: 100 labels, a 2 MB annotation and one with a NUL are cut to what the server accepts.
    @Test func hostileLabelsAndAnnotationsAreCutToTheLimits() throws {
        let labels = (0..<100).map { "\"k\($0)\":\"v\"" }.joined(separator: ",")
        let big = String(repeating: "x", count: 2 << 20)
        let pod = try Self.pod(
            #"{"metadata":{"name":"p","namespace":"n","uid":"u","labels":{\#(labels)},"annotations":{"big":"\#(big)","nul":"a\u0000b","ok":"fine"}}}"#
        )
        let metadata = PodIdentity(pod, annotationKeys: ["big", "nul", "ok"]).metadata
        #expect(metadata.labels.count == 64)
        #expect(metadata.annotations == [Label(key: "ok", value: "fine")])
        try SnapshotLimits.standard.check(labels: metadata.labels, "labels")
    }

    @Test func aBarePodWithoutStatusStillJoins() throws {
        let identity = PodIdentity(try Self.pod(#"{"metadata":{"name":"p","namespace":"n","uid":"u"}}"#))
        #expect(identity.owner == nil && identity.containers.isEmpty && identity.phase.isEmpty)
    }

    @Test(arguments: [
        ("100m", Int64(100)), ("0.5", 500), ("2", 2000), ("1.5", 1500), ("250m", 250), ("1e-1", 100), ("x", nil),
        ("1900m", 1900), ("3900m", 3900), ("0.1", 100), ("1n", 1),
        ("", nil), ("-1", nil),
    ])
    func cpuQuantities(text: String, millicores: Int64?) {
        #expect(Quantity.millicores(text) == millicores)
    }

    @Test(arguments: [
        ("128Mi", Int64(134_217_728)), ("1G", 1_000_000_000), ("1e3", 1000), ("1Ki", 1024), ("100m", 1),
        ("2Gi", 2_147_483_648), ("12Q", nil),
    ])
    func memoryQuantities(text: String, bytes: Int64?) {
        #expect(Quantity.bytes(text) == bytes)
    }
}
