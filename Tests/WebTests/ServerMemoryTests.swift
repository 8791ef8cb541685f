import Testing

@testable import Web

#if canImport(Glibc)
import Glibc
#endif

/// The server's memory report and heap trimming, on this process's real allocator and /proc/self/status.
@Suite struct ServerMemoryTests {
    @Test func reportsResidentAndHeap() {
        let memory = ServerMemory.current()
        #expect((memory.residentBytes ?? 0) > 1 << 20)
        #expect(memory.heapInUseBytes > 0)
        #expect(memory.heapArenaBytes >= memory.heapFreeHeldBytes)
        // malloc_info lists at least the main arena (the server's own count, 1, is checked on the real binary by
        // the fault tests: this test process's threads took their arenas long before any cap).
        #expect((memory.heapArenas ?? 0) >= 1)
    }

    /// 64 MiB of small blocks, every sixteenth kept: the freed runs between them cannot merge into the top of
    /// the arena, so glibc keeps them (RSS holds them) until a trim gives their pages back.
    @Test func trimReturnsFreedPagesToTheKernel() {
        let blocks = (0..<16_384).map { _ in malloc(4_000) }
        for case let block? in blocks { memset(block, 1, 4_000) }
        let before = ServerMemory.current()
        for (index, block) in blocks.enumerated() where index % 16 != 0 { free(block) }
        let freed = ServerMemory.current()
        #expect(freed.heapFreeHeldBytes >= before.heapFreeHeldBytes + 40 << 20)
        ServerMemory.trim()
        let trimmed = ServerMemory.current()
        for (index, block) in blocks.enumerated() where index % 16 == 0 { free(block) }
        #expect((trimmed.residentBytes ?? 0) + 32 << 20 <= (freed.residentBytes ?? 0))
    }
}
