/* SPDX-License-Identifier: GPL-2.0-only */
/* stats.h only names the type. */
struct attribute_group;
