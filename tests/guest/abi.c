// SPDX-License-Identifier: GPL-2.0-only
/*
 * Every ioctl of /dev/vrange, and every class of bad input: each gets a
 * clear errno and leaves the region as it was.
 */
#include <fcntl.h>
#include <linux/capability.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "vrange_test.h"

/* ioctl() as -errno. */
static int xioctl(int fd, unsigned long req, void *arg)
{
	return ioctl(fd, req, arg) < 0 ? -errno : 0;
}

static int mark(int fd, uint64_t offset, uint64_t length)
{
	struct vrange_span span = { .offset = offset, .length = length };

	return xioctl(fd, VRANGE_VOLATILE, &span);
}

START_TEST(size_defaults_and_round_trip)
{
	int fd = open("/dev/vrange", O_RDWR);
	uint64_t size = 1;

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(vrange_get_size(fd, &size), 0);
	ck_assert_uint_eq(size, 0);
	ck_assert_int_eq(vrange_set_size(fd, 3 * PG + 1), 0);
	ck_assert_int_eq(vrange_get_size(fd, &size), 0);
	ck_assert_uint_eq(size, 3 * PG + 1);
	/* Resizing is fine until the first mmap. */
	ck_assert_int_eq(vrange_set_size(fd, 2 * PG), 0);
}
END_TEST

START_TEST(size_zero_or_huge_is_einval)
{
	int fd = open("/dev/vrange", O_RDWR);

	ck_assert_int_eq(vrange_set_size(fd, 0), -EINVAL);
	/* Page indexes are 32-bit: 2^32 pages is the limit. */
	ck_assert_int_eq(vrange_set_size(fd, (UINT64_C(1) << 32) * PG + 1), -EINVAL);
	ck_assert_int_eq(vrange_set_size(fd, UINT64_MAX), -EINVAL);
	ck_assert_int_eq(vrange_set_size(fd, (UINT64_C(1) << 32) * PG), 0);
}
END_TEST

START_TEST(size_and_name_frozen_by_mmap)
{
	int fd = new_region("before", 2);
	char name[VRANGE_NAME_LEN];

	map_region(fd, 2);
	ck_assert_int_eq(vrange_set_size(fd, 4 * PG), -EINVAL);
	ck_assert_int_eq(vrange_set_name(fd, "after"), -EINVAL);
	ck_assert_int_eq(vrange_get_name(fd, name, sizeof(name)), 0);
	ck_assert_str_eq(name, "before");
}
END_TEST

START_TEST(name_round_trip_and_limits)
{
	int fd = open("/dev/vrange", O_RDWR);
	char name[VRANGE_NAME_LEN], longest[VRANGE_NAME_LEN], raw[400];

	ck_assert_int_eq(vrange_get_name(fd, name, sizeof(name)), 0);
	ck_assert_str_eq(name, "");
	memset(longest, 'n', sizeof(longest) - 1);
	longest[sizeof(longest) - 1] = '\0';
	ck_assert_int_eq(vrange_set_name(fd, longest), 0);
	ck_assert_int_eq(vrange_get_name(fd, name, sizeof(name)), 0);
	ck_assert_str_eq(name, longest);
	ck_assert_int_eq(vrange_get_name(fd, name, 10), -ERANGE);

	/* 256 bytes before the NUL, straight to the kernel: not truncated. */
	memset(raw, 'x', sizeof(raw));
	raw[sizeof(raw) - 1] = '\0';
	ck_assert_int_eq(xioctl(fd, VRANGE_SET_NAME, raw), -ENAMETOOLONG);
	raw[VRANGE_NAME_LEN] = '\0';
	ck_assert_int_eq(xioctl(fd, VRANGE_SET_NAME, raw), -ENAMETOOLONG);
	ck_assert_int_eq(vrange_get_name(fd, name, sizeof(name)), 0);
	ck_assert_str_eq(name, longest);
}
END_TEST

START_TEST(name_shows_in_proc_maps)
{
	int fd = new_region("tile cache", 1);
	unsigned char *p = map_region(fd, 1);
	char maps[8192], want[64];

	p[0] = 1;
	ck_assert_int_eq(read_file("/proc/self/maps", maps, sizeof(maps)), 0);
	snprintf(want, sizeof(want), "%lx-", (unsigned long)p);
	ck_assert_ptr_nonnull(strstr(maps, want));
	ck_assert_msg(strstr(strstr(maps, want), "/dev/vrange/tile cache"),
		      "no /dev/vrange/tile cache in:\n%s", maps);
}
END_TEST

