/*
 * sqlite.c - the SQLite driver: the only file of crm that calls sqlite3_*.
 *
 * Each call is the store's driver call (driver.h) in SQLite's terms; what
 * the store does with SQLite's files (WAL, the journal, a read-only disk)
 * it asks in SQL or through open's flags.
 */
#define _POSIX_C_SOURCE 200809L /* strdup */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "store/driver.h"

struct sqlite_stmt {
	struct db_stmt base; /* first: a struct db_stmt * is a struct sqlite_stmt * */
	sqlite3_stmt *st;
};

/* A struct db_conn is the sqlite3 handle itself, and a struct db_blob its blob. */
#define H(c) ((sqlite3 *)(c))
#define B(b) ((sqlite3_blob *)(b))
#define ST(s) (((struct sqlite_stmt *)(s))->st)

static int sq_open(const char *path, int flags, struct db_conn **c)
{
	sqlite3 *h = NULL;
	int how = flags & DB_OPEN_READONLY ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	int rc = sqlite3_open_v2(
	    path, &h, how | SQLITE_OPEN_NOMUTEX | (flags & DB_OPEN_URI ? SQLITE_OPEN_URI : 0),
	    NULL);
	*c = (struct db_conn *)h;
	return rc == SQLITE_OK ? DB_OK : DB_FAIL;
}

static int sq_close(struct db_conn *c)
{
	return sqlite3_close(H(c)) == SQLITE_OK ? DB_OK : DB_FAIL;
}

static void sq_busy_timeout(struct db_conn *c, int ms)
{
	sqlite3_busy_timeout(H(c), ms);
}

static int sq_exec(struct db_conn *c, const char *sql, char **msg)
{
	char *m = NULL;
	int rc = sqlite3_exec(H(c), sql, NULL, NULL, msg ? &m : NULL);
	if (msg)
		*msg = m ? strdup(m) : NULL; /* the store frees it with free() */
	sqlite3_free(m);
	return rc == SQLITE_OK ? DB_OK : DB_FAIL;
}

static const char *sq_errmsg(struct db_conn *c)
{
	return c ? sqlite3_errmsg(H(c)) : "out of memory";
}

static enum db_errcode sq_errcode(struct db_conn *c)
{
	switch (sqlite3_extended_errcode(H(c)) & 0xff) {
	case SQLITE_OK:
	case SQLITE_ROW:
	case SQLITE_DONE:
		return DB_E_NONE;
	case SQLITE_BUSY:
		return DB_E_BUSY;
	case SQLITE_NOTADB:
		return DB_E_NOTADB;
	case SQLITE_READONLY:
		return DB_E_READONLY;
	case SQLITE_CANTOPEN:
		return DB_E_CANTOPEN;
	case SQLITE_IOERR:
		return DB_E_IOERR;
	case SQLITE_FULL:
		return DB_E_FULL;
	default:
		return DB_E_OTHER;
	}
}

static int sq_sys_errno(struct db_conn *c)
{
	return sqlite3_system_errno(H(c));
}

static long long sq_changes(struct db_conn *c)
{
	return sqlite3_changes(H(c));
}

static long long sq_last_id(struct db_conn *c)
{
	return sqlite3_last_insert_rowid(H(c));
}

static int sq_prepare(struct db_conn *c, const char *sql, const char **tail, struct db_stmt **st)
{
	sqlite3_stmt *s = NULL;
	*st = NULL;
	if (sqlite3_prepare_v2(H(c), sql, -1, &s, tail) != SQLITE_OK)
		return DB_FAIL;
	if (!s)
		return DB_OK; /* white space or a comment */
	struct sqlite_stmt *w = malloc(sizeof *w);
	if (!w) {
		sqlite3_finalize(s);
		return DB_FAIL;
	}
	w->base.drv = &db_sqlite_driver;
	w->st = s;
	*st = &w->base;
	return DB_OK;
}

static void sq_finalize(struct db_stmt *st)
{
	sqlite3_finalize(ST(st));
	free(st);
}

static void sq_reset(struct db_stmt *st)
{
	sqlite3_reset(ST(st));
}

static void sq_clear_binds(struct db_stmt *st)
{
	sqlite3_clear_bindings(ST(st));
}

static void sq_bind_int(struct db_stmt *st, int i, long long v)
{
	sqlite3_bind_int64(ST(st), i, v);
}

