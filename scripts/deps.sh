#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Install what building and testing vrange needs on a Debian bookworm host.
# Idempotent: a second run refreshes apt's lists and installs nothing.
#
# The only change to apt's sources is bookworm-backports, which Debian pins
# low (NotAutomatic), so it never upgrades anything on its own. Newer suites
# (trixie, forky, sid) are never added to the host: they are only ever used
# inside a debootstrapped chroot under the cache (see kernels.sh).

set -euo pipefail
. "$(dirname "$0")/common.sh"

PACKAGES=(
	# VM harness
	qemu-system-x86 busybox-static cpio kmod
	# BTF for modules of kernels built with it (bookworm-backports)
	dwarves
	# building modules, tests and the library
	make gcc libc6-dev pkgconf check libsubunit-dev
	# kernels: the debug build, sid's chroot, static checks
	linux-source-6.12 xz-utils flex bison bc libelf-dev libssl-dev
	debootstrap sparse perl
	# packaging, man pages, vrangectl's test
	dkms debhelper dh-dkms lintian mandoc man-db python3
	# make bench: the plot, and instruction counts of the range logic
	gnuplot-nox valgrind
)

[ "$(id -u)" = 0 ] || die "the dependency installer needs root (apt-get)"

if ! apt-get indextargets --format '$(RELEASE)' 2>/dev/null |
	grep -qx bookworm-backports; then
	say "adding bookworm-backports to apt sources"
	cat >/etc/apt/sources.list.d/vrange-bookworm-backports.sources <<-EOF
		# Added by vrange's scripts/deps.sh for the 6.12 test kernel.
		Types: deb
		URIs: $(debian_mirror)
		Suites: bookworm-backports
		Components: main
		Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
	EOF
fi

say "refreshing apt's package lists"
quiet apt-get update

missing=()
for pkg in "${PACKAGES[@]}"; do
	dpkg-query -W -f '${Status}\n' "$pkg" 2>/dev/null |
		grep -q '^install ok installed$' || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
	say "installing: ${missing[*]}"
	quiet env DEBIAN_FRONTEND=noninteractive \
		apt-get install -y --no-install-recommends "${missing[@]}"
fi
