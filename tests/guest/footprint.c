// SPDX-License-Identifier: GPL-2.0-only
/*
 * Kernel memory per volatile range and per region, measured as the growth
 * of unreclaimable slab (SUnreclaim in /proc/meminfo) while holding many
 * of them; by name in /proc/slabinfo the range cache may be merged with
 * another of the same size. Figures go out as TAP comments.
 *
 * Whether the memory comes back is asked of the module's own counters:
 * SLUB keeps emptied slabs cached, so slab pages lag behind freed objects,
 * and leaks are kmemleak's to find, on the debug kernel.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "memload.h"
#include "tap.h"
#include "vrange.h"

#define RANGES	20000
#define REGIONS	500

/* Unreclaimable slab in bytes, once RCU-freed objects had time to go. */
static long long slab_bytes(void)
{
	usleep(200000);
	return proc_value("/proc/meminfo", "SUnreclaim") * 1024;
}

int main(void)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE), i;
	long long before, held, ranges, regions;
	static int fds[REGIONS];
	int fd, ok = 1;
	void *addr;

	setvbuf(stdout, NULL, _IOLBF, 0);

	/* Ranges: every other page of one region, so none merge. */
	ranges = sysfs_value("ranges");
	regions = sysfs_value("regions");
	before = slab_bytes();
	fd = vrange_create("footprint", (uint64_t)2 * RANGES * page);
	for (i = 0; fd >= 0 && i < RANGES; i++)
		ok &= vrange_volatile(fd, 2 * i * page, page) == 0;
	held = slab_bytes();
	printf("# %d ranges: %lld bytes of slab each\n", RANGES, (held - before) / RANGES);
	tap(fd >= 0 && ok && sysfs_value("ranges") == ranges + RANGES,
	    "20000 separate volatile ranges can be held");
	close(fd);
	tap(sysfs_value("ranges") == ranges && sysfs_value("regions") == regions,
	    "closing their region frees them");

	/* Regions: open, size, map one page, touch it. */
	before = slab_bytes();
	ok = 1;
	for (i = 0; i < REGIONS; i++) {
		fds[i] = vrange_create("footprint", page);
		ok &= fds[i] >= 0 &&
		      !vrange_map(fds[i], 0, page, PROT_READ | PROT_WRITE, &addr);
		if (ok) {
			*(volatile char *)addr = 1;
			munmap(addr, page);
		}
	}
	held = slab_bytes();
	printf("# %d mapped regions: %lld bytes of slab each (region, shmem inode,"
	       " file, dentry, ...)\n", REGIONS, (held - before) / REGIONS);
	tap(ok && sysfs_value("regions") == regions + REGIONS, "500 mapped regions can be held");
	for (i = 0; i < REGIONS; i++)
		close(fds[i]);
	tap(sysfs_value("regions") == regions, "closing them frees them");

	return tap_done();
}
