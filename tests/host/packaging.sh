#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The packaging metadata agrees with itself: dkms.conf's kernel range,
# the one version everywhere it must be repeated, the man pages' syntax,
# and make install / uninstall with DESTDIR.

set -u
. tests/lib/tap.sh
TAP_OUT=$(mktemp)
work=$(mktemp -d)
trap 'rm -rf "$TAP_OUT" "$work"' EXIT
version=$(cat VERSION)

# dkms.conf is sourced by DKMS as shell: read it the same way.
dkms_var() { (set +u; kernelver=X kernel_source_dir=Y; . ./dkms.conf; eval "echo \"\$$1\""); }

kernel_range() {
	local re rel bad=0
	re=$(dkms_var BUILD_EXCLUSIVE_KERNEL)
	for rel in 6.1.0-56-amd64 6.1.192 6.12.95+deb12-amd64 6.19.1 7.0.0-1-amd64 \
		7.2.0-3-amd64 10.1.0 6.1; do
		[[ $rel =~ $re ]] || { echo "refuses supported $rel"; bad=1; }
	done
	for rel in 6.0.19 5.15.0-91-generic 5.10.0-28-amd64 4.19.0 6.0; do
		[[ $rel =~ $re ]] && { echo "accepts unsupported $rel"; bad=1; }
	done
	return $bad
}
check "dkms.conf builds for 6.1 and newer only" kernel_range
check "dkms.conf: package vrange, autoinstall, version from VERSION" \
	test "$(dkms_var PACKAGE_NAME) $(dkms_var AUTOINSTALL) $(dkms_var PACKAGE_VERSION)" = \
	"vrange yes #MODULE_VERSION#"
check "dkms.conf builds only the module" \
	bash -c '. ./dkms.conf 2>/dev/null; [[ ${MAKE[0]} == *" module" ]] && [ "${BUILT_MODULE_NAME[*]}" = vrange ]'

changelog_version() { [ "$(head -n 1 debian/changelog | sed 's/.*(\(.*\)).*/\1/')" = "$version" ]; }
check "debian/changelog's newest version is VERSION ($version)" changelog_version
man_versions() {
	local page bad=0
	for page in man/*.[0-9]; do
		grep -q "^\.TH .* \"vrange $version\"" "$page" || { echo "$page: not vrange $version"; bad=1; }
	done
	return $bad
}
check "every man page names vrange $version" man_versions
symbols_complete() {
	diff <(nm -D --defined-only build/lib/libvrange.so | awk '{print $3}' | sort) \
		<(awk '/^ vrange_/ { sub(/@Base.*/, ""); print $1 }' debian/libvrange0.symbols | sort)
}
check "debian/libvrange0.symbols lists exactly the library's exports" symbols_complete

for page in man/*.[0-9]; do
	check "mandoc -T lint finds nothing in $page" mandoc -T lint -W warning "$page"
	check "man --warnings finds nothing in $page" \
		bash -c "! MANWIDTH=80 man --warnings -l '$page' 2>&1 >/dev/null | grep ."
done

installed_files() {
	make -s install DESTDIR="$work/root" PREFIX=/usr >/dev/null &&
		(cd "$work/root" && find . -type f -o -type l | sort)
}
install_tree() {
	local want
	want=$(printf '%s\n' ./usr/bin/vrangectl ./usr/include/linux/vrange.h \
		./usr/include/vrange.h ./usr/lib/libvrange.a ./usr/lib/libvrange.so \
		./usr/lib/libvrange.so.0 "./usr/lib/libvrange.so.$version" \
		./usr/lib/pkgconfig/libvrange.pc ./usr/share/man/man1/vrangectl.1 \
		./usr/share/man/man3/libvrange.3 ./usr/share/man/man4/vrange.4)
	diff <(echo "$want") <(installed_files) &&
		[ "$(readlink "$work/root/usr/lib/libvrange.so")" = libvrange.so.0 ] &&
		[ "$(readlink "$work/root/usr/lib/libvrange.so.0")" = "libvrange.so.$version" ] &&
		grep -qx 'libdir=/usr/lib' "$work/root/usr/lib/pkgconfig/libvrange.pc"
}
check "make install DESTDIR= PREFIX=/usr installs library, headers, .pc, tool, man pages" install_tree
uninstall_tree() {
	make -s uninstall DESTDIR="$work/root" PREFIX=/usr >/dev/null &&
		[ -z "$(find "$work/root" -type f -o -type l)" ]
}
check "make uninstall removes every installed file" uninstall_tree

done_testing
