import Alerting
import LabelSelection
import Testing

@testable import Web

/// The rule form's label selector: parsed into the target, refused with the field named, shown back on edit.
@Suite struct RuleFormSelectorTests {
    static func form(selector: String, namespace: String = "*") -> RuleForm {
        var form = RuleForm()
        form.name = "checkout memory"
        form.targetKind = "pods"
        form.namespace = namespace
        form.selector = selector
        form.metric = "pod.memory.limit_percent"
        form.operator = ">"
        form.threshold = "90"
        form.forSeconds = "0"
        form.severity = "warning"
        form.renotifySeconds = "3600"
        return form
    }

    @Test func aSelectorBecomesTheTargetAndIsShownBackOnEdit() throws {
        let (draft, problems) = Self.form(selector: " app = checkout , tier!=canary ").draft()
        #expect(problems.isEmpty, "\(problems)")
        let expected = try LabelSelector(parsing: "app=checkout,tier!=canary")
        #expect(draft.target == .pods(namespace: "*", podPrefix: "", selector: expected))
        let rule = AlertRule(
            id: "r",
            name: "n",
            target: .pods(namespace: "*", podPrefix: "", selector: expected),
            metric: "pod.memory.limit_percent",
            comparison: .greater,
            threshold: 90
        )
        #expect(RuleForm(rule).selector == "app=checkout,tier!=canary")
    }

    @Test(arguments: ["app=(x", "app in ()", "<script>alert(1)</script>=x", String(repeating: "k", count: 70) + "=v"])
    func aBadSelectorIsAProblemNamingTheField(selector: String) {
        let (_, problems) = Self.form(selector: selector).draft()
        #expect(problems.contains { $0.hasPrefix("selector: ") }, "\(problems)")
    }
}
