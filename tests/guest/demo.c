// SPDX-License-Identifier: GPL-2.0-only
/*
 * `make demo`, in the guest: a map-tile cache that lets the kernel size it.
 *
 * A viewer renders tiles into a vrange region and, while idle, marks every
 * tile volatile, least recently viewed first. Another program then needs
 * more memory than is free. Instead of anyone being OOM-killed, the kernel
 * purges the least recently viewed tiles. When the viewer comes back it
 * re-locks each tile: tiles reported purged are rendered again, the rest
 * are cache hits, checked byte for byte.
 *
 * Output is TAP (so the VM runner checks it like a suite), with the story
 * and the table as TAP comments.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "memload.h"
#include "tap.h"
#include "vrange.h"

#define TILE		(64 * 1024)

/* Rendering: expensive in real life, a deterministic pattern here. */
static void render(unsigned char *tile, size_t index)
{
	uint64_t x = index * 0x9E3779B97F4A7C15ULL + 1;
	size_t i;

	for (i = 0; i < TILE; i += 8) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		memcpy(tile + i, &x, 8);
	}
}

static int rendered_correctly(const unsigned char *tile, size_t index)
{
	static unsigned char want[TILE];

	render(want, index);
	return !memcmp(tile, want, TILE);
}

int main(void)
{
	long long avail = proc_value("/proc/meminfo", "MemAvailable") * 1024;
	size_t tiles = (size_t)(avail * 55 / 100) / TILE;
	size_t hog;
	long long oom_before = proc_value("/proc/vmstat", "oom_kill");
	long long events = sysfs_value("purge_events");
	long long scans = sysfs_value("shrinker_scans");
	long long purged_total = sysfs_value("purged_bytes_total");
	size_t i, hits = 0, purged = 0, corrupt = 0, first_kept = tiles;
	int fd, ret, prefix = 1, status;
	unsigned char *cache;
	void *addr;
	pid_t pid;

	setvbuf(stdout, NULL, _IOLBF, 0);
	set_oom_score_adj(-1000);
	printf("# vrange demo: a map-tile cache the kernel may shrink (libvrange %s)\n",
	       vrange_version());

	fd = vrange_create("map tiles", (uint64_t)tiles * TILE);
	if (fd < 0 || vrange_map(fd, 0, (size_t)tiles * TILE, PROT_READ | PROT_WRITE, &addr)) {
		tap(0, "create and map the tile cache");
		return tap_done();
	}
	cache = addr;
	for (i = 0; i < tiles; i++)
		render(cache + i * TILE, i);
	/* Idle: every tile may go, the least recently viewed first. */
	for (i = 0; i < tiles; i++)
		if (vrange_volatile(fd, (uint64_t)i * TILE, TILE))
			return 1;
	printf("# rendered %zu tiles of %d KiB (%zu MiB) and marked them volatile\n",
	       tiles, TILE / 1024, tiles * TILE >> 20);

	/* Enough that about half the cache has to go. */
	avail = proc_value("/proc/meminfo", "MemAvailable") * 1024;
	hog = (size_t)avail + tiles * TILE / 2;
	printf("# another program now touches %zu MiB; %lld MiB is available\n",
	       hog >> 20, avail >> 20);
	pid = fork();
	if (pid == 0)
		_exit(hog_memory(hog));
	waitpid(pid, &status, 0);

	/* Back to viewing: lock each tile before drawing it. */
	for (i = 0; i < tiles; i++) {
		unsigned char *tile = cache + i * TILE;

		ret = vrange_nonvolatile(fd, (uint64_t)i * TILE, TILE);
		if (ret < 0)
			return 1;
		if (ret) {
			purged++;
			/* Least recently marked first: purged tiles come before kept ones. */
			if (first_kept < i)
				prefix = 0;
			render(tile, i);
		} else {
			if (first_kept == tiles)
				first_kept = i;
			if (rendered_correctly(tile, i))
				hits++;
			else
				corrupt++;
		}
	}

	printf("#\n");
	printf("#   tiles             %zu\n", tiles);
	printf("#   hits              %zu   (intact, checked byte for byte)\n", hits);
	printf("#   purged            %zu   (tiles 0 to %zu, the least recently viewed)\n",
	       purged, purged ? purged - 1 : 0);
	printf("#   regenerated       %zu\n", purged);
	printf("#   corrupt           %zu\n", corrupt);
	printf("#   OOM kills         %lld\n", proc_value("/proc/vmstat", "oom_kill") - oom_before);
	printf("#   module            %lld purge events, %lld MiB purged, %lld shrinker scans\n",
	       sysfs_value("purge_events") - events,
	       (sysfs_value("purged_bytes_total") - purged_total) >> 20,
	       sysfs_value("shrinker_scans") - scans);
	printf("#\n");

	tap(WIFEXITED(status) && WEXITSTATUS(status) == 0 && oom_before >= 0 &&
	    proc_value("/proc/vmstat", "oom_kill") == oom_before,
	    "the other program got its memory and nobody was OOM-killed");
	tap(purged > 0, "the kernel purged tiles to make room");
	tap(prefix, "it purged the least recently viewed tiles first");
	tap(corrupt == 0 && hits + purged == tiles,
	    "every tile is correct: hits intact, purged ones regenerated");
	return tap_done();
}
