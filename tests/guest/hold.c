// SPDX-License-Identifier: GPL-2.0-only
/*
 * Hold a region for the module and vrangectl suites, then wait for a
 * signal, having created READY_FILE once holding:
 *
 *   hold fd READY_FILE      keeps a descriptor open;
 *   hold map READY_FILE     keeps only a mapping (the descriptor closed);
 *   hold cache READY_FILE NAME PAGES VOLATILE
 *                           keeps a region named NAME of PAGES written
 *                           pages open and mapped, the first VOLATILE of
 *                           them marked volatile.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "vrange.h"

static int hold_cache(const char *name, long pages, long volatile_pages)
{
	long page = sysconf(_SC_PAGESIZE);
	size_t size = (size_t)pages * (size_t)page;
	void *addr;
	int fd;

	if (pages <= 0 || volatile_pages < 0 || volatile_pages > pages)
		return -1;
	fd = vrange_create(name, size);
	if (fd < 0 || vrange_map(fd, 0, size, PROT_READ | PROT_WRITE, &addr))
		return -1;
	memset(addr, 0x5a, size);
	if (volatile_pages &&
	    vrange_volatile(fd, 0, (uint64_t)volatile_pages * (uint64_t)page))
		return -1;
	return 0;
}

int main(int argc, char **argv)
{
	void *addr;
	int fd;

	if (argc == 6 && !strcmp(argv[1], "cache")) {
		if (hold_cache(argv[3], atol(argv[4]), atol(argv[5])))
			return 1;
	} else if (argc == 3 && !strcmp(argv[1], "fd")) {
		if (vrange_create("held", 4096) < 0)
			return 1;
	} else if (argc == 3 && !strcmp(argv[1], "map")) {
		fd = vrange_create("held", 4096);
		if (fd < 0 || vrange_map(fd, 0, 4096, PROT_READ | PROT_WRITE, &addr))
			return 1;
		*(volatile char *)addr = 1;
		close(fd);
	} else {
		fprintf(stderr, "usage: hold fd|map READY_FILE\n"
			"       hold cache READY_FILE NAME PAGES VOLATILE\n");
		return 2;
	}
	close(open(argv[2], O_CREAT | O_WRONLY, 0600));
	pause();
	return 0;
}
