#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# `make deb`: build the Debian packages (vrange-dkms, libvrange0,
# libvrange-dev, vrangectl) from a copy of the tree, so that dpkg's
# by-products never land in the clone or beside it, then run lintian.
#
# Output: build/deb/*.deb, build/deb/lintian.txt (lintian's findings, one
# per line; lintian's errors fail the build, its warnings are listed).

set -euo pipefail
. "$(dirname "$0")/common.sh"

out=$VRANGE_BUILD/deb
src=$out/src/vrange-$VRANGE_VERSION
rm -rf "$out"
mkdir -p "$src"
tar -C "$VRANGE_TOP" --exclude=./build --exclude=./.git --exclude='*.ko' \
	--exclude='*.o' -cf - . | tar -C "$src" -xf -

say "dpkg-buildpackage (log: $out/build.log)"
if ! (cd "$src" && dpkg-buildpackage -us -uc -b) >"$out/build.log" 2>&1; then
	tail -n 40 "$out/build.log" >&2
	die "dpkg-buildpackage failed"
fi
mv "$out"/src/*.deb "$out"/src/*.changes "$out"/src/*.buildinfo "$out/"
rm -rf "$out/src"

say "lintian"
# --fail-on error: what Debian would reject. Warnings are reported, and the
# ones that stand are explained in README's packaging section.
lintian --fail-on error --info --display-info --suppress-tags \
	bad-distribution-in-changes-file "$out"/*.changes >"$out/lintian.txt" 2>&1 || {
	cat "$out/lintian.txt" >&2
	die "lintian found errors"
}
ls "$out"/*.deb
