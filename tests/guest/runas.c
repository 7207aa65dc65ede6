// SPDX-License-Identifier: GPL-2.0-only
/*
 * runas UID PROGRAM [ARGS...]: run PROGRAM as an unprivileged user (group
 * UID too, no supplementary groups, no capabilities). The initramfs has no
 * user database, so su(1) cannot do this.
 */
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	uid_t uid;

	if (argc < 3) {
		fprintf(stderr, "usage: runas UID PROGRAM [ARGS...]\n");
		return 2;
	}
	uid = (uid_t)strtoul(argv[1], NULL, 10);
	if (setgroups(0, NULL) || setgid(uid) || setuid(uid)) {
		perror("runas");
		return 2;
	}
	execv(argv[2], argv + 2);
	perror(argv[2]);
	return 127;
}
