#ifndef PODWATCH_CPROCESSLIMITS_H
#define PODWATCH_CPROCESSLIMITS_H
#include <sys/types.h>

/// Sets another process's RLIMIT_FSIZE (soft and hard) to `bytes` with prlimit(2), which Swift's Glibc module
/// does not export (it needs _GNU_SOURCE). Returns 0, or -1 with errno set.
int podwatch_limit_file_size(pid_t pid, unsigned long long bytes);

#endif
