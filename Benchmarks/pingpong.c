/* A context-switch-heavy workload for make bench: two processes pinned to one CPU pass a byte back and forth over
 * two pipes ROUNDS times (every round trip is two writes, two reads, two wakeups and two context switches: what
 * the run-queue, syscall and exec programs trace most). Prints the CPU both used (user + system) and the wall
 * time, so that the same run with and without the BPF programs attached gives their cost.
 * Usage: pingpong ROUNDS */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double milliseconds(struct timeval t) { return t.tv_sec * 1e3 + t.tv_usec / 1e3; }

int main(int argc, char **argv)
{
    long rounds = argc > 1 ? atol(argv[1]) : 200000;
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(0, &one);
    if (sched_setaffinity(0, sizeof(one), &one) != 0)
        perror("sched_setaffinity");
    int there[2], back[2];
    if (pipe(there) != 0 || pipe(back) != 0)
        return 1;
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    pid_t child = fork();
    if (child == 0) {
        char byte;
        for (long i = 0; i < rounds; i++) {
            if (read(there[0], &byte, 1) != 1 || write(back[1], &byte, 1) != 1)
                _exit(1);
        }
        _exit(0);
    }
    char byte = 'x';
    for (long i = 0; i < rounds; i++) {
        if (write(there[1], &byte, 1) != 1 || read(back[0], &byte, 1) != 1)
            return 1;
    }
    int status = 0;
    waitpid(child, &status, 0);
    clock_gettime(CLOCK_MONOTONIC, &end);
    struct rusage self, children;
    getrusage(RUSAGE_SELF, &self);
    getrusage(RUSAGE_CHILDREN, &children);
    double cpu = milliseconds(self.ru_utime) + milliseconds(self.ru_stime) + milliseconds(children.ru_utime)
        + milliseconds(children.ru_stime);
    double wall = (end.tv_sec - start.tv_sec) * 1e3 + (end.tv_nsec - start.tv_nsec) / 1e6;
    printf("pingpong.rounds %ld\npingpong.cpu_ms %.1f\npingpong.wall_ms %.1f\n", rounds, cpu, wall);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
