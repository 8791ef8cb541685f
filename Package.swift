// swift-tools-version:6.2
import PackageDescription

let log: Target.Dependency = .product(name: "Logging", package: "swift-log")
let lifecycle: Target.Dependency = .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")
let argumentParser: Target.Dependency = .product(name: "ArgumentParser", package: "swift-argument-parser")
let system: Target.Dependency = .product(name: "SystemPackage", package: "swift-system")
func nio(_ name: String) -> Target.Dependency { .product(name: name, package: "swift-nio") }

let package = Package(
    name: "podwatch",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "podwatch-agent", targets: ["Agent"]),
        .executable(name: "podwatch-server", targets: ["Server"]),
        .executable(name: "podwatch-sim", targets: ["Simulator"]),
        .executable(name: "podwatch", targets: ["CLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-protobuf.git", from: "1.28.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-system.git", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.30.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.24.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.0.0"),
        .package(url: "https://github.com/swiftlang/swift-subprocess.git", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.0.0"),
        .package(url: "https://github.com/yaslab/CSV.swift.git", from: "2.5.0"),
        // OTLP over HTTP only: the gRPC exporter's packages would double the first build.
        .package(url: "https://github.com/swift-otel/swift-otel.git", from: "1.6.0", traits: ["OTLPHTTP"]),
    ],
    targets: [
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        // libpq: connection, parameterised statements, transactions, migrations; blocking calls on NIO's thread pool.
        .target(name: "Postgres", dependencies: ["CLibPQ", nio("NIOPosix"), nio("NIOConcurrencyHelpers")]),
        // Alert rules, the metric catalogue, the alert state machine, the alert book (rules, pair states, firing
        // alerts, outbox, journal as one value) and notification payloads: values and pure logic, no I/O.
        // Kubernetes label keys, values and selectors (`app=checkout,tier!=canary`): parsing and matching.
        .target(name: "LabelSelection"),
        // White space trimmed from text read from outside (forms, flags, search), the same way everywhere.
        .target(name: "TextTrimming"),
        .target(name: "Alerting", dependencies: ["LabelSelection", "TextTrimming"]),
        // Rules, alerts, pair states and the notification outbox in PostgreSQL (schema migrations included).
        .target(name: "AlertStore", dependencies: ["Alerting", "Postgres"]),
        // A real PostgreSQL started by the tests themselves (a test helper target).
        .target(name: "PostgresTesting", dependencies: ["Postgres", "CProcessLimits"]),
        // Test support: a throwaway PKI and a Hummingbird app on loopback TLS, for the fake API server, kubelet and
        // TokenReview API of the tests.
        .target(
            name: "TLSTesting",
            dependencies: [
                log, lifecycle, .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        // Frames, messages, payload encoding and compression. Spec: docs/wire-protocol.md
        .target(
            name: "Wire",
            dependencies: [
                "CZlib", "Telemetry", nio("NIOCore"), nio("NIOPosix"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"), nio("NIOTLS"),
            ]
        ),
        // Parsers and readers for /proc, /sys/block and cgroups. No Foundation.
        .target(name: "KernelStats", dependencies: ["Telemetry", system]),
        // Kubernetes API shapes Podwatch reads (pods, watch events, quantities) and the join onto cgroup identities.
        .target(name: "Kube", dependencies: ["Telemetry"]),
        // The agent's Kubernetes API client: in-cluster or kubeconfig access, LIST + WATCH of this node's pods and
        // its Node object with bookmarks, re-LIST on 410 and backoff, into a directory the sampler reads.
        .target(
            name: "KubeClient",
            dependencies: [
                "Kube", "Telemetry", "LabelSelection", log, lifecycle, nio("NIOCore"), nio("NIOPosix"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"), .product(name: "Yams", package: "Yams"),
            ]
        ),
        // The snapshot value an agent produces, and the rate math the server reuses.
        .target(name: "Telemetry", dependencies: ["LabelSelection"]),
        // Real processes in real cgroups laid out like kubelet pods (tests, bench, dev mode).
        .target(name: "PodSandbox", dependencies: ["CProcessLimits", system]),
        .target(
            name: "AgentCore",
            dependencies: [
                "KernelStats", "Telemetry", "Wire", "PodSandbox", "Kube", "KubeClient", "CProcessLimits", "CHeap",
                "KernelTracing", "TextTrimming", system, log,
                lifecycle,
                nio("NIOCore"), nio("NIOPosix"), nio("NIOHTTP1"),
                .product(name: "Subprocess", package: "swift-subprocess"),
            ]
        ),
        .executableTarget(
            name: "Agent",
            dependencies: [
                "AgentCore", "KernelTracing", "KubeClient", "PodSandbox", "Telemetry", "Wire", argumentParser, log,
                lifecycle,
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        // The server's model of every node: the latest snapshot, rates and counts taken at ingest, pod summaries,
        // one hour of compressed history. No I/O; the ingest writes it, alerts and the web read it.
        .target(name: "NodeStore", dependencies: ["Telemetry"]),
        // Podwatch's own series on the server's /metrics, through swift-metrics into a swift-prometheus registry.
        .target(
            name: "ServerMetrics",
            dependencies: [
                "Telemetry", .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        // The server's /metrics: the cache under node_exporter's, cAdvisor's and kube-state-metrics' names.
        .target(name: "MetricsExport", dependencies: ["NodeStore", "Telemetry"]),
        // Alert samples read from the node store, the alert center (Alerting's book behind a lock, rule edits
        // written through to PostgreSQL), journal persistence and notification delivery: the services around it.
        .target(
            name: "AlertEngine",
            dependencies: [
                "NodeStore", "Alerting", "AlertStore", "Postgres", "Telemetry", "ServerMetrics", "Profiles", log,
                lifecycle, nio("NIOCore"), nio("NIOHTTP1"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        // Agent sessions: the listener, Hello and its limits, validation and delta application into the node
        // store, the session registry commands go out through. Command results go to a receiver it is given.
        .target(
            name: "Ingest",
            dependencies: [
                "NodeStore", "Wire", "Telemetry", "ServerMetrics", log, lifecycle, nio("NIOCore"), nio("NIOPosix"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        // Profiles on demand: requests sent to a node's agent through Ingest's registry, results folded into
        // flame graphs.
        .target(name: "Profiles", dependencies: ["Ingest", "Wire", "Telemetry"]),
        // `--otlp-endpoint`: the /metrics series and the server's own pushed over OTLP/HTTP through swift-otel.
        .target(
            name: "OTLPExport",
            dependencies: [
                "MetricsExport", "NodeStore", "Telemetry", log, lifecycle,
                .product(name: "OTel", package: "swift-otel"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ]
        ),
        // Recordings: every snapshot in a recording's scope appended as CSV rows (CSV.swift), one file per level,
        // under a directory and a disk budget; resumed across restarts.
        .target(
            name: "Recordings",
            dependencies: [
                "NodeStore", "Telemetry", .product(name: "CSV", package: "CSV.swift"), log, lifecycle,
            ]
        ),
        // The web UI and JSON API over the node store, alert engine and profiles: views, routes, the write check,
        // service errors mapped to HTTP. Reads the other parts; nothing reads it but the server that wires them.
        .target(
            name: "Web",
            dependencies: [
                "NodeStore", "AlertEngine", "Ingest", "Profiles", "Alerting", "Telemetry", "CHeap", "MetricsExport",
                "ServerMetrics", "Recordings", "LabelSelection", "CZlib", "TextTrimming",
                .product(name: "CoreMetrics", package: "swift-metrics"),
                nio("NIOCore"), nio("NIOPosix"), log, .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            ]
        ),
        // The server: its configuration, and the function that wires ingest, the node store, alerts, profiles and
        // the web into services.
        .target(
            name: "ServerCore",
            dependencies: [
                "NodeStore", "AlertEngine", "Ingest", "Profiles", "Web", "Wire", "Telemetry", "Alerting",
                "AlertStore", "Postgres", "KubeClient", "ServerMetrics", "Recordings", "OTLPExport",
                "CHeap",
                nio("NIOCore"),
                nio("NIOPosix"), log, lifecycle, .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .executableTarget(
            name: "Server",
            dependencies: [
                "ServerCore", "AlertEngine", "Alerting", "Ingest", "Profiles", "Web", "Wire", "Kube", "KubeClient",
                "Telemetry", argumentParser,
                log, lifecycle,
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        // glibc's heap statistics and trim (malloc.h is not in Swift's Glibc module): the server's memory report and
        // the memory benchmark.
        .target(name: "CHeap"),
        // prlimit(2) for a child process (perf's output files are capped through it); needs _GNU_SOURCE.
        .target(name: "CProcessLimits"),
        // The BPF programs' loader and map reader (libbpf, Debian's libbpf-dev): the committed skeleton of
        // bpf/podwatch.bpf.c (`make bpf`), so a plain build needs no BPF toolchain.
        .target(name: "CPodwatchBPF", linkerSettings: [.linkedLibrary("bpf")]),
        // What no /proc file shows, from eBPF: the programs loaded signal by signal, their maps read and reset
        // once per pass into values keyed by cgroup and network namespace.
        .target(name: "KernelTracing", dependencies: ["CPodwatchBPF", "Telemetry", system]),
        // Synthetic nodes (pods, processes, moving counters) and simulated agent connections: the load simulator's core.
        .target(
            name: "Simulation",
            dependencies: ["Telemetry", "Wire", log, nio("NIOCore"), nio("NIOPosix")]
        ),
        // The `podwatch` CLI's commands: the server's JSON API over HTTP, contexts from a config file, kubectl-style
        // tables, JSON and YAML. The executable is only its entry point, so the tests run every command in-process.
        .target(
            name: "PodwatchCLI",
            dependencies: [
                "Telemetry", "KubeClient", argumentParser,
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Yams", package: "Yams"), nio("NIOCore"), nio("NIOHTTP1"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .executableTarget(name: "CLI", dependencies: ["PodwatchCLI"]),
        // Test support: a real server on loopback, a raw ingest client, and a server with one in-process agent
        // whose pod runs a known hot function (profiles end to end); shared by the server's and the CLI's tests.
        .target(
            name: "ServerTesting",
            dependencies: [
                "ServerCore", "AgentCore", "PodSandbox", "Profiles", "NodeStore", "KernelStats", "Telemetry", "Wire",
                log, lifecycle, nio("NIOCore"), nio("NIOPosix"),
            ]
        ),
        // `podwatch-sim`: N agents from one process (`run`) and the server's in-process figures (`bench`).
        .executableTarget(
            name: "Simulator",
            dependencies: [
                "Simulation", "ServerCore", "NodeStore", "Web", "Telemetry", "KernelStats", "Wire", "CHeap",
                argumentParser,
                log,
                nio("NIOCore"),
                nio("NIOPosix"), .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        // What each fuzz target does with one input; the fuzzers and the regression tests share it.
        .target(name: "FuzzHarness", dependencies: ["Wire", "Telemetry", "KernelStats", nio("NIOCore")]),
        // libFuzzer targets (`make fuzz` builds them with -DFUZZING and -sanitize=fuzzer).
        .executableTarget(
            name: "FrameFuzzer",
            dependencies: ["FuzzHarness"],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        ),
        .executableTarget(
            name: "PayloadFuzzer",
            dependencies: ["FuzzHarness", "Simulation", "Wire", nio("NIOCore")],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        ),
        // The whole server path for the fuzzer: frames through a real ingest session into the cache, alert rules on
        // every metric, every page and API route rendered through the router.
        .target(
            name: "PathFuzzHarness",
            dependencies: [
                "ServerCore", "NodeStore", "AlertEngine", "Ingest", "Alerting", "Telemetry", "Wire", log,
                nio("NIOCore"),
                nio("NIOEmbedded"), .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
            ]
        ),
        .executableTarget(
            name: "PathFuzzer",
            dependencies: ["PathFuzzHarness", "Simulation", "Telemetry", "KernelStats", "Wire", nio("NIOCore")],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        ),
        .executableTarget(
            name: "KernelStatsFuzzer",
            dependencies: ["FuzzHarness"],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        ),
        .testTarget(
            name: "KernelStatsTests",
            dependencies: ["KernelStats", "Telemetry"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "TelemetryTests", dependencies: ["Telemetry", "KernelStats", "LabelSelection"]),
        .testTarget(name: "KubeTests", dependencies: ["Kube", "Telemetry"]),
        .testTarget(
            name: "KubeClientTests",
            dependencies: [
                "KubeClient", "Kube", "Telemetry", "KernelStats", "AgentCore", "PodSandbox", "TLSTesting", log,
                lifecycle,
                nio("NIOCore"), .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .testTarget(
            name: "WireTests",
            dependencies: [
                "Wire", "Telemetry", "KernelStats", nio("NIOCore"), nio("NIOTestUtils"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ]
        ),
        .testTarget(name: "FuzzHarnessTests", dependencies: ["FuzzHarness"], resources: [.copy("Inputs")]),
        .testTarget(name: "PathFuzzHarnessTests", dependencies: ["PathFuzzHarness"], resources: [.copy("Inputs")]),
        .testTarget(
            name: "SimulationTests",
            dependencies: ["Simulation", "Wire", "Telemetry", "KernelStats", nio("NIOCore")]
        ),
        .testTarget(name: "PodSandboxTests", dependencies: ["PodSandbox"]),
        .testTarget(name: "KernelTracingTests", dependencies: ["KernelTracing", "PodSandbox", "Telemetry", system]),
        .testTarget(name: "PostgresTests", dependencies: ["Postgres", "PostgresTesting"]),
        .testTarget(name: "AlertingTests", dependencies: ["Alerting", "LabelSelection"]),
        .testTarget(name: "LabelSelectionTests", dependencies: ["LabelSelection"]),
        .testTarget(name: "TextTrimmingTests", dependencies: ["TextTrimming"]),
        .testTarget(name: "AlertStoreTests", dependencies: ["AlertStore", "Alerting", "Postgres", "PostgresTesting"]),
        .testTarget(name: "NodeStoreTests", dependencies: ["NodeStore", "Telemetry", "KernelStats"]),
        .testTarget(name: "AlertEngineTests", dependencies: ["AlertEngine", "Alerting"]),
        .testTarget(name: "ProfilesTests", dependencies: ["Profiles", "Web"]),
        .testTarget(name: "WebTests", dependencies: ["Web", "NodeStore", "Telemetry", "Simulation"]),
        .testTarget(
            name: "MetricsExportTests",
            dependencies: ["MetricsExport", "NodeStore", "Telemetry", "Web", "ServerMetrics", "PodSandbox"]
        ),
        .testTarget(
            name: "ServerCoreTests",
            dependencies: [
                "ServerCore", "NodeStore", "AlertEngine", "Ingest", "Profiles", "Web", "AgentCore", "PodSandbox",
                "TLSTesting", "ServerTesting",
                "Wire",
                "Telemetry", "KernelStats",
                "Alerting",
                "AlertStore", "Postgres", "PostgresTesting", "Simulation", nio("NIOCore"), nio("NIOPosix"),
                nio("NIOHTTP1"), nio("NIOEmbedded"), .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"), "Kube", "KubeClient",
                log, lifecycle, .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            // The golden answers are read from the checkout by the test (docs: Golden/GoldenAPITests.swift).
            exclude: ["Golden/api-v1.json", "OTLP/otlp_receiver.py"]
        ),
        .testTarget(name: "RecordingsTests", dependencies: ["Recordings", "NodeStore", "Telemetry", "Simulation"]),
        .testTarget(
            name: "PodwatchCLITests",
            dependencies: [
                "PodwatchCLI", "ServerTesting", "ServerCore", "NodeStore", "Recordings", "Simulation", "Telemetry",
                "Wire", "TLSTesting", .product(name: "Hummingbird", package: "hummingbird"), nio("NIOCore"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .testTarget(
            name: "AgentCoreTests",
            dependencies: ["AgentCore", "PodSandbox", "Kube", "KubeClient", "KernelTracing"],
            resources: [.copy("Fixtures"), .copy("Golden")]
        ),
    ]
)

// The strictness swift-log and Hummingbird build with.
for target in package.targets
where target.type != .system && !["CHeap", "CProcessLimits", "CPodwatchBPF"].contains(target.name) {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    settings.append(.enableUpcomingFeature("InternalImportsByDefault"))
    settings.append(.unsafeFlags(["-Xfrontend", "-require-explicit-sendable"]))
    target.swiftSettings = settings
}
