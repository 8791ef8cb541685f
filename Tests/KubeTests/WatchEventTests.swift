import Kube
import Testing

/// Watch streams as the API server sends them: one JSON object per line, in chunks that split lines anywhere.
@Suite struct WatchEventTests {
    static let stream = """
        {"type":"ADDED","object":{"kind":"Pod","metadata":{"name":"a","namespace":"n","uid":"1","resourceVersion":"10"}}}
        {"type":"MODIFIED","object":{"kind":"Pod","metadata":{"name":"a","namespace":"n","uid":"1","resourceVersion":"11"},"status":{"phase":"Running"}}}
        {"type":"BOOKMARK","object":{"kind":"Pod","metadata":{"resourceVersion":"15"}}}
        {"type":"DELETED","object":{"kind":"Pod","metadata":{"name":"a","namespace":"n","uid":"1","resourceVersion":"16"}}}
        {"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","status":"Failure","message":"too old resource version: 10 (20)","reason":"Expired","code":410}}

        """

    @Test(arguments: [1, 7, 64, 4096])
    func chunksSplitAnywhereYieldTheSameEvents(chunk: Int) throws {
        var splitter = LineSplitter()
        var events: [String] = []
        let bytes = Array(Self.stream.utf8)
        for start in stride(from: 0, to: bytes.count, by: chunk) {
            for line in try splitter.push(bytes[start..<min(start + chunk, bytes.count)]) {
                switch try WatchEvent<KubePod>.decode(line: line) {
                case .added(let pod): events.append("added \(pod.metadata.resourceVersion ?? "")")
                case .modified(let pod): events.append("modified \(pod.status?.phase ?? "")")
                case .deleted(let pod): events.append("deleted \(pod.metadata.uid ?? "")")
                case .bookmark(let version): events.append("bookmark \(version)")
                case .error(let code, let message): events.append("error \(code) \(message)")
                }
            }
        }
        #expect(
            events == [
                "added 10", "modified Running", "bookmark 15", "deleted 1",
                "error 410 too old resource version: 10 (20)",
            ]
        )
    }

    @Test func malformedLinesAreErrorsNotCrashes() {
        #expect(throws: (any Error).self) { try WatchEvent<KubePod>.decode(line: Array("{not json".utf8)) }
        #expect(throws: (any Error).self) { try WatchEvent<KubePod>.decode(line: Array(#"{"type":"ADDED"}"#.utf8)) }
        #expect(throws: KubeError.self) {
            try WatchEvent<KubePod>.decode(line: Array(#"{"type":"SURPRISE","object":{}}"#.utf8))
        }
    }

    @Test func aRunawayLineIsRefused() throws {
        var splitter = LineSplitter(maximumLine: 100)
        #expect(try splitter.push(Array(repeating: UInt8(ascii: "x"), count: 50)).isEmpty)
        #expect(throws: KubeError.self) { try splitter.push(Array(repeating: UInt8(ascii: "x"), count: 60)) }
        #expect(try splitter.push(Array("{}\n".utf8)) == [Array("{}".utf8)])
    }
}
