// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The library's version: VRANGE_VERSION comes from the top-level VERSION
 * file, the one source of it for module, library and packages.
 */
#include "vrange.h"

#define VRANGE_EXPORT __attribute__((visibility("default")))

VRANGE_EXPORT const char *vrange_version(void)
{
	return VRANGE_VERSION;
}
