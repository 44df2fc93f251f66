/*
 * test_driver.c - the SQLite driver under the store, called as the store
 * calls it: statements with bound values and rows, the error of the last
 * call, the functions of ours inside SQL, blobs and the backup.
 */
#define _POSIX_C_SOURCE 200809L

#include "store/driver.h"
#include "tap.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *upper(const char *s)
{
	char *u = strdup(s);
	for (char *p = u; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p -= 32;
	return u;
}

static void statements(const struct db_driver *d, struct db_conn *c)
{
	is_int(d->exec(c, "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, n INTEGER)", NULL),
	       DB_OK, "exec creates a table");
	struct db_stmt *st;
	is_int(d->prepare(c, "INSERT INTO t (name, n) VALUES (?, ?)", NULL, &st), DB_OK,
	       "prepare an insert");
	d->bind_text(st, 1, "García");
	d->bind_int(st, 2, 9007199254740993LL);
	is_int(st_step(st), DB_DONE, "an insert steps to done");
	is_int(d->changes(c), 1, "one row changed");
	is_int(d->last_id(c), 1, "the id it got");
	st_reset(st);
	d->bind_text(st, 1, NULL);
	st_bind_int(st, 2, -1);
	is_int(st_step(st), DB_DONE, "a NULL text binds NULL");
	st_free(st);

	is_int(d->prepare(c, "SELECT id, name, n, upper_of(name) FROM t ORDER BY id", NULL, &st),
	       DB_OK, "prepare a query calling a function of ours");
	is_int(st_columns(st), 4, "four columns");
	is_str(d->column_name(st, 1), "name", "a column's name");
	is_int(st_step(st), DB_ROW, "a row");
	is_str(st_text(st, 1), "García", "text comes back as bound");
	ok(st_int(st, 2) == 9007199254740993LL, "a 64-bit integer comes back whole");
	is_str(st_text(st, 3), "GARCíA", "the function ran on the text");
	ok(d->column_is_number(st, 2) && !d->column_is_number(st, 1), "numbers are told from text");
	is_int(st_step(st), DB_ROW, "the second row");
	ok(st_text(st, 1) == NULL && st_text(st, 3) == NULL, "NULL in, NULL out");
	is_int(st_step(st), DB_DONE, "then done");
	ok(d->readonly(st), "a SELECT writes nothing");
	st_free(st);

	const char *tail = NULL;
	is_int(d->prepare(c, "  -- a comment only", &tail, &st), DB_OK, "a comment prepares");
	ok(st == NULL, "to no statement");
	is_int(d->prepare(c, "SELECT x FROM nowhere", NULL, &st), DB_FAIL, "a bad statement fails");
	ok(strstr(d->errmsg(c), "nowhere") != NULL, "and the message names it: %s", d->errmsg(c));
	is_int(d->errcode(c), DB_E_OTHER, "an error that is not busy nor I/O");
	char *msg = NULL;
	is_int(d->exec(c, "INSERT INTO nowhere VALUES (1)", &msg), DB_FAIL, "exec fails");
	ok(msg && strstr(msg, "nowhere"), "with the message in msg");
	free(msg);
}

static void blobs(const struct db_driver *d, struct db_conn *c)
{
	is_int(d->exec(c,
	               "CREATE TABLE f (id INTEGER PRIMARY KEY, data BLOB);"
	               "INSERT INTO f VALUES (7, zeroblob(6))",
	               NULL),
	       DB_OK, "a zero blob of 6 bytes");
	struct db_blob *b;
	is_int(d->blob_open(c, "f", "data", 7, 1, &b), DB_OK, "blob open for writing");
	is_int(d->blob_write(b, "abc", 3, 0), DB_OK, "write at 0");
	is_int(d->blob_write(b, "def", 3, 3), DB_OK, "write at 3");
	d->blob_close(b);
	is_int(d->blob_open(c, "f", "data", 7, 0, &b), DB_OK, "blob open for reading");
	char buf[7] = "";
	is_int(d->blob_bytes(b), 6, "its size");
	is_int(d->blob_read(b, buf, 6, 0), DB_OK, "read it whole");
	is_str(buf, "abcdef", "the bytes written");
	d->blob_close(b);
	is_int(d->blob_open(c, "f", "data", 8, 0, &b), DB_FAIL, "no such row");
}

static void backup(const struct db_driver *d, struct db_conn *c)
{
	char dir[] = "/tmp/crm-driver.XXXXXX";
	ok(mkdtemp(dir) != NULL, "a folder for the backup");
	char dest[64], *msg = NULL;
	snprintf(dest, sizeof dest, "%s/copy.db", dir);
	is_int(d->backup(c, dest, &msg), 1, "into a file that cannot be opened: 1");
	ok(msg != NULL, "with why: %s", msg ? msg : "(none)");
	free(msg);
	fclose(fopen(dest, "w"));
	is_int(d->backup(c, dest, &msg), DB_OK, "into an empty file");
	struct db_conn *copy;
	is_int(d->open(dest, DB_OPEN_READONLY, &copy), DB_OK, "the copy opens");
	struct db_stmt *st;
	d->prepare(copy, "SELECT count(*) FROM t", NULL, &st);
	is_int(st && st_step(st) == DB_ROW ? st_int(st, 0) : -1, 2, "and holds the rows");
	st_free(st);
	d->close(copy);
	unlink(dest);
	rmdir(dir);
}

int main(void)
{
	const struct db_driver *d = &db_sqlite_driver;
	struct db_conn *c;
	is_int(d->open("/nonexistent/dir/x.db", 0, &c), DB_FAIL, "a missing folder fails");
	is_int(d->errcode(c), DB_E_CANTOPEN, "as cannot open");
	d->close(c);
	is_int(d->open(":memory:", 0, &c), DB_OK, "an in-memory database opens");
	is_int(d->text_function(c, "upper_of", upper), DB_OK, "a function of ours");
	statements(d, c);
	blobs(d, c);
	backup(d, c);
	is_int(d->close(c), DB_OK, "closes");
	return tap_done();
}
