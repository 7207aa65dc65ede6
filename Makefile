# SPDX-License-Identifier: GPL-2.0-only
#
# vrange: volatile ranges for user space.
#
#   make                  vrange.ko for the running kernel (KVER=, KDIR= for another)
#   make lib              libvrange.so, libvrange.a, libvrange.pc in build/lib/
#   make check            everything: host tests, static checks, VM suites on
#                         every kernel; sets up all it needs (as root)
#   make check KERNELS="debug" SUITES="module"   a subset, for quick iteration
#   make check PARTS="vm"                        only some parts (host static package vm)
#   make tools            vrangectl in build/tools/
#   make install          library, headers, pkg-config file, vrangectl and
#                         man pages under DESTDIR/PREFIX (uninstall: the reverse)
#   make dkms-install     the module's sources into DKMS, built and installed
#                         for KVER (dkms-uninstall: the reverse)
#   make deb              Debian packages in build/deb/ (dpkg-buildpackage)
#   make bench            benchmarks in a VM on every kernel; build/bench/ gets
#                         the tables, results.json and pair-cost.png
#   make stress           the long reliability run (stress program, fuzzer,
#                         fault injection, 1000 load cycles) on the debug
#                         kernel; STRESS_SECONDS, STRESS_OPS bound it
#   make demo             boot a VM with the module loaded and run the demo
#   make deps             only install the host's build and test dependencies
#   make clean

VERSION := $(shell cat VERSION)
KVER ?= $(shell uname -r)
KDIR ?= /lib/modules/$(KVER)/build
BUILD := build

# --- the module ------------------------------------------------------------

.PHONY: all module
all: module

module:
	@test -d "$(KDIR)" || { \
		echo "no kernel headers in $(KDIR): install linux-headers-$(KVER)," \
		     "or name a tree with KDIR=... or a release with KVER=..." >&2; \
		exit 1; }
	$(MAKE) -C "$(KDIR)" M="$(CURDIR)" modules

# --- userspace: flags ----------------------------------------------------------

CC ?= cc
CFLAGS ?= -O2 -g
WARNINGS := -Wall -Wextra -Werror
USER_CPPFLAGS := -D_GNU_SOURCE -Iuapi -Ilib -DVRANGE_VERSION='"$(VERSION)"' \
	$(CPPFLAGS)
USER_CFLAGS := -std=gnu11 $(WARNINGS) $(CFLAGS)
CHECK_LIBS := -lcheck -lsubunit -lm -lrt -pthread

# --- libvrange -------------------------------------------------------------------

