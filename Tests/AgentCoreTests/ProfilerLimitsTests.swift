import Logging
import Telemetry
import Testing
import Wire

@testable import AgentCore

/// The agent holds profile requests to its own limits whatever the server asks (security review M4: the
/// agent accepted 3,600 s where the server allows 600).
@Suite struct ProfilerLimitsTests {
    static func answer(duration: UInt32, frequency: UInt32) async throws -> Podwatch_V1_CommandResult {
        let outbox = CommandOutbox()
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let profiler = Profiler(configuration: ProfilingConfiguration(), logger: logger, outbox: outbox) { nil }
        var command = Podwatch_V1_Command()
        command.id = "c1"
        var request = Podwatch_V1_ProfileRequest()
        request.podUid = "pod"
        request.durationSeconds = duration
        request.frequencyHz = frequency
        command.request = .profile(request)
        await profiler.handle(command)
        let frame = try #require(await outbox.take())
        guard case .commandResult(let result, _) = try WireMessage.decode(frame) else {
            throw ProfilerLimitsFailure()
        }
        return result
    }

    struct ProfilerLimitsFailure: Error {}

    @Test(arguments: [(3_600, 99), (600, 5_000), (0, 99)] as [(UInt32, UInt32)])
    func aRequestPastTheAgentsLimitsIsRefusedWithThem(duration: UInt32, frequency: UInt32) async throws {
        let result = try await Self.answer(duration: duration, frequency: frequency)
        #expect(result.state == .failed)
        #expect(result.error.contains("1–600 s at 1–1000 Hz"), "\(result.error)")
    }

    @Test func aRequestWithinThemGoesOn() async throws {
        // No snapshot yet: refused for that reason, past the limit checks.
        let result = try await Self.answer(duration: 600, frequency: 1_000)
        #expect(result.state == .failed && result.error.contains("has not sampled yet"))
    }
}
