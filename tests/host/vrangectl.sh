#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# vrangectl against prepared sysfs and /proc trees (VRANGECTL_SYSFS,
# VRANGECTL_PROC), built with AddressSanitizer and UBSan: its output, its
# JSON (checked by Python's parser) and its exit codes. The VM suite
# `ctl` runs the same commands against the real module.

set -u
. tests/lib/tap.sh
tool=$PWD/build/host-tools/vrangectl
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
TAP_OUT=$work/out


# A module with two regions in two processes; one name needs escaping.
sys=$work/sys
mkdir -p "$sys"
set -- regions 2 ranges 3 volatile_bytes 8192 purged_bytes 4096 \
	purge_events 5 purged_bytes_total 1048576 shrinker_scans 7
while [ $# -gt 0 ]; do echo "$2" >"$sys/$1"; shift 2; done

fdinfo() { # PID FD NAME SIZE
	mkdir -p "$work/proc/$1/fdinfo"
	printf 'pos:\t0\nflags:\t02\nmnt_id:\t15\n' >"$work/proc/$1/fdinfo/0"
	cat >"$work/proc/$1/fdinfo/$2" <<-EOT
		pos:	0
		flags:	0100002
		vrange-size:	$4
		vrange-name:	$3
		vrange-purge-mode:	zerofill
		vrange-prot-mask:	0x7
		vrange-ranges:	1
		vrange-volatile-bytes:	4096
		vrange-purged-bytes:	0
	EOT
}
fdinfo 42 5 'tiles\040"big"' 65536
fdinfo 7 3 cache 4096
echo writer >"$work/proc/42/comm"
echo reader >"$work/proc/7/comm"
mkdir -p "$work/proc/self" "$work/proc/sys"

export VRANGECTL_SYSFS=$sys VRANGECTL_PROC=$work/proc

run() { # EXPECTED-EXIT ARGS...
	local want=$1 rc
	shift
	"$tool" "$@" >"$work/stdout" 2>"$work/stderr"
	rc=$?
	cat "$work/stdout" "$work/stderr"
	[ "$rc" = "$want" ] || { echo "exit $rc, expected $want"; return 1; }
}
json_ok() { python3 -c 'import json,sys; json.load(sys.stdin)' <"$work/stdout"; }

check "--help exits 0 and lists the commands" \
	bash -c "'$tool' --help | grep -q '^  purge'"
check "--version names the version" bash -c "'$tool' --version | grep -qF '$(cat VERSION)'"
check "no command is a usage error (2)" run 2
check "an unknown command is a usage error (2)" run 2 frobnicate
check "an unknown option is a usage error (2)" run 2 --frob stat
check "two commands are a usage error (2)" run 2 stat ps

stat_text() { run 0 stat && grep -qE '^purged_bytes_total +1048576 +\(1\.0 MiB\)$' "$work/stdout"; }
check "stat prints every figure, bytes also readable" stat_text
stat_json() {
	run 0 --json stat && json_ok &&
		python3 - "$work/stdout" <<-'EOT'
			import json, sys
			d = json.load(open(sys.argv[1]))
			assert d == {"regions": 2, "ranges": 3, "volatile_bytes": 8192,
			             "purged_bytes": 4096, "purge_events": 5,
			             "purged_bytes_total": 1048576, "shrinker_scans": 7}, d
		EOT
}
check "stat --json is valid JSON with every figure" stat_json

ps_json() {
	run 0 ps --json && json_ok &&
		python3 - "$work/stdout" <<-'EOT'
			import json, sys
			d = json.load(open(sys.argv[1]))
			assert [(r["pid"], r["fd"], r["comm"], r["name"], r["size"]) for r in d] == \
			    [(7, 3, "reader", "cache", 4096), (42, 5, "writer", 'tiles "big"', 65536)], d
			assert d[0]["volatile_bytes"] == 4096 and d[0]["purge_mode"] == "zerofill"
		EOT
}
check "ps --json lists each region by pid and fd, names unescaped" ps_json
ps_text() { run 0 ps && grep -qE '^ +42 writer +5 tiles "big" +64\.0 KiB' "$work/stdout"; }
check "ps prints a table" ps_text

no_module() { VRANGECTL_SYSFS=$work/none run 1 stat && grep -q 'module loaded' "$work/stderr"; }
check "stat without the module fails (1) and says why" no_module
bad_figure() { echo junk >"$sys/ranges"; run 1 stat; local rc=$?; echo 3 >"$sys/ranges"; return $rc; }
check "stat refuses a figure that is not a number (1)" bad_figure
empty_ps() { VRANGECTL_PROC=$sys run 0 ps --json && [ "$(cat "$work/stdout")" = "[]" ]; }
check "ps with no regions prints an empty JSON list" empty_ps

done_testing
