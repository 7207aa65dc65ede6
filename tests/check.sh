#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# `make check`: set up what is missing, then run the host-side tests, the
# static checks and the VM suites on every kernel. TAP on stdout (also kept
# in build/check.tap), progress on stderr; the last line is exactly
# "N passed, M failed". Exits 0 only if nothing failed and something ran.
#
# Environment (all optional, from make's variables of the same names):
#   KERNELS  kernels to test          (default: bookworm backports sid debug)
#   SUITES   guest suites to run      (default: tests/guest/SUITES)
#   PARTS    parts to run             (default: host static package vm)

set -uo pipefail
. "$(dirname "$0")/../scripts/common.sh"

kernels=${KERNELS:-$VRANGE_ALL_KERNELS}
suites=${SUITES:-$(grep -Ev '^(#|$)' "$VRANGE_TOP/tests/guest/SUITES" | tr '\n' ' ')}
parts=${PARTS:-host static package vm}

has_part() { [[ " $parts " == *" $1 "* ]]; }

# Run a step whose failure is one failing test, with its log as comments.
step() {
	local desc=$1 log
	shift
	log=$(mktemp)
	if "$@" >"$log" 2>&1; then
		echo "ok - $desc"
	else
		echo "not ok - $desc"
		tail -n 40 "$log" | comment
	fi
	rm -f "$log"
}

# Host-side test programs (sanitized C) and scripts, each a suite.
host_tests() {
	local t
	for t in "$VRANGE_BUILD"/host/* "$VRANGE_TOP"/tests/host/*.sh; do
		[ -x "$t" ] || continue
		echo "# suite $(basename "$t")"
		(cd "$VRANGE_TOP" && "$t") 2>&1
		echo "# suite-exit $(basename "$t") $?"
	done | awk -v prefix=host -f "$VRANGE_TOP/tests/lib/suites.awk"
}

run_all() {
	echo "TAP version 13"
	echo "# vrange $VRANGE_VERSION: parts: $parts; kernels: $kernels; suites: $suites"

	if [ "${VRANGE_SKIP_DEPS:-0}" != 1 ]; then
		step "host dependencies are installed" "$VRANGE_TOP/scripts/deps.sh"
	fi

	if has_part host; then
		say "host-side tests"
		step "libvrange and host test programs build" \
			make -C "$VRANGE_TOP" -s lib host-programs
		host_tests
	fi

	if has_part static || has_part vm; then
		local k
		for k in $kernels; do
			say "preparing kernel: $k"
			step "$k: kernel is prepared" "$VRANGE_TOP/scripts/kernels.sh" prepare "$k"
		done
	fi

	if has_part static; then
		say "static checks"
		"$VRANGE_TOP/tests/static.sh" $kernels
	fi

	# Before the VMs: it leaves the packaged programs for their guests.
	rm -rf "$VRANGE_BUILD/package"
	if has_part package; then
		say "Debian packages"
		"$VRANGE_TOP/tests/package.sh"
	fi

	if has_part vm; then
		say "concurrent module builds"
		"$VRANGE_TOP/tests/concurrent-builds.sh" $kernels
		step "in-guest test programs build" make -C "$VRANGE_TOP" -s guest-programs
		for k in $kernels; do
			say "VM suites on $k"
			"$VRANGE_TOP/tests/vm/run.sh" "$k" "$suites"
		done
	fi
}

# Number the tests, drop the inner plans, print one plan and the summary.
summarise() {
	awk '
		/^ok( |$)/ || /^not ok( |$)/ {
			res = /^ok/ ? "ok" : "not ok"
			if (res == "ok") pass++; else fail++
			sub(/^(not )?ok( [0-9]+)?( -)? ?/, "")
			print res " " ++n " - " $0
			fflush()
			next
		}
		/^1\.\.[0-9]+/ { next }
		{ print; fflush() }
		END {
			print "1.." n
			printf "%d passed, %d failed\n", pass, fail
			exit (fail > 0 || pass == 0)
		}'
}

mkdir -p "$VRANGE_BUILD"
start=$(date +%s)
# Everything on stderr is printed before run_all ends, so nothing can land
# after the summary line.
{
	run_all
	echo "# make check took $(($(date +%s) - start)) s"
} | summarise | tee "$VRANGE_BUILD/check.tap"
exit "${PIPESTATUS[1]}"