START_TEST(prot_mask_only_shrinks)
{
	int fd = new_region(NULL, 1);
	int prot;

	ck_assert_int_eq(vrange_get_prot_mask(fd, &prot), 0);
	ck_assert_int_eq(prot, PROT_READ | PROT_WRITE | PROT_EXEC);
	ck_assert_int_eq(vrange_set_prot_mask(fd, PROT_READ | PROT_WRITE), 0);
	ck_assert_int_eq(vrange_set_prot_mask(fd, PROT_READ | PROT_EXEC), -EINVAL);
	ck_assert_int_eq(vrange_set_prot_mask(fd, 0x10), -EINVAL);
	ck_assert_int_eq(vrange_set_prot_mask(fd, PROT_READ), 0);
	ck_assert_int_eq(vrange_get_prot_mask(fd, &prot), 0);
	ck_assert_int_eq(prot, PROT_READ);
}
END_TEST

START_TEST(prot_mask_binds_mmap_and_mprotect)
{
	int fd = new_region(NULL, 1);
	void *p = NULL;

	ck_assert_int_eq(vrange_set_prot_mask(fd, PROT_READ), 0);
	ck_assert_int_eq(vrange_map(fd, 0, PG, PROT_READ | PROT_WRITE, &p), -EPERM);
	ck_assert_int_eq(vrange_map(fd, 0, PG, PROT_READ | PROT_EXEC, &p), -EPERM);
	ck_assert_int_eq(vrange_map(fd, 0, PG, PROT_READ, &p), 0);
	ck_assert_int_eq(mprotect(p, PG, PROT_READ | PROT_WRITE), -1);
	ck_assert_int_eq(errno, EACCES);
	ck_assert_int_eq(mprotect(p, PG, PROT_READ | PROT_EXEC), -1);
	ck_assert_int_eq(errno, EACCES);
	ck_assert_int_eq(mprotect(p, PG, PROT_NONE), 0);
	ck_assert_int_eq(mprotect(p, PG, PROT_READ), 0);
}
END_TEST

START_TEST(purge_mode_round_trip)
{
	int fd = new_region(NULL, 1);
	unsigned int mode = 99;

	ck_assert_int_eq(vrange_get_purge_mode(fd, &mode), 0);
	ck_assert_uint_eq(mode, VRANGE_ZEROFILL);
	ck_assert_int_eq(vrange_set_purge_mode(fd, VRANGE_SIGBUS), 0);
	ck_assert_int_eq(vrange_get_purge_mode(fd, &mode), 0);
	ck_assert_uint_eq(mode, VRANGE_SIGBUS);
	ck_assert_int_eq(vrange_set_purge_mode(fd, 2), -EINVAL);
	ck_assert_int_eq(vrange_set_purge_mode(fd, UINT32_MAX), -EINVAL);
	ck_assert_int_eq(vrange_get_purge_mode(fd, &mode), 0);
	ck_assert_uint_eq(mode, VRANGE_SIGBUS);
	ck_assert_int_eq(vrange_set_purge_mode(fd, VRANGE_ZEROFILL), 0);
}
END_TEST

START_TEST(mmap_rules)
{
	int fd = open("/dev/vrange", O_RDWR);
	void *p;

	/* No size yet. */
	p = mmap(NULL, PG, PROT_READ, MAP_SHARED, fd, 0);
	ck_assert(p == MAP_FAILED && errno == EINVAL);
	ck_assert_int_eq(vrange_set_size(fd, 2 * PG + 1), 0);
	/* Copy-on-write pages would escape purging. */
	p = mmap(NULL, PG, PROT_READ, MAP_PRIVATE, fd, 0);
	ck_assert(p == MAP_FAILED && errno == EINVAL);
	/* Beyond the page-rounded size, by length or by offset. */
	p = mmap(NULL, 4 * PG, PROT_READ, MAP_SHARED, fd, 0);
	ck_assert(p == MAP_FAILED && errno == EINVAL);
	p = mmap(NULL, PG, PROT_READ, MAP_SHARED, fd, 3 * PG);
	ck_assert(p == MAP_FAILED && errno == EINVAL);
	p = mmap(NULL, 2 * PG, PROT_READ, MAP_SHARED, fd, 2 * PG);
	ck_assert(p == MAP_FAILED && errno == EINVAL);
	/* The last, partial page belongs to the region. */
	p = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 2 * PG);
	ck_assert(p != MAP_FAILED);
	((char *)p)[PG - 1] = 7;
	ck_assert_int_eq(((char *)p)[PG - 1], 7);
}
END_TEST

