// SPDX-License-Identifier: GPL-2.0-only
/*
 * The cost of marking and unmarking: a VOLATILE+NONVOLATILE pair on a span
 * of 1, 16 or 256 pages, at random positions of regions that already hold
 * n volatile ranges (inserted in random order), against the floor (a
 * trivial ioctl and a trivial syscall) and against what an application
 * would do without vrange: MADV_FREE and re-touch, PUNCH_HOLE and re-touch,
 * or ashmem's UNPIN+PIN (here: /dev/ashmem of this module, if loaded).
 *
 * Layout of a region with n ranges: range i is page i * STRIDE; the pages
 * between two ranges are a gap wide enough for the widest span, so that a
 * pair never merges with a range, and the region keeps exactly n ranges.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/ashmem.h>
#include <linux/falloc.h>
#include <linux/vrange.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "bench.h"

#define STRIDE		257
#define MAX_SIZES	8
#define NR_SPANS	3
#define POOL_PAGES	1024	/* memory the baselines work in */

static const size_t spans[NR_SPANS] = { 1, 16, 256 };

/* What a pair is made of: two ioctls on a vrange or an ashmem region. */
enum device { VRANGE, ASHMEM, NR_DEVICES };

struct ranges_region {
	int fd;
	size_t n;
};

static struct ranges_region regions[NR_DEVICES][MAX_SIZES];
static uint64_t *offsets;

static int vrange_mark(int fd, uint64_t offset, uint64_t length)
{
	struct vrange_span span = { .offset = offset, .length = length };

	return ioctl(fd, VRANGE_VOLATILE, &span);
}

static int vrange_unmark(int fd, uint64_t offset, uint64_t length)
{
	struct vrange_unmark unmark = { .offset = offset, .length = length };

	return ioctl(fd, VRANGE_NONVOLATILE, &unmark);
}

/* ashmem's ioctls return ASHMEM_NOT_PURGED or ASHMEM_WAS_PURGED, or -1. */
static int ashmem_unpin(int fd, uint64_t offset, uint64_t length)
{
	struct ashmem_pin pin = { .offset = offset, .len = length };

	return ioctl(fd, ASHMEM_UNPIN, &pin) < 0 ? -1 : 0;
}

static int ashmem_pin(int fd, uint64_t offset, uint64_t length)
{
	struct ashmem_pin pin = { .offset = offset, .len = length };

	return ioctl(fd, ASHMEM_PIN, &pin) < 0 ? -1 : 0;
}

/* How each device marks a span volatile, and makes it non-volatile again. */
static const struct {
	const char *pair;
	int (*mark)(int fd, uint64_t offset, uint64_t length);
	int (*unmark)(int fd, uint64_t offset, uint64_t length);
} devices[NR_DEVICES] = {
	[VRANGE] = { "VOLATILE+NONVOLATILE pair", vrange_mark, vrange_unmark },
	[ASHMEM] = { "ashmem UNPIN+PIN pair", ashmem_unpin, ashmem_pin },
};

/* A region of n ranges at every STRIDE-th page, marked in random order. */
static int open_ranges_region(enum device dev, size_t n)
{
	uint64_t bytes = (uint64_t)n * STRIDE * bench_page;
	uint32_t *order;
	void *addr;
	size_t i;
	int fd;

	if (dev == VRANGE) {
		fd = open("/dev/vrange", O_RDWR | O_CLOEXEC);
		if (fd < 0 || ioctl(fd, VRANGE_SET_SIZE, &bytes))
			goto fail;
	} else {
		fd = open("/dev/ashmem", O_RDWR | O_CLOEXEC);
		if (fd < 0)
			return -1;	/* no /dev/ashmem: no baseline, no failure */
		if (ioctl(fd, ASHMEM_SET_SIZE, (size_t)bytes) < 0)
			goto fail;
		/* ashmem pins and unpins only once it was mapped. */
		addr = mmap(NULL, bench_page, PROT_READ, MAP_SHARED, fd, 0);
		if (addr == MAP_FAILED)
			goto fail;
		munmap(addr, bench_page);
	}
	order = malloc(n * sizeof(*order));
	if (!order)
		goto fail;
	for (i = 0; i < n; i++)
		order[i] = i;
	bench_shuffle(order, n);
	for (i = 0; i < n; i++) {
		if (devices[dev].mark(fd, (uint64_t)order[i] * STRIDE * bench_page,
				      bench_page)) {
			free(order);
			goto fail;
		}
	}
	free(order);
	return fd;
fail:
	bench_fail("a region of %zu ranges on %s", n,
		   dev == VRANGE ? "/dev/vrange" : "/dev/ashmem");
	if (fd >= 0)
		close(fd);
	return -1;
}

