#include "CHeap.h"
#include <malloc.h>

size_t podwatch_heap_in_use(void) {
    return podwatch_heap_stats().in_use;
}

podwatch_heap_stats_t podwatch_heap_stats(void) {
    struct mallinfo2 info = mallinfo2();
    podwatch_heap_stats_t stats = {
        .in_use = info.uordblks + info.hblkhd,
        .free_held = info.fordblks,
        .arena_total = info.arena + info.hblkhd,
    };
    return stats;
}

int podwatch_heap_trim(void) {
    return malloc_trim(0);
}
