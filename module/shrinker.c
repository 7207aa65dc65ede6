// SPDX-License-Identifier: GPL-2.0-only
/*
 * The shrinker: under memory pressure, purge volatile ranges, least
 * recently marked first, across all regions.
 *
 * It reports intact volatile pages, and pages of purges still in flight,
 * as freeable: whether or not they are resident, they are what purging can
 * give back. It never blocks reclaim on a lock: it refuses callers that
 * cannot enter filesystems (discarding pages takes the backing inode's
 * lock), takes every lock with trylock and backs off when one is
 * contended, and allocates nothing.
 *
 * The one time it sleeps is when it could purge nothing itself while
 * someone else's purge is still freeing pages: then it waits, at most
 * VRANGE_PURGE_WAIT_MS, for that purge (see lru.c). Most often the other
 * purger is kswapd, holding the very locks this scan found contended.
 * Backing off without waiting is not enough: a direct reclaimer that makes
 * no progress and finds too little free memory goes straight to the OOM
 * killer (on 7.x, whose zone_reclaimable_pages() no longer counts free
 * pages when the LRUs hold nothing reclaimable), with the memory it needed
 * moments from being free.
 */

#include <linux/err.h>
#include <linux/gfp.h>
#include <linux/shrinker.h>

#include "compat.h"
#include "lru.h"
#include "stats.h"
#include "vrange.h"

#define VRANGE_PURGE_WAIT_MS	100

static struct shrinker *vrange_shrinker;

/* Reclaim context: must not sleep on anything. */
static unsigned long vrange_shrink_count(struct shrinker *shrinker,
					 struct shrink_control *sc)
{
	return vrange_stats_intact_pages() + vrange_purge_in_flight() ?: SHRINK_EMPTY;
}

/*
 * Reclaim context: takes no lock it would wait for, allocates nothing;
 * may wait, bounded, for purges in flight.
 */
static unsigned long vrange_shrink_scan(struct shrinker *shrinker,
					struct shrink_control *sc)
{
	bool contended = false;
	unsigned long freed;

	if (!(sc->gfp_mask & __GFP_FS))
		return SHRINK_STOP;
	vrange_stats_shrinker_scan();
	freed = vrange_lru_purge(sc->nr_to_scan, false, &contended);
	if (!freed && vrange_purge_in_flight())
		freed = vrange_purge_wait(sc->nr_to_scan, VRANGE_PURGE_WAIT_MS);
	return !freed && contended ? SHRINK_STOP : freed;
}

/**
 * vrange_purge_all() - purge every volatile page of every region now
 *
 * For VRANGE_PURGE_ALL and ASHMEM_PURGE_ALL_CACHES. What is volatile when
 * it starts: ranges marked while it runs are not its to wait for, and a
 * busy marker must not keep it here forever.
 *
 * Context: process, may sleep (it takes region and inode locks).
 * Return: the intact volatile pages there were when it started.
 */
unsigned long vrange_purge_all(void)
{
	unsigned long pages = vrange_stats_intact_pages();
	bool contended = false;

	vrange_lru_purge(pages, true, &contended);
	return pages;
}

/* Process context, may sleep. */
int vrange_shrinker_init(void)
{
	vrange_shrinker = vrange_shrinker_create("vrange", vrange_shrink_count,
						 vrange_shrink_scan);
	return PTR_ERR_OR_ZERO(vrange_shrinker);
}

/* Process context, may sleep: waits for running scans to finish. */
void vrange_shrinker_exit(void)
{
	vrange_shrinker_destroy(vrange_shrinker);
}
