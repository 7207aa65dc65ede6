/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Fault injection (Documentation/fault-injection/), for the debug kernel:
 * failslab and fail_page_alloc through debugfs.
 *
 * Two ways in. Random failures: task-filter is set, so only tasks (here,
 * threads) that wrote 1 to their make-it-fail see them; the stress workers
 * turn it on around their vrange calls and page touches only, so that what
 * fails is the module's allocations and the faults it serves, not the
 * test's own clone() or pipe(). Systematic failures: writing N to
 * /proc/thread-self/fail-nth fails the thread's N-th allocation from then
 * on, whatever the probability; the faults suite walks N up until a call
 * makes fewer allocations than that.
 *
 * There is no counter of random failures; "times" counts down from a
 * known start instead, and the difference is the count.
 */
#ifndef VRANGE_TESTS_INJECT_H
#define VRANGE_TESTS_INJECT_H

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define INJECT_DEBUGFS	"/sys/kernel/debug"
#define INJECT_TIMES	1000000000LL

static const char *const inject_attrs[] = { "failslab", "fail_page_alloc" };
#define INJECT_NR_ATTRS (sizeof(inject_attrs) / sizeof(inject_attrs[0]))

static inline int inject_put(const char *attr, const char *file, const char *value)
{
	char path[128];
	int fd, ok;

	snprintf(path, sizeof(path), INJECT_DEBUGFS "/%s/%s", attr, file);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ok = write(fd, value, strlen(value)) == (ssize_t)strlen(value);
	close(fd);
	return ok ? 0 : -1;
}

static inline long long inject_get(const char *attr, const char *file)
{
	char path[128], buf[64] = "";
	ssize_t len;
	int fd;

	snprintf(path, sizeof(path), INJECT_DEBUGFS "/%s/%s", attr, file);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	len = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[len > 0 ? len : 0] = '\0';
	return strtoll(buf, NULL, 10);
}

/*
 * Fail @percent of the allocations of tasks that ask (0: only fail-nth's),
 * sleeping allocations and order-0 pages included (the defaults spare
 * both), quietly. Return: 0, or -1 if this kernel has no fault injection.
 */
static inline int inject_setup(unsigned int percent)
{
	char times[32], prob[16];
	unsigned int i;

	snprintf(times, sizeof(times), "%lld", INJECT_TIMES);
	snprintf(prob, sizeof(prob), "%u", percent);
	for (i = 0; i < INJECT_NR_ATTRS; i++) {
		if (inject_put(inject_attrs[i], "task-filter", "Y") ||
		    inject_put(inject_attrs[i], "probability", prob) ||
		    inject_put(inject_attrs[i], "interval", "1") ||
		    inject_put(inject_attrs[i], "space", "0") ||
		    inject_put(inject_attrs[i], "verbose", "0") ||
		    inject_put(inject_attrs[i], "ignore-gfp-wait", "N") ||
		    inject_put(inject_attrs[i], "times", times))
			return -1;
	}
	if (inject_put("fail_page_alloc", "min-order", "0") ||
	    inject_put("fail_page_alloc", "ignore-gfp-highmem", "N"))
		return -1;
	return 0;
}

/* Random failures injected since inject_setup(). */
static inline unsigned long long inject_count(void)
{
	unsigned long long n = 0;
	unsigned int i;

	for (i = 0; i < INJECT_NR_ATTRS; i++)
		n += INJECT_TIMES - inject_get(inject_attrs[i], "times");
	return n;
}

static inline void inject_teardown(void)
{
	unsigned int i;

	for (i = 0; i < INJECT_NR_ATTRS; i++)
		inject_put(inject_attrs[i], "probability", "0");
}

/* This thread's make-it-fail, opened once (opening allocates). */
static __thread int inject_mif_fd = -1;

/* This thread's allocations may fail at random (1) or not (0). Return: 0 or -1. */
static inline int inject_make_it_fail(int on)
{
	if (inject_mif_fd < 0)
		inject_mif_fd = open("/proc/thread-self/make-it-fail", O_WRONLY | O_CLOEXEC);
	if (inject_mif_fd < 0)
		return -1;
	return pwrite(inject_mif_fd, on ? "1" : "0", 1, 0) == 1 ? 0 : -1;
}

/*
 * This thread's fail-nth, opened once: opening it allocates, and an open
 * after inject_nth() would take the failure meant for the call under test.
 */
static __thread int inject_nth_fd = -1;

/* Fail this thread's @nth allocation from now on (0: none). Return: 0 or -1. */
static inline int inject_nth(unsigned int nth)
{
	char value[16];
	int len;

	if (inject_nth_fd < 0)
		inject_nth_fd = open("/proc/thread-self/fail-nth", O_RDWR | O_CLOEXEC);
	if (inject_nth_fd < 0)
		return -1;
	len = snprintf(value, sizeof(value), "%u", nth);
	return pwrite(inject_nth_fd, value, len, 0) == len ? 0 : -1;
}

/*
 * Whether the failure inject_nth() asked for happened (fail-nth reads 0
 * once it has), and cancel it if not. Return: 1 injected, 0 not, -1 error.
 */
static inline int inject_nth_done(void)
{
	char buf[16] = "";
	ssize_t len = pread(inject_nth_fd, buf, sizeof(buf) - 1, 0);

	if (len <= 0)
		return -1;
	if (atoi(buf) == 0)
		return 1;
	return inject_nth(0) ? -1 : 0;
}

#endif /* VRANGE_TESTS_INJECT_H */
