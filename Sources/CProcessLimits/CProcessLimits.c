#define _GNU_SOURCE
#include <stddef.h>
#include <sys/resource.h>
#include "CProcessLimits.h"

int podwatch_limit_file_size(pid_t pid, unsigned long long bytes) {
    struct rlimit limit = {.rlim_cur = (rlim_t)bytes, .rlim_max = (rlim_t)bytes};
    return prlimit(pid, RLIMIT_FSIZE, &limit, NULL);
}
