import KubeClient
import Testing

/// `--pod-annotation` and `PODWATCH_POD_ANNOTATIONS`: valid keys from both, spaces and empty entries ignored;
/// anything that is not a key, or too many, refused at start with the value named.
@Suite struct PodAnnotationKeysTests {
    @Test func flagsAndTheEnvironmentTogether() throws {
        let keys = try PodAnnotationKeys.parse(
            flags: ["example.com/team"],
            environment: " owner , ,example.com/team,prometheus.io/scrape"
        )
        #expect(keys == ["example.com/team", "owner", "prometheus.io/scrape"])
        #expect(try PodAnnotationKeys.parse(flags: [], environment: nil).isEmpty)
    }

    @Test(arguments: ["bad key\u{0}", "a/b/c", "-x", String(repeating: "k", count: 64), "ünï"])
    func aKeyThatIsNoKeyIsRefusedNamingIt(key: String) {
        #expect(throws: PodAnnotationKeys.Invalid.self) { try PodAnnotationKeys.parse(flags: [key], environment: nil) }
    }

    @Test func tooManyAreRefused() {
        let many = (0...PodAnnotationKeys.maximum).map { "k\($0)" }.joined(separator: ",")
        #expect(throws: PodAnnotationKeys.Invalid.self) { try PodAnnotationKeys.parse(flags: [], environment: many) }
    }
}