START_TEST(bad_spans_are_einval)
{
	int fd = new_region(NULL, 4);
	uint64_t v, pu;

	ck_assert_int_eq(vrange_volatile(fd, 1, PG), -EINVAL);
	ck_assert_int_eq(vrange_volatile(fd, 0, PG - 1), -EINVAL);
	ck_assert_int_eq(vrange_volatile(fd, 0, 0), -EINVAL);
	ck_assert_int_eq(vrange_volatile(fd, UINT64_MAX - PG + 1, 2 * PG), -EINVAL);
	ck_assert_int_eq(vrange_volatile(fd, 4 * PG, PG), -EINVAL);
	ck_assert_int_eq(vrange_volatile(fd, 0, 5 * PG), -EINVAL);
	ck_assert_int_eq(vrange_nonvolatile(fd, PG / 2, PG), -EINVAL);
	ck_assert_int_eq(vrange_nonvolatile(fd, 0, 0), -EINVAL);
	ck_assert_int_eq(vrange_nonvolatile(fd, UINT64_MAX - PG + 1, PG), -EINVAL);
	ck_assert_int_eq(vrange_status(fd, 0, 5 * PG, &v, &pu), -EINVAL);
	ck_assert_int_eq(vrange_status(fd, 0, 3, &v, &pu), -EINVAL);
	/* Nothing was marked by any of that. */
	ck_assert_int_eq(vrange_status(fd, 0, 4 * PG, &v, &pu), 0);
	ck_assert_uint_eq(v, 0);
}
END_TEST

START_TEST(marking_needs_a_size)
{
	int fd = open("/dev/vrange", O_RDWR);

	ck_assert_int_eq(vrange_volatile(fd, 0, PG), -EINVAL);
	ck_assert_int_eq(vrange_nonvolatile(fd, 0, PG), -EINVAL);
	ck_assert_int_eq(vrange_set_size(fd, PG + 1), 0);
	/* Marking is allowed before mmap, on the page-rounded size. */
	ck_assert_int_eq(vrange_volatile(fd, 0, 2 * PG), 0);
	ck_assert_int_eq(vrange_nonvolatile(fd, 0, 2 * PG), 0);
}
END_TEST

START_TEST(nonzero_flags_and_reserved_are_einval)
{
	int fd = new_region(NULL, 2);
	struct vrange_span span = { .offset = 0, .length = PG };
	struct vrange_unmark unmark = { .offset = 0, .length = PG };
	struct vrange_status status = { .offset = 0, .length = PG };

	span.flags = 1;
	ck_assert_int_eq(xioctl(fd, VRANGE_VOLATILE, &span), -EINVAL);
	span.flags = 0;
	span.reserved = 1;
	ck_assert_int_eq(xioctl(fd, VRANGE_VOLATILE, &span), -EINVAL);
	unmark.flags = 0x80000000u;
	ck_assert_int_eq(xioctl(fd, VRANGE_NONVOLATILE, &unmark), -EINVAL);
	status.flags = 1;
	ck_assert_int_eq(xioctl(fd, VRANGE_STATUS, &status), -EINVAL);
	status.flags = 0;
	status.reserved = 2;
	ck_assert_int_eq(xioctl(fd, VRANGE_STATUS, &status), -EINVAL);
	status.reserved = 0;
	ck_assert_int_eq(xioctl(fd, VRANGE_STATUS, &status), 0);
	ck_assert_uint_eq(status.volatile_bytes, 0);
}
END_TEST

START_TEST(unknown_ioctls_are_enotty)
{
	int fd = new_region(NULL, 1);
	uint32_t small = 0;
	char big[64] = "";

	ck_assert_int_eq(xioctl(fd, _IO(VRANGE_IOCTL_MAGIC, 0), NULL), -ENOTTY);
	ck_assert_int_eq(xioctl(fd, _IO(VRANGE_IOCTL_MAGIC, 14), NULL), -ENOTTY);
	ck_assert_int_eq(xioctl(fd, _IO(VRANGE_IOCTL_MAGIC, 0xff), NULL), -ENOTTY);
	/* The right number with the wrong size or direction is another ioctl. */
	ck_assert_int_eq(xioctl(fd, _IOW(VRANGE_IOCTL_MAGIC, 1, uint32_t), &small), -ENOTTY);
	ck_assert_int_eq(xioctl(fd, _IOR(VRANGE_IOCTL_MAGIC, 9, char[64]), big), -ENOTTY);
	ck_assert_int_eq(xioctl(fd, _IO('V', 1), NULL), -ENOTTY);
}
END_TEST

