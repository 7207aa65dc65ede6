// SPDX-License-Identifier: GPL-2.0-only
/*
 * The volatile ranges of one region.
 *
 * A region's volatile pages are kept as disjoint ranges in an rbtree
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

#include <linux/rbtree.h>
#include <linux/slab.h>

#include "lru.h"
#include "ranges.h"
#include "stats.h"

static struct kmem_cache *vrange_range_cache;

/*
 * The tree. Ranges are disjoint, so ordered by first page they are ordered
 * by last page too: a plain rbtree answers "which ranges overlap [first,
 * last]?" with one node per level, where an interval tree's augmentation
 * would cost a second node per level and upkeep on every change.
 */

/* The first range overlapping [first, last], or NULL. */
static struct vrange_range *first_in(struct vrange_set *set, u32 first, u32 last)
{
	struct rb_node *node = set->root.rb_root.rb_node;
	struct vrange_range *range, *found = NULL;

	/* The leftmost range ending at or after @first ... */
	while (node) {
		range = rb_entry(node, struct vrange_range, rb);
		if (range->last >= first) {
			found = range;
			node = node->rb_left;
		} else {
			node = node->rb_right;
		}
	}
	/* ... overlaps unless it starts after @last. */
	return found && found->first <= last ? found : NULL;
}

/*
 * The range after @range, itself overlapping a span that ends at @last,
 * if that one overlaps the span too; else NULL. None can follow a range
 * that reaches @last: saying so spares the walk to the successor on every
 * operation whose span ends inside a range.
 */
static struct vrange_range *next_in(struct vrange_range *range, u32 last)
{
	struct rb_node *node;

	if (range->last >= last)
		return NULL;
	node = rb_next(&range->rb);
	range = node ? rb_entry(node, struct vrange_range, rb) : NULL;
	return range && range->first <= last ? range : NULL;
}

static bool range_less(struct rb_node *a, const struct rb_node *b)
{
	return rb_entry(a, struct vrange_range, rb)->first <
	       rb_entry(b, struct vrange_range, rb)->first;
}

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

/*
 * Put @range into the tree if no range there overlaps it, else leave the
 * tree alone. One walk down both finds where @range goes and rules out
 * every overlap: going left at a node, everything to its right starts
 * after @range ends; going right, everything to its left ended before.
 * Return: whether @range was linked (not yet counted, see range_count()).
 */
static bool link_if_clear(struct vrange_set *set, struct vrange_range *range)
{
	struct rb_node **link = &set->root.rb_root.rb_node, *parent = NULL;
	struct vrange_range *node;
	bool leftmost = true;

	while (*link) {
		parent = *link;
		node = rb_entry(parent, struct vrange_range, rb);
		if (range->last < node->first) {
			link = &parent->rb_left;
		} else if (range->first > node->last) {
			link = &parent->rb_right;
			leftmost = false;
		} else {
			return false;
		}
	}
	rb_link_node(&range->rb, parent, link);
	rb_insert_color_cached(&range->rb, &set->root, leftmost);
	return true;
}

/* Count @range, just linked, here and in the global figures. */
static void range_count(struct vrange_set *set, struct vrange_range *range)
{
	unsigned long pages = vrange_range_pages(range);

	set->nr_ranges++;
	set->volatile_pages += pages;
	if (range->purged)
		set->purged_pages += pages;
	vrange_stats_add_range(pages, range->purged);
}

/* Put @range into the tree and count it. */
static void range_link(struct vrange_set *set, struct vrange_range *range)
{
	rb_add_cached(&range->rb, &set->root, range_less);
	range_count(set, range);
}

