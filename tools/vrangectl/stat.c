// SPDX-License-Identifier: GPL-2.0-only
/*
 * vrangectl stat: the module's global figures, from its sysfs attributes.
 */
#include <inttypes.h>
#include <string.h>

#include "vrangectl.h"

static bool is_bytes(const char *figure)
{
	return strstr(figure, "bytes") != NULL;
}

int cmd_stat(const struct options *opts)
{
	uint64_t values[NR_GLOBAL_FIGURES];
	char human[32];
	int i;

	if (read_global_figures(values))
		return EXIT_FAILED;

	if (opts->json) {
		printf("{");
		for (i = 0; i < NR_GLOBAL_FIGURES; i++)
			printf("%s\"%s\": %" PRIu64, i ? ", " : "",
			       global_figures[i], values[i]);
		printf("}\n");
		return EXIT_OK;
	}
	for (i = 0; i < NR_GLOBAL_FIGURES; i++) {
		printf("%-20s %" PRIu64, global_figures[i], values[i]);
		if (is_bytes(global_figures[i]))
			printf("  (%s)", human_bytes(values[i], human,
						     sizeof(human)));
		printf("\n");
	}
	return EXIT_OK;
}
