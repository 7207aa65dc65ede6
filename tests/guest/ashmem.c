// SPDX-License-Identifier: GPL-2.0-only
/*
 * /dev/ashmem (module parameter ashmem=1), written from Android's ashmem
 * ABI: every ioctl and its errors, ashmem's rules (len 0 to the end, PIN
 * needs a mapping, names in /proc/PID/maps, read and lseek through to the
 * backing, private mappings private), prot masks across fork and regions,
 * purging by PURGE_ALL_CACHES and by real pressure, and one LRU shared
 * with /dev/vrange.
 */
#include <fcntl.h>
#include <linux/ashmem.h>
#include <linux/capability.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "vrange_test.h"

/* ioctl() as its result, or -errno. */
static long aioctl(int fd, unsigned long req, unsigned long arg)
{
	long ret = ioctl(fd, req, arg);

	return ret < 0 ? -errno : ret;
}

static long pin_op(int fd, unsigned long req, uint32_t offset, uint32_t len)
{
	struct ashmem_pin pin = { .offset = offset, .len = len };

	return aioctl(fd, req, (unsigned long)&pin);
}

static int new_ashmem(const char *name, size_t size)
{
	int fd = open("/dev/ashmem", O_RDWR | O_CLOEXEC);

	ck_assert_msg(fd >= 0, "open /dev/ashmem: %s", strerror(errno));
	if (name)
		ck_assert_int_eq(aioctl(fd, ASHMEM_SET_NAME, (unsigned long)name), 0);
	ck_assert_int_eq(aioctl(fd, ASHMEM_SET_SIZE, size), 0);
	return fd;
}

static unsigned char *map_ashmem(int fd, size_t size, int prot, int flags)
{
	void *p = mmap(NULL, size, prot, flags, fd, 0);

	ck_assert_msg(p != MAP_FAILED, "mmap: %s", strerror(errno));
	return p;
}

/* The /proc/self/maps line of the mapping at @addr, or "" */
static void maps_line(const void *addr, char *line, size_t len)
{
	char want[32];
	FILE *f = fopen("/proc/self/maps", "r");

	ck_assert_ptr_nonnull(f);
	snprintf(want, sizeof(want), "%lx-", (unsigned long)addr);
	line[0] = '\0';
	while (fgets(line, (int)len, f))
		if (!strncmp(line, want, strlen(want)))
			break;
		else
			line[0] = '\0';
	fclose(f);
}

START_TEST(node_is_a_0666_char_device)
{
	struct stat st;

	ck_assert_int_eq(stat("/dev/ashmem", &st), 0);
	ck_assert(S_ISCHR(st.st_mode));
	ck_assert_uint_eq(st.st_mode & 07777, 0666);
}
END_TEST

