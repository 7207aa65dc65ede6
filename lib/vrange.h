/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libvrange: a thin C wrapper over the /dev/vrange ioctls.
 *
 * Every function is thread-safe and keeps no hidden global state.
 */
#ifndef VRANGE_H
#define VRANGE_H

#ifdef __cplusplus
extern "C" {
#endif

/**
 * vrange_version() - the version of libvrange in use.
 *
 * Return: a static string such as "0.1.0"; the same version as the
 * vrange.ko it was released with.
 */
const char *vrange_version(void);

#ifdef __cplusplus
}
#endif

#endif /* VRANGE_H */
