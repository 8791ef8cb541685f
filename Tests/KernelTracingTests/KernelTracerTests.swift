import Foundation
import KernelTracing
import PodSandbox
import Telemetry
import Testing

/// The BPF programs really loaded into this kernel, each signal produced by a real cause in a real cgroup and
/// found under that cgroup's id (the inode of its directory). Needs root and kernel BTF; a machine without them
/// fails here rather than passing quietly.
@Suite(.serialized) struct KernelTracerTests {
    static let memoryV1 = FileManager.default.fileExists(atPath: "/sys/fs/cgroup/memory/memory.limit_in_bytes")

    /// The id the programs key a container's tasks by: the inode of its memory cgroup directory (v1) or of its
    /// unified one.
    static func cgroupID(_ sandbox: PodSandbox, _ container: PodSandbox.Container) throws -> UInt64 {
        let directory = sandbox.directory(container.cgroupPath, in: Self.memoryV1 ? "memory" : "unified")
        let attributes = try FileManager.default.attributesOfItem(atPath: directory)
        return try #require(attributes[.systemFileNumber] as? UInt64)
    }

    /// Drains until `done` holds for what has been read so far (30 s hang guard).
    static func collect(
        _ tracer: KernelTracer,
        until done: (RawKernelSignals) -> Bool
    ) async throws -> RawKernelSignals {
        var total = RawKernelSignals()
        for _ in 0..<150 {
            let raw = tracer.drain()
            for (id, count) in raw.execs { total.execs[id, default: 0] += count }
            for (id, count) in raw.syscalls { total.syscalls[id, default: 0] += count }
            for (id, count) in raw.retransmits { total.retransmits[id, default: 0] += count }
            for (id, buckets) in raw.runqueue { total.runqueue[id] = Self.sum(total.runqueue[id], buckets) }
            for (id, buckets) in raw.blockByDevice {
                total.blockByDevice[id] = Self.sum(total.blockByDevice[id], buckets)
            }
            for (id, buckets) in raw.blockByCgroup {
                total.blockByCgroup[id] = Self.sum(total.blockByCgroup[id], buckets)
            }
            total.endpoints += raw.endpoints
            total.events += raw.events
            if done(total) { return total }
            try await Task.sleep(for: .milliseconds(200))
        }
        return total
    }

    static func sum(_ a: [UInt64]?, _ b: [UInt64]) -> [UInt64] {
        guard let a else { return b }
        return zip(a, b).map { $0 + $1 }
    }

    @Test func aBurstOfShortExecsIsCountedWithTheirLifetimes() async throws {
        let tracer = KernelTracer(enabled: ["execs"], memoryCgroupV1: Self.memoryV1)
        #expect(tracer.signals.first { $0.name == "execs" }?.on == true, "\(tracer.signals)")
        let sandbox = try PodSandbox()
        defer { sandbox.destroy() }
        let pod = try sandbox.addPod(command: [
            "/bin/sh", "-c", "sleep 1; i=0; while [ $i -lt 200 ]; do /bin/true; i=$((i+1)); done; sleep 86400",
        ])
        let container = try #require(pod.containers.first)
        let id = try Self.cgroupID(sandbox, container)
        let seen = try await Self.collect(tracer) { raw in
            raw.execs[id, default: 0] >= 200 && raw.events.filter { $0.cgroup == id }.count >= 200
        }
        #expect(seen.execs[id, default: 0] >= 200)
        let ended = seen.events.filter { $0.cgroup == id && $0.command == "true" }
        #expect(ended.count >= 200)
        // Each lived far less than a 5 s pass: no /proc read would have seen it.
        for event in ended {
            guard case .exit(let lifetime) = event.kind else {
                Issue.record("not an exit: \(event)")
                continue
            }
            #expect(lifetime < 5_000_000_000)
        }
        #expect(tracer.signals.first { $0.name == "syscalls" }?.reason == "turned off")
    }

