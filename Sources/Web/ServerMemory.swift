import CHeap

/// The server's own memory, for `/api/v1/server` and the soak test: what the kernel charges (RSS) and what
/// glibc's allocator holds — in use by live objects, or free but kept in its arenas. RSS rising while the
/// in-use heap stays flat is the allocator keeping freed pages, not data the server keeps.
public struct ServerMemory: Sendable, Hashable, Codable {
    /// The resident set of this process; nil if /proc/self/statm could not be read.
    public var residentBytes: UInt64?
    public var heapInUseBytes: UInt64
    public var heapFreeHeldBytes: UInt64
    public var heapArenaBytes: UInt64
    /// How many glibc arenas the heap has (1 unless MALLOC_ARENA_MAX says otherwise; see `limitArenas`); nil
    /// when glibc cannot tell.
    public var heapArenas: Int?

    /// Reads the current figures (mallinfo2 walks every arena: call it seconds apart, not per request burst).
    public static func current() -> ServerMemory {
        let heap = podwatch_heap_stats()
        return ServerMemory(
            residentBytes: Self.residentBytes(),
            heapInUseBytes: UInt64(heap.in_use),
            heapFreeHeldBytes: UInt64(heap.free_held),
            heapArenaBytes: UInt64(heap.arena_total),
            heapArenas: Self.arenaCount()
        )
    }

    /// The resident set alone, without walking the arenas (what the trim service logs around each trim).
    package static func residentBytes() -> UInt64? {
        let bytes = podwatch_resident_bytes()
        return bytes == 0 ? nil : UInt64(bytes)
    }

    static func arenaCount() -> Int? {
        let count = podwatch_heap_arena_count()
        return count < 0 ? nil : Int(count)
    }

    /// Caps glibc's arenas at `count`; called first thing by the server, before it starts any thread (threads
    /// that already have an arena keep it). With glibc's default (up to 8 per core), a thread that frees blocks
    /// another thread allocated returns them to that thread's arena, while its own grows: as Swift tasks move
    /// between threads, the soak's heap in use stayed flat while glibc's free-but-held memory jumped by ~200 MB
    /// at a random minute and RSS with it. With one arena, the same soak held 17–31 MB free and no step.
    @discardableResult
    public static func limitArenas(to count: Int) -> Bool {
        podwatch_heap_limit_arenas(Int32(clamping: count)) == 1
    }

    /// Hands the arenas' free pages back to the kernel (malloc_trim). True when something was released.
    @discardableResult
    public static func trim() -> Bool {
        podwatch_heap_trim() != 0
    }
}
