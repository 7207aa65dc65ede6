/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Set-up and tear-down of the module's parts, called from main.c, and what
 * the two devices share. Nothing here is user-visible: the ABIs live in
 * uapi/linux/vrange.h and uapi/linux/ashmem.h.
 */
#ifndef _VRANGE_MODULE_H
#define _VRANGE_MODULE_H

int vrange_device_register(void);
void vrange_device_unregister(void);
int vrange_shrinker_init(void);
void vrange_shrinker_exit(void);
unsigned long vrange_purge_all(void);
int vrange_ashmem_register(void);
void vrange_ashmem_unregister(void);

#endif /* _VRANGE_MODULE_H */
