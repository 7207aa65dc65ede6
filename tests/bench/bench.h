/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vrbench: what vrange costs, measured inside the test VM.
 *
 * The VM is emulated, so absolute times mean little; every figure is
 * therefore taken in the same run as the figures it is compared with, and
 * each is the median of several trials, interleaved where they are compared
 * so that drift in the emulator hits them alike. Every figure is printed
 * twice on stdout: as a line of the human-readable table, and as a
 * "# json {...}" line that tests/bench/run.sh collects.
 */
#ifndef VRANGE_BENCH_H
#define VRANGE_BENCH_H

#include <stddef.h>
#include <stdint.h>

/* How much to measure: --smoke proves it runs, --full is `make bench`. */
struct bench_config {
	int smoke;
	unsigned int trials;		/* trials per figure; the median is kept */
	const size_t *nr_ranges;	/* the region sizes, in ranges, for pairs */
	unsigned int nr_sizes;
	unsigned int pairs_per_trial;
	size_t pressure_cache_mib;	/* 0: skip the pressure scenario */
};

extern const struct bench_config *bench;
extern size_t bench_page;

/* Monotonic time in nanoseconds. */
double bench_now_ns(void);
/* The median of @n values; sorts them. */
double bench_median(double *values, unsigned int n);
/* A fixed-seed generator, so that every run touches the same positions. */
uint64_t bench_random(void);
/* Shuffle @n indexes in place. */
void bench_shuffle(uint32_t *index, size_t n);

/*
 * One figure: a table line and a JSON record. @n and @span are the figure's
 * coordinates (0 when they do not apply); @what says what was measured.
 */
void bench_report(const char *section, const char *what, size_t n, size_t span,
		  double value, const char *unit);
/* A line of prose in the table, for context that is not a figure. */
void bench_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A failure: the run goes on, but ends in a failing TAP line. */
void bench_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The sections, in the order the issue lists them. */
void bench_pairs(void);
void bench_purge(void);
void bench_faults(void);
void bench_kmem(void);
void bench_pressure(void);

#endif /* VRANGE_BENCH_H */
