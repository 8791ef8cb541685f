#define _GNU_SOURCE
#include <stddef.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include "CProcessLimits.h"

int podwatch_limit_file_size(pid_t pid, unsigned long long bytes) {
    struct rlimit limit = {.rlim_cur = (rlim_t)bytes, .rlim_max = (rlim_t)bytes};
    return prlimit(pid, RLIMIT_FSIZE, &limit, NULL);
}

int podwatch_spawn_closing_descriptors(
    pid_t *pid, const char *path, char *const argv[], char *const envp[], int quiet) {
    const char *output = quiet ? "/dev/null" : NULL;
    return podwatch_spawn_with_output(pid, path, argv, envp, NULL, output, output);
}

int podwatch_spawn_with_output(
    pid_t *pid, const char *path, char *const argv[], char *const envp[], const char *input, const char *output,
    const char *errors) {
    posix_spawn_file_actions_t actions;
    int result = posix_spawn_file_actions_init(&actions);
    if (result != 0) return result;
    if (input != NULL) {
        result = posix_spawn_file_actions_addopen(&actions, 0, input, O_RDONLY, 0);
    }
    if (result == 0 && output != NULL) {
        result = posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    }
    if (result == 0 && errors != NULL) {
        result = posix_spawn_file_actions_addopen(&actions, 2, errors, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    }
    if (result == 0) result = posix_spawn_file_actions_addclosefrom_np(&actions, 3);
    if (result == 0) result = posix_spawn(pid, path, &actions, NULL, argv, envp);
    posix_spawn_file_actions_destroy(&actions);
    return result;
}
