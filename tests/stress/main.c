// SPDX-License-Identifier: GPL-2.0-only
/*
 * vrstress [--ops N] [--seconds S] [--seed X] [--procs P] [--threads T]
 *          [--faults] [--no-pressure]
 *
 * The coordinator: creates the shared regions (half in ZEROFILL, half in
 * SIGBUS mode), starts the worker processes (half inherit the regions by
 * fork, half were started before the regions existed and receive them
 * over a socket with SCM_RIGHTS), the pressure process and the PURGE_ALL
 * process, stops everyone after N operations or S seconds, and reports,
 * as TAP, whether every byte and every answer was right. The figures go
 * to TAP comments. The same --seed replays the same choices (though not
 * the same interleaving: that is the point of running threads).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "inject.h"
#include "memload.h"
#include "stress.h"
#include "tap.h"

const struct stress_config *cfg;
struct stress_shared *shared;
size_t page_size;

void stress_fail(const char *fmt, ...)
{
	char msg[sizeof(shared->failure)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/* The first failure is the one worth reading; later ones follow from it. */
	if (!__atomic_exchange_n(&shared->failed, 1, __ATOMIC_SEQ_CST))
		memcpy(shared->failure, msg, sizeof(msg));
	__atomic_store_n(&shared->stop, 1, __ATOMIC_SEQ_CST);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int parse(int argc, char **argv, struct stress_config *c)
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "--faults"))
			c->faults = 1;
		else if (!strcmp(a, "--no-pressure"))
			c->pressure = 0;
		else if (v && !strcmp(a, "--ops") && ++i)
			c->ops = strtoull(v, NULL, 0);
		else if (v && !strcmp(a, "--seconds") && ++i)
			c->seconds = strtoul(v, NULL, 0);
		else if (v && !strcmp(a, "--seed") && ++i)
			c->seed = strtoull(v, NULL, 0);
		else if (v && !strcmp(a, "--procs") && ++i)
			c->procs = strtoul(v, NULL, 0);
		else if (v && !strcmp(a, "--threads") && ++i)
			c->threads = strtoul(v, NULL, 0);
		else
			return -1;
	}
	return c->procs && c->threads && c->ops && c->seconds ? 0 : -1;
}

/* Send @n fds over @sock in one SCM_RIGHTS message. */
static int send_fds(int sock, const int *fds, unsigned int n)
{
	char data = 'r', control[CMSG_SPACE(sizeof(int) * MAX_REGIONS)] = { 0 };
	struct iovec iov = { .iov_base = &data, .iov_len = 1 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = control, .msg_controllen = CMSG_SPACE(sizeof(int) * n),
	};
	struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);

	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int) * n);
	memcpy(CMSG_DATA(cm), fds, sizeof(int) * n);
	return sendmsg(sock, &msg, 0) == 1 ? 0 : -1;
}

static int recv_fds(int sock, int *fds, unsigned int n)
{
	char data, control[CMSG_SPACE(sizeof(int) * MAX_REGIONS)];
	struct iovec iov = { .iov_base = &data, .iov_len = 1 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = control, .msg_controllen = CMSG_SPACE(sizeof(int) * n),
	};
	struct cmsghdr *cm;

	if (recvmsg(sock, &msg, MSG_CMSG_CLOEXEC) != 1)
		return -1;
	cm = CMSG_FIRSTHDR(&msg);
	if (!cm || cm->cmsg_type != SCM_RIGHTS || cm->cmsg_len != CMSG_LEN(sizeof(int) * n))
		return -1;
	memcpy(fds, CMSG_DATA(cm), sizeof(int) * n);
	return 0;
}

static pid_t start(int (*fn)(void))
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(fn());
	return pid;
}

/* A worker that gets its regions over @sock: started before they exist. */
static pid_t start_receiver(unsigned int proc, int sock)
{
	int fds[MAX_REGIONS];
	pid_t pid = fork();

	if (pid == 0) {
		if (recv_fds(sock, fds, cfg->regions)) {
			stress_fail("worker %u: no regions over SCM_RIGHTS", proc);
			_exit(1);
		}
		_exit(stress_worker(proc, fds));
	}
	return pid;
}

static int create_regions(int *fds)
{
	unsigned int r;
	int ret;

	for (r = 0; r < cfg->regions; r++) {
		fds[r] = vrange_create("stress", (uint64_t)cfg->region_pages * page_size);
		if (fds[r] < 0)
			return fds[r];
		ret = vrange_set_purge_mode(fds[r], r % 2 ? VRANGE_SIGBUS : VRANGE_ZEROFILL);
		if (ret)
			return ret;
	}
	return 0;
}

/* Stop after the bound; keep the pressure process alive meanwhile. */
static void supervise(pid_t *pressure, double t0)
{
	unsigned long long ops, last = 0;
	double t, shown = t0;
	int status;

	while (!stress_stopping()) {
		usleep(100000);
		t = now();
		shared->avail_kib_sum += proc_value("/proc/meminfo", "MemAvailable");
		shared->avail_samples++;
		ops = __atomic_load_n(&shared->ops, __ATOMIC_RELAXED);
		if (ops >= cfg->ops || t - t0 >= cfg->seconds)
			__atomic_store_n(&shared->stop, 1, __ATOMIC_SEQ_CST);
		if (t - shown >= 30) {
			printf("# %.0f s: %llu ops (%.0f/s), %llu pressure cycles, MemAvailable %lld MiB\n",
			       t - t0, ops, (ops - last) / (t - shown), shared->pressure_cycles,
			       proc_value("/proc/meminfo", "MemAvailable") >> 10);
			shown = t;
			last = ops;
		}
		if (*pressure > 0 && waitpid(*pressure, &status, WNOHANG) == *pressure) {
			/* The OOM killer's to take; it comes back. */
			stress_count(&shared->pressure_kills, 1);
			*pressure = stress_stopping() ? 0 : start(stress_pressure);
		}
	}
}

