/*
 * pg.c - the PostgreSQL driver: the only file of crm that calls libpq.
 *
 * A statement is the store's SQL with its parameters renumbered as
 * PostgreSQL writes them (? and ?N become $N), prepared on the server once
 * (PQprepare) and run with its values apart (PQexecPrepared): the server
 * binds every value, none is ever pasted into SQL text.  A statement's rows
 * are all read when it first steps, so that the store may run another
 * statement between two rows, as it does on SQLite.
 *
 * A statement whose result the store does not read (a line of the change
 * log, a tag; step_later) is sent without waiting for its answer, in
 * libpq's pipeline mode; the answers are read, and an error among them
 * reported, by the next call that needs the server's answer, which goes in
 * the same pipeline: one round trip for them all.
 */
#define _POSIX_C_SOURCE 200809L /* strdup */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "store/driver.h"

/* PostgreSQL's type oids of the numbers (pg_type.h is the server's header). */
enum {
	OID_INT8 = 20,
	OID_TEXT = 25,
	OID_INT2 = 21,
	OID_INT4 = 23,
	OID_FLOAT4 = 700,
	OID_FLOAT8 = 701,
	OID_NUMERIC = 1700
};

/* Answers waited for at most this many at a time: the server's to us stay small. */
enum { PIPELINE_MAX = 64 };

struct pg_conn {
	PGconn *pg;
	char *err;            /* the last call's error, or NULL */
	enum db_errcode code; /* and what the store makes of it */
	long long changes;
	unsigned long nstmts; /* names the next prepared statement */
	char *dropped;        /* DEALLOCATE statements not sent yet, or NULL */
	int ndropped;
	int queued; /* statements sent in the pipeline whose answers are not read yet */
	long tag;   /* what the next statement queued carries */
	long tags[PIPELINE_MAX];
	long failed_tag; /* the tag of the queued statement the last error came from */
};

struct pg_stmt {
	struct db_stmt base; /* first: a struct db_stmt * is a struct pg_stmt * */
	struct pg_conn *c;
	char name[24];
	int nparams;
	char **vals;    /* the bound values, as text; NULL binds NULL */
	PGresult *desc; /* the columns, known before the first step (or NULL: see cols) */
	PGresult *res;  /* the rows of the run in progress */
	int row;        /* the row step gave last; -1 before the first */
	int ran;
	int writes;
};

#define C(c) ((struct pg_conn *)(c))
#define ST(s) ((struct pg_stmt *)(s))

/* ---------------------------------------------------------------- errors */

static void set_error(struct pg_conn *c, const char *msg, enum db_errcode code)
{
	free(c->err);
	c->err = msg ? strdup(msg) : NULL;
	/* libpq's messages end in a newline: the store adds its own context */
	if (c->err) {
		size_t n = strlen(c->err);
		while (n && (c->err[n - 1] == '\n' || c->err[n - 1] == ' '))
			c->err[--n] = '\0';
	}
	c->code = code;
	c->failed_tag = 0;
}

/*
 * What the store makes of a failed result: a lost connection or a full disk
 * as the I/O errors they are, a lock or serialization conflict as "busy"
 * (try again), a permission refused as read-only.
 */
static enum db_errcode code_of(struct pg_conn *c, const PGresult *r)
{
	if (PQstatus(c->pg) == CONNECTION_BAD)
		return DB_E_IOERR;
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	if (!state)
		return DB_E_OTHER;
	if (!strcmp(state, "40001") || !strcmp(state, "40P01") || !strcmp(state, "55P03"))
		return DB_E_BUSY;
	if (!strcmp(state, "42501") || !strcmp(state, "25006"))
		return DB_E_READONLY;
	if (!strcmp(state, "53100"))
		return DB_E_FULL;
	if (!strncmp(state, "08", 2) || !strncmp(state, "58", 2))
		return DB_E_IOERR;
	return DB_E_OTHER;
}

