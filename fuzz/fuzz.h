/*
 * fuzz.h - what the fuzz targets share: a scratch database and a way to
 * keep the library's messages off the fuzzer's output.
 */
#ifndef CRM_FUZZ_H
#define CRM_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A NUL-terminated copy of the input (malloc'd). */
char *fuzz_string(const uint8_t *data, size_t size);
/* The path of a scratch database in a private temporary directory, created once. */
const char *fuzz_db_path(void);
/* A scratch file by that name in the same directory (one static buffer). */
const char *fuzz_file(const char *name);
/* That scratch file made to hold size bytes of data: its path (fuzz_file's buffer). */
const char *fuzz_write(const char *name, const void *data, size_t size);
/* Points stderr and stdout at /dev/null (unless FUZZ_VERBOSE is set), and back. */
void fuzz_quiet(void);
void fuzz_loud(void);

#endif
