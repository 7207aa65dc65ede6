// SPDX-License-Identifier: GPL-2.0-only
/*
 * Kernel memory per volatile range and per region: the growth of
 * unreclaimable slab (SUnreclaim) while holding many of them. By name in
 * /proc/slabinfo the range cache may be merged with another of its size,
 * so slab growth, not the cache's own line, is the honest figure.
 *
 * SLUB keeps emptied slabs cached, so the ranges of earlier sections leave
 * free objects that new ranges would reuse without growing the slab (7.2
 * read 0 bytes per range after the pairs section). Every cache is shrunk
 * (/sys/kernel/slab/NAME/shrink) before each reading. For the same reason
 * whether it all comes back is asked of the module's counters (leaks are
 * kmemleak's to find, on the debug kernel).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "bench.h"
#include "memload.h"

/* Give every slab cache's empty and per-CPU slabs back to the page allocator. */
static void shrink_slab_caches(void)
{
	DIR *dir = opendir("/sys/kernel/slab");
	struct dirent *d;
	char path[300];
	FILE *f;

	while (dir && (d = readdir(dir))) {
		if (d->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/sys/kernel/slab/%s/shrink", d->d_name);
		f = fopen(path, "w");
		if (f) {
			fputs("1", f);
			fclose(f);
		}
	}
	if (dir)
		closedir(dir);
}

/* Unreclaimable slab in bytes, once RCU-freed objects had time to go. */
static long long slab_bytes(void)
{
	usleep(200000);
	shrink_slab_caches();
	return proc_value("/proc/meminfo", "SUnreclaim") * 1024;
}

static void per_range(size_t nr)
{
	long long before, held, ranges = sysfs_value("ranges");
	size_t i;
	int fd;

	/* Every other page of one region, so that no two ranges touch. */
	before = slab_bytes();
	fd = vrange_create("bench-kmem", (uint64_t)2 * nr * bench_page);
	for (i = 0; fd >= 0 && i < nr; i++)
		if (vrange_volatile(fd, 2 * i * bench_page, bench_page))
			break;
	held = slab_bytes();
	if (fd < 0 || i < nr || sysfs_value("ranges") != ranges + (long long)nr)
		bench_fail("holding %zu separate volatile ranges", nr);
	else
		bench_report("kmem", "slab per range (target <= 64)", nr, 0,
			     (double)(held - before) / nr, "bytes");
	if (fd >= 0)
		close(fd);
	if (sysfs_value("ranges") != ranges)
		bench_fail("closing the region did not free its ranges");
}

static void per_region(size_t nr)
{
	long long before, held, regions = sysfs_value("regions");
	int *fds = calloc(nr, sizeof(*fds));
	void *addr;
	size_t i, opened = 0;

	if (!fds) {
		bench_fail("memory for %zu descriptors", nr);
		return;
	}
	/* Open, size, map one page and touch it: a region in use. */
	before = slab_bytes();
	for (opened = 0; opened < nr; opened++) {
		fds[opened] = vrange_create("bench-kmem", bench_page);
		if (fds[opened] < 0 ||
		    vrange_map(fds[opened], 0, bench_page, PROT_READ | PROT_WRITE, &addr))
			break;
		*(volatile char *)addr = 1;
		munmap(addr, bench_page);
	}
	held = slab_bytes();
	if (opened < nr || sysfs_value("regions") != regions + (long long)nr)
		bench_fail("holding %zu mapped regions", nr);
	else
		bench_report("kmem", "slab per mapped region (region, inode, file, ...)",
			     nr, 0, (double)(held - before) / nr, "bytes");
	for (i = 0; i <= opened && i < nr; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	free(fds);
	if (sysfs_value("regions") != regions)
		bench_fail("closing the regions did not free them");
}

void bench_kmem(void)
{
	per_range(bench->smoke ? 2000 : 20000);
	per_region(bench->smoke ? 50 : 500);
}
