import ServerCore
import Testing

@Suite struct TokenStrengthTests {
    @Test func shortAndPlaceholderTokensAreRefusedByFlagWithoutEchoingThem() {
        var configuration = ServerConfiguration(token: "change-me-to-a-long-random-string", adminToken: "short")
        configuration.readToken = "a-perfectly-fine-random-token"
        let problems = configuration.weakTokenProblems
        #expect(problems.count == 2)
        #expect(problems[0].hasPrefix("--token: the example's placeholder"))
        #expect(problems[1].hasPrefix("--admin-token: shorter than 16"))
        #expect(!problems.joined().contains("short\u{20}") && !problems.joined().contains("change-me-to"))
    }

    @Test func longRandomTokensAndNoTokensPass() {
        #expect(ServerConfiguration().weakTokenProblems.isEmpty)
        #expect(
            ServerConfiguration(token: "3f9a0c1d2e4b5a6978", adminToken: "ChangeMeNot-but-long").weakTokenProblems.count
                == 1
        )
        #expect(TokenStrength.problem("0123456789abcdef", flag: "--token") == nil)
        #expect(TokenStrength.problem("0123456789abcde", flag: "--token") != nil)
    }
}
