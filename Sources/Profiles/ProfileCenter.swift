public import Ingest
import Synchronization
public import Wire

/// Every profile this server process knows: requests go to the node's agent as Commands over its connection;
/// results come back as CommandResult chunks. Bounded (the oldest finished profiles are forgotten first).
public final class ProfileCenter: CommandResultReceiver {
    package let limits: ProfileLimits
    package let registry: SessionRegistry
    private let profiles = Mutex<[String: Profile]>([:])

    public init(limits: ProfileLimits, registry: SessionRegistry) {
        self.limits = limits
        self.registry = registry
    }

    /// Starts profiling pod `namespace/pod` (UID `podUID`) on `node`.
    public func start(
        node: String,
        namespace: String,
        pod: String,
        podUID: String,
        durationSeconds: Int,
        frequencyHz: Int,
        now: Int64
    ) throws(ProfileError) -> Profile {
        guard self.limits.durations.contains(durationSeconds) else {
            throw ProfileError(
                .invalid,
                "duration_seconds must be \(self.limits.durations.lowerBound)–\(self.limits.durations.upperBound)"
            )
        }
        guard (1...1000).contains(frequencyHz) else { throw ProfileError(.invalid, "frequency_hz must be 1–1000") }
        guard let capabilities = self.registry.capabilities(of: node) else {
            throw ProfileError(.agentUnavailable, "node \(node) has no connected agent")
        }
        guard capabilities.contains("profiling") else {
            throw ProfileError(.conflict, "profiling is disabled on node \(node) (its agent runs with --no-profiling)")
        }
        let profile = try self.profiles.withLock { profiles throws(ProfileError) -> Profile in
            self.expire(&profiles, now: now)
            let active = profiles.values.filter { $0.isActive && $0.node == node }
            if active.contains(where: { $0.podUID == podUID }) {
                throw ProfileError(.conflict, "a profile of \(namespace)/\(pod) is already running")
            }
            if active.count >= self.limits.perNode {
                throw ProfileError(
                    .busy,
                    "\(active.count) profiles are already running on \(node); wait for one to finish"
                )
            }
            let profile = Profile(
                id: Self.newID(),
                node: node,
                namespace: namespace,
                pod: pod,
                podUID: podUID,
                durationSeconds: durationSeconds,
                frequencyHz: frequencyHz,
                state: .queued,
                createdMilliseconds: now
            )
            profiles[profile.id] = profile
            self.trim(&profiles)
            return profile
        }
        var command = Podwatch_V1_Command()
        command.id = profile.id
        var request = Podwatch_V1_ProfileRequest()
        request.podUid = podUID
        request.durationSeconds = UInt32(durationSeconds)
        request.frequencyHz = UInt32(frequencyHz)
        command.request = .profile(request)
        guard self.registry.send(WireMessage.command(command).frame(), to: node) else {
            self.finish(profile.id, .failed, reason: "node \(node) disconnected before the request was sent", now: now)
            throw ProfileError(.agentUnavailable, "node \(node) has no connected agent")
        }
        return profile
    }

    /// A CommandResult from `node`'s agent. Results for profiles of other nodes, unknown ids or finished profiles
    /// are ignored.
    public func receive(node: String, _ result: Podwatch_V1_CommandResult, final: Bool, now: Int64) {
        self.profiles.withLock { profiles in
            guard var profile = profiles[result.id], profile.node == node, profile.isActive else { return }
            switch result.state {
            case .running:
                profile.state = .running
            case .failed:
                profile.state = .failed
                profile.reason =
                    result.error.isEmpty ? "the agent reported a failure" : String(result.error.prefix(1000))
                profile.finishedMilliseconds = now
            case .done:
                profile.state = .running
                if profile.folded.count + result.data.count > self.limits.maximumBytes {
                    profile.state = .failed
                    profile.reason = "the result is larger than \(self.limits.maximumBytes >> 20) MB"
                    profile.folded = []
                    profile.finishedMilliseconds = now
                    break
                }
                profile.folded.append(contentsOf: result.data)
                profile.samples = result.samples
                profile.truncated = result.truncated
                if final {
                    profile.state = .done
                    profile.finishedMilliseconds = now
                }
            case .unspecified, .UNRECOGNIZED:
                return
            }
            profiles[result.id] = profile
        }
    }

    /// Cancels a queued or running profile; returns it, or nil for an unknown id.
    public func cancel(id: String, now: Int64) -> Profile? {
        guard let profile = self.profile(id: id, now: now) else { return nil }
        guard profile.isActive else { return profile }
        var command = Podwatch_V1_Command()
        command.id = "cancel-" + id
        var cancel = Podwatch_V1_CancelCommand()
        cancel.commandID = id
        command.request = .cancel(cancel)
        _ = self.registry.send(WireMessage.command(command).frame(), to: profile.node)
        self.finish(id, .failed, reason: "cancelled", now: now)
        return self.profile(id: id, now: now)
    }

    public func profile(id: String, now: Int64) -> Profile? {
        self.profiles.withLock { profiles in
            self.expire(&profiles, now: now)
            return profiles[id]
        }
    }

    /// Profiles of a pod (or of everything), newest first.
    public func list(node: String? = nil, namespace: String? = nil, pod: String? = nil, now: Int64) -> [Profile] {
        self.profiles.withLock { profiles in
            self.expire(&profiles, now: now)
            return profiles.values.filter {
                (node == nil || $0.node == node) && (namespace == nil || $0.namespace == namespace)
                    && (pod == nil || $0.pod == pod)
            }.sorted { $0.createdMilliseconds > $1.createdMilliseconds }
        }
    }

    private func finish(_ id: String, _ state: Profile.State, reason: String, now: Int64) {
        self.profiles.withLock { profiles in
            guard profiles[id]?.isActive == true else { return }
            profiles[id]?.state = state
            profiles[id]?.reason = reason
            profiles[id]?.finishedMilliseconds = now
            profiles[id]?.folded = []
        }
    }

    /// Active profiles whose answer is overdue fail, so that no profile stays "running" forever.
    private func expire(_ profiles: inout [String: Profile], now: Int64) {
        for (id, profile) in profiles where profile.isActive {
            let deadline =
                profile.createdMilliseconds + Int64(profile.durationSeconds + self.limits.answerGraceSeconds) * 1000
            guard now > deadline else { continue }
            profiles[id]?.state = .failed
            profiles[id]?.reason =
                "no result from the agent within \(profile.durationSeconds + self.limits.answerGraceSeconds) s"
            profiles[id]?.finishedMilliseconds = now
            profiles[id]?.folded = []
        }
    }

    /// Keeps the newest ``ProfileLimits/kept`` profiles users started and as many taken for alerts: the oldest
    /// finished ones of each kind go first.
    private func trim(_ profiles: inout [String: Profile]) {
        for pinned in [false, true] {
            let kind = profiles.values.filter { $0.pinned == pinned }
            guard kind.count > self.limits.kept else { continue }
            let finished = kind.filter { !$0.isActive }.sorted { $0.createdMilliseconds < $1.createdMilliseconds }
            for profile in finished.prefix(kind.count - self.limits.kept) { profiles[profile.id] = nil }
        }
    }

    /// Marks a profile as taken for an alert (see ``Profile/pinned``).
    public func pin(_ id: String) {
        self.profiles.withLock { profiles in
            profiles[id]?.pinned = true
            self.trim(&profiles)
        }
    }

    /// 128 bits from the system's CSPRNG (getrandom on Linux), as hex.
    package static func newID() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<2).map { _ in
            let value = generator.next() as UInt64
            let hex = String(value, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }
}
