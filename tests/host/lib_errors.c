// SPDX-License-Identifier: GPL-2.0-only
/*
 * libvrange's error convention, on the host (no module needed): every
 * failure is a negative errno value, also left in errno; checks the
 * library makes itself come before any system call.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "check_main.h"
#include "vrange.h"

#define ck_assert_errno(call, err) do {				\
	errno = 0;						\
	ck_assert_int_eq((call), -(err));			\
	ck_assert_int_eq(errno, (err));				\
} while (0)

START_TEST(bad_descriptors_are_ebadf)
{
	char name[VRANGE_NAME_LEN];
	uint64_t size, v, p;
	unsigned int mode;
	void *addr = NULL;
	int prot;

	ck_assert_errno(vrange_set_size(-1, 4096), EBADF);
	ck_assert_errno(vrange_get_size(-1, &size), EBADF);
	ck_assert_errno(vrange_set_name(-1, "x"), EBADF);
	ck_assert_errno(vrange_get_name(-1, name, sizeof(name)), EBADF);
	ck_assert_errno(vrange_volatile(-1, 0, 4096), EBADF);
	ck_assert_errno(vrange_nonvolatile(-1, 0, 4096), EBADF);
	ck_assert_errno(vrange_status(-1, 0, 4096, &v, &p), EBADF);
	ck_assert_errno(vrange_purge(-1), EBADF);
	ck_assert_errno(vrange_purge_all(-1), EBADF);
	ck_assert_errno(vrange_set_prot_mask(-1, PROT_READ), EBADF);
	ck_assert_errno(vrange_get_prot_mask(-1, &prot), EBADF);
	ck_assert_errno(vrange_set_purge_mode(-1, VRANGE_ZEROFILL), EBADF);
	ck_assert_errno(vrange_get_purge_mode(-1, &mode), EBADF);
	ck_assert_errno(vrange_map(-1, 0, 4096, PROT_READ, &addr), EBADF);
	ck_assert_ptr_null(addr);
}
END_TEST

START_TEST(other_files_are_enotty)
{
	int fd = open("/dev/null", O_RDWR);

	ck_assert_int_ge(fd, 0);
	ck_assert_errno(vrange_volatile(fd, 0, 4096), ENOTTY);
	ck_assert_errno(vrange_nonvolatile(fd, 0, 4096), ENOTTY);
	close(fd);
}
END_TEST

START_TEST(long_names_are_refused_before_the_kernel_sees_them)
{
	char name[VRANGE_NAME_LEN + 10];

	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	/* Not EBADF: the length is checked, and nothing read past it. */
	ck_assert_errno(vrange_set_name(-1, name), ENAMETOOLONG);
	name[VRANGE_NAME_LEN] = '\0';
	ck_assert_errno(vrange_set_name(-1, name), ENAMETOOLONG);
	name[VRANGE_NAME_LEN - 1] = '\0';
	ck_assert_errno(vrange_set_name(-1, name), EBADF);
}
END_TEST

START_TEST(map_and_unmap_errors)
{
	void *addr = NULL;

	ck_assert_errno(vrange_map(-1, UINT64_MAX, 4096, PROT_READ, &addr), EINVAL);
	ck_assert_errno(vrange_unmap((void *)1, 4096), EINVAL);
}
END_TEST

START_TEST(create_without_the_module)
{
	int fd = vrange_create("host", 4096);

	/* Build hosts never load the module; where one has, it must work. */
	if (access("/dev/vrange", F_OK)) {
		ck_assert_int_eq(fd, -ENOENT);
		ck_assert_int_eq(errno, ENOENT);
	} else {
		ck_assert_int_ge(fd, 0);
		close(fd);
	}
}
END_TEST

Suite *test_suite(void)
{
	Suite *s = suite_create("lib_errors");
	TCase *tc = tcase_create("lib_errors");

	tcase_add_test(tc, bad_descriptors_are_ebadf);
	tcase_add_test(tc, other_files_are_enotty);
	tcase_add_test(tc, long_names_are_refused_before_the_kernel_sees_them);
	tcase_add_test(tc, map_and_unmap_errors);
	tcase_add_test(tc, create_without_the_module);
	suite_add_tcase(s, tc);
	return s;
}
