#include "CHeap.h"
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

int podwatch_heap_limit_arenas(int count) {
    return mallopt(M_ARENA_MAX, count);
}

int podwatch_heap_arena_count(void) {
    char *text = NULL;
    size_t size = 0;
    FILE *stream = open_memstream(&text, &size);
    if (stream == NULL) return -1;
    int failed = malloc_info(0, stream);
    fclose(stream);
    int count = -1;
    if (failed == 0 && text != NULL) {
        count = 0;
        for (const char *at = strstr(text, "<heap nr="); at != NULL; at = strstr(at + 1, "<heap nr=")) count++;
    }
    free(text);
    return count;
}

size_t podwatch_resident_bytes(void) {
    FILE *file = fopen("/proc/self/statm", "re");
    if (file == NULL) return 0;
    unsigned long size = 0, resident = 0;
    int matched = fscanf(file, "%lu %lu", &size, &resident);
    fclose(file);
    long page = sysconf(_SC_PAGESIZE);
    if (matched != 2 || page <= 0) return 0;
    return (size_t)resident * (size_t)page;
}