static void sq_bind_text(struct db_stmt *st, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(ST(st), i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(ST(st), i);
}

static void sq_bind_null(struct db_stmt *st, int i)
{
	sqlite3_bind_null(ST(st), i);
}

static int sq_step(struct db_stmt *st)
{
	int rc = sqlite3_step(ST(st));
	return rc == SQLITE_ROW ? DB_ROW : rc == SQLITE_DONE ? DB_DONE : DB_FAIL;
}

static int sq_columns(struct db_stmt *st)
{
	return sqlite3_column_count(ST(st));
}

static const char *sq_column_name(struct db_stmt *st, int i)
{
	return sqlite3_column_name(ST(st), i);
}

static const char *sq_column_text(struct db_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(ST(st), i);
}

static long long sq_column_int(struct db_stmt *st, int i)
{
	return sqlite3_column_int64(ST(st), i);
}

static int sq_column_is_number(struct db_stmt *st, int i)
{
	int t = sqlite3_column_type(ST(st), i);
	return t == SQLITE_INTEGER || t == SQLITE_FLOAT;
}

static int sq_readonly(struct db_stmt *st)
{
	return sqlite3_stmt_readonly(ST(st));
}

/* ------------------------------------------------------ SQL functions */

/* A data pointer, not a function pointer, is what SQLite carries as user data. */
struct text_fn {
	db_text_fn fn;
};

static void sql_text_function(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const struct text_fn *fn = sqlite3_user_data(ctx);
	const unsigned char *t = sqlite3_value_text(argv[0]);
	if (!t)
		sqlite3_result_null(ctx);
	else
		sqlite3_result_text(ctx, fn->fn((const char *)t), -1, free);
}

static int sq_text_function(struct db_conn *c, const char *name, db_text_fn fn)
{
	struct text_fn *data = malloc(sizeof *data);
	if (!data)
		return DB_FAIL;
	data->fn = fn;
	/* SQLite frees the user data (free) when the function goes with the connection */
	int rc = sqlite3_create_function_v2(H(c), name, 1,
	                                    SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
	                                    data, sql_text_function, NULL, NULL, free);
	return rc == SQLITE_OK ? DB_OK : DB_FAIL;
}

/* ---------------------------------------------------------------- blobs */

static int sq_blob_open(struct db_conn *c, const char *table, const char *column, long long id,
                        int write, struct db_blob **b)
{
	sqlite3_blob *blob = NULL;
	int rc = sqlite3_blob_open(H(c), "main", table, column, id, write, &blob);
	*b = (struct db_blob *)blob;
	return rc == SQLITE_OK ? DB_OK : DB_FAIL;
}

static long long sq_blob_bytes(struct db_blob *b)
{
	return sqlite3_blob_bytes(B(b));
}

static int sq_blob_read(struct db_blob *b, void *buf, int n, long long off)
{
	return sqlite3_blob_read(B(b), buf, n, (int)off) == SQLITE_OK ? DB_OK : DB_FAIL;
}

static int sq_blob_write(struct db_blob *b, const void *buf, int n, long long off)
{
	return sqlite3_blob_write(B(b), buf, n, (int)off) == SQLITE_OK ? DB_OK : DB_FAIL;
}

static void sq_blob_close(struct db_blob *b)
{
	sqlite3_blob_close(B(b));
}

/* --------------------------------------------------------------- backup */

/*
 * The online backup into dest, an empty file: DB_OK, 1 when dest cannot be
 * opened, 2 when the copy failed (*msg says why in both).
 */
static int sq_backup(struct db_conn *c, const char *dest, char **msg)
{
	sqlite3 *to = NULL;
	if (sqlite3_open_v2(dest, &to, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		*msg = strdup(to ? sqlite3_errmsg(to) : "out of memory");
		sqlite3_close(to);
		return 1;
	}
	sqlite3_backup *b = sqlite3_backup_init(to, "main", H(c), "main");
	int rc = b ? sqlite3_backup_step(b, -1) : SQLITE_ERROR;
	if (b)
		sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		*msg = strdup(sqlite3_errmsg(to));
		sqlite3_close(to);
		return 2;
	}
	/* A backup is one file: leave it in rollback-journal mode, not WAL. */
	sqlite3_exec(to, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
	*msg = NULL;
	return sqlite3_close(to) == SQLITE_OK ? DB_OK : 2;
}

const struct db_driver db_sqlite_driver = {
    .name = "sqlite",
    .caps = DB_CAP_BLOB_IO | DB_CAP_BACKUP | DB_CAP_FUNCTIONS,
    .open = sq_open,
    .close = sq_close,
    .busy_timeout = sq_busy_timeout,
    .exec = sq_exec,
    .errmsg = sq_errmsg,
    .errcode = sq_errcode,
    .sys_errno = sq_sys_errno,
    .changes = sq_changes,
    .last_id = sq_last_id,
    .prepare = sq_prepare,
    .finalize = sq_finalize,
    .reset = sq_reset,
    .clear_binds = sq_clear_binds,
    .bind_int = sq_bind_int,
    .bind_text = sq_bind_text,
    .bind_null = sq_bind_null,
    .step = sq_step,
    .columns = sq_columns,
    .column_name = sq_column_name,
    .column_text = sq_column_text,
    .column_int = sq_column_int,
    .column_is_number = sq_column_is_number,
    .readonly = sq_readonly,
    .text_function = sq_text_function,
    .blob_open = sq_blob_open,
    .blob_bytes = sq_blob_bytes,
    .blob_read = sq_blob_read,
    .blob_write = sq_blob_write,
    .blob_close = sq_blob_close,
    .backup = sq_backup,
};
