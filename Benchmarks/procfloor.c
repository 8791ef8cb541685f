/*
 * procfloor: the cost floor of one Podwatch collection pass.
 *
 * Reads exactly the files a steady `podwatch-agent` pass reads, the cheapest way the kernel allows
 * (descriptors kept open, pread at offset 0, no parsing), and prints the CPU one steady pass costs:
 *   - node: stat meminfo vmstat loadavg diskstats pressure/{cpu,memory,io} 1/net/dev
 *   - one getdents pass over /proc; per process: stat status io statm
 *   - per container cgroup (found from /proc/PID/cgroup once per process): the same cgroup files
 *     the agent reads (v1 controllers + v2 pressure on hybrid hosts, or the v2 set)
 *   - per non-host network namespace: net/dev of one process in it
 * With `reopen` as the fourth argument every file is opened, read and closed every pass instead (no descriptor
 * kept: what a reader without a descriptor budget pays in CPU, and saves in kernel memory).
 * Usage: procfloor [passes] [proc-root] [cgroup-root] [kept|reopen]
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#define MAX_PIDS 4194304
#define BUF (1 << 20)

static char buffer[BUF];
static const char *proc_root = "/proc";
static const char *cgroup_root = "/sys/fs/cgroup";
static int unified_only;
static int reopen;
static long failed_opens;

struct fdlist { int *fds; int count, cap; };
static void add_fd(struct fdlist *l, int fd) {
    if (fd < 0) return;
    if (l->count == l->cap) { l->cap = l->cap ? l->cap * 2 : 16; l->fds = realloc(l->fds, sizeof(int) * l->cap); }
    l->fds[l->count++] = fd;
}
/* Reads to EOF with pread; returns bytes or -1. */
static long slurp(int fd) {
    long total = 0;
    for (;;) {
        ssize_t n = pread(fd, buffer + total, BUF - total, total);
        if (n < 0) return -1;
        if (n == 0) return total;
        total += n;
    }
}
static int open_at(const char *a, const char *b) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", a, b);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 && (errno == EMFILE || errno == ENFILE)) failed_opens++;
    return fd;
}
/* reopen mode: a file is its path; opened, read and closed at each read. */
struct pathlist { char **paths; int count, cap; };
static void add_path(struct pathlist *l, const char *a, const char *b) {
    if (l->count == l->cap) { l->cap = l->cap ? l->cap * 2 : 16; l->paths = realloc(l->paths, sizeof(char *) * l->cap); }
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", a, b);
    l->paths[l->count++] = strdup(path);
}
static long slurp_path(const char *path) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) { if (errno == EMFILE || errno == ENFILE) failed_opens++; return -1; }
    long n = slurp(fd);
    close(fd);
    return n;
}

struct proc { int alive; int fds[4]; unsigned long long netns; };
static struct proc *procs;

struct container { char path[1024]; struct fdlist files; struct pathlist paths; };
static struct container *containers; static int ncontainers, capcontainers;
struct netns { unsigned long long inode; int fd; int pid; };
static struct netns nets[4096]; static int nnets;
static unsigned long long host_netns;

static unsigned long long ns_inode(const char *path) {
    char target[128];
    ssize_t n = readlink(path, target, sizeof target - 1);
    if (n <= 0) return 0;
    target[n] = 0;
    char *open = strchr(target, '[');
    return open ? strtoull(open + 1, NULL, 10) : 0;
}

static void add_container(const char *cgpath) {
    for (int i = 0; i < ncontainers; i++) if (strcmp(containers[i].path, cgpath) == 0) return;
    if (ncontainers == capcontainers) {
        capcontainers = capcontainers ? capcontainers * 2 : 64;
        containers = realloc(containers, sizeof *containers * capcontainers);
    }
    struct container *c = &containers[ncontainers++];
    memset(c, 0, sizeof *c);
    snprintf(c->path, sizeof c->path, "%s", cgpath);
    static const char *v1[][2] = {
        {"cpuacct", "cpuacct.usage"}, {"cpuacct", "cpuacct.stat"}, {"cpu", "cpu.stat"}, {"cpu", "cpu.cfs_quota_us"},
        {"cpu", "cpu.cfs_period_us"}, {"memory", "memory.usage_in_bytes"}, {"memory", "memory.limit_in_bytes"},
        {"memory", "memory.stat"}, {"memory", "memory.failcnt"}, {"memory", "memory.oom_control"},
        {"blkio", "blkio.throttle.io_service_bytes"}, {"blkio", "blkio.throttle.io_serviced"},
        {"pids", "pids.current"}, {"pids", "pids.max"}, {"unified", "cpu.pressure"},
        {"unified", "memory.pressure"}, {"unified", "io.pressure"}};
    static const char *v2[] = {"cpu.stat", "cpu.max", "memory.current", "memory.max", "memory.stat",
        "memory.events", "io.stat", "pids.current", "pids.max", "cpu.pressure", "memory.pressure", "io.pressure"};
    char dir[4096];
    if (unified_only) {
        for (unsigned i = 0; i < sizeof v2 / sizeof *v2; i++) {
            snprintf(dir, sizeof dir, "%s%s", cgroup_root, cgpath);
            if (reopen) add_path(&c->paths, dir, v2[i]); else add_fd(&c->files, open_at(dir, v2[i]));
        }
    } else {
        for (unsigned i = 0; i < sizeof v1 / sizeof *v1; i++) {
            snprintf(dir, sizeof dir, "%s/%s%s", cgroup_root, v1[i][0], cgpath);
            if (reopen) add_path(&c->paths, dir, v1[i][1]); else add_fd(&c->files, open_at(dir, v1[i][1]));
        }
    }
}

