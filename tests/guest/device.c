// SPDX-License-Identifier: GPL-2.0-only
/*
 * /dev/vrange from C: opening and closing it, as root and as an
 * unprivileged user (the node is 0666 on purpose: regions are charged to
 * the opener, as with memfd_create()).
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check_main.h"

#define DEV "/dev/vrange"

START_TEST(open_close)
{
	int fd = open(DEV, O_RDWR | O_CLOEXEC);

	ck_assert_msg(fd >= 0, "open: %s", strerror(errno));
	ck_assert_int_eq(close(fd), 0);
}
END_TEST

START_TEST(open_unprivileged)
{
	pid_t pid = fork();
	int status;

	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		/* nobody:nogroup */
		if (setresgid(65534, 65534, 65534) || setresuid(65534, 65534, 65534))
			_exit(2);
		_exit(open(DEV, O_RDWR | O_CLOEXEC) >= 0 ? 0 : 1);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 0);
}
END_TEST

Suite *test_suite(void)
{
	Suite *s = suite_create("device");
	TCase *tc = tcase_create("open");

	tcase_add_test(tc, open_close);
	tcase_add_test(tc, open_unprivileged);
	suite_add_tcase(s, tc);
	return s;
}
