// SPDX-License-Identifier: GPL-2.0-only
/*
 * vrbench [--smoke|--full] [SECTION...]: run the named benchmark sections
 * (see bench.h; all of them if none is named) and report, as TAP, whether
 * each could take its measurements. Times are
 * never asserted: they are for a reader, and for tests/bench/run.sh.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "memload.h"
#include "xorshift.h"

static const size_t full_sizes[] = { 1, 100, 1000, 10000, 100000 };
static const size_t smoke_sizes[] = { 1, 100 };

static const struct bench_config full = {
	.trials = 11,
	.nr_ranges = full_sizes,
	.nr_sizes = sizeof(full_sizes) / sizeof(full_sizes[0]),
	.pairs_per_trial = 2000,
	.pressure_cache_mib = 192,
};

static const struct bench_config smoke = {
	.smoke = 1,
	.trials = 3,
	.nr_ranges = smoke_sizes,
	.nr_sizes = sizeof(smoke_sizes) / sizeof(smoke_sizes[0]),
	.pairs_per_trial = 50,
	.pressure_cache_mib = 64,
};

const struct bench_config *bench = &full;
size_t bench_page;
static unsigned int failures;

double bench_now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e9 + t.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

double bench_median(double *values, unsigned int n)
{
	qsort(values, n, sizeof(*values), cmp_double);
	return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

uint64_t bench_random(void)
{
	/* The same positions every run. */
	static uint64_t state = 0x9e3779b97f4a7c15ULL;

	return xorshift64s(&state);
}

void bench_shuffle(uint32_t *index, size_t n)
{
	size_t i, j;
	uint32_t tmp;

	for (i = n; i > 1; i--) {
		j = bench_random() % i;
		tmp = index[i - 1];
		index[i - 1] = index[j];
		index[j] = tmp;
	}
}

void bench_report(const char *section, const char *what, size_t n, size_t span,
		  double value, const char *unit)
{
	char where[64] = "";

	if (n && span)
		snprintf(where, sizeof(where), "n=%zu span=%zu", n, span);
	else if (n)
		snprintf(where, sizeof(where), "n=%zu", n);
	else if (span)
		snprintf(where, sizeof(where), "span=%zu", span);
	printf("# %-9s %-40s %-20s %12.2f %s\n", section, what, where, value, unit);
	printf("# json {\"section\":\"%s\",\"what\":\"%s\",\"n\":%zu,\"span\":%zu,"
	       "\"value\":%.3f,\"unit\":\"%s\"}\n", section, what, n, span, value, unit);
}

void bench_note(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

void bench_fail(const char *fmt, ...)
{
	va_list ap;

	printf("# FAILED: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf(" (errno: %s)\n", strerror(errno));
	failures++;
}

static const struct {
	const char *key;
	const char *name;
	void (*run)(void);
} sections[] = {
	{ "pairs", "floor, pairs and baselines", bench_pairs },
	{ "purge", "PURGE_ALL throughput", bench_purge },
	{ "fault", "first-touch fault cost", bench_faults },
	{ "kmem", "kernel memory per range and region", bench_kmem },
	{ "pressure", "memory pressure scenario", bench_pressure },
};

#define NR_SECTIONS (sizeof(sections) / sizeof(sections[0]))

/* Whether @key is among @names (or @names is empty). */
static int wanted(const char *key, char **names, int nr_names)
{
	int i;

	for (i = 0; i < nr_names; i++)
		if (!strcmp(names[i], key))
			return 1;
	return !nr_names;
}

static int usage(const char *prog)
{
	unsigned int i;

	fprintf(stderr, "usage: %s [--smoke|--full] [SECTION...]\nsections:", prog);
	for (i = 0; i < NR_SECTIONS; i++)
		fprintf(stderr, " %s", sections[i].key);
	fprintf(stderr, "\n");
	return 2;
}

int main(int argc, char **argv)
{
	unsigned int i, j, before, ran = 0;
	int arg = 1;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (arg < argc && !strcmp(argv[arg], "--smoke")) {
		bench = &smoke;
		arg++;
	} else if (arg < argc && !strcmp(argv[arg], "--full")) {
		arg++;
	}
	for (j = arg; j < (unsigned int)argc; j++) {
		for (i = 0; i < NR_SECTIONS; i++)
			if (!strcmp(argv[j], sections[i].key))
				break;
		if (i == NR_SECTIONS)
			return usage(argv[0]);
	}
	bench_page = (size_t)sysconf(_SC_PAGESIZE);
	/* The pressure scenario's hogs are the OOM killer's to take, not us. */
	set_oom_score_adj(-1000);

	printf("# %-9s %-40s %-20s %12s %s\n", "section", "what", "where",
	       "median", "unit");
	for (i = 0; i < NR_SECTIONS; i++) {
		if (!wanted(sections[i].key, argv + arg, argc - arg))
			continue;
		before = failures;
		sections[i].run();
		printf("%sok %u - %s measured\n", failures == before ? "" : "not ",
		       ++ran, sections[i].name);
	}
	printf("1..%u\n", ran);
	return failures ? 1 : 0;
}
