/*
 * driver.h - the seam under the store: what a database engine gives it.
 *
 * The store (db.c, db_entity.c, db_sales.c, db_report.c) speaks SQL through
 * one struct db_driver of function pointers: a connection, prepared
 * statements with bound values and rows of columns, the error of the last
 * call, and the few things only some engines have (streamed blobs, an
 * online backup, functions of ours inside SQL), which caps says.  Only a
 * driver's own file includes the engine's header: store/sqlite.c is the
 * SQLite driver, store/pg.c the PostgreSQL one.
 */
#ifndef CRM_DRIVER_H
#define CRM_DRIVER_H

#include <stddef.h>

struct db_conn; /* a driver's connection */
struct db_blob; /* a driver's open blob */

/* A prepared statement: a driver's own, starting with this header. */
struct db_stmt {
	const struct db_driver *drv;
};

/* What a call gives back: step gives DB_ROW or DB_DONE, anything else is DB_FAIL. */
enum { DB_OK = 0, DB_ROW = 100, DB_DONE = 101, DB_FAIL = 1 };

/* The error of a connection's last call, as the store acts on it. */
enum db_errcode {
	DB_E_NONE,
	DB_E_BUSY,     /* another writer holds the database: wait and retry */
	DB_E_NOTADB,   /* the file is not a database of this engine */
	DB_E_READONLY, /* no write access */
	DB_E_CANTOPEN,
	DB_E_IOERR,
	DB_E_FULL,
	DB_E_OTHER
};

/* How open opens (flags). */
enum {
	DB_OPEN_READONLY = 1,
	DB_OPEN_URI = 2 /* path is a file: URI (an immutable read) */
};

/* What an engine can do beyond statements (caps). */
enum {
	DB_CAP_BLOB_IO = 1,  /* blob_open/read/write: attachments streamed in place */
	DB_CAP_BACKUP = 2,   /* backup: a copy of the live database */
	DB_CAP_FUNCTIONS = 4 /* text_function: crm_fold and crm_key inside SQL */
};

/* A function of ours SQL calls on one text value (NULL in, NULL out). */
typedef char *(*db_text_fn)(const char *);

struct db_driver {
	const char *name;
	unsigned caps;

	/* the connection: 0 or DB_FAIL (*c may be set even then, for errmsg; close it) */
	int (*open)(const char *path, int flags, struct db_conn **c);
	int (*close)(struct db_conn *c);
	/* how long a busy database is waited for, in milliseconds */
	void (*busy_timeout)(struct db_conn *c, int ms);
	/* one or more statements without results; *msg (malloc'd) says why on DB_FAIL */
	int (*exec)(struct db_conn *c, const char *sql, char **msg);

	/* the error of the last call on c */
	const char *(*errmsg)(struct db_conn *c);
	enum db_errcode (*errcode)(struct db_conn *c);
	int (*sys_errno)(struct db_conn *c); /* the system's errno behind an I/O error, or 0 */
	long long (*changes)(struct db_conn *c);
	long long (*last_id)(struct db_conn *c); /* the id the last INSERT gave */

	/*
	 * One statement of sql; *tail (when tail is not NULL) gets where the next
	 * begins.  *st is NULL for text without a statement (white space, a
	 * comment).  0 or DB_FAIL.
	 */
	int (*prepare)(struct db_conn *c, const char *sql, const char **tail, struct db_stmt **st);
	void (*finalize)(struct db_stmt *st);
	void (*reset)(struct db_stmt *st);
	void (*clear_binds)(struct db_stmt *st);
	/* parameters are numbered from 1; a NULL text binds NULL */
	void (*bind_int)(struct db_stmt *st, int i, long long v);
	void (*bind_text)(struct db_stmt *st, int i, const char *v);
	void (*bind_null)(struct db_stmt *st, int i);
	int (*step)(struct db_stmt *st);
	/*
	 * A statement whose rows and count nobody reads, run when the engine
	 * likes: DB_DONE at once, its error (if any) reported by a later call on
	 * the connection, which the store's transaction cannot outlive.  NULL:
	 * step is used.
	 */
	int (*step_later)(struct db_stmt *st);
	/*
	 * The statements step_later runs carry the number last given to tag (the
	 * line of an import); failed_tag gives that of the one whose error the
	 * last call reported, or 0 when the error was the call's own.  Both
	 * NULL with step_later.
	 */
	void (*tag)(struct db_conn *c, long tag);
	long (*failed_tag)(struct db_conn *c);
	int (*columns)(struct db_stmt *st);
	const char *(*column_name)(struct db_stmt *st, int i);
	/* valid until the next step, reset or finalize; NULL for NULL */
	const char *(*column_text)(struct db_stmt *st, int i);
	long long (*column_int)(struct db_stmt *st, int i);
	int (*column_is_number)(struct db_stmt *st, int i);
	int (*readonly)(struct db_stmt *st); /* 1 if the statement writes nothing */

	/* DB_CAP_FUNCTIONS */
	int (*text_function)(struct db_conn *c, const char *name, db_text_fn fn);
	/* DB_CAP_BLOB_IO: column column of row id of table, opened for writing or not */
	int (*blob_open)(struct db_conn *c, const char *table, const char *column, long long id,
	                 int write, struct db_blob **b);
	long long (*blob_bytes)(struct db_blob *b);
	int (*blob_read)(struct db_blob *b, void *buf, int n, long long off);
	int (*blob_write)(struct db_blob *b, const void *buf, int n, long long off);
	void (*blob_close)(struct db_blob *b);
	/* DB_CAP_BACKUP: the whole database copied into the file dest; *msg on DB_FAIL */
	int (*backup)(struct db_conn *c, const char *dest, char **msg);
};

extern const struct db_driver db_sqlite_driver, db_pg_driver;

/* Statement calls through the statement's driver. */
static inline int st_step(struct db_stmt *st)
{
	return st->drv->step(st);
}
static inline void st_reset(struct db_stmt *st)
{
	st->drv->reset(st);
}
static inline void st_clear(struct db_stmt *st)
{
	st->drv->clear_binds(st);
}
static inline void st_free(struct db_stmt *st)
{
	if (st)
		st->drv->finalize(st);
}
static inline void st_bind_int(struct db_stmt *st, int i, long long v)
{
	st->drv->bind_int(st, i, v);
}
static inline void st_bind_null(struct db_stmt *st, int i)
{
	st->drv->bind_null(st, i);
}
static inline int st_columns(struct db_stmt *st)
{
	return st->drv->columns(st);
}
static inline const char *st_text(struct db_stmt *st, int i)
{
	return st->drv->column_text(st, i);
}
static inline long long st_int(struct db_stmt *st, int i)
{
	return st->drv->column_int(st, i);
}

#endif
