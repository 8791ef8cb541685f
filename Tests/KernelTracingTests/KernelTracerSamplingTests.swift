import Foundation
import KernelTracing
import PodSandbox
import Telemetry
import Testing

/// The run-queue and syscall programs traced a share of each pass: really detached outside their windows (a busy
/// pod's syscalls go uncounted), really attached inside them, each drain says how long they were traced, and a wait
/// that began before a window is not counted in it (without that, a task preempted between two windows counts the
/// whole gap). Real programs in this kernel, real processes in real cgroups.
@Suite(.serialized) struct KernelTracerSamplingTests {
    @Test func sampledSignalsCountOnlyInsideTheirWindowsAndSayForHowLong() async throws {
        let tracer = KernelTracer(
            enabled: ["syscalls", "execs"],
            memoryCgroupV1: KernelTracerTests.memoryV1,
            samplePercent: 10
        )
        #expect(tracer.isSampling)
        #expect(tracer.signals.first { $0.name == "syscalls" }?.sampledPercent == 10, "\(tracer.signals)")
        #expect(tracer.signals.first { $0.name == "execs" }?.sampledPercent == 0)
        #expect(tracer.window(of: .seconds(5)) == .milliseconds(500))
        let sandbox = try PodSandbox()
        defer { sandbox.destroy() }
        // A read and a write per byte, 8,000 system calls every few tens of milliseconds, without end (not a
        // busy loop: the rest of the suite shares the cores).
        let pod = try sandbox.addPod(command: [
            "/usr/bin/nice", "-n", "19", "/bin/sh", "-c",
            "while :; do dd if=/dev/zero of=/dev/null bs=1 count=4000 2>/dev/null; sleep 0.02; done",
        ])
        let id = try KernelTracerTests.cgroupID(sandbox, try #require(pod.containers.first))
        _ = tracer.drain()
        // Closed: however busy the pod, nothing is counted and no time is traced.
        try await Task.sleep(for: .milliseconds(500))
        let closed = tracer.drain()
        #expect(closed.syscalls[id] == nil, "\(closed.syscalls[id] ?? 0)")
        #expect(closed.sampledNanoseconds == 0)
        // Open: counted, and the traced time is the window's (it slept at least 300 ms, and at most what elapsed).
        let opened = ContinuousClock.now
        #expect(tracer.openWindow() == nil)
        var counted: UInt64 = 0
        var traced: UInt64 = 0
        // The pod's first dd may not have started yet on a loaded machine: a few windows at most.
        for _ in 0..<20 where counted == 0 {
            try await Task.sleep(for: .milliseconds(300))
            let raw = tracer.drain()
            counted += raw.syscalls[id, default: 0]
            traced += try #require(raw.sampledNanoseconds)
            if counted == 0 { tracer.openWindow() }
        }
        let elapsed = ContinuousClock.now - opened
        #expect(counted > 1_000)
        #expect(traced >= 300_000_000)
        #expect(
            Double(traced) / 1e9 <= Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        )
        // drain closed the window: closed again until the next openWindow.
        try await Task.sleep(for: .milliseconds(300))
        let after = tracer.drain()
        #expect(after.syscalls[id] == nil && after.sampledNanoseconds == 0)
    }

    @Test func aWaitThatBeganBeforeTheWindowIsNotCountedInIt() async throws {
        let tracer = KernelTracer(enabled: ["runqueue"], memoryCgroupV1: KernelTracerTests.memoryV1, samplePercent: 10)
        #expect(tracer.signals.first { $0.name == "runqueue" }?.sampledPercent == 10)
        let sandbox = try PodSandbox()
        defer { sandbox.destroy() }
        // Two spinners on one core: each is preempted every time slice, between windows as inside them. At the lowest
        // priority, so that they wait for the rest of the suite too instead of taking a core from it.
        let spin = ["/usr/bin/nice", "-n", "19", "/usr/bin/taskset", "-c", "0", "/bin/sh", "-c", "while :; do :; done"]
        let busy = try sandbox.addPod(specs: [PodSandbox.ContainerSpec(commands: [spin, spin])])
        let id = try KernelTracerTests.cgroupID(sandbox, try #require(busy.containers.first))
        var seen = KernelSignals.Histogram()
        for _ in 0..<3 {
            let opened = ContinuousClock.now
            tracer.openWindow()
            try await Task.sleep(for: .milliseconds(200))
            let window = KernelSignals.Histogram(buckets: tracer.drain().runqueue[id] ?? [])
            let length = ContinuousClock.now - opened
            seen.add(window)
            // A wait counted in a window began and ended in it, so it is shorter than the window (which is longer
            // than 200 ms when the suite is busy, and a spinner at nice 19 may then wait long in it). A stale stamp
            // from the 600 ms gap before it would make the wait longer than the window.
            let top = window.buckets.lastIndex { $0 != 0 } ?? 0
            #expect(.microseconds(1 << top) <= length, "\(window.buckets) in a window of \(length)")
            try await Task.sleep(for: .milliseconds(600))
        }
        #expect(seen.count > 0, "the spinners were never seen waiting")
    }
}
