// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ioctl and syscall fuzzer. Each seed drives a replayable sequence of
 * random opens (/dev/vrange and /dev/ashmem), closes, mmaps, munmaps,
 * reads, writes and ioctls: command numbers in and around the vrange
 * (0xB9) and ashmem (0x77) magic, with right and wrong sizes and
 * directions, or anything else; arguments that are valid buffers of
 * random bytes, NULL, unmapped, kernel addresses, misaligned so as to run
 * into a guard page, huge or small numbers. Every call must succeed or
 * fail with a clean errno.
 *
 * After the garbage, every region still open must behave exactly as the
 * contract says to a sequence of valid calls, whatever the garbage did
 * to it; and once everything is closed the module's counters must be
 * back where they started (nothing leaked, nothing left volatile).
 *
 * GUEST_FUZZ_SEEDS (default 6) seeds 1..N; GUEST_FUZZ_STEPS (default
 * 3000) calls per seed. A failure names its seed and step.
 */
#include <fcntl.h>
#include <linux/ashmem.h>
#include <sys/ioctl.h>
#include <sys/uio.h>

#include "vrange_test.h"
#include "xorshift.h"

#define MAX_FDS		8
#define MAX_MAPS	8
#define BUF_BYTES	(2 * VRANGE_NAME_LEN)

struct fuzz {
	uint64_t rng;
	unsigned long step;
	int fds[MAX_FDS];
	struct { void *addr; size_t len; } maps[MAX_MAPS];
	unsigned char *buf;	/* two pages: random bytes, then PROT_NONE */
	void *unmapped;
	int pipe[2];		/* for syscalls that read a mapping */
};

static uint64_t rnd(struct fuzz *f)
{
	return xorshift64s(&f->rng);
}

/* The errnos a bad call may end in; anything else is a bug. */
static int clean_errno(int e)
{
	switch (e) {
	case EINVAL: case EFAULT: case ENOTTY: case ENOMEM: case EPERM:
	case EBUSY: case ENAMETOOLONG: case EBADF: case ENODEV: case EACCES:
	case EAGAIN: case EOVERFLOW: case ESPIPE: case ENXIO: case EFBIG:
		return 1;
	}
	return 0;
}

static void expect_clean(struct fuzz *f, long ret, const char *what)
{
	ck_assert_msg(ret >= 0 || clean_errno(errno),
		      "step %lu: %s failed with errno %d (%s)", f->step, what,
		      errno, strerror(errno));
}

/* A command: the real ones, their neighbours, and noise. */
static unsigned long random_cmd(struct fuzz *f)
{
	static const unsigned int dirs[] = { _IOC_NONE, _IOC_READ, _IOC_WRITE,
					     _IOC_READ | _IOC_WRITE };
	unsigned int magic = rnd(f) % 2 ? VRANGE_IOCTL_MAGIC : __ASHMEMIOC;
	unsigned int nr = rnd(f) % 20, dir = dirs[rnd(f) % 4];
	unsigned int size = rnd(f) % 2 ? (unsigned int)(rnd(f) % 3) * 8 : rnd(f) % 300;
	unsigned long cmd;

	switch (rnd(f) % 8) {
	case 0:		/* anything, but not the VFS's own (FIFREEZE on shmem!) */
		do {
			cmd = (uint32_t)rnd(f);
		} while (_IOC_TYPE(cmd) == 'X' || _IOC_TYPE(cmd) == 'f' ||
			 _IOC_TYPE(cmd) == 0x94 || _IOC_TYPE(cmd) == 'T');
		return cmd;
	case 1:		/* a magic number just off */
		magic += rnd(f) % 2 ? 1 : -1;
		/* fall through */
	default:
		return _IOC(dir, magic, nr, size);
	}
}

/* An argument: a pointer of any kind, or a number. */
static unsigned long random_arg(struct fuzz *f)
{
	size_t i, off;

	switch (rnd(f) % 10) {
	case 0:
		return 0;
	case 1:
		return (unsigned long)f->unmapped;
	case 2:
		return (unsigned long)KERNEL_PTR + (rnd(f) % 4096);
	case 3:		/* runs into the guard page */
		return (unsigned long)(f->buf + PG - 1 - rnd(f) % 16);
	case 4:
		return ~0UL - rnd(f) % 4096;
	case 5:
		return rnd(f) % (64 * PG);
	default:	/* a valid buffer of random bytes, maybe misaligned */
		for (i = 0; i < BUF_BYTES && i < PG; i += 8) {
			uint64_t v = rnd(f) % 4 == 0 ? rnd(f) :
				     rnd(f) % 2 ? rnd(f) % 16 * PG : rnd(f) % (16 * PG);

			memcpy(f->buf + i, &v, 8);
		}
		off = rnd(f) % 2 ? 0 : rnd(f) % 8;
		if (rnd(f) % 3 == 0)		/* a NUL-terminated name */
			f->buf[off + rnd(f) % 300 % (PG - off)] = 0;
		return (unsigned long)(f->buf + off);
	}
}

