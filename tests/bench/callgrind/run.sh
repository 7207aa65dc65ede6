#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Instructions and data-cache misses per mark+unmark pair in the range
# logic of module/ranges.c, built for user space (see pairs.c), at the
# numbers of ranges vrbench uses. JSON lines on stdout, as vrbench's.

set -euo pipefail
. "$(dirname "$0")/../../../scripts/common.sh"

eval "$("$VRANGE_TOP/scripts/kernels.sh" env debug)"
tools=$KERNEL_KDIR/tools
[ -f "$tools/lib/rbtree.c" ] || die "no kernel tools/ tree in $KERNEL_KDIR: prepare the debug kernel"
work=$VRANGE_BUILD/bench/callgrind
mkdir -p "$work"

# Kernel code, so kernel warnings: -Wall, not -Wextra's unused parameters.
here=$VRANGE_TOP/tests/bench/callgrind
gcc -O2 -g -Wall -Werror -D__KERNEL__ -I"$here" -I"$VRANGE_TOP/module" \
	-I"$tools/include" -include "$here/shim.h" -o "$work/pairs" \
	"$here/pairs.c" "$VRANGE_TOP/module/ranges.c" "$tools/lib/rbtree.c"

printf '{"kernel":"callgrind","release":"user-space build of module/ranges.c"}\n'
for n in 1 100 1000 10000 100000; do
	valgrind --tool=callgrind --cache-sim=yes --toggle-collect=run_pairs \
		--callgrind-out-file="$work/out.$n" "$work/pairs" "$n" \
		>"$work/stdout.$n" 2>"$work/valgrind.$n"
	pairs=$(sed -n 's/^[0-9]* ranges, \([0-9]*\) pairs$/\1/p' "$work/stdout.$n")
	# "events: Ir Dr Dw I1mr D1mr D1mw ILmr DLmr DLmw", then "totals: ...".
	awk -v n="$n" -v pairs="$pairs" '
		/^events:/ { for (i = 2; i <= NF; i++) name[i - 1] = $i }
		/^totals:/ { for (i = 2; i <= NF; i++) total[name[i - 1]] = $i }
		END {
			printf "{\"section\":\"callgrind\",\"what\":\"instructions per pair\",\"n\":%d,\"span\":1,\"value\":%.1f,\"unit\":\"Ir\"}\n", n, total["Ir"] / pairs
			printf "{\"section\":\"callgrind\",\"what\":\"L1 data misses per pair\",\"n\":%d,\"span\":1,\"value\":%.2f,\"unit\":\"misses\"}\n", n, (total["D1mr"] + total["D1mw"]) / pairs
		}' "$work/out.$n"
done
