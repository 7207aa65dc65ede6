/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vrangectl: what the vrange module holds, system-wide and per process.
 *
 * Each command is one file; this header is what they share.
 */
#ifndef VRANGECTL_H
#define VRANGECTL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* Exit codes, documented in vrangectl(1). */
enum {
	EXIT_OK = 0,
	EXIT_FAILED = 1,	/* the command could not do its job */
	EXIT_USAGE = 2,		/* bad command line */
};

struct options {
	bool json;
};

int cmd_stat(const struct options *opts);
int cmd_ps(const struct options *opts);
int cmd_purge(const struct options *opts);

/*
 * Where the module's figures live. Overridable through VRANGECTL_SYSFS and
 * VRANGECTL_PROC so the tests can run the tool against prepared trees.
 */
const char *sysfs_dir(void);
const char *proc_dir(void);

/* Read one unsigned number from a sysfs-style file. 0, or -errno. */
int read_u64_file(const char *path, uint64_t *value);

/* The global figures under sysfs_dir(), in the order they are shown. */
#define NR_GLOBAL_FIGURES 7
extern const char *const global_figures[NR_GLOBAL_FIGURES];
int read_global_figures(uint64_t values[NR_GLOBAL_FIGURES]);

/* JSON output: a string, quoted and escaped as RFC 8259 requires. */
void json_string(FILE *out, const char *s);

/* A human-readable size such as "1.5 MiB" into buf. */
const char *human_bytes(uint64_t bytes, char *buf, size_t len);

#endif /* VRANGECTL_H */