/* Random offsets inside the gaps of a region of @n ranges, for @span pages. */
static void choose_offsets(size_t n, size_t span, unsigned int count)
{
	unsigned int i;
	uint64_t gap, page;

	for (i = 0; i < count; i++) {
		gap = bench_random() % n;
		page = gap * STRIDE + 1 + bench_random() % (STRIDE - span);
		offsets[i] = page * bench_page;
	}
}

/*
 * Nanoseconds per pair, one trial; negative on error. @same: at one
 * position every time, which keeps the tree's path to it in the caches:
 * against random positions, what locality is worth.
 */
static double pair_trial(enum device dev, const struct ranges_region *r,
			 size_t span, int same)
{
	unsigned int i, count = bench->pairs_per_trial;
	uint64_t length = span * bench_page;
	double t0;

	choose_offsets(r->n, span, count);
	for (i = 1; same && i < count; i++)
		offsets[i] = offsets[0];
	t0 = bench_now_ns();
	for (i = 0; i < count; i++)
		if (devices[dev].mark(r->fd, offsets[i], length) ||
		    devices[dev].unmark(r->fd, offsets[i], length))
			return -1;
	return (bench_now_ns() - t0) / count;
}

/*
 * The floors: a trivial system call; a trivial ioctl of ours; and a pair of
 * ioctls that copy in the same arguments and take the same lock as a pair,
 * but change nothing (a VOLATILE refused for its flags, a NONVOLATILE of a
 * span with nothing volatile).
 */
enum floor { SYSCALL_FLOOR, IOCTL_FLOOR, PAIR_FLOOR, NR_FLOORS };
static const char *const floor_names[NR_FLOORS] = {
	"getppid syscall", "GET_SIZE ioctl", "pair that changes nothing",
};

static double floor_trial(int fd, enum floor which)
{
	unsigned int i, count = bench->pairs_per_trial * 2;
	struct vrange_span refused = { .length = bench_page, .flags = 1 };
	struct vrange_unmark nothing = { .offset = bench_page, .length = bench_page };
	uint64_t size;
	double t0 = bench_now_ns();

	for (i = 0; i < count; i++) {
		if (which == SYSCALL_FLOOR) {
			syscall(SYS_getppid);
		} else if (which == IOCTL_FLOOR) {
			if (ioctl(fd, VRANGE_GET_SIZE, &size))
				return -1;
		} else {
			if (ioctl(fd, VRANGE_VOLATILE, &refused) != -1 ||
			    ioctl(fd, VRANGE_NONVOLATILE, &nothing))
				return -1;
		}
	}
	return (bench_now_ns() - t0) / count;
}

/* The baselines work in a pool of POOL_PAGES pages, all resident. */
struct pool {
	unsigned char *anon;	/* MADV_FREE */
	unsigned char *shm;	/* PUNCH_HOLE, on this memfd */
	int memfd;
};

static int pool_open(struct pool *pool)
{
	size_t bytes = POOL_PAGES * bench_page;

	pool->anon = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	pool->memfd = memfd_create("bench-pool", MFD_CLOEXEC);
	if (pool->anon == MAP_FAILED || pool->memfd < 0 ||
	    ftruncate(pool->memfd, bytes))
		return -1;
	pool->shm = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
			 MAP_SHARED | MAP_POPULATE, pool->memfd, 0);
	return pool->shm == MAP_FAILED ? -1 : 0;
}

static void touch(unsigned char *p, size_t pages)
{
	size_t i;

	for (i = 0; i < pages; i++)
		p[i * bench_page] = 1;
}

enum baseline { MADV_FREE_TOUCH, PUNCH_HOLE_TOUCH, NR_BASELINES };
static const char *const baseline_names[NR_BASELINES] = {
	"MADV_FREE + re-touch (anonymous)", "PUNCH_HOLE + re-touch (memfd)",
};

/* Nanoseconds per baseline cycle on @span pages, one trial. */
static double baseline_trial(const struct pool *pool, enum baseline which, size_t span)
{
	unsigned int i, count = bench->pairs_per_trial / span + 8;
	size_t length = span * bench_page;
	size_t off;
	double t0;

	for (i = 0; i < count; i++)
		offsets[i] = bench_random() % (POOL_PAGES - span + 1) * bench_page;
	t0 = bench_now_ns();
	for (i = 0; i < count; i++) {
		off = offsets[i];
		if (which == MADV_FREE_TOUCH) {
			if (madvise(pool->anon + off, length, MADV_FREE))
				return -1;
			touch(pool->anon + off, span);
		} else {
			if (fallocate(pool->memfd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
				      off, length))
				return -1;
			touch(pool->shm + off, span);
		}
	}
	return (bench_now_ns() - t0) / count;
}

/* Trials of one figure, filled in the interleaved loop of bench_pairs(). */
struct figure {
	double t[64];
};

