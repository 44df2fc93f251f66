/* db_int.h - what the store layer's own files share; nothing above the store includes it. */
#ifndef CRM_DB_INT_H
#define CRM_DB_INT_H

#include "store/db.h"
#include "store/driver.h"

#define DB_CACHE_MAX 64
#define DB_MAX_ENTITIES 16

/*
 * What the store writes differently for each engine: the few words where
 * SQLite's SQL and PostgreSQL's part.  Everything else the store writes is
 * SQL both read the same.
 */
struct db_dialect {
	/* the schema version, one row of one column */
	const char *version;
	/* the run's transaction for a reader, and for a writer: writers queue */
	const char *begin_read, *begin_write;
	/* the temporary table of records awaiting their search entries */
	const char *queue;
	/* the foreign keys checked at commit, not at each statement */
	const char *defer_keys;
	/* one row when table ?1 has column ?2 */
	const char *column;
	/*
	 * Templates, filled by db_fill, where %s stands for: the search table
	 * (match: its words match the query bound); the text of a search entry
	 * (words: as its words are kept); the WHERE of tag rows (tag_list: their
	 * tags sorted and joined by commas); a day column (local_day: a date, or
	 * a UTC timestamp's day where the user is; week: its week's Monday); a
	 * text (not_number: it holds something other than digits).
	 */
	const char *match, *words, *tag_list, *local_day, *week, *not_number;
	/* the position of a text in another, or 0: FIND(haystack, needle) */
	const char *find;
	/* "%s" a table: the id its next row takes, past every id it ever had */
	const char *next_id;
	/* the database lives on a server: no file, no pragmas */
	int server;
};

extern const struct db_dialect db_sqlite_dialect, db_pg_dialect;

struct crm_db {
	const struct db_driver *drv; /* the engine: db_sqlite_driver or db_pg_driver */
	const struct db_dialect *sql;
	struct db_conn *h;
	char *path; /* the file, or the server's connection string */
	char *name; /* how messages name it: the path, or the string without its password */
	enum db_mode mode;
	int in_tx;
	char *err;
	struct {
		char *sql;
		struct db_stmt *st;
	} cache[DB_CACHE_MAX];
	int ncache;
	struct crm_schema schemas[DB_MAX_ENTITIES];
	int nschemas;
	int customs_known; /* customs holds the entities with custom fields */
	struct crm_strv customs;
	char *insert_sql[DB_MAX_ENTITIES]; /* per schema, built on first use */
	char *get_sql[DB_MAX_ENTITIES];
	char *who, *command;
	long long run;
	int dirty; /* records wait in temp.dirty for their search entries */
	unsigned char queued[DB_MAX_ENTITIES]; /* per entity of crm_entities: some of them */
	int purge_index; /* a forget ran: rewrite the search indexes without its words */
	/* new records with consecutive ids, per entity of crm_entities: [lo, hi] */
	struct db_fresh {
		long long lo, hi;
	} fresh[DB_MAX_ENTITIES];
	/* the id the run's next new record of each schema gets, 0 until asked:
	   a writer holds the database's write lock, so nobody else adds one */
	long long next_id[DB_MAX_ENTITIES];
	int in_savepoint; /* a row of its own: every write answered at once */
	long long sp_run; /* run, dirty, fresh and next ids as they were at the savepoint */
	int sp_dirty;
	struct db_fresh sp_fresh[DB_MAX_ENTITIES];
	long long sp_next_id[DB_MAX_ENTITIES];
	struct crm_strv bulk; /* CREATE INDEX statements db_bulk_end runs */
};

/* Values bound to an SQL text's ?s in order. */
struct binds {
	struct crm_strv v;
};

void db_fail(struct crm_db *db, const char *what);
/* " WHERE ..." for a filter over alias t of an entity's table; values go to bv. */
void db_build_where(struct crm_db *db, struct crm_buf *b, struct binds *bv,
                    const struct crm_schema *s, const struct crm_filter *flt);
void db_bind_all(struct db_stmt *st, const struct binds *bv);
int db_exec(struct crm_db *db, const char *sql);
struct db_stmt *db_prepare(struct crm_db *db, const char *sql);
void db_bind_text(struct db_stmt *st, int i, const char *v);
int db_step_done(struct crm_db *db, struct db_stmt *st, const char *what);
/* The same for a write whose result nobody reads: its error may come with a later call. */
int db_step_later(struct crm_db *db, struct db_stmt *st, const char *what);
/* Appends a dialect's template to b, arg where it says %s. */
void db_fill(struct crm_buf *b, const char *tmpl, const char *arg);
/* Steps an INSERT ... RETURNING id: the id, or 0 with db->err set. */
long long db_step_id(struct crm_db *db, struct db_stmt *st, const char *what);
char *db_column_dup(struct db_stmt *st, int i);
/*
 * Runs a read query of the store's own making with its binds, each row's
 * columns as text to fn (a non-zero return stops); rows seen, or -1.
 */
long db_rows(struct crm_db *db, const char *sql, const struct binds *bv, db_rows_fn fn, void *ctx);
/* Computes every record's name key and search entry again with the current fold: 0 or -1. */
int db_refold(struct crm_db *db);

#endif
