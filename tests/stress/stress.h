/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vrstress: many processes and threads hammering shared regions, under
 * memory pressure, PURGE_ALL and (optionally) injected allocation failures,
 * while every byte of non-volatile data is checked.
 *
 * Data integrity needs to know what each page should hold while everyone
 * changes state at random. So every region is cut into slots of
 * SLOT_PAGES pages, and each slot belongs to exactly one worker thread in
 * the whole run: only its owner marks it, unmarks it or writes it, and the
 * owner knows what it holds. Everything that cannot disturb another
 * owner's data (status queries anywhere, purges, PURGE_ALL, extra
 * mappings, forks, dups, closes, fresh regions) is done at random by
 * everyone.
 */
#ifndef VRANGE_STRESS_H
#define VRANGE_STRESS_H

#include <stddef.h>
#include <stdint.h>

#include "xorshift.h"

#define MAX_REGIONS	8
#define SLOT_PAGES	4

/* What one run does; from the command line (see main.c). */
struct stress_config {
	unsigned long long ops;		/* stop after this many operations ... */
	unsigned int seconds;		/* ... or this many seconds */
	unsigned long long seed;
	unsigned int procs;		/* worker processes */
	unsigned int threads;		/* worker threads per process */
	unsigned int regions;
	unsigned int region_pages;
	int faults;			/* inject allocation failures */
	int pressure;			/* run the pressure process */
};

/*
 * What every process reports, in memory shared by all of them. Updated
 * with atomic builtins: processes do not share locks.
 */
struct stress_shared {
	unsigned long long ops;
	unsigned long long verified_bytes;
	unsigned long long purged_unmarks;	/* NONVOLATILE said "purged" */
	unsigned long long enomem;		/* clean -ENOMEM under injection */
	unsigned long long forks;
	unsigned long long maps;
	unsigned long long fresh_regions;
	unsigned long long pressure_cycles;
	unsigned long long pressure_kills;
	unsigned long long avail_kib_sum;	/* MemAvailable every 100 ms: main.c only */
	unsigned long long avail_samples;
	unsigned long long purge_alls;
	int stop;
	int failed;
	char failure[512];
};

extern const struct stress_config *cfg;
extern struct stress_shared *shared;
extern size_t page_size;

/* Record the first failure, stop everyone; printf-like. */
void stress_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static inline int stress_stopping(void)
{
	return __atomic_load_n(&shared->stop, __ATOMIC_RELAXED);
}

static inline void stress_count(unsigned long long *counter, unsigned long long n)
{
	__atomic_fetch_add(counter, n, __ATOMIC_RELAXED);
}

/* worker.c: one worker process; @fds are the shared regions. */
int stress_worker(unsigned int proc, const int *fds);

/* load.c: the pressure process and the PURGE_ALL process. */
int stress_pressure(void);
int stress_purge_all(void);

/* worker.c: this thread's allocations may fail (1) or not (0) from now on. */
void inject_thread(int on);

#endif /* VRANGE_STRESS_H */
