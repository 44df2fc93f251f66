/*
 * db.h - the store layer: the only code that speaks SQL.
 *
 * Everything above it works in entities, fields, filters and rows; a second
 * backend implements these functions.  Values in and out are strings in the
 * library's normal form (see grammar.c); NULL is no value.
 */
#ifndef CRM_DB_H
#define CRM_DB_H

#include "crm.h"

struct crm_db;

/*
 * DB_WRITE_LATER: a writer that first waits on a person (add -i, edit): it
 * reads without a lock until db_write_now takes the write lock.
 */
enum db_mode { DB_READ, DB_WRITE, DB_SQL, DB_WRITE_LATER };

/* The database path: --db, else $CRM_DB, else $XDG_DATA_HOME/crm/crm.db. */
char *db_default_path(void);
/*
 * The path names a database on a PostgreSQL server, not a file: a
 * postgresql:// or postgres:// URI, or key=value words as libpq reads them
 * ("service=crm", "host=db dbname=crm").  A file whose name looks so is
 * named with a directory: ./service=crm.
 */
int db_is_server(const char *path);
/*
 * Creates an empty database file, 0600, unless one is there; with dirs, its
 * missing directories too, 0700.  0, or -1 with *err set.
 */
int db_create(const char *path, int dirs, char **err);
/*
 * Opens an existing database (a regular file: never creates one, see
 * db_create), migrates the schema forward, and begins the run's one
 * transaction: BEGIN IMMEDIATE for DB_WRITE.  NULL with *err set on failure.
 */
struct crm_db *db_open(const char *path, enum db_mode mode, char **err);
/*
 * Commits (after rebuilding the search entries of the records the run wrote),
 * or rolls back when commit is 0, and closes; 0 or -1 with a warning.
 */
int db_close(struct crm_db *db, int commit);
/* Does the work of a commit that comes before COMMIT itself (the search
   index, the bulk indexes), so that what follows it is as short as can be. */
int db_commit_ready(struct crm_db *db);
/*
 * Ends the run's transaction, committing what it holds, so that nothing is
 * locked or pinned while a person types; reads still work, each on its own.
 */
int db_idle(struct crm_db *db);
/*
 * Takes the write lock (BEGIN IMMEDIATE) in a run opened DB_WRITE_LATER or
 * left idle; what is read from now on is what the write will change.
 */
int db_write_now(struct crm_db *db);
/* How messages name the database: its path, or its connection string without a password. */
const char *db_name(struct crm_db *db);
/* The file the database lives in, for checks on its owner (NULL for a server's). */
const char *db_file(struct crm_db *db);
/* The last error message of the store, valid until the next call. */
const char *db_error(struct crm_db *db);
/* Who and what this run is, for the change log (copied); on a server, who
   is the server's login of the session, whatever who says. */
void db_set_run(struct crm_db *db, const char *who, const char *command);
/*
 * Copies the whole database from into to, which must hold nothing but what
 * a new database has: records with their ids, files, the change log, the
 * configuration and custom fields; then makes to's search entries and
 * checks that every table holds as many rows in both.  The caller commits
 * to (db_close) or not.  0 with *rows copied, or -1 with db_error(to)
 * saying what went wrong on either side.
 */
int db_copy(struct crm_db *from, struct crm_db *to, long long *rows);
/* Who the change log records for this run: on a server, its login. */
const char *db_who(struct crm_db *db);
/* The run id (created on first use, i.e. first logged change). */
long long db_run_id(struct crm_db *db);

/* The schema of an entity in this database (built-ins plus custom fields). */
const struct crm_schema *db_schema(struct crm_db *db, const struct crm_entity *ent);

/* ---- reading records */

struct db_query {
	const struct crm_schema *s;
	const struct crm_filter *filter; /* NULL: all live records */
	const char *want;                /* per field: 1 to fetch; NULL: all */
	int sort_field;                  /* -1: the entity's default */
	int sort_desc;
	long limit;        /* 0: no limit */
	int portable_refs; /* references by name only where the name finds the record, else by id */
	int raw_refs;      /* references as the ids they store (dump) */
};
/*
 * vals has s->nfields entries (unfetched ones NULL) and then the record's
 * deleted stamp at vals[s->nfields]; a non-zero return stops the stream.
 */
