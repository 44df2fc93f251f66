/* dump.h - what dump.c and restore.c share: the files of a dump and their seals. */
#ifndef CRM_DUMP_H
#define CRM_DUMP_H

/* The configuration files of a dump, NAME.csv, in the order they are written. */
#define DUMP_NCONFIG 8
extern const char *const dump_config_names[DUMP_NCONFIG];
/* 1 if s is a SHA-256 as a dump names files: 64 lowercase hex digits. */
int dump_is_sha256(const char *s);
/*
 * What the manifest says of DIR/NAME.csv: its records after the header and
 * the SHA-256 of its bytes.  0, or -1 with *err.
 */
int dump_file_seal(const char *dir, const char *name, long *rows, char sha[65], char **err);

#endif
