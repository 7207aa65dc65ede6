// SPDX-License-Identifier: GPL-2.0-only
/*
 * vrangectl ps: every vrange region open in a process, one line per
 * descriptor, from /proc/PID/fdinfo/FD (the module's "vrange-" keys).
 *
 * A region shared by two descriptors or processes shows once for each.
 * Without privilege, only the caller's own processes can be read; the
 * others are skipped silently, as ps(1) skips what it cannot see.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vrangectl.h"

struct region_fd {
	long pid;
	long fd;
	char comm[64];
	char name[256];
	char mode[16];
	uint64_t size, ranges, volatile_bytes, purged_bytes;
};

struct region_list {
	struct region_fd *items;
	size_t len, cap;
};

/* fdinfo escapes the name's blanks and backslashes as \ooo: undo that. */
static void unescape_octal(char *s)
{
	char *out = s;

	while (*s) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' &&
		    s[2] >= '0' && s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
			*out++ = (char)((s[1] - '0') << 6 | (s[2] - '0') << 3 |
					(s[3] - '0'));
			s += 4;
		} else {
			*out++ = *s++;
		}
	}
	*out = '\0';
}

static bool parse_u64(const char *text, uint64_t *value)
{
	char *end;

	errno = 0;
	*value = strtoull(text, &end, 0);
	return !errno && end != text;
}

/* Parse fdinfo file NAME in DIR. true if it describes a vrange region. */
static bool read_fdinfo(DIR *dir, const char *name, struct region_fd *r)
{
	char line[512];
	bool is_region = false;
	int fd = openat(dirfd(dir), name, O_RDONLY | O_CLOEXEC);
	FILE *f = fd < 0 ? NULL : fdopen(fd, "r");

	if (!f) {
		if (fd >= 0)
			close(fd);
		return false;
	}
	while (fgets(line, sizeof(line), f)) {
		char *key = line, *value = strchr(line, ':');

		if (!value || strncmp(key, "vrange-", 7))
			continue;
		*value++ = '\0';
		value += strspn(value, " \t");
		value[strcspn(value, "\n")] = '\0';
		key += 7;
		if (!strcmp(key, "size"))
			is_region = parse_u64(value, &r->size);
		else if (!strcmp(key, "name"))
			snprintf(r->name, sizeof(r->name), "%s", value);
		else if (!strcmp(key, "purge-mode"))
			snprintf(r->mode, sizeof(r->mode), "%s", value);
		else if (!strcmp(key, "ranges"))
			parse_u64(value, &r->ranges);
		else if (!strcmp(key, "volatile-bytes"))
			parse_u64(value, &r->volatile_bytes);
		else if (!strcmp(key, "purged-bytes"))
			parse_u64(value, &r->purged_bytes);
	}
	fclose(f);
	unescape_octal(r->name);
	return is_region;
}

static void read_comm(long pid, char *comm, size_t len)
{
	char path[64];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%ld/comm", proc_dir(), pid);
	f = fopen(path, "re");
	if (!f || !fgets(comm, (int)len, f))
		snprintf(comm, len, "?");
	comm[strcspn(comm, "\n")] = '\0';
	if (f)
		fclose(f);
}

static long numeric_name(const char *name)
{
	char *end;
	long value;

	if (!isdigit((unsigned char)name[0]))
		return -1;
	value = strtol(name, &end, 10);
	return *end ? -1 : value;
}

static int list_add(struct region_list *list, const struct region_fd *r)
{
	if (list->len == list->cap) {
		size_t cap = list->cap ? list->cap * 2 : 16;
		struct region_fd *items = realloc(list->items,
						  cap * sizeof(*items));

		if (!items)
			return -ENOMEM;
		list->items = items;
		list->cap = cap;
	}
	list->items[list->len++] = *r;
	return 0;
}

static int scan_process(struct region_list *list, long pid)
{
	char dir_path[4096];
	struct dirent *entry;
	DIR *dir;
	int err = 0;

	snprintf(dir_path, sizeof(dir_path), "%s/%ld/fdinfo", proc_dir(), pid);
	dir = opendir(dir_path);
	if (!dir)
		return 0;	/* gone, or not ours to see */
	while (!err && (entry = readdir(dir))) {
		struct region_fd r = { .pid = pid };

		r.fd = numeric_name(entry->d_name);
		if (r.fd < 0)
			continue;
		if (!read_fdinfo(dir, entry->d_name, &r))
			continue;
		read_comm(pid, r.comm, sizeof(r.comm));
		err = list_add(list, &r);
	}
	closedir(dir);
	return err;
}

static int by_pid_then_fd(const void *a, const void *b)
{
	const struct region_fd *x = a, *y = b;

	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	return (x->fd > y->fd) - (x->fd < y->fd);
}

static void print_json(const struct region_list *list)
{
	size_t i;

	printf("[");
	for (i = 0; i < list->len; i++) {
		const struct region_fd *r = &list->items[i];

		printf("%s\n  {\"pid\": %ld, \"comm\": ", i ? "," : "", r->pid);
		json_string(stdout, r->comm);
		printf(", \"fd\": %ld, \"name\": ", r->fd);
		json_string(stdout, r->name);
		printf(", \"size\": %" PRIu64 ", \"purge_mode\": ", r->size);
		json_string(stdout, r->mode);
		printf(", \"ranges\": %" PRIu64 ", \"volatile_bytes\": %" PRIu64
		       ", \"purged_bytes\": %" PRIu64 "}",
		       r->ranges, r->volatile_bytes, r->purged_bytes);
	}
	printf("%s]\n", list->len ? "\n" : "");
}

static void print_table(const struct region_list *list)
{
	char size[32], vol[32], purged[32];
	size_t i;

	printf("%7s %-15s %4s %-20s %10s %10s %10s\n", "PID", "COMM", "FD",
	       "NAME", "SIZE", "VOLATILE", "PURGED");
	for (i = 0; i < list->len; i++) {
		const struct region_fd *r = &list->items[i];

		printf("%7ld %-15s %4ld %-20s %10s %10s %10s\n", r->pid,
		       r->comm, r->fd, r->name[0] ? r->name : "-",
		       human_bytes(r->size, size, sizeof(size)),
		       human_bytes(r->volatile_bytes, vol, sizeof(vol)),
		       human_bytes(r->purged_bytes, purged, sizeof(purged)));
	}
}

int cmd_ps(const struct options *opts)
{
	struct region_list list = { 0 };
	struct dirent *entry;
	DIR *proc;
	int err = 0;

	proc = opendir(proc_dir());
	if (!proc) {
		fprintf(stderr, "vrangectl: %s: %s\n", proc_dir(), strerror(errno));
		return EXIT_FAILED;
	}
	while (!err && (entry = readdir(proc))) {
		long pid = numeric_name(entry->d_name);

		if (pid > 0)
			err = scan_process(&list, pid);
	}
	closedir(proc);
	if (err) {
		fprintf(stderr, "vrangectl: ps: %s\n", strerror(-err));
		free(list.items);
		return EXIT_FAILED;
	}

	if (list.len)
		qsort(list.items, list.len, sizeof(*list.items), by_pid_then_fd);
	if (opts->json)
		print_json(&list);
	else
		print_table(&list);
	free(list.items);
	return EXIT_OK;
}
