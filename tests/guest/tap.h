/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * TAP for the guest programs that are not check suites: the demo and the
 * tests that fork processes for the OOM killer to choose between.
 */
#ifndef VRANGE_TESTS_TAP_H
#define VRANGE_TESTS_TAP_H

#include <stdio.h>

static int tap_tests, tap_failures;

static inline void tap(int ok, const char *what)
{
	printf("%sok %d - %s\n", ok ? "" : "not ", ++tap_tests, what);
	tap_failures += !ok;
	fflush(stdout);
}

/* Print the plan. Return: the program's exit status. */
static inline int tap_done(void)
{
	printf("1..%d\n", tap_tests);
	return tap_failures ? 1 : 0;
}

#endif /* VRANGE_TESTS_TAP_H */
