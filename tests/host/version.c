// SPDX-License-Identifier: GPL-2.0-only
/*
 * The library reports the version in the top-level VERSION file, the one
 * the module and the packages carry too. The file is read at run time, so
 * a library built from another version fails here.
 */
#include <stdio.h>
#include <string.h>

#include "check_main.h"
#include "vrange.h"

START_TEST(version_matches_version_file)
{
	char want[64] = "";
	FILE *f = fopen(VERSION_FILE, "r");

	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_nonnull(fgets(want, sizeof(want), f));
	fclose(f);
	want[strcspn(want, "\n")] = '\0';
	ck_assert_str_eq(vrange_version(), want);
}
END_TEST

Suite *test_suite(void)
{
	Suite *s = suite_create("version");
	TCase *tc = tcase_create("version");

	tcase_add_test(tc, version_matches_version_file);
	suite_add_tcase(s, tc);
	return s;
}
