// SPDX-License-Identifier: GPL-2.0-only
/*
 * /dev/ashmem: Android's ashmem ABI (uapi/linux/ashmem.h), served by the
 * same regions, range tree, LRU and shrinker as /dev/vrange.
 *
 * Off unless the module is loaded with ashmem=1, so that a kernel with an
 * ashmem of its own is not disturbed. Android containers on a stock
 * distribution kernel (Waydroid, redroid) look for this device.
 *
 * The translation: an ashmem region is a vrange region in zero-fill mode;
 * UNPIN marks a span volatile, PIN makes it non-volatile and reports
 * whether any page of it was purged (exactly: ashmem itself over-reports
 * when ranges merge), GET_PIN_STATUS asks whether any page is volatile.
 * What ashmem does and vrange does not (a private mapping gives anonymous
 * memory; read() and lseek() reach the backing file; size and prot mask
 * travel by value) is done here or, for the mapping, in mmap.c.
 */

#include <linux/capability.h>
#include <linux/compat.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/mman.h>
#include <linux/module.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/uio.h>

#include <linux/ashmem.h>

#include "region.h"
#include "vrange.h"

static bool ashmem;
module_param(ashmem, bool, 0444);
MODULE_PARM_DESC(ashmem, "Also serve Android's ashmem ABI as /dev/ashmem (default: off)");

/* 32-bit callers pass size_t and unsigned long as 32 bits: other numbers. */
#define COMPAT_ASHMEM_SET_SIZE		_IOW(__ASHMEMIOC, 3, compat_size_t)
#define COMPAT_ASHMEM_SET_PROT_MASK	_IOW(__ASHMEMIOC, 5, unsigned int)
#define COMPAT_ASHMEM_GET_FILE_ID	_IOR(__ASHMEMIOC, 11, unsigned int)

/* Process context, may sleep. */
static int ashmem_open(struct inode *inode, struct file *file)
{
	struct vrange_region *region = vrange_region_create(file, true);

	if (!region)
		return -ENOMEM;
	file->private_data = region;
	return 0;
}

/*
 * read() reads the backing file, as ashmem's does: 0 bytes before a size
 * is set, -EBADF before the first mmap. Process context, may sleep.
 */
static ssize_t ashmem_read_iter(struct kiocb *iocb, struct iov_iter *iter)
{
	struct vrange_region *region = iocb->ki_filp->private_data;
	struct file *shmem;
	struct kiocb kiocb;
	ssize_t ret;

	if (!vrange_region_get_size(region))
		return 0;
	shmem = vrange_region_backing(region);
	if (!shmem)
		return -EBADF;
	init_sync_kiocb(&kiocb, shmem);
	kiocb.ki_pos = iocb->ki_pos;
	ret = shmem->f_op->read_iter(&kiocb, iter);
	iocb->ki_pos = kiocb.ki_pos;
	return ret;
}

/*
 * lseek() seeks in the backing file, SEEK_DATA and SEEK_HOLE included:
 * -EINVAL before a size is set, -EBADF before the first mmap, as ashmem.
 * Process context, may sleep.
 */
static loff_t ashmem_llseek(struct file *file, loff_t offset, int whence)
{
	struct vrange_region *region = file->private_data;
	struct file *shmem;
	loff_t pos;

	if (!vrange_region_get_size(region))
		return -EINVAL;
	shmem = vrange_region_backing(region);
	if (!shmem)
		return -EBADF;
	/*
	 * The position is this file's (read() moves it too); shmem only
	 * computes the new one, SEEK_DATA and SEEK_HOLE included.
	 */
	if (whence == SEEK_CUR) {
		if (check_add_overflow(file->f_pos, offset, &offset))
			return -EINVAL;
		whence = SEEK_SET;
	}
	pos = vfs_llseek(shmem, offset, whence);
	if (pos >= 0)
		file->f_pos = pos;
	return pos;
}

static long ashmem_set_name(struct vrange_region *region, const char __user *uname)
{
	char name[ASHMEM_NAME_LEN];
	long len;

	/* Ashmem truncates a long name rather than refusing it. */
	len = strncpy_from_user(name, uname, sizeof(name));
	if (len < 0)
		return len;
	name[sizeof(name) - 1] = '\0';
	return vrange_region_set_name(region, name);
}

static long ashmem_get_name(struct vrange_region *region, char __user *uname)
{
	char name[ASHMEM_NAME_LEN];

	vrange_region_get_name(region, name);
	if (!name[0])
		strscpy(name, ASHMEM_NAME_DEF, sizeof(name));
	return copy_to_user(uname, name, strlen(name) + 1) ? -EFAULT : 0;
}

static long ashmem_set_size(struct vrange_region *region, unsigned long size)
{
	/* A zero size is what a new region has: ashmem accepts setting it. */
	if (!size && !vrange_region_get_size(region))
		return vrange_region_backing(region) ? -EINVAL : 0;
	return vrange_region_set_size(region, size);
}

static long ashmem_get_file_id(struct vrange_region *region,
			       void __user *uid, bool compat)
{
	struct file *shmem = vrange_region_backing(region);
	unsigned long ino;

	if (!shmem)
		return -EINVAL;
	ino = file_inode(shmem)->i_ino;
	if (compat)
		return put_user((u32)ino, (u32 __user *)uid);
	return put_user(ino, (unsigned long __user *)uid);
}

