/* The agent's side of bpf/podwatch.bpf.c: load what this kernel allows, signal by signal, and read and reset the
 * kernel maps once per pass. Written in C because libbpf's skeleton is a C header of static inline functions. */
#ifndef CPODWATCH_BPF_H
#define CPODWATCH_BPF_H

#include <stddef.h>
#include "podwatch_shapes.h"

enum pw_signal {
    PW_SIGNAL_RUNQUEUE = 0,
    PW_SIGNAL_RETRANSMITS = 1,
    PW_SIGNAL_OOM_KILLS = 2,
    PW_SIGNAL_EXECS = 3,
    PW_SIGNAL_BLOCK_IO = 4,
    PW_SIGNAL_SYSCALLS = 5,
    PW_SIGNAL_COUNT = 6,
};

struct pw_bpf;

/* Opens, loads and attaches the programs of every signal with enabled[signal] != 0. Returns NULL (and the reason
 * in error) when nothing could be loaded at all; otherwise each signal's state is asked with pw_bpf_signal. */
struct pw_bpf *pw_bpf_open(int memcg_v1, const unsigned char *enabled, char *error, size_t error_length);

/* 1 when the signal's programs are attached; 0 and the reason otherwise. */
int pw_bpf_signal(const struct pw_bpf *bpf, int signal, char *reason, size_t reason_length);

/* Detaches (attach == 0) or re-attaches a loaded signal's programs, for the signals the agent traces only part of
 * the time. Returns 0, or -errno when the kernel refused to attach (the signal stays detached). Attaching the
 * run-queue programs starts a new window: waits that began before it are not counted. */
int pw_bpf_attach(struct pw_bpf *bpf, int signal, int attach);

/* Read and reset: each copies up to capacity entries and deletes them from the kernel map; returns how many were
 * copied, or -errno. Entries past capacity stay for the next call. */
long pw_bpf_drain_counters(struct pw_bpf *bpf, struct pw_counter_key *keys, unsigned long long *values, long capacity);
long pw_bpf_drain_histograms(
    struct pw_bpf *bpf, struct pw_histogram_key *keys, unsigned long long *values, long capacity);
long pw_bpf_drain_endpoints(
    struct pw_bpf *bpf, struct pw_endpoint_key *keys, unsigned long long *values, long capacity);

/* The ring buffer's events since the last call, up to capacity; *dropped counts those beyond it. */
long pw_bpf_drain_events(struct pw_bpf *bpf, struct pw_event *events, long capacity, long *dropped);

void pw_bpf_close(struct pw_bpf *bpf);

#endif