int main(int argc, char **argv)
{
	static struct stress_config c = {
		.ops = 200000, .seconds = 30, .seed = 1, .procs = 4, .threads = 3,
		.regions = 4, .region_pages = 96, .pressure = 1,
	};
	long long regions0 = sysfs_value("regions"), ranges0 = sysfs_value("ranges");
	long long events0 = sysfs_value("purge_events");
	long long bytes0 = sysfs_value("purged_bytes_total");
	unsigned int p, receivers;
	pid_t pids[64], pressure = 0, purger;
	int fds[MAX_REGIONS], socks[64][2], status, clean = 1;
	unsigned long long injected = 0;
	double t0, t;

	setvbuf(stdout, NULL, _IOLBF, 0);
	page_size = (size_t)sysconf(_SC_PAGESIZE);
	if (parse(argc, argv, &c) || c.procs > 64) {
		fprintf(stderr, "usage: %s [--ops N] [--seconds S] [--seed X] [--procs P] "
			"[--threads T] [--faults] [--no-pressure]\n", argv[0]);
		return 2;
	}
	cfg = &c;
	shared = mmap(NULL, sizeof(*shared), PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (shared == MAP_FAILED)
		return 1;
	/* The pressure process is the OOM killer's choice, never us. */
	set_oom_score_adj(-1000);
	printf("# seed %llu: %u processes x %u threads on %u regions of %u pages; "
	       "bound %llu ops or %u s; pressure %s, fault injection %s\n",
	       c.seed, c.procs, c.threads, c.regions, c.region_pages, c.ops,
	       c.seconds, c.pressure ? "on" : "off", c.faults ? "on" : "off");
	if (c.faults && inject_setup(5)) {
		tap(0, "stress: fault injection can be set up (failslab, fail_page_alloc)");
		return tap_done();
	}

	t0 = now();
	receivers = c.procs / 2;
	for (p = 0; p < receivers; p++) {
		if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, socks[p]))
			return 1;
		pids[p] = start_receiver(p, socks[p][1]);
	}
	if (create_regions(fds)) {
		stress_fail("cannot create the regions");
		receivers = 0;
	}
	for (p = 0; p < receivers; p++)
		if (send_fds(socks[p][0], fds, c.regions))
			stress_fail("cannot send the regions to worker %u", p);
	for (p = receivers; p < c.procs; p++) {
		pids[p] = fork();
		if (pids[p] == 0)
			_exit(stress_worker(p, fds));
	}
	for (p = 0; p < c.regions; p++)
		close(fds[p]);	/* the workers hold them now */
	purger = start(stress_purge_all);
	if (c.pressure)
		pressure = start(stress_pressure);

	supervise(&pressure, t0);
	for (p = 0; p < c.procs; p++) {
		if (pids[p] > 0 && waitpid(pids[p], &status, 0) == pids[p] &&
		    WIFEXITED(status) && !WEXITSTATUS(status))
			continue;
		clean = 0;
		printf("# worker %u: status %#x\n", p, pids[p] > 0 ? status : -1);
	}
	t = now() - t0;
	if (pressure > 0)
		waitpid(pressure, &status, 0);
	waitpid(purger, &status, 0);
	if (c.faults) {
		injected = inject_count();
		inject_teardown();
	}

	printf("# figures: %llu ops in %.1f s (%.0f/s); %llu MiB of non-volatile data verified;\n"
	       "#   %lld purges of %lld MiB; %llu unmarks found their span purged;\n"
	       "#   %llu pressure cycles (%llu OOM kills of the pressure process), MemAvailable\n"
	       "#   %llu MiB on average (sampled every 100 ms); %llu PURGE_ALL;\n"
	       "#   %llu forks, %llu extra mappings, %llu short-lived regions;\n"
	       "#   %llu allocation failures injected, %llu clean -ENOMEM answers\n",
	       shared->ops, t, shared->ops / t, shared->verified_bytes >> 20,
	       sysfs_value("purge_events") - events0,
	       (sysfs_value("purged_bytes_total") - bytes0) >> 20,
	       shared->purged_unmarks, shared->pressure_cycles, shared->pressure_kills,
	       shared->avail_kib_sum / (shared->avail_samples ? shared->avail_samples : 1) >> 10,
	       shared->purge_alls, shared->forks, shared->maps, shared->fresh_regions,
	       injected, shared->enomem);
	if (shared->failed)
		printf("# FAILED: %s\n", shared->failure);
	tap(clean, "stress: every worker process ran to the end and exited cleanly");
	tap(!shared->failed,
	    "stress: every non-volatile byte intact, every answer consistent with its owner's actions");
	tap(shared->ops > 0 && shared->verified_bytes > 0, "stress: operations ran and data was verified");
	tap(sysfs_value("regions") == regions0 && sysfs_value("ranges") == ranges0,
	    "stress: every region and range is freed at the end");
	if (c.pressure)
		tap(shared->pressure_cycles > 0, "stress: the pressure process cycled near OOM");
	if (c.faults)
		tap(injected > 0 && shared->enomem > 0,
		    "stress: allocation failures were injected and answered with -ENOMEM");
	return tap_done();
}
