#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The VM runner's kernel-log scan (tests/vm/scan-log.sh) must flag every
# kind of kernel report and nothing in a clean log. Fixtures: clean-*.log
# are real console logs of passing VM runs (and an OOM kill, which the
# pressure tests cause on purpose); every other *.log holds one report, in
# the kernel's own format.

cd "$(dirname "$0")" || exit 1
n=0
failed=0
for log in kernel-logs/*.log; do
	n=$((n + 1))
	name=$(basename "$log" .log)
	../vm/scan-log.sh "$log" >/dev/null
	found=$?
	case $name in
	clean-*) want=0 what="no report" ;;
	*) want=1 what="a report" ;;
	esac
	if [ "$found" = "$want" ]; then
		echo "ok $n - scan-log finds $what in $name"
	else
		echo "not ok $n - scan-log finds $what in $name"
		failed=1
	fi
done
echo "1..$n"
exit $failed
