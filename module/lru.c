// SPDX-License-Identifier: GPL-2.0-only
/*
 * The global purge LRU: every intact volatile range of every region, least
 * recently marked first. The shrinker and VRANGE_PURGE_ALL purge from its
 * old end, whole ranges at a time, across all regions.
 *
 * vrange keeps its own list and lock rather than using list_lru, whose API
 * changed in 6.8, 6.13 and 7.1; one list is all that is needed until
 * purging becomes memory-cgroup and NUMA aware.
 *
 * Lock order: a region's lock, then vrange_lru_lock. The purge path, which
 * finds regions through the list, therefore takes a reference under
 * vrange_lru_lock, drops it, and only then (try)locks the region.
 */

#include <linux/atomic.h>
#include <linux/jiffies.h>
#include <linux/list.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/wait.h>

#include "lru.h"
#include "ranges.h"
#include "region.h"

static LIST_HEAD(vrange_lru);
/* Protects vrange_lru and the lru link of every range on it. */
static DEFINE_SPINLOCK(vrange_lru_lock);

/* Add at the young end. Context: the range's region lock held. */
void vrange_lru_add(struct vrange_range *range)
{
	spin_lock(&vrange_lru_lock);
	list_add_tail(&range->lru, &vrange_lru);
	spin_unlock(&vrange_lru_lock);
}

/* Add as old as @pos, for half of a split. Context: region lock held. */
void vrange_lru_add_after(struct vrange_range *range, struct vrange_range *pos)
{
	spin_lock(&vrange_lru_lock);
	list_add(&range->lru, &pos->lru);
	spin_unlock(&vrange_lru_lock);
}

/* Context: the range's region lock held. */
void vrange_lru_del(struct vrange_range *range)
{
	spin_lock(&vrange_lru_lock);
	list_del(&range->lru);
	spin_unlock(&vrange_lru_lock);
}

/*
 * The least recently marked intact range of @region, or NULL.
 * Context: @region's lock held, so that the range stays as it is.
 */
struct vrange_range *vrange_lru_oldest_of(struct vrange_region *region)
{
	struct vrange_range *range, *found = NULL;

	spin_lock(&vrange_lru_lock);
	list_for_each_entry(range, &vrange_lru, lru) {
		if (range->region == region) {
			found = range;
			break;
		}
	}
	spin_unlock(&vrange_lru_lock);
	return found;
}

/* A reference to the region of the oldest range whose region is live. */
static struct vrange_region *oldest_region(void)
{
	struct vrange_region *region = NULL;
	struct vrange_range *range;

	spin_lock(&vrange_lru_lock);
	list_for_each_entry(range, &vrange_lru, lru) {
		/* A region whose last reference is gone unlinks itself. */
		if (vrange_region_tryget(range->region)) {
			region = range->region;
			break;
		}
	}
	spin_unlock(&vrange_lru_lock);
	return region;
}

/**
 * vrange_lru_purge() - purge whole ranges, least recently marked first
 * @nr_pages:	stop once at least this many pages were purged
 * @may_block:	false from the shrinker: never wait for a lock, back off
 * @contended:	out: set if a lock could not be taken without waiting
 *
 * Context: process context; may sleep unless @may_block is false, and even
 * then takes no lock it would have to wait for and allocates nothing.
 * Return: the number of pages purged.
 */
unsigned long vrange_lru_purge(unsigned long nr_pages, bool may_block,
			       bool *contended)
{
	unsigned long purged = 0;
	unsigned int idle = 0;
	struct vrange_region *region;
	long ret;

	while (purged < nr_pages && (region = oldest_region())) {
		ret = vrange_region_purge_oldest(region, may_block);
		vrange_region_put(region);
		if (ret < 0) {
			*contended = true;
			break;
		}
		/* Its ranges went away under us; give up if that persists. */
		idle = ret ? 0 : idle + 1;
		if (idle > 8)
			break;
		purged += ret;
		if (may_block)
			cond_resched();
	}
	return purged;
}

/*
 * Purges in flight. A range leaves the LRU when its purge begins, but its
 * pages are freed batch by batch after that, which can take a while for a
 * big range. A reclaimer that finds nothing left on the LRU while memory
 * is still on its way back would report no progress, and its allocation
 * could end in an OOM kill with that memory moments from being free. So
 * purges count the pages they have yet to free, and such a reclaimer waits
 * for them, bounded, as vmscan waits for writeback it has started.
 */
static atomic_long_t vrange_purging = ATOMIC_LONG_INIT(0);
static DECLARE_WAIT_QUEUE_HEAD(vrange_purge_wq);

/* A purge took @pages off the LRU and will now free them. Never sleeps. */
void vrange_purge_begin(unsigned long pages)
{
	atomic_long_add(pages, &vrange_purging);
}

/* A purge freed @pages more. Never sleeps. */
void vrange_purge_progress(unsigned long pages)
{
	atomic_long_sub(pages, &vrange_purging);
	if (wq_has_sleeper(&vrange_purge_wq))
		wake_up_all(&vrange_purge_wq);
}

unsigned long vrange_purge_in_flight(void)
{
	long pages = atomic_long_read(&vrange_purging);

	return pages > 0 ? pages : 0;
}

/**
 * vrange_purge_wait() - wait for purges in flight to free memory
 * @nr_pages:	return once this many pages were freed ...
 * @msecs:	... or this much time went by, or nothing is in flight
 *
 * Context: process context; sleeps, but not on a lock.
 * Return: the pages freed while waiting.
 */
unsigned long vrange_purge_wait(unsigned long nr_pages, unsigned int msecs)
{
	long start = atomic_long_read(&vrange_purging), now;

	wait_event_timeout(vrange_purge_wq,
			   atomic_long_read(&vrange_purging) + (long)nr_pages <= start ||
			   atomic_long_read(&vrange_purging) <= 0,
			   msecs_to_jiffies(msecs));
	now = atomic_long_read(&vrange_purging);
	return now < start ? start - now : 0;
}
