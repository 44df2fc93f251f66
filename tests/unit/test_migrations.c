/*
 * test_migrations.c - the schema migrations as built: one per file in
 * lib/store/sql, numbered 001 on without a gap, each running whole on the
 * ones before it, and the released ones unchanged to the byte.
 */

/* opendir and readdir are POSIX, hidden by -std=c11. */
#define _POSIX_C_SOURCE 200809L

#include "base/sha256.h"
#include "crm.h"
#include "tap.h"

#include <dirent.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

static const char *const migrations[] = {
#include "store/migrations.inc"
};
#define NMIGRATIONS ((int)(sizeof(migrations) / sizeof(migrations[0])))

/*
 * The SHA-256 of each released migration's string.  SQLite keeps the text of
 * every CREATE as it ran, and a database made before a release is migrated
 * from it by the later strings alone: a released file may be laid out or
 * commented anew only as long as its string stays the same.  A change to
 * the schema is a new file.
 */
static const char *const released[] = {
    "064eba8798953d656c5a316d19193c206a26fc95f6fc84be0086241565c19d9e", /* 001 */
    "0e3511956c90095a3a52bde06145b0a7bbbfb56f2b3e683ae7de9a68dbf0b1fb", /* 002 */
    "36bc96b0eb720fc2ebf020e439e487fce77a1eb83a83520e9133e429d2ec7b33", /* 003 */
    "7c5d1b16bcda84fec8418702a76655300616b794d0f3a66ce75200d0e9d7b3be", /* 004 */
    "0fea9fc10a870827ea84f9e442e6d36c6c3deac9f1bd2b058cda220281af289d", /* 005 */
    "9f5d96e0d9f02bef078f891b99c3b51931fd57edd3488386c863e4cafccec578", /* 006 */
    "3aee17b0f15aa325d6ee0671d2b659b925395d21d039ab6847b150d67b6b85e4", /* 007 */
    "ae731294eb32a950add141de09c146d672a15d39afada37342a4ffc64f5d8c6c", /* 008 */
    "38b6cce4730699e905fe79bce42400c0341211e019861e350eabc5dcdcb0680d", /* 009 */
    "4915996783aed411a4a87c713a7851f9aa18d07ce10f718886866fb464857f8d", /* 010 */
    "a5d2d002480f3966d56b8594a94b55e573f4e1621ece76097ae44ee47d4641fc", /* 011 */
    "a624e583c42c6d841713142134219595595e6be38c50fe576ec23d19c97026c6", /* 012 */
    "8e8b4537b8418dd3c24acec7c6949d5b35dbbe39f8c3304558858c3f49aed424", /* 013 */
    "28baeb24b7ed485636a7b13f319e61eb29cb975586f139cb4413dcca4db7216a", /* 014 */
    "56354c7c9de01280f20b94b4a901501ee34a3f31913e12b20faa1658f8bf060e", /* 015 */
    "70a20fd2a98fe3721a2ae62771cbfddee433926b04af9694c6a2086386c68ea8", /* 016 */
    "0b304bde8c2e8960dcb661386e9d6266d66159e50952c76e961863797da21227", /* 017 */
    "9a98f9930aa82f999e83efba46a39872e4c654877c6a921f2dc221226f0e83dc", /* 018 */
    "52d01ac049fed0c1b02d6325311b20c350ae07a0fc440cdbaedaf39a2ee9a6e3", /* 019 */
    "3be42a4b069abdeef2a7ba2a8abd4806450d758cb7b987f64eb5c8da03de4b67", /* 020 */
    "b3a119d0aaf211bd530273b371615488efc099b51676b97bb0449a25923f1736", /* 021 */
    "9dac01e8842bde3cff1ed7d17d7abc30686f183b1fe03e6a545b2fe1511c7484", /* 022 */
};
#define NRELEASED ((int)(sizeof(released) / sizeof(released[0])))

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The files lib/store/sql/NNN-name.sql hold, one migration each, in order. */
static void test_files(void)
{
	const char *top = getenv("CRM_TOP");
	char dir[4096];
	snprintf(dir, sizeof dir, "%s/lib/store/sql", top && *top ? top : ".");
	DIR *d = opendir(dir);
	ok(d != NULL, "%s can be read (run from the top of the sources or set CRM_TOP)", dir);
	if (!d)
		return;
	char *names[1000];
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL && n < 1000) {
		size_t len = strlen(e->d_name);
		if (len > 4 && !strcmp(e->d_name + len - 4, ".sql"))
			names[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof names[0], by_name);

	is_int(NMIGRATIONS, n, "one migration built for each of the %d files in %s", n, dir);
	int gap = 0;
	for (int i = 0; i < n && !gap; i++) {
		char want[8];
		snprintf(want, sizeof want, "%03d-", i + 1);
		if (strncmp(names[i], want, 4)) {
			gap = 1;
			is_str(names[i], want,
			       "the versions run on from 001 without a gap or a repeat");
		}
	}
	if (!gap)
		ok(1, "the versions run 001 to %03d without a gap or a repeat", n);
	for (int i = 0; i < n; i++)
		free(names[i]);
}

/* crm_fold and crm_key, which the store gives every connection before it migrates. */
struct text_fn {
	char *(*fn)(const char *);
};
static const struct text_fn fold = {crm_fold}, key = {crm_name_key};

static void text_function(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const struct text_fn *f = sqlite3_user_data(ctx);
	const unsigned char *t = sqlite3_value_text(argv[0]);
	if (t)
		sqlite3_result_text(ctx, f->fn((const char *)t), -1, free);
	else
		sqlite3_result_null(ctx);
}

/* Each migration runs as one string on a database the ones before it made. */
static void test_run(void)
{
	sqlite3 *h;
	ok(sqlite3_open(":memory:", &h) == SQLITE_OK, "an empty database");
	sqlite3_create_function(h, "crm_fold", 1, SQLITE_UTF8, (void *)&fold, text_function, NULL,
	                        NULL);
	sqlite3_create_function(h, "crm_key", 1, SQLITE_UTF8, (void *)&key, text_function, NULL,
	                        NULL);
	int failed = 0;
	for (int v = 0; v < NMIGRATIONS && !failed; v++) {
		char *msg = NULL;
		if (!sqlite3_complete(migrations[v])) {
			failed = 1;
			ok(0, "migration %03d ends with a whole statement", v + 1);
		} else if (sqlite3_exec(h, migrations[v], NULL, NULL, &msg) != SQLITE_OK) {
			failed = 1;
			ok(0, "migration %03d runs: %s", v + 1, msg ? msg : "?");
		}
		sqlite3_free(msg);
	}
	if (!failed)
		ok(1, "migrations 001 to %03d run one after the other", NMIGRATIONS);
	sqlite3_close(h);
}

static void test_released(void)
{
	ok(NMIGRATIONS >= NRELEASED, "the %d released migrations are all there", NRELEASED);
	for (int v = 0; v < NMIGRATIONS; v++) {
		struct crm_sha256 c;
		char hex[65];
		crm_sha256_init(&c);
		crm_sha256_update(&c, migrations[v], strlen(migrations[v]));
		crm_sha256_final(&c, hex);
		if (v < NRELEASED)
			is_str(hex, released[v],
			       "migration %03d is the one released (add a new one instead)", v + 1);
		else
			printf("# migration %03d, not released yet: \"%s\"\n", v + 1, hex);
	}
}

int main(void)
{
	test_files();
	test_run();
	test_released();
	return tap_done();
}
