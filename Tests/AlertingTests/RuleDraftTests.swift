import Alerting
import Foundation
import Testing

@Suite struct RuleDraftTests {
    static func decode(_ json: String) throws(RuleDraft.Invalid) -> RuleDraft {
        try RuleDraft.decode(json: Data(json.utf8))
    }

    @Test func theIssueExampleCreatesARule() throws {
        let draft = try Self.decode(
            #"{"name":"mem","target":{"kind":"node","node":"alpha"},"metric":"node.memory.percent","operator":">","threshold":90,"for_seconds":60,"enabled":true,"channels":["discord"]}"#
        )
        let rule = try draft.makeRule(id: "r1", defaultChannels: ["webhook"])
        #expect(rule.target == .node("alpha") && rule.comparison == .greater && rule.threshold == 90)
        #expect(rule.forSeconds == 60 && rule.channels == ["discord"] && rule.severity == .warning)
    }

    @Test func absentChannelsDefaultToTheConfiguredOnes() throws {
        let rule = try Self.decode(
            #"{"name":"x","target":{"kind":"pods","namespace":"shop","pod_prefix":"api-"},"metric":"pod.cpu.cores","operator":">=","threshold":2}"#
        ).makeRule(id: "r", defaultChannels: ["discord", "webhook"])
        #expect(rule.channels == ["discord", "webhook"])
        #expect(rule.target == .pods(namespace: "shop", podPrefix: "api-"))
    }

    @Test func aPatchChangesOnlyWhatItNamesAndNullClears() throws {
        let rule = AlertRule(
            id: "r",
            name: "cpu",
            target: .node("*"),
            metric: "node.cpu.percent",
            comparison: .greater,
            threshold: 90,
            resolveThreshold: 80
        )
        let disabled = try Self.decode(#"{"enabled":false}"#).updating(rule)
        #expect(disabled.enabled == false && disabled.resolveThreshold == 80 && disabled.threshold == 90)
        let cleared = try Self.decode(#"{"resolve_threshold":null}"#).updating(rule)
        #expect(cleared.resolveThreshold == nil)
        #expect(throws: RuleDraft.Invalid.self) { try Self.decode(#"{"threshold":null}"#) }
    }

    @Test(arguments: [
        (#"{"target":{"kind":"containers","namespace":"a"}}"#, "field 'target.container' is required"),
        (#"{"for_seconds":1.5}"#, "field 'for_seconds'"),
        (#"{"severity":"page"}"#, "field 'severity': 'page' is not one of info, warning, critical"),
        (#"{"target":{"kind":"node","node":"a","nodes":"b"}}"#, "unknown field 'target.nodes'"),
        (#"[1]"#, "body must be a JSON object"),
    ])
    func errorsNameTheField(json: String, message: String) {
        do {
            _ = try Self.decode(json)
            Issue.record("accepted \(json)")
        } catch {
            #expect(error.message.contains(message), "\(error.message)")
        }
    }

    @Test func targetsRoundTripInTheDocumentedShape() throws {
        let target = AlertTarget.containers(namespace: "shop", podPrefix: "api-", container: "app")
        let json = String(decoding: try JSONEncoder().encode(target), as: UTF8.self)
        #expect(json.contains(#""pod_prefix":"api-""#) && json.contains(#""kind":"containers""#))
        #expect(try JSONDecoder().decode(AlertTarget.self, from: Data(json.utf8)) == target)
        #expect(target.matches(.container(node: "n", namespace: "shop", pod: "api-7c9", container: "app")))
        #expect(!target.matches(.container(node: "n", namespace: "shop", pod: "api-7c9", container: "sidecar")))
    }
}
