/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Module-wide figures, shown under /sys/class/misc/vrange/ (see stats.c).
 */
#ifndef _VRANGE_STATS_H
#define _VRANGE_STATS_H

#include <linux/atomic.h>
#include <linux/sysfs.h>
#include <linux/types.h>

/*
 * Atomics, not locks: each is updated under whatever lock its caller
 * holds, and readers want a figure, not a consistent snapshot.
 */
struct vrange_stats {
	atomic_long_t regions;
	atomic_long_t ranges;
	atomic_long_t volatile_pages;
	atomic_long_t purged_pages;
	atomic_long_t purge_events;
	atomic_long_t purged_pages_total;
	atomic_long_t shrinker_scans;
};

extern struct vrange_stats vrange_stats;
extern const struct attribute_group *vrange_stats_groups[];

static inline void vrange_stats_region_added(void)
{
	atomic_long_inc(&vrange_stats.regions);
}

static inline void vrange_stats_region_removed(void)
{
	atomic_long_dec(&vrange_stats.regions);
}

static inline void vrange_stats_add_range(unsigned long pages, bool purged)
{
	atomic_long_inc(&vrange_stats.ranges);
	atomic_long_add(pages, &vrange_stats.volatile_pages);
	if (purged)
		atomic_long_add(pages, &vrange_stats.purged_pages);
}

static inline void vrange_stats_sub_range(unsigned long pages, bool purged)
{
	atomic_long_dec(&vrange_stats.ranges);
	atomic_long_sub(pages, &vrange_stats.volatile_pages);
	if (purged)
		atomic_long_sub(pages, &vrange_stats.purged_pages);
}

static inline void vrange_stats_purged(unsigned long pages)
{
	atomic_long_inc(&vrange_stats.purge_events);
	atomic_long_add(pages, &vrange_stats.purged_pages_total);
}

static inline void vrange_stats_shrinker_scan(void)
{
	atomic_long_inc(&vrange_stats.shrinker_scans);
}

/* Volatile pages not purged yet: what the shrinker can free. */
static inline unsigned long vrange_stats_intact_pages(void)
{
	long pages = atomic_long_read(&vrange_stats.volatile_pages) -
		     atomic_long_read(&vrange_stats.purged_pages);

	return pages > 0 ? pages : 0;
}

#endif /* _VRANGE_STATS_H */
