import AgentCore
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The liveness file behind `podwatch-agent health`.
@Suite struct HealthFileTests {
    @Test func aTouchedFileIsFreshAndAnOldOneIsNot() throws {
        let path = "/tmp/podwatch-health-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { unlink(path) }
        let file = HealthFile(path: path)
        #expect(file.age() == nil)
        file.touch()
        let fresh = try #require(file.age())
        #expect(fresh >= 0 && fresh < 5)
        var times = [timespec(tv_sec: 1_000_000, tv_nsec: 0), timespec(tv_sec: 1_000_000, tv_nsec: 0)]
        #expect(utimensat(AT_FDCWD, path, &times, 0) == 0)
        #expect((file.age() ?? 0) > 1_000_000)
    }
}
