// SPDX-License-Identifier: GPL-2.0-only
/*
 * Regions are shared like files, across fork, dup and SCM_RIGHTS: volatile
 * state belongs to the region, not to a process, and every mapping of it
 * sees one purge.
 */
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include "vrange_test.h"

/* Run @child in a new process; the test fails unless it exits 0. */
static void in_child(int (*child)(int fd, unsigned char *p), int fd,
		     unsigned char *p)
{
	int status;
	pid_t pid = fork();

	ck_assert_int_ge(pid, 0);
	if (pid == 0)
		_exit(child(fd, p));
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		      "child failed: status %#x", status);
}

static int child_unmarks_and_sees_purge(int fd, unsigned char *p)
{
	if (vrange_nonvolatile(fd, 0, PG) != 1)
		return 1;
	return page_is_zero(p, 0) && page_has_pattern(p, 1, 1) ? 0 : 2;
}

START_TEST(state_is_shared_across_fork)
{
	int fd = new_region(NULL, 2);
	unsigned char *p = map_region(fd, 2);
	uint64_t v, pu;

	fill_page(p, 0, 1);
	fill_page(p, 1, 1);
	ck_assert_int_eq(vrange_volatile(fd, 0, PG), 0);
	ck_assert_int_eq(vrange_purge(fd), 0);
	in_child(child_unmarks_and_sees_purge, fd, p);
	/* The child's unmark is the region's: nothing is volatile now. */
	ck_assert_int_eq(vrange_status(fd, 0, 2 * PG, &v, &pu), 0);
	ck_assert_uint_eq(v, 0);
}
END_TEST

static int child_purges(int fd, unsigned char *p)
{
	(void)p;
	return vrange_purge(fd) ? 1 : 0;
}

START_TEST(two_mappings_see_one_purge)
{
	int fd = new_region(NULL, 4);
	unsigned char *p = map_region(fd, 4), *q = map_region(fd, 4);
	size_t i;

	for (i = 0; i < 4; i++)
		fill_page(p, i, 2);
	ck_assert(page_has_pattern(q, 3, 2));
	ck_assert_int_eq(vrange_volatile(fd, 2 * PG, 2 * PG), 0);
	/* Purged by another process, through its copy of the mapping. */
	in_child(child_purges, fd, p);
	ck_assert(page_is_zero(p, 2) && page_is_zero(q, 3));
	ck_assert(page_has_pattern(p, 0, 2) && page_has_pattern(q, 1, 2));
}
END_TEST

START_TEST(dup_shares_the_region)
{
	int fd = new_region(NULL, 2);
	int other = dup(fd);
	uint64_t v, pu;

	ck_assert_int_ge(other, 0);
	ck_assert_int_eq(vrange_volatile(other, 0, 2 * PG), 0);
	ck_assert_int_eq(vrange_status(fd, 0, 2 * PG, &v, &pu), 0);
	ck_assert_uint_eq(v, 2 * PG);
	close(fd);
	/* The region lives on with its other descriptor. */
	ck_assert_int_eq(vrange_nonvolatile(other, 0, 2 * PG), 0);
}
END_TEST

static int send_fd(int sock, int fd)
{
	char byte = 'f', cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);

	cmsg->cmsg_level = SOL_SOCKET;
	cmsg->cmsg_type = SCM_RIGHTS;
	cmsg->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cmsg), &fd, sizeof(int));
	return sendmsg(sock, &msg, 0) == 1 ? 0 : -1;
}

static int recv_fd(int sock)
{
	char byte, cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *cmsg;
	int fd;

	if (recvmsg(sock, &msg, 0) != 1)
		return -1;
	cmsg = CMSG_FIRSTHDR(&msg);
	if (!cmsg || cmsg->cmsg_type != SCM_RIGHTS)
		return -1;
	memcpy(&fd, CMSG_DATA(cmsg), sizeof(int));
	return fd;
}

/* A process that never saw the region gets it over a socket and uses it. */
static int receiver(int sock)
{
	unsigned char *p;
	char name[VRANGE_NAME_LEN];
	void *addr;
	int fd = recv_fd(sock);

	if (fd < 0)
		return 1;
	if (vrange_get_name(fd, name, sizeof(name)) || strcmp(name, "passed"))
		return 2;
	if (vrange_map(fd, 0, 2 * PG, PROT_READ | PROT_WRITE, &addr))
		return 3;
	p = addr;
	if (!page_has_pattern(p, 0, 3))
		return 4;
	fill_page(p, 1, 3);
	if (vrange_volatile(fd, 0, PG))
		return 5;
	return write(sock, "d", 1) == 1 ? 0 : 6;
}

START_TEST(scm_rights_passes_the_region)
{
	int sv[2], status, fd;
	unsigned char *p;
	uint64_t v, pu;
	char done;
	pid_t pid;

	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		close(sv[0]);
		_exit(receiver(sv[1]));
	}
	close(sv[1]);
	fd = new_region("passed", 2);
	p = map_region(fd, 2);
	fill_page(p, 0, 3);
	ck_assert_int_eq(send_fd(sv[0], fd), 0);
	ck_assert_int_eq(read(sv[0], &done, 1), 1);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		      "receiver failed: status %#x", status);
	ck_assert(page_has_pattern(p, 1, 3));
	ck_assert_int_eq(vrange_status(fd, 0, 2 * PG, &v, &pu), 0);
	ck_assert_uint_eq(v, PG);
}
END_TEST

START_TEST(a_mapping_outlives_its_descriptor)
{
	long long regions = vrange_sysfs("regions");
	int fd = new_region(NULL, 2);
	unsigned char *p = map_region(fd, 2);

	fill_page(p, 1, 4);
	close(fd);
	/* The region is alive as long as the mapping is. */
	ck_assert_int_eq(vrange_sysfs("regions"), regions + 1);
	ck_assert(page_has_pattern(p, 1, 4));
	fill_page(p, 0, 4);
	ck_assert_int_eq(munmap(p, 2 * PG), 0);
	ck_assert_int_eq(vrange_sysfs("regions"), regions);
}
END_TEST

Suite *test_suite(void)
{
	Suite *s = suite_create("sharing");
	TCase *tc = tcase_create("sharing");

	tcase_add_test(tc, state_is_shared_across_fork);
	tcase_add_test(tc, two_mappings_see_one_purge);
	tcase_add_test(tc, dup_shares_the_region);
	tcase_add_test(tc, scm_rights_passes_the_region);
	tcase_add_test(tc, a_mapping_outlives_its_descriptor);
	suite_add_tcase(s, tc);
	return s;
}
