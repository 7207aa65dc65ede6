// SPDX-License-Identifier: GPL-2.0-only
/*
 * vrangectl: helpers shared by the commands (files, JSON, sizes).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "vrangectl.h"

const char *const global_figures[NR_GLOBAL_FIGURES] = {
	"regions", "ranges", "volatile_bytes", "purged_bytes",
	"purge_events", "purged_bytes_total", "shrinker_scans",
};

static const char *env_or(const char *name, const char *fallback)
{
	const char *value = getenv(name);

	return value && *value ? value : fallback;
}

const char *sysfs_dir(void)
{
	return env_or("VRANGECTL_SYSFS", "/sys/class/misc/vrange");
}

const char *proc_dir(void)
{
	return env_or("VRANGECTL_PROC", "/proc");
}

int read_u64_file(const char *path, uint64_t *value)
{
	char line[64], *end;
	FILE *f = fopen(path, "re");
	int err = 0;

	if (!f)
		return -errno;
	if (!fgets(line, sizeof(line), f)) {
		err = ferror(f) ? -EIO : -ENODATA;
	} else {
		errno = 0;
		*value = strtoull(line, &end, 10);
		if (errno || end == line || (*end && *end != '\n'))
			err = -EBADMSG;
	}
	fclose(f);
	return err;
}

int read_global_figures(uint64_t values[NR_GLOBAL_FIGURES])
{
	char path[4096];
	int i, err;

	for (i = 0; i < NR_GLOBAL_FIGURES; i++) {
		snprintf(path, sizeof(path), "%s/%s", sysfs_dir(),
			 global_figures[i]);
		err = read_u64_file(path, &values[i]);
		if (err) {
			fprintf(stderr, "vrangectl: %s: %s%s\n", path,
				strerror(-err), err == -ENOENT ?
				" (is the vrange module loaded?)" : "");
			return err;
		}
	}
	return 0;
}

void json_string(FILE *out, const char *s)
{
	const unsigned char *p;

	fputc('"', out);
	for (p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(out, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(out, "\\u%04x", *p);
		else
			fputc(*p, out);
	}
	fputc('"', out);
}

const char *human_bytes(uint64_t bytes, char *buf, size_t len)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	unsigned int unit = 0;
	double value = (double)bytes;

	while (value >= 1024 && unit + 1 < sizeof(units) / sizeof(units[0])) {
		value /= 1024;
		unit++;
	}
	if (unit == 0)
		snprintf(buf, len, "%" PRIu64 " B", bytes);
	else
		snprintf(buf, len, "%.1f %s", value, units[unit]);
	return buf;
}
