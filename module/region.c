// SPDX-License-Identifier: GPL-2.0-only
/*
 * Regions: their life cycle and the semantics of every request user space
 * makes of one (DESIGN.md sections 3 to 5). The file plumbing is in
 * device.c, the mapping side in mmap.c.
 *
 * Locking: region->lock (an rw_semaphore) protects a region's state and
 * ranges: written by requests and purges, read by getters and by faults
 * in SIGBUS mode. Nested inside it: the backing inode's lock (while
 * purging), then vrange_lru_lock. It is never held across
 * copy_{from,to}_user(): a fault there takes mmap_lock, which mmap() holds
 * when it takes region->lock. The shrinker takes region->lock and the
 * inode lock with trylock only.
 */

#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/personality.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/shmem_fs.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "compat.h"
#include "lru.h"
#include "region.h"
#include "stats.h"

#define VRANGE_PROT_ALL		(PROT_READ | PROT_WRITE | PROT_EXEC)

/*
 * Process context, may sleep. @ashmem: created through /dev/ashmem.
 * Return: a region with one reference.
 */
struct vrange_region *vrange_region_create(struct file *file, bool ashmem)
{
	struct vrange_region *region;

	region = kzalloc(sizeof(*region), GFP_KERNEL_ACCOUNT);
	if (!region)
		return NULL;
	kref_init(&region->ref);
	region->file = file;
	init_rwsem(&region->lock);
	vrange_set_init(&region->ranges);
	region->prot_mask = VRANGE_PROT_ALL;
	region->purge_mode = VRANGE_ZEROFILL;
	region->ashmem = ashmem;
	vrange_stats_region_added();
	return region;
}

/* Never sleeps. Return: false if the region is already going away. */
bool vrange_region_tryget(struct vrange_region *region)
{
	return kref_get_unless_zero(&region->ref);
}

/* Process context, may sleep: the last reference frees the region. */
static void region_free(struct kref *ref)
{
	struct vrange_region *region = container_of(ref, struct vrange_region, ref);

	down_write(&region->lock);
	vrange_set_destroy(&region->ranges);
	up_write(&region->lock);
	if (region->shmem)
		fput(region->shmem);
	vrange_stats_region_removed();
	kfree(region);
}

/* Process context, may sleep. */
void vrange_region_put(struct vrange_region *region)
{
	kref_put(&region->ref, region_free);
}

/* Process context, may sleep. */
int vrange_region_set_size(struct vrange_region *region, u64 size)
{
	u64 pages = PAGE_ALIGN(size) >> PAGE_SHIFT;
	bool purged;
	int ret = -EINVAL;

	if (!size || pages > VRANGE_MAX_PAGES || size > MAX_LFS_FILESIZE)
		return -EINVAL;

	down_write(&region->lock);
	if (!region->mapped) {
		/* Ranges past the new end go with it; cutting a tail never allocates. */
		ret = 0;
		if (pages < VRANGE_MAX_PAGES)
			ret = vrange_set_unmark(&region->ranges, pages, U32_MAX, &purged);
		if (!ret)
			region->size = size;
	}
	up_write(&region->lock);
	return ret;
}

u64 vrange_region_get_size(struct vrange_region *region)
{
	u64 size;

	down_read(&region->lock);
	size = region->size;
	up_read(&region->lock);
	return size;
}

/* @name: NUL-terminated, shorter than VRANGE_NAME_LEN. May sleep. */
int vrange_region_set_name(struct vrange_region *region, const char *name)
{
	int ret = -EINVAL;

	down_write(&region->lock);
	if (!region->mapped) {
		strscpy(region->name, name, sizeof(region->name));
		ret = 0;
	}
	up_write(&region->lock);
	return ret;
}

/* @name: VRANGE_NAME_LEN bytes. May sleep. */
void vrange_region_get_name(struct vrange_region *region, char *name)
{
	down_read(&region->lock);
	strscpy(name, region->name, VRANGE_NAME_LEN);
	up_read(&region->lock);
}

