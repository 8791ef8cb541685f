import KernelStats
import Testing

@testable import Telemetry

/// The agent's side of the limits: whatever the server would refuse is cut to fit and said so, and what is
/// cut then passes the server's check (a node never goes stale because one process is odd).
@Suite struct SnapshotLimitsTests {
    static let limits = SnapshotLimits.standard

    static func node() throws -> Snapshot {
        var snapshot = try SnapshotBuilder.snapshot(
            at: 1,
            cpu: SnapshotBuilder.cpu(user: 10, idle: 90),
            processes: [try SnapshotBuilder.process(pid: 42, starttime: 7, utime: 1)]
        )
        snapshot.wallTimeMilliseconds = 1_700_000_000_000
        return snapshot
    }

    @Test func anOrdinarySnapshotPassesUntouched() throws {
        var snapshot = try Self.node()
        let before = snapshot
        try Self.limits.check(snapshot)
        Self.limits.conform(&snapshot)
        #expect(snapshot == before)
    }

    /// A 2 MB command line (a JVM with a huge classpath) is cut to 4 KB, ending with `…`, and listed.
    @Test func aHugeCommandLineIsCutAndSaidSo() throws {
        var snapshot = try Self.node()
        snapshot.hostProcesses[0].cmdline = ["java", "-cp", String(repeating: "x", count: 2 << 20), "Main"]
        #expect(throws: LimitViolation.self) { try Self.limits.check(snapshot) }
        Self.limits.conform(&snapshot)
        try Self.limits.check(snapshot)
        let cmdline = snapshot.hostProcesses[0].cmdline
        #expect(cmdline.count == 3 && cmdline[2].hasSuffix("…"))
        #expect(cmdline.map(\.utf8.count).reduce(0, +) == Self.limits.commandLineBytes)
        #expect(snapshot.errors.last?.message.contains("command lines over 4096 bytes") == true)
    }

    @Test func namesWithControlCharactersAndAbsurdValuesAreMadeToFit() throws {
        var snapshot = try Self.node()
        var pod = PodMetadata(uid: "uid\n", namespace: "ns", name: "web\u{0}x", phase: "Running")
        var container = ContainerName(id: "abc", name: String(repeating: "c", count: 300))
        container.memoryLimitBytes = -5
        pod.containers = [container]
        snapshot.pods = [pod]
        var load = LoadAvg()
        load.load1 = .nan
        snapshot.host.load = load
        Self.limits.conform(&snapshot)
        try Self.limits.check(snapshot)
        #expect(snapshot.pods[0].name == "web?x" && snapshot.pods[0].uid == "uid?")
        #expect(snapshot.pods[0].containers[0].name.utf8.count == 253)
        #expect(snapshot.pods[0].containers[0].memoryLimitBytes == nil)
        #expect(snapshot.host.load == nil)
        #expect(snapshot.errors.count == 1)
    }

    @Test func processesPastTheLimitGoHostFirstAndAreCounted() throws {
        var snapshot = try Self.node()
        var limits = Self.limits
        limits.processes = 10
        let template = snapshot.hostProcesses[0]
        snapshot.hostProcesses = (1...8).map { pid in
            var process = template
            process.stat.pid = Int32(pid)
            return process
        }
        var container = ContainerSnapshot(
            identity: ContainerIdentity(podUID: "p", qosClass: .burstable, runtime: .containerd, containerID: "c")
        )
        container.processes = (100...105).map { pid in
            var process = template
            process.stat.pid = Int32(pid)
            return process
        }
        snapshot.containers = [container]
        limits.conform(&snapshot)
        try limits.check(snapshot)
        #expect(snapshot.containers[0].processes.count == 6 && snapshot.hostProcesses.count == 4)
        #expect(snapshot.errors.last?.message.contains("4 processes") == true)
    }

    @Test func theViolationNamesTheFieldAndEscapesTheValue() throws {
        var snapshot = try Self.node()
        snapshot.pods = [PodMetadata(uid: "u", namespace: "ns", name: "a\u{1B}[31mred", phase: "Running")]
        let violation = try #require(throws: LimitViolation.self) { try Self.limits.check(snapshot) }
        #expect(violation.field == "pods[0].name")
        #expect(violation.value == "a\\u{1b}[31mred")
        #expect(violation.description.contains("without control characters"))
    }
}
