// SPDX-License-Identifier: GPL-2.0-only
/*
 * One use of a freshly loaded module, for the lifecycle suite: a vrange
 * region and an ashmem region, each sized, mapped, written, partly marked
 * volatile, purged and taken back, then closed. Exit status 0 if every
 * step did what it should.
 */
#include <fcntl.h>
#include <linux/ashmem.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "vrange.h"

static int use_vrange(size_t pg)
{
	void *addr;
	int fd = vrange_create("cycle", 4 * pg), ok;

	if (fd < 0 || vrange_map(fd, 0, 4 * pg, PROT_READ | PROT_WRITE, &addr))
		return 1;
	memset(addr, 1, 4 * pg);
	ok = !vrange_volatile(fd, pg, 2 * pg) && !vrange_purge(fd) &&
	     vrange_nonvolatile(fd, 0, 4 * pg) == 1 &&
	     ((unsigned char *)addr)[pg] == 0 && ((unsigned char *)addr)[0] == 1;
	munmap(addr, 4 * pg);
	close(fd);
	return !ok;
}

static int use_ashmem(size_t pg)
{
	struct ashmem_pin pin = { .offset = pg, .len = pg };
	int fd = open("/dev/ashmem", O_RDWR | O_CLOEXEC), ok;
	void *addr;

	if (fd < 0 || ioctl(fd, ASHMEM_SET_SIZE, 2 * pg))
		return 1;
	addr = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (addr == MAP_FAILED)
		return 1;
	memset(addr, 1, 2 * pg);
	ok = !ioctl(fd, ASHMEM_UNPIN, &pin) && ioctl(fd, ASHMEM_PURGE_ALL_CACHES) >= 0 &&
	     ioctl(fd, ASHMEM_PIN, &pin) == ASHMEM_WAS_PURGED;
	munmap(addr, 2 * pg);
	close(fd);
	return !ok;
}

int main(void)
{
	size_t pg = (size_t)sysconf(_SC_PAGESIZE);

	return use_vrange(pg) | use_ashmem(pg) << 1;
}
