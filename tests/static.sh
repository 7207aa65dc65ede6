#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Usage: static.sh KERNEL...
#
# Static checks of the kernel code, as unnumbered TAP lines:
#   - scripts/checkpatch.pl --strict from Debian's linux-source-6.12 is
#     clean on module/ and uapi/;
#   - sparse (make C=2) is clean when building for each given kernel whose
#     headers can run it, so that each branch of the compat header is
#     checked somewhere. Debian's 7.x headers packages lack
#     scripts/checker-valid.sh, without which kbuild silently skips the
#     checker; so a kernel passes only if every source file was CHECKed.

set -uo pipefail
. "$(dirname "$0")/../scripts/common.sh"

# checkpatch.pl and the data files it reads, from the linux-source tarball.
checkpatch_dir() {
	local ver dir
	ver=$(dpkg-query -W -f '${Version}' linux-source-6.12) || return 1
	dir=$VRANGE_CACHE/checkpatch/$ver
	if [ ! -x "$dir/scripts/checkpatch.pl" ]; then
		rm -rf "$dir"
		mkdir -p "$dir"
		tar -xf /usr/src/linux-source-6.12.tar.xz -C "$dir" --strip-components=1 \
			linux-source-6.12/scripts/checkpatch.pl \
			linux-source-6.12/scripts/spelling.txt \
			linux-source-6.12/scripts/const_structs.checkpatch || return 1
	fi
	echo "$dir"
}

cd "$VRANGE_TOP" || exit 1
files=$(ls module/*.[ch] uapi/linux/*.h 2>/dev/null)
out=$(mktemp)

# One check is ignored: LINUX_VERSION_CODE, which flags any use of the
# symbol because in-tree code has no older kernels to support. An
# out-of-tree module does, and keys every difference on it in one place,
# module/compat.h (VRANGE_KERNEL_AT_LEAST).
if dir=$(checkpatch_dir) &&
	"$dir/scripts/checkpatch.pl" --strict --no-tree --terse --show-types \
		--ignore LINUX_VERSION_CODE -f $files >"$out" 2>&1; then
	echo "ok - checkpatch --strict is clean on module/ and uapi/"
else
	echo "not ok - checkpatch --strict is clean on module/ and uapi/"
	comment <"$out"
fi

nsources=$(ls module/*.c | wc -l)
for k in "$@"; do
	eval "$("$VRANGE_TOP/scripts/kernels.sh" env "$k")"
	if [ -n "$KERNEL_CHROOT" ]; then
		echo "# $k: no sparse: its headers package cannot run a checker"
		continue
	fi
	"$VRANGE_TOP/scripts/build-module.sh" "$k" "$VRANGE_BUILD/sparse/$k" \
		C=2 CHECK=sparse >"$out" 2>&1
	rc=$?
	checked=$(grep -c '^ *CHECK ' "$out")
	if [ $rc = 0 ] && [ "$checked" = "$nsources" ] && ! grep -qE 'warning:|error:' "$out"; then
		echo "ok - $k: sparse (make C=2) is clean on all $nsources sources"
	else
		echo "not ok - $k: sparse (make C=2) is clean on all $nsources sources"
		echo "#   build exit $rc, $checked of $nsources sources checked"
		grep -E 'warning:|error:' "$out" | head -n 40 | comment
	fi
done
rm -f "$out"
