import Foundation

/// The rules a new install starts with, so that it alerts on something before anyone configures it: node CPU
/// above 80 %, memory above 85 %, node filesystem above 90 % (each for 5 minutes, resolving 5 points lower), any
/// node condition, and an unhealthy kubelet. They are ordinary rules: edited, disabled or deleted like any other,
/// and created once — on a fresh database, or at each start without one.
public enum DefaultRules: Sendable {
    public static func make(channels: [String]) -> [AlertRule] {
        func rule(
            _ name: String,
            _ metric: AlertMetric,
            _ comparison: AlertOperator,
            _ threshold: Double,
            resolve: Double? = nil,
            forSeconds: Int,
            _ severity: AlertSeverity
        ) -> AlertRule {
            AlertRule(
                id: UUID().uuidString.lowercased(),
                name: name,
                target: .node("*"),
                metric: metric.name,
                comparison: comparison,
                threshold: threshold,
                resolveThreshold: resolve,
                forSeconds: forSeconds,
                severity: severity,
                channels: channels
            )
        }
        return [
            rule("Node CPU above 80 %", .nodeCPUPercent, .greater, 80, resolve: 75, forSeconds: 300, .warning),
            rule("Node memory above 85 %", .nodeMemoryPercent, .greater, 85, resolve: 80, forSeconds: 300, .warning),
            rule(
                "Node filesystem above 90 %",
                .nodeFilesystemPercent,
                .greater,
                90,
                resolve: 85,
                forSeconds: 300,
                .warning
            ),
            rule("Node not ready", .nodeNotReady, .greaterOrEqual, 1, forSeconds: 60, .critical),
            rule("Node memory pressure", .nodeMemoryPressure, .greaterOrEqual, 1, forSeconds: 60, .warning),
            rule("Node disk pressure", .nodeDiskPressure, .greaterOrEqual, 1, forSeconds: 60, .warning),
            rule("Node PID pressure", .nodePIDPressure, .greaterOrEqual, 1, forSeconds: 60, .warning),
            rule("Node network unavailable", .nodeNetworkUnavailable, .greaterOrEqual, 1, forSeconds: 60, .critical),
            rule("Kubelet unhealthy", .nodeKubeletHealthy, .less, 1, forSeconds: 60, .critical),
        ]
    }
}