/* 0 for a result that went well; else the error is kept and DB_FAIL returned. */
static int check(struct pg_conn *c, PGresult *r)
{
	ExecStatusType s = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
	if (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK || s == PGRES_EMPTY_QUERY) {
		set_error(c, NULL, DB_E_NONE);
		return DB_OK;
	}
	/* the server's message alone ("relation "x" does not exist"): the store says what it did */
	const char *msg = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	set_error(c, msg ? msg : PQerrorMessage(c->pg), code_of(c, r));
	return DB_FAIL;
}

/* ------------------------------------------------------------- pipeline */

/*
 * Ends the pipeline: a sync sent after the queued statements, and their
 * answers read up to it.  With last, the answer of the statement sent last
 * is given back there (the caller's own, sent just before), else each
 * answer is only checked.  DB_OK, or DB_FAIL with the first error kept: a
 * statement after a failed one is not run, and the transaction is lost.
 */
static int settle(struct pg_conn *c, PGresult **last)
{
	if (!c->queued)
		return DB_OK;
	int rc = DB_OK, n = 0, nulls = 0;
	if (!PQpipelineSync(c->pg)) {
		set_error(c, PQerrorMessage(c->pg), DB_E_IOERR);
		rc = DB_FAIL;
	}
	/* each statement's answer is followed by a NULL; the sync's is the end */
	while (rc == DB_OK || PQstatus(c->pg) == CONNECTION_OK) {
		PGresult *r = PQgetResult(c->pg);
		if (!r) {
			n++;
			if (++nulls > c->queued + 1)
				break; /* nothing more is coming: the connection is gone */
			continue;
		}
		ExecStatusType st = PQresultStatus(r);
		if (st == PGRES_PIPELINE_SYNC) {
			PQclear(r);
			break;
		}
		if (last && n == c->queued - 1 && !*last) {
			*last = r;
			if (rc == DB_OK)
				rc = check(c, r);
			continue;
		}
		if (rc == DB_OK && st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
			rc = check(c, r);
			c->failed_tag = n < PIPELINE_MAX ? c->tags[n] : 0;
		}
		PQclear(r);
	}
	c->queued = 0;
	if (!PQexitPipelineMode(c->pg) && rc == DB_OK) {
		set_error(c, PQerrorMessage(c->pg), DB_E_IOERR);
		rc = DB_FAIL;
	}
	return rc;
}

/* ------------------------------------------------------------ connection */

static int pg_open(const char *path, int flags, struct db_conn **out)
{
	struct pg_conn *c = calloc(1, sizeof *c);
	*out = (struct db_conn *)c;
	if (!c)
		return DB_FAIL;
	/* the string as libpq reads it, and a name the server's views show */
	const char *const keys[] = {"dbname", "fallback_application_name", NULL};
	const char *const vals[] = {path, "crm", NULL};
	c->pg = PQconnectdbParams(keys, vals, 1);
	if (PQstatus(c->pg) != CONNECTION_OK) {
		set_error(c, PQerrorMessage(c->pg), DB_E_CANTOPEN);
		return DB_FAIL;
	}
	/* the store's text is UTF-8, its times UTC strings it makes itself */
	PGresult *r =
	    PQexec(c->pg, "SET client_encoding = 'UTF8'; SET client_min_messages = warning");
	int rc = check(c, r);
	PQclear(r);
	if (rc == DB_OK && (flags & DB_OPEN_READONLY)) {
		r = PQexec(c->pg, "SET default_transaction_read_only = on");
		rc = check(c, r);
		PQclear(r);
	}
	return rc;
}

static int pg_close(struct db_conn *conn)
{
	struct pg_conn *c = C(conn);
	if (!c)
		return DB_OK;
	PQfinish(c->pg);
	free(c->dropped);
	free(c->err);
	free(c);
	return DB_OK;
}

/* A lock another writer holds is waited for this long, then reported busy. */
static void pg_busy_timeout(struct db_conn *conn, int ms)
{
	char sql[64];
	snprintf(sql, sizeof sql, "SET lock_timeout = %d", ms);
	if (settle(C(conn), NULL) == DB_OK)
		PQclear(PQexec(C(conn)->pg, sql));
}

