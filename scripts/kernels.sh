#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Prepare the kernels vrange is tested on, each with the headers to build
# the module against and the vmlinuz to boot in QEMU:
#
#   bookworm   Debian bookworm's kernel (6.1)
#   backports  Debian bookworm-backports' kernel (6.12)
#   sid        the newest Debian kernel, from a sid chroot
#   debug      linux-source-6.12 built with tests/vm/kernel/debug.config
#
# Usage: kernels.sh prepare NAME...   fetch or build what is missing
#        kernels.sh env NAME          print the kernel's facts as shell
#                                     assignments (KERNEL_*), for eval
#
# Every kernel is resolved from Debian's metapackages at run time, never
# from a hard-coded ABI name, and cached under $VRANGE_CACHE/kernels/NAME/
# in a directory keyed by package version (and, for the debug kernel, by
# a hash of its config), so a second run rebuilds nothing and a new Debian
# upload is picked up automatically.

set -euo pipefail
. "$(dirname "$0")/common.sh"

# Bump when the way a kernel is prepared changes, to invalidate old caches.
RECIPE=1

SID_ROOT=$VRANGE_CACHE/sid/root

# The one package a metapackage-style package depends on whose name starts
# with PREFIX, at the candidate version apt would pick (with APT_OPTS).
dep_of() {
	local pkg=$1 prefix=$2
	shift 2
	"$@" apt-cache "${APT_OPTS[@]}" depends "$pkg" |
		awk -v p="$prefix" '$1 == "Depends:" && index($2, p) == 1 { print $2; exit }'
}

candidate() {
	local pkg=$1
	shift
	"$@" apt-cache "${APT_OPTS[@]}" policy "$pkg" | awk '/Candidate:/ { print $2 }'
}

# Record a prepared kernel and point NAME's "current" link at it.
publish() {
	local name=$1 dir=$2
	shift 2
	printf '%s\n' "$@" >"$dir/kernel.env"
	ln -sfn "$dir" "$VRANGE_CACHE/kernels/$name/current"
	# Older versions are never used again and cost gigabytes: drop them.
	find "$VRANGE_CACHE/kernels/$name" -mindepth 1 -maxdepth 1 -type d \
		! -path "$dir" -exec rm -rf {} +
}

is_current() {
	local name=$1 dir=$2
	[ -f "$dir/kernel.env" ] &&
		[ "$(readlink "$VRANGE_CACHE/kernels/$name/current")" = "$dir" ]
}

# The packages that may carry /boot/vmlinuz: the image package itself or,
# since Debian's 7.x packaging, the linux-binary-* package it depends on.
vmlinuz_packages() {
	local image=$1 binary
	shift
	binary=$(dep_of "$image" linux-binary- "$@")
	printf '%s\n' "$image" $binary
}

# Shell code that unpacks the kernel image of every .deb in the current
# directory into ./x: /boot/vmlinuz-* until Debian's 7.x packaging,
# /usr/lib/modules/*/vmlinuz since. Run on the host, or in the sid chroot,
# whose packages may use a compression bookworm's dpkg-deb lacks.
UNPACK_VMLINUZ='mkdir -p x && for d in *.deb; do
	dpkg-deb --fsys-tarfile "$d" | tar -x -C x --wildcards \
		"./boot/vmlinuz-*" "./usr/lib/modules/*/vmlinuz" 2>/dev/null
done; true'

# Move what UNPACK_VMLINUZ found under $1/x to $2.
take_vmlinuz() {
	local found
	found=$(find "$1/x" -type f -name 'vmlinuz*' | head -n 1)
	[ -n "$found" ] || die "no vmlinuz in the image packages in $1"
	mv "$found" "$2"
}

