import PodSandbox

/// The pods a dev agent simulates, chosen by its node name: a control plane runs etcd- and
/// apiserver-like pods, GPU nodes run training pods, workers run web workloads. Every process is real
/// and cheap: a small CPU burner, a memory holder, an idle sleeper.
enum DevCatalog {
    struct PodSpec {
        var namespace: String
        var name: String
        var qos: String
        var containers: [(name: String, spec: PodSandbox.ContainerSpec)]
    }

    /// A shell loop that burns a little CPU (about 1–3 % of a core), named like the program it stands for.
    static func burner(_ name: String, work: Int = 1500) -> [String] {
        [
            "/bin/bash", "-c",
            "exec -a '\(name)' /bin/bash -c 'while :; do i=0; while [ $i -lt \(work) ]; do i=$((i+1)); done; sleep 0.5; done'",
        ]
    }

    /// Holds `megabytes` of memory in a shell variable, then sleeps in a loop (a final plain `sleep` would be
    /// exec'd by bash, dropping the memory).
    static func memoryHolder(_ name: String, megabytes: Int) -> [String] {
        [
            "/bin/bash", "-c",
            "exec -a '\(name)' /bin/bash -c 'x=$(head -c \(megabytes * 1_000_000) /dev/zero 2>/dev/null | tr \"\\\\0\" x 2>/dev/null); while :; do sleep 3600; done'",
        ]
    }

    /// Every `seconds`, a report run that reads more than its container's memory limit allows: the kernel OOM-kills
    /// it (`tail` holds a line without a newline whole) and the loop goes on, as a batch job that keeps hitting
    /// its limit would. Gives the dev cluster OOM kills to show and alert on.
    static func oomLooper(_ name: String, seconds: Int) -> [String] {
        [
            "/bin/bash", "-c",
            "exec -a '\(name)' /bin/bash -c 'while :; do sleep \(seconds); head -c 100000000 /dev/zero | tail; done'",
        ]
    }

    static func sleeper(_ name: String) -> [String] {
        ["/bin/bash", "-c", "exec -a '\(name)' sleep 86400"]
    }

    static func container(
        _ name: String,
        _ commands: [[String]],
        cpu: Double? = nil,
        memoryMiB: UInt64? = nil
    ) -> (name: String, spec: PodSandbox.ContainerSpec) {
        (
            name,
            PodSandbox.ContainerSpec(
                commands: commands,
                cpuLimitCores: cpu,
                memoryLimitBytes: memoryMiB.map { $0 << 20 }
            )
        )
    }

    /// The workload a simulated pod would belong to, named the way Kubernetes names its pods: a DaemonSet's pods
    /// end in a 5-character suffix, a Deployment's in a ReplicaSet hash and a suffix, static pods in the node name.
    static func owner(of pod: PodSpec) -> (kind: String, name: String) {
        let parts = pod.name.split(separator: "-")
        guard parts.count >= 2, let last = parts.last else { return ("", "") }
        if pod.name.hasPrefix("etcd-") || pod.name.hasPrefix("kube-apiserver-") { return ("Node", "") }
        if last.allSatisfy(\.isNumber) { return ("StatefulSet", parts.dropLast().joined(separator: "-")) }
        let hash = parts.count >= 3 ? parts[parts.count - 2] : ""
        if hash.count >= 9 && hash.contains(where: \.isNumber) {
            return ("Deployment", parts.dropLast(2).joined(separator: "-"))
        }
        return ("DaemonSet", parts.dropLast().joined(separator: "-"))
    }

