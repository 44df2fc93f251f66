/* fuzz_common.c - the scratch database and quiet output of the fuzz targets. */
#define _GNU_SOURCE
#include "fuzz.h"

#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

char *fuzz_string(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

static char dir[64], db[96];

static int remove_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st, (void)type, (void)ftw;
	remove(path); /* go on whatever is left */
	return 0;
}

/* The scratch directory and all a target made in it (a dump, an input file). */
static void remove_dir(void)
{
	nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

const char *fuzz_db_path(void)
{
	if (!*db) {
		const char *tmp = getenv("TMPDIR");
		snprintf(dir, sizeof dir, "%s/crm-fuzz.XXXXXX", tmp && *tmp ? tmp : "/tmp");
		if (!mkdtemp(dir))
			abort();
		snprintf(db, sizeof db, "%s/crm.db", dir);
		atexit(remove_dir);
		/* a fixed clock, zone and user: the same input always takes the same path */
		setenv("CRM_NOW", "2026-03-01T09:00:00Z", 1);
		setenv("TZ", "Europe/Madrid", 1); /* summer time: days of 23 and 25 hours */
		setenv("CRM_USER", "fuzz", 1);
	}
	return db;
}

/* The path of a scratch file next to the database. */
const char *fuzz_file(const char *name)
{
	static char path[128];
	fuzz_db_path();
	snprintf(path, sizeof path, "%s/%s", dir, name);
	return path;
}

const char *fuzz_write(const char *name, const void *data, size_t size)
{
	const char *path = fuzz_file(name);
	FILE *f = fopen(path, "wb");
	if (!f)
		abort();
	fwrite(data, 1, size, f);
	fclose(f);
	return path;
}

static int saved_out = -1, saved_err = -1;

void fuzz_quiet(void)
{
	if (getenv("FUZZ_VERBOSE"))
		return;
	fflush(stdout);
	fflush(stderr);
	int null = open("/dev/null", O_WRONLY);
	if (saved_out < 0)
		saved_out = dup(1), saved_err = dup(2);
	dup2(null, 1);
	dup2(null, 2);
	close(null);
}

void fuzz_loud(void)
{
	if (saved_out < 0)
		return;
	fflush(stdout);
	fflush(stderr);
	dup2(saved_out, 1);
	dup2(saved_err, 2);
}
