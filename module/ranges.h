/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The volatile ranges of one region (see ranges.c).
 */
#ifndef _VRANGE_RANGES_H
#define _VRANGE_RANGES_H

#include <linux/bits.h>
#include <linux/list.h>
#include <linux/rbtree.h>
#include <linux/types.h>

struct vrange_region;

/**
 * struct vrange_range - pages marked volatile together, all in one state
 * @rb:		node in the region's tree, ordered by @first
 * @first:	first page index
 * @last:	last page index, inclusive
 * @purged:	1 once the pages were discarded; they stay volatile, and
 *		purged, until unmarked
 * @lru:	place in the global LRU, while intact (see lru.c); otherwise
 *		unused, or a link on a private list of spare ranges
 * @region:	the owner, for the shrinker, which finds ranges by the LRU
 *
 * 64 bytes on 64-bit machines, 4 of them padding. Page indexes are 32-bit,
 * which caps a region at 2^32 pages (16 TiB with 4 KiB pages).
 */
struct vrange_range {
	struct rb_node rb;
	u32 first;
	u32 last;
	u32 purged;
	struct list_head lru;
	struct vrange_region *region;
};

/* Pages a region may span: page indexes must fit the 32 bits above. */
#define VRANGE_MAX_PAGES	BIT_ULL(32)

/**
 * struct vrange_set - the volatile ranges of one region
 * @root:		tree of disjoint ranges, ordered by page index
 * @nr_ranges:		ranges in @root
 * @volatile_pages:	pages in @root
 * @purged_pages:	pages in @root's purged ranges
 *
 * Protected by the owning region's lock.
 */
struct vrange_set {
	struct rb_root_cached root;
	unsigned long nr_ranges;
	unsigned long volatile_pages;
	unsigned long purged_pages;
};

/*
 * An unmarking prepared and not done yet: see vrange_set_unmark_prepare().
 * @first:	the first range in the span, or NULL if none
 * @spare:	the range a split needs, allocated ahead, or NULL
 * @purged:	the answer: whether any page of the span had been purged
 */
struct vrange_unmark_plan {
	struct vrange_range *first;
	struct vrange_range *spare;
	bool purged;
};

int vrange_ranges_init(void);
void vrange_ranges_exit(void);

void vrange_set_init(struct vrange_set *set);
void vrange_set_destroy(struct vrange_set *set);
int vrange_set_mark(struct vrange_set *set, u32 first, u32 last,
		    struct vrange_region *owner);
int vrange_set_unmark(struct vrange_set *set, u32 first, u32 last,
		      bool *purged);
int vrange_set_unmark_prepare(struct vrange_set *set, u32 first, u32 last,
			      struct vrange_unmark_plan *plan);
void vrange_set_unmark_commit(struct vrange_set *set, u32 first, u32 last,
			      struct vrange_unmark_plan *plan);
void vrange_set_unmark_cancel(struct vrange_unmark_plan *plan);
void vrange_set_status(struct vrange_set *set, u32 first, u32 last,
		       u64 *volatile_pages, u64 *purged_pages);
struct vrange_range *vrange_set_purge(struct vrange_set *set,
				      struct vrange_range *range);
bool vrange_set_is_purged(struct vrange_set *set, u32 index);
struct vrange_range *vrange_set_first(struct vrange_set *set);
struct vrange_range *vrange_set_next(struct vrange_range *range);

static inline unsigned long vrange_range_pages(const struct vrange_range *range)
{
	return (unsigned long)range->last - range->first + 1;
}

#endif /* _VRANGE_RANGES_H */
