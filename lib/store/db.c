/*
 * db.c - the store layer on SQLite: connection, transactions, schema,
 * statements.  SQLite itself is reached through the driver (driver.h, sqlite.c).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "base/i18n.h"
#include "store/db_int.h"
#include "base/sha256.h"

/* ------------------------------------------------------------ migrations */

/*
 * Each entry moves the schema from version i to i+1, run whole by one
 * exec of the driver.  They run forward, in a transaction of their own before the
 * run (migrate_committed); a database newer than the last entry is refused.
 * They are lib/store/sql/NNN-name.sql, made into C strings at build time by
 * lib/store/migrations.sh (HACKING.md, "A migration").
 */
static const char *const migrations[] = {
#include "store/migrations.inc"
};
#define SCHEMA_VERSION ((int)(sizeof(migrations) / sizeof(migrations[0])))

/*
 * A new PostgreSQL database gets lib/store/pg/schema.sql whole, which is
 * the schema at version PG_SCHEMA_BASE; a later version comes in both
 * dialects, its PostgreSQL text in lib/store/pg/sql/NNN-name.sql (HACKING.md,
 * "A migration").
 */
static const char pg_schema[] =
#include "store/pg_schema.inc"
    ;
#define PG_SCHEMA_BASE 20
static const char *const pg_migrations[] = {
#include "store/pg_migrations.inc"
    NULL};
#define PG_SCHEMA_VERSION                                                                          \
	(PG_SCHEMA_BASE + (int)(sizeof(pg_migrations) / sizeof(pg_migrations[0])) - 1)
_Static_assert(PG_SCHEMA_VERSION == SCHEMA_VERSION,
               "each migration of lib/store/sql needs its PostgreSQL one in pg_migrations");

/* ------------------------------------------------------------- dialects */

const struct db_dialect db_sqlite_dialect = {
    .version = "PRAGMA user_version",
    .begin_read = "BEGIN",
    .begin_write = "BEGIN IMMEDIATE",
    .defer_keys = "PRAGMA defer_foreign_keys = ON",
    .column = "SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2",
    .queue = "CREATE TEMP TABLE IF NOT EXISTS dirty ("
             "entity TEXT NOT NULL, id INTEGER NOT NULL,"
             " fresh INTEGER NOT NULL, PRIMARY KEY (entity, id))"
             " WITHOUT ROWID",
    .match = "%s MATCH ?",
    .words = "crm_fold(%s)",
    .find = "instr",
    .tag_list = "(SELECT group_concat(tag, ',') FROM (SELECT tag FROM tag WHERE %s ORDER BY tag))",
    .next_id = "max(coalesce((SELECT max(id) FROM \"%s\"), 0),"
               " coalesce((SELECT high FROM id_mark WHERE entity = '%s'), 0)) + 1",
    .local_day = "(CASE WHEN length(%s) > 10 THEN date(%s, 'localtime') ELSE %s END)",
    .week = "date(%s, '-6 days', 'weekday 1')",
    .not_number = "%s GLOB '*[^0-9]*'",
};

/*
 * On PostgreSQL a writer takes an advisory lock for its transaction, which
 * BEGIN IMMEDIATE is on SQLite: writers run one at a time, each seeing what
 * the one before committed.  The lock is the schema's, so that two crm
 * databases in the schemas of one server database do not wait on each other.
 */
const struct db_dialect db_pg_dialect = {
    .version = "SELECT max(version) FROM crm_schema",
    /* a reader sees one moment, as on SQLite; a writer reads what the one
       before it committed, which its snapshot would hide */
    .begin_read = "BEGIN ISOLATION LEVEL REPEATABLE READ",
    .begin_write = "BEGIN; SELECT pg_advisory_xact_lock(7499629, hashtext(current_schema()))",
    .defer_keys = "SET CONSTRAINTS ALL DEFERRED",
    .column = "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema()"
              " AND table_name = ?1 AND column_name = ?2",
    .queue = "CREATE TEMP TABLE IF NOT EXISTS dirty ("
             "entity TEXT NOT NULL, id BIGINT NOT NULL,"
             " fresh INTEGER NOT NULL, PRIMARY KEY (entity, id))",
    .match = "to_tsvector('simple', body) @@ to_tsquery('simple', ?)",
    .words = "crm_words(%s)",
    .find = "strpos",
    .tag_list = "(SELECT string_agg(tag, ',' ORDER BY tag COLLATE \"C\") FROM tag WHERE %s)",
    /* past the rows the session may not see too */
    .next_id = "crm_next_id('%s')",
    /* the session's time zone is the user's (configure_pg) */
    .local_day = "(CASE WHEN length(%s) > 10"
                 " THEN to_char(CAST(%s AS timestamptz), 'YYYY-MM-DD') ELSE %s END)",
    .week = "to_char(date_trunc('week', CAST(%s AS date)), 'YYYY-MM-DD')",
    .not_number = "%s ~ '[^0-9]'",
    .server = 1,
};

/* ------------------------------------------------------------- helpers */

/*
 * SQLite's message, and for an I/O failure the system's reason: "disk I/O
 * error" alone does not say that the disk is full.
 */
static char *store_message(struct crm_db *db, const char *msg)
{
	enum db_errcode code = db->drv->errcode(db->h);
	int sys = db->drv->sys_errno(db->h);
	/* growing the shared-memory index leaves no errno: look at the disk itself */
	struct statvfs fs;
	if (code == DB_E_IOERR && !sys && !db->sql->server && statvfs(db->path, &fs) == 0 &&
	    fs.f_bavail == 0)
		sys = ENOSPC;
	if ((code == DB_E_IOERR || code == DB_E_FULL || code == DB_E_CANTOPEN) && sys)
		return crm_xasprintf("%s (%s)", msg, strerror(sys));
	return crm_xstrdup(msg);
}

void db_fail(struct crm_db *db, const char *what)
{
	/* the error of a write sent earlier, not of the call that heard of it */
	if (db_error_row(db))
		what = "write";
	char *msg = store_message(db, db->drv->errmsg(db->h));
	free(db->err);
	db->err = crm_xasprintf("%s: %s", what, msg);
	free(msg);
}

const char *db_error(struct crm_db *db)
{
	return db->err ? db->err : "unknown database error";
}

int db_exec(struct crm_db *db, const char *sql)
{
	char *msg = NULL;
	if (db->drv->exec(db->h, sql, &msg) != DB_OK) {
		free(db->err);
		db->err = store_message(db, msg ? msg : db->drv->errmsg(db->h));
		free(msg);
		return -1;
	}
	return 0;
}