# A kernel from the host's own apt sources (bookworm or bookworm-backports).
#
# bookworm's headers are installed on the host, as a DKMS user would have
# them. backports' headers package depends on its linux-image package, and
# the image must not be installed on the host, so those headers (with their
# -common and kbuild packages) are unpacked into the cache instead.
prepare_debian() {
	local name=$1 suite=$2 APT_OPTS=()
	[ "$suite" = bookworm ] || APT_OPTS=(-t "$suite")

	local ver abi image dir
	ver=$(candidate linux-headers-amd64)
	abi=$(dep_of linux-headers-amd64 linux-headers-)
	abi=${abi#linux-headers-}
	image=$(dep_of linux-image-amd64 linux-image-)
	[ -n "$ver" ] && [ -n "$abi" ] && [ -n "$image" ] ||
		die "cannot resolve the $suite kernel from linux-headers-amd64"
	dir=$VRANGE_CACHE/kernels/$name/$ver-r$RECIPE
	is_current "$name" "$dir" && return 0

	say "preparing $name kernel $abi ($ver)"
	rm -rf "$dir"
	mkdir -p "$dir/debs" "$dir/image"
	(cd "$dir/image" &&
		quiet apt-get download "${APT_OPTS[@]}" $(vmlinuz_packages "$image") &&
		sh -c "$UNPACK_VMLINUZ")
	take_vmlinuz "$dir/image" "$dir/vmlinuz"

	local kdir
	if [ "$suite" = bookworm ]; then
		quiet env DEBIAN_FRONTEND=noninteractive apt-get install -y \
			--no-install-recommends "linux-headers-$abi"
		kdir=/usr/src/linux-headers-$abi
	else
		local common kbuild
		common=$(dep_of "linux-headers-$abi" linux-headers-)
		kbuild=$(dep_of "linux-headers-$abi" linux-kbuild-)
		(cd "$dir/debs" && quiet apt-get download "${APT_OPTS[@]}" \
			"linux-headers-$abi" "$common" "$kbuild")
		local deb
		for deb in "$dir"/debs/*.deb; do
			dpkg-deb -x "$deb" "$dir/root"
		done
		kdir=$dir/root/usr/src/linux-headers-$abi
		# Its Makefile includes the -common tree by absolute path.
		sed -i "s|^include /usr/src/|include $dir/root/usr/src/|" "$kdir/Makefile"
	fi
	rm -rf "$dir/debs" "$dir/image"

	publish "$name" "$dir" \
		"KERNEL_NAME=$name" "KERNEL_RELEASE=$abi" "KERNEL_PACKAGE=$ver" \
		"KERNEL_KDIR=$kdir" "KERNEL_CHROOT=" "KERNEL_DEBUG=0" \
		"KERNEL_VMLINUZ=$dir/vmlinuz"
}

in_sid() { in_chroot "$SID_ROOT" "$@"; }

# The newest Debian kernel. Its headers need sid's compiler, which must
# never reach the host, so everything happens in a debootstrapped chroot;
# the module is built inside it too (see build-module.sh).
prepare_sid() {
	local APT_OPTS=()
	if [ ! -f "$SID_ROOT/.vrange-complete" ]; then
		say "debootstrapping a sid chroot in $SID_ROOT"
		rm -rf "$SID_ROOT"
		mkdir -p "$SID_ROOT"
		quiet debootstrap --variant=minbase \
			sid "$SID_ROOT" "$(debian_mirror)"
		# The archive this machine reaches may be a frozen snapshot, whose
		# Release file has a Valid-Until in the past. The chroot exists
		# only to build modules, so accept it there (never on the host).
		echo 'Acquire::Check-Valid-Until "false";' \
			>"$SID_ROOT/etc/apt/apt.conf.d/99vrange"
		touch "$SID_ROOT/.vrange-complete"
	fi
	quiet in_sid apt-get update
	# A no-op once present (the chroot may predate this line).
	quiet in_sid apt-get install -y --no-install-recommends make

	local ver abi image dir
	ver=$(candidate linux-headers-amd64 in_sid)
	abi=$(dep_of linux-headers-amd64 linux-headers- in_sid)
	abi=${abi#linux-headers-}
	image=$(dep_of linux-image-amd64 linux-image- in_sid)
	[ -n "$ver" ] && [ -n "$abi" ] && [ -n "$image" ] ||
		die "cannot resolve sid's kernel from linux-headers-amd64"
	dir=$VRANGE_CACHE/kernels/sid/$ver-r$RECIPE
	is_current sid "$dir" && return 0

	say "preparing sid kernel $abi ($ver)"
	rm -rf "$dir"
	mkdir -p "$dir"
	quiet in_sid apt-get install -y --no-install-recommends "linux-headers-$abi"
	rm -rf "$SID_ROOT/tmp/vrange-image"
	mkdir -p "$SID_ROOT/tmp/vrange-image"
	quiet in_sid sh -c "cd /tmp/vrange-image &&
		apt-get download $(vmlinuz_packages "$image" in_sid | tr '\n' ' ') &&
		$UNPACK_VMLINUZ"
	take_vmlinuz "$SID_ROOT/tmp/vrange-image" "$dir/vmlinuz"
	rm -rf "$SID_ROOT/tmp/vrange-image"

	publish sid "$dir" \
		"KERNEL_NAME=sid" "KERNEL_RELEASE=$abi" "KERNEL_PACKAGE=$ver" \
		"KERNEL_KDIR=/usr/src/linux-headers-$abi" "KERNEL_CHROOT=$SID_ROOT" \
		"KERNEL_DEBUG=0" "KERNEL_VMLINUZ=$dir/vmlinuz"
}

# Every line of the fragment must have survived olddefconfig: a symbol a
# newer kernel renamed would otherwise silently drop a checker.
verify_config() {
	local fragment=$1 config=$2 line bad=0
	while IFS= read -r line; do
		case $line in '' | '#'*) continue ;; esac
		if [ "${line#*=}" = n ]; then
			! grep -q "^${line%%=*}=" "$config" && continue
		else
			grep -qxF "$line" "$config" && continue
		fi
		printf 'debug.config: %s did not survive olddefconfig\n' "$line" >&2
		bad=1
	done <"$fragment"
	return $bad
}

# linux-source-6.12 built with every memory checker vrange's tests rely on.
prepare_debug() {
	local fragment=$VRANGE_TOP/tests/vm/kernel/debug.config
	local ver hash dir src
	ver=$(dpkg-query -W -f '${Version}' linux-source-6.12)
	hash=$(cat "$fragment" | sha256sum | cut -c1-12)
	dir=$VRANGE_CACHE/kernels/debug/$ver-$hash-r$RECIPE
	is_current debug "$dir" && return 0

	say "building the debug kernel from linux-source-6.12 $ver (about 5 minutes)"
	rm -rf "$dir"
	mkdir -p "$dir"
	tar -xf /usr/src/linux-source-6.12.tar.xz -C "$dir"
	mv "$dir/linux-source-6.12" "$dir/src"
	src=$dir/src
	local mk=(make -C "$src" ARCH=x86_64)
	quiet "${mk[@]}" tinyconfig
	quiet "$src/scripts/kconfig/merge_config.sh" -m -O "$src" "$src/.config" "$fragment"
	quiet "${mk[@]}" olddefconfig
	verify_config "$fragment" "$src/.config" || die "debug kernel config is incomplete"
	# `modules` writes Module.symvers, which out-of-tree builds need.
	quiet "${mk[@]}" -j"$(($(nproc) + 1))" bzImage modules
	cp "$src/arch/x86/boot/bzImage" "$dir/vmlinuz"

	publish debug "$dir" \
		"KERNEL_NAME=debug" "KERNEL_RELEASE=$("${mk[@]}" -s kernelrelease)" \
		"KERNEL_PACKAGE=linux-source-6.12 $ver" "KERNEL_KDIR=$src" \
		"KERNEL_CHROOT=" "KERNEL_DEBUG=1" "KERNEL_VMLINUZ=$dir/vmlinuz"
}

prepare() {
	case $1 in
	bookworm) prepare_debian bookworm bookworm ;;
	backports) prepare_debian backports bookworm-backports ;;
	sid) prepare_sid ;;
	debug) prepare_debug ;;
	*) die "unknown kernel '$1' (known: $VRANGE_ALL_KERNELS)" ;;
	esac
}

case ${1:-} in
prepare)
	shift
	cache_lock
	for k in "$@"; do prepare "$k"; done
	;;
env)
	f=$VRANGE_CACHE/kernels/${2:?kernel name}/current/kernel.env
	[ -f "$f" ] || die "kernel '$2' is not prepared (run: $0 prepare $2)"
	sed "s/^\([A-Z_]*\)=\(.*\)$/\1='\2'/" "$f"
	;;
*)
	die "usage: $0 prepare NAME... | env NAME"
	;;
esac