/*
 * PIN, UNPIN and GET_PIN_STATUS, with ashmem's rules: a mapping must
 * exist; len 0 reaches to the end of the region; spans are page-aligned
 * and within the page-rounded size.
 */
static long ashmem_pin_ioctl(struct vrange_region *region, unsigned int cmd,
			     struct ashmem_pin __user *upin)
{
	struct ashmem_pin pin;
	u64 size, volatile_bytes, purged_bytes;
	bool purged;
	int ret;

	if (copy_from_user(&pin, upin, sizeof(pin)))
		return -EFAULT;
	if (!vrange_region_backing(region))
		return -EINVAL;
	size = PAGE_ALIGN(vrange_region_get_size(region));
	if (!pin.len) {
		if (pin.offset > size)
			return -EINVAL;
		pin.len = size - pin.offset;
	}
	if (!PAGE_ALIGNED(pin.offset) || !PAGE_ALIGNED(pin.len) ||
	    (u64)pin.offset + pin.len > size)
		return -EINVAL;
	/* offset at the very end, len 0: an empty span, which changes nothing. */
	if (!pin.len)
		return cmd == ASHMEM_GET_PIN_STATUS ? ASHMEM_IS_PINNED : 0;

	switch (cmd) {
	case ASHMEM_PIN:
		ret = vrange_region_unmark(region, pin.offset, pin.len, &purged,
					   NULL, NULL);
		return ret ?: purged ? ASHMEM_WAS_PURGED : ASHMEM_NOT_PURGED;
	case ASHMEM_UNPIN:
		return vrange_region_mark(region, pin.offset, pin.len);
	default:
		ret = vrange_region_status(region, pin.offset, pin.len,
					   &volatile_bytes, &purged_bytes);
		return ret ?: volatile_bytes ? ASHMEM_IS_UNPINNED : ASHMEM_IS_PINNED;
	}
}

/* Process context, may sleep. */
static long ashmem_do_ioctl(struct file *file, unsigned int cmd,
			    unsigned long arg, bool compat)
{
	struct vrange_region *region = file->private_data;
	void __user *argp = compat ? compat_ptr(arg) : (void __user *)arg;

	switch (cmd) {
	case ASHMEM_SET_NAME:
		return ashmem_set_name(region, argp);
	case ASHMEM_GET_NAME:
		return ashmem_get_name(region, argp);
	case ASHMEM_SET_SIZE:
		return ashmem_set_size(region, arg);
	case ASHMEM_GET_SIZE:
		return vrange_region_get_size(region);
	case ASHMEM_SET_PROT_MASK:
		if (arg > U32_MAX)
			return -EINVAL;
		return vrange_region_set_prot_mask(region, arg);
	case ASHMEM_GET_PROT_MASK:
		return vrange_region_get_prot_mask(region);
	case ASHMEM_PIN:
	case ASHMEM_UNPIN:
	case ASHMEM_GET_PIN_STATUS:
		return ashmem_pin_ioctl(region, cmd, argp);
	case ASHMEM_PURGE_ALL_CACHES:
		if (!capable(CAP_SYS_ADMIN))
			return -EPERM;
		return min_t(unsigned long, vrange_purge_all(), LONG_MAX);
	case ASHMEM_GET_FILE_ID:
		return ashmem_get_file_id(region, argp, false);
	default:
		return -ENOTTY;
	}
}

static long ashmem_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	return ashmem_do_ioctl(file, cmd, arg, false);
}

#ifdef CONFIG_COMPAT
/* 32-bit callers: three requests have other numbers; pointers need compat_ptr(). */
static long ashmem_compat_ioctl(struct file *file, unsigned int cmd,
				unsigned long arg)
{
	switch (cmd) {
	case COMPAT_ASHMEM_SET_SIZE:
		return ashmem_do_ioctl(file, ASHMEM_SET_SIZE, arg, true);
	case COMPAT_ASHMEM_SET_PROT_MASK:
		return ashmem_do_ioctl(file, ASHMEM_SET_PROT_MASK, arg, true);
	case COMPAT_ASHMEM_GET_FILE_ID:
		return ashmem_get_file_id(file->private_data, compat_ptr(arg), true);
	default:
		return ashmem_do_ioctl(file, cmd, arg, true);
	}
}
#else
#define ashmem_compat_ioctl NULL
#endif

static const struct file_operations ashmem_fops = {
	.owner		= THIS_MODULE,
	.open		= ashmem_open,
	.release	= vrange_release,
	.mmap		= vrange_mmap,
	.read_iter	= ashmem_read_iter,
	.llseek		= ashmem_llseek,
	.unlocked_ioctl	= ashmem_ioctl,
	.compat_ioctl	= ashmem_compat_ioctl,
	.show_fdinfo	= vrange_show_fdinfo,
};

static struct miscdevice ashmem_miscdev = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "ashmem",
	.fops	= &ashmem_fops,
	.mode	= 0666,
};

/* Process context, may sleep. */
int vrange_ashmem_register(void)
{
	int ret;

	if (!ashmem)
		return 0;
	ret = misc_register(&ashmem_miscdev);
	if (ret)
		pr_err("vrange: cannot register /dev/ashmem (%d): does the kernel have its own?\n",
		       ret);
	return ret;
}

/* Process context, may sleep. */
void vrange_ashmem_unregister(void)
{
	if (ashmem)
		misc_deregister(&ashmem_miscdev);
}
