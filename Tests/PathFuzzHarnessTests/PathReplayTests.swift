import Foundation
import PathFuzzHarness
import Testing

/// Every input the whole-path fuzzer keeps — its seeds and each crash it found (`crash-*`, fixed and kept) —
/// replayed through the same code it runs: ingest, alerts, every page. A trap or a 500 would crash this test.
@Suite struct PathReplayTests {
    static func inputs() throws -> [URL] {
        let root = try #require(Bundle.module.url(forResource: "Inputs", withExtension: nil))
        let directory = root.appendingPathComponent("PathFuzzer")
        return try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .sorted { $0.path < $1.path }
    }

    @Test func pathInputsReplay() async throws {
        let files = try Self.inputs()
        #expect(!files.isEmpty)
        for file in files {
            let outcome = await PathInput.run(Array(try Data(contentsOf: file)))
            if !file.lastPathComponent.hasPrefix("crash-") {
                let name = file.lastPathComponent
                #expect(outcome.snapshots > 1, "seed \(name) reached the cache \(outcome.snapshots) times")
                #expect(outcome.pages > 30, "seed \(name) rendered \(outcome.pages) pages")
                #expect(outcome.firing > 0, "seed \(name) fired no alert")
            }
        }
    }
}
