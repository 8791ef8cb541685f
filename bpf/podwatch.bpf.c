// SPDX-License-Identifier: GPL-2.0
/* What no /proc file shows, aggregated in kernel maps keyed by cgroup (or network namespace) and read and reset by
 * the agent once per pass (issue #12). Only OOM kills and the ends of exec'd processes go through the ring buffer.
 * Tracepoints only (tp_btf and raw_tp): this kernel has no kprobes and refuses fentry. CO-RE reads of task, sock
 * and request structures, relocated against the running kernel's BTF by libbpf. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "podwatch_shapes.h"

char LICENSE[] SEC("license") = "GPL";

/* Set by the agent before loading: key tasks by their v1 memory cgroup (a v1 or hybrid node, where kubelet pods live
 * in the v1 hierarchies) instead of the unified hierarchy's cgroup. */
const volatile bool memcg_v1 = false;

/* When the agent last attached the run-queue programs (bpf_ktime_get_ns), which it does for a share of each pass
 * only (--ebpf-sample-percent): a wakeup stamped before it belongs to an earlier window, and the switch that ended
 * that wait was not seen. Without this, a task preempted between two windows and run inside the next one would
 * count the whole gap as a wait. */
volatile __u64 window_start = 0;

/* Hash maps are not preallocated: their memory is charged to the agent's cgroup, and most nodes use a fraction. */
struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(map_flags, BPF_F_NO_PREALLOC);
    __uint(max_entries, 16384);
    __type(key, struct pw_counter_key);
    __type(value, __u64);
} counters SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(map_flags, BPF_F_NO_PREALLOC);
    __uint(max_entries, 32768);
    __type(key, struct pw_histogram_key);
    __type(value, __u64);
} histograms SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_LRU_HASH);
    __uint(max_entries, 1024);
    __type(key, struct pw_endpoint_key);
    __type(value, __u64);
} endpoints SEC(".maps");

/* When each runnable thread was woken or preempted, and when each process exec'd: task-local storage, freed with
 * the task, and far cheaper on every context switch than a hash map keyed by thread id. */
struct {
    __uint(type, BPF_MAP_TYPE_TASK_STORAGE);
    __uint(map_flags, BPF_F_NO_PREALLOC);
    __type(key, int);
    __type(value, __u64);
} enqueued SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_TASK_STORAGE);
    __uint(map_flags, BPF_F_NO_PREALLOC);
    __type(key, int);
    __type(value, __u64);
} exec_start SEC(".maps");

struct issue {
    __u64 time;
    __u64 cgroup;
};

/* Block requests in flight: when issued, and the cgroup that issued them. */
struct {
    __uint(type, BPF_MAP_TYPE_LRU_HASH);
    __uint(max_entries, 4096);
    __type(key, __u64);
    __type(value, struct issue);
} in_flight SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_RINGBUF);
    __uint(max_entries, 128 * 1024);
} events SEC(".maps");

/* Direct loads through BTF pointers (no probe-read helper per step): this runs on every context switch and
 * every system call. */
static __always_inline __u64 cgroup_of(struct task_struct *task)
{
    if (memcg_v1) {
        int memory = bpf_core_enum_value(enum cgroup_subsys_id, memory_cgrp_id);
        return task->cgroups->subsys[memory]->cgroup->kn->id;
    }
    return task->cgroups->dfl_cgrp->kn->id;
}

static __always_inline void count(__u64 id, __u32 kind, __u64 delta)
{
    struct pw_counter_key key = {.id = id, .kind = kind};
    __u64 *value = bpf_map_lookup_elem(&counters, &key);
    if (value) {
        __sync_fetch_and_add(value, delta);
    } else {
        bpf_map_update_elem(&counters, &key, &delta, BPF_NOEXIST);
    }
}

static __always_inline __u32 slot_of(__u64 microseconds)
{
    __u32 slot = 0;
    for (int i = 0; i < PW_SLOTS - 1; i++) {
        if (microseconds < 2)
            break;
        microseconds >>= 1;
        slot++;
    }
    return slot;
}

static __always_inline void observe(__u64 id, __u32 kind, __u64 nanoseconds)
{
    struct pw_histogram_key key = {.id = id, .kind = kind, .slot = slot_of(nanoseconds / 1000)};
    __u64 one = 1;
    __u64 *value = bpf_map_lookup_elem(&histograms, &key);
    if (value) {
        __sync_fetch_and_add(value, 1);
    } else {
        bpf_map_update_elem(&histograms, &key, &one, BPF_NOEXIST);
    }
}

/* ---- run-queue latency: wakeup (or preemption) to running ---- */

