import AgentCore
import Testing

@Suite struct AgentConfigurationTests {
    @Test(arguments: [
        ("5s", Duration.seconds(5)), ("500ms", .milliseconds(500)), ("1m", .seconds(60)), ("2", .seconds(2)),
        ("1.5s", .milliseconds(1500)), ("1h", .seconds(3600)),
    ])
    func durations(text: String, expected: Duration) {
        #expect(AgentConfiguration.parseDuration(text) == expected)
    }

    @Test(arguments: ["", "s", "-1s", "0s", "fast", "5 s", "nan", "infs"])
    func badDurations(text: String) {
        #expect(AgentConfiguration.parseDuration(text) == nil)
    }

    @Test func cgroupRootDefaultsUnderSysRoot() {
        #expect(AgentConfiguration(nodeName: "n", sysRoot: "/host/sys").cgroupRoot == "/host/sys/fs/cgroup")
        #expect(AgentConfiguration(nodeName: "n", cgroupRoot: "/c").cgroupRoot == "/c")
    }
}
