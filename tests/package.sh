#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The Debian packages, as a user gets them. Prints unnumbered TAP:
#
#   - `make deb` builds them and lintian finds no error (its other findings
#     are printed as comments);
#   - they install, with their dependencies, into a clean bookworm chroot
#     (debootstrap; a pristine copy is cached);
#   - a program is compiled there with `pkg-config --cflags --libs
#     libvrange`, and it and the packaged vrangectl, with the shared
#     libraries they load, go into build/package/overlay, which the VM
#     runner adds to every guest (the `package` suite runs them);
#   - purging the packages leaves nothing behind.
#
# Exits 0 if everything passed.

set -uo pipefail
. "$(dirname "$0")/../scripts/common.sh"

# Bump when the cached chroot must be rebuilt.
RECIPE=1
# What the packages depend on, preinstalled so that installing them needs
# no download: the test is of our packages, not of the mirror.
BASE_PACKAGES=dkms,gcc,libc6-dev,make,pkgconf

work=$VRANGE_BUILD/package
root=$work/root
overlay=$work/overlay
failed=0
ok() { echo "ok - package: $*"; }
not_ok() {
	echo "not ok - package: $*"
	failed=1
}
# step DESCRIPTION COMMAND...: one test; on failure, its output as comments.
step() {
	local desc=$1 out
	shift
	if out=$("$@" 2>&1); then
		ok "$desc"
	else
		not_ok "$desc"
		printf '%s\n' "$out" | tail -n 30 | comment
	fi
}
in_root() { in_chroot "$root" "$@"; }

rm -rf "$work"
mkdir -p "$work"

# --- build -------------------------------------------------------------------
if ! make -C "$VRANGE_TOP" -s deb >"$work/deb.log" 2>&1; then
	not_ok "make deb builds the packages and lintian finds no error"
	tail -n 40 "$work/deb.log" | comment
	exit 1
fi
ok "make deb builds the packages and lintian finds no error"
grep -E '^[EWIP]: ' "$VRANGE_BUILD/deb/lintian.txt" | comment
mapfile -t debs < <(ls "$VRANGE_BUILD"/deb/*.deb | grep -v -- -dbgsym_)
echo "# packages: $(basename -a "${debs[@]}" | tr '\n' ' ')"

# --- a clean bookworm chroot ---------------------------------------------------
base=$VRANGE_CACHE/chroots/bookworm-packages-r$RECIPE.tar
make_base() {
	local tmp=$VRANGE_CACHE/chroots/tmp
	rm -rf "$tmp" "$VRANGE_CACHE"/chroots/bookworm-packages-r*.tar
	mkdir -p "$tmp"
	say "debootstrapping a bookworm chroot for the package tests"
	debootstrap --variant=minbase --include="$BASE_PACKAGES" \
		bookworm "$tmp" "$(debian_mirror)" &&
		tar -C "$tmp" -cf "$base.part" . && mv "$base.part" "$base"
	local rc=$?
	rm -rf "$tmp"
	return $rc
}
(cache_lock && { [ -f "$base" ] || make_base; }) >"$work/debootstrap.log" 2>&1
if [ ! -f "$base" ]; then
	not_ok "a clean bookworm chroot is debootstrapped"
	tail -n 30 "$work/debootstrap.log" | comment
	exit 1
fi
mkdir -p "$root"
tar -C "$root" -xf "$base"
mkdir -p "$root/tmp/vrange"
cp "${debs[@]}" "$VRANGE_TOP/tests/package/pkgdemo.c" "$root/tmp/vrange/"

install_debs() {
	in_root sh -c 'apt-get install -y --no-install-recommends \
		-o Debug::NoLocking=1 /tmp/vrange/*.deb' &&
		in_root dpkg-query -W vrange-dkms libvrange0 libvrange-dev vrangectl
}
step "the packages install into a clean bookworm chroot" install_debs

dkms_added() {
	in_root dkms status -m vrange | tee /dev/stderr | grep -q "^vrange/$VRANGE_VERSION: added" &&
		grep -qx "PACKAGE_VERSION=\"$VRANGE_VERSION\"" \
			"$root/usr/src/vrange-$VRANGE_VERSION/dkms.conf"
}
step "vrange-dkms adds vrange/$VRANGE_VERSION to DKMS" dkms_added

pkgconfig_version() {
	[ "$(in_root pkg-config --modversion libvrange)" = "$VRANGE_VERSION" ]
}
step "pkg-config knows libvrange $VRANGE_VERSION" pkgconfig_version

compile() {
	in_root sh -c 'gcc -Wall -Wextra -Werror -o /tmp/vrange/pkgdemo \
		/tmp/vrange/pkgdemo.c $(pkg-config --cflags --libs libvrange)'
}
step "a program compiles with pkg-config --cflags --libs libvrange" compile

man_pages() {
	local page
	for page in man1/vrangectl.1 man3/libvrange.3 man4/vrange.4; do
		[ -f "$root/usr/share/man/$page.gz" ] || { echo "no $page"; return 1; }
	done
}
step "the man pages are installed" man_pages

# The program, the packaged vrangectl and what they load, at the paths the
# chroot has them, for the VM runner to add to the guest.
make_overlay() {
	local libs
	mkdir -p "$overlay/opt/vrange"
	cp "$root/tmp/vrange/pkgdemo" "$overlay/opt/vrange/"
	libs=$(in_root ldd /tmp/vrange/pkgdemo /usr/bin/vrangectl |
		grep -oE '/[^ ]+\.so[^ ]*' | sort -u)
	echo "$libs"
	echo "$libs" | grep -q libvrange.so.0 || return 1
	for lib in $libs /usr/bin/vrangectl; do
		(cd "$root" && cp -L --parents ".$lib" "$overlay/") || return 1
	done
}
step "the program and the packaged vrangectl are collected for the VM" make_overlay

purge_debs() {
	in_root apt-get purge -y -o Debug::NoLocking=1 \
		vrange-dkms libvrange0 libvrange-dev vrangectl &&
		! in_root dkms status -m vrange | grep . &&
		[ ! -e "$root/usr/src/vrange-$VRANGE_VERSION" ] &&
		[ -z "$(in_root sh -c 'ls /usr/lib/*/libvrange* /usr/include/vrange.h /usr/bin/vrangectl 2>/dev/null')" ]
}
step "purging the packages removes them, their files and their DKMS entry" purge_debs

rm -rf "$root"
exit $failed
