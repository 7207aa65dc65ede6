// SPDX-License-Identifier: GPL-2.0-only
/*
 * SIGBUS purge mode (DESIGN.md section 5): touching a purged, still
 * volatile page raises SIGBUS at its address; system calls get -EFAULT;
 * the mode can change either way at any time; the optimistic-refill helper
 * of libvrange works end to end; and a fault racing a purge never maps a
 * fresh zero page where data or a SIGBUS belongs.
 */
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>

#include "vrange_test.h"

/* Where the last caught SIGBUS pointed, and how far to jump back. */
/* volatile: set and cleared around a single access, or the set is dead. */
static __thread sigjmp_buf *volatile catch_point;
static __thread void *volatile caught_addr;
static __thread volatile int caught_code;

static void catch_sigbus(int sig, siginfo_t *info, void *context)
{
	(void)sig;
	(void)context;
	caught_addr = info->si_addr;
	caught_code = info->si_code;
	if (catch_point)
		siglongjmp(*catch_point, 1);
	_exit(99);
}

static void install_catcher(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = catch_sigbus;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	ck_assert_int_eq(sigaction(SIGBUS, &sa, NULL), 0);
}

/* Read a byte; 1 if that raised SIGBUS instead. */
static int read_faults(volatile unsigned char *p, unsigned char *value)
{
	sigjmp_buf here;

	if (sigsetjmp(here, 1)) {
		catch_point = NULL;
		return 1;
	}
	catch_point = &here;
	*value = *p;
	catch_point = NULL;
	return 0;
}

/* A SIGBUS-mode region of @pages, filled, with [first, +count) purged. */
static int purged_region(size_t pages, size_t first, size_t count,
			 unsigned char **mem)
{
	int fd = new_region("sigbus", pages);
	size_t i;

	ck_assert_int_eq(vrange_set_purge_mode(fd, VRANGE_SIGBUS), 0);
	*mem = map_region(fd, pages);
	for (i = 0; i < pages; i++)
		fill_page(*mem, i, 1);
	ck_assert_int_eq(vrange_volatile(fd, first * PG, count * PG), 0);
	ck_assert_int_eq(vrange_purge(fd), 0);
	return fd;
}

START_TEST(touching_a_purged_page_raises_sigbus)
{
	unsigned char *mem;

	purged_region(4, 2, 1, &mem);
	/* Dies here, of SIGBUS: the test expects exactly that. */
	*(volatile unsigned char *)(mem + 2 * PG + 5) = 1;
}
END_TEST

START_TEST(sigbus_carries_the_faulting_address)
{
	unsigned char *mem, v;

	purged_region(4, 2, 2, &mem);
	install_catcher();
	ck_assert_int_eq(read_faults(mem + 3 * PG + 123, &v), 1);
	ck_assert_ptr_eq(caught_addr, mem + 3 * PG + 123);
	ck_assert_int_eq(caught_code, BUS_ADRERR);
	/* Non-volatile neighbours are untouched and fault in normally. */
	ck_assert_int_eq(read_faults(mem + PG, &v), 0);
	ck_assert(page_has_pattern(mem, 1, 1));
}
END_TEST

START_TEST(volatile_intact_pages_work_in_sigbus_mode)
{
	int fd = new_region(NULL, 2);
	unsigned char *mem = map_region(fd, 2);

	ck_assert_int_eq(vrange_set_purge_mode(fd, VRANGE_SIGBUS), 0);
	ck_assert_int_eq(vrange_volatile(fd, 0, 2 * PG), 0);
	fill_page(mem, 0, 2);
	ck_assert(page_has_pattern(mem, 0, 2));
	ck_assert_int_eq(vrange_nonvolatile(fd, 0, 2 * PG), 0);
}
END_TEST

