// SPDX-License-Identifier: GPL-2.0-only
/*
 * A worker process: maps every shared region and runs cfg->threads
 * threads of random operations. Each thread owns some slots (see
 * stress.h) and keeps, for each, whether it is volatile and which
 * generation of its pattern it holds; every answer of the module about
 * an owned slot, and every byte of it that is not volatile, is checked
 * against that.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "inject.h"
#include "stress.h"
#include "vrange.h"

struct slot {
	unsigned int region;
	size_t page;		/* first page */
	uint32_t gen;		/* the pattern generation it holds */
	int vol;		/* marked volatile by its owner */
};

struct thread_ctx {
	unsigned int id;	/* worker thread, unique in the run */
	uint64_t rng;
	struct slot *slots;
	size_t nr_slots;
	unsigned long long ops;	/* not yet added to shared->ops */
	pthread_t tid;
};

static const int *fds;
static unsigned char *maps[MAX_REGIONS];

#define SLOT_BYTES (SLOT_PAGES * page_size)

/*
 * Random allocation failures for this thread, with --faults (inject.h).
 * On for the whole run (a toggle per call would triple the syscalls):
 * whatever else a worker does that allocates (fork, dup, mmap) copes with
 * -ENOMEM already.
 */
void inject_thread(int on)
{
	if (cfg->faults && inject_make_it_fail(on))
		stress_fail("make-it-fail: cannot turn injection %s", on ? "on" : "off");
}

static size_t region_bytes(void)
{
	return cfg->region_pages * page_size;
}

/* Word @i of page @page of @region at generation @gen. */
static uint64_t pattern(unsigned int region, size_t page, uint32_t gen, size_t i)
{
	uint64_t x = ((uint64_t)region << 56) ^ ((uint64_t)page << 32) ^ gen;

	x = (x + i + 1) * 0x9e3779b97f4a7c15ULL;
	return x ^ (x >> 31);
}

static void write_slot(struct slot *s)
{
	size_t p, i, words = page_size / 8;
	uint64_t *w;

	s->gen++;
	for (p = 0; p < SLOT_PAGES; p++) {
		w = (uint64_t *)(maps[s->region] + (s->page + p) * page_size);
		for (i = 0; i < words; i++)
			w[i] = pattern(s->region, s->page + p, s->gen, i);
	}
}

/*
 * Check a slot through @base (a mapping of its region). Every page must
 * hold the slot's pattern, or, if @may_be_zero, be all zeros (purged).
 * Return: 0, or -1 after stress_fail().
 */
static int check_slot(const unsigned char *base, const struct slot *s,
		      int may_be_zero, const char *when)
{
	size_t p, i, words = page_size / 8, bad;
	const uint64_t *w;
	int zero;

	for (p = 0; p < SLOT_PAGES; p++) {
		w = (const uint64_t *)(base + (s->page + p) * page_size);
		zero = may_be_zero && w[0] == 0;
		for (i = 0, bad = words; i < words && bad == words; i++)
			if (w[i] != (zero ? 0 : pattern(s->region, s->page + p, s->gen, i)))
				bad = i;
		if (bad != words) {
			stress_fail("%s: region %u page %zu word %zu holds %#llx, want %s gen %u",
				    when, s->region, s->page + p, bad,
				    (unsigned long long)w[bad], zero ? "zeros or" : "pattern",
				    s->gen);
			return -1;
		}
	}
	stress_count(&shared->verified_bytes, SLOT_BYTES);
	return 0;
}

/* What STATUS says of an owned slot must match what its owner did. */
static int check_status(const struct slot *s, const char *after)
{
	uint64_t v = 0, p = 0;
	int ret, tries = 0;

	do {	/* -EFAULT: see clean_enomem(); STATUS changes nothing anyway */
		ret = vrange_status(fds[s->region], s->page * page_size, SLOT_BYTES, &v, &p);
	} while (ret == -EFAULT && cfg->faults && ++tries < 100);
	if (ret || v != (s->vol ? SLOT_BYTES : 0) || p > v) {
		stress_fail("STATUS of a %s slot (region %u page %zu) after %s: %d, %llu volatile, %llu purged bytes",
			    s->vol ? "volatile" : "non-volatile", s->region, s->page,
			    after, ret, (unsigned long long)v, (unsigned long long)p);
		return -1;
	}
	return 0;
}

/*
 * Clean answers only when failures are being injected: -ENOMEM, and
 * -EFAULT when the caller's own memory could not be faulted in (after a
 * fork, the argument on the stack is copy-on-write, and writing the answer
 * needs a page). Either way, nothing may have changed.
 */
static int clean_enomem(int ret, const char *what)
{
	if ((ret == -ENOMEM || ret == -EFAULT) && cfg->faults) {
		stress_count(&shared->enomem, 1);
		return 1;
	}
	stress_fail("%s: unexpected %d", what, ret);
	return 0;
}

