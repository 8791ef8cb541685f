/* Shapes shared by the BPF programs (bpf/podwatch.bpf.c) and the agent's reader (podwatch_bpf.c). */
#ifndef PODWATCH_SHAPES_H
#define PODWATCH_SHAPES_H

/* Counters, keyed by (id, kind): id is a cgroup's kernfs id (the inode of its directory) or, for retransmits, a
 * network namespace's inode. */
enum pw_counter_kind {
    PW_SYSCALLS = 1,
    PW_EXECS = 2,
    PW_RETRANSMITS = 3,
};

/* Histograms, keyed by (id, kind, slot): slot i counts latencies in [2^i, 2^(i+1)) microseconds (slot 0 also
 * counts 0). id is a cgroup's kernfs id, or for block I/O by device the dev_t
 * (major << 20 | minor). */
enum pw_histogram_kind {
    PW_RUNQUEUE = 1,
    PW_BLOCK_BY_CGROUP = 2,
    PW_BLOCK_BY_DEVICE = 3,
};

#define PW_SLOTS 27 /* up to 2^26 us, ~67 s */
#define PW_COMM 16
#define PW_ADDRESS 16

struct pw_counter_key {
    unsigned long long id;
    unsigned int kind;
    unsigned int pad;
};

struct pw_histogram_key {
    unsigned long long id;
    unsigned int kind;
    unsigned int slot;
};

/* One remote endpoint a namespace's connections retransmitted to. */
struct pw_endpoint_key {
    unsigned long long netns;
    unsigned char address[PW_ADDRESS]; /* IPv4 in the first 4 bytes, or IPv6 */
    unsigned short port;                /* host order */
    unsigned short family;              /* AF_INET 2, AF_INET6 10 */
    unsigned int pad;
};

enum pw_event_kind {
    PW_EVENT_OOM_KILL = 1,
    PW_EVENT_EXIT = 2,
};

/* Sent through the ring buffer: an OOM kill as it happens, and each exec'd process as it ends (its lifetime). */
struct pw_event {
    unsigned int kind;
    int pid;
    unsigned long long cgroup;
    unsigned long long time_ns;     /* CLOCK_BOOTTIME */
    unsigned long long lifetime_ns; /* PW_EVENT_EXIT: exec to exit */
    char comm[PW_COMM];
};

#endif
