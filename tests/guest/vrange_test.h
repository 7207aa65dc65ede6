/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers shared by the in-guest check suites: regions that either exist
 * or fail the test, and page patterns that tell intact data from zeros.
 */
#ifndef VRANGE_TESTS_GUEST_H
#define VRANGE_TESTS_GUEST_H

#include <errno.h>
#include <linux/capability.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "check_main.h"
#include "memload.h"
#include "vrange.h"

#define PG ((size_t)sysconf(_SC_PAGESIZE))

/* An address no process can touch: the kernel's direct map. */
#define KERNEL_PTR ((void *)0xffff888000000000UL)

/* Drop CAP_SYS_ADMIN from every set, staying root otherwise. */
static inline int drop_sys_admin(void)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[2];

	if (syscall(SYS_capget, &hdr, data))
		return -1;
	data[CAP_TO_INDEX(CAP_SYS_ADMIN)].effective &= ~CAP_TO_MASK(CAP_SYS_ADMIN);
	data[CAP_TO_INDEX(CAP_SYS_ADMIN)].permitted &= ~CAP_TO_MASK(CAP_SYS_ADMIN);
	data[CAP_TO_INDEX(CAP_SYS_ADMIN)].inheritable &= ~CAP_TO_MASK(CAP_SYS_ADMIN);
	return syscall(SYS_capset, &hdr, data) ? -1 : 0;
}

/* A region of @pages pages, or the test fails. */
static inline int new_region(const char *name, size_t pages)
{
	int fd = vrange_create(name, pages * PG);

	ck_assert_msg(fd >= 0, "vrange_create: %s", strerror(-fd));
	return fd;
}

/* The whole region mapped read-write, or the test fails. */
static inline unsigned char *map_region(int fd, size_t pages)
{
	void *addr = NULL;
	int ret = vrange_map(fd, 0, pages * PG, PROT_READ | PROT_WRITE, &addr);

	ck_assert_msg(ret == 0, "vrange_map: %s", strerror(-ret));
	return addr;
}

/*
 * A cache under real pressure: half of MemAvailable, written, and marked
 * volatile in 1 MiB chunks, each its own range, the first the oldest.
 */
struct chunked_cache {
	int fd;
	size_t chunk, nchunks;
	long long avail;	/* MemAvailable before the cache, bytes */
};

static inline void chunked_cache_fill(struct chunked_cache *c, const char *name)
{
	unsigned char *p;
	size_t i;

	c->avail = proc_value("/proc/meminfo", "MemAvailable:") * 1024;
	c->chunk = 1 << 20;
	c->nchunks = (size_t)(c->avail / 2) / c->chunk;
	c->fd = new_region(name, c->nchunks * c->chunk / PG);
	p = map_region(c->fd, c->nchunks * c->chunk / PG);
	memset(p, 0x5a, c->nchunks * c->chunk);
	for (i = 0; i < c->nchunks; i++)
		ck_assert_int_eq(vrange_volatile(c->fd, i * c->chunk, c->chunk), 0);
}

/*
 * Make a hog ask for 5% of MemAvailable more than the cache left, then
 * take every chunk back. The test fails unless the hog got its memory,
 * something was purged, and what was purged is the oldest chunks (the
 * amount is printed, not asserted: it varies with reclaim, see semantics.c).
 * Return: the number of chunks purged.
 */
static inline size_t chunked_cache_squeeze(struct chunked_cache *c)
{
	char *map = malloc(c->nchunks + 1);
	size_t purged;

	ck_assert_ptr_nonnull(map);
	ck_assert_msg(!pressure_purge_map(c->fd, c->nchunks, c->chunk,
					  (size_t)(c->avail / 2 + c->avail / 20), map),
		      "the hog did not get its memory");
	purged = strspn(map, "P");
	printf("# %zu of %zu MiB purged, oldest first: %s\n", purged, c->nchunks, map);
	ck_assert_msg(!strchr(map + purged, 'P'),
		      "a chunk was purged after an older one survived");
	ck_assert_msg(purged > 0, "pressure purged nothing");
	free(map);
	return purged;
}

/* The byte a pattern puts at offset @i of page @page, generation @gen. */
static inline unsigned char pattern_byte(size_t page, unsigned int gen, size_t i)
{
	return (unsigned char)(page * 31 + gen * 7 + i + 1) | 1;
}

static inline void fill_page(unsigned char *base, size_t page, unsigned int gen)
{
	unsigned char *p = base + page * PG;
	size_t i;

	for (i = 0; i < PG; i++)
		p[i] = pattern_byte(page, gen, i);
}

/* 1 if page @page holds generation @gen's pattern, else 0. */
static inline int page_has_pattern(const unsigned char *base, size_t page,
				   unsigned int gen)
{
	const unsigned char *p = base + page * PG;
	size_t i;

	for (i = 0; i < PG; i++)
		if (p[i] != pattern_byte(page, gen, i))
			return 0;
	return 1;
}

static inline int page_is_zero(const unsigned char *base, size_t page)
{
	const unsigned char *p = base + page * PG;
	size_t i;

	for (i = 0; i < PG; i++)
		if (p[i])
			return 0;
	return 1;
}

/* Read a whole small file into @buf (NUL-terminated); -1 on error. */
static inline int read_file(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f)
		return -1;
	n = fread(buf, 1, len - 1, f);
	buf[n] = '\0';
	fclose(f);
	return 0;
}

/* A number from /sys/class/misc/vrange/@name, or the test fails. */
static inline long long vrange_sysfs(const char *name)
{
	long long value = sysfs_value(name);

	ck_assert_msg(value >= 0, "no /sys/class/misc/vrange/%s", name);
	return value;
}

#endif /* VRANGE_TESTS_GUEST_H */
