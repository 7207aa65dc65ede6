// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libvrange: each function is one or two system calls. Errors are returned
 * as -errno and also left in errno (see vrange.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "vrange.h"

#define VRANGE_EXPORT __attribute__((visibility("default")))
#define VRANGE_DEVICE "/dev/vrange"

/* -errno for a failed call, leaving errno as the call set it. */
static int fail(void)
{
	return -errno;
}

static int set_errno(int ret)
{
	if (ret < 0)
		errno = -ret;
	return ret;
}

static int do_ioctl(int fd, unsigned long request, void *arg)
{
	return ioctl(fd, request, arg) < 0 ? fail() : 0;
}

VRANGE_EXPORT int vrange_set_size(int fd, uint64_t size)
{
	return do_ioctl(fd, VRANGE_SET_SIZE, &size);
}

VRANGE_EXPORT int vrange_get_size(int fd, uint64_t *size)
{
	return do_ioctl(fd, VRANGE_GET_SIZE, size);
}

VRANGE_EXPORT int vrange_set_name(int fd, const char *name)
{
	char buf[VRANGE_NAME_LEN];
	size_t len = strlen(name);

	/* The ioctl reads a fixed-size buffer: never let it read past @name. */
	if (len >= sizeof(buf))
		return set_errno(-ENAMETOOLONG);
	memcpy(buf, name, len + 1);
	return do_ioctl(fd, VRANGE_SET_NAME, buf);
}

VRANGE_EXPORT int vrange_get_name(int fd, char *buf, size_t len)
{
	char name[VRANGE_NAME_LEN];
	size_t n;
	int ret;

	ret = do_ioctl(fd, VRANGE_GET_NAME, name);
	if (ret)
		return ret;
	n = strnlen(name, sizeof(name) - 1);
	if (n >= len)
		return set_errno(-ERANGE);
	memcpy(buf, name, n);
	buf[n] = '\0';
	return 0;
}

VRANGE_EXPORT int vrange_create(const char *name, uint64_t size)
{
	int fd, ret;

	fd = open(VRANGE_DEVICE, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return fail();
	ret = vrange_set_size(fd, size);
	if (!ret && name && *name)
		ret = vrange_set_name(fd, name);
	if (ret) {
		close(fd);
		return set_errno(ret);
	}
	return fd;
}

VRANGE_EXPORT int vrange_map(int fd, uint64_t offset, size_t length, int prot,
			     void **addr)
{
	void *p;

	if (offset > (uint64_t)INT64_MAX)
		return set_errno(-EINVAL);
	p = mmap(NULL, length, prot, MAP_SHARED, fd, (off_t)offset);
	if (p == MAP_FAILED)
		return fail();
	*addr = p;
	return 0;
}

VRANGE_EXPORT int vrange_unmap(void *addr, size_t length)
{
	return munmap(addr, length) ? fail() : 0;
}

VRANGE_EXPORT int vrange_volatile(int fd, uint64_t offset, uint64_t length)
{
	struct vrange_span span = { .offset = offset, .length = length };

	return do_ioctl(fd, VRANGE_VOLATILE, &span);
}

VRANGE_EXPORT int vrange_nonvolatile(int fd, uint64_t offset, uint64_t length)
{
	struct vrange_unmark unmark = { .offset = offset, .length = length };
	int ret;

	ret = do_ioctl(fd, VRANGE_NONVOLATILE, &unmark);
	return ret ? ret : unmark.purged != 0;
}

VRANGE_EXPORT int vrange_status(int fd, uint64_t offset, uint64_t length,
				uint64_t *volatile_bytes, uint64_t *purged_bytes)
{
	struct vrange_status status = { .offset = offset, .length = length };
	int ret;

	ret = do_ioctl(fd, VRANGE_STATUS, &status);
	if (ret)
		return ret;
	if (volatile_bytes)
		*volatile_bytes = status.volatile_bytes;
	if (purged_bytes)
		*purged_bytes = status.purged_bytes;
	return 0;
}

VRANGE_EXPORT int vrange_purge(int fd)
{
	return do_ioctl(fd, VRANGE_PURGE, NULL);
}

VRANGE_EXPORT int vrange_purge_all(int fd)
{
	return do_ioctl(fd, VRANGE_PURGE_ALL, NULL);
}

VRANGE_EXPORT int vrange_set_prot_mask(int fd, int prot)
{
	uint32_t mask = (uint32_t)prot;

	return do_ioctl(fd, VRANGE_SET_PROT_MASK, &mask);
}

VRANGE_EXPORT int vrange_get_prot_mask(int fd, int *prot)
{
	uint32_t mask;
	int ret;

	ret = do_ioctl(fd, VRANGE_GET_PROT_MASK, &mask);
	if (!ret)
		*prot = (int)mask;
	return ret;
}

VRANGE_EXPORT int vrange_set_purge_mode(int fd, unsigned int mode)
{
	uint32_t m = mode;

	return do_ioctl(fd, VRANGE_SET_PURGE_MODE, &m);
}

VRANGE_EXPORT int vrange_get_purge_mode(int fd, unsigned int *mode)
{
	uint32_t m;
	int ret;

	ret = do_ioctl(fd, VRANGE_GET_PURGE_MODE, &m);
	if (!ret)
		*mode = m;
	return ret;
}
