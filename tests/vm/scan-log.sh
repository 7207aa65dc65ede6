#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Usage: scan-log.sh CONSOLE_LOG
#
# Print every kernel report in a guest's console log (see
# kernel-reports.txt) with a few lines of context; exit 1 if there is one.

set -euo pipefail

patterns=$(dirname "$0")/kernel-reports.txt
log=${1:?console log}

# Serial consoles end lines with CR LF.
if tr -d '\r' <"$log" | grep -n -E -A8 -f <(grep -Ev '^(#|$)' "$patterns"); then
	exit 1
fi
exit 0
