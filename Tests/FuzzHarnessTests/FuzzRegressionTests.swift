import Foundation
import FuzzHarness
import Testing

/// Every input the fuzzers keep — the seed corpora and each crash found (`crash-*`, fixed and kept) — replayed
/// through the same code the fuzzers run. A trap would crash this test; seeds must also reach the code
/// they were chosen for, so that a corpus that silently stopped decoding is noticed.
@Suite struct FuzzRegressionTests {
    static func inputs(_ fuzzer: String) throws -> [URL] {
        let root = try #require(Bundle.module.url(forResource: "Inputs", withExtension: nil))
        let directory = root.appendingPathComponent(fuzzer)
        let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey])
        var files: [URL] = []
        while let url = enumerator?.nextObject() as? URL {
            if (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true { files.append(url) }
        }
        return files.sorted { $0.path < $1.path }
    }

    static func bytes<T>(_ url: URL, _ body: (UnsafeBufferPointer<UInt8>) -> T) throws -> T {
        let data = try Data(contentsOf: url)
        return Array(data).withUnsafeBufferPointer(body)
    }

    @Test func frameInputsReplay() throws {
        let files = try Self.inputs("FrameFuzzer")
        #expect(!files.isEmpty)
        for file in files {
            let frames = try Self.bytes(file) { FrameInput.run($0) }
            if !file.lastPathComponent.hasPrefix("crash-") {
                #expect(frames > 0, "seed \(file.lastPathComponent) holds no frame")
            }
        }
    }

    @Test func payloadInputsReplay() throws {
        let files = try Self.inputs("PayloadFuzzer")
        #expect(!files.isEmpty)
        for file in files {
            let snapshots = try Self.bytes(file) { PayloadInput.run($0) }
            if !file.lastPathComponent.hasPrefix("crash-") {
                #expect(snapshots > 1, "seed \(file.lastPathComponent) decodes \(snapshots) snapshots")
            }
        }
    }

    @Test func kernelStatsInputsReplay() throws {
        let files = try Self.inputs("KernelStatsFuzzer")
        let parsers = Set(KernelStatsInput.parsers.map(\.name))
        let seeded = Set(files.map { $0.deletingLastPathComponent().lastPathComponent })
        #expect(seeded == parsers, "every parser has a corpus, and every corpus a parser")
        for file in files {
            let parser = file.deletingLastPathComponent().lastPathComponent
            let accepted = try Self.bytes(file) { KernelStatsInput.run($0, only: parser) }
            _ = try Self.bytes(file) { KernelStatsInput.run($0) }
            if !file.lastPathComponent.hasPrefix("crash-") {
                #expect(accepted == 1, "seed \(parser)/\(file.lastPathComponent) is not accepted by its parser")
            }
        }
    }
}