START_TEST(names)
{
	char name[ASHMEM_NAME_LEN], long_name[400];
	int fd = open("/dev/ashmem", O_RDWR);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(aioctl(fd, ASHMEM_GET_NAME, (unsigned long)name), 0);
	ck_assert_str_eq(name, ASHMEM_NAME_DEF);
	ck_assert_int_eq(aioctl(fd, ASHMEM_SET_NAME, (unsigned long)"gralloc"), 0);
	ck_assert_int_eq(aioctl(fd, ASHMEM_GET_NAME, (unsigned long)name), 0);
	ck_assert_str_eq(name, "gralloc");
	/* Ashmem truncates a long name to ASHMEM_NAME_LEN - 1 bytes. */
	memset(long_name, 'n', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	ck_assert_int_eq(aioctl(fd, ASHMEM_SET_NAME, (unsigned long)long_name), 0);
	ck_assert_int_eq(aioctl(fd, ASHMEM_GET_NAME, (unsigned long)name), 0);
	ck_assert_uint_eq(strlen(name), ASHMEM_NAME_LEN - 1);
	ck_assert_int_eq(aioctl(fd, ASHMEM_SET_NAME, (unsigned long)KERNEL_PTR), -EFAULT);
	ck_assert_int_eq(aioctl(fd, ASHMEM_GET_NAME, (unsigned long)KERNEL_PTR), -EFAULT);
	ck_assert_int_eq(aioctl(fd, ASHMEM_SET_SIZE, PG), 0);
	map_ashmem(fd, PG, PROT_READ, MAP_SHARED);
	ck_assert_int_eq(aioctl(fd, ASHMEM_SET_NAME, (unsigned long)"late"), -EINVAL);
	close(fd);
}
END_TEST

START_TEST(sizes_by_value)
{
	int fd = open("/dev/ashmem", O_RDWR);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(aioctl(fd, ASHMEM_GET_SIZE, 0), 0);
	ck_assert_int_eq(aioctl(fd, ASHMEM_SET_SIZE, 0), 0);
	ck_assert_int_eq(aioctl(fd, ASHMEM_SET_SIZE, 3 * PG + 5), 0);
	ck_assert_int_eq(aioctl(fd, ASHMEM_GET_SIZE, 0), 3 * PG + 5);
	ck_assert_int_eq(aioctl(fd, ASHMEM_SET_SIZE, 2 * PG), 0);
	ck_assert_int_eq(aioctl(fd, ASHMEM_GET_SIZE, 0), 2 * PG);
	map_ashmem(fd, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED);
	ck_assert_int_eq(aioctl(fd, ASHMEM_SET_SIZE, 4 * PG), -EINVAL);
	ck_assert_int_eq(aioctl(fd, ASHMEM_GET_SIZE, 0), 2 * PG);
	close(fd);
}
END_TEST

START_TEST(mmap_needs_a_size_and_stays_within_it)
{
	int fd = open("/dev/ashmem", O_RDWR);

	ck_assert_int_ge(fd, 0);
	ck_assert_ptr_eq(mmap(NULL, PG, PROT_READ, MAP_SHARED, fd, 0), MAP_FAILED);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_int_eq(aioctl(fd, ASHMEM_SET_SIZE, PG + 1), 0);
	/* The size is rounded up to whole pages. */
	map_ashmem(fd, 2 * PG, PROT_READ, MAP_SHARED);
	ck_assert_ptr_eq(mmap(NULL, 3 * PG, PROT_READ, MAP_SHARED, fd, 0), MAP_FAILED);
	ck_assert_int_eq(errno, EINVAL);
	close(fd);
}
END_TEST

START_TEST(prot_mask_binds_mmap_and_mprotect)
{
	int fd = new_ashmem("ro", PG), other = new_ashmem("rw", PG);
	unsigned char *p;

	ck_assert_int_eq(aioctl(fd, ASHMEM_GET_PROT_MASK, 0), PROT_READ | PROT_WRITE | PROT_EXEC);
	ck_assert_int_eq(aioctl(fd, ASHMEM_SET_PROT_MASK, PROT_READ), 0);
	ck_assert_int_eq(aioctl(fd, ASHMEM_GET_PROT_MASK, 0), PROT_READ);
	/* Bits never come back. */
	ck_assert_int_eq(aioctl(fd, ASHMEM_SET_PROT_MASK, PROT_READ | PROT_WRITE), -EINVAL);
	ck_assert_ptr_eq(mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), MAP_FAILED);
	ck_assert_int_eq(errno, EPERM);
	ck_assert_ptr_eq(mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0), MAP_FAILED);
	ck_assert_int_eq(errno, EPERM);
	p = map_ashmem(fd, PG, PROT_READ, MAP_SHARED);
	ck_assert_int_eq(mprotect(p, PG, PROT_READ | PROT_WRITE), -1);
	ck_assert_int_eq(errno, EACCES);
	ck_assert_int_eq(mprotect(p, PG, PROT_READ | PROT_EXEC), -1);
	ck_assert_int_eq(errno, EACCES);
	p = map_ashmem(fd, PG, PROT_READ, MAP_PRIVATE);
	ck_assert_int_eq(mprotect(p, PG, PROT_READ | PROT_WRITE), -1);
	ck_assert_int_eq(errno, EACCES);
	/* Another region is untouched by this one's mask. */
	p = map_ashmem(other, PG, PROT_READ | PROT_WRITE, MAP_SHARED);
	p[0] = 1;
	ck_assert_int_eq(mprotect(p, PG, PROT_READ | PROT_WRITE | PROT_EXEC), 0);
	close(fd);
	close(other);
}
END_TEST