/* The reverse of range_link(); the range's LRU link is left alone. */
static void range_unlink(struct vrange_set *set, struct vrange_range *range)
{
	unsigned long pages = vrange_range_pages(range);

	rb_erase_cached(&range->rb, &set->root);
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
	for (range = first_in(set, first, last); range;
	     range = next_in(range, last)) {
		if (range->purged)
			continue;
		(*intact)++;
		*ufirst = min(*ufirst, range->first);
		*ulast = max(*ulast, range->last);
	}

	cursor = *ufirst;
	for (range = first_in(set, first, last); range;
	     range = next_in(range, last)) {
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

/* Make @range [first, last] of @owner, intact; it is not linked yet. */
static void init_intact(struct vrange_range *range, u32 first, u32 last,
			struct vrange_region *owner)
{
	range->first = first;
	range->last = last;
	range->purged = 0;
	range->region = owner;
}

/* Make [first, last] an intact range at the young end of the LRU. */
static void place_piece(struct vrange_set *set, struct list_head *spares,
			u32 first, u32 last, struct vrange_region *owner)
{
	struct vrange_range *range;

	range = list_first_entry(spares, struct vrange_range, lru);
	list_del(&range->lru);
	init_intact(range, first, last, owner);
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

	range = kmem_cache_alloc(vrange_range_cache, GFP_KERNEL_ACCOUNT);
	if (!range)
		return -ENOMEM;
	init_intact(range, first, last, owner);
	/*
	 * Nothing volatile in the span yet, the common case (a cache entry
	 * going idle): one new range, one walk down the tree.
	 */
	if (link_if_clear(set, range)) {
		range_count(set, range);
		vrange_lru_add(range);
		return 0;
	}

	/* Otherwise merge, and the range just allocated is the first spare. */
	list_add(&range->lru, &spares);
	pieces = count_pieces(set, first, last, &ufirst, &ulast, &intact);
	for (i = intact + 1; i < pieces; i++) {
		range = kmem_cache_alloc(vrange_range_cache, GFP_KERNEL_ACCOUNT);
		if (!range) {
			free_spares(&spares);
			return -ENOMEM;
		}
		list_add(&range->lru, &spares);
	}

	/* Take the overlapped intact ranges out: they become spares too. */
	for (range = first_in(set, first, last); range;
	     range = next) {
		next = next_in(range, last);
		if (range->purged)
			continue;
		range_unlink(set, range);
		vrange_lru_del(range);
		list_add(&range->lru, &spares);
	}

	/* Only purged ranges are left in [ufirst, ulast]: fill the gaps. */
	cursor = ufirst;
	for (range = first_in(set, ufirst, ulast); range;
	     range = next_in(range, ulast)) {
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
 * vrange_set_unmark_prepare() - get ready to make pages [@first, @last]
 * non-volatile, changing nothing yet
 * @set:	the region's ranges
 * @first:	first page index
 * @last:	last page index, inclusive
 * @plan:	out: what vrange_set_unmark_commit() will do, and its answer
 *
 * Unmarking cannot be undone, so its one allocation happens here, and its
 * answer (@plan->purged: whether any of those pages had been purged) is
 * known here, for the caller to deliver before committing.
 *
 * Context: region lock held, until the commit or cancel. May sleep.
 * Return: 0, or -ENOMEM with nothing to commit or cancel.
 */
int vrange_set_unmark_prepare(struct vrange_set *set, u32 first, u32 last,
			      struct vrange_unmark_plan *plan)
{
	struct vrange_range *range;

	plan->first = first_in(set, first, last);
	plan->spare = NULL;
	plan->purged = false;
	for (range = plan->first; range; range = next_in(range, last))
		plan->purged |= range->purged;
	range = plan->first;
	if (range && range->first < first && range->last > last) {
		/* The span lies inside one range: it will be split around it. */
		plan->spare = kmem_cache_alloc(vrange_range_cache, GFP_KERNEL_ACCOUNT);
		if (!plan->spare)
			return -ENOMEM;
	}
	return 0;
}

/* Drop a prepared unmarking. Context: region lock held. */
void vrange_set_unmark_cancel(struct vrange_unmark_plan *plan)
{
	if (plan->spare)
		kmem_cache_free(vrange_range_cache, plan->spare);
}

/*
 * Make pages [@first, @last] non-volatile, as prepared: cannot fail.
 * Context: region lock held since the prepare.
 */
void vrange_set_unmark_commit(struct vrange_set *set, u32 first, u32 last,
			      struct vrange_unmark_plan *plan)
{
	struct vrange_range *range = plan->first, *next, *tail = plan->spare;

	if (tail) {
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
		return;
	}

	for (; range; range = next) {
		next = next_in(range, last);
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
	struct vrange_unmark_plan plan;
	int ret;

	ret = vrange_set_unmark_prepare(set, first, last, &plan);
	if (ret)
		return ret;
	*purged = plan.purged;
	vrange_set_unmark_commit(set, first, last, &plan);
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
	for (range = first_in(set, first, last); range;
	     range = next_in(range, last)) {
		pages = (u64)min(range->last, last) - max(range->first, first) + 1;
		*volatile_pages += pages;
		if (range->purged)
			*purged_pages += pages;
	}
}

/* A purged range that touches page @index, or NULL. */
static struct vrange_range *purged_at(struct vrange_set *set, u32 index)
{
	struct vrange_range *range = first_in(set, index, index);

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
