/* SPDX-License-Identifier: GPL-2.0-only */
/* Single-threaded: the module's atomic counters as plain ones. */
#ifndef VRANGE_CALLGRIND_ATOMIC_H
#define VRANGE_CALLGRIND_ATOMIC_H

#define atomic_long_inc(v)	((v)->counter++)
#define atomic_long_dec(v)	((v)->counter--)
#define atomic_long_add(i, v)	((v)->counter += (i))
#define atomic_long_sub(i, v)	((v)->counter -= (i))
#define atomic_long_read(v)	((v)->counter)

#endif