static __always_inline void enqueue(struct task_struct *task)
{
    __u64 *start = bpf_task_storage_get(&enqueued, task, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
    if (start)
        *start = bpf_ktime_get_ns();
}

SEC("tp_btf/sched_wakeup")
int BPF_PROG(runqueue_wakeup, struct task_struct *task)
{
    enqueue(task);
    return 0;
}

SEC("tp_btf/sched_wakeup_new")
int BPF_PROG(runqueue_wakeup_new, struct task_struct *task)
{
    enqueue(task);
    return 0;
}

/* Kept per cgroup only: the node's histogram is their sum (every task is in some cgroup), made by the agent. */
SEC("tp_btf/sched_switch")
int BPF_PROG(runqueue_switch, bool preempt, struct task_struct *prev, struct task_struct *next)
{
    /* A task switched out while still runnable (preempted) waits in the queue again. */
    if (prev->__state == 0)
        enqueue(prev);
    __u64 *start = bpf_task_storage_get(&enqueued, next, 0, 0);
    if (!start || *start == 0)
        return 0;
    __u64 enqueued_at = *start;
    *start = 0;
    if (enqueued_at < window_start)
        return 0;
    __u64 now = bpf_ktime_get_ns();
    __u64 waited = now > enqueued_at ? now - enqueued_at : 0;
    observe(cgroup_of(next), PW_RUNQUEUE, waited);
    return 0;
}

/* ---- execs and short-lived processes ---- */

SEC("tp_btf/sched_process_exec")
int BPF_PROG(process_exec, struct task_struct *task)
{
    __u64 *started = bpf_task_storage_get(&exec_start, task, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
    if (started)
        *started = bpf_ktime_get_ns();
    count(cgroup_of(task), PW_EXECS, 1);
    return 0;
}

SEC("tp_btf/sched_process_exit")
int BPF_PROG(process_exit, struct task_struct *task)
{
    if (task->pid != task->tgid)
        return 0;
    __u64 *started = bpf_task_storage_get(&exec_start, task, 0, 0);
    if (!started || *started == 0)
        return 0;
    __u64 now = bpf_ktime_get_ns();
    __u64 lifetime = now > *started ? now - *started : 0;
    *started = 0;
    struct pw_event *event = bpf_ringbuf_reserve(&events, sizeof(*event), 0);
    if (!event)
        return 0; /* full: the agent counts execs from the map, only this lifetime is lost */
    event->kind = PW_EVENT_EXIT;
    event->pid = task->tgid;
    event->cgroup = cgroup_of(task);
    event->time_ns = bpf_ktime_get_boot_ns();
    event->lifetime_ns = lifetime;
    BPF_CORE_READ_STR_INTO(&event->comm, task, comm);
    bpf_ringbuf_submit(event, 0);
    return 0;
}

/* ---- OOM kills, as they happen ---- */

SEC("tp_btf/mark_victim")
int BPF_PROG(oom_victim, struct task_struct *task)
{
    struct pw_event *event = bpf_ringbuf_reserve(&events, sizeof(*event), 0);
    if (!event)
        return 0;
    event->kind = PW_EVENT_OOM_KILL;
    event->pid = BPF_CORE_READ(task, tgid);
    event->cgroup = cgroup_of(task);
    event->time_ns = bpf_ktime_get_boot_ns();
    event->lifetime_ns = 0;
    BPF_CORE_READ_STR_INTO(&event->comm, task, comm);
    bpf_ringbuf_submit(event, 0);
    return 0;
}

/* ---- system calls ---- */

SEC("raw_tp/sys_enter")
int syscalls(void *context)
{
    count(cgroup_of(bpf_get_current_task_btf()), PW_SYSCALLS, 1);
    return 0;
}

/* ---- TCP retransmits, by the socket's network namespace (softirq runs on behalf of any task) ---- */

SEC("tp_btf/tcp_retransmit_skb")
int BPF_PROG(tcp_retransmit, const struct sock *sk)
{
    __u64 netns = BPF_CORE_READ(sk, __sk_common.skc_net.net, ns.inum);
    count(netns, PW_RETRANSMITS, 1);
    struct pw_endpoint_key key = {.netns = netns};
    key.family = BPF_CORE_READ(sk, __sk_common.skc_family);
    key.port = __builtin_bswap16(BPF_CORE_READ(sk, __sk_common.skc_dport));
    if (key.family == 2) {
        __u32 address = BPF_CORE_READ(sk, __sk_common.skc_daddr);
        __builtin_memcpy(key.address, &address, 4);
    } else {
        BPF_CORE_READ_INTO(&key.address, sk, __sk_common.skc_v6_daddr.in6_u.u6_addr8);
    }
    __u64 one = 1;
    __u64 *value = bpf_map_lookup_elem(&endpoints, &key);
    if (value) {
        __sync_fetch_and_add(value, 1);
    } else {
        bpf_map_update_elem(&endpoints, &key, &one, BPF_NOEXIST);
    }
    return 0;
}

/* ---- block I/O latency: issue to completion, by device and by the issuing cgroup ---- */

SEC("tp_btf/block_rq_issue")
int BPF_PROG(block_issue, struct request *request)
{
    __u64 key = (__u64)request;
    struct issue issue = {.time = bpf_ktime_get_ns(), .cgroup = cgroup_of(bpf_get_current_task_btf())};
    bpf_map_update_elem(&in_flight, &key, &issue, BPF_ANY);
    return 0;
}

SEC("tp_btf/block_rq_complete")
int BPF_PROG(block_complete, struct request *request)
{
    __u64 key = (__u64)request;
    struct issue *issue = bpf_map_lookup_elem(&in_flight, &key);
    if (!issue)
        return 0;
    __u64 now = bpf_ktime_get_ns();
    __u64 took = now > issue->time ? now - issue->time : 0;
    __u64 cgroup = issue->cgroup;
    bpf_map_delete_elem(&in_flight, &key);
    struct gendisk *disk = BPF_CORE_READ(request, q, disk);
    __u32 major = BPF_CORE_READ(disk, major);
    __u32 minor = BPF_CORE_READ(disk, first_minor);
    observe(((__u64)major << 20) | minor, PW_BLOCK_BY_DEVICE, took);
    observe(cgroup, PW_BLOCK_BY_CGROUP, took);
    return 0;
}
