/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libvrange: a thin C wrapper over the /dev/vrange ioctls.
 *
 * A region is memory the kernel may partly discard ("purge") under memory
 * pressure: spans marked volatile may be purged; marking them non-volatile
 * again reports whether any page was. See vrange(4) and
 * <linux/vrange.h> for the semantics.
 *
 * Conventions, for every function that returns int:
 *   - success is 0, or a documented non-negative value;
 *   - failure is a negative errno value (-EINVAL, -ENOMEM, ...), which is
 *     also left in errno;
 *   - offsets and lengths are bytes, multiples of the page size.
 *
 * Every function is thread-safe and keeps no hidden global state: all the
 * state is the kernel's, behind the descriptor. The one exception is the
 * optimistic-refill helper at the end, because a signal handler belongs to
 * the whole process.
 */
#ifndef VRANGE_H
#define VRANGE_H

#include <stddef.h>
#include <stdint.h>

#include <linux/vrange.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * vrange_version() - the version of libvrange in use.
 *
 * Return: a static string such as "0.1.0", the same version as the
 * vrange.ko it was released with.
 */
const char *vrange_version(void);

/**
 * vrange_create() - open /dev/vrange, and size and name the new region
 * @name:	the region's name, shown in /proc/PID/maps as
 *		/dev/vrange/NAME; NULL or "" for none. At most
 *		VRANGE_NAME_LEN - 1 bytes.
 * @size:	bytes; rounded up to whole pages for mapping and marking
 *
 * Return: the region's file descriptor (close-on-exec), or -errno:
 * -ENOENT if the module is not loaded, -EINVAL for a zero or huge size,
 * -ENAMETOOLONG for a long name.
 */
int vrange_create(const char *name, uint64_t size);

/**
 * vrange_set_size() - set a region's size, before it is first mapped
 * Return: 0, or -EINVAL (zero, too large, or already mapped).
 */
int vrange_set_size(int fd, uint64_t size);

/** vrange_get_size() - a region's size in bytes, 0 if unset. Return: 0 or -errno. */
int vrange_get_size(int fd, uint64_t *size);

/**
 * vrange_set_name() - name a region, before it is first mapped
 * Return: 0, -ENAMETOOLONG, or -EINVAL (already mapped).
 */
int vrange_set_name(int fd, const char *name);

/**
 * vrange_get_name() - a region's name
 * @buf:	receives the NUL-terminated name
 * @len:	size of @buf; VRANGE_NAME_LEN always suffices
 *
 * Return: 0, or -ERANGE if the name does not fit in @buf.
 */
int vrange_get_name(int fd, char *buf, size_t len);

/**
 * vrange_map() - map (part of) a region, shared
 * @offset:	where in the region the mapping starts
 * @length:	bytes to map; within the region's page-rounded size
 * @prot:	PROT_READ, PROT_WRITE, PROT_EXEC, within the protection mask
 * @addr:	out: the mapping's address
 *
 * Return: 0, -EINVAL (beyond the size, or size unset), -EPERM (@prot
 * exceeds the region's mask), -ENOMEM.
 */
int vrange_map(int fd, uint64_t offset, size_t length, int prot, void **addr);

/** vrange_unmap() - undo vrange_map(). Return: 0 or -errno. */
int vrange_unmap(void *addr, size_t length);

/**
 * vrange_volatile() - let the kernel purge a span under memory pressure
 *
 * The span is also made the most recently marked: the kernel purges least
 * recently marked spans first. Reads and writes of volatile memory work as
 * usual until it is purged.
 *
 * Return: 0, -EINVAL (a bad span), -ENOMEM.
 */
int vrange_volatile(int fd, uint64_t offset, uint64_t length);

/**
 * vrange_nonvolatile() - take a span back from the kernel
 *
 * Return: 1 if at least one page of the span was purged since it was last
 * marked volatile (its contents are lost: zeros in ZEROFILL mode), 0 if
 * the whole span is intact, or -EINVAL / -ENOMEM, in which case nothing
 * changed.
 */
