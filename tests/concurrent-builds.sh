#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Usage: concurrent-builds.sh KERNEL...
#
# Regression test: two clones building vrange.ko for sid at once shared
# one tree inside sid's chroot, which every clone on the machine uses, so
# one build deleted the other's objects and both failed. For each kernel
# built in a chroot, two builds run at once, as two clones' make check
# would: both must succeed and leave nothing behind in the chroot.
# TAP on stdout.

set -uo pipefail
. "$(dirname "$0")/../scripts/common.sh"

for k in "$@"; do
	eval "$("$VRANGE_TOP/scripts/kernels.sh" env "$k")"
	[ -n "$KERNEL_CHROOT" ] || continue
	desc="$k: two builds at once in the shared chroot both succeed and leave no tree behind"
	work=$(mktemp -d)
	before=$(ls "$KERNEL_CHROOT/build" 2>/dev/null)
	"$VRANGE_TOP/scripts/build-module.sh" "$k" "$work/a" >"$work/a.log" 2>&1 &
	a=$!
	"$VRANGE_TOP/scripts/build-module.sh" "$k" "$work/b" >"$work/b.log" 2>&1 &
	b=$!
	wait $a
	rc_a=$?
	wait $b
	rc_b=$?
	after=$(ls "$KERNEL_CHROOT/build" 2>/dev/null)
	if [ $rc_a = 0 ] && [ $rc_b = 0 ] && [ -s "$work/a/vrange.ko" ] &&
		[ -s "$work/b/vrange.ko" ] && [ "$before" = "$after" ]; then
		echo "ok - $desc"
	else
		echo "not ok - $desc"
		echo "#   build exits $rc_a and $rc_b; chroot's /build before: ${before:-empty}; after: ${after:-empty}"
		tail -n 5 "$work/a.log" "$work/b.log" | comment
	fi
	rm -rf "$work"
done
