/// The parts of the server's JSON answers (docs/api.md) the tables show. Every field a server may leave out is
/// optional: an unknown value shows as `-`.
enum API {
    struct Node: Decodable {
        var name: String
        var stale: Bool
        var connected: Bool?
        var lastSeenMilliseconds: Double
        var cpuBusyPercent: Double?
        var memoryUsedPercent: Double?
        var networkBytesPerSecond: Double?
        var diskBytesPerSecond: Double?
        var load1: Double?
        var pods: Int
        var processes: Int
    }

    struct Pod: Decodable {
        struct Container: Decodable { var name: String }
        var uid: String
        var namespace: String
        var name: String
        var phase: String
        var cpuCores: Double?
        var memoryWorkingSetBytes: Double?
        var containers: [Container]
    }

    struct Server: Decodable {
        struct Ingest: Decodable {
            var snapshotsReceived: Int
            var connectionsRejected: Int
            var snapshotsRefused: Int
        }
        var version: String?
        var ingest: Ingest
        var connectedNodes: [String]
        var agentsAuthenticated: Bool
    }

    struct Alert: Decodable {
        struct Target: Decodable { var key: String }
        var id: String
        var ruleName: String
        var target: Target
        var metric: String
        var `operator`: String
        var threshold: Double
        var severity: String
        var state: String
        var value: Double?
        var startedAt: String

        enum CodingKeys: String, CodingKey {
            case id, target, metric, `operator`, threshold, severity, state, value
            case ruleName = "rule_name"
            case startedAt = "started_at"
        }
    }

    /// `/api/v1/alerts/{id}`: the alert with what it captured when it fired (docs/api.md "Alert context").
    struct AlertDetail: Decodable {
        struct Context: Decodable {
            struct Process: Decodable {
                var pid: Int64
                var container: String
                var command: String
                var state: String
                var threads: Int64
                var cpuPercent: Double?
                var memoryBytes: Double?

                enum CodingKeys: String, CodingKey {
                    case pid, container, command, state, threads
                    case cpuPercent = "cpu_percent"
                    case memoryBytes = "memory_bytes"
                }
            }
            struct Pod: Decodable {
                var namespace: String
                var pod: String
                var cpuCores: Double?
                var memoryBytes: Double?

                enum CodingKeys: String, CodingKey {
                    case namespace, pod
                    case cpuCores = "cpu_cores"
                    case memoryBytes = "memory_bytes"
                }
            }
            struct Profile: Decodable {
                var state: String
                var reason: String?
            }
            var processes: [Process]
            var pods: [Pod]
            var profile: Profile?
        }
        var alert: Alert
        var context: Context?

        init(from decoder: any Decoder) throws {
            self.alert = try Alert(from: decoder)
            enum Keys: String, CodingKey { case context }
            self.context = try decoder.container(keyedBy: Keys.self).decodeIfPresent(Context.self, forKey: .context)
        }
    }

    struct Rule: Decodable {
        var id: String
        var name: String
        var target: JSONValue
        var metric: String
        var `operator`: String
        var threshold: Double
        var forSeconds: Double?
        var severity: String?
        var enabled: Bool

        enum CodingKeys: String, CodingKey {
            case id, name, target, metric, `operator`, threshold, severity, enabled
            case forSeconds = "for_seconds"
        }
    }

    struct Profile: Decodable {
        var id: String
        var node: String
        var namespace: String
        var pod: String
        var state: String
        var reason: String?
        var samples: Int?
        var truncated: Bool?
    }

    struct Recording: Decodable {
        struct Scope: Decodable {
            var nodes: [String]
            var namespaces: [String]
            var pods: [String]
            var processes: Bool
        }
        var id: String
        var name: String
        var scope: Scope
        var state: String
        var reason: String?
        var startedMilliseconds: Double
        var snapshots: Int
        var bytes: Double

        enum CodingKeys: String, CodingKey {
            case id, name, scope, state, reason, snapshots, bytes
            case startedMilliseconds = "started_ms"
        }
    }

    /// `/api/v1/nodes/{node}`, as much as `top processes` needs.
    struct NodeDetail: Decodable {
        struct Snapshot: Decodable {
            var pageSize: Double?
            var containers: [Container]
            var hostProcesses: [Process]
            var pods: [PodName]?
        }
        struct Container: Decodable {
            struct Identity: Decodable {
                var podUID: String?
                var containerID: String?
            }
            var identity: Identity?
            var isSandbox: Bool?
            var processes: [Process]
        }
        struct Process: Decodable {
            struct Stat: Decodable {
                var pid: Int32
                var comm: String
            }
            struct Status: Decodable { var vmRSS: Double? }
            struct Statm: Decodable { var resident: Double }
            var stat: Stat
            var status: Status?
            var statm: Statm?
        }
        struct PodName: Decodable {
            struct Container: Decodable {
                var id: String
                var name: String
            }
            var uid: String
            var namespace: String
            var name: String
            var containers: [Container]?
        }
        struct Rates: Decodable {
            struct Process: Decodable {
                var pid: Int32
                var cpuPercent: Double?
            }
            var processes: [Process]
        }
        var name: String
        var snapshot: Snapshot
        var rates: Rates?
    }
}