static int *random_fd(struct fuzz *f)
{
	return &f->fds[rnd(f) % MAX_FDS];
}

static void garbage_step(struct fuzz *f)
{
	int *fd = random_fd(f);
	unsigned int dice = rnd(f) % 100, m = rnd(f) % MAX_MAPS;
	size_t len = (1 + rnd(f) % 8) * PG;
	long ret;
	char c;

	if (dice < 10) {
		if (*fd >= 0)
			close(*fd);
		*fd = open(rnd(f) % 3 ? "/dev/vrange" : "/dev/ashmem", O_RDWR | O_CLOEXEC);
		expect_clean(f, *fd, "open");
	} else if (dice < 15) {
		if (*fd >= 0)
			close(*fd);
		*fd = -1;
	} else if (dice < 25) {
		if (f->maps[m].addr)
			munmap(f->maps[m].addr, f->maps[m].len);
		f->maps[m].addr = mmap(NULL, len, (int)(rnd(f) % 8),
				       rnd(f) % 4 ? MAP_SHARED : MAP_PRIVATE, *fd,
				       (off_t)(rnd(f) % 4 ? 0 : rnd(f) % 16 * PG));
		expect_clean(f, f->maps[m].addr == MAP_FAILED ? -1 : 0, "mmap");
		f->maps[m].len = len;
		if (f->maps[m].addr == MAP_FAILED)
			f->maps[m].addr = NULL;
	} else if (dice < 28) {
		if (f->maps[m].addr)
			munmap(f->maps[m].addr, f->maps[m].len);
		f->maps[m].addr = NULL;
	} else if (dice < 31) {
		/* Touch a mapping from the kernel side: faults become -EFAULT. */
		if (f->maps[m].addr) {
			ret = write(f->pipe[1], f->maps[m].addr, 1);
			expect_clean(f, ret, "write from a mapping");
			ret = read(f->pipe[0], &c, 1);
			ret = ioctl(*fd, VRANGE_STATUS, f->maps[m].addr);
			expect_clean(f, ret, "STATUS into a mapping");
		}
	} else if (dice < 35) {
		ret = rnd(f) % 2 ? read(*fd, &c, 1) : write(*fd, &c, 1);
		expect_clean(f, ret, "read/write");
		ret = lseek(*fd, (off_t)rnd(f) % (1 << 20), (int)(rnd(f) % 3));
		expect_clean(f, ret, "lseek");
	} else {
		ret = ioctl(*fd, random_cmd(f), random_arg(f));
		expect_clean(f, ret, "ioctl");
	}
}

