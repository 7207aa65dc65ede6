// SPDX-License-Identifier: GPL-2.0-only
/*
 * The scenario vrange exists for. A cache of V MiB sits in the VM while a
 * hog allocates anonymous memory until the OOM killer takes it; how much
 * the hog got is measured with no cache, with the cache non-volatile and
 * with it volatile (in 1 MiB ranges). Volatile, the hog should get about
 * what it gets with no cache at all, and the OOM killer should come only
 * once nothing volatile is left.
 *
 * Then the shrinker's precision and speed: a hog that needs half of the
 * cache's memory, and no more, allocates and exits; how much was purged
 * against how much was needed, and how fast (sampling purged_bytes_total).
 */
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"
#include "memload.h"

#define MIB		(1UL << 20)
#define MAX_TRIALS	8

enum cache_state { NO_CACHE, NONVOLATILE, VOLATILE, NR_STATES };
static const char *const state_names[NR_STATES] = {
	"anon MiB before OOM kill, no cache",
	"anon MiB before OOM kill, cache non-volatile",
	"anon MiB before OOM kill, cache volatile",
};

/* One trial of the OOM scenario. Return: 0, or -1 after a bench_fail(). */
static int oom_trial(volatile long *got, double mib[NR_STATES], double *left_mib)
{
	size_t cache_mib = bench->pressure_cache_mib;
	long long scans, slabs;
	int state, fd = -1;

	for (state = 0; state < NR_STATES; state++) {
		if (state != NO_CACHE) {
			fd = written_cache("bench-cache", cache_mib, state == VOLATILE);
			if (fd < 0) {
				bench_fail("a %zu MiB cache", cache_mib);
				return -1;
			}
		}
		scans = sysfs_value("shrinker_scans");
		slabs = proc_value("/proc/vmstat", "slabs_scanned");
		mib[state] = hog_until_oom(got);
		if (state == VOLATILE) {
			*left_mib = (double)intact_volatile_bytes() / MIB;
			bench_note("volatile: %lld shrinker scans, %lld objects asked of shrinkers, %.0f MiB left",
				   sysfs_value("shrinker_scans") - scans,
				   proc_value("/proc/vmstat", "slabs_scanned") - slabs, *left_mib);
		}
		if (fd >= 0)
			close(fd);
		fd = -1;
		if (mib[state] < 0) {
			bench_fail("the hog was not OOM-killed (%s)", state_names[state]);
			return -1;
		}
	}
	return 0;
}

/*
 * A hog that needs @need_mib of the volatile cache's memory. Reports the
 * MiB purged, and the purge rate while the shrinker was purging.
 */
static int precision_trial(volatile long *got, long hog_mib, double *purged_mib,
			   double *gib_per_s, double *left_mib)
{
	long long total0 = sysfs_value("purged_bytes_total"), total, last = total0;
	double first_t = 0, last_t = 0, t;
	int fd, status;
	pid_t pid;

	fd = written_cache("bench-cache", bench->pressure_cache_mib, 1);
	if (fd < 0) {
		bench_fail("a %zu MiB cache", bench->pressure_cache_mib);
		return -1;
	}
	*got = 0;
	*left_mib = 0;
	pid = hog_fork(got, hog_mib);
	/* Sample the purge counter until the hog is done. */
	while (pid > 0 && waitpid(pid, &status, WNOHANG) == 0) {
		total = sysfs_value("purged_bytes_total");
		t = bench_now_ns();
		if (total != last) {
			if (last == total0)
				first_t = t;
			last_t = t;
			last = total;
		}
		usleep(1000);
	}
	/*
	 * An OOM kill here is a result, not a failure to measure: the
	 * target it misses is reported with what was left volatile.
	 */
	if (pid > 0 && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) {
		*left_mib = (double)intact_volatile_bytes() / MIB;
		bench_note("the hog needing %ld MiB was OOM-killed at %ld MiB, "
			   "%.0f MiB volatile left", hog_mib, *got, *left_mib);
	} else if (pid < 0 || !WIFEXITED(status) || WEXITSTATUS(status)) {
		close(fd);
		bench_fail("a hog of %ld MiB did not get its memory", hog_mib);
		return -1;
	}
	close(fd);
	*purged_mib = (double)(last - total0) / MIB;
	*gib_per_s = last_t > first_t ?
		(last - total0) / ((last_t - first_t) / 1e9) / (1 << 30) : 0;
	return 0;
}

void bench_pressure(void)
{
	double mib[NR_STATES][MAX_TRIALS], left[MAX_TRIALS], one[NR_STATES];
	double purged[MAX_TRIALS], rate[MAX_TRIALS], left2[MAX_TRIALS], no_cache, need;
	unsigned int trial, state, trials = bench->smoke ? 1 : 3;
	size_t cache_mib = bench->pressure_cache_mib;
	volatile long *got;
	long hog_mib;

	got = mmap(NULL, sizeof(*got), PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (got == MAP_FAILED) {
		bench_fail("shared memory for the hog's count");
		return;
	}
	bench_note("pressure: a %zu MiB cache in a %lld MiB machine", cache_mib,
		   proc_value("/proc/meminfo", "MemTotal") >> 10);
	for (trial = 0; trial < trials; trial++) {
		if (oom_trial(got, one, &left[trial]))
			goto out;
		for (state = 0; state < NR_STATES; state++)
			mib[state][trial] = one[state];
	}
	for (state = 0; state < NR_STATES; state++)
		bench_report("pressure", state_names[state], 0, 0,
			     bench_median(mib[state], trials), "MiB");
	bench_report("target", "intact volatile MiB at the OOM kill (target 0)", 0, 0,
		     bench_median(left, trials), "MiB");

	/* Half the cache's memory wanted: the hog's no-cache room less half. */
	no_cache = bench_median(mib[NO_CACHE], trials);
	need = cache_mib / 2.0;
	hog_mib = (long)(no_cache - need);
	for (trial = 0; trial < trials; trial++)
		if (precision_trial(got, hog_mib, &purged[trial], &rate[trial], &left2[trial]))
			goto out;
	bench_report("pressure", "shrinker: MiB purged for a hog needing half the cache",
		     0, 0, bench_median(purged, trials), "MiB");
	bench_report("pressure", "shrinker: MiB purged / MiB needed", 0, 0,
		     bench_median(purged, trials) / need, "x");
	bench_report("pressure", "shrinker purge rate under pressure", 0, 0,
		     bench_median(rate, trials), "GiB/s");
	bench_report("target", "intact volatile MiB at an OOM kill, half-cache hog (target 0)",
		     0, 0, bench_median(left2, trials), "MiB");
out:
	munmap((void *)got, sizeof(*got));
}
