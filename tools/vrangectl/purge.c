// SPDX-License-Identifier: GPL-2.0-only
/*
 * vrangectl purge: purge every volatile page of every region now
 * (VRANGE_PURGE_ALL), and say how much that freed.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <string.h>
#include <unistd.h>

#include <vrange.h>

#include "vrangectl.h"

/* Index of purged_bytes_total and purge_events in global_figures. */
#define FIG_PURGE_EVENTS	4
#define FIG_PURGED_TOTAL	5

int cmd_purge(const struct options *opts)
{
	uint64_t before[NR_GLOBAL_FIGURES], after[NR_GLOBAL_FIGURES];
	uint64_t bytes;
	char human[32];
	int fd, err;

	if (read_global_figures(before))
		return EXIT_FAILED;
	fd = open("/dev/vrange", O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "vrangectl: /dev/vrange: %s\n", strerror(errno));
		return EXIT_FAILED;
	}
	err = vrange_purge_all(fd);
	close(fd);
	if (err) {
		fprintf(stderr, "vrangectl: purge: %s%s\n", strerror(-err),
			err == -EPERM ? " (needs CAP_SYS_ADMIN)" : "");
		return EXIT_FAILED;
	}
	if (read_global_figures(after))
		return EXIT_FAILED;

	/* Other purges (the shrinker's) may have run meanwhile: an upper bound. */
	bytes = after[FIG_PURGED_TOTAL] - before[FIG_PURGED_TOTAL];
	if (opts->json)
		printf("{\"purged_bytes\": %" PRIu64 ", \"purge_events\": %" PRIu64 "}\n",
		       bytes, after[FIG_PURGE_EVENTS] - before[FIG_PURGE_EVENTS]);
	else
		printf("purged %s\n", human_bytes(bytes, human, sizeof(human)));
	return EXIT_OK;
}
