/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Set-up and tear-down of the module's parts, called from main.c, and what
 * the two devices share. Nothing here is user-visible: the ABIs live in
 * uapi/linux/vrange.h and uapi/linux/ashmem.h.
 */
#ifndef _VRANGE_MODULE_H
#define _VRANGE_MODULE_H

struct file;
struct inode;
struct seq_file;
struct vm_area_struct;

int vrange_device_register(void);
void vrange_device_unregister(void);
int vrange_shrinker_init(void);
void vrange_shrinker_exit(void);
unsigned long vrange_purge_all(void);

/* File operations /dev/vrange and /dev/ashmem share (device.c). */
int vrange_release(struct inode *inode, struct file *file);
int vrange_mmap(struct file *file, struct vm_area_struct *vma);
void vrange_show_fdinfo(struct seq_file *m, struct file *file);

int vrange_ashmem_register(void);
void vrange_ashmem_unregister(void);

#endif /* _VRANGE_MODULE_H */
