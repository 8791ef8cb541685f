import Foundation
import Testing

@testable import Ingest

/// Snapshots are decoded on threads of their own, not on Swift's cooperative pool where requests run.
@Suite struct IngestThreadsTests {
    @Test func workRunsOnAnIngestThreadAndItsResultComesBack() async throws {
        let name = try await IngestThreads.run { Thread.current.name ?? "" }
        // NIOThreadPool names its threads "TP-#n"; the cooperative pool's are dispatch's.
        #expect(name.hasPrefix("TP-#"))
        #expect(try await IngestThreads.run { 6 * 7 } == 42)
    }

    @Test func anErrorFromTheWorkReachesTheCaller() async {
        struct Refused: Error, Equatable {}
        await #expect(throws: Refused.self) {
            try await IngestThreads.run { () throws -> Int in throw Refused() }
        }
    }
}
