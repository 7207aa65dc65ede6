#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# `make demo`: set up what is missing, boot one kernel (KERNEL, default
# backports: Debian's 6.12) with the module loaded, and run the demo
# program in the guest. The VM runner's checks all apply: the demo fails
# if the program fails or the kernel reports anything.

set -euo pipefail
. "$(dirname "$0")/../../scripts/common.sh"

kernel=${KERNEL:-backports}
"$VRANGE_TOP/scripts/deps.sh"
"$VRANGE_TOP/scripts/kernels.sh" prepare "$kernel"
make -C "$VRANGE_TOP" -s guest-programs
"$VRANGE_TOP/tests/vm/run.sh" "$kernel" demo
