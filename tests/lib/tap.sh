# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
#
# TAP for shell test scripts: the guest's suites (busybox sh) and the
# host-side ones (bash). Sourced, never run. TAP_OUT names the file that
# holds a test's output (default /tmp/tap.out).

tap_n=0
tap_failed=0

ok() {
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - $*"
}

not_ok() {
	tap_n=$((tap_n + 1))
	tap_failed=$((tap_failed + 1))
	echo "not ok $tap_n - $*"
}

# check DESCRIPTION COMMAND...: one test, passing if COMMAND succeeds.
check() {
	tap_desc=$1
	shift
	if "$@" >"${TAP_OUT:-/tmp/tap.out}" 2>&1; then
		ok "$tap_desc"
	else
		not_ok "$tap_desc"
		sed 's/^/#   /' "${TAP_OUT:-/tmp/tap.out}"
	fi
}

# Print the plan; the suite's exit status says whether all passed.
done_testing() {
	echo "1..$tap_n"
	[ "$tap_failed" -eq 0 ]
}
