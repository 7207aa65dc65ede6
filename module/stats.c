// SPDX-License-Identifier: GPL-2.0-only
/*
 * Module-wide figures as attributes of the misc device, one plain number
 * per file under /sys/class/misc/vrange/:
 *
 *   regions, ranges        live now
 *   volatile_bytes         marked volatile now, purged or not
 *   purged_bytes           purged and not yet unmarked, now
 *   purge_events           ranges purged since load
 *   purged_bytes_total     bytes purged since load
 *   shrinker_scans         times the shrinker was asked to free memory
 */

#include <linux/device.h>
#include <linux/mm.h>
#include <linux/sysfs.h>

#include "stats.h"

struct vrange_stats vrange_stats;

static ssize_t show_count(char *buf, atomic_long_t *count)
{
	return sysfs_emit(buf, "%ld\n", atomic_long_read(count));
}

static ssize_t show_bytes(char *buf, atomic_long_t *pages)
{
	return sysfs_emit(buf, "%llu\n",
			  (unsigned long long)atomic_long_read(pages) << PAGE_SHIFT);
}

#define VRANGE_ATTR(name, show, counter)					\
	static ssize_t name##_show(struct device *dev,			\
				   struct device_attribute *attr, char *buf)	\
	{								\
		return show(buf, &vrange_stats.counter);		\
	}								\
	static DEVICE_ATTR_RO(name)

VRANGE_ATTR(regions, show_count, regions);
VRANGE_ATTR(ranges, show_count, ranges);
VRANGE_ATTR(volatile_bytes, show_bytes, volatile_pages);
VRANGE_ATTR(purged_bytes, show_bytes, purged_pages);
VRANGE_ATTR(purge_events, show_count, purge_events);
VRANGE_ATTR(purged_bytes_total, show_bytes, purged_pages_total);
VRANGE_ATTR(shrinker_scans, show_count, shrinker_scans);

static struct attribute *vrange_stats_attrs[] = {
	&dev_attr_regions.attr,
	&dev_attr_ranges.attr,
	&dev_attr_volatile_bytes.attr,
	&dev_attr_purged_bytes.attr,
	&dev_attr_purge_events.attr,
	&dev_attr_purged_bytes_total.attr,
	&dev_attr_shrinker_scans.attr,
	NULL,
};

static const struct attribute_group vrange_stats_group = {
	.attrs = vrange_stats_attrs,
};

const struct attribute_group *vrange_stats_groups[] = {
	&vrange_stats_group,
	NULL,
};