START_TEST(system_calls_get_efault)
{
	int fd, zero, pipes[2];
	unsigned char *mem;

	fd = purged_region(4, 1, 2, &mem);
	ck_assert_int_eq(pipe(pipes), 0);
	/* write(2) from a purged page, read(2) into one. */
	ck_assert_int_eq(write(pipes[1], mem + PG, PG), -1);
	ck_assert_int_eq(errno, EFAULT);
	zero = open("/dev/zero", O_RDONLY);
	ck_assert_int_ge(zero, 0);
	ck_assert_int_eq(read(zero, mem + 2 * PG, PG), -1);
	ck_assert_int_eq(errno, EFAULT);
	/* The region's own state is unchanged by it. */
	ck_assert_int_eq(vrange_nonvolatile(fd, PG, 2 * PG), 1);
	ck_assert_int_eq(read(zero, mem + 2 * PG, PG), PG);
}
END_TEST

START_TEST(faults_succeed_once_nonvolatile)
{
	unsigned char *mem, v = 1;
	int fd = purged_region(4, 0, 4, &mem);

	install_catcher();
	ck_assert_int_eq(vrange_nonvolatile(fd, 0, 2 * PG), 1);
	ck_assert_int_eq(read_faults(mem, &v), 0);
	ck_assert_int_eq(v, 0);
	ck_assert_int_eq(read_faults(mem + 2 * PG, &v), 1);
}
END_TEST

START_TEST(mode_switches_both_ways)
{
	unsigned char *mem, v = 1;
	int fd = purged_region(2, 0, 1, &mem);

	install_catcher();
	ck_assert_int_eq(read_faults(mem, &v), 1);
	ck_assert_int_eq(vrange_set_purge_mode(fd, VRANGE_ZEROFILL), 0);
	ck_assert_int_eq(read_faults(mem, &v), 0);
	ck_assert_int_eq(v, 0);
	mem[0] = 42;	/* zero-fill lets a purged page be written */
	ck_assert_int_eq(vrange_set_purge_mode(fd, VRANGE_SIGBUS), 0);
	/* Back in SIGBUS mode, every purged page faults again. */
	ck_assert_int_eq(read_faults(mem, &v), 1);
	ck_assert_int_eq(vrange_set_purge_mode(fd, VRANGE_ZEROFILL), 0);
	ck_assert_int_eq(read_faults(mem, &v), 0);
	ck_assert_int_eq(v, 0);
	ck_assert_int_eq(vrange_nonvolatile(fd, 0, PG), 1);
}
END_TEST

START_TEST(sigbus_in_a_forked_childs_mapping)
{
	unsigned char *mem;
	int fd = new_region(NULL, 2), status;
	pid_t pid;

	ck_assert_int_eq(vrange_set_purge_mode(fd, VRANGE_SIGBUS), 0);
	mem = map_region(fd, 2);
	fill_page(mem, 0, 3);
	ck_assert_int_eq(vrange_volatile(fd, 0, PG), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		uint64_t v, purged = 0;

		/* Wait until the parent purged, then touch. */
		while (!vrange_status(fd, 0, PG, &v, &purged) && !purged)
			usleep(1000);
		_exit(*(volatile unsigned char *)mem);
	}
	ck_assert_int_eq(vrange_purge(fd), 0);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFSIGNALED(status) && WTERMSIG(status) == SIGBUS,
		      "child status %#x", status);
}
END_TEST

/* The refill helper: counts refills and writes the pattern back. */
static atomic_int refills;

static void refill_tiles(void *addr, size_t length, void *arg)
{
	unsigned char *base = arg, *p = addr;
	size_t i;

	atomic_fetch_add(&refills, 1);
	for (i = 0; i < length / PG; i++)
		fill_page(base, (size_t)(p - base) / PG + i, 7);
}

START_TEST(refill_helper_end_to_end)
{
	unsigned char *mem;
	uint64_t v, p;
	size_t i;
	int fd = purged_region(8, 0, 8, &mem);

	ck_assert_int_eq(vrange_refill_register(fd, mem, 8 * PG, 0, 2 * PG,
						refill_tiles, mem), 0);
	/* Plain reads: each purged two-page span is refilled on first touch. */
	for (i = 0; i < 8; i++)
		ck_assert_msg(page_has_pattern(mem, i, 7), "page %zu", i);
	ck_assert_int_eq(atomic_load(&refills), 4);
	ck_assert_int_eq(vrange_status(fd, 0, 8 * PG, &v, &p), 0);
	ck_assert_uint_eq(v, 0);
	ck_assert_int_eq(vrange_refill_unregister(mem), 0);
	ck_assert_int_eq(vrange_refill_unregister(mem), -ENOENT);
	ck_assert_int_eq(vrange_refill_register(fd, mem + 1, PG, 0, PG, refill_tiles, mem),
			 -EINVAL);
}
END_TEST

