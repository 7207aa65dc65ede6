/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Declarations shared between the files of vrange.ko. Nothing here is
 * user-visible: the ABI lives in uapi/linux/vrange.h.
 */
#ifndef _VRANGE_MODULE_H
#define _VRANGE_MODULE_H

int vrange_device_register(void);
void vrange_device_unregister(void);

#endif /* _VRANGE_MODULE_H */