typedef int (*db_row_fn)(void *ctx, const char *const *vals);
/* Streams matching records to fn; returns the number seen, or -1 on error. */
long db_select(struct crm_db *db, const struct db_query *q, db_row_fn fn, void *ctx);
/*
 * Fetches one record (deleted or not) into a malloc'd array of s->nfields
 * malloc'd strings (free with db_row_free).  *deleted gets its deleted stamp
 * or NULL.  Returns NULL if there is no such record.
 */
char **db_get(struct crm_db *db, const struct crm_schema *s, long long id, char **deleted);
void db_row_free(const struct crm_schema *s, char **vals);
/*
 * Resolves a reference: an id, or a case- and accent-insensitive match of the
 * record's name (its CRM_F_NAME fields joined by a space) or of a unique
 * field.  Returns 0 and sets *id; 1 if nothing matches; 2 if several match
 * (their "id name" lines pushed to cands).
 */
int db_resolve(struct crm_db *db, const struct crm_schema *s, const char *text, long long *id,
               struct crm_strv *cands);
/* The values of a list kept in the database ("stage" for "@stage"), in order. */
int db_choices(struct crm_db *db, const char *list, struct crm_strv *out);
/* The id stored in reference field f of record id; 0 if none. */
long long db_ref_id(struct crm_db *db, const struct crm_schema *s, long long id, int f);
/*
 * Display names of live records whose name begins with prefix, case and
 * accents aside, in name order; at most limit.  0 or -1.
 */
int db_names(struct crm_db *db, const struct crm_schema *s, const char *prefix, int limit,
             struct crm_strv *out);
/* The display name of a record, malloc'd; NULL if none. */
char *db_label(struct crm_db *db, const struct crm_schema *s, long long id);
/* Id of another live-or-deleted record whose unique field equals value, or 0. */
long long db_find_unique(struct crm_db *db, const struct crm_schema *s, int field,
                         const char *value, long long except);
/* The first record, live or deleted, whose field is exactly value (an indexed one): id, 0 or -1. */
long long db_find_exact(struct crm_db *db, const struct crm_schema *s, int field,
                        const char *value);
/* Ids of live records whose phone keys or e-mail match key (phone key or address). */
int db_lookup(struct crm_db *db, const struct crm_schema *s, const char *phone_key,
              const char *email, struct crm_strv *ids);

/*
 * The login of the user text names: their login (case aside), else a live
 * user's name (accents aside) or e-mail.  0 with *login malloc'd, 1 if no
 * user, 2 if several (cands gets "login (name)" of each), -1 on error.
 */
int db_user_login(struct crm_db *db, const char *text, char **login, struct crm_strv *cands);
/* The live user whose login is text (any case): 0 with *login and *role
   (malloc'd; rep when unset), 1 for none, -1 on error. */
int db_user_role(struct crm_db *db, const char *text, char **login, char **role);
/*
 * On a server: the login made a role of it when it is not one, and given
 * the privileges of crm's tables its crm role allows (crm_grant in
 * lib/store/pg/schema.sql); the server's row rules do the rest.  -1 on a
 * file, or when the session may not make roles.
 */
int db_grant_login(struct crm_db *db, const char *login, const char *role);

/* ---- writing records; every write is logged by the caller via db_log */

/*
 * Inserts a record; vals[] has s->nfields values (id, created and updated
 * honoured when given; tags ignored: see db_set_tags).  Returns the id, or 0
 * on error.
 */
long long db_insert(struct crm_db *db, const struct crm_schema *s, const char *const *vals);
int db_update(struct crm_db *db, const struct crm_schema *s, long long id, int field,
              const char *value);
int db_set_tags(struct crm_db *db, const struct crm_schema *s, long long id, const char *tags);
/* Sets deleted to stamp (NULL restores). */
int db_set_deleted(struct crm_db *db, const struct crm_schema *s, long long id, const char *stamp);
/* Sets updated to now (unless NULL) and queues the record's search entry for rebuild. */
int db_touch(struct crm_db *db, const struct crm_schema *s, long long id, const char *now);
/* Indexes a record db_insert just wrote (its tags set) for search. */
int db_index_new(struct crm_db *db, const struct crm_schema *s, long long id);
/* Rebuilds the queued search entries; db_close calls it before COMMIT. */
int db_flush_index(struct crm_db *db);
/* Queues a record whose search entry must be built again (what it refers to changed). */
int db_reindex(struct crm_db *db, const struct crm_schema *s, long long id);
/* The run erases personal data: freed bytes are zeroed and the search
   indexes rewritten at commit, so nothing of it stays in the file. */
