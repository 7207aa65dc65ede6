// SPDX-License-Identifier: GPL-2.0-only
/*
 * What volatile ranges mean (DESIGN.md sections 4 to 6): exact purged
 * reporting, data that survives or reads back as zeros, how marks merge,
 * and what fdinfo and sysfs show.
 */
#include <fcntl.h>
#include <stdlib.h>

#include "vrange_test.h"

static void expect_status(int fd, size_t first, size_t pages,
			  size_t volatile_pages, size_t purged_pages)
{
	uint64_t v = 0, p = 0;

	ck_assert_int_eq(vrange_status(fd, first * PG, pages * PG, &v, &p), 0);
	ck_assert_msg(v == volatile_pages * PG && p == purged_pages * PG,
		      "status of pages [%zu, %zu): %llu volatile, %llu purged bytes;"
		      " want %zu and %zu pages", first, first + pages,
		      (unsigned long long)v, (unsigned long long)p,
		      volatile_pages, purged_pages);
}

/* A field of this process's fdinfo for @fd, as a number. */
static long long fdinfo(int fd, const char *key)
{
	char path[64], buf[2048], *at;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	ck_assert_int_eq(read_file(path, buf, sizeof(buf)), 0);
	at = strstr(buf, key);
	ck_assert_msg(at, "no %s in fdinfo:\n%s", key, buf);
	return strtoll(at + strlen(key), NULL, 10);
}

/*
 * The case ashmem gets wrong: purge A, mark an overlapping fresh B, unmark
 * B's fresh part. Nothing there was ever discarded.
 */
START_TEST(fresh_pages_never_inherit_purged)
{
	int fd = new_region(NULL, 16);
	unsigned char *p = map_region(fd, 16);
	size_t i;

	for (i = 0; i < 16; i++)
		fill_page(p, i, 1);
	ck_assert_int_eq(vrange_volatile(fd, 0, 8 * PG), 0);	/* A */
	ck_assert_int_eq(vrange_purge(fd), 0);
	ck_assert_int_eq(vrange_volatile(fd, 4 * PG, 8 * PG), 0);	/* B */
	expect_status(fd, 0, 16, 12, 8);
	ck_assert_int_eq(vrange_nonvolatile(fd, 8 * PG, 4 * PG), 0);
	ck_assert(page_has_pattern(p, 8, 1) && page_has_pattern(p, 11, 1));
	/* B's old part was purged as part of A: that is still reported. */
	ck_assert_int_eq(vrange_nonvolatile(fd, 4 * PG, 4 * PG), 1);
	ck_assert_int_eq(vrange_nonvolatile(fd, 0, 4 * PG), 1);
	expect_status(fd, 0, 16, 0, 0);
}
END_TEST

START_TEST(purged_pages_read_zero_and_the_rest_is_intact)
{
	int fd = new_region(NULL, 8);
	unsigned char *p = map_region(fd, 8);
	size_t i;

	for (i = 0; i < 8; i++)
		fill_page(p, i, 2);
	ck_assert_int_eq(vrange_volatile(fd, 2 * PG, 3 * PG), 0);
	ck_assert_int_eq(vrange_purge(fd), 0);
	/* Still volatile, already gone: zeros, never stale data. */
	for (i = 2; i < 5; i++)
		ck_assert_msg(page_is_zero(p, i), "page %zu not zero", i);
	for (i = 0; i < 8; i++)
		if (i < 2 || i >= 5)
			ck_assert_msg(page_has_pattern(p, i, 2), "page %zu lost", i);
	ck_assert_int_eq(vrange_nonvolatile(fd, 2 * PG, 3 * PG), 1);
	for (i = 2; i < 5; i++)
		ck_assert(page_is_zero(p, i));
}
END_TEST

START_TEST(reads_and_writes_never_change_state)
{
	int fd = new_region(NULL, 4);
	unsigned char *p = map_region(fd, 4);

	ck_assert_int_eq(vrange_volatile(fd, 0, 2 * PG), 0);
	fill_page(p, 0, 3);
	ck_assert_int_eq(p[PG], 0);
	expect_status(fd, 0, 4, 2, 0);
	ck_assert_int_eq(vrange_purge(fd), 0);
	/* A purged page written again is still purged: its old data is gone. */
	fill_page(p, 1, 3);
	ck_assert_int_eq(p[0], 0);
	expect_status(fd, 0, 4, 2, 2);
	ck_assert_int_eq(vrange_nonvolatile(fd, PG, PG), 1);
	ck_assert(page_has_pattern(p, 1, 3));
	ck_assert_int_eq(vrange_nonvolatile(fd, 0, PG), 1);
}
END_TEST

START_TEST(written_volatile_pages_survive_when_not_purged)
{
	int fd = new_region(NULL, 4);
	unsigned char *p = map_region(fd, 4);

	ck_assert_int_eq(vrange_volatile(fd, 0, 4 * PG), 0);
	fill_page(p, 3, 4);
	ck_assert_int_eq(vrange_nonvolatile(fd, 0, 4 * PG), 0);
	ck_assert(page_has_pattern(p, 3, 4));
}
END_TEST

