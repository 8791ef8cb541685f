import ServerCore
import Testing

/// `--replica-name` (or `POD_NAME`) lands in every replica's pages and in PostgreSQL's `application_name`: only
/// short printable names pass, and the refusal shows the name without its control bytes.
@Suite struct ReplicaNameTests {
    @Test func printableNamesPassAndOthersAreRefusedClearly() throws {
        #expect(try ReplicaName.validated("podwatch-server-0") == "podwatch-server-0")
        for bad in ["", "two words", "bell\u{07}", String(repeating: "x", count: 64), "naïve", "<script>\n"] {
            #expect(throws: ReplicaName.Invalid.self) { try ReplicaName.validated(bad) }
        }
        do {
            _ = try ReplicaName.validated("evil\u{1B}[31m")
        } catch {
            #expect(
                error.description
                    == "--replica-name: 'evil?[31m' must be 1-63 printable ASCII characters without spaces"
            )
        }
        // The default from the hostname always passes, however long or odd the hostname.
        #expect(try ReplicaName.validated(ReplicaName.hostname()) == ReplicaName.hostname())
        let long = Array(String(repeating: "node.", count: 30).utf8) + [0x07, 0x20, 0xFF]
        #expect(try ReplicaName.validated(ReplicaName.fitted(long)).utf8.count == 63)
        #expect(ReplicaName.fitted([0x61, 0x07, 0x20, 0xC3, 0xAF]) == "a----")
        #expect(ReplicaName.fitted([]) == "podwatch-server")
    }
}
