// SPDX-License-Identifier: GPL-2.0-only
/*
 * Every allocation failure, one at a time. For each operation below, the
 * N-th allocation of the calling thread is made to fail (fail-nth, see
 * inject.h), for N = 1, 2, ... until the operation no longer makes N
 * allocations. Each time, the operation must either succeed exactly as it
 * does without injection (same answer, same per-page state: the failure
 * was absorbed) or fail with -ENOMEM having changed nothing, and leak
 * nothing either way (kmemleak, at teardown).
 *
 * Per-page state is written as a string: '.' non-volatile, 'v' volatile
 * and intact, 'p' volatile and purged. "After" is what the operation does
 * without injection, measured first, so this suite tests failure paths,
 * not semantics (the model and semantics suites do those).
 *
 * Fault injection exists on the debug kernel only; elsewhere the suite
 * proves that this kernel really has none, rather than skipping quietly.
 */
#include <fcntl.h>
#include <linux/ashmem.h>
#include <sys/ioctl.h>

#include "inject.h"
#include "vrange_test.h"

#define PAGES		8
#define MAX_NTH		5000

struct fx {
	int fd;
	unsigned char *mem;	/* the region mapped, or NULL */
};

/* Failures injected by this test (each runs in a process of its own). */
static unsigned long injected_total;

static void report(void)
{
	fprintf(stderr, "%lu allocation failures injected\n", injected_total);
}

/* Fail this thread's @n-th allocation from now on. */
static void fail_nth(unsigned int n)
{
	ck_assert_int_eq(inject_nth(n), 0);
}

/* Whether the failure fail_nth() asked for happened (then counted), or not. */
static int nth_failed(void)
{
	int injected = inject_nth_done();

	ck_assert_int_ge(injected, 0);
	injected_total += injected;
	return injected;
}

/* The region's per-page state, as a string of PAGES characters. */
static void state_of(int fd, char *s)
{
	uint64_t v, p;
	size_t i;

	for (i = 0; i < PAGES; i++) {
		ck_assert_int_eq(vrange_status(fd, i * PG, PG, &v, &p), 0);
		s[i] = p ? 'p' : v ? 'v' : '.';
	}
	s[PAGES] = '\0';
}

/* Mark each run of @c in @pattern volatile, one range per run. */
static void mark_runs(int fd, const char *pattern, char c)
{
	size_t i = 0, j;

	while (i < PAGES) {
		for (; i < PAGES && pattern[i] != c; i++)
			;
		for (j = i; j < PAGES && pattern[j] == c; j++)
			;
		if (j > i)
			ck_assert_int_eq(vrange_volatile(fd, i * PG, (j - i) * PG), 0);
		i = j;
	}
}

/* A mapped region of PAGES written pages in the state @pattern. */
static void region_in(struct fx *x, const char *pattern)
{
	char now[PAGES + 1];

	x->fd = new_region("faults", PAGES);
	x->mem = map_region(x->fd, PAGES);
	memset(x->mem, 0x5a, PAGES * PG);
	mark_runs(x->fd, pattern, 'p');
	ck_assert_int_eq(vrange_purge(x->fd), 0);
	mark_runs(x->fd, pattern, 'v');
	state_of(x->fd, now);
	ck_assert_str_eq(now, pattern);
}

static void fx_close(struct fx *x)
{
	if (x->mem)
		munmap(x->mem, PAGES * PG);
	if (x->fd >= 0)
		close(x->fd);
	x->mem = NULL;
	x->fd = -1;
}

/*
 * Sweep one marking operation: from @before, @op must give what it gives
 * without injection, or -ENOMEM and @before.
 */