/*
 * Prepared statements are cached by their text for the life of the handle:
 * a verb that runs the same statement per record pays for parsing once.
 */
struct db_stmt *db_prepare(struct crm_db *db, const char *sql)
{
	for (int i = 0; i < db->ncache; i++)
		if (!strcmp(db->cache[i].sql, sql)) {
			st_reset(db->cache[i].st);
			st_clear(db->cache[i].st);
			return db->cache[i].st;
		}
	struct db_stmt *st;
	if (db->drv->prepare(db->h, sql, NULL, &st) != DB_OK) {
		db_fail(db, "prepare");
		return NULL;
	}
	if (db->ncache == DB_CACHE_MAX) {
		st_free(db->cache[0].st);
		free(db->cache[0].sql);
		memmove(db->cache, db->cache + 1, sizeof(db->cache[0]) * (DB_CACHE_MAX - 1));
		db->ncache--;
	}
	db->cache[db->ncache].sql = crm_xstrdup(sql);
	db->cache[db->ncache].st = st;
	db->ncache++;
	return st;
}

void db_bind_text(struct db_stmt *st, int i, const char *v)
{
	st->drv->bind_text(st, i, v);
}

/* Steps a statement that returns no rows we need; 0 or -1. */
int db_step_done(struct crm_db *db, struct db_stmt *st, const char *what)
{
	int rc = st_step(st);
	while (rc == DB_ROW)
		rc = st_step(st);
	st_reset(st);
	if (rc != DB_DONE) {
		db_fail(db, what);
		return -1;
	}
	return 0;
}

int db_step_later(struct crm_db *db, struct db_stmt *st, const char *what)
{
	/* a row in a savepoint of its own learns of its errors before it ends */
	if (!db->drv->step_later || db->in_savepoint)
		return db_step_done(db, st, what);
	int rc = db->drv->step_later(st);
	st_reset(st);
	if (rc != DB_DONE) {
		db_fail(db, what);
		return -1;
	}
	return 0;
}

void db_set_row(struct crm_db *db, long row)
{
	if (db->drv->tag)
		db->drv->tag(db->h, row);
}

long db_error_row(struct crm_db *db)
{
	return db->drv->failed_tag ? db->drv->failed_tag(db->h) : 0;
}

void db_fill(struct crm_buf *b, const char *tmpl, const char *arg)
{
	for (const char *p; (p = strstr(tmpl, "%s")) != NULL; tmpl = p + 2) {
		crm_buf_printf(b, "%.*s", (int)(p - tmpl), tmpl);
		crm_buf_puts(b, arg);
	}
	crm_buf_puts(b, tmpl);
}

long long db_step_id(struct crm_db *db, struct db_stmt *st, const char *what)
{
	long long id = st_step(st) == DB_ROW ? st_int(st, 0) : 0;
	if (id && db_step_done(db, st, what) < 0)
		return 0;
	if (!id) {
		st_reset(st);
		db_fail(db, what);
	}
	return id;
}

char *db_column_dup(struct db_stmt *st, int i)
{
	const char *t = st_text(st, i);
	return t ? crm_xstrdup(t) : NULL;
}

long db_rows(struct crm_db *db, const char *sql, const struct binds *bv, db_rows_fn fn, void *ctx)
{
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return -1;
	db_bind_all(st, bv);
	int n = st_columns(st), rc;
	const char **vals = crm_xcalloc(n ? n : 1, sizeof *vals);
	long seen = 0;
	while ((rc = st_step(st)) == DB_ROW) {
		for (int i = 0; i < n; i++)
			vals[i] = st_text(st, i);
		seen++;
		if (fn && fn(ctx, vals, n)) {
			rc = DB_DONE;
			break;
		}
	}
	free(vals);
	st_reset(st);
	if (rc != DB_DONE) {
		db_fail(db, "report");
		return -1;
	}
	return seen;
}

/* ------------------------------------------------------------ opening */

char *db_default_path(void)
{
	const char *env = getenv("CRM_DB");
	if (env && *env)
		return crm_xstrdup(env);
	const char *xdg = getenv("XDG_DATA_HOME");
	if (xdg && *xdg)
		return crm_xasprintf("%s/crm/crm.db", xdg);
	const char *home = getenv("HOME");
	return crm_xasprintf("%s/.local/share/crm/crm.db", home && *home ? home : ".");
}

/* mkdir -p of the directory holding path; new directories are 0700. */
static int make_parent_dirs(const char *path)
{
	char *dir = crm_xstrdup(path);
	char *slash = strrchr(dir, '/');
	int rc = 0;
	if (slash && slash != dir) {
		*slash = '\0';
		for (char *p = dir + 1; *p && rc == 0; p++) {
			if (*p != '/')
				continue;
			*p = '\0';
			if (mkdir(dir, 0700) < 0 && errno != EEXIST)
				rc = -1;
			*p = '/';
		}
		if (rc == 0 && mkdir(dir, 0700) < 0 && errno != EEXIST)
			rc = -1;
	}
	free(dir);
	return rc;
}

/* Creates the file 0600 before SQLite does, so personal data is never world-readable. */
static int create_private_file(const char *path)
{
	/* an existing file is only opened by SQLite: it may be read-only, or not ours */
	int fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
	if (fd < 0)
		return errno == EEXIST ? 0 : -1;
	close(fd);
	return 0;
}

static int busy_timeout_ms(void)
{
	const char *env = getenv("CRM_BUSY_TIMEOUT");
	if (env && *env) {
		char *end;
		double secs = strtod(env, &end);
		if (*end == '\0' && secs >= 0 && secs < 86400)
			return (int)(secs * 1000);
		crm_warn(_("CRM_BUSY_TIMEOUT: not a number of seconds '%s'; using 5"), env);
	}
	return 5000;
}

/* A PostgreSQL database's schema made or brought up to date: 0 or -1. */
static int migrate_pg(struct crm_db *db, int version)
{
	if (version == 0 && db_exec(db, pg_schema) < 0)
		return -1;
	for (int v = version ? version : PG_SCHEMA_BASE; v < PG_SCHEMA_VERSION; v++) {
		char sql[64];
		snprintf(sql, sizeof sql, "UPDATE crm_schema SET version = %d", v + 1);
		if (db_exec(db, pg_migrations[v - PG_SCHEMA_BASE]) < 0 || db_exec(db, sql) < 0)
			return -1;
	}
	return 0;
}

