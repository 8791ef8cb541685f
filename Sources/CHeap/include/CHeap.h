#ifndef PODWATCH_CHEAP_H
#define PODWATCH_CHEAP_H
#include <stddef.h>

/// Bytes of heap in use by malloc (glibc's mallinfo2().uordblks + hblkhd): what a data structure costs,
/// without the noise of freed-but-kept pages that RSS includes.
size_t podwatch_heap_in_use(void);

/// glibc's view of the heap: in use (as above), free but still held in its arenas, and the arenas' total size.
typedef struct {
    size_t in_use;
    size_t free_held;
    size_t arena_total;
} podwatch_heap_stats_t;

podwatch_heap_stats_t podwatch_heap_stats(void);

/// Returns free pages of every arena to the kernel (glibc's malloc_trim(0)); 1 when some memory was released.
int podwatch_heap_trim(void);
/// Caps how many arenas glibc creates (mallopt M_ARENA_MAX); 1 on success. Arenas already in use stay.
int podwatch_heap_limit_arenas(int count);
/// The arenas glibc has created (the heaps malloc_info lists); -1 when it cannot tell.
int podwatch_heap_arena_count(void);

/// This process's resident set in bytes (the second field of /proc/self/statm × the page size); 0 when it
/// cannot be read. The server's own figure: no /proc parser is linked into the server for one number.
size_t podwatch_resident_bytes(void);

#endif