int vrange_nonvolatile(int fd, uint64_t offset, uint64_t length);

/**
 * vrange_status() - how much of a span is volatile, and purged
 * @volatile_bytes: out: bytes of the span marked volatile, purged or not
 * @purged_bytes:	out: bytes of the span purged and still volatile
 *
 * Changes nothing. Return: 0 or -EINVAL.
 */
int vrange_status(int fd, uint64_t offset, uint64_t length,
		  uint64_t *volatile_bytes, uint64_t *purged_bytes);

/** vrange_purge() - purge every volatile page of this region now. Return: 0 or -errno. */
int vrange_purge(int fd);

/**
 * vrange_purge_all() - purge every volatile page of every region now
 * Return: 0, or -EPERM without CAP_SYS_ADMIN.
 */
int vrange_purge_all(int fd);

/**
 * vrange_set_prot_mask() - limit the protections mappings may ever have
 * @prot:	PROT_* bits; may only remove bits from the current mask
 *
 * Neither later mmap() nor mprotect() can exceed the mask.
 * Return: 0, or -EINVAL (unknown bits, or adding bits).
 */
int vrange_set_prot_mask(int fd, int prot);

/** vrange_get_prot_mask() - the protection mask. Return: 0 or -errno. */
int vrange_get_prot_mask(int fd, int *prot);

/**
 * vrange_set_purge_mode() - what touching a purged page does
 * @mode:	VRANGE_ZEROFILL (the default: it reads as zeros) or
 *		VRANGE_SIGBUS (it raises SIGBUS)
 *
 * Return: 0, -EINVAL, or -EOPNOTSUPP if the module does not support @mode.
 */
int vrange_set_purge_mode(int fd, unsigned int mode);

/** vrange_get_purge_mode() - the purge mode. Return: 0 or -errno. */
int vrange_get_purge_mode(int fd, unsigned int *mode);

/**
 * typedef vrange_refill_fn - regenerate a span the kernel purged
 * @addr:	start of the span; already non-volatile, reading as zeros
 * @length:	bytes
 * @arg:	as given to vrange_refill_register()
 *
 * Called from inside a SIGBUS handler, on the thread that touched the
 * purged page, which resumes when this returns. It may therefore only do
 * what is async-signal-safe: write the span (and other memory the
 * interrupted code is not using), make system calls such as read() or
 * ioctl(). It must not call malloc(), stdio, or take a lock the
 * interrupted code might hold. It may touch other registered mappings: a
 * purged page there is refilled in turn (the handler runs with
 * SA_NODEFER). When it returns, the span stays non-volatile: mark it
 * volatile again when the application is done with it.
 */
typedef void (*vrange_refill_fn)(void *addr, size_t length, void *arg);

/**
 * vrange_refill_register() - refill purged spans of a mapping on demand
 * @fd:		the region, in VRANGE_SIGBUS mode
 * @addr:	the mapping, as vrange_map() returned it
 * @length:	its length
 * @offset:	the region offset it maps
 * @span:	refill granularity in bytes, a multiple of the page size: a
 *		fault at mapping offset X refills [X / span * span, + span)
 * @refill:	what regenerates a span
 * @arg:	passed to @refill
 *
 * The first registration installs a SIGBUS handler; a SIGBUS outside every
 * registered mapping goes to the handler installed before it (or, if that
 * was the default, kills the process as it would have). At most 64
 * mappings can be registered at once.
 *
 * Return: 0, -EINVAL for misaligned or missing arguments, -ENOSPC when the
 * table is full.
 */
int vrange_refill_register(int fd, void *addr, size_t length, uint64_t offset,
			   size_t span, vrange_refill_fn refill, void *arg);

/**
 * vrange_refill_unregister() - stop refilling a mapping
 * @addr:	as registered
 *
 * Call it before unmapping, once no thread can touch the mapping any more.
 * Return: 0, or -ENOENT if @addr is not registered.
 */
int vrange_refill_unregister(void *addr);

#ifdef __cplusplus
}
#endif

#endif /* VRANGE_H */