LIB_SOVERSION := 0
LIB_SONAME := libvrange.so.$(LIB_SOVERSION)
LIB_DIR := $(BUILD)/lib
LIB_SRCS := $(wildcard lib/*.c)
LIB_PIC_OBJS := $(LIB_SRCS:lib/%.c=$(LIB_DIR)/pic/%.o)
LIB_OBJS := $(LIB_SRCS:lib/%.c=$(LIB_DIR)/static/%.o)
LIB_SHARED := $(LIB_DIR)/libvrange.so.$(VERSION)
LIB_STATIC := $(LIB_DIR)/libvrange.a
PREFIX ?= /usr/local
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig

.PHONY: lib
lib: $(LIB_SHARED) $(LIB_STATIC) $(LIB_DIR)/libvrange.pc

$(LIB_DIR)/pic/%.o: lib/%.c $(wildcard lib/*.h uapi/linux/*.h) VERSION
	@mkdir -p $(@D)
	$(CC) $(USER_CPPFLAGS) $(USER_CFLAGS) -fPIC -fvisibility=hidden -c $< -o $@

$(LIB_DIR)/static/%.o: lib/%.c $(wildcard lib/*.h uapi/linux/*.h) VERSION
	@mkdir -p $(@D)
	$(CC) $(USER_CPPFLAGS) $(USER_CFLAGS) -fvisibility=hidden -c $< -o $@

$(LIB_SHARED): $(LIB_PIC_OBJS)
	$(CC) $(USER_CFLAGS) $(LDFLAGS) -shared -Wl,-soname,$(LIB_SONAME) \
		-Wl,--no-undefined -o $@ $^
	ln -sf $(@F) $(LIB_DIR)/$(LIB_SONAME)
	ln -sf $(LIB_SONAME) $(LIB_DIR)/libvrange.so

$(LIB_STATIC): $(LIB_OBJS)
	rm -f $@
	ar rcs $@ $^

# The .pc file names install directories: `make install` writes it again
# with the directories of that command line.
PC_SED := sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
	-e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' -e 's|@VERSION@|$(VERSION)|'

$(LIB_DIR)/libvrange.pc: lib/libvrange.pc.in VERSION
	@mkdir -p $(@D)
	$(PC_SED) $< >$@

# --- vrangectl ----------------------------------------------------------------------

TOOLS_DIR := $(BUILD)/tools
TOOL_SRCS := $(wildcard tools/vrangectl/*.c)
TOOL_HDRS := $(wildcard tools/vrangectl/*.h)

.PHONY: tools
tools: $(TOOLS_DIR)/vrangectl

# Linked against the static library by default, so that it runs from the
# build tree; TOOLS_SHARED=1 (the Debian package) links libvrange.so.
ifeq ($(TOOLS_SHARED),1)
TOOL_LIB := $(LIB_SHARED)
TOOL_LINK := -L$(LIB_DIR) -lvrange
else
TOOL_LIB := $(LIB_STATIC)
TOOL_LINK := $(LIB_STATIC)
endif

$(TOOLS_DIR)/vrangectl: $(TOOL_SRCS) $(TOOL_HDRS) $(TOOL_LIB)
	@mkdir -p $(@D)
	$(CC) $(USER_CPPFLAGS) $(USER_CFLAGS) $(LDFLAGS) -o $@ $(TOOL_SRCS) \
		$(TOOL_LINK)

# --- install ---------------------------------------------------------------------------

MANPAGES := $(wildcard man/*.[0-9])
INSTALL ?= install

.PHONY: install uninstall
install: lib tools
	$(INSTALL) -d $(DESTDIR)$(LIBDIR) $(DESTDIR)$(PKGCONFIGDIR) \
		$(DESTDIR)$(INCLUDEDIR)/linux $(DESTDIR)$(BINDIR)
	$(INSTALL) -m 0644 $(LIB_SHARED) $(LIB_STATIC) $(DESTDIR)$(LIBDIR)/
	ln -sf $(notdir $(LIB_SHARED)) $(DESTDIR)$(LIBDIR)/$(LIB_SONAME)
	ln -sf $(LIB_SONAME) $(DESTDIR)$(LIBDIR)/libvrange.so
	$(PC_SED) lib/libvrange.pc.in >$(DESTDIR)$(PKGCONFIGDIR)/libvrange.pc
	chmod 0644 $(DESTDIR)$(PKGCONFIGDIR)/libvrange.pc
	$(INSTALL) -m 0644 lib/vrange.h $(DESTDIR)$(INCLUDEDIR)/
	$(INSTALL) -m 0644 uapi/linux/vrange.h $(DESTDIR)$(INCLUDEDIR)/linux/
	$(INSTALL) -m 0755 $(TOOLS_DIR)/vrangectl $(DESTDIR)$(BINDIR)/
	for page in $(MANPAGES); do \
		section=$${page##*.}; \
		$(INSTALL) -d $(DESTDIR)$(MANDIR)/man$$section && \
		$(INSTALL) -m 0644 $$page $(DESTDIR)$(MANDIR)/man$$section/ || exit; \
	done

uninstall:
	rm -f $(DESTDIR)$(LIBDIR)/$(notdir $(LIB_SHARED)) \
		$(DESTDIR)$(LIBDIR)/$(LIB_SONAME) $(DESTDIR)$(LIBDIR)/libvrange.so \
		$(DESTDIR)$(LIBDIR)/libvrange.a $(DESTDIR)$(PKGCONFIGDIR)/libvrange.pc \
		$(DESTDIR)$(INCLUDEDIR)/vrange.h $(DESTDIR)$(INCLUDEDIR)/linux/vrange.h \
		$(DESTDIR)$(BINDIR)/vrangectl
	for page in $(MANPAGES); do \
		page=$${page#man/}; \
		rm -f $(DESTDIR)$(MANDIR)/man$${page##*.}/$$page; \
	done

# --- DKMS ---------------------------------------------------------------------------------
#
# DKMS keeps its own copy of the sources, at DKMS_SOURCETREE/vrange-VERSION.
# The trees are variables so that the tests can use private ones.

DKMS_SOURCES := Kbuild Makefile VERSION $(wildcard module/*.[ch]) \
	$(wildcard uapi/linux/*.h)
DKMS_SOURCETREE ?= /usr/src
DKMS_FLAGS ?=
DKMS := dkms $(DKMS_FLAGS) --sourcetree $(DKMS_SOURCETREE)
DKMS_SRC := $(DESTDIR)$(DKMS_SOURCETREE)/vrange-$(VERSION)

.PHONY: dkms-source dkms-install dkms-uninstall
# The sources DKMS builds from, with the version filled into dkms.conf.
dkms-source:
	rm -rf $(DKMS_SRC)
	$(INSTALL) -d $(DKMS_SRC)
	cp --parents $(DKMS_SOURCES) $(DKMS_SRC)/
	sed 's/#MODULE_VERSION#/$(VERSION)/' dkms.conf >$(DKMS_SRC)/dkms.conf

# Adds the sources and builds and installs the module for KVER (the running
# kernel unless told), against KDIR when its headers are not installed.
# Whatever DKMS held of this version before is removed first, so that what
# it builds is always the sources of this tree.
DKMS_ADDED = $(shell $(DKMS) status -m vrange -v $(VERSION) 2>/dev/null)

dkms-install: dkms-uninstall dkms-source
	$(DKMS) add -m vrange -v $(VERSION)
	$(DKMS) install -m vrange -v $(VERSION) -k $(KVER) \
		$(if $(filter-out /lib/modules/$(KVER)/build,$(KDIR)),--kernelsourcedir $(KDIR))

dkms-uninstall:
	$(if $(DKMS_ADDED),$(DKMS) remove -m vrange -v $(VERSION) --all)
	rm -rf $(DKMS_SRC)

# --- Debian packages -------------------------------------------------------------------

.PHONY: deb
deb:
	bash scripts/build-deb.sh

# --- tests -----------------------------------------------------------------------

TEST_CPPFLAGS := $(USER_CPPFLAGS) -Itests/lib

# check_main.o's main() runs a program's test_suite(). It sits in an archive
# so that the linker takes it only for programs without a main() of their
# own (the demo, stress programs). Sanitized and plain builds differ.
TEST_MAIN := $(BUILD)/tests/libcheckmain.a
TEST_MAIN_SAN := $(BUILD)/tests/libcheckmain-san.a

# In-guest programs: static, so the initramfs needs no libc.
GUEST_SRCS := $(wildcard tests/guest/*.c)
GUEST_BINS := $(GUEST_SRCS:tests/guest/%.c=$(BUILD)/guest/%)

$(BUILD)/guest/%: tests/guest/%.c $(TEST_MAIN) $(LIB_STATIC) \
		$(wildcard tests/guest/*.h tests/lib/*.h lib/*.h uapi/linux/*.h)
	@mkdir -p $(@D)
	$(CC) $(TEST_CPPFLAGS) $(USER_CFLAGS) -static -o $@ \
		$< $(TEST_MAIN) $(LIB_STATIC) $(CHECK_LIBS)

# Host-side programs: the library's sources built in, under ASan and UBSan.
SANITIZE := -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
HOST_SRCS := $(wildcard tests/host/*.c)
HOST_BINS := $(HOST_SRCS:tests/host/%.c=$(BUILD)/host/%)

$(BUILD)/host/%: tests/host/%.c $(TEST_MAIN_SAN) $(LIB_SRCS) VERSION \
		$(wildcard tests/host/*.h tests/lib/*.h lib/*.h uapi/linux/*.h)
	@mkdir -p $(@D)
	$(CC) $(TEST_CPPFLAGS) -DVERSION_FILE='"$(CURDIR)/VERSION"' \
		$(USER_CFLAGS) $(SANITIZE) -o $@ $< $(LIB_SRCS) $(TEST_MAIN_SAN) \
		$(CHECK_LIBS)

# vrangectl, sanitized, for tests/host/vrangectl.sh (not a test itself).
$(BUILD)/host-tools/vrangectl: $(TOOL_SRCS) $(TOOL_HDRS) $(LIB_SRCS) VERSION
	@mkdir -p $(@D)
	$(CC) $(USER_CPPFLAGS) $(USER_CFLAGS) $(SANITIZE) -o $@ $(TOOL_SRCS) \
		$(LIB_SRCS)

$(BUILD)/tests/check_main.o: tests/lib/check_main.c tests/lib/check_main.h
	@mkdir -p $(@D)
	$(CC) $(TEST_CPPFLAGS) $(USER_CFLAGS) -c -o $@ $<

$(BUILD)/tests/check_main-san.o: tests/lib/check_main.c tests/lib/check_main.h
	@mkdir -p $(@D)
	$(CC) $(TEST_CPPFLAGS) $(USER_CFLAGS) $(SANITIZE) -c -o $@ $<

$(TEST_MAIN): $(BUILD)/tests/check_main.o
$(TEST_MAIN_SAN): $(BUILD)/tests/check_main-san.o
$(TEST_MAIN) $(TEST_MAIN_SAN):
	rm -f $@
	ar rcs $@ $^

# vrangectl goes into the guest too, static like the test programs.
$(BUILD)/guest/vrangectl: $(TOOL_SRCS) $(TOOL_HDRS) $(LIB_STATIC)
	@mkdir -p $(@D)
	$(CC) $(USER_CPPFLAGS) $(USER_CFLAGS) -static -o $@ $(TOOL_SRCS) \
		$(LIB_STATIC)

# The benchmark program (tests/bench/), in the guest like the suites.
BENCH_SRCS := $(wildcard tests/bench/*.c)

$(BUILD)/guest/vrbench: $(BENCH_SRCS) $(LIB_STATIC) \
		$(wildcard tests/bench/*.h tests/guest/memload.h tests/guest/xorshift.h lib/*.h uapi/linux/*.h)
	@mkdir -p $(@D)
	$(CC) $(USER_CPPFLAGS) -Itests/guest $(USER_CFLAGS) -static -o $@ \
		$(BENCH_SRCS) $(LIB_STATIC)

# The stress program (tests/stress/), likewise.
STRESS_SRCS := $(wildcard tests/stress/*.c)

$(BUILD)/guest/vrstress: $(STRESS_SRCS) $(LIB_STATIC) \
		$(wildcard tests/stress/*.h tests/guest/memload.h tests/guest/tap.h tests/guest/inject.h tests/guest/xorshift.h lib/*.h uapi/linux/*.h)
	@mkdir -p $(@D)
	$(CC) $(USER_CPPFLAGS) -Itests/guest $(USER_CFLAGS) -static -pthread -o $@ \
		$(STRESS_SRCS) $(LIB_STATIC)

.PHONY: guest-programs host-programs
guest-programs: $(GUEST_BINS) $(BUILD)/guest/vrangectl $(BUILD)/guest/vrbench \
	$(BUILD)/guest/vrstress
host-programs: $(HOST_BINS) $(BUILD)/host-tools/vrangectl

# Which kernels and suites `make check` covers, and which parts it runs.
KERNELS ?=
SUITES ?=
PARTS ?=

.PHONY: check bench stress demo deps
check:
	@KERNELS="$(KERNELS)" SUITES="$(SUITES)" PARTS="$(PARTS)" bash tests/check.sh

bench:
	@KERNELS="$(KERNELS)" bash tests/bench/run.sh

# make stress [KERNELS=debug] [STRESS_SECONDS=14400] [STRESS_OPS=10000000]
stress:
	@KERNELS="$(KERNELS)" bash tests/stress/run.sh

demo:
	@bash tests/vm/demo.sh

deps:
	@bash scripts/deps.sh

# --- cleaning ---------------------------------------------------------------------

.PHONY: clean
clean:
	rm -rf $(BUILD) debian/.debhelper debian/tmp debian/files \
		debian/*.substvars debian/*.debhelper* debian/debhelper-build-stamp \
		$(patsubst %,debian/%,vrange-dkms libvrange0 libvrange-dev vrangectl)
	rm -rf .tmp_versions module/.*.cmd module/*.o .*.cmd *.o *.ko *.mod *.mod.c \
		*.mod.o Module.symvers modules.order
