import Alerting
import Foundation
import LabelSelection
import Testing

/// Rules on pods by label selector and across every namespace: JSON in and out, matching, and evaluation firing
/// for the matching pods only.
@Suite struct LabelTargetTests {
    static func decode(_ json: String) throws -> AlertTarget {
        try JSONDecoder().decode(AlertTarget.self, from: Data(json.utf8))
    }

    @Test func aSelectorTargetDecodesWithEveryNamespaceByDefaultAndEncodesBack() throws {
        let target = try Self.decode(#"{"kind":"pods","selector":"app=checkout, tier!=canary"}"#)
        #expect(
            target
                == .pods(
                    namespace: "*",
                    podPrefix: "",
                    selector: try LabelSelector(parsing: "app=checkout,tier!=canary")
                )
        )
        let json = String(decoding: try JSONEncoder().encode(target), as: UTF8.self)
        #expect(json.contains(#""selector":"app=checkout,tier!=canary""#))
        #expect(try Self.decode(json) == target)
        #expect(target.summary == "pods */* with app=checkout,tier!=canary")
    }

    /// Rules stored before selectors existed keep their JSON and meaning.
    @Test func rulesWithoutASelectorKeepTheirJSON() throws {
        let json = #"{"kind":"pods","namespace":"shop","pod_prefix":"api-"}"#
        let target = try Self.decode(json)
        #expect(target == .pods(namespace: "shop", podPrefix: "api-"))
        #expect(!String(decoding: try JSONEncoder().encode(target), as: UTF8.self).contains("selector"))
    }

    @Test(arguments: [
        #""app=(x""#, #""app in ()""#, #""<script>""#, "\"" + String(repeating: "a", count: 5_000) + "\"",
    ])
    func aBadSelectorIsRefusedNamingTheField(selector: String) {
        do {
            _ = try RuleDraft.decode(
                json: Data(
                    #"{"name":"n","target":{"kind":"pods","selector":\#(selector)},"metric":"pod.not_ready","operator":">=","threshold":0}"#
                        .utf8
                )
            )
            Issue.record("accepted \(selector.prefix(40))")
        } catch {
            #expect("\(error)".contains("target.selector"), "\(error)")
        }
    }

    @Test func matchingUsesLabelsAndEveryNamespace() throws {
        let target = AlertTarget.pods(
            namespace: "*",
            podPrefix: "",
            selector: try LabelSelector(parsing: "app=checkout")
        )
        let pod = AlertSubject.pod(node: "n1", namespace: "shop", pod: "checkout-1")
        #expect(target.matches(pod, labels: ["app": "checkout"]))
        #expect(!target.matches(pod, labels: ["app": "cart"]))
        #expect(!target.matches(pod))
        let anyNamespace = AlertTarget.pods(namespace: "*", podPrefix: "api-")
        #expect(anyNamespace.matches(AlertSubject.pod(node: "n1", namespace: "other", pod: "api-9")))
        let containers = AlertTarget.containers(namespace: "*", podPrefix: "", container: "web")
        #expect(containers.matches(AlertSubject.container(node: "n", namespace: "x", pod: "p", container: "web")))
    }

    @Test func evaluationFiresForTheMatchingPodsOnly() throws {
        var book = AlertBook(persistent: false, absenceMilliseconds: 60_000)
        let rule = AlertRule(
            id: "r",
            name: "checkout",
            target: .pods(namespace: "*", podPrefix: "", selector: try LabelSelector(parsing: "app=checkout")),
            metric: "pod.not_ready",
            comparison: .greaterOrEqual,
            threshold: 0,
            forSeconds: 0
        )
        book.load(AlertStoreContents(rules: [rule], pairs: [], firingAlerts: [], openNotifications: []), now: 0)
        #expect(book.labelsInUse)
        let samples = [
            ("shop", "checkout-1", ["app": "checkout"]), ("pay", "checkout-2", ["app": "checkout", "tier": "web"]),
            ("shop", "cart-1", ["app": "cart"]), ("shop", "bare", [:]),
        ].map { namespace, pod, labels in
            AlertSample(
                metric: "pod.not_ready",
                subject: .pod(node: "n1", namespace: namespace, pod: pod),
                value: 0,
                labels: labels
            )
        }
        let fired = book.evaluate(samples, now: 1_000)
        #expect(Set(fired.map(\.subject.pod)) == ["checkout-1", "checkout-2"])
    }
}