static int migrate(struct crm_db *db)
{
	int version = db_schema_version(db);
	if (version < 0)
		return -1;
	if (version > SCHEMA_VERSION) {
		free(db->err);
		db->err = crm_xasprintf(_("database schema version %d is newer than this program "
		                          "understands (%d); upgrade crm"),
		                        version, SCHEMA_VERSION);
		return -1;
	}
	if (db->sql->server)
		return migrate_pg(db, version);
	for (int v = version; v < SCHEMA_VERSION; v++) {
		if (db_exec(db, migrations[v]) < 0)
			return -1;
		char sql[64];
		snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v + 1);
		if (db_exec(db, sql) < 0)
			return -1;
	}
	return 0;
}

/* A PostgreSQL database without crm's tables yet: 1, else 0; -1 on error. */
static int pg_empty(struct crm_db *db)
{
	struct db_stmt *st = db_prepare(db, "SELECT to_regclass('crm_schema') IS NULL");
	if (!st)
		return -1;
	int empty = st_step(st) == DB_ROW ? !strcmp(st_text(st, 0), "t") : -1;
	st_reset(st);
	return empty;
}

int db_schema_version(struct crm_db *db)
{
	if (db->sql->server) {
		int empty = pg_empty(db);
		if (empty)
			return empty < 0 ? -1 : 0;
	}
	struct db_stmt *st = db_prepare(db, db->sql->version);
	if (!st)
		return -1;
	int v = st_step(st) == DB_ROW ? (int)st_int(st, 0) : -1;
	st_reset(st);
	return v;
}

/*
 * An SQLite file with tables of its own and no crm schema version belongs to
 * another program: crm must not turn it to WAL or add its tables to it.
 */
static int refuse_foreign_pg(struct crm_db *db)
{
	struct db_stmt *st = db_prepare(db, "SELECT to_regclass('crm_schema') IS NULL AND EXISTS"
	                                    " (SELECT 1 FROM pg_tables"
	                                    " WHERE schemaname = current_schema())");
	if (!st || st_step(st) != DB_ROW) {
		db_fail(db, "open");
		return -1;
	}
	int foreign = !strcmp(st_text(st, 0), "t");
	st_reset(st);
	if (foreign) {
		free(db->err);
		db->err = crm_xstrdup(_("not a crm database (a PostgreSQL schema with tables of "
		                        "its own); left as it is"));
		return -1;
	}
	return 0;
}

static int refuse_foreign(struct crm_db *db)
{
	if (db->sql->server)
		return refuse_foreign_pg(db);
	struct db_stmt *st = db_prepare(db, "SELECT (SELECT user_version FROM pragma_user_version),"
	                                    " (SELECT count(*) FROM sqlite_master)");
	if (!st || st_step(st) != DB_ROW) {
		free(db->err);
		db->err = db->drv->errcode(db->h) == DB_E_NOTADB
		              ? crm_xstrdup(_("not a database (nor a crm one); left as it is"))
		              : store_message(db, db->drv->errmsg(db->h));
		return -1;
	}
	int foreign = (int)st_int(st, 0) == 0 && (int)st_int(st, 1) > 0;
	st_reset(st);
	if (foreign) {
		free(db->err);
		db->err =
		    crm_xstrdup(_("not a crm database (an SQLite file with tables of its own); "
		                  "left as it is"));
		return -1;
	}
	return 0;
}

/*
 * WAL, once for a database's life.  Turning it on takes the file for itself
 * for a moment, and SQLite does not wait for that lock as it does for
 * others: when many commands open a new database at once, one can find it
 * taken.  So it asks first (most opens find WAL on already) and retries
 * within the busy timeout.
 */
static int ensure_wal(struct crm_db *db)
{
	struct db_stmt *st = db_prepare(db, "PRAGMA journal_mode");
	if (!st)
		return -1;
	int wal = st_step(st) == DB_ROW && !strcmp(st_text(st, 0), "wal");
	st_reset(st);
	for (int waited = 0; !wal; waited += 10) {
		if (db->drv->exec(db->h, "PRAGMA journal_mode = WAL", NULL) == DB_OK)
			break;
		if (db->drv->errcode(db->h) != DB_E_BUSY || waited >= busy_timeout_ms()) {
			db_fail(db, "journal mode");
			return -1;
		}
		usleep(10000);
	}
	return 0;
}

/*
 * The user's time zone, as SQLite's 'localtime' takes it: $TZ, else the
 * system's (/etc/localtime names it); NULL when neither says.
 */
static char *user_time_zone(void)
{
	const char *tz = getenv("TZ");
	if (tz && *tz)
		return crm_xstrdup(tz + (*tz == ':'));
	char link[512];
	ssize_t n = readlink("/etc/localtime", link, sizeof link - 1);
	if (n <= 0)
		return NULL;
	link[n] = '\0';
	const char *zone = strstr(link, "zoneinfo/");
	return zone ? crm_xstrdup(zone + 9) : NULL;
}

/*
 * A server's session counts days where the user is, as SQLite does: the
 * reports' local days are the server's to compute there.  A zone the
 * server does not know is said, and UTC used.
 */
static int configure_pg(struct crm_db *db)
{
	char *tz = user_time_zone();
	if (!tz)
		return 0;
	struct db_stmt *st = db_prepare(db, "SELECT set_config('TimeZone', ?, false)"
	                                    " WHERE EXISTS (SELECT 1 FROM pg_timezone_names"
	                                    " WHERE name = ?1) OR ?1 ~ '^[A-Z]+[-+]?[0-9]*$'");
	if (!st) {
		free(tz);
		return -1;
	}
	db_bind_text(st, 1, tz);
	int rc = st_step(st);
	if (rc == DB_DONE)
		crm_warn(_("TZ: the server knows no time zone '%s'; days are counted in UTC"), tz);
	st_reset(st);
	free(tz);
	return rc == DB_ROW || rc == DB_DONE ? 0 : (db_fail(db, "time zone"), -1);
}

