#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Usage: run.sh KERNEL "SUITE..."
#
# Build vrange.ko for one prepared kernel, pack it with static busybox and
# the in-guest test programs into an initramfs, boot it under QEMU (TCG:
# KVM guests hang on these machines) and report on stdout, as unnumbered
# TAP lines, every test the guest ran plus the harness's own verdicts:
#
#   - the module builds without a compiler warning;
#   - every suite printed a plan, ran all of it, and exited 0;
#   - the guest reported its exit status on the results port (ttyS1)
#     before the time bound: no status means it crashed or hung;
#   - the console (ttyS0) holds no kernel report (see kernel-reports.txt).
#
# Environment: VM_MEM (MiB, default 512), VM_TIMEOUT (seconds, default
# 600, 1500 on the debug kernel), VM_CPUS (default 2); GUEST_* variables (plain words only) are
# passed to the guest's programs. The guest's files stay in build/vm/KERNEL/.
#
# Exits 0 if everything passed.

set -euo pipefail
. "$(dirname "$0")/../../scripts/common.sh"

name=${1:?kernel name}
suites=${2:?suites}
mem=${VM_MEM:-512}
cpus=${VM_CPUS:-2}

eval "$("$VRANGE_TOP/scripts/kernels.sh" env "$name")"
# The debug kernel runs every suite about five times slower (480 s of the
# full set here): give it room on a slower machine.
bound=${VM_TIMEOUT:-$((KERNEL_DEBUG == 1 ? 1500 : 600))}
work=$VRANGE_BUILD/vm/$name
rm -rf "$work"
mkdir -p "$work"

failed=0
ok() { echo "ok - $name: $*"; }
not_ok() {
	echo "not ok - $name: $*"
	failed=1
}
# Show a file as TAP comments.
comment() { sed 's/^/#   /' "$@"; }

echo "# $name: Linux $KERNEL_RELEASE ($KERNEL_PACKAGE)"

# --- vrange.ko ------------------------------------------------------------
how="vrange.ko builds"
[[ " $VRANGE_DKMS_KERNELS " == *" $name "* ]] &&
	how="vrange.ko builds through DKMS (make dkms-install, dkms-uninstall)"
if ! "$VRANGE_TOP/scripts/build-module.sh" "$name" "$work" >"$work/build.log" 2>&1; then
	not_ok "$how"
	tail -n 30 "$work/build.log" | comment
	exit 1
fi
if grep -E 'warning:|error:' "$work/build.log" >"$work/build-warnings.log"; then
	not_ok "$how without warnings"
	comment "$work/build-warnings.log"
else
	ok "$how without warnings"
fi

# --- initramfs --------------------------------------------------------------
root=$work/root
mkdir -p "$root"/{bin,dev,proc,sys,tmp,tests,etc/vrange}
cp /bin/busybox "$root/bin/busybox"
install -m 0755 "$VRANGE_TOP/tests/vm/init" "$root/init"
cp "$work/vrange.ko" "$root/vrange.ko"
cp "$VRANGE_TOP"/tests/lib/tap.sh "$root/tests/"
# Every suite: shell scripts from the tree, C programs as built by `make`.
find "$VRANGE_TOP/tests/guest" "$VRANGE_BUILD/guest" -maxdepth 1 -type f \
	-perm -u+x -exec cp {} "$root/tests/" \;
# What tests/package.sh built from the Debian packages, if it ran.
if [ -d "$VRANGE_BUILD/package/overlay" ]; then
	cp -a "$VRANGE_BUILD/package/overlay/." "$root/"
fi
cat >"$root/etc/vrange/run.conf" <<EOF
KERNEL_NAME=$name
KERNEL_DEBUG=$KERNEL_DEBUG
VRANGE_VERSION=$VRANGE_VERSION
VM_CPUS=$cpus
SUITES="$suites"
EOF
# Settings for the guest's programs: every GUEST_* variable of ours.
env | grep -E '^GUEST_[A-Z0-9_]+=[A-Za-z0-9_.,:/-]*$' >>"$root/etc/vrange/run.conf" || true
for s in $suites; do
	[ -x "$root/tests/$s" ] || die "no such guest suite: $s"
done
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) >"$work/initramfs.cpio"

# --- boot --------------------------------------------------------------------
# panic=-1 turns a panic into an immediate reset, which -no-reboot turns
# into QEMU exiting: a crashed guest ends the run at once, without a status.
cmdline="console=ttyS0 panic=-1 oops=panic"
[ "$KERNEL_DEBUG" = 1 ] && cmdline="$cmdline panic_on_warn=1"

boot() {
	start=$(date +%s)
	rc=0
	timeout --kill-after=10 "$bound" \
		qemu-system-x86_64 -accel tcg -cpu max -smp "$cpus" -m "$mem" \
		-nodefaults -display none -no-reboot \
		-kernel "$KERNEL_VMLINUZ" -initrd "$work/initramfs.cpio" \
		-append "$cmdline" \
		-serial "file:$work/console.log" -serial "file:$work/results.log" \
		</dev/null >"$work/qemu.log" 2>&1 || rc=$?
	echo "# $name: guest ran for $(($(date +%s) - start)) s (qemu exit $rc)"
}

boot
# A kernel that dies before init runs has run none of our code. Under TCG
# that happens now and then (seen: an int3 oops in sched_clock_cpu while a
# static key was being patched across CPUs), so boot once more, showing
# what the first boot said. A crash once init runs is never retried.
if ! grep -q '^# guest ' "$work/results.log"; then
	echo "# $name: the kernel crashed before init ran; booting again. It said:"
	"$VRANGE_TOP/tests/vm/scan-log.sh" "$work/console.log" >"$work/first-boot.log" || true
	head -n 20 "$work/first-boot.log" | comment
	boot
fi

# --- verdicts -------------------------------------------------------------
tr -d '\r' <"$work/results.log" |
	awk -v prefix="$name" -v guest=1 -f "$VRANGE_TOP/tests/lib/suites.awk" || failed=1

if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
	not_ok "guest finished within ${bound} s"
fi

if "$VRANGE_TOP/tests/vm/scan-log.sh" "$work/console.log" >"$work/reports.log"; then
	ok "kernel log has no WARNING, BUG, Oops, lockdep, KASAN, UBSAN or kmemleak report"
else
	not_ok "kernel log has no WARNING, BUG, Oops, lockdep, KASAN, UBSAN or kmemleak report"
	head -n 60 "$work/reports.log" | comment
fi

exit $failed