static int pg_exec(struct db_conn *conn, const char *sql, char **msg)
{
	struct pg_conn *c = C(conn);
	int rc = settle(c, NULL);
	if (rc == DB_OK) {
		PGresult *r = PQexec(c->pg, sql);
		rc = check(c, r);
		if (rc == DB_OK)
			c->changes = atoll(PQcmdTuples(r));
		PQclear(r);
	}
	if (msg)
		*msg = rc == DB_OK || !c->err ? NULL : strdup(c->err);
	return rc;
}

static const char *pg_errmsg(struct db_conn *conn)
{
	struct pg_conn *c = C(conn);
	return !c ? "out of memory" : c->err ? c->err : "not an error";
}

static enum db_errcode pg_errcode(struct db_conn *conn)
{
	return conn ? C(conn)->code : DB_E_OTHER;
}

static int pg_sys_errno(struct db_conn *conn)
{
	(void)conn;
	return 0;
}

static long long pg_changes(struct db_conn *conn)
{
	return C(conn)->changes;
}

/* The id the last INSERT gave: the session's last identity value, 0 if none yet. */
static long long pg_last_id(struct db_conn *conn)
{
	struct pg_conn *c = C(conn);
	if (settle(c, NULL) != DB_OK)
		return 0;
	PGresult *r = PQexec(c->pg, "SELECT lastval()");
	long long id = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1
	                   ? atoll(PQgetvalue(r, 0, 0))
	                   : 0;
	PQclear(r);
	return id;
}

/* ---------------------------------------------------------- statements */

/*
 * The store's SQL as PostgreSQL reads it, up to the end of its first
 * statement (*end: where the next begins): ?N is $N, and a bare ? takes the
 * number after the highest so far, as in SQLite.  Strings, quoted names and
 * comments are copied as they are.  *nparams gets the highest number.
 */
static char *renumber(const char *sql, const char **end, int *nparams, unsigned char **used)
{
	size_t n = strlen(sql);
	char *out = malloc(4 * n + 1), *o = out;
	/* used[k]: $k appears; a statement has fewer parameters than bytes */
	*used = calloc(n + 2, 1);
	if (!out || !*used) {
		free(out);
		free(*used);
		return NULL;
	}
	int high = 0;
	const char *p = sql;
	while (*p && *p != ';') {
		if (*p == '\'' || *p == '"') {
			char q = *p;
			*o++ = *p++;
			while (*p && !(*p == q && p[1] != q)) {
				if (*p == q)
					*o++ = *p++; /* a doubled quote */
				*o++ = *p++;
			}
			if (*p)
				*o++ = *p++;
		} else if (p[0] == '-' && p[1] == '-') {
			while (*p && *p != '\n')
				*o++ = *p++;
		} else if (*p == '?') {
			int k;
			p++;
			if (*p >= '0' && *p <= '9') {
				k = (int)strtol(p, (char **)&p, 10);
			} else
				k = high + 1;
			if (k > high)
				high = k;
			if (k > 0 && (size_t)k <= n + 1)
				(*used)[k] = 1;
			o += sprintf(o, "$%d", k);
		} else
			*o++ = *p++;
	}
	*o = '\0';
	if (*p == ';')
		p++;
	*end = p;
	*nparams = high;
	return out;
}

/* 1 if text holds nothing but blanks and comments. */
static int blank(const char *s)
{
	for (;;) {
		s += strspn(s, " \t\r\n");
		if (s[0] == '-' && s[1] == '-')
			s += strcspn(s, "\n");
		else
			return *s == '\0';
	}
}