START_TEST(bad_pointers_are_efault)
{
	int fd = new_region(NULL, 2);
	struct vrange_status *ro = mmap(NULL, PG, PROT_READ | PROT_WRITE,
					MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	void *bad[] = { NULL, KERNEL_PTR, (void *)1, ro };
	unsigned long ptr_reqs[] = {
		VRANGE_SET_SIZE, VRANGE_GET_SIZE, VRANGE_SET_NAME,
		VRANGE_GET_NAME, VRANGE_SET_PROT_MASK, VRANGE_GET_PROT_MASK,
		VRANGE_SET_PURGE_MODE, VRANGE_GET_PURGE_MODE, VRANGE_VOLATILE,
		VRANGE_NONVOLATILE, VRANGE_STATUS,
	};
	size_t i, j;
	uint64_t v, pu;

	ck_assert(ro != MAP_FAILED);
	/* A valid span, so that only writing the answer back can fail. */
	ro->offset = 0;
	ro->length = PG;
	ck_assert_int_eq(mprotect(ro, PG, PROT_READ), 0);
	for (i = 0; i < sizeof(ptr_reqs) / sizeof(ptr_reqs[0]); i++) {
		/* Only requests that write back can fail on read-only memory. */
		int writes = _IOC_DIR(ptr_reqs[i]) & _IOC_READ;

		for (j = 0; j < sizeof(bad) / sizeof(bad[0]); j++) {
			int ret;

			if (bad[j] == (void *)ro && !writes)
				continue;
			ret = xioctl(fd, ptr_reqs[i], bad[j]);
			ck_assert_msg(ret == -EFAULT, "request %#lx, pointer %p: %d",
				      ptr_reqs[i], bad[j], ret);
		}
	}
	/* None of it changed the region. */
	ck_assert_int_eq(vrange_get_size(fd, &v), 0);
	ck_assert_uint_eq(v, 2 * PG);
	ck_assert_int_eq(vrange_status(fd, 0, 2 * PG, &v, &pu), 0);
	ck_assert_uint_eq(v, 0);
}
END_TEST

START_TEST(nonvolatile_to_readonly_memory_changes_nothing)
{
	int fd = new_region(NULL, 2);
	struct vrange_unmark *ro;
	uint64_t v, pu;

	ro = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ck_assert(ro != MAP_FAILED);
	ro->offset = 0;
	ro->length = PG;
	ck_assert_int_eq(mprotect(ro, PG, PROT_READ), 0);
	ck_assert_int_eq(vrange_volatile(fd, 0, PG), 0);
	/* The answer could not be delivered: the range must stay volatile. */
	ck_assert_int_eq(xioctl(fd, VRANGE_NONVOLATILE, ro), -EFAULT);
	ck_assert_int_eq(vrange_status(fd, 0, PG, &v, &pu), 0);
	ck_assert_uint_eq(v, PG);
}
END_TEST

struct toggler {
	void *page;
	int toggle, stop;
	unsigned long rounds;	/* loops done; each leaves the page writable */
};

/* While asked to, flip @page between read-only and writable, endlessly. */
static void *toggle_protection(void *arg)
{
	struct toggler *t = arg;

	while (!__atomic_load_n(&t->stop, __ATOMIC_ACQUIRE)) {
		if (__atomic_load_n(&t->toggle, __ATOMIC_ACQUIRE)) {
			mprotect(t->page, PG, PROT_READ);
			mprotect(t->page, PG, PROT_READ | PROT_WRITE);
		}
		__atomic_add_fetch(&t->rounds, 1, __ATOMIC_RELEASE);
	}
	return NULL;
}

/*
 * Regression: NONVOLATILE wrote its answer after unmarking, so a caller
 * whose argument stopped being writable in between (a sibling thread's
 * mprotect, or fork() making it copy-on-write while no page could be
 * allocated: the stress test's find) got -EFAULT for a span that was by
 * then non-volatile, and the answer "purged" was lost for good: asking
 * again says 0. Now -EFAULT means nothing changed, and success means the
 * answer is in the argument.
 */
START_TEST(nonvolatile_answer_is_never_lost_to_a_racing_mprotect)
{
	const size_t pages = 256;
	unsigned int i, failed = 0, done = 0;
	struct toggler t = { 0 };
	struct vrange_unmark *u;
	unsigned long rounds;
	pthread_t thread;
	uint64_t v, p;
	size_t page;
	int fd, ret;

	fd = new_region("answer", pages);
	t.page = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ck_assert(t.page != MAP_FAILED);
	u = t.page;
	ck_assert_int_eq(pthread_create(&thread, NULL, toggle_protection, &t), 0);
	for (i = 0; i < 200; i++) {
		for (page = 0; page < pages; page += 2)
			ck_assert_int_eq(vrange_volatile(fd, page * PG, PG), 0);
		ck_assert_int_eq(vrange_purge(fd), 0);
		*u = (struct vrange_unmark){ .offset = 0, .length = pages * PG };
		__atomic_store_n(&t.toggle, 1, __ATOMIC_RELEASE);
		ret = ioctl(fd, VRANGE_NONVOLATILE, u) ? -errno : 0;
		__atomic_store_n(&t.toggle, 0, __ATOMIC_RELEASE);
		/* The loop under way ends writable; the next one leaves it so. */
		rounds = __atomic_load_n(&t.rounds, __ATOMIC_ACQUIRE);
		while (__atomic_load_n(&t.rounds, __ATOMIC_ACQUIRE) < rounds + 2)
			;
		ck_assert_int_eq(vrange_status(fd, 0, pages * PG, &v, &p), 0);
		if (ret) {
			failed++;
			ck_assert_int_eq(ret, -EFAULT);
			ck_assert_msg(v == pages / 2 * PG && p == v,
				      "try %u: NONVOLATILE said -EFAULT, but %llu bytes are volatile now, not %zu",
				      i, (unsigned long long)v, pages / 2 * PG);
		} else {
			done++;
			ck_assert_uint_eq(u->purged, 1);
			ck_assert_uint_eq(v, 0);
		}
		ck_assert_int_eq(vrange_nonvolatile(fd, 0, pages * PG), ret ? 1 : 0);
	}
	__atomic_store_n(&t.stop, 1, __ATOMIC_RELEASE);
	pthread_join(thread, NULL);
	close(fd);
	fprintf(stderr, "%u unmarks answered, %u refused with nothing changed\n", done, failed);
	ck_assert_uint_gt(done, 0);
}
END_TEST

START_TEST(purge_all_needs_cap_sys_admin)
{
	int fd = new_region(NULL, 1);
	int status;
	pid_t pid;

	ck_assert_int_eq(vrange_purge_all(fd), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		if (drop_sys_admin())
			_exit(2);
		if (vrange_purge_all(fd) != -EPERM)
			_exit(3);
		/* Purging one's own region needs no privilege. */
		_exit(vrange_purge(fd) == 0 ? 0 : 4);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 0);
}
END_TEST

START_TEST(every_ioctl_works)
{
	int fd = new_region("all", 4);
	uint64_t v = 0, pu = 0;

	ck_assert_int_eq(mark(fd, 0, 2 * PG), 0);
	ck_assert_int_eq(vrange_status(fd, 0, 4 * PG, &v, &pu), 0);
	ck_assert_uint_eq(v, 2 * PG);
	ck_assert_uint_eq(pu, 0);
	ck_assert_int_eq(vrange_purge(fd), 0);
	ck_assert_int_eq(vrange_status(fd, 0, 4 * PG, &v, &pu), 0);
	ck_assert_uint_eq(pu, 2 * PG);
	ck_assert_int_eq(vrange_nonvolatile(fd, 0, PG), 1);
	ck_assert_int_eq(vrange_nonvolatile(fd, 2 * PG, 2 * PG), 0);
	ck_assert_int_eq(vrange_status(fd, 0, 4 * PG, &v, &pu), 0);
	ck_assert_uint_eq(v, PG);
	ck_assert_uint_eq(pu, PG);
}
END_TEST

Suite *test_suite(void)
{
	Suite *s = suite_create("abi");
	TCase *tc = tcase_create("abi");

	tcase_add_test(tc, size_defaults_and_round_trip);
	tcase_add_test(tc, size_zero_or_huge_is_einval);
	tcase_add_test(tc, size_and_name_frozen_by_mmap);
	tcase_add_test(tc, name_round_trip_and_limits);
	tcase_add_test(tc, name_shows_in_proc_maps);
	tcase_add_test(tc, prot_mask_only_shrinks);
	tcase_add_test(tc, prot_mask_binds_mmap_and_mprotect);
	tcase_add_test(tc, purge_mode_round_trip);
	tcase_add_test(tc, mmap_rules);
	tcase_add_test(tc, bad_spans_are_einval);
	tcase_add_test(tc, marking_needs_a_size);
	tcase_add_test(tc, nonzero_flags_and_reserved_are_einval);
	tcase_add_test(tc, unknown_ioctls_are_enotty);
	tcase_add_test(tc, bad_pointers_are_efault);
	tcase_add_test(tc, nonvolatile_answer_is_never_lost_to_a_racing_mprotect);
	tcase_add_test(tc, nonvolatile_to_readonly_memory_changes_nothing);
	tcase_add_test(tc, purge_all_needs_cap_sys_admin);
	tcase_add_test(tc, every_ioctl_works);
	suite_add_tcase(s, tc);
	return s;
}
