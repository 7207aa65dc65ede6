/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Set-up and tear-down of the module's parts, called from main.c. Nothing
 * here is user-visible: the ABI lives in uapi/linux/vrange.h.
 */
#ifndef _VRANGE_MODULE_H
#define _VRANGE_MODULE_H

int vrange_device_register(void);
void vrange_device_unregister(void);
int vrange_shrinker_init(void);
void vrange_shrinker_exit(void);

#endif /* _VRANGE_MODULE_H */
