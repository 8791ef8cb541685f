import KubeClient
import Testing

/// The kubelet's address comes from a flag or the environment: every form status.hostIP takes is read, and
/// nothing that could reshape the URL (a path, credentials, a query, spaces, control characters) gets through.
struct KubeletAddressTests {
    @Test(arguments: [
        ("10.0.0.5", "10.0.0.5:10250"), ("10.0.0.5:10255", "10.0.0.5:10255"),
        ("node-a.example", "node-a.example:10250"),
        ("fd00::5", "[fd00::5]:10250"), ("[fd00::5]", "[fd00::5]:10250"), ("[fd00::5]:9999", "[fd00::5]:9999"),
    ])
    func everyFormOfHostIPIsRead(text: String, authority: String) {
        #expect(KubeletAddress(text, defaultPort: 10250)?.authority == authority)
    }

    @Test(arguments: [
        "", "10.0.0.5:0", "10.0.0.5:70000", "10.0.0.5:port", "evil.example/x", "user@10.0.0.5", "10.0.0.5?x=1",
        "a b", "10.0.0.5\n", "[fd00::5", "[fd00::5]x", "[fd00::5]:", String(repeating: "a", count: 300),
    ])
    func anythingElseIsRefused(text: String) {
        #expect(KubeletAddress(text, defaultPort: 10250) == nil, "\(text.debugDescription)")
    }
}
