import KernelStats
import Telemetry
import Testing

@Suite struct PIDIOTests {
    @Test func realSample() throws {
        let io = try PIDIO(parsing: Fixture.text("proc/pid-io"))
        #expect(io.rchar > 0)
    }

    @Test func exactValues() throws {
        let io = try PIDIO(
            parsing: "rchar: 1\nwchar: 2\nsyscr: 3\nsyscw: 4\nread_bytes: 5\nwrite_bytes: 6\ncancelled_write_bytes: 7\n"
        )
        #expect(
            [io.rchar, io.wchar, io.syscr, io.syscw, io.readBytes, io.writeBytes, io.cancelledWriteBytes] == [
                1, 2, 3, 4, 5, 6, 7,
            ]
        )
    }

    @Test(arguments: [
        ("", KernelStatsError.Kind.empty),
        ("rchar: 1\nwchar: 2\n", .truncated),
        ("rchar 1\n", .malformed),
        ("rchar: x\n", .malformed),
    ])
    func malformed(text: String, kind: KernelStatsError.Kind) {
        expectParseError(PIDIO.self, text, kind)
    }
}

@Suite struct PIDStatmTests {
    @Test func realSample() throws {
        let statm = try PIDStatm(parsing: Fixture.text("proc/pid-statm"))
        #expect(statm.size >= statm.resident)
    }

    @Test(arguments: [("", KernelStatsError.Kind.empty), ("1 2 3\n", .truncated), ("1 2 3 4 5 6 x\n", .malformed)])
    func malformed(text: String, kind: KernelStatsError.Kind) {
        expectParseError(PIDStatm.self, text, kind)
    }
}

@Suite struct PIDCmdlineTests {
    @Test func nulSeparated() throws {
        #expect(
            try PIDCmdline(parsing: "/usr/bin/python3\0-m\0http.server\0").arguments == [
                "/usr/bin/python3", "-m", "http.server",
            ]
        )
        #expect(try PIDCmdline(parsing: "nginx: worker process\0\0").arguments == ["nginx: worker process"])
        #expect(try PIDCmdline(parsing: "a\0\0b\0").arguments == ["a", "", "b"])
    }

    @Test func kernelThreadsHaveNoArguments() throws {
        #expect(try PIDCmdline(parsing: "").arguments.isEmpty)
    }
}

@Suite struct PIDCgroupTests {
    @Test func realSample() throws {
        let cgroup = try PIDCgroup(parsing: Fixture.text("proc/pid-cgroup"))
        #expect(cgroup.unifiedPath != nil)
        #expect(cgroup.path(forController: "memory") != nil)
    }

    @Test func pathMayContainColons() throws {
        let cgroup = try PIDCgroup(
            parsing: "0::/system.slice/containerd.service/kubepods-burstable-pod1.slice:cri-containerd:abc\n"
        )
        #expect(
            cgroup.unifiedPath == "/system.slice/containerd.service/kubepods-burstable-pod1.slice:cri-containerd:abc"
        )
    }

    @Test func v1Controllers() throws {
        let cgroup = try PIDCgroup(parsing: "12:cpu,cpuacct:/kubepods/pod1/c\n1:name=systemd:/init.scope\n")
        #expect(cgroup.memberships[0].controllers == ["cpu", "cpuacct"])
        #expect(cgroup.path(forController: "cpuacct") == "/kubepods/pod1/c")
        #expect(cgroup.identityPath == "/kubepods/pod1/c")
        #expect(cgroup.unifiedPath == nil)
    }

    @Test(arguments: [("", KernelStatsError.Kind.empty), ("0/path\n", .malformed), ("x::/\n", .malformed)])
    func malformed(text: String, kind: KernelStatsError.Kind) {
        expectParseError(PIDCgroup.self, text, kind)
    }
}

@Suite struct PIDSchedstatTests {
    @Test func values() throws {
        let schedstat = try PIDSchedstat(parsing: "180496666 4299217 353\n")
        #expect(
            schedstat.runNanoseconds == 180_496_666 && schedstat.waitNanoseconds == 4_299_217
                && schedstat.timeslices == 353
        )
    }

    @Test(arguments: [("", KernelStatsError.Kind.empty), ("1 2\n", .truncated), ("1 x 3\n", .malformed)])
    func malformed(text: String, kind: KernelStatsError.Kind) {
        expectParseError(PIDSchedstat.self, text, kind)
    }
}
