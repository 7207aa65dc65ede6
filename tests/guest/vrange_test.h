/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers shared by the in-guest check suites: regions that either exist
 * or fail the test, and page patterns that tell intact data from zeros.
 */
#ifndef VRANGE_TESTS_GUEST_H
#define VRANGE_TESTS_GUEST_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "check_main.h"
#include "memload.h"
#include "vrange.h"

#define PG ((size_t)sysconf(_SC_PAGESIZE))

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
