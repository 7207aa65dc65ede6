/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The global purge LRU of intact volatile ranges (see lru.c).
 */
#ifndef _VRANGE_LRU_H
#define _VRANGE_LRU_H

#include <linux/types.h>

struct vrange_range;
struct vrange_region;

void vrange_lru_add(struct vrange_range *range);
void vrange_lru_add_after(struct vrange_range *range, struct vrange_range *pos);
void vrange_lru_del(struct vrange_range *range);
struct vrange_range *vrange_lru_oldest_of(struct vrange_region *region);
unsigned long vrange_lru_purge(unsigned long nr_pages, bool may_block,
			       bool *contended);

void vrange_purge_begin(unsigned long pages);
void vrange_purge_progress(unsigned long pages);
unsigned long vrange_purge_in_flight(void);
unsigned long vrange_purge_wait(unsigned long nr_pages, unsigned int msecs);

#endif /* _VRANGE_LRU_H */
