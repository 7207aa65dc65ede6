// SPDX-License-Identifier: GPL-2.0-only
/*
 * How fast VRANGE_PURGE_ALL gives memory back: a resident cache marked
 * volatile as many one-page ranges, or as a few large ones, then purged by
 * one PURGE_ALL. Per-range overhead shows as the difference between the two.
 */
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "bench.h"
#include "vrange.h"

#define MAX_TRIALS	16
#define LARGE_RANGES	4

/* Seconds for one PURGE_ALL of @bytes in ranges of @range bytes; < 0 on error. */
static double purge_trial(size_t bytes, size_t range)
{
	double t0, t1 = -1;
	void *addr;
	size_t off;
	int fd;

	fd = vrange_create("bench-purge", bytes);
	if (fd < 0)
		return -1;
	if (vrange_map(fd, 0, bytes, PROT_READ | PROT_WRITE, &addr))
		goto out;
	/* Mapped, as a cache would be: purging unmaps what it discards. */
	memset(addr, 0x5a, bytes);
	for (off = 0; off < bytes; off += range)
		if (vrange_volatile(fd, off, range))
			goto unmap;
	t0 = bench_now_ns();
	if (vrange_purge_all(fd) >= 0)
		t1 = bench_now_ns();
unmap:
	munmap(addr, bytes);
out:
	close(fd);
	return t1 < 0 ? -1 : (t1 - t0) / 1e9;
}

void bench_purge(void)
{
	size_t bytes = (bench->smoke ? 16 : 128) << 20;
	size_t sizes[2] = { bench_page, bytes / LARGE_RANGES };
	double t[2][MAX_TRIALS], seconds;
	unsigned int trial, k, trials = bench->trials < 5 ? bench->trials : 5;

	for (trial = 0; trial < trials; trial++) {
		for (k = 0; k < 2; k++) {
			t[k][trial] = purge_trial(bytes, sizes[k]);
			if (t[k][trial] < 0) {
				bench_fail("PURGE_ALL of %zu bytes in %zu-byte ranges",
					   bytes, sizes[k]);
				return;
			}
		}
	}
	for (k = 0; k < 2; k++) {
		seconds = bench_median(t[k], trials);
		bench_report("purge", k ? "PURGE_ALL, few large ranges" :
					  "PURGE_ALL, many one-page ranges",
			     bytes / sizes[k], 0, bytes / seconds / (1 << 30), "GiB/s");
		if (!k)
			bench_report("purge", "PURGE_ALL, time per one-page range",
				     bytes / sizes[k], 0, seconds * 1e9 / (bytes / sizes[k]), "ns");
	}
}
