// SPDX-License-Identifier: GPL-2.0-only
/*
 * The /dev/vrange misc device: registration and file operations.
 *
 * Any user may open the device (mode 0666), as with memfd_create() and
 * ashmem: each open() creates a private region, charged to the opener's
 * memory cgroup, so there is nothing to protect by restricting it.
 *
 * This file only moves arguments between user space and region.c, which
 * holds the semantics. Arguments are copied in before, and results out
 * after, any region lock is taken (see region.c).
 */

#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include <linux/vrange.h>

#include "lru.h"
#include "region.h"
#include "stats.h"
#include "vrange.h"

/* Process context, may sleep. */
static int vrange_open(struct inode *inode, struct file *file)
{
	struct vrange_region *region = vrange_region_create(file, false);

	if (!region)
		return -ENOMEM;
	file->private_data = region;
	return 0;
}

/*
 * Process context, may sleep. The last descriptor, not the last mapping.
 * /dev/ashmem's too: a region is a region.
 */
int vrange_release(struct inode *inode, struct file *file)
{
	vrange_region_put(file->private_data);
	return 0;
}

/* Context: mmap_lock held for writing; may sleep. /dev/ashmem's too. */
int vrange_mmap(struct file *file, struct vm_area_struct *vma)
{
	return vrange_region_mmap(file->private_data, vma);
}

/* /dev/ashmem's too. */
void vrange_show_fdinfo(struct seq_file *m, struct file *file)
{
	vrange_region_show(file->private_data, m);
}

static long ioctl_set_name(struct vrange_region *region, char __user *uname)
{
	char *name = strndup_user(uname, VRANGE_NAME_LEN);
	int ret;

	if (IS_ERR(name)) {
		/* strndup_user() says -EINVAL when no NUL came in time. */
		ret = PTR_ERR(name);
		return ret == -EINVAL ? -ENAMETOOLONG : ret;
	}
	ret = vrange_region_set_name(region, name);
	kfree(name);
	return ret;
}

static long ioctl_get_name(struct vrange_region *region, char __user *uname)
{
	char *name = kmalloc(VRANGE_NAME_LEN, GFP_KERNEL);
	long ret = 0;

	if (!name)
		return -ENOMEM;
	vrange_region_get_name(region, name);
	if (copy_to_user(uname, name, strlen(name) + 1))
		ret = -EFAULT;
	kfree(name);
	return ret;
}

static long ioctl_volatile(struct vrange_region *region,
			   struct vrange_span __user *uspan)
{
	struct vrange_span span;

	if (copy_from_user(&span, uspan, sizeof(span)))
		return -EFAULT;
	if (span.flags || span.reserved)
		return -EINVAL;
	return vrange_region_mark(region, span.offset, span.length);
}

/*
 * NONVOLATILE's answer, written under the region lock before the span
 * changes. Page faults are off: a fault could need this region's lock
 * (the argument may live in a mapping of the region itself), and must
 * not sleep in reclaim with it held. Never sleeps.
 */
static int deliver_purged(bool purged, void *arg)
{
	u32 __user *upurged = *(u32 __user **)arg;
	int ret;

	pagefault_disable();
	ret = put_user(purged ? 1 : 0, upurged);
	pagefault_enable();
	return ret;
}

static long ioctl_nonvolatile(struct vrange_region *region,
			      struct vrange_unmark __user *uunmark)
{
	u32 __user *upurged = &uunmark->purged;
	struct vrange_unmark unmark;
	bool purged;
	int ret;

	if (copy_from_user(&unmark, uunmark, sizeof(unmark)))
		return -EFAULT;
	if (unmark.flags)
		return -EINVAL;
	/*
	 * Unmarking cannot be undone, and its answer cannot be asked for
	 * twice, so the answer is delivered before anything changes (see
	 * vrange_region_unmark()). Fault its page in, writable, first; if it
	 * stops being so before the lock is taken (a sibling thread's fork
	 * or mprotect), fault it in again.
	 */
	do {
		if (put_user(0, upurged))
			return -EFAULT;
		if (fatal_signal_pending(current))
			return -EINTR;
		ret = vrange_region_unmark(region, unmark.offset, unmark.length,
					   &purged, deliver_purged, &upurged);
	} while (ret == -EFAULT);
	return ret;
}

static long ioctl_status(struct vrange_region *region,
			 struct vrange_status __user *ustatus)
{
	struct vrange_status status;
	int ret;

	if (copy_from_user(&status, ustatus, sizeof(status)))
		return -EFAULT;
	if (status.flags || status.reserved)
		return -EINVAL;
	ret = vrange_region_status(region, status.offset, status.length,
				   &status.volatile_bytes, &status.purged_bytes);
	if (ret)
		return ret;
	return copy_to_user(ustatus, &status, sizeof(status)) ? -EFAULT : 0;
}

static long ioctl_purge_all(void)
{
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	vrange_purge_all();
	return 0;
}

/* Process context, may sleep. */
static long vrange_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct vrange_region *region = file->private_data;
	void __user *argp = (void __user *)arg;
	u64 __user *u64p = argp;
	u32 __user *u32p = argp;
	u64 val64;
	u32 val32;

	switch (cmd) {
	case VRANGE_SET_SIZE:
		if (get_user(val64, u64p))
			return -EFAULT;
		return vrange_region_set_size(region, val64);
	case VRANGE_GET_SIZE:
		return put_user(vrange_region_get_size(region), u64p);
	case VRANGE_SET_NAME:
		return ioctl_set_name(region, argp);
	case VRANGE_GET_NAME:
		return ioctl_get_name(region, argp);
	case VRANGE_SET_PROT_MASK:
		if (get_user(val32, u32p))
			return -EFAULT;
		return vrange_region_set_prot_mask(region, val32);
	case VRANGE_GET_PROT_MASK:
		return put_user(vrange_region_get_prot_mask(region), u32p);
	case VRANGE_SET_PURGE_MODE:
		if (get_user(val32, u32p))
			return -EFAULT;
		return vrange_region_set_purge_mode(region, val32);
	case VRANGE_GET_PURGE_MODE:
		return put_user(vrange_region_get_purge_mode(region), u32p);
	case VRANGE_VOLATILE:
		return ioctl_volatile(region, argp);
	case VRANGE_NONVOLATILE:
		return ioctl_nonvolatile(region, argp);
	case VRANGE_STATUS:
		return ioctl_status(region, argp);
	case VRANGE_PURGE:
		vrange_region_purge(region);
		return 0;
	case VRANGE_PURGE_ALL:
		return ioctl_purge_all();
	default:
		return -ENOTTY;
	}
}

static const struct file_operations vrange_fops = {
	.owner		= THIS_MODULE,
	.open		= vrange_open,
	.release	= vrange_release,
	.mmap		= vrange_mmap,
	.unlocked_ioctl	= vrange_ioctl,
	/* Every argument is a pointer to a layout that is the same in 32-bit. */
	.compat_ioctl	= compat_ptr_ioctl,
	.show_fdinfo	= vrange_show_fdinfo,
};

static struct miscdevice vrange_miscdev = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "vrange",
	.fops	= &vrange_fops,
	.mode	= 0666,
	.groups	= vrange_stats_groups,
};

/* Process context, may sleep. */
int vrange_device_register(void)
{
	return misc_register(&vrange_miscdev);
}

/* Process context, may sleep. */
void vrange_device_unregister(void)
{
	misc_deregister(&vrange_miscdev);
}
