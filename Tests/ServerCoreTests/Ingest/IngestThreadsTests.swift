import Foundation
import Testing

@testable import Ingest

/// Snapshots are decoded on the ingest service's own threads, not on Swift's cooperative pool where requests run.
@Suite struct IngestThreadsTests {
    @Test func workRunsOnAnIngestThreadAndItsResultComesBack() async throws {
        let threads = IngestThreads(count: 1)
        let name = try await threads.run { Thread.current.name ?? "" }
        // NIOThreadPool names its threads "TP-#n"; the cooperative pool's are dispatch's.
        #expect(name.hasPrefix("TP-#"))
        #expect(try await threads.run { 6 * 7 } == 42)
        await threads.shutdown()
    }

    @Test func anErrorFromTheWorkReachesTheCaller() async {
        struct Refused: Error, Equatable {}
        let threads = IngestThreads(count: 1)
        await #expect(throws: Refused.self) {
            try await threads.run { () throws -> Int in throw Refused() }
        }
        await threads.shutdown()
    }

    /// After the service stops, work still runs (on the caller's thread) rather than failing.
    @Test func workAfterShutdownRunsOnTheCaller() async throws {
        let threads = IngestThreads(count: 1)
        await threads.shutdown()
        #expect(try await threads.run { 7 } == 7)
    }
}