static struct figure pair_fig[NR_DEVICES][MAX_SIZES][NR_SPANS];
static struct figure base_fig[NR_BASELINES][NR_SPANS];
static struct figure floor_fig[NR_FLOORS];
static struct figure same_fig;

static int record(struct figure *fig, unsigned int trial, double ns, const char *what)
{
	fig->t[trial] = ns;
	if (ns < 0)
		bench_fail("%s", what);
	return ns < 0;
}

void bench_pairs(void)
{
	unsigned int trial, s, k, dev, trials = bench->trials;
	unsigned int largest = bench->nr_sizes - 1;
	double pair1, pair_max, ioctl_floor;
	struct pool pool;
	int err = 0, fd;

	offsets = calloc(bench->pairs_per_trial * 2 + 16, sizeof(*offsets));
	if (!offsets || pool_open(&pool) || trials > 64 || bench->nr_sizes > MAX_SIZES) {
		bench_fail("setting up the pairs benchmark");
		return;
	}
	for (dev = 0; dev < NR_DEVICES; dev++)
		for (k = 0; k < bench->nr_sizes; k++) {
			regions[dev][k].n = bench->nr_ranges[k];
			regions[dev][k].fd = open_ranges_region(dev, bench->nr_ranges[k]);
		}
	if (regions[ASHMEM][0].fd < 0)
		bench_note("no /dev/ashmem (module loaded without ashmem=1): no ashmem baseline");
	fd = regions[VRANGE][0].fd;

	/* Interleaved: each trial measures every figure once. */
	for (trial = 0; trial < trials && !err && fd >= 0; trial++) {
		for (k = 0; k < NR_FLOORS; k++)
			err |= record(&floor_fig[k], trial, floor_trial(fd, k), floor_names[k]);
		if (regions[VRANGE][largest].fd >= 0)
			err |= record(&same_fig, trial,
				      pair_trial(VRANGE, &regions[VRANGE][largest], 1, 1),
				      "pair at one position");
		for (s = 0; s < NR_SPANS; s++) {
			for (dev = 0; dev < NR_DEVICES; dev++)
				for (k = 0; k < bench->nr_sizes; k++)
					if (regions[dev][k].fd >= 0)
						err |= record(&pair_fig[dev][k][s], trial,
							      pair_trial(dev, &regions[dev][k], spans[s], 0),
							      devices[dev].pair);
			for (k = 0; k < NR_BASELINES; k++)
				err |= record(&base_fig[k][s], trial,
					      baseline_trial(&pool, k, spans[s]),
					      baseline_names[k]);
		}
	}
	if (err || fd < 0)
		goto out;

	for (k = 0; k < NR_FLOORS; k++)
		bench_report("floor", floor_names[k], 0, 0, bench_median(floor_fig[k].t, trials), "ns");
	ioctl_floor = bench_median(floor_fig[IOCTL_FLOOR].t, trials);
	for (dev = 0; dev < NR_DEVICES; dev++)
		for (s = 0; s < NR_SPANS; s++)
			for (k = 0; k < bench->nr_sizes; k++)
				if (regions[dev][k].fd >= 0)
					bench_report(dev == VRANGE ? "pair" : "ashmem", devices[dev].pair,
						     regions[dev][k].n, spans[s],
						     bench_median(pair_fig[dev][k][s].t, trials), "ns");
	for (k = 0; k < NR_BASELINES; k++)
		for (s = 0; s < NR_SPANS; s++)
			bench_report("baseline", baseline_names[k], 0, spans[s],
				     bench_median(base_fig[k][s].t, trials), "ns");

	/* The targets: cheap at one range, and flat as ranges grow. */
	bench_report("pair", "VOLATILE+NONVOLATILE pair, same position", regions[VRANGE][largest].n,
		     1, bench_median(same_fig.t, trials), "ns");
	pair1 = bench_median(pair_fig[VRANGE][0][0].t, trials);
	pair_max = bench_median(pair_fig[VRANGE][largest][0].t, trials);
	bench_report("target", "pair at n=1 / GET_SIZE (target <= 2)", 0, 0,
		     pair1 / ioctl_floor, "x");
	bench_report("target", "pair that changes nothing / GET_SIZE", 0, 0,
		     bench_median(floor_fig[PAIR_FLOOR].t, trials) / ioctl_floor, "x");
	bench_report("target", "pair at largest n / pair at n=1 (target <= 1.5)",
		     regions[VRANGE][largest].n, 0, pair_max / pair1, "x");
out:
	for (dev = 0; dev < NR_DEVICES; dev++)
		for (k = 0; k < bench->nr_sizes; k++)
			if (regions[dev][k].fd >= 0)
				close(regions[dev][k].fd);
	munmap(pool.anon, POOL_PAGES * bench_page);
	munmap(pool.shm, POOL_PAGES * bench_page);
	close(pool.memfd);
	free(offsets);
}
