#ifndef PODWATCH_CPROCESSLIMITS_H
#define PODWATCH_CPROCESSLIMITS_H
#include <sys/types.h>

/// Sets another process's RLIMIT_FSIZE (soft and hard) to `bytes` with prlimit(2), which Swift's Glibc module
/// does not export (it needs _GNU_SOURCE). Returns 0, or -1 with errno set.
int podwatch_limit_file_size(pid_t pid, unsigned long long bytes);

/// posix_spawn with every descriptor from 3 up closed in the child (posix_spawn_file_actions_addclosefrom_np,
/// also _GNU_SOURCE only). A long-lived child must not inherit another thread's pipe: a reader of that pipe would
/// then never see end-of-file. With `quiet` non-zero, standard output and error go to /dev/null. Returns 0 or an
/// errno value, like posix_spawn.
int podwatch_spawn_closing_descriptors(
    pid_t *pid, const char *path, char *const argv[], char *const envp[], int quiet);

/// The same, with standard input read from the file `input` and standard output and error written to the named
/// files (created or truncated); NULL leaves that stream as it is.
int podwatch_spawn_with_output(
    pid_t *pid, const char *path, char *const argv[], char *const envp[], const char *input, const char *output,
    const char *errors);

#endif