static void sweep_marking(const char *before, long (*op)(struct fx *x))
{
	char want[PAGES + 1], now[PAGES + 1];
	long ref, ret;
	unsigned int n;
	int injected = 1;
	struct fx x;

	region_in(&x, before);
	ref = op(&x);
	state_of(x.fd, want);
	fx_close(&x);
	for (n = 1; injected && n < MAX_NTH; n++) {
		region_in(&x, before);
		fail_nth(n);
		ret = op(&x);
		injected = nth_failed();
		state_of(x.fd, now);
		ck_assert_msg((ret == ref && !strcmp(now, want)) ||
			      (ret == -ENOMEM && !strcmp(now, before)),
			      "allocation %u failed: answer %ld, state %s; want %ld and %s, or -ENOMEM and %s",
			      n, ret, now, ref, want, before);
		fx_close(&x);
	}
	ck_assert_msg(!injected, "still allocating after %u failures", MAX_NTH);
}

static long volatile_merging(struct fx *x)
{
	return vrange_volatile(x->fd, 3 * PG, 4 * PG);
}

static long volatile_new_range(struct fx *x)
{
	return vrange_volatile(x->fd, 2 * PG, 2 * PG);
}

static long nonvolatile_middle(struct fx *x)
{
	return vrange_nonvolatile(x->fd, 3 * PG, 2 * PG);
}

static long purge_region(struct fx *x)
{
	return vrange_purge(x->fd);
}

START_TEST(marking_fails_cleanly_at_every_allocation)
{
	sweep_marking("..vv..vv", volatile_merging);
	sweep_marking("........", volatile_new_range);
	sweep_marking("pppp....", volatile_new_range);
	sweep_marking("vvvvvvvv", nonvolatile_middle);
	sweep_marking("pppppppp", nonvolatile_middle);
	sweep_marking("vv..pp.v", purge_region);
}
END_TEST

START_TEST(creating_a_region_fails_cleanly_at_every_allocation)
{
	long long regions = sysfs_value("regions");
	char name[VRANGE_NAME_LEN];
	int injected = 1, fd;
	uint64_t size;
	unsigned int n;

	for (n = 1; injected && n < MAX_NTH; n++) {
		fail_nth(n);
		fd = vrange_create("fault", PAGES * PG);
		injected = nth_failed();
		ck_assert_msg(fd >= 0 || fd == -ENOMEM, "allocation %u failed: %d", n, fd);
		if (fd >= 0) {
			ck_assert_int_eq(vrange_get_size(fd, &size), 0);
			ck_assert_uint_eq(size, PAGES * PG);
			ck_assert_int_eq(vrange_get_name(fd, name, sizeof(name)), 0);
			ck_assert_str_eq(name, "fault");
			close(fd);
		}
		ck_assert_int_eq(sysfs_value("regions"), regions);
	}
	ck_assert(!injected);
}
END_TEST

/*
 * The first mmap of a region creates its shmem backing. Regression: when
 * shmem could not allocate the inode, mmap() failed with -ENOSPC, as if a
 * disk were full; it is -ENOMEM now.
 */
START_TEST(first_mmap_allocation_failures_are_enomem_not_enospc)
{
	int injected = 1, ret;
	unsigned int n;
	struct fx x;
	void *addr;

	for (n = 1; injected && n < MAX_NTH; n++) {
		x.fd = new_region("fault", PAGES);
		x.mem = NULL;
		fail_nth(n);
		ret = vrange_map(x.fd, 0, PAGES * PG, PROT_READ | PROT_WRITE, &addr);
		injected = nth_failed();
		ck_assert_msg(ret == 0 || ret == -ENOMEM, "allocation %u failed: mmap %d", n, ret);
		if (ret)	/* nothing half-made: the next mmap works */
			ck_assert_int_eq(vrange_map(x.fd, 0, PAGES * PG,
						    PROT_READ | PROT_WRITE, &addr), 0);
		x.mem = addr;
		memset(x.mem, 0x33, PAGES * PG);
		ck_assert_uint_eq(x.mem[PAGES * PG - 1], 0x33);
		fx_close(&x);
	}
	ck_assert(!injected);
}
END_TEST