static void op_volatile(struct slot *s)
{
	int ret;

	ret = vrange_volatile(fds[s->region], s->page * page_size, SLOT_BYTES);
	if (!ret)
		s->vol = 1;
	else if (clean_enomem(ret, "VOLATILE"))
		check_status(s, ret == -EFAULT ? "VOLATILE failed with -EFAULT" :
					   "VOLATILE failed with -ENOMEM");
}

static void op_nonvolatile(struct slot *s)
{
	int ret, was = s->vol;

	ret = vrange_nonvolatile(fds[s->region], s->page * page_size, SLOT_BYTES);
	if (ret < 0) {
		if (clean_enomem(ret, "NONVOLATILE"))
			check_status(s, ret == -EFAULT ? "NONVOLATILE failed with -EFAULT" :
						   "NONVOLATILE failed with -ENOMEM");
		return;
	}
	s->vol = 0;
	if (!was && ret) {
		stress_fail("NONVOLATILE of a slot that was never volatile said purged");
		return;
	}
	/* Not purged: every byte kept. Purged: each page kept or zeros. */
	if (check_slot(maps[s->region], s, ret == 1, ret ? "purged slot" : "intact slot"))
		return;
	if (ret == 1) {
		stress_count(&shared->purged_unmarks, 1);
		write_slot(s);	/* what an application does: regenerate */
	}
}

/* A second mapping, made read-only, then gone: the owner's data through it. */
static void op_mapping(struct slot *s)
{
	void *addr;
	int ret;

	ret = vrange_map(fds[s->region], 0, region_bytes(),
			 PROT_READ | PROT_WRITE, &addr);
	if (ret) {
		clean_enomem(ret, "mmap");
		return;
	}
	stress_count(&shared->maps, 1);
	if (!s->vol && !check_slot(addr, s, 0, "second mapping") &&
	    !mprotect(addr, region_bytes(), PROT_READ))
		check_slot(addr, s, 0, "read-only mapping");
	munmap(addr, region_bytes());
}

/* A child sees the owner's data and state as the owner does. */
static void op_fork(struct thread_ctx *t, struct slot *s)
{
	int status = -1;
	pid_t pid, got;

	/*
	 * fork() makes hundreds of allocations: with injection, it would never
	 * succeed; and it leaves our stack copy-on-write, where waitpid()
	 * writes the status. Injection is off until the child is reaped.
	 */
	inject_thread(0);
	pid = fork();
	if (pid < 0) {
		inject_thread(1);
		return;		/* fork may fail under pressure; nothing to check */
	}
	if (pid == 0) {
		uint64_t v, p;
		size_t i;

		for (i = 0; i < t->nr_slots; i++) {
			struct slot *c = &t->slots[i];

			if (vrange_status(fds[c->region], c->page * page_size,
					  SLOT_BYTES, &v, &p) ||
			    v != (c->vol ? SLOT_BYTES : 0))
				_exit(2);
			if (!c->vol && check_slot(maps[c->region], c, 0, "forked child"))
				_exit(3);
		}
		_exit(0);
	}
	stress_count(&shared->forks, 1);
	do {
		got = waitpid(pid, &status, 0);
	} while (got < 0 && errno == EINTR);
	if (got != pid || !WIFEXITED(status) || WEXITSTATUS(status))
		stress_fail("forked child: waitpid %d (%s), status %#x (slot region %u page %zu)",
			    got, got < 0 ? strerror(errno) : "ok", status, s->region, s->page);
	inject_thread(1);
}

/* A dup of the fd answers as the fd does; closing it changes nothing. */
static void op_dup(struct slot *s)
{
	int fd = dup(fds[s->region]);

	if (fd < 0)
		return;
	check_status(s, "dup");
	close(fd);
	check_status(s, "close of a dup");
}

/* A short-lived region of one's own: created, used, closed, unmapped. */
static void op_fresh_region(void)
{
	size_t bytes = 16 * page_size;
	void *addr = NULL;
	int fd, ret;

	fd = vrange_create("stress fresh", bytes);
	ret = fd < 0 ? fd : vrange_map(fd, 0, bytes, PROT_READ | PROT_WRITE, &addr);
	if (!ret) {
		((volatile unsigned char *)addr)[0] = 1;
		ret = vrange_volatile(fd, 0, bytes / 2);
	}
	if (ret && !clean_enomem(ret, "fresh region"))
		return;
	if (fd >= 0)
		close(fd);
	if (addr)
		munmap(addr, bytes);	/* the region dies here */
	stress_count(&shared->fresh_regions, 1);
}

