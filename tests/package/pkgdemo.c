// SPDX-License-Identifier: GPL-2.0-only
/*
 * A program as a user of the Debian packages writes it: built in a clean
 * bookworm chroot with `pkg-config --cflags --libs libvrange` against the
 * installed libvrange-dev, then run, dynamically linked to the installed
 * libvrange0, inside a VM with the module. It fills a cache, marks half of
 * it volatile, purges the region and checks what vrange reports.
 * Prints one line per step; exits 0 if all went as documented.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <vrange.h>

#define PAGES 64

static int fail(const char *what, int err)
{
	printf("pkgdemo: %s: %s\n", what, strerror(err < 0 ? -err : err));
	return 1;
}

int main(void)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE), size = PAGES * page;
	unsigned char *cache;
	size_t i;
	int fd, ret;

	printf("pkgdemo: libvrange %s\n", vrange_version());
	fd = vrange_create("pkgdemo", size);
	if (fd < 0)
		return fail("vrange_create", fd);
	ret = vrange_map(fd, 0, size, PROT_READ | PROT_WRITE, (void **)&cache);
	if (ret)
		return fail("vrange_map", ret);
	memset(cache, 0xa5, size);

	ret = vrange_volatile(fd, 0, size / 2);
	if (ret)
		return fail("vrange_volatile", ret);
	ret = vrange_purge(fd);
	if (ret)
		return fail("vrange_purge", ret);
	ret = vrange_nonvolatile(fd, 0, size);
	if (ret != 1)
		return fail("vrange_nonvolatile did not report the purge",
			    ret < 0 ? ret : EPROTO);
	for (i = 0; i < size; i++) {
		unsigned char want = i < size / 2 ? 0 : 0xa5;

		if (cache[i] != want) {
			printf("pkgdemo: byte %zu is %#x, not %#x\n", i,
			       cache[i], want);
			return 1;
		}
	}
	printf("pkgdemo: purged half read back as zeros, the rest intact\n");
	vrange_unmap(cache, size);
	close(fd);
	printf("pkgdemo: ok\n");
	return 0;
}