static int configure(struct crm_db *db, enum db_mode mode)
{
	db->drv->busy_timeout(db->h, busy_timeout_ms());
	if (refuse_foreign(db) < 0)
		return -1;
	/* a server has no pragmas and its own functions; crm sql's read-only
	   sessions are the driver's */
	if (db->sql->server)
		return configure_pg(db);
	/* crm_fold(x), the accent- and case-insensitive form filters compare, and
	   crm_key(x), the key names are found by */
	if (db->drv->text_function(db->h, "crm_fold", crm_fold) != DB_OK ||
	    db->drv->text_function(db->h, "crm_key", crm_name_key) != DB_OK) {
		db_fail(db, "open");
		return -1;
	}
	if (mode == DB_SQL)
		return db_exec(db, "PRAGMA query_only = 1; PRAGMA foreign_keys = ON");
	if (ensure_wal(db) < 0)
		return -1;
	/* a bigger page cache keeps bulk writes off the disk until commit; readers
	   stream and keep SQLite's small default, so memory stays flat */
	return db_exec(db, mode == DB_WRITE || mode == DB_WRITE_LATER
	                       ? "PRAGMA synchronous = FULL;"
	                         "PRAGMA cache_size = -32768; PRAGMA foreign_keys = ON"
	                       : "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON");
}

/* Begins a transaction: the run's one, or the one migrations and a refold commit before it. */
static int begin_tx(struct crm_db *db, int writes)
{
	if (db_exec(db, writes ? db->sql->begin_write : db->sql->begin_read) < 0) {
		if (db->drv->errcode(db->h) == DB_E_BUSY) {
			free(db->err);
			db->err = crm_xstrdup(_("database is locked by another writer; try again "
			                        "(or raise CRM_BUSY_TIMEOUT)"));
		}
		return -1;
	}
	db->in_tx = 1;
	return 0;
}

/*
 * Migrations commit on their own, before the run: a run that fails and rolls
 * back must not leave a database without its schema.
 */
static int migrate_committed(struct crm_db *db)
{
	if (begin_tx(db, 1) < 0)
		return -1;
	if (migrate(db) < 0)
		return -1; /* db_close rolls back */
	db->in_tx = 0;
	return db_exec(db, "COMMIT");
}

/*
 * The fold that makes the stored name keys (label_key) and search entries.
 * Raise it whenever crm_fold or crm_name_key would give another result for
 * text already stored: databases then get their keys made again on open.
 * A newer utf8proc needs no raise: Unicode keeps the normalisation and case
 * folding of assigned characters stable.
 */
#define FOLD_VERSION 1

/* The fold version the database's keys were made with, or -1. */
static int stored_fold_version(struct crm_db *db)
{
	struct db_stmt *st = db_prepare(db, "SELECT max(version) FROM fold_version");
	if (!st)
		return -1;
	int v = st_step(st) == DB_ROW ? (int)st_int(st, 0) : -1;
	st_reset(st);
	return v;
}

/*
 * Keys made by another fold are made again, committed on their own before
 * the run as migrations are.  Checked again once the write lock is held:
 * another command may have done it meanwhile.
 */
static int refold_committed(struct crm_db *db)
{
	int v = stored_fold_version(db);
	if (v < 0)
		return -1;
	if (v == FOLD_VERSION)
		return 0;
	if (begin_tx(db, 1) < 0)
		return -1;
	v = stored_fold_version(db);
	if (v < 0)
		return -1; /* db_close rolls back */
	if (v != FOLD_VERSION) {
		char sql[64];
		snprintf(sql, sizeof sql, "UPDATE fold_version SET version = %d", FOLD_VERSION);
		if (db_refold(db) < 0 || db_exec(db, sql) < 0)
			return -1;
	}
	db->in_tx = 0;
	return db_exec(db, "COMMIT");
}

/* The search queue exists before any savepoint, so none can take it away. */
static int make_search_queue(struct crm_db *db)
{
	return db_exec(db, db->sql->queue);
}

/* The run's one transaction: BEGIN IMMEDIATE for writers, so they queue, not fail. */
static int begin(struct crm_db *db, enum db_mode mode)
{
	int version = db_schema_version(db);
	if (version < 0)
		return -1;
	if (version > SCHEMA_VERSION || (mode == DB_SQL && version != SCHEMA_VERSION)) {
		free(db->err);
		db->err =
		    version > SCHEMA_VERSION
		        ? crm_xasprintf(_("database schema version %d is newer than this "
		                          "program understands (%d); upgrade crm"),
		                        version, SCHEMA_VERSION)
		        : crm_xasprintf(_("database schema version %d is not %d; run 'crm init'"),
		                        version, SCHEMA_VERSION);
		return -1;
	}
	if (version < SCHEMA_VERSION && migrate_committed(db) < 0)
		return -1;
	if (mode != DB_SQL && refold_committed(db) < 0)
		return -1;
	if (begin_tx(db, mode == DB_WRITE) < 0)
		return -1;
	return mode == DB_WRITE ? make_search_queue(db) : 0;
}

const char *db_name(struct crm_db *db)
{
	return db->name;
}

const char *db_file(struct crm_db *db)
{
	return db && !db->sql->server ? db->path : NULL;
}

int db_idle(struct crm_db *db)
{
	if (!db->in_tx)
		return 0;
	if (db->mode == DB_WRITE && (db_flush_index(db) < 0 || db_bulk_end(db) < 0))
		return -1;
	db->in_tx = 0;
	return db_exec(db, "COMMIT");
}

int db_write_now(struct crm_db *db)
{
	if (db->mode == DB_WRITE && db->in_tx)
		return 0;
	if (db_idle(db) < 0 || begin_tx(db, 1) < 0)
		return -1;
	db->mode = DB_WRITE;
	return make_search_queue(db);
}

/* Finalizes the cached statements and closes the connection: 0 or -1. */
static int close_handle(struct crm_db *db)
{
	for (int i = 0; i < db->ncache; i++) {
		st_free(db->cache[i].st);
		free(db->cache[i].sql);
	}
	db->ncache = 0;
	if (db->drv->close(db->h) != DB_OK)
		return -1;
	db->h = NULL;
	return 0;
}

/* "file:PATH?immutable=1", PATH escaped as a URI needs. */
static char *immutable_uri(const char *path)
{
	struct crm_buf b = CRM_BUF_INIT;
	crm_buf_puts(&b, "file:");
	for (const char *p = path; *p; p++)
		if (*p == '%' || *p == '?' || *p == '#')
			crm_buf_printf(&b, "%%%02X", (unsigned char)*p);
		else
			crm_buf_putc(&b, *p);
	crm_buf_puts(&b, "?immutable=1");
	return crm_buf_detach(&b);
}

/* Opens db->path and begins the run: 0; 1 failed (db->err); 2 could not open at all. */
static int open_handle(struct crm_db *db, enum db_mode how, int immutable)
{
	int flags = (how == DB_SQL ? DB_OPEN_READONLY : 0) | (immutable ? DB_OPEN_URI : 0);
	char *uri = immutable ? immutable_uri(db->path) : NULL;
	int rc = db->drv->open(uri ? uri : db->path, flags, &db->h);
	free(uri);
	if (rc != DB_OK) {
		free(db->err);
		db->err = crm_xstrdup(db->drv->errmsg(db->h));
		return 2;
	}
	return configure(db, how) < 0 || begin(db, how) < 0 ? 1 : 0;
}