/* Anything, anywhere, that cannot change another owner's data. */
static void op_anywhere(struct thread_ctx *t, unsigned int dice)
{
	unsigned int region = xorshift64s(&t->rng) % cfg->regions;
	size_t first = xorshift64s(&t->rng) % cfg->region_pages;
	size_t count = 1 + xorshift64s(&t->rng) % (cfg->region_pages - first);
	/* The caller's memory may fail to fault in first: see clean_enomem(). */
	int efault_ok = cfg->faults;
	uint64_t v, p;
	int ret;

	if (dice < 20) {
		ret = vrange_volatile(fds[region], first * page_size + page_size / 2, page_size);
		if (ret != -EINVAL && !(ret == -EFAULT && efault_ok))
			stress_fail("VOLATILE of a misaligned span: %d", ret);
	} else if (dice < 40) {
		ret = vrange_nonvolatile(fds[region], (first + 1) * page_size, region_bytes());
		if (ret != -EINVAL && !(ret == -EFAULT && efault_ok))
			stress_fail("NONVOLATILE past the end: %d", ret);
	} else if (dice < 60) {
		ret = vrange_purge(fds[region]);
		if (ret)
			stress_fail("PURGE: %d", ret);
	} else {
		ret = vrange_status(fds[region], first * page_size, count * page_size, &v, &p);
		if (ret == -EFAULT && efault_ok)
			return;
		if (ret || v > count * page_size || p > v)
			stress_fail("STATUS anywhere: %d, %llu volatile, %llu purged of %zu bytes",
				    ret, (unsigned long long)v, (unsigned long long)p,
				    count * page_size);
	}
}

/*
 * The mix, in tenths of a percent. Forks, extra mappings and short-lived
 * regions cost a hundred times an ioctl on the debug kernel: rare, but
 * still tens of thousands of times in a long run.
 */
static void one_op(struct thread_ctx *t)
{
	unsigned int dice = xorshift64s(&t->rng) % 1000;
	struct slot *s = &t->slots[xorshift64s(&t->rng) % t->nr_slots];

	if (dice < 230)
		op_volatile(s);
	else if (dice < 460)
		op_nonvolatile(s);
	else if (dice < 620) {
		if (!s->vol)
			check_slot(maps[s->region], s, 0, "non-volatile slot");
	} else if (dice < 680) {
		if (!s->vol)
			write_slot(s);
	} else if (dice < 760)
		check_status(s, "random operations");
	else if (dice < 770)
		op_mapping(s);
	else if (dice < 773)
		op_fork(t, s);
	else if (dice < 800)
		op_dup(s);
	else if (dice < 805)
		op_fresh_region();
	else
		op_anywhere(t, dice - 805);
}

static void *thread_main(void *arg)
{
	struct thread_ctx *t = arg;
	size_t i;

	for (i = 0; i < t->nr_slots; i++)
		write_slot(&t->slots[i]);
	inject_thread(1);
	while (!stress_stopping()) {
		one_op(t);
		if (++t->ops == 64) {
			stress_count(&shared->ops, t->ops);
			t->ops = 0;
		}
	}
	stress_count(&shared->ops, t->ops);
	inject_thread(0);
	/* The end: take every slot back and check all of it once more. */
	for (i = 0; i < t->nr_slots && !__atomic_load_n(&shared->failed, __ATOMIC_RELAXED); i++) {
		while (t->slots[i].vol && !shared->failed)
			op_nonvolatile(&t->slots[i]);
		check_slot(maps[t->slots[i].region], &t->slots[i], 0, "the end");
	}
	return NULL;
}

/* Deal out the slots of every region to the run's worker threads. */
static int deal_slots(struct thread_ctx *t, unsigned int proc)
{
	unsigned int workers = cfg->procs * cfg->threads, per = cfg->region_pages / SLOT_PAGES;
	unsigned int r, k, g, th;

	for (th = 0; th < cfg->threads; th++) {
		t[th].id = proc * cfg->threads + th;
		t[th].rng = (cfg->seed + 1) * 0x2545f4914f6cdd1dULL + t[th].id * 7919 + 1;
		t[th].slots = calloc(cfg->regions * per / workers + 1, sizeof(struct slot));
		if (!t[th].slots)
			return -1;
	}
	for (r = 0; r < cfg->regions; r++) {
		for (k = 0; k < per; k++) {
			g = r * per + k;
			if (g % workers / cfg->threads != proc)
				continue;
			th = g % workers % cfg->threads;
			t[th].slots[t[th].nr_slots++] = (struct slot){ r, k * SLOT_PAGES, 0, 0 };
		}
	}
	return 0;
}

int stress_worker(unsigned int proc, const int *region_fds)
{
	struct thread_ctx *t = calloc(cfg->threads, sizeof(*t));
	unsigned int r, th;
	void *addr;

	fds = region_fds;
	if (!t || deal_slots(t, proc)) {
		stress_fail("worker %u: out of memory", proc);
		return 1;
	}
	for (r = 0; r < cfg->regions; r++) {
		if (vrange_map(fds[r], 0, region_bytes(), PROT_READ | PROT_WRITE, &addr)) {
			stress_fail("worker %u: cannot map region %u", proc, r);
			return 1;
		}
		maps[r] = addr;
	}
	for (th = 0; th < cfg->threads; th++) {
		if (pthread_create(&t[th].tid, NULL, thread_main, &t[th])) {
			stress_fail("worker %u: cannot start thread %u", proc, th);
			return 1;
		}
	}
	for (th = 0; th < cfg->threads; th++)
		pthread_join(t[th].tid, NULL);
	return 0;
}