    static func pods(for node: String) -> [PodSpec] {
        let suffix = String(node.utf8.reduce(UInt32(5381)) { ($0 &* 33) &+ UInt32($1) } % 99_999, radix: 36)
        let proxy = PodSpec(
            namespace: "kube-system",
            name: "kube-proxy-\(suffix)",
            qos: "besteffort",
            containers: [
                Self.container("kube-proxy", [Self.sleeper("kube-proxy --config=/var/lib/kube-proxy/config.conf")])
            ]
        )
        switch node {
        case let name where name.contains("control"):
            return [
                PodSpec(
                    namespace: "kube-system",
                    name: "etcd-\(node)",
                    qos: "burstable",
                    containers: [
                        Self.container(
                            "etcd",
                            [
                                Self.burner("etcd --data-dir=/var/lib/etcd", work: 3000),
                                Self.memoryHolder("etcd-wal", megabytes: 24),
                            ],
                            memoryMiB: 512
                        )
                    ]
                ),
                PodSpec(
                    namespace: "kube-system",
                    name: "kube-apiserver-\(node)",
                    qos: "burstable",
                    containers: [
                        Self.container(
                            "kube-apiserver",
                            [
                                Self.burner("kube-apiserver --etcd-servers=https://127.0.0.1:2379"),
                                Self.memoryHolder("kube-apiserver-cache", megabytes: 32),
                            ],
                            cpu: 0.25
                        )
                    ]
                ),
                PodSpec(
                    namespace: "kube-system",
                    name: "coredns-5d78c9869d-\(suffix)",
                    qos: "burstable",
                    containers: [
                        Self.container(
                            "coredns",
                            [Self.sleeper("/coredns -conf /etc/coredns/Corefile")],
                            cpu: 0.1,
                            memoryMiB: 170
                        )
                    ]
                ),
                proxy,
            ]
        case let name where name.contains("gpu") || name.contains("ai"):
            return [
                PodSpec(
                    namespace: "ml",
                    name: "trainer-resnet50-0",
                    qos: "guaranteed",
                    containers: [
                        Self.container(
                            "trainer",
                            [
                                Self.burner("python train.py --model resnet50", work: 6000),
                                Self.memoryHolder("python dataloader", megabytes: 48),
                            ],
                            cpu: 0.5,
                            memoryMiB: 256
                        ),
                        Self.container(
                            "metrics-sidecar",
                            [Self.sleeper("/exporter --port 9400")],
                            cpu: 0.05,
                            memoryMiB: 64
                        ),
                    ]
                ),
                PodSpec(
                    namespace: "ml",
                    name: "dataloader-7f9c6d8b54-\(suffix)",
                    qos: "burstable",
                    containers: [
                        Self.container(
                            "loader",
                            [
                                Self.burner("python loader.py --shards 64", work: 2500),
                                Self.memoryHolder("python shard-cache", megabytes: 16),
                            ],
                            memoryMiB: 128
                        )
                    ]
                ),
                PodSpec(
                    namespace: "monitoring",
                    name: "dcgm-exporter-\(suffix)",
                    qos: "besteffort",
                    containers: [Self.container("dcgm-exporter", [Self.sleeper("/usr/bin/dcgm-exporter")])]
                ),
                proxy,
            ]
        default:
            return [
                PodSpec(
                    namespace: "web",
                    name: "nginx-7d9c5b6c4-\(suffix)",
                    qos: "burstable",
                    containers: [
                        Self.container(
                            "nginx",
                            [
                                Self.sleeper("nginx: master process nginx -g daemon off;"),
                                Self.burner("nginx: worker process"),
                            ],
                            cpu: 0.2,
                            memoryMiB: 128
                        ),
                        Self.container(
                            "log-shipper",
                            [Self.sleeper("fluent-bit -c /fluent-bit/etc/fluent-bit.conf")],
                            memoryMiB: 64
                        ),
                    ]
                ),
                PodSpec(
                    namespace: "web",
                    name: "api-6b8f9c7d5-\(suffix)",
                    qos: "burstable",
                    containers: [
                        Self.container(
                            "api",
                            [
                                Self.burner("node /app/server.js --port=3000"),
                                Self.memoryHolder("node worker", megabytes: 32),
                            ],
                            cpu: 0.5,
                            memoryMiB: 256
                        )
                    ]
                ),
                PodSpec(
                    namespace: "batch",
                    name: "reports-0",
                    qos: "burstable",
                    containers: [
                        Self.container(
                            "report",
                            [Self.oomLooper("python3 /app/report.py --nightly", seconds: 90)],
                            memoryMiB: 24
                        )
                    ]
                ),
                PodSpec(
                    namespace: "cache",
                    name: "redis-0",
                    qos: "guaranteed",
                    containers: [
                        Self.container(
                            "redis",
                            [Self.memoryHolder("redis-server *:6379", megabytes: 40)],
                            cpu: 0.1,
                            memoryMiB: 96
                        )
                    ]
                ),
                proxy,
            ]
        }
    }
}
