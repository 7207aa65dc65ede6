/* SPDX-License-Identifier: GPL-2.0-only WITH Linux-syscall-note */
/*
 * The ioctl ABI of Android's ashmem, as served by vrange's /dev/ashmem
 * (module parameter ashmem=1). The numbers, structure and return values
 * are Android's, so that ashmem clients build and run unchanged.
 *
 * A region is sized and named before its first mmap. Memory starts
 * pinned; ASHMEM_UNPIN lets the kernel purge a span (vrange's "volatile"),
 * ASHMEM_PIN takes it back and says whether it was purged. Spans are
 * page-aligned; len 0 means "to the end of the region".
 */
#ifndef _UAPI_LINUX_ASHMEM_H
#define _UAPI_LINUX_ASHMEM_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define ASHMEM_NAME_LEN		256
#define ASHMEM_NAME_DEF		"dev/ashmem"

/* ASHMEM_PIN's return values. */
#define ASHMEM_NOT_PURGED	0
#define ASHMEM_WAS_PURGED	1

/* ASHMEM_GET_PIN_STATUS's return values. */
#define ASHMEM_IS_UNPINNED	0
#define ASHMEM_IS_PINNED	1

struct ashmem_pin {
	__u32 offset;	/* bytes into the region, page-aligned */
	__u32 len;	/* bytes, page-aligned; 0: to the end of the region */
};

#define __ASHMEMIOC		0x77

#define ASHMEM_SET_NAME		_IOW(__ASHMEMIOC, 1, char[ASHMEM_NAME_LEN])
#define ASHMEM_GET_NAME		_IOR(__ASHMEMIOC, 2, char[ASHMEM_NAME_LEN])
/* By value; GET_SIZE and GET_PROT_MASK return it as the ioctl's result. */
#define ASHMEM_SET_SIZE		_IOW(__ASHMEMIOC, 3, size_t)
#define ASHMEM_GET_SIZE		_IO(__ASHMEMIOC, 4)
#define ASHMEM_SET_PROT_MASK	_IOW(__ASHMEMIOC, 5, unsigned long)
#define ASHMEM_GET_PROT_MASK	_IO(__ASHMEMIOC, 6)
#define ASHMEM_PIN		_IOW(__ASHMEMIOC, 7, struct ashmem_pin)
#define ASHMEM_UNPIN		_IOW(__ASHMEMIOC, 8, struct ashmem_pin)
#define ASHMEM_GET_PIN_STATUS	_IO(__ASHMEMIOC, 9)
#define ASHMEM_PURGE_ALL_CACHES	_IO(__ASHMEMIOC, 10)
/* The backing file's inode number, as in the Android Common Kernel. */
#define ASHMEM_GET_FILE_ID	_IOR(__ASHMEMIOC, 11, unsigned long)

#endif /* _UAPI_LINUX_ASHMEM_H */