int db_erase_traces(struct crm_db *db);
/*
 * A bulk load into an entity's table: when the table is empty, its
 * non-unique indexes are dropped now and built again, by one sort each, at
 * db_bulk_end (db_close runs it before COMMIT); unique ones stay, so every
 * row is still checked.  Rolled back with the run.  1 when indexes were put
 * off, 0 when not (the table holds rows), -1 on error.
 */
int db_bulk_begin(struct crm_db *db, const struct crm_schema *s);
int db_bulk_end(struct crm_db *db);
/* Erases a record for good: its row, tags, attachments, index entry; clears references to it. */
int db_erase(struct crm_db *db, const struct crm_schema *s, long long id);

/* Savepoints let one bad import row be undone while the run goes on. */
int db_savepoint(struct crm_db *db);
int db_savepoint_end(struct crm_db *db, int keep);
/*
 * Writes whose answer the store does not wait for (on a server) carry the
 * row last given here, the line of an import; after an error, db_error_row
 * is the row of the write it came from, or 0 when it was the call's own.
 */
void db_set_row(struct crm_db *db, long row);
long db_error_row(struct crm_db *db);

/* ---- the change log */

struct db_change {
	long long id, run, record;
	const char *entity, *op, *field, *old, *new_;
	const char *at, *who;
};
typedef int (*db_change_fn)(void *ctx, const struct db_change *c);

/* op: add, set, rm, restore, purge, forget, erase. */
int db_log(struct crm_db *db, const char *entity, long long record, const char *op,
           const char *field, const char *old, const char *new_);
/* Changes of one record, oldest first. */
int db_record_changes(struct crm_db *db, const char *entity, long long record, db_change_fn fn,
                      void *ctx);
/* Changes of one run, newest first. */
int db_run_changes(struct crm_db *db, long long run, db_change_fn fn, void *ctx);
/* Blanks the old/new values logged for a record (purge, forget). */
int db_scrub_log(struct crm_db *db, const char *entity, long long record);

struct db_run {
	long long id, undone_by, undoes, nchanges;
	const char *at, *who, *command;
};
typedef int (*db_run_fn)(void *ctx, const struct db_run *r);
/* Runs, newest first; limit 0 for all. */
int db_runs(struct crm_db *db, long limit, db_run_fn fn, void *ctx);
/* who's newest run with changes that is neither undone nor an undo; 0 if none. */
long long db_last_undoable_run(struct crm_db *db, const char *who);
int db_get_run(struct crm_db *db, long long run, struct db_run *out, char **who, char **at);
/*
 * 1 if the record was changed after run by a run that still stands (not
 * undone, and not the undo of a run later than run).
 */
int db_changed_since(struct crm_db *db, const char *entity, long long record, long long run);
int db_mark_undone(struct crm_db *db, long long run, long long by);

/* ---- custom fields */

int db_field_add(struct crm_db *db, const struct crm_entity *ent, const char *name,
                 enum crm_type type, const char *choices);
int db_field_rm(struct crm_db *db, const struct crm_entity *ent, const char *name);

/* ---- pipelines (db_sales.c) */

struct db_stage {
	char *pipeline, *name, *category, *state; /* state: open, won or lost */
	int position, probability;
};
void db_stage_release(struct db_stage *st);
/* A stage by pipeline and name (case- and accent-insensitive): 0, 1 if none, -1. */
int db_stage_get(struct crm_db *db, const char *pipeline, const char *name, struct db_stage *out);
/* The first stage of a pipeline in a state (open, won, lost): 0 with *name malloc'd, 1, -1. */
int db_stage_first(struct crm_db *db, const char *pipeline, const char *state, char **name);
typedef int (*db_stage_fn)(void *ctx, const struct db_stage *st);
/* Every stage, by pipeline and position. */
int db_stages(struct crm_db *db, db_stage_fn fn, void *ctx);
/* Adds or replaces a stage; position 0 puts it last. */
int db_stage_put(struct crm_db *db, const struct db_stage *st);
int db_stage_rm(struct crm_db *db, const char *pipeline, const char *name);
/* How many opportunities, deleted ones included, are in a stage; -1 on error. */
long db_stage_uses(struct crm_db *db, const char *pipeline, const char *name);
/* The sum (as stored: money in minor units) of a field over a filter, and the count. */
int db_sum(struct crm_db *db, const struct crm_schema *s, int field, const struct crm_filter *f,
           long long *sum, long *count);