START_TEST(prot_mask_is_the_regions_across_fork)
{
	int fd = new_ashmem("forked", PG), status;
	pid_t pid = fork();

	ck_assert_int_ge(pid, 0);
	if (pid == 0)
		_exit(aioctl(fd, ASHMEM_SET_PROT_MASK, PROT_READ) == 0 ? 0 : 1);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	ck_assert_int_eq(aioctl(fd, ASHMEM_GET_PROT_MASK, 0), PROT_READ);
	ck_assert_ptr_eq(mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), MAP_FAILED);
	close(fd);
}
END_TEST

START_TEST(pin_needs_a_mapping)
{
	int fd = new_ashmem(NULL, 2 * PG);

	ck_assert_int_eq(pin_op(fd, ASHMEM_UNPIN, 0, PG), -EINVAL);
	ck_assert_int_eq(pin_op(fd, ASHMEM_PIN, 0, PG), -EINVAL);
	ck_assert_int_eq(pin_op(fd, ASHMEM_GET_PIN_STATUS, 0, PG), -EINVAL);
	map_ashmem(fd, 2 * PG, PROT_READ, MAP_SHARED);
	ck_assert_int_eq(pin_op(fd, ASHMEM_UNPIN, 0, PG), 0);
	close(fd);
}
END_TEST

START_TEST(pin_unpin_and_status)
{
	int fd = new_ashmem("pins", 4 * PG);

	map_ashmem(fd, 4 * PG, PROT_READ | PROT_WRITE, MAP_SHARED);
	ck_assert_int_eq(pin_op(fd, ASHMEM_GET_PIN_STATUS, 0, 0), ASHMEM_IS_PINNED);
	ck_assert_int_eq(pin_op(fd, ASHMEM_UNPIN, PG, 2 * PG), 0);
	ck_assert_int_eq(pin_op(fd, ASHMEM_GET_PIN_STATUS, 0, PG), ASHMEM_IS_PINNED);
	ck_assert_int_eq(pin_op(fd, ASHMEM_GET_PIN_STATUS, 2 * PG, PG), ASHMEM_IS_UNPINNED);
	/* len 0: to the end of the region. */
	ck_assert_int_eq(pin_op(fd, ASHMEM_GET_PIN_STATUS, 0, 0), ASHMEM_IS_UNPINNED);
	ck_assert_int_eq(pin_op(fd, ASHMEM_GET_PIN_STATUS, 3 * PG, 0), ASHMEM_IS_PINNED);
	ck_assert_int_eq(pin_op(fd, ASHMEM_PIN, 0, 0), ASHMEM_NOT_PURGED);
	ck_assert_int_eq(pin_op(fd, ASHMEM_GET_PIN_STATUS, 0, 0), ASHMEM_IS_PINNED);
	/* An empty span at the very end changes nothing. */
	ck_assert_int_eq(pin_op(fd, ASHMEM_UNPIN, 4 * PG, 0), 0);
	ck_assert_int_eq(pin_op(fd, ASHMEM_GET_PIN_STATUS, 0, 0), ASHMEM_IS_PINNED);
	close(fd);
}
END_TEST