/* 1 for a statement that only reads (the store's check before crm sql runs it). */
static int reads_only(const char *sql)
{
	sql += strspn(sql, " \t\r\n(");
	static const char *const readers[] = {"SELECT", "WITH",    "VALUES",
	                                      "SHOW",   "EXPLAIN", "TABLE"};
	for (size_t i = 0; i < sizeof readers / sizeof readers[0]; i++) {
		size_t n = strlen(readers[i]);
		if (!strncasecmp(sql, readers[i], n) &&
		    !((sql[n] >= 'a' && sql[n] <= 'z') || (sql[n] >= 'A' && sql[n] <= 'Z') ||
		      sql[n] == '_'))
			return 1;
	}
	return 0;
}

static int pg_prepare(struct db_conn *conn, const char *sql, const char **tail,
                      struct db_stmt **out)
{
	struct pg_conn *c = C(conn);
	*out = NULL;
	const char *end = sql;
	int nparams;
	unsigned char *used;
	char *text = renumber(sql, &end, &nparams, &used);
	if (tail)
		*tail = end;
	if (!text) {
		set_error(c, "out of memory", DB_E_OTHER);
		return DB_FAIL;
	}
	int empty = blank(text);
	if (empty || settle(c, NULL) != DB_OK) {
		free(text);
		free(used);
		return empty ? DB_OK : DB_FAIL;
	}
	/* a parameter the text leaves out (?2 alone) is typed text, which the server
	   cannot guess; the others it types from where they stand */
	Oid *types = nparams ? calloc((size_t)nparams, sizeof *types) : NULL;
	for (int k = 1; types && k <= nparams; k++)
		types[k - 1] = used[k] ? 0 : OID_TEXT;
	free(used);
	struct pg_stmt *s = calloc(1, sizeof *s);
	if (!s || (nparams && (!types || !(s->vals = calloc((size_t)nparams, sizeof *s->vals))))) {
		free(s);
		free(text);
		free(types);
		set_error(c, "out of memory", DB_E_OTHER);
		return DB_FAIL;
	}
	s->base.drv = &db_pg_driver;
	s->c = c;
	s->nparams = nparams;
	s->row = -1;
	s->writes = !reads_only(text);
	snprintf(s->name, sizeof s->name, "crm%lu", ++c->nstmts);
	PGresult *r = PQprepare(c->pg, s->name, text, nparams, types);
	free(types);
	int rc = check(c, r);
	PQclear(r);
	/*
	 * The description comes with one of the parameters, which libpq takes
	 * only up to 30000 bytes: a statement of thousands (an IN list of ids)
	 * gets its columns from its first run instead (cols).
	 */
	/* a reader gets its columns from its first run too: one round trip less */
	if (rc == DB_OK && s->writes && nparams <= 4096) {
		s->desc = PQdescribePrepared(c->pg, s->name);
		rc = check(c, s->desc);
	}
	free(text);
	if (rc != DB_OK) {
		PQclear(s->desc);
		free(s->vals);
		free(s);
		return DB_FAIL;
	}
	*out = &s->base;
	return DB_OK;
}

static void pg_reset(struct db_stmt *st)
{
	struct pg_stmt *s = ST(st);
	PQclear(s->res);
	s->res = NULL;
	s->row = -1;
	s->ran = 0;
}

static void pg_clear_binds(struct db_stmt *st)
{
	struct pg_stmt *s = ST(st);
	for (int i = 0; i < s->nparams; i++) {
		free(s->vals[i]);
		s->vals[i] = NULL;
	}
}

/*
 * A statement the store is done with is forgotten by the server in batches,
 * one round trip for many; those left when the connection closes go with
 * the session, which the store closes right after finalizing its cache.
 */
static void forget_statement(struct pg_conn *c, const char *name)
{
	size_t have = c->dropped ? strlen(c->dropped) : 0;
	char *more = realloc(c->dropped, have + strlen(name) + 16);
	if (!more)
		return; /* the session keeps it: no harm but a little memory */
	c->dropped = more;
	sprintf(c->dropped + have, "DEALLOCATE %s;", name);
	if (++c->ndropped < 32 || c->queued)
		return;
	if (PQstatus(c->pg) == CONNECTION_OK)
		PQclear(PQexec(c->pg, c->dropped));
	free(c->dropped);
	c->dropped = NULL;
	c->ndropped = 0;
}