/* Whatever the garbage did, a vrange region obeys the contract now. */
static void check_vrange(int fd)
{
	uint64_t size = 0, v, p;
	unsigned int mode;
	int prot = 0, ret;
	unsigned char *mem = NULL;
	size_t pages, half, i;
	void *addr;

	if (vrange_get_size(fd, &size) || !size)
		return;		/* not sized (or an ashmem fd): nothing to promise */
	pages = (size + PG - 1) / PG;
	pages = pages > 64 ? 64 : pages;
	half = (pages + 1) / 2;
	ck_assert_int_eq(vrange_get_purge_mode(fd, &mode), 0);
	ck_assert_int_eq(vrange_get_prot_mask(fd, &prot), 0);
	ret = vrange_nonvolatile(fd, 0, pages * PG);
	ck_assert_msg(ret == 0 || ret == 1, "seed end: NONVOLATILE = %d", ret);
	ck_assert_int_eq(vrange_status(fd, 0, pages * PG, &v, &p), 0);
	ck_assert_msg(!v && !p, "after NONVOLATILE: %llu volatile, %llu purged",
		      (unsigned long long)v, (unsigned long long)p);
	if ((prot & (PROT_READ | PROT_WRITE)) == (PROT_READ | PROT_WRITE) &&
	    !vrange_map(fd, 0, pages * PG, PROT_READ | PROT_WRITE, &addr)) {
		mem = addr;
		for (i = 0; i < pages; i++)
			memset(mem + i * PG, (int)(i + 1), PG);
	}
	ck_assert_int_eq(vrange_volatile(fd, 0, half * PG), 0);
	ck_assert_int_eq(vrange_status(fd, 0, pages * PG, &v, &p), 0);
	ck_assert_uint_eq(v, half * PG);
	ck_assert_uint_eq(p, 0);
	ck_assert_int_eq(vrange_purge(fd), 0);
	ck_assert_int_eq(vrange_status(fd, 0, pages * PG, &v, &p), 0);
	ck_assert_uint_eq(v, half * PG);
	ck_assert_uint_eq(p, half * PG);
	ck_assert_int_eq(vrange_nonvolatile(fd, 0, half * PG), 1);
	ck_assert_int_eq(vrange_status(fd, 0, pages * PG, &v, &p), 0);
	ck_assert_msg(!v && !p, "after the last NONVOLATILE: %llu volatile, %llu purged",
		      (unsigned long long)v, (unsigned long long)p);
	for (i = 0; mem && i < pages; i++)
		ck_assert_msg(mem[i * PG] == (i < half ? 0 : i + 1) &&
			      mem[i * PG + PG - 1] == (i < half ? 0 : i + 1),
			      "page %zu of %zu holds %u after a purge of %zu pages (mode %u)",
			      i, pages, mem[i * PG], half, mode);
	if (mem)
		munmap(mem, pages * PG);
}

static void fuzz_seed(unsigned long long seed, unsigned long steps)
{
	static struct fuzz f;
	long long regions = sysfs_value("regions"), ranges = sysfs_value("ranges");
	long long vol = sysfs_value("volatile_bytes");
	unsigned int i;

	memset(&f, 0, sizeof(f));
	f.rng = seed * 0x9e3779b97f4a7c15ULL + 1;
	for (i = 0; i < MAX_FDS; i++)
		f.fds[i] = -1;
	f.buf = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	f.unmapped = mmap(NULL, PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ck_assert(f.buf != MAP_FAILED && f.unmapped != MAP_FAILED);
	ck_assert_int_eq(pipe2(f.pipe, O_NONBLOCK | O_CLOEXEC), 0);
	ck_assert_int_eq(mprotect(f.buf + PG, PG, PROT_NONE), 0);
	munmap(f.unmapped, PG);

	for (f.step = 0; f.step < steps; f.step++)
		garbage_step(&f);
	for (i = 0; i < MAX_MAPS; i++)
		if (f.maps[i].addr)
			munmap(f.maps[i].addr, f.maps[i].len);
	for (i = 0; i < MAX_FDS; i++) {
		if (f.fds[i] < 0)
			continue;
		check_vrange(f.fds[i]);
		close(f.fds[i]);
	}
	munmap(f.buf, 2 * PG);
	close(f.pipe[0]);
	close(f.pipe[1]);
	ck_assert_msg(sysfs_value("regions") == regions && sysfs_value("ranges") == ranges &&
		      sysfs_value("volatile_bytes") == vol,
		      "seed %llu: after closing everything: %lld regions, %lld ranges, %lld volatile bytes; before %lld, %lld, %lld",
		      seed, sysfs_value("regions"), sysfs_value("ranges"),
		      sysfs_value("volatile_bytes"), regions, ranges, vol);
}

static unsigned long env_ul(const char *name, unsigned long def)
{
	const char *v = getenv(name);

	return v ? strtoul(v, NULL, 0) : def;
}

START_TEST(fuzzed_calls_fail_cleanly_and_leave_regions_consistent)
{
	unsigned long long seed = (unsigned long long)_i + 1;

	fprintf(stderr, "seed %llu\n", seed);
	fuzz_seed(seed, env_ul("GUEST_FUZZ_STEPS", 3000));
}
END_TEST

Suite *test_suite(void)
{
	Suite *s = suite_create("fuzz");
	TCase *tc = tcase_create("fuzz");

	tcase_set_timeout(tc, 1800);
	tcase_add_loop_test(tc, fuzzed_calls_fail_cleanly_and_leave_regions_consistent,
			    0, (int)env_ul("GUEST_FUZZ_SEEDS", 6));
	suite_add_tcase(s, tc);
	return s;
}
