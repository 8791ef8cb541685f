import CHeap
import KernelStats

/// The server's own memory, for `/api/v1/server` and the soak test: what the kernel charges (RSS) and what
/// glibc's allocator holds — in use by live objects, or free but kept in its arenas. RSS rising while the
/// in-use heap stays flat is the allocator keeping freed pages, not data the server keeps.
public struct ServerMemory: Sendable, Hashable, Codable {
    /// VmRSS of this process; nil if /proc/self/status could not be read.
    public var residentBytes: UInt64?
    public var heapInUseBytes: UInt64
    public var heapFreeHeldBytes: UInt64
    public var heapArenaBytes: UInt64

    /// Reads the current figures (mallinfo2 walks every arena: call it seconds apart, not per request burst).
    public static func current() -> ServerMemory {
        let heap = podwatch_heap_stats()
        return ServerMemory(
            residentBytes: Self.residentBytes(),
            heapInUseBytes: UInt64(heap.in_use),
            heapFreeHeldBytes: UInt64(heap.free_held),
            heapArenaBytes: UInt64(heap.arena_total)
        )
    }

    /// VmRSS alone, without walking the arenas (what the trim service logs around each trim).
    static func residentBytes() -> UInt64? {
        var buffer = ReadBuffer(initialCapacity: 4096)
        return (try? PIDStatus(parsing: KernelFile.readOnce("/proc/self/status", into: &buffer)))?.vmRSS
    }

    /// Hands the arenas' free pages back to the kernel (malloc_trim). True when something was released.
    @discardableResult
    public static func trim() -> Bool {
        podwatch_heap_trim() != 0
    }
}
