// SPDX-License-Identifier: GPL-2.0-only
/*
 * Mapping a region, and the fault path.
 *
 * A mapping's vm_file is the region's shmem file, not the /dev/vrange file
 * it was made from: shmem's own fault path needs it, and it is what makes
 * /proc/PID/maps name the mapping /dev/vrange/NAME. The vm_operations are
 * ours, wrapping shmem's, so that each mapping holds a reference to the
 * region's /dev/vrange file: the region then lives as long as any
 * descriptor or mapping of it, and the VFS, not this module, drops the
 * module reference when the last one goes.
 *
 * SIGBUS mode. A fault on a page that is purged and still volatile must
 * raise SIGBUS, and a fault racing a purge must never map a fresh zero page
 * into a purged range. A purge records a range purged and discards its
 * pages with the region lock held for writing; a SIGBUS-mode fault holds it
 * for reading from its check until shmem's fault has mapped the page. So
 * either the fault runs first, finds the range intact and maps the old
 * page, which the purge then unmaps; or the purge runs first, and the
 * fault finds the range purged. Once VRANGE_NONVOLATILE returns, the
 * range is gone from the tree and faults in it succeed. The fault takes no
 * mmap_lock of its own and uses nothing the per-VMA lock does not keep
 * stable (vm_private_data, kept alive by the mapping's file reference).
 *
 * There is no ->map_pages, so no fault-around: every page is faulted in
 * through vrange_vm_fault(). Fault-around would be safe for purged pages,
 * which it cannot find in the page cache, but a zero-fill fault may have
 * refilled a purged page before a switch to SIGBUS; SET_PURGE_MODE
 * discards those again, and without fault-around no path maps a page
 * without asking here first.
 */

#include <linux/file.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/slab.h>

#include "compat.h"
#include "region.h"

/* Called when a VMA is split, forked or remapped. Holds mmap_lock. */
static void vrange_vm_open(struct vm_area_struct *vma)
{
	struct vrange_region *region = vma->vm_private_data;

	get_file(region->file);
}

/* Called when a VMA goes away. Holds mmap_lock; may sleep. */
static void vrange_vm_close(struct vm_area_struct *vma)
{
	struct vrange_region *region = vma->vm_private_data;

	fput(region->file);
}

/* May sleep; called with mmap_lock or the VMA's own lock held. */
static vm_fault_t vrange_vm_fault(struct vm_fault *vmf)
{
	struct vrange_region *region = vmf->vma->vm_private_data;
	vm_fault_t ret;

	/* Zero-fill: a purged page is a hole, and shmem fills holes with zeros. */
	if (READ_ONCE(region->purge_mode) != VRANGE_SIGBUS)
		return region->shmem_vm_ops->fault(vmf);

	down_read(&region->lock);
	if (vrange_region_is_purged(region, vmf->pgoff))
		ret = VM_FAULT_SIGBUS;
	else
		ret = region->shmem_vm_ops->fault(vmf);
	up_read(&region->lock);
	return ret;
}

static const struct vm_operations_struct vrange_vm_ops = {
	.open	= vrange_vm_open,
	.close	= vrange_vm_close,
	.fault	= vrange_vm_fault,
};

static unsigned long prot_to_vm_flags(u32 prot)
{
	return (prot & PROT_READ ? VM_READ : 0) |
	       (prot & PROT_WRITE ? VM_WRITE : 0) |
	       (prot & PROT_EXEC ? VM_EXEC : 0);
}

static unsigned long prot_to_vm_may_flags(u32 prot)
{
	return (prot & PROT_READ ? VM_MAYREAD : 0) |
	       (prot & PROT_WRITE ? VM_MAYWRITE : 0) |
	       (prot & PROT_EXEC ? VM_MAYEXEC : 0);
}

/* The backing file, named so that /proc/PID/maps shows /dev/vrange/NAME. */
static struct file *create_backing(struct vrange_region *region)
{
	struct file *shmem;
	char *name;

	name = kasprintf(GFP_KERNEL, "dev/%s%s%s",
			 region->ashmem ? "ashmem" : "vrange",
			 region->name[0] ? "/" : "", region->name);
	if (!name)
		return ERR_PTR(-ENOMEM);
	shmem = vrange_shmem_file_setup(name, PAGE_ALIGN(region->size));
	kfree(name);
	/*
	 * shmem's internal mount has no block or inode limit: its -ENOSPC can
	 * only mean that the inode could not be allocated. Say so, rather
	 * than tell mmap()'s caller that a disk is full.
	 */
	if (IS_ERR(shmem) && PTR_ERR(shmem) == -ENOSPC)
		return ERR_PTR(-ENOMEM);
	return shmem;
}

/**
 * vrange_region_mmap() - map a region
 * @region:	the region
 * @vma:	the new mapping, still pointing at the /dev/vrange file
 *
 * Context: mmap_lock held for writing; may sleep.
 * Return: 0, -EINVAL for a private mapping or one beyond the region's
 * size, -EPERM for protections beyond the region's mask, or the error of
 * creating the backing file.
 */
int vrange_region_mmap(struct vrange_region *region, struct vm_area_struct *vma)
{
	unsigned long pages;
	struct file *shmem;
	int ret;

	/*
	 * Copy-on-write copies of volatile pages would escape purging. An
	 * ashmem region's private mapping is anonymous memory instead.
	 */
	if (!(vma->vm_flags & VM_MAYSHARE) && !region->ashmem)
		return -EINVAL;

	down_write(&region->lock);
	pages = PAGE_ALIGN(region->size) >> PAGE_SHIFT;
	ret = -EINVAL;
	if (!pages || vma->vm_pgoff >= pages || vma_pages(vma) > pages - vma->vm_pgoff)
		goto out;
	ret = -EPERM;
	if (vma->vm_flags & (VM_READ | VM_WRITE | VM_EXEC) &
	    ~prot_to_vm_flags(region->prot_mask))
		goto out;

	if (!region->shmem) {
		shmem = create_backing(region);
		if (IS_ERR(shmem)) {
			ret = PTR_ERR(shmem);
			goto out;
		}
		region->shmem = shmem;
	}

	/*
	 * As ashmem (and /dev/zero) do: private memory, not the region's,
	 * shown in /proc/PID/maps under the backing file's name. It needs
	 * nothing of the module, so it holds no reference to it.
	 */
	if (!(vma->vm_flags & VM_MAYSHARE)) {
		vma_set_file(vma, region->shmem);
		vma_set_anonymous(vma);
		vrange_vm_flags_clear(vma, prot_to_vm_may_flags(~region->prot_mask));
		region->mapped = true;
		ret = 0;
		goto out;
	}

	/* Let shmem set the mapping up, then wrap its operations. */
	vma_set_file(vma, region->shmem);
	ret = vrange_file_mmap(region->shmem, vma);
	if (ret)
		goto out;
	region->shmem_vm_ops = vma->vm_ops;
	vma->vm_ops = &vrange_vm_ops;
	vma->vm_private_data = region;
	/* mprotect() may not grant later what the mask denies now. */
	vrange_vm_flags_clear(vma, prot_to_vm_may_flags(~region->prot_mask));
	get_file(region->file);
	region->mapped = true;
out:
	up_write(&region->lock);
	return ret;
}

/*
 * The backing file, or NULL before the first mmap. It never changes once
 * set, and lives as long as the region. May sleep.
 */
struct file *vrange_region_backing(struct vrange_region *region)
{
	struct file *shmem;

	down_read(&region->lock);
	shmem = region->shmem;
	up_read(&region->lock);
	return shmem;
}
