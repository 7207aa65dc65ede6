/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Creating memory pressure and watching what it does, for the pressure
 * suite and the demo: a hog that touches anonymous memory, who the OOM
 * killer should prefer, and the figures of /proc and of the module.
 */
#ifndef VRANGE_TESTS_MEMLOAD_H
#define VRANGE_TESTS_MEMLOAD_H

#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "vrange.h"

/* The number after "KEY:" or "KEY " in a /proc file, or -1. */
static inline long long proc_value(const char *path, const char *key)
{
	char line[256];
	long long value = -1;
	size_t len = strlen(key);
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, key, len) && (line[len] == ':' || line[len] == ' ')) {
			value = strtoll(line + len + 1, NULL, 10);
			break;
		}
	}
	fclose(f);
	return value;
}

/* /sys/class/misc/vrange/NAME, or -1. */
static inline long long sysfs_value(const char *name)
{
	char path[128], buf[64] = "";
	FILE *f;

	snprintf(path, sizeof(path), "/sys/class/misc/vrange/%s", name);
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = '\0';
	fclose(f);
	return strtoll(buf, NULL, 10);
}

static inline void set_oom_score_adj(int adj)
{
	FILE *f = fopen("/proc/self/oom_score_adj", "w");

	if (f) {
		fprintf(f, "%d\n", adj);
		fclose(f);
	}
}

/*
 * Touch every page of @bytes of anonymous memory, as the OOM killer's
 * preferred victim. Return: 0 if all of it was had.
 */
static inline int hog_memory(size_t bytes)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE), i;
	/* volatile: the memory is never read, so the stores would be dead. */
	volatile unsigned char *p = malloc(bytes);

	if (!p)
		return 1;
	set_oom_score_adj(500);
	for (i = 0; i < bytes; i += page)
		p[i] = 1;
	return 0;
}

/*
 * A cache of @mib MiB named @name, every page written, and marked volatile
 * in 1 MiB ranges (each its own range, the first the oldest) if @vol; it
 * is not left mapped. Return: its fd, or -1.
 */
static inline int written_cache(const char *name, size_t mib, int vol)
{
	size_t i, bytes = mib << 20;
	void *addr;
	int fd = vrange_create(name, bytes);

	if (fd < 0)
		return -1;
	if (vrange_map(fd, 0, bytes, PROT_READ | PROT_WRITE, &addr)) {
		close(fd);
		return -1;
	}
	memset(addr, 0x5a, bytes);
	munmap(addr, bytes);
	for (i = 0; vol && i < mib; i++) {
		if (vrange_volatile(fd, i << 20, 1 << 20)) {
			close(fd);
			return -1;
		}
	}
	return fd;
}

/*
 * Fork a hog, the OOM killer's preferred victim, that touches anonymous
 * memory 1 MiB at a time, @limit MiB at most (0: until it is killed),
 * counting its MiB in @got (shared memory). Return: its pid, or -1.
 */
static inline pid_t hog_fork(volatile long *got, long limit)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE), mib = 1 << 20, i;
	volatile unsigned char *p;
	pid_t pid = fork();

	if (pid)
		return pid;
	set_oom_score_adj(1000);
	while (!limit || *got < limit) {
		p = mmap(NULL, mib, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			_exit(1);
		for (i = 0; i < mib; i += page)
			p[i] = 1;
		(*got)++;
	}
	_exit(0);
}

/*
 * Run a hog until the OOM killer takes it. Return: the MiB it had by then,
 * or -1 if it was not killed.
 */
static inline long hog_until_oom(volatile long *got)
{
	int status;
	pid_t pid;

	*got = 0;
	pid = hog_fork(got, 0);
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGKILL)
		return -1;
	return *got;
}

/* Volatile bytes not purged yet, over all regions. */
static inline long long intact_volatile_bytes(void)
{
	return sysfs_value("volatile_bytes") - sysfs_value("purged_bytes");
}

/*
 * Hog @hog_bytes in a child, then take back each of @nchunks @chunk-byte
 * volatile ranges of region @fd (marked in order, oldest first) and write
 * into @map, oldest first, 'P' for a purged one and '.' for an intact one.
 *
 * They are taken back newest first: reclaim may still be purging (on the
 * debug kernel it does, now and then, long after the hog), and it purges
 * the oldest range still volatile. Taking the oldest back first, each
 * such late purge would hit the very next chunk to be asked, after intact
 * ones: a map that looks out of order. Newest first, once a chunk says
 * purged, every older one was purged before it and still says so.
 *
 * Return: 0, or -1 if the hog did not get its memory.
 */
static inline int pressure_purge_map(int fd, size_t nchunks, size_t chunk,
				     size_t hog_bytes, char *map)
{
	int status, ret;
	pid_t pid = fork();
	size_t i;

	if (pid < 0)
		return -1;
	if (pid == 0)
		_exit(hog_memory(hog_bytes));
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status))
		return -1;
	for (i = nchunks; i-- > 0;) {
		ret = vrange_nonvolatile(fd, i * chunk, chunk);
		if (ret < 0)
			return -1;
		map[i] = ret ? 'P' : '.';
	}
	map[nchunks] = '\0';
	return 0;
}

#endif /* VRANGE_TESTS_MEMLOAD_H */
