/* SPDX-License-Identifier: GPL-2.0-only WITH Linux-syscall-note */
/*
 * vrange: volatile ranges for user space. The ioctl ABI of /dev/vrange.
 *
 * Each open() of /dev/vrange creates a region: shmem-backed memory that is
 * sized (VRANGE_SET_SIZE), optionally named (VRANGE_SET_NAME), then mapped
 * MAP_SHARED. Page-aligned spans of it can be marked volatile, which lets
 * the kernel discard ("purge") them under memory pressure, and later
 * non-volatile again, which reports whether any page of the span was
 * purged meanwhile.
 *
 * All offsets and lengths are in bytes and must be multiples of the page
 * size; a span must have a non-zero length and lie within the page-rounded
 * size of the region. Fields named flags or reserved must be zero: they are
 * how this ABI grows.
 *
 * The ioctl magic 0xB9 is not assigned to anything in the kernel's
 * Documentation/userspace-api/ioctl/ioctl-number.rst (as of Linux 6.12).
 */
#ifndef _UAPI_LINUX_VRANGE_H
#define _UAPI_LINUX_VRANGE_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define VRANGE_IOCTL_MAGIC	0xB9

/* A region's name, including its terminating NUL. */
#define VRANGE_NAME_LEN		256

/* Purge modes, VRANGE_SET_PURGE_MODE. */
#define VRANGE_ZEROFILL		0	/* purged pages read back as zeros */
#define VRANGE_SIGBUS		1	/* touching a purged page raises SIGBUS */

/**
 * struct vrange_span - a span of a region, for VRANGE_VOLATILE
 * @offset:	first byte, page-aligned
 * @length:	bytes, page-aligned, non-zero
 * @flags:	must be 0
 * @reserved:	must be 0
 */
struct vrange_span {
	__u64 offset;
	__u64 length;
	__u32 flags;
	__u32 reserved;
};

/**
 * struct vrange_unmark - VRANGE_NONVOLATILE's argument
 * @offset:	first byte, page-aligned
 * @length:	bytes, page-aligned, non-zero
 * @flags:	must be 0
 * @purged:	out: 1 if at least one page of the span was purged since it
 *		was last marked volatile, else 0
 */
struct vrange_unmark {
	__u64 offset;
	__u64 length;
	__u32 flags;
	__u32 purged;
};

/**
 * struct vrange_status - VRANGE_STATUS's argument
 * @offset:		first byte, page-aligned
 * @length:		bytes, page-aligned, non-zero
 * @flags:		must be 0
 * @reserved:		must be 0
 * @volatile_bytes:	out: bytes of the span marked volatile (purged or not)
 * @purged_bytes:	out: bytes of the span purged and still volatile
 */
struct vrange_status {
	__u64 offset;
	__u64 length;
	__u32 flags;
	__u32 reserved;
	__u64 volatile_bytes;
	__u64 purged_bytes;
};

/* Size in bytes; until the first mmap. */
#define VRANGE_SET_SIZE		_IOW(VRANGE_IOCTL_MAGIC, 1, __u64)
#define VRANGE_GET_SIZE		_IOR(VRANGE_IOCTL_MAGIC, 2, __u64)
/* NUL-terminated, at most VRANGE_NAME_LEN - 1 bytes; until the first mmap. */
#define VRANGE_SET_NAME		_IOW(VRANGE_IOCTL_MAGIC, 3, char[VRANGE_NAME_LEN])
#define VRANGE_GET_NAME		_IOR(VRANGE_IOCTL_MAGIC, 4, char[VRANGE_NAME_LEN])
/* PROT_* bits mmap and mprotect may grant; can only ever lose bits. */
#define VRANGE_SET_PROT_MASK	_IOW(VRANGE_IOCTL_MAGIC, 5, __u32)
#define VRANGE_GET_PROT_MASK	_IOR(VRANGE_IOCTL_MAGIC, 6, __u32)
/* VRANGE_ZEROFILL or VRANGE_SIGBUS; at any time. */
#define VRANGE_SET_PURGE_MODE	_IOW(VRANGE_IOCTL_MAGIC, 7, __u32)
#define VRANGE_GET_PURGE_MODE	_IOR(VRANGE_IOCTL_MAGIC, 8, __u32)
#define VRANGE_VOLATILE		_IOW(VRANGE_IOCTL_MAGIC, 9, struct vrange_span)
#define VRANGE_NONVOLATILE	_IOWR(VRANGE_IOCTL_MAGIC, 10, struct vrange_unmark)
#define VRANGE_STATUS		_IOWR(VRANGE_IOCTL_MAGIC, 11, struct vrange_status)
/* Purge every volatile page of this region now. */
#define VRANGE_PURGE		_IO(VRANGE_IOCTL_MAGIC, 12)
/* Purge every volatile page of every region now; needs CAP_SYS_ADMIN. */
#define VRANGE_PURGE_ALL	_IO(VRANGE_IOCTL_MAGIC, 13)

#endif /* _UAPI_LINUX_VRANGE_H */
