// SPDX-License-Identifier: GPL-2.0-only
/*
 * Randomized model test: random volatile, non-volatile, status, purge,
 * read, write and invalid requests on random spans of one region, each
 * result compared with a per-page model kept here. The model is the
 * contract (DESIGN.md section 4) written the simplest way; the module's
 * interval tree must agree with it on every answer and every byte.
 *
 * Each page is non-volatile, volatile, or purged (volatile and discarded).
 * Its first and last words carry a signature of (page, generation), or
 * zero once purged, so data checks stay cheap under emulation.
 *
 * VRANGE_SEED replays a run; VRANGE_MODEL_OPS sets its length (100000).
 */
#include <stdlib.h>
#include <time.h>

#include "vrange_test.h"
#include "xorshift.h"

#define PAGES	256

enum page_state { NONVOLATILE, VOLATILE, PURGED };

struct model {
	unsigned char state[PAGES];
	unsigned char zero[PAGES];	/* contents are zeros */
	unsigned int gen[PAGES];	/* else: this generation's signature */
	uint64_t rng;
	unsigned char *mem;
	int fd;
};

static unsigned long long next_random(struct model *m)
{
	return xorshift64s(&m->rng);
}

static uint64_t signature(size_t page, unsigned int gen)
{
	return ((uint64_t)gen << 32) | (page + 1);
}

static uint64_t *word(struct model *m, size_t page, int last)
{
	return (uint64_t *)(m->mem + page * PG + (last ? PG - 8 : 0));
}

static void write_page(struct model *m, size_t page)
{
	m->gen[page]++;
	m->zero[page] = 0;
	*word(m, page, 0) = signature(page, m->gen[page]);
	*word(m, page, 1) = signature(page, m->gen[page]);
}

/* The page holds what the model says it holds. */
static int page_ok(struct model *m, size_t page)
{
	uint64_t want = m->zero[page] ? 0 : signature(page, m->gen[page]);

	return *word(m, page, 0) == want && *word(m, page, 1) == want;
}

/* A random span: mostly short, sometimes long, always inside the region. */
static void random_span(struct model *m, size_t *first, size_t *count)
{
	size_t max;

	*first = next_random(m) % PAGES;
	max = next_random(m) % 4 ? 16 : PAGES;
	*count = 1 + next_random(m) % max;
	if (*first + *count > PAGES)
		*count = PAGES - *first;
}

static void check_span(struct model *m, unsigned long op, size_t first, size_t count)
{
	uint64_t v, p;
	size_t i, want_v = 0, want_p = 0;

	for (i = first; i < first + count; i++) {
		want_v += m->state[i] != NONVOLATILE;
		want_p += m->state[i] == PURGED;
	}
	ck_assert_int_eq(vrange_status(m->fd, first * PG, count * PG, &v, &p), 0);
	ck_assert_msg(v == want_v * PG && p == want_p * PG,
		      "op %lu: status [%zu, +%zu): %llu/%llu bytes, model %zu/%zu pages",
		      op, first, count, (unsigned long long)v,
		      (unsigned long long)p, want_v, want_p);
}

static void do_op(struct model *m, unsigned long op)
{
	unsigned int dice = next_random(m) % 100;
	size_t first, count, i;
	int ret, purged;

	random_span(m, &first, &count);
	if (dice < 30) {
		ck_assert_int_eq(vrange_volatile(m->fd, first * PG, count * PG), 0);
		for (i = first; i < first + count; i++)
			if (m->state[i] == NONVOLATILE)
				m->state[i] = VOLATILE;
	} else if (dice < 60) {
		purged = 0;
		for (i = first; i < first + count; i++) {
			purged |= m->state[i] == PURGED;
			ck_assert_msg(page_ok(m, i), "op %lu: page %zu (%s) holds %#llx",
				      op, i, m->state[i] == PURGED ? "purged" : "kept",
				      (unsigned long long)*word(m, i, 0));
		}
		ret = vrange_nonvolatile(m->fd, first * PG, count * PG);
		ck_assert_msg(ret == purged, "op %lu: nonvolatile [%zu, +%zu) = %d, model %d",
			      op, first, count, ret, purged);
		for (i = first; i < first + count; i++) {
			/* What an application does: regenerate what was lost. */
			if (m->state[i] == PURGED)
				write_page(m, i);
			m->state[i] = NONVOLATILE;
		}
	} else if (dice < 80) {
		check_span(m, op, first, count);
	} else if (dice < 84) {
		ck_assert_int_eq(dice < 82 ? vrange_purge(m->fd) : vrange_purge_all(m->fd), 0);
		for (i = 0; i < PAGES; i++) {
			if (m->state[i] == VOLATILE) {
				m->state[i] = PURGED;
				m->zero[i] = 1;
			}
		}
	} else if (dice < 92) {
		/* Writes never change state, whatever the state. */
		write_page(m, first);
	} else if (dice < 98) {
		ck_assert_msg(page_ok(m, first), "op %lu: page %zu holds %#llx", op,
			      first, (unsigned long long)*word(m, first, 0));
	} else {
		/* Bad spans fail and change nothing. */
		ret = vrange_volatile(m->fd, first * PG + 512, count * PG);
		ck_assert_int_eq(ret, -EINVAL);
		ret = vrange_nonvolatile(m->fd, first * PG, (PAGES + 1 - first) * PG);
		ck_assert_int_eq(ret, -EINVAL);
	}
}

START_TEST(random_operations_match_the_model)
{
	static struct model m;
	const char *env = getenv("VRANGE_SEED");
	unsigned long ops = 100000, op;
	unsigned long long seed;
	size_t i, v = 0, p = 0;
	struct timespec t0, t1;

	seed = env ? strtoull(env, NULL, 0) : (unsigned long long)time(NULL);
	if (getenv("VRANGE_MODEL_OPS"))
		ops = strtoul(getenv("VRANGE_MODEL_OPS"), NULL, 0);
	fprintf(stderr, "seed %llu (replay with VRANGE_SEED=%llu), %lu operations\n",
		seed, seed, ops);
	m.rng = seed * 2 + 1;
	m.fd = new_region("model", PAGES);
	m.mem = map_region(m.fd, PAGES);
	for (i = 0; i < PAGES; i++)
		write_page(&m, i);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (op = 0; op < ops; op++)
		do_op(&m, op);
	clock_gettime(CLOCK_MONOTONIC, &t1);

	check_span(&m, op, 0, PAGES);
	for (i = 0; i < PAGES; i++) {
		ck_assert_msg(page_ok(&m, i), "end: page %zu", i);
		v += m.state[i] != NONVOLATILE;
		p += m.state[i] == PURGED;
	}
	fprintf(stderr, "%lu operations in %.2f s; at the end %zu volatile, %zu purged pages\n",
		ops, (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9, v, p);
}
END_TEST

Suite *test_suite(void)
{
	Suite *s = suite_create("model");
	TCase *tc = tcase_create("model");

	tcase_set_timeout(tc, 1800);
	tcase_add_test(tc, random_operations_match_the_model);
	suite_add_tcase(s, tc);
	return s;
}
