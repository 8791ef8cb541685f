import Glibc
import Synchronization
import Testing

@testable import Web

/// The cluster pages' cache: a key never rendered is rendered once for every request waiting on it; an expired
/// one is answered at once with the previous rendering while one background rendering replaces it.
@Suite struct RenderCacheSharingTests {
    @Test func concurrentFirstRequestsShareOneRendering() async {
        let cache = RenderCache<HTML>(maximumAge: .seconds(60))
        let renders = Counter()
        let answers = await withTaskGroup(of: String.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    await cache.shared(for: "k") {
                        let count = renders.next()
                        usleep(50_000)
                        return "render \(count)"
                    }.rendered
                }
            }
            return await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(renders.count == 1)
        #expect(Set(answers) == ["render 1"])
    }

    @Test func anExpiredAnswerIsServedWhileOneBackgroundRenderingReplacesIt() async throws {
        let cache = RenderCache<HTML>(maximumAge: .milliseconds(200))
        let renders = Counter()
        let render: @Sendable () -> HTML = {
            let count = renders.next()
            usleep(30_000)
            return "render \(count)"
        }
        #expect(await cache.shared(for: "k", render: render).rendered == "render 1")
        try await Task.sleep(for: .milliseconds(250))
        // Expired: the previous answer at once, for every request, while one rendering runs.
        for _ in 0..<5 { #expect(await cache.shared(for: "k", render: render).rendered == "render 1") }
        var latest = ""
        for _ in 0..<100 where latest != "render 2" {
            try await Task.sleep(for: .milliseconds(10))
            latest = await cache.shared(for: "k", render: render).rendered
        }
        #expect(latest == "render 2")
        #expect(renders.count == 2)
    }
}

private final class Counter: Sendable {
    private let value = Mutex(0)

    func next() -> Int {
        self.value.withLock {
            $0 += 1
            return $0
        }
    }
    var count: Int { self.value.withLock { $0 } }
}
