// SPDX-License-Identifier: GPL-2.0-only
/*
 * The cost of a first-touch page fault in a vrange region, zero-fill and
 * SIGBUS mode, against a plain memfd mapping, in the same VM run. This
 * reports; it asserts nothing about time (the VM is emulated: absolute
 * times mean little, ratios between runs on one machine mean a lot).
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"
#include "vrange.h"

#define PAGES	4096
#define TRIALS	7

enum kind { MEMFD, ZEROFILL, SIGBUS_MODE };
static const char *const names[] = { "memfd", "vrange zero-fill", "vrange SIGBUS" };

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

/* Nanoseconds per first-touch fault, one trial; negative on error. */
static double trial(enum kind kind, size_t page)
{
	size_t bytes = PAGES * page, i;
	unsigned char *p;
	double t0, t1;
	void *addr;
	int fd;

	if (kind == MEMFD) {
		fd = memfd_create("faultcost", MFD_CLOEXEC);
		if (fd < 0 || ftruncate(fd, bytes))
			return -1;
		addr = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		if (addr == MAP_FAILED)
			return -1;
	} else {
		fd = vrange_create("faultcost", bytes);
		if (fd < 0 || (kind == SIGBUS_MODE && vrange_set_purge_mode(fd, VRANGE_SIGBUS)) ||
		    vrange_map(fd, 0, bytes, PROT_READ | PROT_WRITE, &addr))
			return -1;
	}
	p = addr;
	t0 = now();
	for (i = 0; i < bytes; i += page)
		p[i] = 1;
	t1 = now();
	munmap(addr, bytes);
	close(fd);
	return (t1 - t0) * 1e9 / PAGES;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int main(void)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	double t[3][TRIALS], median[3];
	int kind, i, ok = 1;

	setvbuf(stdout, NULL, _IOLBF, 0);
	/* Interleaved, so that drift in the emulator hits all three alike. */
	for (i = 0; i < TRIALS; i++)
		for (kind = MEMFD; kind <= SIGBUS_MODE; kind++)
			ok &= (t[kind][i] = trial(kind, page)) > 0;
	for (kind = MEMFD; kind <= SIGBUS_MODE; kind++) {
		qsort(t[kind], TRIALS, sizeof(double), cmp);
		median[kind] = t[kind][TRIALS / 2];
		printf("# first-touch fault, %-17s %8.0f ns (median of %d x %d pages)\n",
		       names[kind], median[kind], TRIALS, PAGES);
	}
	printf("# ratios: zero-fill/memfd %.2f, SIGBUS/memfd %.2f, SIGBUS/zero-fill %.2f\n",
	       median[ZEROFILL] / median[MEMFD], median[SIGBUS_MODE] / median[MEMFD],
	       median[SIGBUS_MODE] / median[ZEROFILL]);
	tap(ok, "fault costs measured in memfd, zero-fill and SIGBUS mappings");
	return tap_done();
}