static void pg_finalize(struct db_stmt *st)
{
	struct pg_stmt *s = ST(st);
	pg_reset(st);
	pg_clear_binds(st);
	forget_statement(s->c, s->name);
	PQclear(s->desc);
	free(s->vals);
	free(s);
}

static void bind(struct pg_stmt *s, int i, char *v)
{
	if (i < 1 || i > s->nparams) {
		free(v);
		return;
	}
	/* a run its columns were asked of before its values: run again with them */
	if (s->ran && !s->desc) {
		PQclear(s->res);
		s->res = NULL;
		s->ran = 0;
		s->row = -1;
	}
	free(s->vals[i - 1]);
	s->vals[i - 1] = v;
}

static void pg_bind_int(struct db_stmt *st, int i, long long v)
{
	char buf[32];
	snprintf(buf, sizeof buf, "%lld", v);
	bind(ST(st), i, strdup(buf));
}

static void pg_bind_text(struct db_stmt *st, int i, const char *v)
{
	bind(ST(st), i, v ? strdup(v) : NULL);
}

static void pg_bind_null(struct db_stmt *st, int i)
{
	bind(ST(st), i, NULL);
}

/* Runs the statement with its values, once per reset: DB_OK or DB_FAIL. */
static int execute(struct pg_stmt *s)
{
	if (s->ran)
		return PQresultStatus(s->res) == PGRES_TUPLES_OK ||
		               PQresultStatus(s->res) == PGRES_COMMAND_OK
		           ? DB_OK
		           : DB_FAIL;
	s->ran = 1;
	struct pg_conn *c = s->c;
	if (c->queued) {
		/* in the pipeline after those queued, and all answers in one round trip */
		if (!PQsendQueryPrepared(c->pg, s->name, s->nparams, (const char *const *)s->vals,
		                         NULL, NULL, 0)) {
			set_error(c, PQerrorMessage(c->pg), DB_E_IOERR);
			settle(c, NULL);
			return DB_FAIL;
		}
		c->queued++;
		if (settle(c, &s->res) != DB_OK)
			return DB_FAIL;
		if (!s->res) {
			set_error(c, "the server's answers came out of step", DB_E_IOERR);
			return DB_FAIL;
		}
	} else {
		s->res = PQexecPrepared(c->pg, s->name, s->nparams, (const char *const *)s->vals,
		                        NULL, NULL, 0);
		if (check(c, s->res) != DB_OK)
			return DB_FAIL;
	}
	c->changes = atoll(PQcmdTuples(s->res));
	return DB_OK;
}

/*
 * Runs the statement without waiting for its answer: DB_DONE, or DB_FAIL
 * when it could not be sent (an error of its run comes with a later call).
 */
static int pg_step_later(struct db_stmt *st)
{
	struct pg_stmt *s = ST(st);
	struct pg_conn *c = s->c;
	if (c->queued >= PIPELINE_MAX && settle(c, NULL) != DB_OK)
		return DB_FAIL;
	if (!c->queued && !PQenterPipelineMode(c->pg)) {
		set_error(c, PQerrorMessage(c->pg), DB_E_OTHER);
		return DB_FAIL;
	}
	if (!PQsendQueryPrepared(c->pg, s->name, s->nparams, (const char *const *)s->vals, NULL,
	                         NULL, 0)) {
		set_error(c, PQerrorMessage(c->pg), DB_E_IOERR);
		if (!c->queued)
			PQexitPipelineMode(c->pg);
		else
			settle(c, NULL);
		return DB_FAIL;
	}
	c->tags[c->queued++] = c->tag;
	s->ran = 1;
	return DB_DONE;
}

static void pg_tag(struct db_conn *conn, long tag)
{
	C(conn)->tag = tag;
}

static long pg_failed_tag(struct db_conn *conn)
{
	return C(conn)->failed_tag;
}