/* Bits can only be removed: a mask never grants what it once denied. */
int vrange_region_set_prot_mask(struct vrange_region *region, u32 prot)
{
	int ret = -EINVAL;

	if (prot & ~VRANGE_PROT_ALL)
		return -EINVAL;
	/* Such a process gets PROT_EXEC with every PROT_READ mapping. */
	if ((prot & PROT_READ) && (current->personality & READ_IMPLIES_EXEC))
		prot |= PROT_EXEC;

	down_write(&region->lock);
	if (!(prot & ~region->prot_mask)) {
		region->prot_mask = prot;
		ret = 0;
	}
	up_write(&region->lock);
	return ret;
}

u32 vrange_region_get_prot_mask(struct vrange_region *region)
{
	u32 prot;

	down_read(&region->lock);
	prot = region->prot_mask;
	up_read(&region->lock);
	return prot;
}

u32 vrange_region_get_purge_mode(struct vrange_region *region)
{
	u32 mode;

	down_read(&region->lock);
	mode = region->purge_mode;
	up_read(&region->lock);
	return mode;
}

/*
 * Check a span of bytes and convert it to page indexes: page-aligned, not
 * empty, not overflowing, within the page-rounded size.
 */
static int span_to_pages(struct vrange_region *region, u64 offset, u64 length,
			 u32 *first, u32 *last)
{
	u64 end;

	lockdep_assert_held(&region->lock);
	if (!length || !PAGE_ALIGNED(offset) || !PAGE_ALIGNED(length))
		return -EINVAL;
	if (check_add_overflow(offset, length, &end) || end > PAGE_ALIGN(region->size))
		return -EINVAL;
	*first = offset >> PAGE_SHIFT;
	*last = (end >> PAGE_SHIFT) - 1;
	return 0;
}

/* Process context, may sleep. */
int vrange_region_mark(struct vrange_region *region, u64 offset, u64 length)
{
	u32 first, last;
	int ret;

	down_write(&region->lock);
	ret = span_to_pages(region, offset, length, &first, &last);
	if (!ret)
		ret = vrange_set_mark(&region->ranges, first, last, region);
	up_write(&region->lock);
	return ret;
}

/**
 * vrange_region_unmark() - make a span non-volatile
 * @region:	the region
 * @offset:	the span's first byte
 * @length:	its length in bytes
 * @purged:	out: whether any page of the span had been purged
 * @deliver:	if not NULL, hands the answer to the caller, under the
 *		region lock and before anything changes; it must neither
 *		sleep nor fault. If it fails, nothing changes.
 * @arg:	for @deliver
 *
 * Unmarking cannot be undone and its answer cannot be asked for twice:
 * once the span is non-volatile, "purged" is forgotten. So an answer that
 * could not be delivered must leave the span as it was.
 *
 * Context: process context, may sleep.
 * Return: 0, -EINVAL for a bad span, -ENOMEM, or @deliver's error.
 */
int vrange_region_unmark(struct vrange_region *region, u64 offset, u64 length,
			 bool *purged, int (*deliver)(bool purged, void *arg),
			 void *arg)
{
	struct vrange_unmark_plan plan;
	u32 first, last;
	int ret;

	down_write(&region->lock);
	ret = span_to_pages(region, offset, length, &first, &last);
	if (!ret)
		ret = vrange_set_unmark_prepare(&region->ranges, first, last, &plan);
	if (!ret && deliver) {
		ret = deliver(plan.purged, arg);
		if (ret)
			vrange_set_unmark_cancel(&plan);
	}
	if (!ret) {
		*purged = plan.purged;
		vrange_set_unmark_commit(&region->ranges, first, last, &plan);
	}
	up_write(&region->lock);
	return ret;
}

