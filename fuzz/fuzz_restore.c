/*
 * fuzz_restore.c - crm restore as a user runs it on a dump changed by hand
 * or cut short: the bytes (after the first) become one file of a dump of an
 * empty database, the first byte picks which, and the restore runs with
 * --dry-run, so every row goes through the checks and the write is rolled
 * back.  Without its manifest the dump is taken unchecked, so the rows
 * themselves are what is fuzzed; the manifest is fuzzed on its own.
 */
#define _GNU_SOURCE
#include "crm.h"
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The files an input may be; the manifest first. */
static const char *const files[] = {
    "manifest", "contact", "account", "opp",  "case",        "fields", "attachments", "segments",
    "slas",     "stages",  "quotas",  "task", "interaction", "lead",   "rates",       "settings"};
enum { NFILES = sizeof(files) / sizeof(files[0]) };

/* A writable argv: the command line parser marks words in place. */
static int run(const char *const *words)
{
	char *argv[16];
	int argc = 0;
	for (; words[argc] && argc < 15; argc++)
		argv[argc] = strdup(words[argc]);
	argv[argc] = NULL;
	int rc = crm_admin_main(argc, argv);
	for (int i = 0; i < argc; i++)
		free(argv[i]);
	return rc;
}

static char *path_of(const char *dir, const char *name)
{
	char *p = NULL;
	if (asprintf(&p, "%s/%s.csv", dir, name) < 0)
		abort();
	return p;
}

static void put(const char *path, const uint8_t *data, size_t size)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		abort();
	fwrite(data, 1, size, f);
	fclose(f);
}

struct kept {
	char *bytes;
	size_t size;
};

/* Each file as the dump of an empty database has it (its header), read once. */
static struct kept originals[NFILES];

static void keep(const char *dir, int i)
{
	char *p = path_of(dir, files[i]);
	FILE *f = fopen(p, "rb");
	if (!f)
		abort();
	originals[i].bytes = malloc(1 << 16);
	if (!originals[i].bytes)
		abort();
	originals[i].size = fread(originals[i].bytes, 1, 1 << 16, f);
	fclose(f);
	free(p);
}

/* An empty database and its dump, once: the files an input takes the place of. */
static const char *dump_dir(const char *db)
{
	static char dir[128];
	if (dir[0])
		return dir;
	snprintf(dir, sizeof dir, "%s", fuzz_file("dump"));
	fuzz_quiet();
	run((const char *[]){"crm", "init", "-q", "--db", db, NULL});
	run((const char *[]){"crm", "dump", "-q", "--db", db, dir, NULL});
	fuzz_loud();
	for (int i = 0; i < NFILES; i++)
		keep(dir, i);
	return dir;
}

static void reset(const char *dir, int i)
{
	char *p = path_of(dir, files[i]);
	put(p, (const uint8_t *)originals[i].bytes, originals[i].size);
	free(p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	const char *db = fuzz_db_path();
	const char *dir = dump_dir(db);
	int which = data[0] % NFILES;
	const char *name = files[which];
	char *path = path_of(dir, name), *manifest = path_of(dir, "manifest");
	put(path, data + 1, size - 1);
	if (which != 0)
		unlink(manifest);
	fuzz_quiet();
	run((const char *[]){"crm", "restore", "--dry-run", "-q", "--db", db, dir, NULL});
	fuzz_loud();
	reset(dir, which);
	reset(dir, 0);
	free(path);
	free(manifest);
	return 0;
}
