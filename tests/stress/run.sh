#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# `make stress`: the long reliability run, in a VM per kernel: the stress
# program (tests/stress/) for STRESS_OPS operations or STRESS_SECONDS
# seconds, with allocation failures injected on the debug kernel; the
# fuzzer over STRESS_FUZZ_SEEDS seeds; every allocation failure of the
# faults suite; and STRESS_CYCLES insmod/use/rmmod cycles. Sets up what is
# missing, as `make check` does. Writes build/stress/KERNEL.{tap,log}.
#
# Environment: KERNELS (default: debug), STRESS_OPS (10000000),
# STRESS_SECONDS (14400), STRESS_SEED (1), STRESS_FUZZ_SEEDS (50),
# STRESS_CYCLES (1000).
# Exits 0 if every kernel's run passed, kernel log included.

set -uo pipefail
. "$(dirname "$0")/../../scripts/common.sh"

kernels=${KERNELS:-debug}
seconds=${STRESS_SECONDS:-14400}
out=$VRANGE_BUILD/stress
failed=0

vm_job_start "$out"

for k in $kernels; do
	prepare_kernel "$k"
	say "stress on $k (at most $seconds s of stress, then the rest)"
	if ! GUEST_STRESS_OPS=${STRESS_OPS:-10000000} GUEST_STRESS_SECONDS=$seconds \
		GUEST_STRESS_SEED=${STRESS_SEED:-1} \
		GUEST_FUZZ_SEEDS=${STRESS_FUZZ_SEEDS:-50} \
		GUEST_LIFECYCLE_CYCLES=${STRESS_CYCLES:-1000} \
		VM_TIMEOUT=$((seconds + 3600)) \
		"$VRANGE_TOP/tests/vm/run.sh" "$k" "stress fuzz faults lifecycle" >"$out/$k.tap"; then
		failed=1
	fi
	tr -d '\r' <"$VRANGE_BUILD/vm/$k/results.log" >"$out/$k.log"
	grep -E '^(not ok|# (figures|  |[0-9]+ (cycles|allocation)))' "$out/$k.tap"
	grep -c '^ok' "$out/$k.tap" | sed "s/^/# $k: passed: /"
done
say "results in $out/"
exit $failed
