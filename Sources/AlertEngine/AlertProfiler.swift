import Alerting
import Logging
import NodeStore
package import Profiles
import Telemetry

/// Takes the profiles rules ask for (`profile_on_fire_seconds`) when their alerts fire on a pod, through the
/// same ``ProfileCenter`` and limits as a profile a user starts (one per pod, two per node), and brings each
/// finished profile back to its alert: its stacks are kept with the alert, and a follow-up message links them.
package struct AlertProfiler: Sendable {
    package let profiles: ProfileCenter
    /// Profile sampling frequency, as the UI's default.
    package static let frequencyHz = 99

    package init(profiles: ProfileCenter) {
        self.profiles = profiles
    }

    /// Starts the profiles of alerts that fired in this pass; an alert whose profile cannot start says why.
    func start(_ fired: [Alert], nodes: [NodeState], center: AlertCenter, logger: Logger, now: Int64) {
        let byName = Dictionary(nodes.map { ($0.name, $0) }, uniquingKeysWith: { $1 })
        for alert in fired {
            guard let requested = alert.context?.profile, requested.state == .running, requested.id.isEmpty else {
                continue
            }
            let subject = alert.subject
            let outcome: AlertProfile
            if let node = byName[subject.node],
                let pod = PodSummary.pods(of: node).first(where: {
                    $0.namespace == subject.namespace && $0.name == subject.pod
                })
            {
                do {
                    let profile = try self.profiles.start(
                        node: subject.node,
                        namespace: subject.namespace,
                        pod: subject.pod,
                        podUID: pod.uid,
                        durationSeconds: min(
                            max(requested.durationSeconds, self.profiles.limits.durations.lowerBound),
                            self.profiles.limits.durations.upperBound
                        ),
                        frequencyHz: Self.frequencyHz,
                        now: now
                    )
                    self.profiles.pin(profile.id)
                    outcome = AlertProfile(id: profile.id, state: .running, durationSeconds: profile.durationSeconds)
                } catch {
                    outcome = AlertProfile(
                        id: "",
                        state: .skipped,
                        durationSeconds: requested.durationSeconds,
                        reason: error.description
                    )
                }
            } else {
                outcome = AlertProfile(
                    id: "",
                    state: .skipped,
                    durationSeconds: requested.durationSeconds,
                    reason: "the pod is no longer reported by node \(subject.node)"
                )
            }
            logger.info(
                "Profile on fire",
                metadata: [
                    "alert.id": "\(alert.id)", "profile.state": "\(outcome.state.rawValue)",
                    "profile.id": "\(outcome.id)", "reason": "\(outcome.reason ?? "")",
                ]
            )
            center.profileStarted(alertID: alert.id, outcome)
        }
    }

    /// Brings finished profiles back to their alerts.
    func collect(center: AlertCenter, now: Int64) {
        for (alertID, profileID) in center.profilesRunning {
            guard let profile = self.profiles.profile(id: profileID, now: now) else {
                center.profileFinished(
                    alertID: alertID,
                    AlertProfile(
                        id: profileID,
                        state: .failed,
                        durationSeconds: 0,
                        reason: "its result was lost (the server restarted while it ran)"
                    ),
                    folded: [],
                    now: now
                )
                continue
            }
            switch profile.state {
            case .queued, .running:
                continue
            case .done:
                center.profileFinished(
                    alertID: alertID,
                    AlertProfile(
                        id: profileID,
                        state: .done,
                        durationSeconds: profile.durationSeconds,
                        samples: profile.samples
                    ),
                    folded: profile.folded,
                    now: now
                )
            case .failed:
                center.profileFinished(
                    alertID: alertID,
                    AlertProfile(
                        id: profileID,
                        state: .failed,
                        durationSeconds: profile.durationSeconds,
                        reason: profile.reason
                    ),
                    folded: [],
                    now: now
                )
            }
        }
    }
}
