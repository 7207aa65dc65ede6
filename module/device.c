// SPDX-License-Identifier: GPL-2.0-only
/*
 * The /dev/vrange misc device: registration and file operations.
 *
 * Any user may open the device (mode 0666), as with memfd_create() and
 * ashmem: each open() will create a private region, charged to the
 * opener's memory cgroup, so there is nothing to protect by restricting it.
 */

#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>

#include "vrange.h"

/* Process context, may sleep. */
static int vrange_open(struct inode *inode, struct file *file)
{
	return 0;
}

/* Process context, may sleep. Called once, for the last reference. */
static int vrange_release(struct inode *inode, struct file *file)
{
	return 0;
}

static const struct file_operations vrange_fops = {
	.owner		= THIS_MODULE,
	.open		= vrange_open,
	.release	= vrange_release,
};

static struct miscdevice vrange_miscdev = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "vrange",
	.fops	= &vrange_fops,
	.mode	= 0666,
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
