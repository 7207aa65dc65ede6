/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Every check-based test program defines test_suite(); check_main.c runs it
 * and reports TAP on stdout, which both the VM runner and the host-side
 * runner read.
 */
#ifndef VRANGE_TESTS_CHECK_MAIN_H
#define VRANGE_TESTS_CHECK_MAIN_H

#include <check.h>

Suite *test_suite(void);

#endif /* VRANGE_TESTS_CHECK_MAIN_H */
