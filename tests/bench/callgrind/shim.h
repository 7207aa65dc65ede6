/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What module/ranges.c needs from the kernel, for a user-space build of it
 * against the kernel source's tools/include (force-included first). The
 * rbtree is the kernel's own (tools/lib/rbtree.c); the slab cache is
 * malloc(); the LRU and the module's counters are the functions in
 * pairs.c, without their locks.
 */
#ifndef VRANGE_CALLGRIND_SHIM_H
#define VRANGE_CALLGRIND_SHIM_H

#include <errno.h>
#include <stdint.h>
#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/slab.h>

#define U32_MAX		UINT32_MAX
#define SLAB_ACCOUNT	0
#define KMEM_CACHE(s, flags) \
	kmem_cache_create(#s, sizeof(struct s), 0, flags, NULL)

void kmem_cache_destroy(struct kmem_cache *cache);

#endif /* VRANGE_CALLGRIND_SHIM_H */
