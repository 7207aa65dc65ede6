/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Every difference between the kernels vrange supports (6.1 to current
 * mainline) lives here, keyed on LINUX_VERSION_CODE, so that the rest of
 * the module reads as if written for one kernel.
 */
#ifndef _VRANGE_COMPAT_H
#define _VRANGE_COMPAT_H

#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/shmem_fs.h>
#include <linux/shrinker.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/swap.h>
#include <linux/version.h>

/*
 * Whether the kernel being built for is version a.b.c or newer. The one
 * place LINUX_VERSION_CODE appears: every difference below is keyed on it.
 */
#define VRANGE_KERNEL_AT_LEAST(a, b, c) (KERNEL_VERSION(a, b, c) <= LINUX_VERSION_CODE)

/* 7.0 turned shmem_file_setup()'s flags into a vma_flags_t. */
static inline struct file *vrange_shmem_file_setup(const char *name, loff_t size)
{
#if VRANGE_KERNEL_AT_LEAST(7, 0, 0)
	return shmem_file_setup(name, size, mk_vma_flags(VMA_NORESERVE_BIT));
#else
	return shmem_file_setup(name, size, VM_NORESERVE);
#endif
}

/* 6.3 made vma->vm_flags read-only outside of these helpers. */
static inline void vrange_vm_flags_clear(struct vm_area_struct *vma,
					 unsigned long flags)
{
#if VRANGE_KERNEL_AT_LEAST(6, 3, 0)
	vm_flags_clear(vma, flags);
#else
	vma->vm_flags &= ~flags;
#endif
}

/*
 * Let a file set up a VMA as its own mmap would. 6.17 renamed call_mmap()
 * to vfs_mmap(); both also run ->mmap_prepare, which shmem switched to in
 * 6.16 (and which replaced its ->mmap entirely in 6.19).
 */
static inline int vrange_file_mmap(struct file *file, struct vm_area_struct *vma)
{
#if VRANGE_KERNEL_AT_LEAST(6, 17, 0)
	return vfs_mmap(file, vma);
#else
	return call_mmap(file, vma);
#endif
}

/*
 * Credit pages freed outside the LRUs to the reclaim running in this task,
 * if any. 6.4 wrapped it in mm_account_reclaimed_pages() and renamed the
 * field.
 */
static inline void vrange_account_reclaimed(unsigned long pages)
{
#if VRANGE_KERNEL_AT_LEAST(6, 4, 0)
	mm_account_reclaimed_pages(pages);
#else
	if (current->reclaim_state)
		current->reclaim_state->reclaimed_slab += pages;
#endif
}

/* 6.7 replaced register_shrinker() with shrinker_alloc()/shrinker_register(). */
static inline struct shrinker *
vrange_shrinker_create(const char *name,
		       unsigned long (*count)(struct shrinker *, struct shrink_control *),
		       unsigned long (*scan)(struct shrinker *, struct shrink_control *))
{
	struct shrinker *shrinker;

#if VRANGE_KERNEL_AT_LEAST(6, 7, 0)
	shrinker = shrinker_alloc(0, "%s", name);
	if (!shrinker)
		return ERR_PTR(-ENOMEM);
	shrinker->count_objects = count;
	shrinker->scan_objects = scan;
	shrinker_register(shrinker);
#else
	int ret;

	shrinker = kzalloc(sizeof(*shrinker), GFP_KERNEL);
	if (!shrinker)
		return ERR_PTR(-ENOMEM);
	shrinker->count_objects = count;
	shrinker->scan_objects = scan;
	shrinker->seeks = DEFAULT_SEEKS;
	ret = register_shrinker(shrinker, "%s", name);
	if (ret) {
		kfree(shrinker);
		return ERR_PTR(ret);
	}
#endif
	return shrinker;
}

static inline void vrange_shrinker_destroy(struct shrinker *shrinker)
{
#if VRANGE_KERNEL_AT_LEAST(6, 7, 0)
	shrinker_free(shrinker);
#else
	unregister_shrinker(shrinker);
	kfree(shrinker);
#endif
}

#endif /* _VRANGE_COMPAT_H */
