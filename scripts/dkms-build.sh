#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Build vrange.ko for one prepared kernel the way a user's machine does:
# `make dkms-install`, which runs dkms add, build and install, then `make
# dkms-uninstall`. The VM tests then load the module DKMS installed.
#
# Usage: dkms-build.sh KERNEL OUTDIR
#
# DKMS runs on private trees under build/dkms/KERNEL (its --dkmstree,
# --sourcetree and --installtree), so the host's own DKMS state and
# /lib/modules are never touched; for the same reason depmod, which only
# knows /lib/modules, is not run. Prints DKMS's output and its make.log.

set -euo pipefail
. "$(dirname "$0")/common.sh"

name=${1:?kernel name}
out=${2:?output directory}
eval "$("$VRANGE_TOP/scripts/kernels.sh" env "$name")"

trees=$VRANGE_BUILD/dkms/$name
rm -rf "$trees"
# On a real system the kernel's package made /lib/modules/RELEASE.
mkdir -p "$trees"/{src,tree,install/"$KERNEL_RELEASE"} "$out"
vars=(DKMS_SOURCETREE="$trees/src"
	DKMS_FLAGS="--dkmstree $trees/tree --installtree $trees/install --no-depmod")

make -C "$VRANGE_TOP" --no-print-directory "${vars[@]}" \
	KVER="$KERNEL_RELEASE" KDIR="$KERNEL_KDIR" dkms-install
echo "--- make.log"
cat "$trees/tree/vrange/$VRANGE_VERSION/$KERNEL_RELEASE/$(uname -m)/log/make.log"

# DKMS compresses modules when the kernel's own are (.ko.xz, .ko.zst):
# busybox's insmod wants them plain.
ko=$(find "$trees/install/$KERNEL_RELEASE" -name 'vrange.ko*' | head -n 1)
[ -n "$ko" ] || die "dkms install put no vrange.ko under $trees/install"
case $ko in
*.xz) xz -dc "$ko" >"$out/vrange.ko" ;;
*.zst) zstd -qdc "$ko" >"$out/vrange.ko" ;;
*.gz) gzip -dc "$ko" >"$out/vrange.ko" ;;
*) cp "$ko" "$out/vrange.ko" ;;
esac
echo "--- installed by DKMS: ${ko#"$trees/install/"}"

make -C "$VRANGE_TOP" --no-print-directory "${vars[@]}" dkms-uninstall
if find "$trees/install" -name 'vrange.ko*' | grep -q .; then
	die "dkms-uninstall left the module installed"
fi