    @Test func twoSpinnersOnOneCoreWaitInTheRunQueueAndTheirPodOnly() async throws {
        let tracer = KernelTracer(enabled: ["runqueue"], memoryCgroupV1: Self.memoryV1)
        let sandbox = try PodSandbox()
        defer { sandbox.destroy() }
        // At the lowest priority: they still wait for each other, and the rest of the suite keeps its cores.
        let spin = ["/usr/bin/nice", "-n", "19", "/usr/bin/taskset", "-c", "0", "/bin/sh", "-c", "while :; do :; done"]
        let busy = try sandbox.addPod(specs: [PodSandbox.ContainerSpec(commands: [spin, spin])])
        let sleeper = ["/usr/bin/taskset", "-c", "1", "/bin/sh", "-c", "while :; do sleep 0.02; done"]
        let quiet = try sandbox.addPod(specs: [PodSandbox.ContainerSpec(commands: [sleeper])])
        let busyID = try Self.cgroupID(sandbox, try #require(busy.containers.first))
        let quietID = try Self.cgroupID(sandbox, try #require(quiet.containers.first))
        _ = tracer.drain()
        let started = ContinuousClock.now
        let seen = try await Self.collect(tracer) { _ in ContinuousClock.now - started >= .seconds(3) }
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let busyLatency = KernelSignals.Histogram(buckets: seen.runqueue[busyID] ?? [])
        let quietLatency = KernelSignals.Histogram(buckets: seen.runqueue[quietID] ?? [])
        var node = KernelSignals.Histogram()
        for buckets in seen.runqueue.values { node.add(KernelSignals.Histogram(buckets: buckets)) }
        // Two spinners share one core: one of them is always waiting, so the pod's waits add up to about the time
        // observed (at least half of it as the buckets' lower bounds count it) whatever else the machine runs. The
        // sleeper, alone with its core, waits far less. (Medians depend on the machine's load: other tasks that
        // preempt a spinner briefly make many short waits.)
        let busyWaited = Self.waitedAtLeast(busyLatency)
        #expect(busyWaited >= 0.25 * seconds, "\(busyWaited) s of \(seconds) s: \(busyLatency.buckets)")
        #expect(Self.waitedAtLeast(quietLatency) < busyWaited, "\(quietLatency.buckets) vs \(busyLatency.buckets)")
        #expect(try #require(busyLatency.quantileMilliseconds(0.99)) >= 1, "\(busyLatency.buckets)")
        #expect(quietLatency.count > 0 && node.count >= busyLatency.count + quietLatency.count)
    }

    /// The least total time the histogram's waits can add up to: each counted at its bucket's lower bound.
    static func waitedAtLeast(_ histogram: KernelSignals.Histogram) -> Double {
        histogram.buckets.enumerated().dropFirst().reduce(0) { $0 + Double($1.element) * Double(1 << $1.offset) / 1e6 }
    }

    @Test func aProcessPastItsMemoryLimitIsOneOOMKillOfItsContainer() async throws {
        let tracer = KernelTracer(enabled: ["oom_kills"], memoryCgroupV1: Self.memoryV1)
        let sandbox = try PodSandbox()
        defer { sandbox.destroy() }
        // tail keeps a line without a newline whole: 200 MB of zeros in a 32 MiB container.
        let hog = ["/bin/sh", "-c", "sleep 1; head -c 200000000 /dev/zero | tail; sleep 86400"]
        let pod = try sandbox.addPod(specs: [
            PodSandbox.ContainerSpec(commands: [hog], memoryLimitBytes: 32 << 20)
        ])
        let id = try Self.cgroupID(sandbox, try #require(pod.containers.first))
        let seen = try await Self.collect(tracer) { raw in raw.events.contains { $0.kind == .oomKill } }
        let kills = seen.events.filter { $0.kind == .oomKill }
        #expect(kills.count == 1, "\(kills)")
        #expect(kills.first?.cgroup == id)
        #expect(kills.first?.command == "tail")
    }

    @Test func syscallsAreCountedPerContainer() async throws {
        let tracer = KernelTracer(enabled: ["syscalls"], memoryCgroupV1: Self.memoryV1)
        let sandbox = try PodSandbox()
        defer { sandbox.destroy() }
        // dd with 1-byte blocks: a read and a write per byte.
        let pod = try sandbox.addPod(command: [
            "/bin/sh", "-c", "sleep 1; dd if=/dev/zero of=/dev/null bs=1 count=100000 2>/dev/null; sleep 86400",
        ])
        let id = try Self.cgroupID(sandbox, try #require(pod.containers.first))
        let seen = try await Self.collect(tracer) { raw in raw.syscalls[id, default: 0] >= 200_000 }
        #expect(seen.syscalls[id, default: 0] >= 200_000)
        #expect(seen.syscalls[id, default: 0] < 10_000_000)
    }

    @Test func directReadsOfABlockDeviceMakeALatencyHistogram() async throws {
        let tracer = KernelTracer(enabled: ["block_io"], memoryCgroupV1: Self.memoryV1)
        let image = FileManager.default.temporaryDirectory.appendingPathComponent("podwatch-loop-\(getpid()).img")
        try Data(count: 8 << 20).write(to: image)
        defer { try? FileManager.default.removeItem(at: image) }
        let environment = ProcessInfo.processInfo.environment
        let attach = try await ChildRun.run(
            ["/usr/sbin/losetup", "--find", "--show", image.path],
            environment: environment,
            deadline: .seconds(60)
        )
        let device = String(decoding: attach.standardOutput, as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        try #require(attach.status == 0 && device.hasPrefix("/dev/loop"), "losetup: \(attach.standardError)")
        do {
            try await Self.readDirectly(device, tracer: tracer)
        } catch {
            _ = try? await ChildRun.run(
                ["/usr/sbin/losetup", "--detach", device],
                environment: environment,
                deadline: .seconds(60)
            )
            throw error
        }
        _ = try await ChildRun.run(
            ["/usr/sbin/losetup", "--detach", device],
            environment: environment,
            deadline: .seconds(60)
        )
    }

    static func readDirectly(_ device: String, tracer: KernelTracer) async throws {
        let sandbox = try PodSandbox()
        defer { sandbox.destroy() }
        let pod = try sandbox.addPod(command: [
            "/bin/sh", "-c",
            "sleep 1; dd if=\(device) of=/dev/null bs=4096 count=512 iflag=direct 2>/dev/null; sleep 86400",
        ])
        let id = try Self.cgroupID(sandbox, try #require(pod.containers.first))
        var status = stat()
        try #require(stat(device, &status) == 0)
        // glibc's dev_t split (sys/sysmacros.h), joined as the kernel's MKDEV does.
        let rdev = UInt64(status.st_rdev)
        let major = (rdev >> 8) & 0xfff | (rdev >> 32) & ~0xfff
        let minor = rdev & 0xff | (rdev >> 12) & ~0xff
        let number = major << 20 | minor
        let seen = try await Self.collect(tracer) { raw in
            KernelSignals.Histogram(buckets: raw.blockByDevice[number] ?? []).count >= 512
        }
        #expect(KernelSignals.Histogram(buckets: seen.blockByDevice[number] ?? []).count >= 512)
        #expect(KernelSignals.Histogram(buckets: seen.blockByCgroup[id] ?? []).count >= 512)
    }

    @Test func nothingEnabledLoadsNothingAndSaysSo() {
        let tracer = KernelTracer(enabled: [], memoryCgroupV1: Self.memoryV1)
        #expect(!tracer.isLoaded)
        #expect(tracer.signals.count == KernelSignals.signalNames.count)
        #expect(tracer.signals.allSatisfy { !$0.on && $0.reason == "turned off" })
        #expect(tracer.drain() == RawKernelSignals())
    }
}