START_TEST(purge_all_spares_nonvolatile_pages)
{
	int a = new_region("a", 4), b = new_region("b", 4);
	unsigned char *pa = map_region(a, 4), *pb = map_region(b, 4);
	size_t i;

	for (i = 0; i < 4; i++) {
		fill_page(pa, i, 5);
		fill_page(pb, i, 6);
	}
	ck_assert_int_eq(vrange_volatile(a, PG, PG), 0);
	ck_assert_int_eq(vrange_volatile(b, 0, 3 * PG), 0);
	ck_assert_int_eq(vrange_purge_all(a), 0);
	expect_status(a, 0, 4, 1, 1);
	expect_status(b, 0, 4, 3, 3);
	ck_assert(page_has_pattern(pa, 0, 5) && page_has_pattern(pa, 2, 5) &&
		  page_has_pattern(pa, 3, 5) && page_has_pattern(pb, 3, 6));
	ck_assert(page_is_zero(pa, 1) && page_is_zero(pb, 0) && page_is_zero(pb, 2));
}
END_TEST

START_TEST(overlapping_marks_merge_adjacent_ones_do_not)
{
	int fd = new_region(NULL, 16);

	ck_assert_int_eq(vrange_volatile(fd, 0, 2 * PG), 0);
	ck_assert_int_eq(vrange_volatile(fd, PG, 2 * PG), 0);
	ck_assert_int_eq(fdinfo(fd, "vrange-ranges:"), 1);
	ck_assert_int_eq(vrange_volatile(fd, 3 * PG, PG), 0);
	ck_assert_int_eq(fdinfo(fd, "vrange-ranges:"), 2);
	/* One mark over both merges them, and the gap to a third. */
	ck_assert_int_eq(vrange_volatile(fd, 2 * PG, 4 * PG), 0);
	ck_assert_int_eq(fdinfo(fd, "vrange-ranges:"), 1);
	expect_status(fd, 0, 16, 6, 0);
}
END_TEST

START_TEST(unmarking_the_middle_splits)
{
	int fd = new_region(NULL, 16);

	ck_assert_int_eq(vrange_volatile(fd, 0, 8 * PG), 0);
	ck_assert_int_eq(vrange_nonvolatile(fd, 3 * PG, 2 * PG), 0);
	ck_assert_int_eq(fdinfo(fd, "vrange-ranges:"), 2);
	expect_status(fd, 0, 16, 6, 0);
	expect_status(fd, 3, 2, 0, 0);
	/* Unmarking what is not volatile is fine, and reports nothing. */
	ck_assert_int_eq(vrange_nonvolatile(fd, 8 * PG, 8 * PG), 0);
	expect_status(fd, 0, 16, 6, 0);
}
END_TEST

START_TEST(purged_ranges_split_a_fresh_mark)
{
	int fd = new_region(NULL, 16);

	ck_assert_int_eq(vrange_volatile(fd, 4 * PG, 2 * PG), 0);
	ck_assert_int_eq(vrange_volatile(fd, 8 * PG, 2 * PG), 0);
	ck_assert_int_eq(vrange_purge(fd), 0);
	ck_assert_int_eq(vrange_volatile(fd, 0, 16 * PG), 0);
	/* [0,4) [4,6)p [6,8) [8,10)p [10,16) */
	ck_assert_int_eq(fdinfo(fd, "vrange-ranges:"), 5);
	expect_status(fd, 0, 16, 16, 4);
	ck_assert_int_eq(vrange_nonvolatile(fd, 6 * PG, 2 * PG), 0);
	ck_assert_int_eq(vrange_nonvolatile(fd, 0, 16 * PG), 1);
	ck_assert_int_eq(fdinfo(fd, "vrange-ranges:"), 0);
}
END_TEST

START_TEST(touching_purged_ranges_coalesce)
{
	int fd = new_region(NULL, 8);

	ck_assert_int_eq(vrange_volatile(fd, 0, 2 * PG), 0);
	ck_assert_int_eq(vrange_volatile(fd, 2 * PG, 2 * PG), 0);
	ck_assert_int_eq(fdinfo(fd, "vrange-ranges:"), 2);
	ck_assert_int_eq(vrange_purge(fd), 0);
	ck_assert_int_eq(fdinfo(fd, "vrange-ranges:"), 1);
	expect_status(fd, 0, 8, 4, 4);
}
END_TEST

START_TEST(purging_before_mmap_is_reported)
{
	int fd = new_region(NULL, 4);

	ck_assert_int_eq(vrange_volatile(fd, 0, 2 * PG), 0);
	ck_assert_int_eq(vrange_purge(fd), 0);
	ck_assert_int_eq(vrange_nonvolatile(fd, 0, 4 * PG), 1);
}
END_TEST