START_TEST(bad_pins_are_einval_or_efault)
{
	int fd = new_ashmem(NULL, 4 * PG);

	map_ashmem(fd, 4 * PG, PROT_READ, MAP_SHARED);
	ck_assert_int_eq(pin_op(fd, ASHMEM_UNPIN, 1, PG), -EINVAL);
	ck_assert_int_eq(pin_op(fd, ASHMEM_UNPIN, 0, PG + 1), -EINVAL);
	ck_assert_int_eq(pin_op(fd, ASHMEM_UNPIN, 2 * PG, 3 * PG), -EINVAL);
	ck_assert_int_eq(pin_op(fd, ASHMEM_UNPIN, 5 * PG, 0), -EINVAL);
	ck_assert_int_eq(pin_op(fd, ASHMEM_PIN, UINT32_MAX - PG + 1, 2 * PG), -EINVAL);
	ck_assert_int_eq(aioctl(fd, ASHMEM_PIN, 0), -EFAULT);
	ck_assert_int_eq(aioctl(fd, ASHMEM_UNPIN, (unsigned long)KERNEL_PTR), -EFAULT);
	ck_assert_int_eq(aioctl(fd, ASHMEM_GET_PIN_STATUS, 1), -EFAULT);
	ck_assert_int_eq(pin_op(fd, ASHMEM_GET_PIN_STATUS, 0, 0), ASHMEM_IS_PINNED);
	close(fd);
}
END_TEST

START_TEST(unknown_requests_are_enotty)
{
	int fd = new_ashmem(NULL, PG);

	ck_assert_int_eq(aioctl(fd, _IO(__ASHMEMIOC, 12), 0), -ENOTTY);
	ck_assert_int_eq(aioctl(fd, _IO(__ASHMEMIOC, 0), 0), -ENOTTY);
	ck_assert_int_eq(aioctl(fd, VRANGE_GET_SIZE, 0), -ENOTTY);
	close(fd);
}
END_TEST

START_TEST(purge_all_caches_purges_unpinned_pages)
{
	int fd = new_ashmem("cache", 4 * PG), status;
	unsigned char *p = map_ashmem(fd, 4 * PG, PROT_READ | PROT_WRITE, MAP_SHARED);
	long pages;
	pid_t pid;
	size_t i;

	for (i = 0; i < 4; i++)
		fill_page(p, i, 1);
	ck_assert_int_eq(pin_op(fd, ASHMEM_UNPIN, PG, 2 * PG), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0)
		_exit(!drop_sys_admin() &&
		      aioctl(fd, ASHMEM_PURGE_ALL_CACHES, 0) == -EPERM ? 0 : 1);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	ck_assert_int_eq(pin_op(fd, ASHMEM_GET_PIN_STATUS, PG, 0), ASHMEM_IS_UNPINNED);

	/* It returns the pages it found purgeable, system-wide. */
	pages = aioctl(fd, ASHMEM_PURGE_ALL_CACHES, 0);
	ck_assert_int_ge(pages, 2);
	ck_assert_int_eq(pin_op(fd, ASHMEM_PIN, PG, PG), ASHMEM_WAS_PURGED);
	ck_assert_int_eq(pin_op(fd, ASHMEM_PIN, 2 * PG, PG), ASHMEM_WAS_PURGED);
	ck_assert(page_has_pattern(p, 0, 1) && page_has_pattern(p, 3, 1));
	ck_assert(page_is_zero(p, 1) && page_is_zero(p, 2));
	ck_assert_int_eq(pin_op(fd, ASHMEM_PIN, 0, 0), ASHMEM_NOT_PURGED);
	close(fd);
}
END_TEST

START_TEST(file_id_is_the_backing_inode)
{
	int fd = new_ashmem("id", PG);
	unsigned long id = 0, ino = 0;
	char line[512];
	void *p;

	ck_assert_int_eq(aioctl(fd, ASHMEM_GET_FILE_ID, (unsigned long)&id), -EINVAL);
	p = map_ashmem(fd, PG, PROT_READ, MAP_SHARED);
	ck_assert_int_eq(aioctl(fd, ASHMEM_GET_FILE_ID, (unsigned long)&id), 0);
	ck_assert_int_eq(aioctl(fd, ASHMEM_GET_FILE_ID, (unsigned long)KERNEL_PTR), -EFAULT);
	maps_line(p, line, sizeof(line));
	ck_assert_int_eq(sscanf(line, "%*s %*s %*s %*s %lu", &ino), 1);
	ck_assert_uint_ne(id, 0);
	ck_assert_uint_eq(id, ino);
	close(fd);
}
END_TEST