/* A failed fault is retried; what is written is there, in either mode. */
START_TEST(first_touch_survives_every_allocation_failure)
{
	unsigned int n, mode = (unsigned int)_i;
	char now[PAGES + 1];
	int injected = 1;
	struct fx x;

	for (n = 1; injected && n < MAX_NTH; n++) {
		x.fd = new_region("fault", PAGES);
		ck_assert_int_eq(vrange_set_purge_mode(x.fd, mode), 0);
		x.mem = map_region(x.fd, PAGES);
		fail_nth(n);
		memset(x.mem, 0x77, PAGES * PG);
		injected = nth_failed();
		ck_assert_uint_eq(x.mem[0], 0x77);
		ck_assert_uint_eq(x.mem[PAGES * PG - 1], 0x77);
		state_of(x.fd, now);
		ck_assert_str_eq(now, "........");
		fx_close(&x);
	}
	ck_assert(!injected);
}
END_TEST

static long aioctl(int fd, unsigned long req, unsigned long arg)
{
	long ret = ioctl(fd, req, arg);

	return ret < 0 ? -errno : ret;
}

/* ashmem's UNPIN allocates a range; PIN in its middle splits it. */
START_TEST(ashmem_pinning_fails_cleanly_at_every_allocation)
{
	struct ashmem_pin mid = { .offset = 3 * PG, .len = 2 * PG };
	struct ashmem_pin all = { .offset = 0, .len = 0 };
	unsigned int n, step;
	int injected = 1, fd;
	long ret, status;
	void *addr;

	for (step = 0; step < 2; step++) {
		for (n = 1, injected = 1; injected && n < MAX_NTH; n++) {
			fd = open("/dev/ashmem", O_RDWR | O_CLOEXEC);
			ck_assert_int_ge(fd, 0);
			ck_assert_int_eq(aioctl(fd, ASHMEM_SET_SIZE, PAGES * PG), 0);
			addr = mmap(NULL, PAGES * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
			ck_assert(addr != MAP_FAILED);
			if (step)
				ck_assert_int_eq(aioctl(fd, ASHMEM_UNPIN, (unsigned long)&all), 0);
			fail_nth(n);
			ret = aioctl(fd, step ? ASHMEM_PIN : ASHMEM_UNPIN, (unsigned long)&mid);
			injected = nth_failed();
			ck_assert_msg(ret == 0 || ret == -ENOMEM, "%s, allocation %u: %ld",
				      step ? "PIN" : "UNPIN", n, ret);
			status = aioctl(fd, ASHMEM_GET_PIN_STATUS, (unsigned long)&mid);
			/* Done, the middle is what was asked; failed, what it was. */
			ck_assert_int_eq(status, (ret == 0) == (step == 1) ?
					 ASHMEM_IS_PINNED : ASHMEM_IS_UNPINNED);
			munmap(addr, PAGES * PG);
			close(fd);
		}
		ck_assert(!injected);
	}
}
END_TEST

START_TEST(this_kernel_has_no_fault_injection)
{
	const char *debug = getenv("KERNEL_DEBUG");

	ck_assert_msg(!debug || strcmp(debug, "1"),
		      "the debug kernel must have fault injection (CONFIG_FAULT_INJECTION)");
	ck_assert_int_ne(access("/proc/thread-self/fail-nth", F_OK), 0);
}
END_TEST

Suite *test_suite(void)
{
	Suite *s = suite_create("faults");
	TCase *tc = tcase_create("faults");

	tcase_set_timeout(tc, 1800);
	if (access("/proc/thread-self/fail-nth", F_OK) || inject_setup(0)) {
		tcase_add_test(tc, this_kernel_has_no_fault_injection);
	} else {
		tcase_add_checked_fixture(tc, NULL, report);
		tcase_add_test(tc, marking_fails_cleanly_at_every_allocation);
		tcase_add_test(tc, creating_a_region_fails_cleanly_at_every_allocation);
		tcase_add_test(tc, first_mmap_allocation_failures_are_enomem_not_enospc);
		tcase_add_loop_test(tc, first_touch_survives_every_allocation_failure,
				    VRANGE_ZEROFILL, VRANGE_SIGBUS + 1);
		tcase_add_test(tc, ashmem_pinning_fails_cleanly_at_every_allocation);
	}
	suite_add_tcase(s, tc);
	return s;
}
