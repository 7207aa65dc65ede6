/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The tests' one pseudo-random generator: xorshift64* (Vigna). Small,
 * fast, and the same on every machine, so that a seed replays a run.
 * Plain C, for the guest programs, the benchmark and its callgrind build.
 */
#ifndef VRANGE_TESTS_XORSHIFT_H
#define VRANGE_TESTS_XORSHIFT_H

#include <stdint.h>

/* The next number from @state, which must not be 0. */
static inline uint64_t xorshift64s(uint64_t *state)
{
	*state ^= *state >> 12;
	*state ^= *state << 25;
	*state ^= *state >> 27;
	return *state * 0x2545f4914f6cdd1dULL;
}

#endif /* VRANGE_TESTS_XORSHIFT_H */
