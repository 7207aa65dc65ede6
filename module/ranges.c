// SPDX-License-Identifier: GPL-2.0-only
/*
 * The volatile ranges of one region.
 *
 * A region's volatile pages are kept as disjoint ranges in an interval tree
 * keyed on page index. Each range is in one state: intact (on the global
 * LRU, waiting to be purged) or purged (its pages discarded, off the LRU).
 * Marking, unmarking and querying a span cost O(log n + k) for n ranges in
 * the region and k ranges touched, never O(pages) and never O(n).
 *
 * The rules (DESIGN.md section 4) and how this representation keeps them:
 *
 * - A mark absorbs the intact ranges it overlaps: with the fresh pages they
 *   become one range at the young end of the LRU. Ranges that merely touch
 *   the mark stay separate: they were marked at another time.
 * - A purged range the mark overlaps is left as it is: its pages really
 *   were discarded, and stay reported as purged until unmarked, while the
 *   fresh pages of the mark never inherit that state (ashmem ORs purged
 *   flags together on merge; reporting here is exact, per page). Such
 *   ranges split the mark into several ranges, all equally young.
 * - Unmarking removes the span from whatever ranges it touches, splitting
 *   at most one; the halves of a split intact range keep its LRU age.
 * - Purged ranges that touch are coalesced: they have no age to keep.
 *
 * Memory: ranges come from a kmem_cache charged to the caller's memory
 * cgroup. Every allocation an operation needs is made before the tree is
 * changed, so an operation either completes or fails with -ENOMEM leaving
 * the set as it was. Purging allocates nothing: it runs under reclaim.
 *
 * Locking: the caller holds the owning region's lock for every function
 * here. All may sleep (GFP_KERNEL_ACCOUNT), except vrange_set_purge(),
 * which neither sleeps nor allocates.
 */

#include <linux/interval_tree_generic.h>
#include <linux/slab.h>

#include "lru.h"
#include "ranges.h"
#include "stats.h"

static struct kmem_cache *vrange_range_cache;

#define RANGE_FIRST(range)	((range)->first)
#define RANGE_LAST(range)	((range)->last)

INTERVAL_TREE_DEFINE(struct vrange_range, rb, u32, subtree_last,
		     RANGE_FIRST, RANGE_LAST, static, vrange_tree)

int vrange_ranges_init(void)
{
	vrange_range_cache = KMEM_CACHE(vrange_range, SLAB_ACCOUNT);
	return vrange_range_cache ? 0 : -ENOMEM;
}

void vrange_ranges_exit(void)
{
	kmem_cache_destroy(vrange_range_cache);
}

void vrange_set_init(struct vrange_set *set)
{
	set->root = RB_ROOT_CACHED;
	set->nr_ranges = 0;
	set->volatile_pages = 0;
	set->purged_pages = 0;
}

/* Put @range into the tree and count it, here and in the global figures. */
static void range_link(struct vrange_set *set, struct vrange_range *range)
{
	unsigned long pages = vrange_range_pages(range);

	vrange_tree_insert(range, &set->root);
	set->nr_ranges++;
	set->volatile_pages += pages;
	if (range->purged)
		set->purged_pages += pages;
	vrange_stats_add_range(pages, range->purged);
}

/* The reverse of range_link(); the range's LRU link is left alone. */
static void range_unlink(struct vrange_set *set, struct vrange_range *range)
{
	unsigned long pages = vrange_range_pages(range);

	vrange_tree_remove(range, &set->root);
	set->nr_ranges--;
	set->volatile_pages -= pages;
	if (range->purged)
		set->purged_pages -= pages;
	vrange_stats_sub_range(pages, range->purged);
}

static void free_spares(struct list_head *spares)
{
	struct vrange_range *range, *tmp;

	list_for_each_entry_safe(range, tmp, spares, lru)
		kmem_cache_free(vrange_range_cache, range);
}

/*
 * The ranges a mark of [first, last] turns into: the union of the span and
 * the intact ranges it overlaps, [*ufirst, *ulast], less the purged ranges
 * inside it. Returns how many pieces that is; *intact counts the intact
 * ranges the pieces can reuse.
 */
