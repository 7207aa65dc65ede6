# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# Shared by the project's shell scripts: where things live, how we talk,
# and how we reach Debian's archive. Sourced, never run.

VRANGE_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VRANGE_VERSION=$(cat "$VRANGE_TOP/VERSION")

# Downloads, kernels and chroots: outside the clone, shared by every clone
# on the machine, keyed by package version so that nothing is rebuilt twice.
VRANGE_CACHE=${VRANGE_CACHE:-/var/cache/vrange}

# Per-run build products (modules, initramfs images, logs): inside the
# clone, ignored by git, removed by `make clean`.
VRANGE_BUILD=${VRANGE_BUILD:-$VRANGE_TOP/build}

# The kernels every `make check` tests, in the order it tests them.
VRANGE_ALL_KERNELS="bookworm backports sid debug"
# The distribution kernels whose headers are on the host: their modules are
# built through DKMS, as on a user's machine (scripts/dkms-build.sh).
VRANGE_DKMS_KERNELS="bookworm backports"

# Progress goes to stderr so that stdout stays clean TAP.
say() { printf '>> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }
# Indent stdin as TAP comments: a failed test's evidence.
comment() { sed 's/^/#   /'; }

# Run quietly, but show the tail of the log if the command fails.
quiet() {
	local log
	log=$(mktemp)
	if ! "$@" >"$log" 2>&1; then
		tail -n 40 "$log" >&2
		rm -f "$log"
		die "failed: $*"
	fi
	rm -f "$log"
}

# The start of a long VM job (make bench, make stress): the host's
# dependencies unless VRANGE_SKIP_DEPS=1, an empty results directory $1,
# and the guest programs.
vm_job_start() {
	if [ "${VRANGE_SKIP_DEPS:-0}" != 1 ]; then
		"$VRANGE_TOP/scripts/deps.sh" || exit 1
	fi
	rm -rf "$1"
	mkdir -p "$1"
	quiet make -C "$VRANGE_TOP" -s guest-programs
}

# Fetch and prepare the test kernel $1 (cached), saying so.
prepare_kernel() {
	say "preparing kernel: $1"
	quiet "$VRANGE_TOP/scripts/kernels.sh" prepare "$1"
}

# The Debian archive the host's apt already uses, so that the sid chroot
# follows whatever mirror (or proxy, or snapshot) this machine is set up for.
debian_mirror() {
	local uri
	uri=$(apt-get indextargets --format '$(REPO_URI) $(RELEASE)' 2>/dev/null |
		awk '$2 == "bookworm" { print $1; exit }')
	[ -n "$uri" ] || die "no bookworm entry in the host's apt sources"
	printf '%s\n' "${uri%/}"
}

# Serialise preparation of the shared cache between concurrent runs.
cache_lock() {
	mkdir -p "$VRANGE_CACHE"
	exec 9>"$VRANGE_CACHE/.lock"
	flock 9
}

# in_chroot ROOT COMMAND...: run COMMAND in the chroot with a clean
# environment and its own /proc (objtool and apt read it), mounted in a
# private mount namespace so that nothing is left mounted on the host.
in_chroot() {
	unshare --mount --propagation private sh -c '
		mount -t proc proc "$1/proc" && root=$1 && shift &&
		exec chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
			LC_ALL=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"' \
		sh "$@"
}