/* Scoring rules of an entity: a filter term and its points. */
int db_rule_add(struct crm_db *db, const char *entity, const char *term, long points);
/* 0, or 1 if there is no such rule. */
int db_rule_rm(struct crm_db *db, const char *entity, long long id);
typedef int (*db_rule_fn)(void *ctx, long long id, const char *term, long points);
int db_rules(struct crm_db *db, const char *entity, db_rule_fn fn, void *ctx);

/* The next serial after prefix in a numbering field: Q-2026- gives 1, then 2 ... */
long db_next_number(struct crm_db *db, const char *table, const char *field, const char *prefix);
/* One more than the highest version of a number. */
long db_next_version(struct crm_db *db, const char *table, const char *number);

/* ---- reports (db_report.c): aggregates as rows of text, for crm-report */
typedef int (*db_rows_fn)(void *ctx, const char *const *vals, int n);
struct db_report {
	const struct crm_schema *s; /* the entity the filter is on (t) */
	const struct crm_filter *f;
	const char *const *by; /* dimensions to group by (db_report_dim) */
	int nby;
	const char *from, *to;       /* inclusive days YYYY-MM-DD, NULL for open */
	const char *from_ts, *to_ts; /* the same as UTC timestamps: [from_ts, to_ts) */
	const char *as_of;           /* UTC timestamp: the records as they stood then; NULL: now */
	const char *as_of_day;       /* its local day */
	const char *today;           /* local day */
	const char *commit;          /* forecast: the stage from which deals count as commit */
};
/* 1 if name is a dimension (period: a period of days, week to year). */
int db_report_dim(const char *name, int period);
/* 1 if name is a custom field of s, which reports also group by. */
int db_report_custom_dim(const struct crm_schema *s, const char *name);
/* 1 if name is a dimension of the service report (cases). */
int db_report_case_dim(const char *name);
/*
 * The cases opened in the range (their local day), one row each, ordered by
 * the dimensions: 1, dims..., created, responded, resolved (or closed),
 * respond_by, resolve_by, status, csat, nps.
 */
long db_report_cases(struct crm_db *db, const struct db_report *q, db_rows_fn fn, void *ctx);
/* Every dimension, space-separated. */
const char *db_report_dims(void);
/*
 * Each streams rows and returns how many, or -1.  Columns:
 * pipeline: pipeline, stage, dims..., currency, count, total, weighted.
 * forecast: kind (open, won), dims (periods of close, of closed)...,
 *   currency, count, total, weighted, commit.
 * closed (state "won", or NULL for won and lost): state, dims..., currency, count, amount.
 * funnel (leads): source, created, converted at, opp created, opp state, opp closed.
 * stage_history (of closed deals only, or all): id, pipeline, created, stage, state,
 *   closed, change at, old, new.
 * activity (interactions q, tasks tq): week, owner, channel, interactions, tasks done.
 * customers (accounts): id, name, currency, deals won, revenue, first, last.
 * stale (accounts, contacts or opps untouched since a timestamp, deals also
 *   past their close; the longest untouched first, at most limit unless 0,
 *   and in *total how many there are): id, owner, last touch, close, name, created.
 * next (open opps or leads): id, name, owner, last touch, created, close, amount,
 *   currency, probability (leads: score), stage (leads: status), overdue tasks.
 * Amounts are in minor units.
 */
long db_report_pipeline(struct crm_db *db, const struct db_report *q, db_rows_fn fn, void *ctx);
long db_report_forecast(struct crm_db *db, const struct db_report *q, db_rows_fn fn, void *ctx);
long db_report_closed(struct crm_db *db, const struct db_report *q, const char *state,
                      db_rows_fn fn, void *ctx);
long db_report_funnel(struct crm_db *db, const struct db_report *q, db_rows_fn fn, void *ctx);
long db_report_stage_history(struct crm_db *db, const struct db_report *q, int closed_only,
                             db_rows_fn fn, void *ctx);
long db_report_activity(struct crm_db *db, const struct db_report *q, const struct db_report *tq,
                        db_rows_fn fn, void *ctx);
long db_report_customers(struct crm_db *db, const struct db_report *q, db_rows_fn fn, void *ctx);
long db_report_stale(struct crm_db *db, const struct db_report *q, const char *since, long limit,
                     long *total, db_rows_fn fn, void *ctx);
long db_report_next(struct crm_db *db, const struct db_report *q, db_rows_fn fn, void *ctx);
/* Quotas per owner and period (2026-11, 2026-Q4, 2026), in minor units. */
int db_quota_set(struct crm_db *db, const char *owner, const char *period, const char *currency,
                 long long amount);
