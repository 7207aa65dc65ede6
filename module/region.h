/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A region: what one open() of /dev/vrange creates (see region.c).
 */
#ifndef _VRANGE_REGION_H
#define _VRANGE_REGION_H

#include <linux/kref.h>
#include <linux/mm.h>
#include <linux/rwsem.h>
#include <linux/types.h>

#include <linux/vrange.h>

#include "ranges.h"

struct file;
struct seq_file;

/**
 * struct vrange_region - shmem-backed memory with volatile ranges
 * @ref:	lifetime of this structure. The region's file holds one
 *		reference and the purge path takes short-lived ones; every
 *		mapping holds a reference to @file instead, so the region
 *		lives until its last descriptor and last mapping are gone.
 * @file:	the /dev/vrange file this region is the private data of
 * @lock:	protects every field below, and the region's ranges. An
 *		rw_semaphore so that SIGBUS-mode faults, which read the
 *		ranges, do not exclude each other (see mmap.c).
 * @ranges:	the volatile ranges
 * @shmem:	the backing file, created at the first mmap
 * @shmem_vm_ops: the backing file's own vm_operations, which ours wrap
 * @size:	bytes, as set by VRANGE_SET_SIZE; 0 until then
 * @prot_mask:	PROT_* bits mappings may have
 * @purge_mode:	VRANGE_ZEROFILL or VRANGE_SIGBUS
 * @mapped:	mmap has succeeded once: size and name are frozen
 * @ashmem:	created through /dev/ashmem: its backing file is named
 *		dev/ashmem/NAME, and MAP_PRIVATE gives private anonymous
 *		memory, as Android's ashmem does. Set at creation.
 * @name:	NUL-terminated, as set by VRANGE_SET_NAME
 */
struct vrange_region {
	struct kref ref;
	struct file *file;
	struct rw_semaphore lock;	/* protects everything below */
	struct vrange_set ranges;
	struct file *shmem;
	const struct vm_operations_struct *shmem_vm_ops;
	u64 size;
	u32 prot_mask;
	u32 purge_mode;
	bool mapped;
	bool ashmem;
	char name[VRANGE_NAME_LEN];
};

struct vrange_region *vrange_region_create(struct file *file, bool ashmem);
bool vrange_region_tryget(struct vrange_region *region);
void vrange_region_put(struct vrange_region *region);

int vrange_region_set_size(struct vrange_region *region, u64 size);
u64 vrange_region_get_size(struct vrange_region *region);
int vrange_region_set_name(struct vrange_region *region, const char *name);
void vrange_region_get_name(struct vrange_region *region, char *name);
int vrange_region_set_prot_mask(struct vrange_region *region, u32 prot);
u32 vrange_region_get_prot_mask(struct vrange_region *region);
int vrange_region_set_purge_mode(struct vrange_region *region, u32 mode);
u32 vrange_region_get_purge_mode(struct vrange_region *region);

int vrange_region_mark(struct vrange_region *region, u64 offset, u64 length);
int vrange_region_unmark(struct vrange_region *region, u64 offset, u64 length,
			 bool *purged, int (*deliver)(bool purged, void *arg),
			 void *arg);
int vrange_region_status(struct vrange_region *region, u64 offset, u64 length,
			 u64 *volatile_bytes, u64 *purged_bytes);
void vrange_region_purge(struct vrange_region *region);
long vrange_region_purge_oldest(struct vrange_region *region, bool may_block);

int vrange_region_mmap(struct vrange_region *region, struct vm_area_struct *vma);
struct file *vrange_region_backing(struct vrange_region *region);
bool vrange_region_is_purged(struct vrange_region *region, pgoff_t index);
void vrange_region_show(struct vrange_region *region, struct seq_file *m);

#endif /* _VRANGE_REGION_H */