START_TEST(proc_maps_shows_dev_ashmem_name)
{
	int named = new_ashmem("surface 7", PG), unnamed = new_ashmem(NULL, PG);
	char line[512];
	void *p;

	p = map_ashmem(named, PG, PROT_READ, MAP_SHARED);
	maps_line(p, line, sizeof(line));
	ck_assert_msg(strstr(line, " /dev/ashmem/surface 7"), "maps: %s", line);
	p = map_ashmem(unnamed, PG, PROT_READ, MAP_SHARED);
	maps_line(p, line, sizeof(line));
	ck_assert_msg(strstr(line, " /dev/ashmem") && !strstr(line, "/dev/ashmem/"),
		      "maps: %s", line);
	p = map_ashmem(named, PG, PROT_READ, MAP_PRIVATE);
	maps_line(p, line, sizeof(line));
	ck_assert_msg(strstr(line, " /dev/ashmem/surface 7"), "maps: %s", line);
	close(named);
	close(unnamed);
}
END_TEST

START_TEST(read_and_lseek_reach_the_backing)
{
	int fd = open("/dev/ashmem", O_RDWR);
	unsigned char *p;
	char buf[8];

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(read(fd, buf, sizeof(buf)), 0);
	ck_assert_int_eq(lseek(fd, 0, SEEK_SET), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_int_eq(aioctl(fd, ASHMEM_SET_SIZE, 4 * PG), 0);
	ck_assert_int_eq(read(fd, buf, sizeof(buf)), -1);
	ck_assert_int_eq(errno, EBADF);
	ck_assert_int_eq(lseek(fd, 0, SEEK_SET), -1);
	ck_assert_int_eq(errno, EBADF);

	p = map_ashmem(fd, 4 * PG, PROT_READ | PROT_WRITE, MAP_SHARED);
	memcpy(p, "ashmem!", 8);
	memcpy(p + 2 * PG, "second", 7);
	ck_assert_int_eq(lseek(fd, 0, SEEK_SET), 0);
	ck_assert_int_eq(read(fd, buf, 8), 8);
	ck_assert_str_eq(buf, "ashmem!");
	ck_assert_int_eq(lseek(fd, 0, SEEK_CUR), 8);
	ck_assert_int_eq(lseek(fd, 2 * PG, SEEK_SET), 2 * PG);
	ck_assert_int_eq(read(fd, buf, 7), 7);
	ck_assert_str_eq(buf, "second");
	ck_assert_int_eq(lseek(fd, 0, SEEK_DATA), 0);
	ck_assert_int_eq(lseek(fd, 0, SEEK_HOLE), PG);
	ck_assert_int_eq(lseek(fd, PG, SEEK_DATA), 2 * PG);
	/* A purged page is a hole again. */
	ck_assert_int_eq(pin_op(fd, ASHMEM_UNPIN, 0, PG), 0);
	ck_assert_int_eq(aioctl(fd, ASHMEM_PURGE_ALL_CACHES, 0) >= 1, 1);
	ck_assert_int_eq(lseek(fd, 0, SEEK_DATA), 2 * PG);
	ck_assert_int_eq(lseek(fd, 5 * PG, SEEK_DATA), -1);
	ck_assert_int_eq(errno, ENXIO);
	ck_assert_int_eq(pin_op(fd, ASHMEM_PIN, 0, PG), ASHMEM_WAS_PURGED);
	close(fd);
}
END_TEST

START_TEST(private_mappings_are_private_zero_memory)
{
	int fd = new_ashmem("priv", 2 * PG);
	unsigned char *shared = map_ashmem(fd, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED);
	unsigned char *priv = map_ashmem(fd, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE);

	fill_page(shared, 0, 3);
	ck_assert(page_is_zero(priv, 0));
	fill_page(priv, 1, 4);
	ck_assert(page_is_zero(shared, 1));
	ck_assert(page_has_pattern(shared, 0, 3));
	/* The private mapping also froze the size. */
	ck_assert_int_eq(aioctl(fd, ASHMEM_SET_SIZE, 8 * PG), -EINVAL);
	close(fd);
	ck_assert(page_has_pattern(priv, 1, 4));
}
END_TEST

START_TEST(state_is_shared_across_fork)
{
	int fd = new_ashmem("fork", 2 * PG), status;
	pid_t pid;

	map_ashmem(fd, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0)
		_exit(pin_op(fd, ASHMEM_UNPIN, PG, PG) == 0 ? 0 : 1);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	ck_assert_int_eq(pin_op(fd, ASHMEM_GET_PIN_STATUS, PG, PG), ASHMEM_IS_UNPINNED);
	ck_assert_int_eq(pin_op(fd, ASHMEM_PIN, PG, PG), ASHMEM_NOT_PURGED);
	close(fd);
}
END_TEST

/*
 * One LRU for both devices, under real pressure: an old ashmem range, an
 * old vrange range, then many 1 MiB vrange ranges, then a new ashmem range.
 * A hog then needs part of the big cache back. The shrinker must take the
 * old ones of both kinds first, then a prefix of the big cache, and leave
 * the newest (ashmem) range alone.
 */
START_TEST(one_lru_and_shrinker_for_both_devices)
{
	int old_a = new_ashmem("old", 4 * PG), new_a = new_ashmem("new", 4 * PG);
	int old_v = new_region("old", 4);
	struct chunked_cache big;
	size_t purged;

	map_ashmem(old_a, 4 * PG, PROT_READ | PROT_WRITE, MAP_SHARED)[0] = 1;
	map_ashmem(new_a, 4 * PG, PROT_READ | PROT_WRITE, MAP_SHARED)[0] = 1;
	map_region(old_v, 4)[0] = 1;

	ck_assert_int_eq(pin_op(old_a, ASHMEM_UNPIN, 0, 0), 0);
	ck_assert_int_eq(vrange_volatile(old_v, 0, 4 * PG), 0);
	chunked_cache_fill(&big, "big");
	ck_assert_int_eq(pin_op(new_a, ASHMEM_UNPIN, 0, 0), 0);

	/* The big cache's purged chunks are its oldest ones (checked there). */
	purged = chunked_cache_squeeze(&big);
	ck_assert_int_eq(pin_op(old_a, ASHMEM_PIN, 0, 0), ASHMEM_WAS_PURGED);
	ck_assert_int_eq(vrange_nonvolatile(old_v, 0, 4 * PG), 1);
	/* Reclaim may overshoot and take everything (see semantics.c). */
	if (purged < big.nchunks)
		ck_assert_int_eq(pin_op(new_a, ASHMEM_PIN, 0, 0), ASHMEM_NOT_PURGED);
	close(old_a);
	close(new_a);
	close(old_v);
	close(big.fd);
}
END_TEST

Suite *test_suite(void)
{
	Suite *s = suite_create("ashmem");
	TCase *tc = tcase_create("ashmem");

	tcase_add_test(tc, node_is_a_0666_char_device);
	tcase_add_test(tc, names);
	tcase_add_test(tc, sizes_by_value);
	tcase_add_test(tc, mmap_needs_a_size_and_stays_within_it);
	tcase_add_test(tc, prot_mask_binds_mmap_and_mprotect);
	tcase_add_test(tc, prot_mask_is_the_regions_across_fork);
	tcase_add_test(tc, pin_needs_a_mapping);
	tcase_add_test(tc, pin_unpin_and_status);
	tcase_add_test(tc, bad_pins_are_einval_or_efault);
	tcase_add_test(tc, unknown_requests_are_enotty);
	tcase_add_test(tc, purge_all_caches_purges_unpinned_pages);
	tcase_add_test(tc, file_id_is_the_backing_inode);
	tcase_add_test(tc, proc_maps_shows_dev_ashmem_name);
	tcase_add_test(tc, read_and_lseek_reach_the_backing);
	tcase_add_test(tc, private_mappings_are_private_zero_memory);
	tcase_add_test(tc, state_is_shared_across_fork);
	tcase_add_test(tc, one_lru_and_shrinker_for_both_devices);
	suite_add_tcase(s, tc);
	return s;
}