/* The columns: described at prepare, else those of the run (which this starts). */
static const PGresult *cols(struct pg_stmt *s)
{
	if (s->desc)
		return s->desc;
	execute(s);
	return s->res;
}

static int pg_step(struct db_stmt *st)
{
	struct pg_stmt *s = ST(st);
	/* a run that failed when its columns were asked for fails its first step */
	if ((!s->ran && execute(s) != DB_OK) || !s->res)
		return DB_FAIL;
	ExecStatusType status = PQresultStatus(s->res);
	if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK)
		return DB_FAIL;
	if (status != PGRES_TUPLES_OK || s->row + 1 >= PQntuples(s->res))
		return DB_DONE;
	s->row++;
	return DB_ROW;
}

static int pg_columns(struct db_stmt *st)
{
	return PQnfields(cols(ST(st)));
}

static const char *pg_column_name(struct db_stmt *st, int i)
{
	return PQfname(cols(ST(st)), i);
}

static const char *pg_column_text(struct db_stmt *st, int i)
{
	struct pg_stmt *s = ST(st);
	if (!s->res || s->row < 0 || PQgetisnull(s->res, s->row, i))
		return NULL;
	return PQgetvalue(s->res, s->row, i);
}

static long long pg_column_int(struct db_stmt *st, int i)
{
	const char *t = pg_column_text(st, i);
	return t ? atoll(t) : 0;
}

static int pg_column_is_number(struct db_stmt *st, int i)
{
	Oid t = PQftype(cols(ST(st)), i);
	return t == OID_INT2 || t == OID_INT4 || t == OID_INT8 || t == OID_FLOAT4 ||
	       t == OID_FLOAT8 || t == OID_NUMERIC;
}

static int pg_readonly(struct db_stmt *st)
{
	return !ST(st)->writes;
}

/* ---------------------------------------------------------------- blobs */

static void pg_blob_close(struct db_blob *b);

/*
 * A bytea value read in slices and written whole.  A slice is one query
 * (substring of a value stored uncompressed, which the server reads in
 * place); what is written gathers in memory and goes to the server as one
 * binary parameter when its last byte arrives, since appending to a bytea
 * rewrites all of it each time.
 */
struct db_blob {
	struct pg_conn *c;
	char *select, *update; /* the slice read, and the whole write */
	long long id, size, have;
	int write;
	unsigned char *buf;
};

/* One query with the blob's id (and more text values): its result, or NULL on error. */
static PGresult *blob_query(struct db_blob *b, const char *sql, int nvals, const char *const *vals,
                            const int *lens, const int *formats, int binary)
{
	if (settle(b->c, NULL) != DB_OK)
		return NULL;
	PGresult *r = PQexecParams(b->c->pg, sql, nvals, NULL, vals, lens, formats, binary);
	if (check(b->c, r) != DB_OK) {
		PQclear(r);
		return NULL;
	}
	return r;
}

static int pg_blob_open(struct db_conn *conn, const char *table, const char *column, long long id,
                        int write, struct db_blob **out)
{
	struct db_blob *b = calloc(1, sizeof *b);
	*out = NULL;
	if (!b)
		return DB_FAIL;
	b->c = C(conn);
	b->id = id;
	b->write = write;
	size_t n = strlen(table) + strlen(column) + 96;
	char *size = malloc(n);
	b->select = malloc(n);
	b->update = malloc(n);
	if (!size || !b->select || !b->update) {
		free(size);
		pg_blob_close(b);
		return DB_FAIL;
	}
	snprintf(size, n, "SELECT octet_length(\"%s\") FROM \"%s\" WHERE id = $1", column, table);
	snprintf(b->select, n, "SELECT substring(\"%s\" FROM $2 FOR $3) FROM \"%s\" WHERE id = $1",
	         column, table);
	snprintf(b->update, n, "UPDATE \"%s\" SET \"%s\" = $2 WHERE id = $1", table, column);
	char ids[24];
	snprintf(ids, sizeof ids, "%lld", id);
	const char *vals[] = {ids};
	PGresult *r = blob_query(b, size, 1, vals, NULL, NULL, 0);
	free(size);
	if (!r || PQntuples(r) != 1 || PQgetisnull(r, 0, 0)) {
		if (r)
			set_error(b->c, "no such blob", DB_E_OTHER);
		PQclear(r);
		pg_blob_close(b);
		return DB_FAIL;
	}
	b->size = atoll(PQgetvalue(r, 0, 0));
	PQclear(r);
	if (write && b->size > 0 && !(b->buf = malloc((size_t)b->size))) {
		set_error(b->c, "out of memory", DB_E_FULL);
		pg_blob_close(b);
		return DB_FAIL;
	}
	*out = b;
	return DB_OK;
}

