#include "CPodwatchBPF.h"

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "podwatch.skel.h"

#define PW_MAX_PROGRAMS 3

struct pw_bpf {
    struct podwatch *skeleton;
    struct ring_buffer *ring;
    /* The links this reader attached, destroyed before the skeleton. */
    struct bpf_link *links[PW_SIGNAL_COUNT][PW_MAX_PROGRAMS];
    int attached[PW_SIGNAL_COUNT];
    char reasons[PW_SIGNAL_COUNT][160];
    /* The ring buffer callback's destination during one pw_bpf_drain_events call. */
    struct pw_event *sink;
    long sink_capacity;
    long sink_count;
    long sink_dropped;
};

/* Each signal's programs (their names in bpf/podwatch.bpf.c) and the tracepoints they need. */
static const char *programs[PW_SIGNAL_COUNT][PW_MAX_PROGRAMS] = {
    {"runqueue_wakeup", "runqueue_wakeup_new", "runqueue_switch"},
    {"tcp_retransmit"},
    {"oom_victim"},
    {"process_exec", "process_exit"},
    {"block_issue", "block_complete"},
    {"syscalls"},
};

static const char *tracepoints[PW_SIGNAL_COUNT][PW_MAX_PROGRAMS] = {
    {"btf_trace_sched_wakeup", "btf_trace_sched_wakeup_new", "btf_trace_sched_switch"},
    {"btf_trace_tcp_retransmit_skb"},
    {"btf_trace_mark_victim"},
    {"btf_trace_sched_process_exec", "btf_trace_sched_process_exit"},
    {"btf_trace_block_rq_issue", "btf_trace_block_rq_complete"},
    {"btf_trace_sys_enter"},
};

static struct bpf_program *program(struct pw_bpf *bpf, int signal, int i)
{
    return programs[signal][i] ? bpf_object__find_program_by_name(bpf->skeleton->obj, programs[signal][i]) : NULL;
}

static void off(struct pw_bpf *bpf, int signal, const char *reason)
{
    bpf->attached[signal] = 0;
    snprintf(bpf->reasons[signal], sizeof(bpf->reasons[signal]), "%s", reason);
}

static int on_event(void *context, void *data, size_t size)
{
    struct pw_bpf *bpf = context;
    if (size < sizeof(struct pw_event))
        return 0;
    if (bpf->sink_count < bpf->sink_capacity) {
        memcpy(&bpf->sink[bpf->sink_count++], data, sizeof(struct pw_event));
    } else {
        bpf->sink_dropped++;
    }
    return 0;
}

/* libbpf's own messages would go to standard error in its format; the agent reports the reasons itself. */
static int quiet(enum libbpf_print_level level, const char *format, va_list arguments)
{
    (void)level;
    (void)format;
    (void)arguments;
    return 0;
}

struct pw_bpf *pw_bpf_open(int memcg_v1, const unsigned char *enabled, char *error, size_t error_length)
{
    libbpf_set_print(quiet);
    struct btf *kernel = btf__load_vmlinux_btf();
    if (!kernel) {
        snprintf(error, error_length, "no kernel BTF (/sys/kernel/btf/vmlinux): %s", strerror(errno));
        return NULL;
    }
    struct pw_bpf *bpf = calloc(1, sizeof(*bpf));
    if (!bpf) {
        btf__free(kernel);
        snprintf(error, error_length, "out of memory");
        return NULL;
    }
    bpf->skeleton = podwatch__open();
    if (!bpf->skeleton) {
        snprintf(error, error_length, "cannot open the BPF object: %s", strerror(errno));
        btf__free(kernel);
        free(bpf);
        return NULL;
    }
    bpf->skeleton->rodata->memcg_v1 = memcg_v1 != 0;
    int wanted = 0;
    for (int signal = 0; signal < PW_SIGNAL_COUNT; signal++) {
        int load = enabled[signal] != 0;
        if (!load)
            off(bpf, signal, "turned off");
        for (int i = 0; load && i < PW_MAX_PROGRAMS && tracepoints[signal][i]; i++) {
            if (btf__find_by_name_kind(kernel, tracepoints[signal][i], BTF_KIND_TYPEDEF) < 0) {
                char reason[128];
                snprintf(reason, sizeof(reason), "this kernel has no tracepoint %s", tracepoints[signal][i] + 10);
                off(bpf, signal, reason);
                load = 0;
            }
        }
        bpf->attached[signal] = load;
        wanted += load;
        for (int i = 0; i < PW_MAX_PROGRAMS; i++) {
            struct bpf_program *each = program(bpf, signal, i);
            if (each)
                bpf_program__set_autoload(each, load);
        }
    }
    btf__free(kernel);
    if (wanted == 0) {
        snprintf(error, error_length, "no signal to load");
        pw_bpf_close(bpf);
        return NULL;
    }
    int failed = podwatch__load(bpf->skeleton);
    if (failed) {
        snprintf(error, error_length, "the kernel refused the BPF programs: %s%s", strerror(-failed),
            failed == -EPERM ? " (needs CAP_BPF and CAP_PERFMON)" : "");
        pw_bpf_close(bpf);
        return NULL;
    }
    for (int signal = 0; signal < PW_SIGNAL_COUNT; signal++) {
        if (!bpf->attached[signal])
            continue;
        for (int i = 0; i < PW_MAX_PROGRAMS; i++) {
            struct bpf_program *each = program(bpf, signal, i);
            if (!each)
                continue;
            bpf->links[signal][i] = bpf_program__attach(each);
            if (!bpf->links[signal][i]) {
                char reason[128];
                snprintf(reason, sizeof(reason), "cannot attach to %s: %s", tracepoints[signal][i] + 10,
                    strerror(errno));
                off(bpf, signal, reason);
                /* Half a signal is none: the programs already attached for it go too. */
                for (int j = 0; j < i; j++) {
                    bpf_link__destroy(bpf->links[signal][j]);
                    bpf->links[signal][j] = NULL;
                }
                break;
            }
        }
    }
    bpf->ring = ring_buffer__new(bpf_map__fd(bpf->skeleton->maps.events), on_event, bpf, NULL);
    if (!bpf->ring) {
        off(bpf, PW_SIGNAL_OOM_KILLS, "cannot read the ring buffer");
    }
    return bpf;
}