int db_create(const char *path, int dirs, char **err)
{
	*err = NULL;
	if ((dirs && make_parent_dirs(path) < 0) || create_private_file(path) < 0) {
		*err = crm_xasprintf(_("cannot create database '%s': %s"), path, strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * What is at path may be opened as a database: a regular file.  Anything
 * else (a directory, /dev/null, a FIFO) is refused before SQLite opens it,
 * since SQLite would write its journal beside it; a missing file is never
 * created here, so that a mistyped path fails loudly instead of giving an
 * empty database.
 */
static int openable(const char *path, char **err)
{
	struct stat sb;
	if (stat(path, &sb) < 0) {
		*err =
		    errno == ENOENT
		        ? crm_xasprintf(_("no database at %s (crm init creates one)"), path)
		        : crm_xasprintf(_("cannot open database '%s': %s"), path, strerror(errno));
		return -1;
	}
	if (!S_ISREG(sb.st_mode)) {
		*err = crm_xasprintf(_("cannot open database '%s': not a regular file"), path);
		return -1;
	}
	return 0;
}

int db_is_server(const char *path)
{
	if (!strncmp(path, "postgresql://", 13) || !strncmp(path, "postgres://", 11))
		return 1;
	/* key=value words: the first word a keyword, as libpq's are */
	size_t n = strspn(path, "abcdefghijklmnopqrstuvwxyz_");
	size_t blanks = strspn(path + n, " \t");
	return n > 0 && path[n + blanks] == '=';
}

/*
 * A connection string as messages show it: a password in it, in a URI's
 * user:password@ or as password=..., becomes ***.
 */
static char *server_name(const char *conninfo)
{
	struct crm_buf b = CRM_BUF_INIT;
	const char *p = conninfo;
	const char *scheme = strstr(p, "://");
	if (scheme && !strncmp(p, "postgres", 8)) {
		const char *auth = scheme + 3;
		const char *end = auth + strcspn(auth, "/?#");
		const char *at = memchr(auth, '@', (size_t)(end - auth));
		const char *colon = at ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
		if (colon) {
			crm_buf_printf(&b, "%.*s:***", (int)(colon - p), p);
			p = at;
		}
	}
	for (const char *q; (q = strstr(p, "password=")) != NULL; p = q + strcspn(q, " &")) {
		crm_buf_printf(&b, "%.*spassword=***", (int)(q - p), p);
	}
	crm_buf_puts(&b, p);
	return crm_buf_detach(&b);
}

/* A handle not yet open on path, on the engine of drv; name is how messages call it. */
static struct crm_db *new_handle(const struct db_driver *drv, const struct db_dialect *sql,
                                 const char *path, char *name, enum db_mode mode)
{
	struct crm_db *db = crm_xcalloc(1, sizeof *db);
	db->drv = drv;
	db->sql = sql;
	db->path = crm_xstrdup(path);
	db->name = name;
	db->mode = mode;
	return db;
}

/* The handle, or NULL with *err set and the handle closed when open_handle gave rc. */
static struct crm_db *opened(struct crm_db *db, int rc, char **err)
{
	if (!rc)
		return db;
	*err = rc == 2 ? crm_xasprintf(_("cannot open database '%s': %s"), db->name, db_error(db))
	               : crm_xasprintf("%s: %s", db->name, db_error(db));
	db_close(db, 0);
	return NULL;
}

struct crm_db *db_open(const char *path, enum db_mode mode, char **err)
{
	*err = NULL;
	if (db_is_server(path)) {
		struct crm_db *db =
		    new_handle(&db_pg_driver, &db_pg_dialect, path, server_name(path), mode);
		return opened(db, open_handle(db, mode, 0), err);
	}
	if (openable(path, err) < 0)
		return NULL;
	/* a database we may not write still serves reads; a write is refused up front */
	int writable = access(path, W_OK) == 0;
	if (!writable && (mode == DB_WRITE || mode == DB_WRITE_LATER)) {
		*err = crm_xasprintf(_("cannot write database '%s': %s (nothing written)"), path,
		                     strerror(errno));
		return NULL;
	}
	/* read-only, a reader opens as crm sql does: no migration, no journal change */
	enum db_mode how = writable ? mode : DB_SQL;
	struct crm_db *db =
	    new_handle(&db_sqlite_driver, &db_sqlite_dialect, path, crm_xstrdup(path), mode);
	int rc = open_handle(db, how, 0);
	/*
	 * A WAL database on a read-only disk or directory has no shared-memory
	 * file and cannot get one: SQLite reads it only as immutable, which is
	 * safe there, since nobody can write it either.
	 */
	enum db_errcode code = rc == 1 ? db->drv->errcode(db->h) : DB_E_NONE;
	if (!writable && (code == DB_E_READONLY || code == DB_E_CANTOPEN)) {
		close_handle(db);
		db->in_tx = 0;
		rc = open_handle(db, how, 1);
	}
	return opened(db, rc, err);
}

static void free_schemas(struct crm_db *db)
{
	for (int i = 0; i < db->nschemas; i++) {
		struct crm_schema *s = &db->schemas[i];
		for (int f = 0; f < s->nfields; f++) {
			if (!(s->fields[f].flags & CRM_F_CUSTOM))
				continue;
			free((char *)s->fields[f].name);
			free((char *)s->fields[f].choices);
		}
		free(s->fields);
		free(db->insert_sql[i]);
		db->insert_sql[i] = NULL;
		free(db->get_sql[i]);
		db->get_sql[i] = NULL;
	}
	db->nschemas = 0;
	crm_strv_release(&db->customs);
	db->customs_known = 0;
}

int db_commit_ready(struct crm_db *db)
{
	if (!db->in_tx || db->mode == DB_SQL)
		return 0;
	return db_flush_index(db) < 0 || db_bulk_end(db) < 0 ? -1 : 0;
}

int db_close(struct crm_db *db, int commit)
{
	if (!db)
		return 0;
	int rc = 0;
	if (db->in_tx) {
		if (commit &&
		    (db_flush_index(db) < 0 || db_bulk_end(db) < 0 || db_exec(db, "COMMIT") < 0)) {
			crm_warn(_("%s: commit failed, nothing written: %s"), db->name,
			         db_error(db));
			rc = -1;
		}
		if (!commit || rc < 0)
			db->drv->exec(db->h, "ROLLBACK", NULL);
	}
	if (close_handle(db) < 0) {
		crm_warn(_("%s: close failed: %s"), db->name, db->drv->errmsg(db->h));
		rc = -1;
	}
	free_schemas(db);
	crm_strv_release(&db->bulk);
	free(db->path);
	free(db->name);
	free(db->err);
	free(db->who);
	free(db->command);
	free(db);
	return rc;
}

/* -------------------------------------------------------------- schema */

static const char *const type_names[] = {
    [CRM_T_ID] = "id",       [CRM_T_TEXT] = "text",     [CRM_T_EMAIL] = "email",
    [CRM_T_PHONE] = "phone", [CRM_T_URL] = "url",       [CRM_T_DATE] = "date",
    [CRM_T_MONEY] = "money", [CRM_T_WHEN] = "when",     [CRM_T_TIMESTAMP] = "timestamp",
    [CRM_T_BOOL] = "bool",   [CRM_T_NUMBER] = "number", [CRM_T_CHOICE] = "choice",
    [CRM_T_REF] = "ref",     [CRM_T_TAGS] = "tags",
};

const char *crm_type_name(enum crm_type t)
{
	return type_names[t];
}

int crm_type_parse(const char *name)
{
	for (int t = 0; t < (int)(sizeof type_names / sizeof type_names[0]); t++)
		if (!strcasecmp(type_names[t], name))
			return t;
	return -1;
}

/* Custom fields go before the trailer (owner, tags, notes, created, updated). */
#define TRAILER 5

/* 1 if entity has custom fields: one query for every entity, most have none. */
static int has_custom_fields(struct crm_db *db, const char *entity)
{
	if (!db->customs_known) {
		struct db_stmt *st = db_prepare(db, "SELECT DISTINCT entity FROM custom_field");
		if (!st)
			return 1; /* the query per entity says why */
		while (st_step(st) == DB_ROW)
			crm_strv_push(&db->customs, st_text(st, 0));
		st_reset(st);
		db->customs_known = 1;
	}
	for (int i = 0; i < db->customs.n; i++)
		if (!strcmp(db->customs.v[i], entity))
			return 1;
	return 0;
}

static void load_custom_fields(struct crm_db *db, struct crm_schema *s)
{
	if (!has_custom_fields(db, s->ent->name))
		return;
	struct db_stmt *st = db_prepare(
	    db, "SELECT name, type, choices FROM custom_field WHERE entity = ? ORDER BY rowid");
	if (!st)
		return;
	db_bind_text(st, 1, s->ent->name);
	while (st_step(st) == DB_ROW) {
		int type = crm_type_parse(st_text(st, 1));
		if (type < 0)
			continue;
		s->fields = crm_xrealloc(s->fields, sizeof(*s->fields) * (s->nfields + 1));
		int at = s->nfields - TRAILER;
		memmove(&s->fields[at + 1], &s->fields[at], sizeof(*s->fields) * TRAILER);
		s->fields[at] = (struct crm_field){
		    .name = db_column_dup(st, 0),
		    .type = type,
		    .flags = CRM_F_CUSTOM | (type == CRM_T_TEXT ? CRM_F_SEARCH : 0),
		    .choices = db_column_dup(st, 2),
		    .help = "custom field",
		};
		s->nfields++;
	}
	st_reset(st);
}

const struct crm_schema *db_schema(struct crm_db *db, const struct crm_entity *ent)
{
	for (int i = 0; i < db->nschemas; i++)
		if (db->schemas[i].ent == ent)
			return &db->schemas[i];
	if (db->nschemas == DB_MAX_ENTITIES)
		crm_die(CRM_EXIT_DB, _("too many entities"));
	struct crm_schema *s = &db->schemas[db->nschemas++];
	s->ent = ent;
	s->nfields = ent->nfields;
	s->fields = crm_xmalloc(sizeof(*s->fields) * ent->nfields);
	memcpy(s->fields, ent->fields, sizeof(*s->fields) * ent->nfields);
	load_custom_fields(db, s);
	return s;
}

static int valid_field_name(const char *name)
{
	if (!(*name >= 'a' && *name <= 'z') || strlen(name) > 32)
		return 0;
	for (const char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
			return 0;
	size_t n = strlen(name);
	/* segment=NAME is the filter term of saved filters */
	return !(n > 4 && !strcmp(name + n - 4, "_key")) && strcmp(name, "deleted") &&
	       strcmp(name, "segment");
}

/*
 * A choice field's values, as they are kept: a comma-separated list of
 * names, none twice (values match in any case and accent) and none starting
 * with '@', which names a list the database keeps.  NULL when fine.
 */
static char *choices_problem(const char *choices)
{
	struct crm_strv v = CRM_STRV_INIT, folded = CRM_STRV_INIT;
	char *err = NULL;
	/* item by item, the empty ones too: crm_strv_split would drop those */
	for (const char *p = choices, *end;; p = end + 1) {
		end = p + strcspn(p, ",");
		crm_strv_push_owned(&v, crm_xstrndup(p, end - p));
		if (!*end)
			break;
	}
	for (int i = 0; !err && i < v.n; i++) {
		char *item = crm_trim(v.v[i]);
		free(v.v[i]);
		v.v[i] = item;
		char *f = crm_fold(v.v[i]);
		if (crm_config_name_check("choice", v.v[i], &err) == 0 && v.v[i][0] == '@')
			err = crm_xasprintf(_("choice: cannot start with @ '%s'"), v.v[i]);
		for (int k = 0; !err && k < folded.n; k++)
			if (!strcmp(folded.v[k], f))
				err = crm_xasprintf(_("choice: given twice '%s'"), v.v[i]);
		crm_strv_push_owned(&folded, f);
	}
	crm_strv_release(&v);
	crm_strv_release(&folded);
	return err;
}

int db_field_add(struct crm_db *db, const struct crm_entity *ent, const char *name,
                 enum crm_type type, const char *choices)
{
	free(db->err);
	db->err = NULL;
	if (choices && (db->err = choices_problem(choices)))
		return -1;
	if (!valid_field_name(name))
		db->err = crm_xasprintf(_("invalid field name '%s' (use a-z, 0-9 and _, starting "
		                          "with a letter)"),
		                        name);
	else if (crm_schema_field(db_schema(db, ent), name) >= 0)
		db->err = crm_xasprintf(_("%s already has a field '%s'"), crm_noun(ent, 1), name);
	if (db->err)
		return -1;
	const char *coltype = type == CRM_T_NUMBER                        ? "NUMERIC"
	                      : type == CRM_T_BOOL || type == CRM_T_MONEY ? "INTEGER"
	                                                                  : "TEXT";
	char *sql =
	    crm_xasprintf("ALTER TABLE \"%s\" ADD COLUMN \"%s\" %s", ent->name, name, coltype);
	int rc = db_exec(db, sql);
	free(sql);
	if (rc < 0)
		return -1;
	struct db_stmt *st = db_prepare(
	    db, "INSERT INTO custom_field (entity, name, type, choices) VALUES (?, ?, ?, ?)");
	if (!st)
		return -1;
	db_bind_text(st, 1, ent->name);
	db_bind_text(st, 2, name);
	db_bind_text(st, 3, crm_type_name(type));
	db_bind_text(st, 4, choices);
	if (db_step_done(db, st, "add field") < 0)
		return -1;
	free_schemas(db);
	return 0;
}

int db_field_rm(struct crm_db *db, const struct crm_entity *ent, const char *name)
{
	const struct crm_schema *s = db_schema(db, ent);
	int f = crm_schema_field(s, name);
	free(db->err);
	db->err = NULL;
	if (f < 0 || !(s->fields[f].flags & CRM_F_CUSTOM)) {
		db->err = crm_xasprintf(f < 0 ? "%s has no field '%s'"
		                              : "%s field '%s' is built in and cannot be removed",
		                        ent->name, name);
		return -1;
	}
	char *sql =
	    crm_xasprintf("ALTER TABLE \"%s\" DROP COLUMN \"%s\"", ent->name, s->fields[f].name);
	int rc = db_exec(db, sql);
	free(sql);
	if (rc < 0)
		return -1;
	struct db_stmt *st =
	    db_prepare(db, "DELETE FROM custom_field WHERE entity = ? AND name = ?");
	if (!st)
		return -1;
	db_bind_text(st, 1, ent->name);
	db_bind_text(st, 2, name);
	if (db_step_done(db, st, "remove field") < 0)
		return -1;
	free_schemas(db);
	return 0;
}

/* ------------------------------------------------------- whole database */

int db_backup(struct crm_db *db, const char *dest)
{
	free(db->err);
	db->err = NULL;
	/* a server's database is copied by the server's own tool, consistently */
	if (!(db->drv->caps & DB_CAP_BACKUP)) {
		db->err =
		    crm_xasprintf(_("a database on a server is backed up by the server's "
		                    "tool: pg_dump -Fc -f %s '%s' (or crm dump, on any engine)"),
		                  dest, db->name);
		return -1;
	}
	int fd = open(dest, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
	if (fd < 0) {
		db->err = crm_xasprintf(_("cannot create '%s': %s"), dest, strerror(errno));
		return -1;
	}
	close(fd);
	char *msg = NULL;
	int rc = db->drv->backup(db->h, dest, &msg);
	if (rc != DB_OK) {
		db->err = crm_xasprintf(rc == 1 ? _("cannot open '%s': %s")
		                                : _("backup to '%s' failed: %s"),
		                        dest, msg ? msg : "out of memory");
		free(msg);
		unlink(dest);
		return -1;
	}
	return 0;
}

static int check_pragma(struct crm_db *db, const char *sql, struct crm_strv *problems)
{
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return -1;
	int rc;
	while ((rc = st_step(st)) == DB_ROW) {
		struct crm_buf b = CRM_BUF_INIT;
		for (int i = 0; i < st_columns(st); i++) {
			const char *t = st_text(st, i);
			crm_buf_printf(&b, "%s%s", i ? " " : "", t ? t : "-");
		}
		if (strcmp(crm_buf_str(&b), "ok"))
			crm_strv_push_owned(problems, crm_buf_detach(&b));
		crm_buf_release(&b);
	}
	st_reset(st);
	return rc == DB_DONE ? 0 : (db_fail(db, sql), -1);
}

/*
 * Every descriptor field must have its column: the descriptors and
 * migrations agree.  Asked of the catalogue (db->sql->column): a statement
 * naming a missing column would end a server's transaction, not only fail.
 */
static int check_columns(struct crm_db *db, struct crm_strv *problems)
{
	struct db_stmt *st = db_prepare(db, db->sql->column);
	if (!st)
		return -1;
	for (int e = 0; crm_entities[e]; e++) {
		const struct crm_schema *s = db_schema(db, crm_entities[e]);
		for (int f = 0; f < s->nfields; f++) {
			if (s->fields[f].type == CRM_T_TAGS)
				continue;
			st_reset(st);
			db_bind_text(st, 1, s->ent->name);
			db_bind_text(st, 2, s->fields[f].name);
			int rc = st_step(st);
			if (rc != DB_ROW && rc != DB_DONE)
				return db_fail(db, "check"), -1;
			if (rc == DB_DONE)
				crm_strv_push_owned(problems,
				                    crm_xasprintf("%s: field %s has no column",
				                                  s->ent->name, s->fields[f].name));
		}
	}
	st_reset(st);
	return 0;
}

int db_check(struct crm_db *db, struct crm_strv *problems)
{
	/* a server keeps its own pages and enforces its foreign keys */
	if (db->sql->server)
		return check_columns(db, problems);
	if (check_pragma(db, "PRAGMA integrity_check", problems) < 0 ||
	    check_pragma(db, "PRAGMA foreign_key_check", problems) < 0)
		return -1;
	return check_columns(db, problems);
}

int db_sql(struct crm_db *db, const char *sql, const struct db_sql_out *out, long *rows)
{
	const char *tail = sql;
	*rows = 0;
	while (tail && *tail) {
		struct db_stmt *st;
		if (db->drv->prepare(db->h, tail, &tail, &st) != DB_OK) {
			db_fail(db, "sql");
			return -1;
		}
		if (!st)
			continue; /* white space or a comment */
		if (!st->drv->readonly(st)) {
			st_free(st);
			free(db->err);
			db->err = crm_xstrdup(_("only read-only statements are allowed; change "
			                        "data with the crm commands"));
			return -1;
		}
		int n = st_columns(st);
		struct crm_column *cols = crm_xcalloc(n ? n : 1, sizeof *cols);
		const char **vals = crm_xcalloc(n ? n : 1, sizeof *vals);
		for (int i = 0; i < n; i++)
			cols[i].name = st->drv->column_name(st, i);
		void *to = out->open(out->arg);
		int rc, began = 0;
		while ((rc = st_step(st)) == DB_ROW) {
			if (!began) {
				for (int i = 0; i < n; i++) {
					cols[i].numeric = st->drv->column_is_number(st, i);
				}
				out->begin(to, cols, n);
				began = 1;
			}
			for (int i = 0; i < n; i++)
				vals[i] = st_text(st, i);
			out->row(to, vals);
			(*rows)++;
		}
		if (!began && n > 0)
			out->begin(to, cols, n);
		int werr = out->close(to);
		if (rc != DB_DONE)
			db_fail(db, "sql");
		st_free(st);
		free(cols);
		free(vals);
		if (rc != DB_DONE)
			return -1;
		if (werr < 0) {
			free(db->err);
			db->err = crm_xasprintf(_("write error: %s"), strerror(errno));
			return -1;
		}
	}
	return 0;
}

/* ------------------------------------------------------------ attachments */

long long db_attach(struct crm_db *db, const struct db_attachment *a, FILE *in, char sha[65])
{
	struct crm_buf sql = CRM_BUF_INIT;
	crm_buf_puts(&sql, "INSERT INTO attachment (entity, record, name, type, size,"
	                   " sha256, added, who, data, id) VALUES (?, ?, ?, ?, ?, '', ?,"
	                   " ?, zeroblob(?), coalesce(?, ");
	db_fill(&sql, db->sql->next_id, "attachment");
	crm_buf_puts(&sql, ")) RETURNING id");
	struct db_stmt *st = db_prepare(db, crm_buf_str(&sql));
	crm_buf_release(&sql);
	if (!st)
		return 0;
	/* an id of 0 takes the next; a restore gives the one the dump holds */
	if (a->id)
		st_bind_int(st, 9, a->id);
	else
		st_bind_null(st, 9);
	db_bind_text(st, 1, a->entity);
	st_bind_int(st, 2, a->record);
	db_bind_text(st, 3, a->name);
	db_bind_text(st, 4, a->type);
	st_bind_int(st, 5, a->size);
	db_bind_text(st, 6, a->added);
	db_bind_text(st, 7, a->who);
	st_bind_int(st, 8, a->size);
	long long id = db_step_id(db, st, "attach");
	if (!id)
		return 0;
	/* the bytes go in piece by piece: a large file is never held whole */
	struct db_blob *blob;
	if (db->drv->blob_open(db->h, "attachment", "data", id, 1, &blob) != DB_OK) {
		db_fail(db, "attach");
		return 0;
	}
	struct crm_sha256 h;
	crm_sha256_init(&h);
	char chunk[65536];
	long long off = 0;
	size_t n;
	int ok = 1;
	while (ok && off < a->size && (n = fread(chunk, 1, sizeof chunk, in)) > 0) {
		if (off + (long long)n > a->size)
			n = (size_t)(a->size - off);
		crm_sha256_update(&h, chunk, n);
		ok = db->drv->blob_write(blob, chunk, (int)n, off) == DB_OK;
		off += n;
	}
	if (!ok)
		db_fail(db, "attach");
	db->drv->blob_close(blob);
	if (!ok || off != a->size) {
		if (ok) {
			free(db->err);
			db->err = crm_xasprintf(_("attach: the file changed while it was read"));
		}
		return 0;
	}
	crm_sha256_final(&h, sha);
	st = db_prepare(db, "UPDATE attachment SET sha256 = ? WHERE id = ?");
	if (!st)
		return 0;
	db_bind_text(st, 1, sha);
	st_bind_int(st, 2, id);
	return db_step_done(db, st, "attach") < 0 ? 0 : id;
}

int db_attachment_get(struct crm_db *db, long long id, FILE *out)
{
	struct db_blob *blob;
	if (db->drv->blob_open(db->h, "attachment", "data", id, 0, &blob) != DB_OK)
		return 1;
	int size = (int)db->drv->blob_bytes(blob), rc = 0;
	char chunk[65536];
	for (int off = 0; off < size && rc == 0;) {
		int n = size - off < (int)sizeof chunk ? size - off : (int)sizeof chunk;
		if (db->drv->blob_read(blob, chunk, n, off) != DB_OK) {
			db_fail(db, "attachment");
			rc = -1;
		} else if (fwrite(chunk, 1, n, out) != (size_t)n)
			rc = -1;
		off += n;
	}
	db->drv->blob_close(blob);
	return rc;
}

int db_attachments(struct crm_db *db, const char *entity, long long record, db_attachment_fn fn,
                   void *ctx)
{
	struct db_stmt *st = db_prepare(
	    db, "SELECT id, entity, record, name, type, size, sha256, added, who FROM attachment"
	        " WHERE CASE WHEN CAST(?1 AS TEXT) IS NOT NULL THEN entity = ?1 AND record = ?2"
	        " WHEN ?2 = 0 THEN TRUE ELSE id = ?2 END ORDER BY id");
	if (!st)
		return -1;
	db_bind_text(st, 1, entity);
	st_bind_int(st, 2, record);
	int rc;
	while ((rc = st_step(st)) == DB_ROW) {
		struct db_attachment a = {
		    .id = st_int(st, 0),
		    .entity = st_text(st, 1),
		    .record = st_int(st, 2),
		    .name = st_text(st, 3),
		    .type = st_text(st, 4),
		    .size = st_int(st, 5),
		    .sha256 = st_text(st, 6),
		    .added = st_text(st, 7),
		    .who = st_text(st, 8),
		};
		if (fn(ctx, &a)) {
			rc = DB_DONE;
			break;
		}
	}
	st_reset(st);
	if (rc != DB_DONE) {
		db_fail(db, "attachments");
		return -1;
	}
	return 0;
}

int db_attachment_rm(struct crm_db *db, long long id)
{
	struct db_stmt *st = db_prepare(db, "DELETE FROM attachment WHERE id = ?");
	if (!st)
		return -1;
	st_bind_int(st, 1, id);
	if (db_step_done(db, st, "attachment") < 0)
		return -1;
	return db->drv->changes(db->h) ? 0 : 1;
}

int db_attachment_move(struct crm_db *db, long long id, long long record)
{
	struct db_stmt *st = db_prepare(db, "UPDATE attachment SET record = ? WHERE id = ?");
	if (!st)
		return -1;
	st_bind_int(st, 1, record);
	st_bind_int(st, 2, id);
	if (db_step_done(db, st, "attachment") < 0)
		return -1;
	return db->drv->changes(db->h) ? 0 : 1;
}