START_TEST(refill_helper_leaves_other_sigbus_to_the_previous_handler)
{
	unsigned char *registered, *other, v;
	int fd = purged_region(2, 0, 2, &registered);

	purged_region(2, 0, 2, &other);
	install_catcher();
	ck_assert_int_eq(vrange_refill_register(fd, registered, 2 * PG, 0, PG,
						refill_tiles, registered), 0);
	ck_assert_int_eq(read_faults(other, &v), 1);
	ck_assert_ptr_eq(caught_addr, other);
	ck_assert_int_eq(read_faults(registered + PG, &v), 0);
	ck_assert(page_has_pattern(registered, 1, 7));
	ck_assert_int_eq(vrange_refill_unregister(registered), 0);
}
END_TEST

/*
 * The race: readers fault pages in (MADV_DONTNEED first, so that every
 * read goes through the fault path) while one thread purges the region
 * over and over and another marks and unmarks spans, refilling what was
 * purged, and a last one maps, forks, mprotects and unmaps. Every page
 * holds a canary; a reader may see its canary or get SIGBUS, and nothing
 * else: a zero means a fresh page was mapped where data or a SIGBUS
 * belonged.
 */
#define RACE_PAGES	64
#define RACE_SPAN	4
#define READERS		3

struct race {
	int fd;
	unsigned char *mem;
	pthread_mutex_t span_lock[RACE_PAGES / RACE_SPAN];
	atomic_int stop;
	atomic_long reads, sigbuses, purges, marks, churns, bad;
	atomic_ullong bad_value;
};

static uint64_t canary(size_t page)
{
	return 0xC0DE000000000000ULL | (page + 1);
}

static void write_canaries(struct race *r, size_t span)
{
	size_t i;

	for (i = span * RACE_SPAN; i < (span + 1) * RACE_SPAN; i++)
		*(volatile uint64_t *)(r->mem + i * PG) = canary(i);
}

static void *reader(void *arg)
{
	struct race *r = arg;
	unsigned int seed = (unsigned int)(uintptr_t)&seed;
	sigjmp_buf here;

	while (!atomic_load(&r->stop)) {
		size_t page = (size_t)rand_r(&seed) % RACE_PAGES;
		volatile uint64_t *p = (uint64_t *)(r->mem + page * PG);
		uint64_t value;

		pthread_mutex_lock(&r->span_lock[page / RACE_SPAN]);
		madvise((void *)p, PG, MADV_DONTNEED);
		if (sigsetjmp(here, 1) == 0) {
			catch_point = &here;
			value = *p;
			catch_point = NULL;
			if (value != canary(page)) {
				atomic_fetch_add(&r->bad, 1);
				atomic_store(&r->bad_value, value);
			}
			atomic_fetch_add(&r->reads, 1);
		} else {
			catch_point = NULL;
			atomic_fetch_add(&r->sigbuses, 1);
		}
		pthread_mutex_unlock(&r->span_lock[page / RACE_SPAN]);
	}
	return NULL;
}

static void *purger(void *arg)
{
	struct race *r = arg;

	while (!atomic_load(&r->stop)) {
		if (vrange_purge(r->fd))
			atomic_fetch_add(&r->bad, 1);
		atomic_fetch_add(&r->purges, 1);
	}
	return NULL;
}

static void *marker(void *arg)
{
	struct race *r = arg;
	unsigned int seed = 12345;

	while (!atomic_load(&r->stop)) {
		size_t span = (size_t)rand_r(&seed) % (RACE_PAGES / RACE_SPAN);
		uint64_t off = span * RACE_SPAN * PG, len = RACE_SPAN * PG;
		int ret;

		pthread_mutex_lock(&r->span_lock[span]);
		if (rand_r(&seed) % 2) {
			ret = vrange_volatile(r->fd, off, len);
		} else {
			ret = vrange_nonvolatile(r->fd, off, len);
			if (ret == 1)
				write_canaries(r, span);
		}
		pthread_mutex_unlock(&r->span_lock[span]);
		if (ret < 0)
			atomic_fetch_add(&r->bad, 1);
		atomic_fetch_add(&r->marks, 1);
	}
	return NULL;
}

