# SPDX-License-Identifier: GPL-2.0-only
#
# vrange: volatile ranges for user space.
#
#   make                  vrange.ko for the running kernel (KVER=, KDIR= for another)
#   make lib              libvrange.so, libvrange.a, libvrange.pc in build/lib/
#   make check            everything: host tests, static checks, VM suites on
#                         every kernel; sets up all it needs (as root)
#   make check KERNELS="debug" SUITES="module"   a subset, for quick iteration
#   make check PARTS="vm"                        only some parts (host static vm)
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
USER_CPPFLAGS := -D_GNU_SOURCE -Iuapi -Ilib -DVRANGE_VERSION='"$(VERSION)"'
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

$(LIB_DIR)/libvrange.pc: lib/libvrange.pc.in VERSION
	@mkdir -p $(@D)
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
		-e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' -e 's|@VERSION@|$(VERSION)|' $< >$@

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

.PHONY: guest-programs host-programs
guest-programs: $(GUEST_BINS)
host-programs: $(HOST_BINS)

# Which kernels and suites `make check` covers, and which parts it runs.
KERNELS ?=
SUITES ?=
PARTS ?=

.PHONY: check demo deps
check:
	@KERNELS="$(KERNELS)" SUITES="$(SUITES)" PARTS="$(PARTS)" bash tests/check.sh

demo:
	@bash tests/vm/demo.sh

deps:
	@bash scripts/deps.sh

# --- cleaning ---------------------------------------------------------------------

.PHONY: clean
clean:
	rm -rf $(BUILD)
	rm -rf .tmp_versions module/.*.cmd module/*.o .*.cmd *.o *.ko *.mod *.mod.c \
		*.mod.o Module.symvers modules.order
