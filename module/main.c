// SPDX-License-Identifier: GPL-2.0-only
/*
 * vrange: volatile ranges for user space.
 *
 * Module entry and exit. Each concern lives in its own file; this one only
 * brings them up in order and tears them down in reverse.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/init.h>
#include <linux/module.h>

#include "ranges.h"
#include "vrange.h"

static int __init vrange_init(void)
{
	int ret;

	ret = vrange_ranges_init();
	if (ret)
		return ret;
	ret = vrange_shrinker_init();
	if (ret)
		goto err_ranges;
	/* Last: once the device exists, user space can use everything. */
	ret = vrange_device_register();
	if (ret)
		goto err_shrinker;
	ret = vrange_ashmem_register();
	if (ret)
		goto err_device;

	pr_info("version %s loaded\n", VRANGE_VERSION);
	return 0;

err_device:
	vrange_device_unregister();
err_shrinker:
	vrange_shrinker_exit();
err_ranges:
	vrange_ranges_exit();
	return ret;
}

/* No region can be left: each holds the module through its file. */
static void __exit vrange_exit(void)
{
	vrange_ashmem_unregister();
	vrange_device_unregister();
	vrange_shrinker_exit();
	vrange_ranges_exit();
}

module_init(vrange_init);
module_exit(vrange_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Volatile ranges: memory the kernel may purge under pressure");
MODULE_VERSION(VRANGE_VERSION);