/* Process context, may sleep. */
int vrange_region_status(struct vrange_region *region, u64 offset, u64 length,
			 u64 *volatile_bytes, u64 *purged_bytes)
{
	u64 volatile_pages, purged_pages;
	u32 first, last;
	int ret;

	down_read(&region->lock);
	ret = span_to_pages(region, offset, length, &first, &last);
	if (!ret)
		vrange_set_status(&region->ranges, first, last,
				  &volatile_pages, &purged_pages);
	up_read(&region->lock);
	if (ret)
		return ret;
	*volatile_bytes = volatile_pages << PAGE_SHIFT;
	*purged_bytes = purged_pages << PAGE_SHIFT;
	return 0;
}

/*
 * Pages discarded at a time. A range can be gigabytes: freeing it batch by
 * batch hands memory back while the purge goes on, and that matters,
 * because the range left the LRU when its purge began. Reclaimers racing
 * with a purge see nothing left to purge, and their allocations succeed
 * only if the purge frees memory faster than their retries run out.
 */
#define DISCARD_BATCH	512

/*
 * Discard the backing pages [first, last] as fallocate(PUNCH_HOLE |
 * KEEP_SIZE) does: unmap them from every process, then drop them from the
 * page cache. vfs_fallocate() would take the inode lock itself; the caller
 * holds it already, so that the shrinker can take it with a trylock: a
 * task reclaiming while it holds that lock (writing through
 * /proc/PID/map_files, say) must not deadlock against us.
 *
 * @in_flight: the pages were counted by vrange_purge_begin(); report each
 * batch freed to reclaimers waiting for them (see lru.c).
 *
 * The pages really freed are credited to the reclaimer that runs this, if
 * any: reclaim counts only what it freed from its LRUs, and without the
 * credit it sees no progress, raises its priority and asks the shrinker
 * for ever more, until every volatile page of the system is gone.
 */
static void discard_pages(struct inode *inode, u32 first, u32 last,
			  bool in_flight)
{
	struct address_space *mapping = inode->i_mapping;
	u64 index = first, end;
	unsigned long resident;
	loff_t start, stop;

	lockdep_assert_held(&inode->i_rwsem);
	while (index <= last) {
		end = min_t(u64, index + DISCARD_BATCH - 1, last);
		start = (loff_t)index << PAGE_SHIFT;
		stop = (loff_t)(end + 1) << PAGE_SHIFT;
		resident = READ_ONCE(mapping->nrpages);
		unmap_mapping_range(mapping, start, stop - start, 0);
		shmem_truncate_range(inode, start, stop - 1);
		resident -= min(resident, READ_ONCE(mapping->nrpages));
		vrange_account_reclaimed(resident);
		if (in_flight)
			vrange_purge_progress(end - index + 1);
		index = end + 1;
		cond_resched();
	}
}

/*
 * Switching to SIGBUS: zero-fill faults may have put fresh pages into
 * purged ranges; discard them again, so that touching any purged page
 * raises SIGBUS from now on. Context: region lock held for writing.
 */
static void discard_purged(struct vrange_region *region)
{
	struct inode *inode;
	struct vrange_range *range;

	if (!region->shmem)
		return;
	inode = file_inode(region->shmem);
	inode_lock(inode);
	for (range = vrange_set_first(&region->ranges); range;
	     range = vrange_set_next(range)) {
		if (range->purged)
			discard_pages(inode, range->first, range->last, false);
	}
	inode_unlock(inode);
}

/* The mode in force when a page is touched decides. May sleep. */
int vrange_region_set_purge_mode(struct vrange_region *region, u32 mode)
{
	u32 old;

	if (mode != VRANGE_ZEROFILL && mode != VRANGE_SIGBUS)
		return -EINVAL;

	down_write(&region->lock);
	old = region->purge_mode;
	/* Faults that see the new mode wait for this lock from now on. */
	WRITE_ONCE(region->purge_mode, mode);
	if (mode == VRANGE_SIGBUS && old != VRANGE_SIGBUS)
		discard_purged(region);
	up_write(&region->lock);
	return 0;
}