int pw_bpf_signal(const struct pw_bpf *bpf, int signal, char *reason, size_t reason_length)
{
    if (signal < 0 || signal >= PW_SIGNAL_COUNT)
        return 0;
    snprintf(reason, reason_length, "%s", bpf->attached[signal] ? "" : bpf->reasons[signal]);
    return bpf->attached[signal];
}

int pw_bpf_attach(struct pw_bpf *bpf, int signal, int attach)
{
    if (signal < 0 || signal >= PW_SIGNAL_COUNT || !bpf->attached[signal])
        return -EINVAL;
    if (!attach) {
        for (int i = 0; i < PW_MAX_PROGRAMS; i++) {
            bpf_link__destroy(bpf->links[signal][i]);
            bpf->links[signal][i] = NULL;
        }
        return 0;
    }
    if (signal == PW_SIGNAL_RUNQUEUE) {
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now); /* bpf_ktime_get_ns's clock */
        bpf->skeleton->bss->window_start = (unsigned long long)now.tv_sec * 1000000000ULL + now.tv_nsec;
    }
    for (int i = 0; i < PW_MAX_PROGRAMS; i++) {
        struct bpf_program *each = program(bpf, signal, i);
        if (!each || bpf->links[signal][i])
            continue;
        bpf->links[signal][i] = bpf_program__attach(each);
        if (!bpf->links[signal][i]) {
            int failure = errno;
            for (int j = 0; j < PW_MAX_PROGRAMS; j++) {
                bpf_link__destroy(bpf->links[signal][j]);
                bpf->links[signal][j] = NULL;
            }
            return -failure;
        }
    }
    return 0;
}

/* Collects up to capacity keys, then takes each one's value out of the map (lookup and delete in one call, so a
 * count added in between is either read now or left for the next pass, never lost). */
static long drain(int map, size_t key_size, void *keys, unsigned long long *values, long capacity)
{
    long found = 0;
    char *cursor = keys;
    void *previous = NULL;
    while (found < capacity) {
        if (bpf_map_get_next_key(map, previous, cursor + found * key_size) != 0)
            break;
        previous = cursor + found * key_size;
        found++;
    }
    long copied = 0;
    for (long i = 0; i < found; i++) {
        void *key = cursor + i * key_size;
        unsigned long long value = 0;
        if (bpf_map_lookup_and_delete_elem(map, key, &value) != 0)
            continue;
        if (copied != i)
            memmove(cursor + copied * key_size, key, key_size);
        values[copied++] = value;
    }
    return copied;
}

long pw_bpf_drain_counters(struct pw_bpf *bpf, struct pw_counter_key *keys, unsigned long long *values, long capacity)
{
    return drain(bpf_map__fd(bpf->skeleton->maps.counters), sizeof(*keys), keys, values, capacity);
}

long pw_bpf_drain_histograms(
    struct pw_bpf *bpf, struct pw_histogram_key *keys, unsigned long long *values, long capacity)
{
    return drain(bpf_map__fd(bpf->skeleton->maps.histograms), sizeof(*keys), keys, values, capacity);
}

long pw_bpf_drain_endpoints(struct pw_bpf *bpf, struct pw_endpoint_key *keys, unsigned long long *values, long capacity)
{
    return drain(bpf_map__fd(bpf->skeleton->maps.endpoints), sizeof(*keys), keys, values, capacity);
}

long pw_bpf_drain_events(struct pw_bpf *bpf, struct pw_event *events, long capacity, long *dropped)
{
    *dropped = 0;
    if (!bpf->ring)
        return 0;
    bpf->sink = events;
    bpf->sink_capacity = capacity;
    bpf->sink_count = 0;
    bpf->sink_dropped = 0;
    int result = ring_buffer__consume(bpf->ring);
    bpf->sink = NULL;
    *dropped = bpf->sink_dropped;
    return result < 0 ? result : bpf->sink_count;
}

void pw_bpf_close(struct pw_bpf *bpf)
{
    if (!bpf)
        return;
    if (bpf->ring)
        ring_buffer__free(bpf->ring);
    for (int signal = 0; signal < PW_SIGNAL_COUNT; signal++) {
        for (int i = 0; i < PW_MAX_PROGRAMS; i++)
            bpf_link__destroy(bpf->links[signal][i]);
    }
    if (bpf->skeleton)
        podwatch__destroy(bpf->skeleton);
    free(bpf);
}