/* Rows removed; currency NULL: the owner's quotas for the period in every currency. */
long db_quota_rm(struct crm_db *db, const char *owner, const char *period, const char *currency);
long db_quotas(struct crm_db *db, db_rows_fn fn, void *ctx); /* owner, period, currency, amount */
/* Commission rates: a percent from an attainment of quota (percent) up, for one owner or all. */
long long db_rate_add(struct crm_db *db, const char *owner, const char *attainment,
                      const char *rate);
long db_rate_rm(struct crm_db *db, long long id);
long db_rates(struct crm_db *db, db_rows_fn fn, void *ctx); /* id, owner, attainment, rate */
/* Settings kept in the database (value NULL removes); listing by key prefix. */
int db_setting_set(struct crm_db *db, const char *key, const char *value);
long db_settings(struct crm_db *db, const char *prefix, db_rows_fn fn, void *ctx);
/* ---- service levels: response and resolution times (seconds) per case priority */

/* 0, 1 if the priority has none, -1 on error. */
int db_sla_get(struct crm_db *db, const char *priority, long *respond, long *resolve);
int db_sla_put(struct crm_db *db, const char *priority, long respond, long resolve);
/* 0, 1 if the priority has none, -1 on error. */
int db_sla_rm(struct crm_db *db, const char *priority);
typedef int (*db_sla_fn)(void *ctx, const char *priority, long respond, long resolve);
/* Every priority's times, most urgent first. */
int db_slas(struct crm_db *db, db_sla_fn fn, void *ctx);

/* ---- segments: saved filters of an entity, by name (case-insensitive) */

struct db_segment {
	const char *name, *entity, *filter, *owner, *created;
};
/* 0 with *entity and *filter malloc'd, 1 if there is none, -1 on error. */
int db_segment_get(struct crm_db *db, const char *name, char **entity, char **filter);
/* Adds a segment; a name that exists is an error. */
int db_segment_put(struct crm_db *db, const struct db_segment *sg);
/* 0, 1 if there is none, -1 on error. */
int db_segment_rm(struct crm_db *db, const char *name);
typedef int (*db_segment_fn)(void *ctx, const struct db_segment *sg);
/* The segments by name, or the one named (name not NULL). */
int db_segments(struct crm_db *db, const char *name, db_segment_fn fn, void *ctx);

/* ---- attachments: files a record carries, stored whole in the database */

struct db_attachment {
	long long id, record, size;
	const char *entity, *name, *type, *sha256, *added, *who;
};
/*
 * Streams size bytes from in into a new attachment (numbered a->id, or the
 * next number when 0); its SHA-256 into sha.  Its id, or 0 on error.
 */
long long db_attach(struct crm_db *db, const struct db_attachment *a, FILE *in, char sha[65]);
/* Streams an attachment's bytes to out: 0, 1 if there is none, -1 on error. */
int db_attachment_get(struct crm_db *db, long long id, FILE *out);
typedef int (*db_attachment_fn)(void *ctx, const struct db_attachment *a);
/* The attachments of a record, by id; entity NULL: the one numbered record, or all when 0. */
int db_attachments(struct crm_db *db, const char *entity, long long record, db_attachment_fn fn,
                   void *ctx);
/* 0, 1 if there is none, -1 on error. */
int db_attachment_rm(struct crm_db *db, long long id);
/* Erases every attachment of a record (purge, forget): 0 or -1. */
int db_attachments_erase(struct crm_db *db, const char *entity, long long id);
/* Gives attachment id to another record of the entity: 0, 1 if there is none, -1 on error. */
int db_attachment_move(struct crm_db *db, long long id, long long record);

/* ---- whole database */

int db_backup(struct crm_db *db, const char *dest);
/* Integrity and foreign-key checks; problems pushed to out; -1 on error. */
int db_check(struct crm_db *db, struct crm_strv *problems);
/*
 * Where crm sql's results go, one statement at a time: open gives the
 * statement's sink, begin its columns (before the first row, or alone when
 * it has none), row each row, close ends it (-1 with errno on a write error).
 */
struct db_sql_out {
	void *(*open)(void *arg);
	void (*begin)(void *to, const struct crm_column *cols, int n);
	void (*row)(void *to, const char *const *vals);
	int (*close)(void *to);
	void *arg;
};
/* Runs read-only SQL, streaming each statement's rows to out; *rows counts them. */
int db_sql(struct crm_db *db, const char *sql, const struct db_sql_out *out, long *rows);
int db_schema_version(struct crm_db *db);

#endif