/*
 * Purge one intact range: record it as purged first, then discard its
 * pages. Both happen under the region lock held for writing, which
 * SIGBUS-mode faults hold for reading from their check to the end of
 * shmem's fault: no fault can find the range intact and then map a fresh
 * zero page into the hole (see mmap.c).
 *
 * Context: region lock held. May sleep if @may_block; otherwise takes no
 * lock it would wait for. Allocates nothing.
 * Return: the purged range now holding @range's pages, or
 * ERR_PTR(-EAGAIN) if the inode lock was contended.
 */
static struct vrange_range *purge_range(struct vrange_region *region,
					struct vrange_range *range,
					bool may_block)
{
	struct inode *inode = region->shmem ? file_inode(region->shmem) : NULL;
	unsigned long pages = vrange_range_pages(range);
	u32 first = range->first, last = range->last;

	lockdep_assert_held(&region->lock);
	if (inode) {
		if (may_block)
			inode_lock(inode);
		else if (!inode_trylock(inode))
			return ERR_PTR(-EAGAIN);
	}
	range = vrange_set_purge(&region->ranges, range);
	if (inode) {
		vrange_purge_begin(pages);
		discard_pages(inode, first, last, true);
		inode_unlock(inode);
	}
	vrange_stats_purged(pages);
	return range;
}

/* VRANGE_PURGE: every intact range of the region. May sleep. */
void vrange_region_purge(struct vrange_region *region)
{
	struct vrange_range *range;

	down_write(&region->lock);
	for (range = vrange_set_first(&region->ranges); range;
	     range = vrange_set_next(range)) {
		if (!range->purged)
			range = purge_range(region, range, true);
	}
	up_write(&region->lock);
}

/**
 * vrange_region_purge_oldest() - purge the region's least recently marked range
 * @region:	a region the caller holds a reference to
 * @may_block:	false from the shrinker: trylock only
 *
 * Context: process context; sleeps only if @may_block.
 * Return: pages purged (0 if the region has no intact range left), or
 * -EAGAIN if a lock was contended.
 */
long vrange_region_purge_oldest(struct vrange_region *region, bool may_block)
{
	struct vrange_range *range;
	long pages = 0;

	if (may_block)
		down_write(&region->lock);
	else if (!down_write_trylock(&region->lock))
		return -EAGAIN;

	range = vrange_lru_oldest_of(region);
	if (range) {
		pages = vrange_range_pages(range);
		if (IS_ERR(purge_range(region, range, may_block)))
			pages = -EAGAIN;
	}
	up_write(&region->lock);
	return pages;
}

/*
 * Whether page @index is purged and still volatile, for the fault path.
 * Context: region lock held (for reading, by a fault).
 */
bool vrange_region_is_purged(struct vrange_region *region, pgoff_t index)
{
	lockdep_assert_held(&region->lock);
	return index < VRANGE_MAX_PAGES &&
	       vrange_set_is_purged(&region->ranges, index);
}

/* /proc/PID/fdinfo/FD. May sleep. */
void vrange_region_show(struct vrange_region *region, struct seq_file *m)
{
	struct vrange_set *ranges = &region->ranges;

	down_read(&region->lock);
	seq_printf(m, "vrange-size:\t%llu\n", region->size);
	seq_puts(m, "vrange-name:\t");
	seq_escape(m, region->name, " \t\n\\");
	seq_putc(m, '\n');
	seq_printf(m, "vrange-purge-mode:\t%s\n",
		   region->purge_mode == VRANGE_SIGBUS ? "sigbus" : "zerofill");
	seq_printf(m, "vrange-prot-mask:\t%#x\n", region->prot_mask);
	seq_printf(m, "vrange-ranges:\t%lu\n", ranges->nr_ranges);
	seq_printf(m, "vrange-volatile-bytes:\t%llu\n",
		   (u64)ranges->volatile_pages << PAGE_SHIFT);
	seq_printf(m, "vrange-purged-bytes:\t%llu\n",
		   (u64)ranges->purged_pages << PAGE_SHIFT);
	up_read(&region->lock);
}