static unsigned int count_pieces(struct vrange_set *set, u32 first, u32 last,
				 u32 *ufirst, u32 *ulast, unsigned int *intact)
{
	struct vrange_range *range;
	unsigned int pieces = 0;
	u64 cursor;

	*ufirst = first;
	*ulast = last;
	*intact = 0;
	for (range = vrange_tree_iter_first(&set->root, first, last); range;
	     range = vrange_tree_iter_next(range, first, last)) {
		if (range->purged)
			continue;
		(*intact)++;
		*ufirst = min(*ufirst, range->first);
		*ulast = max(*ulast, range->last);
	}

	cursor = *ufirst;
	for (range = vrange_tree_iter_first(&set->root, first, last); range;
	     range = vrange_tree_iter_next(range, first, last)) {
		if (!range->purged)
			continue;
		if (range->first > cursor)
			pieces++;
		cursor = (u64)range->last + 1;
	}
	if (cursor <= *ulast)
		pieces++;
	return pieces;
}

/* Make [first, last] an intact range at the young end of the LRU. */
static void place_piece(struct vrange_set *set, struct list_head *spares,
			u32 first, u32 last, struct vrange_region *owner)
{
	struct vrange_range *range;

	range = list_first_entry(spares, struct vrange_range, lru);
	list_del(&range->lru);
	range->first = first;
	range->last = last;
	range->purged = 0;
	range->region = owner;
	range_link(set, range);
	vrange_lru_add(range);
}

/**
 * vrange_set_mark() - mark pages [@first, @last] volatile
 * @set:	the region's ranges
 * @first:	first page index
 * @last:	last page index, inclusive
 * @owner:	the region, recorded in new ranges for the shrinker
 *
 * Context: region lock held. May sleep.
 * Return: 0, or -ENOMEM with @set unchanged.
 */
int vrange_set_mark(struct vrange_set *set, u32 first, u32 last,
		    struct vrange_region *owner)
{
	struct vrange_range *range, *next;
	unsigned int pieces, intact, i;
	u32 ufirst, ulast;
	LIST_HEAD(spares);
	u64 cursor;

	pieces = count_pieces(set, first, last, &ufirst, &ulast, &intact);
	for (i = intact; i < pieces; i++) {
		range = kmem_cache_alloc(vrange_range_cache, GFP_KERNEL_ACCOUNT);
		if (!range) {
			free_spares(&spares);
			return -ENOMEM;
		}
		list_add(&range->lru, &spares);
	}

	/* Take the overlapped intact ranges out: they become spares too. */
	for (range = vrange_tree_iter_first(&set->root, first, last); range;
	     range = next) {
		next = vrange_tree_iter_next(range, first, last);
		if (range->purged)
			continue;
		range_unlink(set, range);
		vrange_lru_del(range);
		list_add(&range->lru, &spares);
	}

	/* Only purged ranges are left in [ufirst, ulast]: fill the gaps. */
	cursor = ufirst;
	for (range = vrange_tree_iter_first(&set->root, ufirst, ulast); range;
	     range = vrange_tree_iter_next(range, ufirst, ulast)) {
		if (range->first > cursor)
			place_piece(set, &spares, cursor, range->first - 1, owner);
		cursor = (u64)range->last + 1;
	}
	if (cursor <= ulast)
		place_piece(set, &spares, cursor, ulast, owner);

	free_spares(&spares);
	return 0;
}

/**
 * vrange_set_unmark() - make pages [@first, @last] non-volatile
 * @set:	the region's ranges
 * @first:	first page index
 * @last:	last page index, inclusive
 * @purged:	out: whether any of those pages had been purged
 *
 * Context: region lock held. May sleep.
 * Return: 0, or -ENOMEM with @set unchanged.
 */
