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
        #expect(!ReplicaName.hostname().isEmpty)
    }
}