/* Opens a new process's files and reads its once-per-lifetime facts (cgroup, netns), as the agent does. */
static void track(int pid) {
    char dir[256];
    snprintf(dir, sizeof dir, "%s/%d", proc_root, pid);
    struct proc *p = &procs[pid];
    static const char *files[] = {"stat", "status", "io", "statm"};
    for (int i = 0; i < 4; i++) p->fds[i] = reopen ? -1 : open_at(dir, files[i]);
    p->alive = 1;
    int fd = open_at(dir, "cgroup");
    if (fd >= 0) {
        long n = slurp(fd);
        close(fd);
        if (n > 0) {
            buffer[n] = 0;
            /* The container's path: the v2 line (pure v2) or the memory line (v1). */
            char *line = strtok(buffer, "\n");
            while (line) {
                char *second = strchr(line, ':');
                second = second ? strchr(second + 1, ':') : NULL;
                int wanted = unified_only ? strncmp(line, "0::", 3) == 0 : strstr(line, ":memory:") != NULL;
                if (wanted && second && strstr(second, "kubepods")) add_container(second + 1);
                line = strtok(NULL, "\n");
            }
        }
    }
    char link[256];
    snprintf(link, sizeof link, "%s/ns/net", dir);
    p->netns = ns_inode(link);
    if (p->netns && p->netns != host_netns) {
        int known = 0;
        for (int i = 0; i < nnets; i++) if (nets[i].inode == p->netns) known = 1;
        if (!known && nnets < 4096) {
            nets[nnets].inode = p->netns;
            nets[nnets].pid = pid;
            nets[nnets++].fd = reopen ? -1 : open_at(dir, "net/dev");
        }
    }
}

static double cpu_ms(void) {
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return (u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e3 + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e3;
}
static int compare(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
    int passes = argc > 1 ? atoi(argv[1]) : 50;
    if (argc > 2) proc_root = argv[2];
    if (argc > 3) cgroup_root = argv[3];
    if (argc > 4) reopen = strcmp(argv[4], "reopen") == 0;
    if (passes < 2) passes = 2;
    /* As the agent does: the soft descriptor limit raised to the hard one. */
    struct rlimit files;
    if (getrlimit(RLIMIT_NOFILE, &files) == 0) { files.rlim_cur = files.rlim_max; setrlimit(RLIMIT_NOFILE, &files); }
    char probe[4096];
    snprintf(probe, sizeof probe, "%s/cgroup.controllers", cgroup_root);
    unified_only = access(probe, F_OK) == 0;
    procs = calloc(MAX_PIDS, sizeof *procs);
    snprintf(probe, sizeof probe, "%s/1/ns/net", proc_root);
    host_netns = ns_inode(probe);
    struct fdlist node = {0};
    static const char *node_files[] = {"stat", "meminfo", "vmstat", "loadavg", "diskstats", "pressure/cpu",
        "pressure/memory", "pressure/io", "1/net/dev"};
    for (unsigned i = 0; i < sizeof node_files / sizeof *node_files; i++) add_fd(&node, open_at(proc_root, node_files[i]));
    double *costs = calloc(passes, sizeof *costs);
    int processes = 0;
    for (int pass = 0; pass < passes; pass++) {
        double start = cpu_ms();
        for (int i = 0; i < node.count; i++) slurp(node.fds[i]);
        DIR *d = opendir(proc_root);
        struct dirent *e;
        processes = 0;
        while ((e = readdir(d))) {
            int pid = atoi(e->d_name);
            if (pid <= 0 || pid >= MAX_PIDS) continue;
            struct proc *p = &procs[pid];
            if (!p->alive) track(pid);
            if (reopen) {
                static const char *files[] = {"stat", "status", "io", "statm"};
                char dir[256];
                snprintf(dir, sizeof dir, "%s/%d", proc_root, pid);
                char path[300];
                snprintf(path, sizeof path, "%s/%s", dir, files[0]);
                if (slurp_path(path) < 0) { p->alive = 0; continue; }
                for (int i = 1; i < 4; i++) { snprintf(path, sizeof path, "%s/%s", dir, files[i]); slurp_path(path); }
                processes++;
                continue;
            }
            if (slurp(p->fds[0]) < 0) {
                for (int i = 0; i < 4; i++) if (p->fds[i] >= 0) close(p->fds[i]);
                p->alive = 0;
                continue;
            }
            for (int i = 1; i < 4; i++) if (p->fds[i] >= 0) slurp(p->fds[i]);
            processes++;
        }
        closedir(d);
        for (int i = 0; i < ncontainers; i++) {
            for (int j = 0; j < containers[i].files.count; j++) slurp(containers[i].files.fds[j]);
            for (int j = 0; j < containers[i].paths.count; j++) slurp_path(containers[i].paths.paths[j]);
        }
        for (int i = 0; i < nnets; i++) {
            if (nets[i].fd >= 0) slurp(nets[i].fd);
            if (reopen) {
                char path[256];
                snprintf(path, sizeof path, "%s/%d/net/dev", proc_root, nets[i].pid);
                slurp_path(path);
            }
        }
        costs[pass] = cpu_ms() - start;
    }
    double first = costs[0];
    qsort(costs + 1, passes - 1, sizeof *costs, compare);
    double sum = 0;
    for (int i = 1; i < passes; i++) sum += costs[i];
    printf("reference.mode %s\nreference.failed_opens %ld\n", reopen ? "reopen" : "kept", failed_opens);
    printf("reference.processes %d\nreference.containers %d\nreference.passes %d\n", processes, ncontainers, passes);
    printf("reference.first_pass_cpu_ms %.2f\nreference.cpu_ms_per_pass %.2f\nreference.cpu_ms_per_pass_mean %.2f\n",
        first, costs[1 + (passes - 1) / 2], sum / (passes - 1));
    return 0;
}
