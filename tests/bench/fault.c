// SPDX-License-Identifier: GPL-2.0-only
/*
 * The cost of a first-touch page fault in a vrange region, in zero-fill and
 * in SIGBUS mode (whose fault handler consults the range tree), against a
 * plain memfd mapping: the same shmem underneath, without vrange.
 */
#include <sys/mman.h>
#include <unistd.h>

#include "bench.h"
#include "vrange.h"

#define PAGES		4096
#define MAX_TRIALS	64

enum kind { MEMFD, ZEROFILL, SIGBUS_MODE, NR_KINDS };
static const char *const names[NR_KINDS] = {
	"first touch, memfd", "first touch, vrange zero-fill",
	"first touch, vrange SIGBUS mode",
};

/* Nanoseconds per first-touch fault, one trial; negative on error. */
static double fault_trial(enum kind kind)
{
	size_t bytes = PAGES * bench_page, i;
	volatile unsigned char *p;
	void *addr = MAP_FAILED;
	double t0, t1;
	int fd;

	if (kind == MEMFD) {
		fd = memfd_create("bench-fault", MFD_CLOEXEC);
		if (fd >= 0 && !ftruncate(fd, bytes))
			addr = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	} else {
		fd = vrange_create("bench-fault", bytes);
		if (fd >= 0 &&
		    (kind == ZEROFILL || !vrange_set_purge_mode(fd, VRANGE_SIGBUS)) &&
		    vrange_map(fd, 0, bytes, PROT_READ | PROT_WRITE, &addr))
			addr = MAP_FAILED;
	}
	if (addr == MAP_FAILED) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	p = addr;
	t0 = bench_now_ns();
	for (i = 0; i < bytes; i += bench_page)
		p[i] = 1;
	t1 = bench_now_ns();
	munmap(addr, bytes);
	close(fd);
	return (t1 - t0) / PAGES;
}

void bench_faults(void)
{
	double t[NR_KINDS][MAX_TRIALS], median[NR_KINDS];
	unsigned int trial, kind, trials = bench->trials;

	if (trials > MAX_TRIALS)
		trials = MAX_TRIALS;
	/* Interleaved, so that drift in the emulator hits all three alike. */
	for (trial = 0; trial < trials; trial++) {
		for (kind = 0; kind < NR_KINDS; kind++) {
			t[kind][trial] = fault_trial(kind);
			if (t[kind][trial] < 0) {
				bench_fail("%s", names[kind]);
				return;
			}
		}
	}
	for (kind = 0; kind < NR_KINDS; kind++) {
		median[kind] = bench_median(t[kind], trials);
		bench_report("fault", names[kind], 0, 0, median[kind], "ns");
	}
	bench_report("fault", "zero-fill / memfd", 0, 0, median[ZEROFILL] / median[MEMFD], "x");
	bench_report("fault", "SIGBUS mode / memfd", 0, 0, median[SIGBUS_MODE] / median[MEMFD], "x");
}
