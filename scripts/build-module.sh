#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Build vrange.ko for one prepared kernel (see kernels.sh).
#
# Usage: build-module.sh KERNEL OUTDIR [make arguments...]
#
# The distribution kernels in VRANGE_DKMS_KERNELS are built through DKMS
# (dkms-build.sh) unless make arguments ask for a special build.
#
# The sources are copied to a private directory first, so that builds for
# several kernels never share object files, and so that the sid build can
# run inside its chroot, which cannot see the clone. The chroot is shared
# by every clone on the machine, so each build there gets a directory of
# its own, removed when it ends.

set -euo pipefail
. "$(dirname "$0")/common.sh"

name=${1:?kernel name}
out=${2:?output directory}
shift 2
if [ $# = 0 ] && [[ " $VRANGE_DKMS_KERNELS " == *" $name "* ]]; then
	exec "$VRANGE_TOP/scripts/dkms-build.sh" "$name" "$out"
fi
eval "$("$VRANGE_TOP/scripts/kernels.sh" env "$name")"

sources=(Kbuild VERSION module uapi)

if [ -n "$KERNEL_CHROOT" ]; then
	mkdir -p "$KERNEL_CHROOT/build"
	host_tree=$(mktemp -d "$KERNEL_CHROOT/build/vrange-$name.XXXXXX")
	trap 'rm -rf "$host_tree"' EXIT
	tree=${host_tree#"$KERNEL_CHROOT"}
else
	host_tree=$VRANGE_BUILD/kbuild/$name
	tree=$host_tree
	rm -rf "$host_tree"
fi

mkdir -p "$host_tree" "$out"
(cd "$VRANGE_TOP" && cp -a "${sources[@]}" "$host_tree/")

cmd=(make -C "$KERNEL_KDIR" M="$tree" "$@" modules)
if [ -n "$KERNEL_CHROOT" ]; then
	in_chroot "$KERNEL_CHROOT" "${cmd[@]}"
else
	"${cmd[@]}"
fi
cp "$host_tree/vrange.ko" "$out/vrange.ko"