static long long pg_blob_bytes(struct db_blob *b)
{
	return b->size;
}

static int pg_blob_read(struct db_blob *b, void *buf, int n, long long off)
{
	char ids[24], from[24], len[24];
	snprintf(ids, sizeof ids, "%lld", b->id);
	snprintf(from, sizeof from, "%lld", off + 1);
	snprintf(len, sizeof len, "%d", n);
	const char *vals[] = {ids, from, len};
	PGresult *r = blob_query(b, b->select, 3, vals, NULL, NULL, 1);
	if (!r)
		return DB_FAIL;
	int ok = PQntuples(r) == 1 && PQgetlength(r, 0, 0) == n;
	if (ok)
		memcpy(buf, PQgetvalue(r, 0, 0), (size_t)n);
	else
		set_error(b->c, "blob shorter than its size", DB_E_OTHER);
	PQclear(r);
	return ok ? DB_OK : DB_FAIL;
}

static int pg_blob_write(struct db_blob *b, const void *buf, int n, long long off)
{
	if (!b->write || off < 0 || off + n > b->size) {
		set_error(b->c, "write past the end of a blob", DB_E_OTHER);
		return DB_FAIL;
	}
	memcpy(b->buf + off, buf, (size_t)n);
	b->have += n;
	if (b->have < b->size)
		return DB_OK;
	char ids[24];
	snprintf(ids, sizeof ids, "%lld", b->id);
	const char *vals[] = {ids, (const char *)b->buf};
	int lens[] = {0, (int)b->size}, formats[] = {0, 1};
	PGresult *r = blob_query(b, b->update, 2, vals, lens, formats, 0);
	PQclear(r);
	return r ? DB_OK : DB_FAIL;
}

static void pg_blob_close(struct db_blob *b)
{
	if (!b)
		return;
	free(b->select);
	free(b->update);
	free(b->buf);
	free(b);
}

/*
 * No functions of ours in the server's SQL and no file to copy: the schema
 * defines its functions in SQL, and pg_dump makes the backups.
 */
const struct db_driver db_pg_driver = {
    .name = "postgresql",
    .caps = DB_CAP_BLOB_IO,
    .open = pg_open,
    .close = pg_close,
    .busy_timeout = pg_busy_timeout,
    .exec = pg_exec,
    .errmsg = pg_errmsg,
    .errcode = pg_errcode,
    .sys_errno = pg_sys_errno,
    .changes = pg_changes,
    .last_id = pg_last_id,
    .prepare = pg_prepare,
    .finalize = pg_finalize,
    .reset = pg_reset,
    .clear_binds = pg_clear_binds,
    .bind_int = pg_bind_int,
    .bind_text = pg_bind_text,
    .bind_null = pg_bind_null,
    .step = pg_step,
    .step_later = pg_step_later,
    .tag = pg_tag,
    .failed_tag = pg_failed_tag,
    .columns = pg_columns,
    .column_name = pg_column_name,
    .column_text = pg_column_text,
    .column_int = pg_column_int,
    .column_is_number = pg_column_is_number,
    .readonly = pg_readonly,
    .blob_open = pg_blob_open,
    .blob_bytes = pg_blob_bytes,
    .blob_read = pg_blob_read,
    .blob_write = pg_blob_write,
    .blob_close = pg_blob_close,
};
