// SPDX-License-Identifier: GPL-2.0-only
/*
 * vrangectl: look at, and purge, the vrange module's volatile memory.
 *
 *   vrangectl [--json] stat     global figures (sysfs)
 *   vrangectl [--json] ps       regions per process (/proc/PID/fdinfo)
 *   vrangectl [--json] purge    purge all volatile memory now (root)
 *
 * Exit codes: 0 done, 1 the command failed, 2 bad usage.
 */
#include <getopt.h>
#include <string.h>

#include <vrange.h>

#include "vrangectl.h"

static const struct command {
	const char *name;
	int (*run)(const struct options *opts);
	const char *help;
} commands[] = {
	{ "stat", cmd_stat, "global figures of the module (from sysfs)" },
	{ "ps", cmd_ps, "regions open in each process (from /proc)" },
	{ "purge", cmd_purge, "purge every volatile page now (needs root)" },
};

#define NR_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage(FILE *out)
{
	size_t i;

	fprintf(out,
		"Usage: vrangectl [--json] COMMAND\n"
		"       vrangectl --help | --version\n"
		"\n"
		"Commands:\n");
	for (i = 0; i < NR_COMMANDS; i++)
		fprintf(out, "  %-7s %s\n", commands[i].name, commands[i].help);
	fprintf(out,
		"\n"
		"Options:\n"
		"  -j, --json     machine-readable output (JSON)\n"
		"  -h, --help     this help\n"
		"  -V, --version  the version of vrangectl and libvrange\n"
		"\n"
		"Exit status: 0 done, 1 the command failed, 2 bad usage.\n"
		"See vrangectl(1) and vrange(4).\n");
}

int main(int argc, char **argv)
{
	static const struct option long_options[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct options opts = { 0 };
	size_t i;
	int c;

	while ((c = getopt_long(argc, argv, "+jhV", long_options, NULL)) != -1) {
		switch (c) {
		case 'j':
			opts.json = true;
			break;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		case 'V':
			printf("vrangectl %s (libvrange %s)\n", VRANGE_VERSION,
			       vrange_version());
			return EXIT_OK;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	/* Options may also follow the command: vrangectl ps --json. */
	if (optind < argc && optind + 2 == argc &&
	    (!strcmp(argv[optind + 1], "--json") || !strcmp(argv[optind + 1], "-j")))
		opts.json = true;
	else if (optind + 1 != argc) {
		fprintf(stderr, "vrangectl: %s\n", optind < argc ?
			"one command, please" : "no command given");
		usage(stderr);
		return EXIT_USAGE;
	}

	for (i = 0; i < NR_COMMANDS; i++)
		if (!strcmp(argv[optind], commands[i].name))
			return commands[i].run(&opts);
	fprintf(stderr, "vrangectl: unknown command '%s'\n", argv[optind]);
	usage(stderr);
	return EXIT_USAGE;
}
