// SPDX-License-Identifier: GPL-2.0-only
/*
 * The two processes that make the workers' lives hard: one keeps the VM
 * near OOM, so that the shrinker purges all the time; one calls
 * VRANGE_PURGE_ALL at random intervals.
 */
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include "memload.h"
#include "stress.h"

#define CHUNK		(2UL << 20)
#define MAX_CHUNKS	1024
#define LOW_KIB		(16 << 10)	/* MemAvailable to push down to */

/*
 * Allocate 2 MiB at a time until MemAvailable is under LOW_KIB (or the
 * allocation fails), then give a thirty-second of it back and rest a
 * moment: one pressure cycle. What the workers allocate in the meantime
 * (refaults, new regions, forks) must then come from reclaim, that is, from
 * the shrinker. Small steps keep the VM near OOM all the time, where giving
 * back a quarter left it far from OOM for most of each cycle and spent
 * most of the CPU on refilling (zeroing pages costs dearly on the debug
 * kernel). The OOM killer's first choice, restarted by main.c if it is
 * taken.
 */
int stress_pressure(void)
{
	static void *chunks[MAX_CHUNKS];
	unsigned int n = 0, keep;
	char *p;

	set_oom_score_adj(1000);
	/* Twelve busy workers on two CPUs would starve it of the time to fill memory. */
	setpriority(PRIO_PROCESS, 0, -10);
	while (!stress_stopping()) {
		if (n < MAX_CHUNKS &&
		    proc_value("/proc/meminfo", "MemAvailable") > LOW_KIB) {
			/* Populated by the kernel: far faster than touching, under TCG. */
			p = mmap(NULL, CHUNK, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
			if (p != MAP_FAILED) {
				chunks[n++] = p;
				continue;
			}
		}
		for (keep = n - (n + 31) / 32; n > keep; n--)
			munmap(chunks[n - 1], CHUNK);
		stress_count(&shared->pressure_cycles, 1);
		usleep(20000);
	}
	printf("# pressure process: %u MiB held at the end, MemAvailable %lld KiB\n",
	       n * (unsigned int)(CHUNK >> 20), proc_value("/proc/meminfo", "MemAvailable"));
	return 0;
}

/* VRANGE_PURGE_ALL every 1 to 20 ms. */
int stress_purge_all(void)
{
	uint64_t rng = cfg->seed ^ 0x5deece66dULL;
	int fd = open("/dev/vrange", O_RDWR | O_CLOEXEC), ret;

	if (fd < 0) {
		stress_fail("PURGE_ALL process: cannot open /dev/vrange");
		return 1;
	}
	while (!stress_stopping()) {
		ret = vrange_purge_all(fd);
		if (ret) {
			stress_fail("PURGE_ALL: %d", ret);
			break;
		}
		stress_count(&shared->purge_alls, 1);
		usleep(1000 + xorshift64s(&rng) % 19000);
	}
	close(fd);
	return 0;
}
