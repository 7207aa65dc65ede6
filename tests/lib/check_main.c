// SPDX-License-Identifier: GPL-2.0-only
/*
 * main() for check-based test programs: run the program's suite, report
 * TAP on stdout ("-" is check's name for it), exit non-zero on failure.
 */
#include <stdlib.h>

#include "check_main.h"

int main(void)
{
	SRunner *sr = srunner_create(test_suite());
	int failed;

	srunner_set_tap(sr, "-");
	srunner_run_all(sr, CK_SILENT);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
