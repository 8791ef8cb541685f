import Telemetry

/// The workloads simulated pods run, shaped like a typical cluster: web servers with a sidecar, JVM
/// services, Celery workers, Redis and PostgreSQL, and the node's DaemonSets. Most processes sleep most
/// of the time (as on real nodes), which is what makes steady deltas small.
struct WorkloadTemplate: Sendable {
    var namespace: String
    var name: String
    var ownerKind: String
    var qos: QOSClass
    var containers: [ContainerTemplate]
}

struct ContainerTemplate: Sendable {
    var name: String
    var image: String
    var processes: [ProcessTemplate]
    var cpuRequestMillicores: Int64?
    var cpuLimitMillicores: Int64?
    var memoryRequestBytes: Int64?
    var memoryLimitBytes: Int64?
}

struct ProcessTemplate: Sendable {
    var comm: String
    var cmdline: [String]
    var threads: Int64 = 1
    /// Chance that the process ran during an interval.
    var activity: Double
    /// CPU ticks (1/100 s) it used in an interval when it ran.
    var ticks: UInt64
    /// Resident pages.
    var rssPages: Int64
}

enum SyntheticWorkloads {
    private static let mib: Int64 = 1 << 20

    static let deployments: [WorkloadTemplate] = [
        WorkloadTemplate(
            namespace: "shop",
            name: "storefront",
            ownerKind: "Deployment",
            qos: .burstable,
            containers: [
                ContainerTemplate(
                    name: "nginx",
                    image: "nginx:1.27",
                    processes: [
                        ProcessTemplate(
                            comm: "nginx",
                            cmdline: ["nginx: master process nginx -g daemon off;"],
                            activity: 0.1,
                            ticks: 1,
                            rssPages: 1_500
                        )
                    ]
                        + Array(
                            repeating: ProcessTemplate(
                                comm: "nginx",
                                cmdline: ["nginx: worker process"],
                                activity: 0.6,
                                ticks: 12,
                                rssPages: 2_400
                            ),
                            count: 2
                        ),
                    cpuRequestMillicores: 250,
                    cpuLimitMillicores: 1000,
                    memoryRequestBytes: 128 * mib,
                    memoryLimitBytes: 256 * mib
                ),
                Self.envoy,
            ]
        ),
        WorkloadTemplate(
            namespace: "payments",
            name: "ledger-api",
            ownerKind: "Deployment",
            qos: .guaranteed,
            containers: [
                ContainerTemplate(
                    name: "api",
                    image: "registry.example.com/payments/ledger-api:4.18.2",
                    processes: [
                        ProcessTemplate(
                            comm: "java",
                            cmdline: [
                                "/usr/lib/jvm/java-21/bin/java", "-XX:MaxRAMPercentage=75", "-jar",
                                "/app/ledger-api.jar",
                            ],
                            threads: 64,
                            activity: 1,
                            ticks: 40,
                            rssPages: 180_000
                        )
                    ],
                    cpuRequestMillicores: 1000,
                    cpuLimitMillicores: 1000,
                    memoryRequestBytes: 1024 * mib,
                    memoryLimitBytes: 1024 * mib
                )
            ]
        ),
        WorkloadTemplate(
            namespace: "batch",
            name: "report-worker",
            ownerKind: "Deployment",
            qos: .burstable,
            containers: [
                ContainerTemplate(
                    name: "celery",
                    image: "registry.example.com/batch/reports:2.3.0",
                    processes: [
                        ProcessTemplate(
                            comm: "celery",
                            cmdline: ["/usr/local/bin/python3", "/usr/local/bin/celery", "-A", "reports", "worker"],
                            threads: 3,
                            activity: 0.3,
                            ticks: 2,
                            rssPages: 20_000
                        )
                    ]
                        + Array(
                            repeating: ProcessTemplate(
                                comm: "celery",
                                cmdline: [
                                    "/usr/local/bin/python3", "/usr/local/bin/celery", "-A", "reports", "worker",
                                ],
                                activity: 0.25,
                                ticks: 30,
                                rssPages: 30_000
                            ),
                            count: 2
                        ),
                    cpuRequestMillicores: 500,
                    memoryRequestBytes: 512 * mib
                )
            ]
        ),
    ]

    static let statefulSets: [WorkloadTemplate] = [
        WorkloadTemplate(
            namespace: "data",
            name: "redis",
            ownerKind: "StatefulSet",
            qos: .burstable,
            containers: [
                ContainerTemplate(
                    name: "redis",
                    image: "redis:7.4",
                    processes: [
                        ProcessTemplate(
                            comm: "redis-server",
                            cmdline: ["redis-server *:6379"],
                            threads: 5,
                            activity: 0.9,
                            ticks: 6,
                            rssPages: 60_000
                        )
                    ],
                    cpuRequestMillicores: 200,
                    memoryRequestBytes: 512 * mib,
                    memoryLimitBytes: 1024 * mib
                )
            ]
        )
    ]

    static let daemonSets: [WorkloadTemplate] = [
        Self.daemon(
            "kube-proxy",
            "registry.k8s.io/kube-proxy:v1.33.1",
            ["/usr/local/bin/kube-proxy", "--config=/var/lib/kube-proxy/config.conf"]
        ),
        Self.daemon(
            "fluent-bit",
            "fluent/fluent-bit:3.2",
            ["/fluent-bit/bin/fluent-bit", "-c", "/fluent-bit/etc/fluent-bit.conf"]
        ),
        Self.daemon("node-exporter", "prom/node-exporter:v1.9.1", ["/bin/node_exporter", "--path.rootfs=/host"]),
    ]

    static let envoy = ContainerTemplate(
        name: "envoy",
        image: "envoyproxy/envoy:v1.34",
        processes: [
            ProcessTemplate(
                comm: "envoy",
                cmdline: ["envoy", "-c", "/etc/envoy/envoy.yaml", "--service-cluster", "storefront"],
                threads: 18,
                activity: 0.9,
                ticks: 5,
                rssPages: 12_000
            )
        ],
        cpuRequestMillicores: 100,
        memoryRequestBytes: 64 * mib
    )

    static let pause = ProcessTemplate(comm: "pause", cmdline: ["/pause"], activity: 0, ticks: 0, rssPages: 100)

    /// Short-lived processes of exec probes and hooks.
    static let probe = ProcessTemplate(
        comm: "sh",
        cmdline: ["/bin/sh", "-c", "curl -fsS http://127.0.0.1:8080/healthz"],
        activity: 1,
        ticks: 1,
        rssPages: 300
    )

    private static func daemon(_ name: String, _ image: String, _ cmdline: [String]) -> WorkloadTemplate {
        WorkloadTemplate(
            namespace: "kube-system",
            name: name,
            ownerKind: "DaemonSet",
            qos: .burstable,
            containers: [
                ContainerTemplate(
                    name: name,
                    image: image,
                    processes: [
                        ProcessTemplate(
                            comm: String(name.prefix(15)),
                            cmdline: cmdline,
                            threads: 12,
                            activity: 0.8,
                            ticks: 3,
                            rssPages: 9_000
                        )
                    ],
                    cpuRequestMillicores: 100,
                    memoryRequestBytes: 64 * mib,
                    memoryLimitBytes: 256 * mib
                )
            ]
        )
    }
}