/* Concurrent munmap, mprotect and fork on other mappings of the region. */
static void *churner(void *arg)
{
	struct race *r = arg;
	void *extra;
	int status;
	pid_t pid;

	while (!atomic_load(&r->stop)) {
		if (vrange_map(r->fd, 0, RACE_PAGES * PG, PROT_READ, &extra))
			break;
		pid = fork();
		if (pid == 0)
			_exit(0);
		mprotect(extra, RACE_PAGES * PG, PROT_NONE);
		mprotect(extra, RACE_PAGES * PG, PROT_READ);
		munmap(extra, RACE_PAGES * PG);
		if (pid > 0)
			waitpid(pid, &status, 0);
		atomic_fetch_add(&r->churns, 1);
	}
	return NULL;
}

START_TEST(a_fault_racing_a_purge_never_maps_a_zero_page)
{
	static struct race r;
	const char *env = getenv("VRANGE_RACE_SECONDS");
	pthread_t threads[READERS + 3];
	int seconds = env ? atoi(env) : 4;
	size_t i;

	r.fd = new_region("race", RACE_PAGES);
	ck_assert_int_eq(vrange_set_purge_mode(r.fd, VRANGE_SIGBUS), 0);
	r.mem = map_region(r.fd, RACE_PAGES);
	for (i = 0; i < RACE_PAGES / RACE_SPAN; i++) {
		pthread_mutex_init(&r.span_lock[i], NULL);
		write_canaries(&r, i);
	}
	install_catcher();
	for (i = 0; i < READERS; i++)
		ck_assert_int_eq(pthread_create(&threads[i], NULL, reader, &r), 0);
	ck_assert_int_eq(pthread_create(&threads[READERS], NULL, purger, &r), 0);
	ck_assert_int_eq(pthread_create(&threads[READERS + 1], NULL, marker, &r), 0);
	ck_assert_int_eq(pthread_create(&threads[READERS + 2], NULL, churner, &r), 0);
	sleep(seconds);
	atomic_store(&r.stop, 1);
	for (i = 0; i < READERS + 3; i++)
		pthread_join(threads[i], NULL);

	fprintf(stderr, "race: %ld reads, %ld SIGBUS, %ld purges, %ld marks, %ld map/fork/mprotect/unmap rounds in %d s\n",
		atomic_load(&r.reads), atomic_load(&r.sigbuses), atomic_load(&r.purges),
		atomic_load(&r.marks), atomic_load(&r.churns), seconds);
	ck_assert_msg(atomic_load(&r.bad) == 0, "%ld bad reads or calls, last value %#llx",
		      atomic_load(&r.bad), (unsigned long long)atomic_load(&r.bad_value));
	ck_assert_int_gt(atomic_load(&r.sigbuses), 0);
	ck_assert_int_gt(atomic_load(&r.reads), 0);
}
END_TEST

Suite *test_suite(void)
{
	Suite *s = suite_create("sigbus");
	TCase *tc = tcase_create("sigbus");

	tcase_add_test_raise_signal(tc, touching_a_purged_page_raises_sigbus, SIGBUS);
	tcase_add_test(tc, sigbus_carries_the_faulting_address);
	tcase_add_test(tc, volatile_intact_pages_work_in_sigbus_mode);
	tcase_add_test(tc, system_calls_get_efault);
	tcase_add_test(tc, faults_succeed_once_nonvolatile);
	tcase_add_test(tc, mode_switches_both_ways);
	tcase_add_test(tc, sigbus_in_a_forked_childs_mapping);
	tcase_add_test(tc, refill_helper_end_to_end);
	tcase_add_test(tc, refill_helper_leaves_other_sigbus_to_the_previous_handler);
	tcase_add_test(tc, a_fault_racing_a_purge_never_maps_a_zero_page);
	suite_add_tcase(s, tc);
	return s;
}
