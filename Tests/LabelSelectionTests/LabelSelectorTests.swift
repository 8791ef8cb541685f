import LabelSelection
import Testing

/// Kubernetes' selector syntax and semantics, and its refusals.
@Suite struct LabelSelectorTests {
    let checkout = ["app": "checkout", "tier": "web", "app.kubernetes.io/version": "1.2"]
    let canary = ["app": "checkout", "tier": "canary"]
    let other = ["app": "cart"]

    @Test func equalityAndInequality() throws {
        let selector = try LabelSelector(parsing: "app=checkout,tier!=canary")
        #expect(selector.matches(self.checkout))
        #expect(!selector.matches(self.canary))
        #expect(!selector.matches(self.other))
        // `!=` matches objects without the key, as in Kubernetes.
        #expect(try LabelSelector(parsing: "tier!=canary").matches(self.other))
        #expect(try LabelSelector(parsing: "app == checkout").matches(self.checkout))
    }

    @Test func setsAndExistence() throws {
        #expect(try LabelSelector(parsing: "tier in (web, api)").matches(self.checkout))
        #expect(try !LabelSelector(parsing: "tier in (web,api)").matches(self.other))
        #expect(try LabelSelector(parsing: "tier notin (canary)").matches(self.other))
        #expect(try !LabelSelector(parsing: "tier notin (canary)").matches(self.canary))
        #expect(try LabelSelector(parsing: "app.kubernetes.io/version").matches(self.checkout))
        #expect(try LabelSelector(parsing: "!tier").matches(self.other))
        #expect(try !LabelSelector(parsing: "!tier").matches(self.canary))
        #expect(try LabelSelector(parsing: "app=checkout, tier in (web), !legacy").matches(self.checkout))
    }

    @Test func emptySelectsEverything() throws {
        let selector = try LabelSelector(parsing: "  ")
        #expect(selector.isEmpty)
        #expect(selector.matches([:]))
    }

    @Test func canonicalTextParsesBack() throws {
        let selector = try LabelSelector(parsing: "app==checkout , tier notin (b,a,b),!x, y")
        #expect(selector.description == "app=checkout,tier notin (a,b),!x,y")
        #expect(try LabelSelector(parsing: selector.description) == selector)
    }

    @Test(arguments: [
        "app=", "app=checkout,", ",app", "app in ()", "app in (a", "app notin a", "app >= 3", "app=a=b",
        "-bad=x", "app=bad value!", "a/b/c=x", "/x=1", String(repeating: "k", count: 64) + "=v",
        "app=" + String(repeating: "v", count: 64), "app\u{0}=x", "app=\u{7}",
    ])
    func refusals(text: String) {
        // "app=" alone is valid (an empty value); everything else here is refused with a message.
        if text == "app=" {
            #expect((try? LabelSelector(parsing: text))?.matches(["app": ""]) == true)
            return
        }
        #expect(throws: LabelSelectorError.self) { try LabelSelector(parsing: text) }
    }

    @Test func limits() {
        let many = (0..<40).map { "k\($0)=v" }.joined(separator: ",")
        #expect(throws: LabelSelectorError.self) { try LabelSelector(parsing: many) }
        #expect(throws: LabelSelectorError.self) {
            try LabelSelector(parsing: String(repeating: "a", count: 5_000))
        }
    }

    @Test func syntax() {
        #expect(LabelSyntax.keyProblem("app.kubernetes.io/name") == nil)
        #expect(LabelSyntax.keyProblem("a_b-c.d") == nil)
        #expect(LabelSyntax.keyProblem("_a") != nil)
        #expect(LabelSyntax.keyProblem("example.com/") != nil)
        #expect(LabelSyntax.valueProblem("") == nil)
        #expect(LabelSyntax.valueProblem("v1.2_rc-3") == nil)
        #expect(LabelSyntax.valueProblem("ünïcode") != nil)
    }
}
