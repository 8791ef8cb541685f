import Testing
import Wire

/// The agent's and the simulator's shared opening: the Hello names the node, and the server's first answer
/// opens a session at its heartbeat cadence (never slower than the standard one) or says why not.
@Suite struct AgentHandshakeTests {
    static func welcome(heartbeatSeconds: UInt32) -> Frame {
        var welcome = Podwatch_V1_Welcome()
        welcome.protocolVersion = WireMessage.protocolVersion
        welcome.heartbeatIntervalSeconds = heartbeatSeconds
        return WireMessage.welcome(welcome).frame()
    }

    @Test func helloCarriesTheIdentity() throws {
        let identity = AgentHandshake.Identity(
            nodeName: "worker-3",
            token: nil,
            agentVersion: "1.2.3",
            capabilities: ["profiling"]
        )
        guard case .hello(let hello) = try WireMessage.decode(AgentHandshake.hello(identity)) else {
            Issue.record("not a Hello")
            return
        }
        #expect(hello.nodeName == "worker-3" && hello.token.isEmpty && hello.agentVersion == "1.2.3")
        #expect(hello.capabilities == ["profiling"] && hello.protocolVersion == WireMessage.protocolVersion)
    }

    @Test(arguments: [(UInt32(3), Int64(3)), (UInt32(0), Int64(10)), (UInt32(600), Int64(10)), (UInt32.max, Int64(10))])
    func welcomeSetsTheHeartbeat(announced: UInt32, expectedSeconds: Int64) throws {
        let session = try AgentHandshake.session(from: Self.welcome(heartbeatSeconds: announced))
        #expect(session.heartbeatInterval == .seconds(expectedSeconds))
        #expect(Heartbeat.interval == .seconds(10))  // the standard cadence the cases above assume
    }

    @Test func anythingButWelcomeIsAFailureThatSaysWhy() {
        var reject = Podwatch_V1_Reject()
        reject.reason = .badToken
        reject.message = "wrong token"
        #expect {
            try AgentHandshake.session(from: WireMessage.reject(reject).frame())
        } throws: { error in
            guard case AgentHandshake.Failure.rejected(let got) = error else { return false }
            return got.reason == .badToken && "\(error)".contains("wrong token")
        }
        #expect {
            try AgentHandshake.session(from: nil)
        } throws: { error in
            if case AgentHandshake.Failure.closed = error { return true }
            return false
        }
        #expect {
            try AgentHandshake.session(from: WireMessage.heartbeat.frame())
        } throws: { error in
            if case AgentHandshake.Failure.unexpected = error { return true }
            return false
        }
    }
}
