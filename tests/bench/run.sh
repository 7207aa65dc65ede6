#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# `make bench`: the full benchmark (vrbench --full) in a VM on every kernel,
# and the instruction counts of the range logic under callgrind; sets up
# what is missing, as `make check` does. Writes to build/bench/:
#
#   KERNEL.log       the guest's whole output, per kernel
#   results.json     every figure, per kernel, plus the callgrind counts
#   results.txt      the tables, and the figures against the targets
#   pair-cost.png    cost per pair against the number of ranges
#
# Environment: KERNELS (default: every kernel make check tests).
# Exits 0 if every kernel's run measured everything and passed its checks.

set -uo pipefail
. "$(dirname "$0")/../../scripts/common.sh"

kernels=${KERNELS:-$VRANGE_ALL_KERNELS}
out=$VRANGE_BUILD/bench
failed=0

vm_job_start "$out"

for k in $kernels; do
	prepare_kernel "$k"
	say "benchmarking on $k (a few minutes)"
	if ! GUEST_BENCH=full VM_TIMEOUT=1800 \
		"$VRANGE_TOP/tests/vm/run.sh" "$k" bench >"$out/$k.tap"; then
		grep '^not ok' "$out/$k.tap" >&2
		failed=1
	fi
	tr -d '\r' <"$VRANGE_BUILD/vm/$k/results.log" >"$out/$k.log"
	eval "$("$VRANGE_TOP/scripts/kernels.sh" env "$k")"
	{
		printf '{"kernel":"%s","release":"%s"}\n' "$k" "$KERNEL_RELEASE"
		sed -n 's/^# json //p' "$out/$k.log"
	} >"$out/$k.jsonl"
done

# The range logic alone, built for user space against the debug kernel's
# tools/ tree (which holds the kernel's own rbtree.c), under callgrind.
say "counting instructions of the range logic (callgrind)"
if ! "$(dirname "$0")/callgrind/run.sh" >"$out/callgrind.jsonl"; then
	echo "callgrind counts failed" >&2
	failed=1
fi

python3 "$VRANGE_TOP/tests/bench/report.py" "$out" $kernels || failed=1
gnuplot -e "dir='$out'" "$VRANGE_TOP/tests/bench/pair-cost.gp" || failed=1
cat "$out/results.txt"
say "results in $out/ (results.txt, results.json, pair-cost.png)"
exit $failed