START_TEST(shrinking_the_size_drops_ranges_beyond_it)
{
	int fd = new_region(NULL, 8);

	ck_assert_int_eq(vrange_volatile(fd, 2 * PG, 6 * PG), 0);
	ck_assert_int_eq(vrange_set_size(fd, 4 * PG), 0);
	expect_status(fd, 0, 4, 2, 0);
	ck_assert_int_eq(vrange_set_size(fd, 8 * PG), 0);
	expect_status(fd, 0, 8, 2, 0);
}
END_TEST

START_TEST(fdinfo_shows_the_region)
{
	int fd = new_region("fd info", 8);

	ck_assert_int_eq(vrange_volatile(fd, 0, 3 * PG), 0);
	ck_assert_int_eq(vrange_volatile(fd, 4 * PG, PG), 0);
	ck_assert_int_eq(vrange_purge(fd), 0);
	ck_assert_int_eq(vrange_volatile(fd, 6 * PG, PG), 0);
	ck_assert_int_eq(fdinfo(fd, "vrange-size:"), 8 * PG);
	ck_assert_int_eq(fdinfo(fd, "vrange-ranges:"), 3);
	ck_assert_int_eq(fdinfo(fd, "vrange-volatile-bytes:"), 5 * PG);
	ck_assert_int_eq(fdinfo(fd, "vrange-purged-bytes:"), 4 * PG);
	{
		char path[64], buf[2048];

		snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
		ck_assert_int_eq(read_file(path, buf, sizeof(buf)), 0);
		ck_assert_ptr_nonnull(strstr(buf, "vrange-name:\tfd\\040info\n"));
		ck_assert_ptr_nonnull(strstr(buf, "vrange-purge-mode:\tzerofill\n"));
	}
}
END_TEST

START_TEST(sysfs_counts_follow)
{
	long long regions = vrange_sysfs("regions");
	long long ranges = vrange_sysfs("ranges");
	long long volatile_bytes = vrange_sysfs("volatile_bytes");
	long long events = vrange_sysfs("purge_events");
	long long total = vrange_sysfs("purged_bytes_total");
	int fd = new_region(NULL, 8);

	ck_assert_int_eq(vrange_sysfs("regions"), regions + 1);
	ck_assert_int_eq(vrange_volatile(fd, 0, 2 * PG), 0);
	ck_assert_int_eq(vrange_volatile(fd, 4 * PG, 3 * PG), 0);
	ck_assert_int_eq(vrange_sysfs("ranges"), ranges + 2);
	ck_assert_int_eq(vrange_sysfs("volatile_bytes"), volatile_bytes + 5 * PG);
	ck_assert_int_eq(vrange_purge(fd), 0);
	ck_assert_int_eq(vrange_sysfs("purge_events"), events + 2);
	ck_assert_int_eq(vrange_sysfs("purged_bytes_total"), total + 5 * PG);
	ck_assert_int_ge(vrange_sysfs("purged_bytes"), 5 * PG);
	ck_assert_int_ge(vrange_sysfs("shrinker_scans"), 0);
	close(fd);
	ck_assert_int_eq(vrange_sysfs("regions"), regions);
	ck_assert_int_eq(vrange_sysfs("ranges"), ranges);
	ck_assert_int_eq(vrange_sysfs("volatile_bytes"), volatile_bytes);
}
END_TEST

/*
 * Under real pressure the shrinker takes the oldest ranges first. How much
 * it takes is printed, not asserted: reclaim counts only what it frees
 * from its LRUs, so the purge credits its pages to the reclaimer (without
 * that, a hog needing 5% more than was free purged every volatile page);
 * but when kswapd and a direct reclaimer contend for one region, the loser
 * still sees no progress and may escalate, so an overshoot remains
 * possible, and a figure that varies is a benchmark's, not a test's.
 */
START_TEST(shrinker_purges_oldest_ranges_first)
{
	struct chunked_cache cache;

	chunked_cache_fill(&cache, "reclaim");
	chunked_cache_squeeze(&cache);
	close(cache.fd);
}
END_TEST

Suite *test_suite(void)
{
	Suite *s = suite_create("semantics");
	TCase *tc = tcase_create("semantics");

	tcase_add_test(tc, fresh_pages_never_inherit_purged);
	tcase_add_test(tc, purged_pages_read_zero_and_the_rest_is_intact);
	tcase_add_test(tc, reads_and_writes_never_change_state);
	tcase_add_test(tc, written_volatile_pages_survive_when_not_purged);
	tcase_add_test(tc, purge_all_spares_nonvolatile_pages);
	tcase_add_test(tc, overlapping_marks_merge_adjacent_ones_do_not);
	tcase_add_test(tc, unmarking_the_middle_splits);
	tcase_add_test(tc, purged_ranges_split_a_fresh_mark);
	tcase_add_test(tc, touching_purged_ranges_coalesce);
	tcase_add_test(tc, purging_before_mmap_is_reported);
	tcase_add_test(tc, shrinking_the_size_drops_ranges_beyond_it);
	tcase_add_test(tc, fdinfo_shows_the_region);
	tcase_add_test(tc, sysfs_counts_follow);
	tcase_add_test(tc, shrinker_purges_oldest_ranges_first);
	suite_add_tcase(s, tc);
	return s;
}