int vrange_set_unmark(struct vrange_set *set, u32 first, u32 last,
		      bool *purged)
{
	struct vrange_range *range, *next, *tail;

	*purged = false;
	range = vrange_tree_iter_first(&set->root, first, last);
	if (!range)
		return 0;

	if (range->first < first && range->last > last) {
		/* The span lies inside one range: split it around the span. */
		tail = kmem_cache_alloc(vrange_range_cache, GFP_KERNEL_ACCOUNT);
		if (!tail)
			return -ENOMEM;
		*purged = range->purged;
		range_unlink(set, range);
		tail->first = last + 1;
		tail->last = range->last;
		tail->purged = range->purged;
		tail->region = range->region;
		range->last = first - 1;
		range_link(set, range);
		range_link(set, tail);
		if (!tail->purged)
			vrange_lru_add_after(tail, range);
		return 0;
	}

	for (; range; range = next) {
		next = vrange_tree_iter_next(range, first, last);
		*purged |= range->purged;
		range_unlink(set, range);
		if (range->first < first) {
			range->last = first - 1;
			range_link(set, range);
		} else if (range->last > last) {
			range->first = last + 1;
			range_link(set, range);
		} else {
			if (!range->purged)
				vrange_lru_del(range);
			kmem_cache_free(vrange_range_cache, range);
		}
	}
	return 0;
}

/**
 * vrange_set_status() - count the volatile and purged pages of a span
 * @set:		the region's ranges
 * @first:		first page index
 * @last:		last page index, inclusive
 * @volatile_pages:	out: pages of the span that are volatile
 * @purged_pages:	out: pages of the span that are volatile and purged
 *
 * Context: region lock held.
 */
void vrange_set_status(struct vrange_set *set, u32 first, u32 last,
		       u64 *volatile_pages, u64 *purged_pages)
{
	struct vrange_range *range;
	u64 pages;

	*volatile_pages = 0;
	*purged_pages = 0;
	for (range = vrange_tree_iter_first(&set->root, first, last); range;
	     range = vrange_tree_iter_next(range, first, last)) {
		pages = (u64)min(range->last, last) - max(range->first, first) + 1;
		*volatile_pages += pages;
		if (range->purged)
			*purged_pages += pages;
	}
}

/* A purged range that touches page @index, or NULL. */
static struct vrange_range *purged_at(struct vrange_set *set, u32 index)
{
	struct vrange_range *range = vrange_tree_iter_first(&set->root, index, index);

	return range && range->purged ? range : NULL;
}

/**
 * vrange_set_purge() - record that an intact range's pages were discarded
 * @set:	the region's ranges
 * @range:	an intact range of @set
 *
 * Takes @range off the LRU and coalesces it with purged ranges it touches.
 *
 * Context: region lock held. Neither sleeps nor allocates.
 * Return: the purged range that now holds @range's pages.
 */
struct vrange_range *vrange_set_purge(struct vrange_set *set,
				      struct vrange_range *range)
{
	struct vrange_range *neighbour;

	vrange_lru_del(range);
	range_unlink(set, range);
	range->purged = 1;

	neighbour = range->first ? purged_at(set, range->first - 1) : NULL;
	if (neighbour) {
		range_unlink(set, neighbour);
		range->first = neighbour->first;
		kmem_cache_free(vrange_range_cache, neighbour);
	}
	neighbour = range->last < U32_MAX ? purged_at(set, range->last + 1) : NULL;
	if (neighbour) {
		range_unlink(set, neighbour);
		range->last = neighbour->last;
		kmem_cache_free(vrange_range_cache, neighbour);
	}
	range_link(set, range);
	return range;
}

/* Whether page @index is volatile and purged. Context: region lock held. */
bool vrange_set_is_purged(struct vrange_set *set, u32 index)
{
	return purged_at(set, index);
}

/* In-order walk. Context: region lock held. */
struct vrange_range *vrange_set_first(struct vrange_set *set)
{
	struct rb_node *node = rb_first_cached(&set->root);

	return node ? rb_entry(node, struct vrange_range, rb) : NULL;
}

struct vrange_range *vrange_set_next(struct vrange_range *range)
{
	struct rb_node *node = rb_next(&range->rb);

	return node ? rb_entry(node, struct vrange_range, rb) : NULL;
}

/**
 * vrange_set_destroy() - free every range, for a region going away
 * @set:	the region's ranges
 *
 * Context: region lock held, or no other reference to the region left.
 */
void vrange_set_destroy(struct vrange_set *set)
{
	struct vrange_range *range;

	while ((range = vrange_set_first(set))) {
		range_unlink(set, range);
		if (!range->purged)
			vrange_lru_del(range);
		kmem_cache_free(vrange_range_cache, range);
	}
}
