#ifndef PODWATCH_CHEAP_H
#define PODWATCH_CHEAP_H
#include <stddef.h>

/// Bytes of heap in use by malloc (glibc's mallinfo2().uordblks + hblkhd): what a data structure costs,
/// without the noise of freed-but-kept pages that RSS includes.
size_t podwatch_heap_in_use(void);

#endif
