// SPDX-License-Identifier: GPL-2.0-only
/*
 * pairs N: the range logic of module/ranges.c, built for user space, doing
 * what the VM benchmark's pairs do: N ranges at every STRIDE-th page,
 * marked in random order, then PAIRS mark+unmark pairs of one page at
 * random positions in the gaps. Run under valgrind --tool=callgrind
 * --toggle-collect=run_pairs, it counts the instructions and cache misses
 * of the pairs alone: what the VM cannot show, free of emulator noise.
 */
#include <stdio.h>
#include <stdlib.h>

#include "lru.h"
#include "ranges.h"
#include "stats.h"
#include "../../guest/xorshift.h"

#define STRIDE	257
#define PAIRS	10000

struct vrange_stats vrange_stats;
static LIST_HEAD(lru);

void vrange_lru_add(struct vrange_range *range)
{
	list_add_tail(&range->lru, &lru);
}

void vrange_lru_add_after(struct vrange_range *range, struct vrange_range *pos)
{
	list_add(&range->lru, &pos->lru);
}

void vrange_lru_del(struct vrange_range *range)
{
	list_del(&range->lru);
}

struct kmem_cache {
	size_t size;
};

struct kmem_cache *kmem_cache_create(const char *name, unsigned int size,
				     unsigned int align, unsigned int flags,
				     void (*ctor)(void *))
{
	struct kmem_cache *cache = malloc(sizeof(*cache));

	(void)name, (void)align, (void)flags, (void)ctor;
	if (cache)
		cache->size = size;
	return cache;
}

void kmem_cache_destroy(struct kmem_cache *cache)
{
	free(cache);
}

void *kmem_cache_alloc_lru(struct kmem_cache *cache, struct list_lru *lru, int flags)
{
	(void)lru, (void)flags;
	return malloc(cache->size);
}

void kmem_cache_free(struct kmem_cache *cache, void *obj)
{
	(void)cache;
	free(obj);
}

static uint64_t random64(void)
{
	static uint64_t state = 0x9e3779b97f4a7c15ULL;

	return xorshift64s(&state);
}

/* What callgrind measures. noinline: it must exist to be toggled on. */
__attribute__((__noinline__))
int run_pairs(struct vrange_set *set, const uint32_t *pos)
{
	int i, err = 0;
	bool purged;

	for (i = 0; i < PAIRS; i++) {
		err |= vrange_set_mark(set, pos[i], pos[i], NULL);
		err |= vrange_set_unmark(set, pos[i], pos[i], &purged);
	}
	return err;
}

int main(int argc, char **argv)
{
	uint32_t n = argc == 2 ? strtoul(argv[1], NULL, 10) : 0, i, j, tmp;
	uint32_t *order = malloc(n * sizeof(*order));
	uint32_t *pos = malloc(PAIRS * sizeof(*pos));
	struct vrange_set set;

	if (!n || !order || !pos || vrange_ranges_init()) {
		fprintf(stderr, "usage: pairs N (N > 0 ranges)\n");
		return 2;
	}
	vrange_set_init(&set);
	for (i = 0; i < n; i++)
		order[i] = i;
	for (i = n; i > 1; i--) {
		j = random64() % i;
		tmp = order[i - 1];
		order[i - 1] = order[j];
		order[j] = tmp;
	}
	for (i = 0; i < n; i++)
		if (vrange_set_mark(&set, order[i] * STRIDE, order[i] * STRIDE, NULL))
			return 1;
	for (i = 0; i < PAIRS; i++)
		pos[i] = random64() % n * STRIDE + 1 + random64() % (STRIDE - 1);
	if (run_pairs(&set, pos) || set.nr_ranges != n)
		return 1;
	printf("%u ranges, %d pairs\n", n, PAIRS);
	vrange_set_destroy(&set);
	vrange_ranges_exit();
	free(order);
	free(pos);
	return 0;
}
