// SPDX-License-Identifier: GPL-2.0-only
/*
 * Hold a region for the module suite: "hold fd" keeps a descriptor open,
 * "hold map" keeps only a mapping (the descriptor closed). Creates the
 * file named by the second argument once holding, then waits for a signal.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "vrange.h"

int main(int argc, char **argv)
{
	void *addr;
	int fd;

	if (argc != 3 || (strcmp(argv[1], "fd") && strcmp(argv[1], "map"))) {
		fprintf(stderr, "usage: hold fd|map READY_FILE\n");
		return 2;
	}
	fd = vrange_create("held", 4096);
	if (fd < 0)
		return 1;
	if (!strcmp(argv[1], "map")) {
		if (vrange_map(fd, 0, 4096, PROT_READ | PROT_WRITE, &addr))
			return 1;
		*(volatile char *)addr = 1;
		close(fd);
	}
	close(open(argv[2], O_CREAT | O_WRONLY, 0600));
	pause();
	return 0;
}
