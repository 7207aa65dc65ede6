// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The optimistic pattern for SIGBUS-mode regions: keep using volatile
 * memory as if it were there; when a touch hits a purged page, the SIGBUS
 * handler here marks the span non-volatile, has the application refill it,
 * and resumes the faulting instruction.
 *
 * Signal dispositions belong to the process, so this is the one part of
 * libvrange with global state: a fixed table of registrations. The handler
 * reads it without locks (it may interrupt anything); registration and
 * unregistration serialize among themselves with a mutex and publish each
 * entry with a release store of its state, which the handler reads with
 * acquire.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "vrange.h"

#define VRANGE_EXPORT __attribute__((visibility("default")))
#define MAX_REGISTRATIONS 64

enum { SLOT_FREE, SLOT_BUSY, SLOT_LIVE };

struct registration {
	_Atomic int state;
	char *base;
	size_t length;
	size_t span;
	uint64_t offset;
	int fd;
	vrange_refill_fn refill;
	void *arg;
};

static struct registration table[MAX_REGISTRATIONS];
static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static struct sigaction previous;
static int installed;

/* The registration whose mapping holds @addr, or NULL. Async-signal-safe. */
static struct registration *find(const char *addr)
{
	size_t i;

	for (i = 0; i < MAX_REGISTRATIONS; i++) {
		struct registration *r = &table[i];

		if (atomic_load_explicit(&r->state, memory_order_acquire) != SLOT_LIVE)
			continue;
		if (addr >= r->base && (size_t)(addr - r->base) < r->length)
			return r;
	}
	return NULL;
}

/* Hand a SIGBUS that is not ours to whoever had it before us. */
static void chain(int sig, siginfo_t *info, void *context)
{
	if (previous.sa_flags & SA_SIGINFO) {
		previous.sa_sigaction(sig, info, context);
	} else if (previous.sa_handler != SIG_DFL && previous.sa_handler != SIG_IGN) {
		previous.sa_handler(sig);
	} else {
		/*
		 * The default action, or "ignore", which the kernel overrides
		 * for a fault: restore the default and return, so that the
		 * faulting instruction runs again and the process dies of it.
		 */
		struct sigaction dfl;

		memset(&dfl, 0, sizeof(dfl));
		dfl.sa_handler = SIG_DFL;
		sigaction(sig, &dfl, NULL);
	}
}

static void on_sigbus(int sig, siginfo_t *info, void *context)
{
	int saved_errno = errno;
	struct registration *r = NULL;
	size_t start, length;

	if (info->si_code == BUS_ADRERR)
		r = find(info->si_addr);
	if (r) {
		start = (size_t)((char *)info->si_addr - r->base) / r->span * r->span;
		length = r->length - start < r->span ? r->length - start : r->span;
		/* An ioctl is a system call: async-signal-safe. */
		if (vrange_nonvolatile(r->fd, r->offset + start, length) >= 0) {
			r->refill(r->base + start, length, r->arg);
			errno = saved_errno;
			return;
		}
	}
	errno = saved_errno;
	chain(sig, info, context);
}

static int install_handler(void)
{
	struct sigaction sa;

	if (installed)
		return 0;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_sigbus;
	/* SA_NODEFER: a refill that faults on another registration recurses. */
	sa.sa_flags = SA_SIGINFO | SA_NODEFER | SA_RESTART;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGBUS, &sa, &previous))
		return -errno;
	installed = 1;
	return 0;
}

VRANGE_EXPORT int vrange_refill_register(int fd, void *addr, size_t length,
					 uint64_t offset, size_t span,
					 vrange_refill_fn refill, void *arg)
{
	long page = sysconf(_SC_PAGESIZE);
	struct registration *r = NULL;
	int expected, ret;
	size_t i;

	if (!addr || !length || !refill || !span || span % (size_t)page ||
	    (uintptr_t)addr % (size_t)page || offset % (uint64_t)page) {
		errno = EINVAL;
		return -EINVAL;
	}

	pthread_mutex_lock(&table_lock);
	ret = install_handler();
	for (i = 0; !ret && !r && i < MAX_REGISTRATIONS; i++) {
		expected = SLOT_FREE;
		if (atomic_compare_exchange_strong(&table[i].state, &expected, SLOT_BUSY))
			r = &table[i];
	}
	if (!ret && !r)
		ret = -ENOSPC;
	if (r) {
		r->base = addr;
		r->length = length;
		r->span = span;
		r->offset = offset;
		r->fd = fd;
		r->refill = refill;
		r->arg = arg;
		atomic_store_explicit(&r->state, SLOT_LIVE, memory_order_release);
	}
	pthread_mutex_unlock(&table_lock);
	if (ret)
		errno = -ret;
	return ret;
}

VRANGE_EXPORT int vrange_refill_unregister(void *addr)
{
	int ret = -ENOENT;
	size_t i;

	pthread_mutex_lock(&table_lock);
	for (i = 0; i < MAX_REGISTRATIONS; i++) {
		struct registration *r = &table[i];

		if (atomic_load(&r->state) == SLOT_LIVE && r->base == addr) {
			atomic_store_explicit(&r->state, SLOT_FREE, memory_order_release);
			ret = 0;
			break;
		}
	}
	pthread_mutex_unlock(&table_lock);
	if (ret)
		errno = -ret;
	return ret;
}
