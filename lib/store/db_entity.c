/*
 * db_entity.c - the store layer's records, filters and change log: turns
 * descriptors and filters into SQL.  Field names come from the descriptors;
 * every user value is a bound parameter.
 */
#define _GNU_SOURCE
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/i18n.h"
#include "store/db_int.h"

/* ------------------------------------------------------------ SQL text */

/* The record's display name as an SQL expression over alias a. */
static void label_expr(struct crm_buf *b, const struct crm_schema *s, const char *a)
{
	int n = 0;
	for (int f = 0; f < s->nfields; f++)
		if (s->fields[f].flags & CRM_F_NAME)
			n++;
	if (n > 1)
		crm_buf_puts(b, "trim(");
	int first = 1;
	for (int f = 0; f < s->nfields; f++) {
		if (!(s->fields[f].flags & CRM_F_NAME))
			continue;
		if (n == 1) {
			crm_buf_printf(b, "%s.\"%s\"", a, s->fields[f].name);
			return;
		}
		crm_buf_printf(b, "%scoalesce(%s.\"%s\", '')", first ? "" : " || ' ' || ", a,
		               s->fields[f].name);
		first = 0;
	}
	crm_buf_puts(b, n > 1 ? ")" : "NULL");
}

/* The SQL expression that yields field f of alias t in the library's text form. */
static void field_expr(struct crm_db *db, struct crm_buf *b, const struct crm_schema *s, int f)
{
	const struct crm_field *fd = &s->fields[f];
	switch (fd->type) {
	case CRM_T_REF: {
		const struct crm_schema *to = db_schema(db, crm_entity_find(fd->ref));
		crm_buf_puts(b, "(SELECT ");
		label_expr(b, to, "r");
		crm_buf_printf(b, " FROM \"%s\" r WHERE r.id = t.\"%s\")", to->ent->name, fd->name);
		break;
	}
	case CRM_T_TAGS: {
		char *where = crm_xasprintf("entity = '%s' AND record = t.id", s->ent->name);
		db_fill(b, db->sql->tag_list, where);
		free(where);
		break;
	}
	case CRM_T_BOOL:
		crm_buf_printf(b, "CASE t.\"%s\" WHEN 1 THEN 'yes' WHEN 0 THEN 'no' END", fd->name);
		break;
	case CRM_T_MONEY:
		/* minor units back to "1234.50" with integer arithmetic */
		crm_buf_printf(b,
		               "CASE WHEN t.\"%s\" IS NULL THEN NULL ELSE"
		               " (CASE WHEN t.\"%s\" < 0 THEN '-' ELSE '' END)"
		               " || (abs(t.\"%s\") / 100) || '.'"
		               " || substr(CAST(abs(t.\"%s\") %% 100 + 100 AS TEXT), 2) END",
		               fd->name, fd->name, fd->name, fd->name);
		break;
	default:
		crm_buf_printf(b, "t.\"%s\"", fd->name);
	}
}

static int is_texty(enum crm_type t)
{
	return t == CRM_T_TEXT || t == CRM_T_EMAIL || t == CRM_T_PHONE || t == CRM_T_URL ||
	       t == CRM_T_CHOICE;
}

/* Converts a library value to what the column stores; buf holds converted money. */
static const char *stored_value(const struct crm_field *fd, const char *v, char *buf)
{
	if (fd->type == CRM_T_BOOL && v)
		return !strcmp(v, "yes") ? "1" : "0";
	if (fd->type == CRM_T_MONEY && v) {
		/* "1234.50" -> "123450": minor units, never floating point */
		size_t n = 0;
		for (; *v && n < 39; v++)
			if (*v != '.')
				buf[n++] = *v;
		buf[n] = '\0';
		return buf;
	}
	return v;
}

void db_bind_all(struct db_stmt *st, const struct binds *bv)
{
	for (int i = 0; i < bv->v.n; i++)
		db_bind_text(st, i + 1, bv->v.v[i]);
}

/*
 * An FTS5 query that matches every word as a prefix: "garc"* "mad"*.  The
 * words are folded as the search entries are.
 */
static char *fts_query(const struct crm_strv *words)
{
	struct crm_buf b = CRM_BUF_INIT;
	for (int i = 0; i < words->n; i++) {
		char *word = crm_fold(words->v[i]);
		crm_buf_puts(&b, i ? " \"" : "\"");
		for (const char *p = word; *p; p++) {
			if (*p == '"')
				crm_buf_putc(&b, '"');
			crm_buf_putc(&b, *p);
		}
		crm_buf_puts(&b, "\"*");
		free(word);
	}
	return crm_buf_detach(&b);
}

/* A byte of a word as SQLite's tokenizer and crm_words keep it: not ASCII punctuation. */
static int word_byte(unsigned char c)
{
	return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z');
}

/*
 * The same query for PostgreSQL's text search: each word a prefix, all of
 * them: garc:* & mad:*.  A word that punctuation splits (o'brien) is its
 * parts in a row, as SQLite reads a phrase: o <-> brien:*.  Only word bytes
 * reach the query, so nothing in it is the query language's.
 */
static char *tsquery(const struct crm_strv *words)
{
	struct crm_buf b = CRM_BUF_INIT;
	for (int i = 0; i < words->n; i++) {
		char *word = crm_fold(words->v[i]);
		int parts = 0;
		for (const char *p = word; *p;) {
			size_t n = 0;
			while (p[n] && word_byte((unsigned char)p[n]))
				n++;
			if (n) {
				crm_buf_puts(&b, parts ? " <-> " : b.len ? " & " : "");
				crm_buf_printf(&b, "%.*s", (int)n, p);
				parts++;
			}
			p += n;
			while (*p && !word_byte((unsigned char)*p))
				p++;
		}
		if (parts)
			crm_buf_puts(&b, ":*");
		free(word);
	}
	/* nothing but punctuation finds nothing, as on SQLite */
	return b.len ? crm_buf_detach(&b) : (crm_buf_release(&b), crm_xstrdup("!''"));
}

static const char *op_sql(enum crm_op op)
{
	static const char *const ops[] = {"=", "!=", ">", ">=", "<", "<="};
	return ops[op];
}

/*
 * A 'when' field holds dates and UTC times side by side.  A day in a filter
 * means that local day: due=tomorrow finds a task due tomorrow at 10:30,
 * due<today leaves out one due at 00:30 today.  c is the column, d the day,
 * [start, end) its UTC bounds.
 */
static void when_day(struct crm_buf *b, struct binds *bv, const char *c, enum crm_op op,
                     const char *d)
{
	char start[32], end[32], next[16];
	struct tm tm = {0};
	sscanf(d, "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday);
	tm.tm_year -= 1900, tm.tm_mon -= 1, tm.tm_mday += 1;
	timegm(&tm);
	strftime(next, sizeof next, "%Y-%m-%d", &tm);
	crm_parse_datetime(d, start);
	crm_parse_datetime(next, end);
	const char *date_op = op == CRM_OP_LT   ? "<"
	                      : op == CRM_OP_LE ? "<="
	                      : op == CRM_OP_GT ? ">"
	                      : op == CRM_OP_GE ? ">="
	                                        : "=";
	/* the UTC bound a timed value is compared with, and how */
	const char *bound = op == CRM_OP_LT || op == CRM_OP_GE ? start : end;
	const char *time_op = op == CRM_OP_LT || op == CRM_OP_LE ? "<" : ">=";
	if (op == CRM_OP_EQ || op == CRM_OP_NE) {
		crm_buf_printf(b, "(%s = ? OR (length(%s) = 20 AND %s >= ? AND %s < ?))", c, c, c,
		               c);
		crm_strv_push(&bv->v, d);
		crm_strv_push(&bv->v, start);
		crm_strv_push(&bv->v, end);
		return;
	}
	crm_buf_printf(b, "((length(%s) = 10 AND %s %s ?) OR (length(%s) = 20 AND %s %s ?))", c, c,
	               date_op, c, c, time_op);
	crm_strv_push(&bv->v, d);
	crm_strv_push(&bv->v, bound);
}

static int is_day(const char *v)
{
	return v && strlen(v) == 10 && v[4] == '-' && v[7] == '-';
}

static void where_when(struct crm_buf *b, struct binds *bv, const struct crm_field *fd,
                       const struct crm_term *t)
{
	char *c = crm_xasprintf("t.\"%s\"", fd->name);
	int ne = t->op == CRM_OP_NE;
	crm_buf_puts(b, ne ? "(" : "((");
	if (ne)
		crm_buf_printf(b, "%s IS NULL OR NOT (", c);
	for (int i = 0; i < t->values.n; i++) {
		const char *v = t->values.v[i];
		if (i)
			crm_buf_puts(b, " OR ");
		if (is_day(v))
			when_day(b, bv, c, t->op, v);
		else {
			crm_buf_printf(b, "%s %s ?", c, op_sql(ne ? CRM_OP_EQ : t->op));
			crm_strv_push(&bv->v, v);
		}
	}
	crm_buf_puts(b, "))");
	free(c);
}

static void where_field(struct crm_db *db, struct crm_buf *b, struct binds *bv,
                        const struct crm_schema *s, const struct crm_term *t)
{
	const struct crm_field *fd = &s->fields[t->field];
	if (fd->type == CRM_T_WHEN && t->op != CRM_OP_LIKE && t->values.n) {
		where_when(b, bv, fd, t);
		return;
	}
	struct crm_buf lhs = CRM_BUF_INIT;
	/* phone=600123456 finds "+34 600 12 34 56": numbers compare by their key */
	int keyed = fd->type == CRM_T_PHONE && (t->op == CRM_OP_EQ || t->op == CRM_OP_NE);
	int fold = !keyed && (is_texty(fd->type) || t->op == CRM_OP_LIKE);
	int ref_id = fd->type == CRM_T_REF && t->op != CRM_OP_LIKE;
	if (keyed)
		crm_buf_printf(&lhs, "t.\"%s_key\"", fd->name);
	else if (ref_id)
		crm_buf_printf(&lhs, "t.\"%s\"", fd->name);
	else if (fold) {
		crm_buf_puts(&lhs, "crm_fold(");
		field_expr(db, &lhs, s, t->field);
		crm_buf_puts(&lhs, ")");
	} else if (fd->type == CRM_T_BOOL || fd->type == CRM_T_TAGS || fd->type == CRM_T_MONEY)
		crm_buf_printf(&lhs, "t.\"%s\"", fd->name);
	else
		field_expr(db, &lhs, s, t->field);
	const char *l = crm_buf_str(&lhs);

	if (t->values.n == 0) {
		/* field= is "empty", field!= is "not empty"; a number is never '' */
		int number = fd->type == CRM_T_ID || fd->type == CRM_T_REF ||
		             fd->type == CRM_T_NUMBER || fd->type == CRM_T_MONEY ||
		             fd->type == CRM_T_BOOL;
		if (number && !fold)
			crm_buf_printf(b, "%s IS %sNULL", l, t->op == CRM_OP_NE ? "NOT " : "");
		else if (t->op == CRM_OP_NE)
			crm_buf_printf(b, "(%s IS NOT NULL AND %s != '')", l, l);
		else
			crm_buf_printf(b, "(%s IS NULL OR %s = '')", l, l);
		crm_buf_release(&lhs);
		return;
	}
	/* any-of lists are IN lists: flat, whatever their length (ids piped in by thousands) */
	int in_list = t->op == CRM_OP_NE || t->op == CRM_OP_EQ;
	crm_buf_puts(b, in_list ? "(" : "((");
	if (t->op == CRM_OP_NE)
		crm_buf_printf(b, "%s IS NULL OR %s NOT IN (", l, l);
	else if (in_list)
		crm_buf_printf(b, "%s IN (", l);
	for (int i = 0; i < t->values.n; i++) {
		char buf[40];
		const char *v = stored_value(fd, t->values.v[i], buf);
		char *folded = keyed ? crm_phone_key(v) : fold ? crm_fold(v) : crm_xstrdup(v);
		if (in_list)
			crm_buf_printf(b, "%s?", i ? ", " : "");
		else if (t->op == CRM_OP_LIKE)
			crm_buf_printf(b, "%s%s(%s, ?) > 0", i ? " OR " : "", db->sql->find, l);
		else
			crm_buf_printf(b, "%s%s %s ?", i ? " OR " : "", l, op_sql(t->op));
		crm_strv_push_owned(&bv->v, folded);
	}
	crm_buf_puts(b, "))");
	crm_buf_release(&lhs);
}

static void where_tag(struct crm_db *db, struct crm_buf *b, struct binds *bv,
                      const struct crm_schema *s, const struct crm_term *t)
{
	int neg = t->op == CRM_OP_NE;
	if (t->values.n == 0) {
		crm_buf_printf(b,
		               "%sEXISTS (SELECT 1 FROM tag WHERE entity = '%s' AND record = t.id)",
		               neg ? "" : "NOT ", s->ent->name);
		return;
	}
	crm_buf_printf(b, "%sEXISTS (SELECT 1 FROM tag WHERE entity = '%s' AND record = t.id AND ",
	               neg ? "NOT " : "", s->ent->name);
	if (t->op == CRM_OP_LIKE) {
		crm_buf_puts(b, "(");
		for (int i = 0; i < t->values.n; i++) {
			crm_buf_printf(b, "%s%s(crm_fold(tag), ?) > 0", i ? " OR " : "",
			               db->sql->find);
			crm_strv_push_owned(&bv->v, crm_fold(t->values.v[i]));
		}
		crm_buf_puts(b, "))");
		return;
	}
	crm_buf_puts(b, "crm_fold(tag) IN (");
	for (int i = 0; i < t->values.n; i++) {
		crm_buf_printf(b, "%s?", i ? ", " : "");
		crm_strv_push_owned(&bv->v, crm_fold(t->values.v[i]));
	}
	crm_buf_puts(b, "))");
}

static void where_terms(struct crm_db *db, struct crm_buf *b, struct binds *bv,
                        const struct crm_schema *s, const struct crm_filter *flt);

/* A segment term: its saved filters as one condition, any of them (or none, for !=). */
static void where_segment(struct crm_db *db, struct crm_buf *b, struct binds *bv,
                          const struct crm_schema *s, const struct crm_term *t)
{
	crm_buf_puts(b, t->op == CRM_OP_NE ? "NOT (" : "(");
	for (int i = 0; i < t->nsubs; i++) {
		crm_buf_puts(b, i ? " OR (TRUE" : "(TRUE");
		where_terms(db, b, bv, s, &t->subs[i]);
		crm_buf_puts(b, ")");
	}
	crm_buf_puts(b, t->nsubs ? ")" : "FALSE)");
}

/* " AND ..." for each term of a filter; its words become one full-text match. */
static void where_terms(struct crm_db *db, struct crm_buf *b, struct binds *bv,
                        const struct crm_schema *s, const struct crm_filter *flt)
{
	struct crm_strv words = CRM_STRV_INIT;
	for (int i = 0; i < flt->n; i++) {
		const struct crm_term *t = &flt->terms[i];
		if (t->kind == CRM_TERM_TEXT) {
			for (int w = 0; w < t->values.n; w++)
				crm_strv_push(&words, t->values.v[w]);
			continue;
		}
		crm_buf_puts(b, " AND ");
		if (t->kind == CRM_TERM_TAG)
			where_tag(db, b, bv, s, t);
		else if (t->kind == CRM_TERM_SEGMENT)
			where_segment(db, b, bv, s, t);
		else
			where_field(db, b, bv, s, t);
	}
	if (words.n) {
		char *table = crm_xasprintf("\"%s_fts\"", s->ent->name);
		crm_buf_printf(b, " AND t.id IN (SELECT rowid FROM %s WHERE ", table);
		db_fill(b, db->sql->match, table);
		crm_buf_puts(b, ")");
		free(table);
		crm_strv_push_owned(&bv->v, db->sql->server ? tsquery(&words) : fts_query(&words));
	}
	crm_strv_release(&words);
}

void db_build_where(struct crm_db *db, struct crm_buf *b, struct binds *bv,
                    const struct crm_schema *s, const struct crm_filter *flt)
{
	int deleted = flt ? flt->deleted : 0;
	crm_buf_puts(b, deleted == 0   ? " WHERE t.deleted IS NULL"
	                : deleted == 1 ? " WHERE t.deleted IS NOT NULL"
	                               : " WHERE TRUE");
	if (flt)
		where_terms(db, b, bv, s, flt);
}

/*
 * A reference as export writes it: the name, when that name finds this one
 * record again on import (not shared, not all digits); else the id, which
 * import also reads and which round-trips because import keeps ids.
 */
static void portable_ref_expr(struct crm_db *db, struct crm_buf *b, const struct crm_schema *s,
                              int f)
{
	const struct crm_schema *to = db_schema(db, crm_entity_find(s->fields[f].ref));
	const char *tn = to->ent->name;
	crm_buf_puts(b, "(SELECT CASE WHEN r.deleted IS NULL AND r.label_key != '' AND ");
	db_fill(b, db->sql->not_number, "r.label_key");
	crm_buf_puts(b, " AND (SELECT count(*) FROM ");
	crm_buf_printf(b,
	               "\"%s\" r2 WHERE r2.label_key = r.label_key AND r2.deleted IS NULL) = 1"
	               " THEN ",
	               tn);
	label_expr(b, to, "r");
	crm_buf_printf(b, " ELSE CAST(r.id AS TEXT) END FROM \"%s\" r WHERE r.id = t.\"%s\")", tn,
	               s->fields[f].name);
}

static void select_list(struct crm_db *db, struct crm_buf *b, const struct crm_schema *s,
                        const char *want, int portable_refs, int raw_refs)
{
	crm_buf_puts(b, "SELECT ");
	for (int f = 0; f < s->nfields; f++) {
		if (f)
			crm_buf_puts(b, ", ");
		if (want && !want[f])
			crm_buf_puts(b, "NULL");
		else if (raw_refs && s->fields[f].type == CRM_T_REF)
			crm_buf_printf(b, "CAST(t.\"%s\" AS TEXT)", s->fields[f].name);
		else if (portable_refs && s->fields[f].type == CRM_T_REF)
			portable_ref_expr(db, b, s, f);
		else
			field_expr(db, b, s, f);
	}
	crm_buf_printf(b, ", t.deleted FROM \"%s\" t", s->ent->name);
}

static void order_by(struct crm_db *db, struct crm_buf *b, const struct crm_schema *s, int f,
                     int desc)
{
	if (f < 0)
		f = crm_schema_field(s, s->ent->sort);
	const char *dir = desc ? " DESC" : "";
	/* records without a value come last, whatever the direction: no due date, no name */
	crm_buf_puts(b, " ORDER BY ");
	if (s->fields[f].type == CRM_T_MONEY)
		crm_buf_printf(b, "t.\"%s\" IS NULL, ", s->fields[f].name);
	else {
		field_expr(db, b, s, f);
		crm_buf_puts(b, " IS NULL, ");
	}
	/* text sorts as people read it: Álvarez before zapata */
	int fold = is_texty(s->fields[f].type) || s->fields[f].type == CRM_T_REF;
	if (fold)
		crm_buf_puts(b, "crm_fold(");
	if (s->fields[f].type == CRM_T_MONEY)
		crm_buf_printf(b, "t.\"%s\"", s->fields[f].name);
	else
		field_expr(db, b, s, f);
	if (fold)
		crm_buf_puts(b, ")");
	crm_buf_printf(b, "%s, t.id%s", dir, dir);
}

/* Runs a SELECT built by select_list and streams rows of nfields + deleted. */
static long stream_rows(struct crm_db *db, const struct crm_schema *s, const char *sql,
                        const struct binds *bv, db_row_fn fn, void *ctx)
{
	struct db_stmt *st;
	/* Not cached: filter shapes vary, and a row callback may run other statements. */
	if (db->drv->prepare(db->h, sql, NULL, &st) != DB_OK) {
		db_fail(db, "select");
		return -1;
	}
	db_bind_all(st, bv);
	const char **vals = crm_xcalloc(s->nfields + 1, sizeof *vals);
	long n = 0;
	int rc;
	while ((rc = st_step(st)) == DB_ROW) {
		for (int f = 0; f <= s->nfields; f++)
			vals[f] = st_text(st, f);
		n++;
		if (fn(ctx, vals)) {
			rc = DB_DONE;
			break;
		}
	}
	if (rc != DB_DONE) {
		db_fail(db, "select");
		n = -1;
	}
	free(vals);
	st_free(st);
	return n;
}

long db_select(struct crm_db *db, const struct db_query *q, db_row_fn fn, void *ctx)
{
	struct crm_buf sql = CRM_BUF_INIT;
	struct binds bv = {CRM_STRV_INIT};
	select_list(db, &sql, q->s, q->want, q->portable_refs, q->raw_refs);
	db_build_where(db, &sql, &bv, q->s, q->filter);
	order_by(db, &sql, q->s, q->sort_field, q->sort_desc);
	if (q->limit > 0)
		crm_buf_printf(&sql, " LIMIT %ld", q->limit);
	long n = stream_rows(db, q->s, crm_buf_str(&sql), &bv, fn, ctx);
	crm_buf_release(&sql);
	crm_strv_release(&bv.v);
	return n;
}

struct get_ctx {
	const struct crm_schema *s;
	char **vals;
	char *deleted;
};

static int get_row(void *ctx, const char *const *vals)
{
	struct get_ctx *g = ctx;
	g->vals = crm_xcalloc(g->s->nfields, sizeof(char *));
	for (int f = 0; f < g->s->nfields; f++)
		g->vals[f] = vals[f] ? crm_xstrdup(vals[f]) : NULL;
	g->deleted = vals[g->s->nfields] ? crm_xstrdup(vals[g->s->nfields]) : NULL;
	return 1;
}

/* The SELECT of one record, built once per schema: imports and updates run it per row. */
static const char *get_sql(struct crm_db *db, const struct crm_schema *s)
{
	char **cached = &db->get_sql[s - db->schemas];
	if (*cached)
		return *cached;
	struct crm_buf sql = CRM_BUF_INIT;
	select_list(db, &sql, s, NULL, 0, 0);
	crm_buf_puts(&sql, " WHERE t.id = ?");
	return *cached = crm_buf_detach(&sql);
}

char **db_get(struct crm_db *db, const struct crm_schema *s, long long id, char **deleted)
{
	struct get_ctx g = {s, NULL, NULL};
	/* prepared once and kept: get_row copies the row and runs nothing else */
	struct db_stmt *st = db_prepare(db, get_sql(db, s));
	if (st) {
		st_bind_int(st, 1, id);
		if (st_step(st) == DB_ROW) {
			const char **vals = crm_xcalloc(s->nfields + 1, sizeof *vals);
			for (int f = 0; f <= s->nfields; f++)
				vals[f] = st_text(st, f);
			get_row(&g, vals);
			free(vals);
		}
		st_reset(st);
	}
	if (deleted)
		*deleted = g.deleted;
	else
		free(g.deleted);
	return g.vals;
}

void db_row_free(const struct crm_schema *s, char **vals)
{
	if (!vals)
		return;
	for (int f = 0; f < s->nfields; f++)
		free(vals[f]);
	free(vals);
}

/* ------------------------------------------------------ finding records */

int db_resolve(struct crm_db *db, const struct crm_schema *s, const char *text, long long *id,
               struct crm_strv *cands)
{
	struct crm_buf sql = CRM_BUF_INIT;
	crm_buf_puts(&sql, "SELECT t.id, ");
	label_expr(&sql, s, "t");
	crm_buf_printf(&sql, " FROM \"%s\" t WHERE t.deleted IS NULL AND (", s->ent->name);
	/* the id apart from the text: a server types each parameter once */
	if (crm_is_uint(text))
		crm_buf_puts(&sql, "t.id = ?2 OR ");
	/* label_key holds the name's key, indexed: resolving stays fast at any size */
	crm_buf_puts(&sql, "t.label_key = crm_key(?1)");
	for (int f = 0; f < s->nfields; f++)
		if (s->fields[f].flags & CRM_F_UNIQUE)
			crm_buf_printf(&sql, " OR lower(t.\"%s\") = lower(?1)", s->fields[f].name);
	crm_buf_puts(&sql, ") ORDER BY t.id LIMIT 10");
	struct db_stmt *st = db_prepare(db, crm_buf_str(&sql));
	crm_buf_release(&sql);
	if (!st)
		return -1;
	db_bind_text(st, 1, text);
	if (crm_is_uint(text))
		db_bind_text(st, 2, text);
	int n = 0;
	while (st_step(st) == DB_ROW) {
		long long rid = st_int(st, 0);
		/* an exact id wins over names that happen to be digits */
		if (crm_is_uint(text) && rid == atoll(text)) {
			n = 1;
			*id = rid;
			break;
		}
		if (n++ == 0)
			*id = rid;
		const char *l = st_text(st, 1);
		crm_strv_push_owned(cands, crm_xasprintf("%lld %s", rid, l ? l : ""));
	}
	st_reset(st);
	return n == 0 ? 1 : n == 1 ? 0 : 2;
}

int db_names(struct crm_db *db, const struct crm_schema *s, const char *prefix, int limit,
             struct crm_strv *out)
{
	char *lo = crm_name_key(prefix);
	/* every key that begins with lo sorts below lo followed by the last code point */
	char *hi = crm_xasprintf("%s\xf4\x8f\xbf\xbf", lo);
	struct crm_buf sql = CRM_BUF_INIT;
	crm_buf_puts(&sql, "SELECT ");
	label_expr(&sql, s, "t");
	crm_buf_printf(&sql,
	               " FROM \"%s\" t WHERE t.deleted IS NULL AND t.label_key >= ?1"
	               " AND t.label_key < ?2 ORDER BY t.label_key, t.id LIMIT ?3",
	               s->ent->name);
	struct db_stmt *st = db_prepare(db, crm_buf_str(&sql));
	crm_buf_release(&sql);
	if (st) {
		db_bind_text(st, 1, lo);
		db_bind_text(st, 2, hi);
		st_bind_int(st, 3, limit);
		while (st_step(st) == DB_ROW) {
			const char *l = st_text(st, 0);
			if (l && *l && (!out->n || strcmp(out->v[out->n - 1], l)))
				crm_strv_push(out, l);
		}
		st_reset(st);
	}
	free(lo);
	free(hi);
	return st ? 0 : -1;
}

char *db_label(struct crm_db *db, const struct crm_schema *s, long long id)
{
	struct crm_buf sql = CRM_BUF_INIT;
	crm_buf_puts(&sql, "SELECT ");
	label_expr(&sql, s, "t");
	crm_buf_printf(&sql, " FROM \"%s\" t WHERE t.id = ?", s->ent->name);
	struct db_stmt *st = db_prepare(db, crm_buf_str(&sql));
	crm_buf_release(&sql);
	if (!st)
		return NULL;
	st_bind_int(st, 1, id);
	char *l = st_step(st) == DB_ROW ? db_column_dup(st, 0) : NULL;
	st_reset(st);
	return l;
}

int db_choices(struct crm_db *db, const char *list, struct crm_strv *out)
{
	/* lists kept in the database: their names, in their order */
	char *sql = crm_xasprintf(
	    "SELECT name FROM \"%s\" GROUP BY name ORDER BY min(position), name", list);
	struct db_stmt *st = db_prepare(db, sql);
	free(sql);
	if (!st)
		return -1;
	while (st_step(st) == DB_ROW)
		crm_strv_push_owned(out, db_column_dup(st, 0));
	st_reset(st);
	return 0;
}

long long db_ref_id(struct crm_db *db, const struct crm_schema *s, long long id, int f)
{
	char *sql = crm_xasprintf("SELECT \"%s\" FROM \"%s\" WHERE id = ?", s->fields[f].name,
	                          s->ent->name);
	struct db_stmt *st = db_prepare(db, sql);
	free(sql);
	if (!st)
		return 0;
	st_bind_int(st, 1, id);
	long long ref = st_step(st) == DB_ROW ? st_int(st, 0) : 0;
	st_reset(st);
	return ref;
}

/* The first id sql (one of an entity's fields compared with ?1, ids other than ?2) finds: id, 0 or
 * -1. */
static long long first_id(struct crm_db *db, char *sql, const char *value, long long except)
{
	struct db_stmt *st = db_prepare(db, sql);
	free(sql);
	if (!st)
		return -1;
	db_bind_text(st, 1, value);
	st_bind_int(st, 2, except);
	int rc = st_step(st);
	long long id = rc == DB_ROW ? st_int(st, 0) : 0;
	st_reset(st);
	if (rc != DB_ROW && rc != DB_DONE) {
		db_fail(db, "find");
		return -1;
	}
	return id;
}

long long db_find_unique(struct crm_db *db, const struct crm_schema *s, int field,
                         const char *value, long long except)
{
	return first_id(db,
	                crm_xasprintf("SELECT id FROM \"%s\" WHERE lower(\"%s\") = lower(?1)"
	                              " AND id != ?2",
	                              s->ent->name, s->fields[field].name),
	                value, except);
}

long long db_find_exact(struct crm_db *db, const struct crm_schema *s, int field, const char *value)
{
	return first_id(db,
	                crm_xasprintf("SELECT id FROM \"%s\" WHERE \"%s\" = ?1 AND id != ?2"
	                              " ORDER BY id LIMIT 1",
	                              s->ent->name, s->fields[field].name),
	                value, 0);
}

int db_lookup(struct crm_db *db, const struct crm_schema *s, const char *phone_key,
              const char *email, struct crm_strv *ids)
{
	struct crm_buf sql = CRM_BUF_INIT;
	/* plain ORs of indexed terms: SQLite answers each from its index */
	crm_buf_printf(&sql, "SELECT id FROM \"%s\" WHERE deleted IS NULL AND (", s->ent->name);
	int terms = 0;
	for (int f = 0; f < s->nfields; f++) {
		const char * or = terms ? " OR " : "";
		if (s->fields[f].type == CRM_T_PHONE && phone_key && ++terms)
			crm_buf_printf(&sql, "%s\"%s_key\" = ?1", or, s->fields[f].name);
		if (s->fields[f].type == CRM_T_EMAIL && email && ++terms)
			crm_buf_printf(&sql, "%slower(\"%s\") = lower(?2)", or, s->fields[f].name);
	}
	if (!terms)
		crm_buf_puts(&sql, "0");
	crm_buf_puts(&sql, ") ORDER BY id");
	struct db_stmt *st = db_prepare(db, crm_buf_str(&sql));
	crm_buf_release(&sql);
	if (!st)
		return -1;
	db_bind_text(st, 1, phone_key);
	db_bind_text(st, 2, email);
	while (st_step(st) == DB_ROW)
		crm_strv_push_owned(ids, db_column_dup(st, 0));
	st_reset(st);
	return 0;
}

/* ------------------------------------------------------------- writing */

/* Fields with a column of their own (tags live in their table). */
static int has_column(const struct crm_field *fd)
{
	return fd->type != CRM_T_TAGS;
}

/* The folded display name, as label_expr computes it in SQL. */
static char *label_key(const struct crm_schema *s, const char *const *vals)
{
	struct crm_buf b = CRM_BUF_INIT;
	for (int f = 0; f < s->nfields; f++)
		if (s->fields[f].flags & CRM_F_NAME)
			crm_buf_printf(&b, "%s%s", b.len ? " " : "", vals[f] ? vals[f] : "");
	char *trimmed = crm_trim(crm_buf_str(&b));
	char *key = crm_name_key(trimmed);
	free(trimmed);
	crm_buf_release(&b);
	return key;
}

/* The INSERT of an entity, built once per schema: imports run it per row. */
static const char *insert_sql(struct crm_db *db, const struct crm_schema *s)
{
	char **cached = &db->insert_sql[s - db->schemas];
	if (*cached)
		return *cached;
	struct crm_buf sql = CRM_BUF_INIT, qs = CRM_BUF_INIT;
	crm_buf_printf(&sql, "INSERT INTO \"%s\" (", s->ent->name);
	int n = 0;
	for (int f = 0; f < s->nfields; f++) {
		if (!has_column(&s->fields[f]))
			continue;
		crm_buf_printf(&sql, "%s\"%s\"", n ? ", " : "", s->fields[f].name);
		crm_buf_printf(&qs, "%s?", n++ ? ", " : "");
		if (s->fields[f].type == CRM_T_PHONE) {
			crm_buf_printf(&sql, ", \"%s_key\"", s->fields[f].name);
			crm_buf_printf(&qs, ", ?");
			n++;
		}
	}
	crm_buf_printf(&sql, ", label_key) VALUES (%s, ?)", crm_buf_str(&qs));
	crm_buf_release(&qs);
	return *cached = crm_buf_detach(&sql);
}

/*
 * The id of a new record of s: past every id the table ever had, erased
 * ones too (id_mark), so never one that history already knows.  Asked of
 * the database once per run and schema, then counted on: the run's write
 * lock keeps every other writer out.  0 on error.
 */
static long long new_id(struct crm_db *db, const struct crm_schema *s)
{
	long long *next = &db->next_id[s - db->schemas];
	if (!*next) {
		struct crm_buf sql = CRM_BUF_INIT;
		crm_buf_puts(&sql, "SELECT ");
		db_fill(&sql, db->sql->next_id, s->ent->name);
		struct db_stmt *st = db_prepare(db, crm_buf_str(&sql));
		crm_buf_release(&sql);
		if (!st)
			return 0;
		if (st_step(st) == DB_ROW)
			*next = st_int(st, 0);
		st_reset(st);
		if (!*next) {
			db_fail(db, "insert");
			return 0;
		}
	}
	return (*next)++;
}

/*
 * A new record, its id given (restore) or new: that id, or 0.  Nobody
 * reads the INSERT's answer: on a server it goes with the next round trip
 * (db_step_later), an error with it.
 */
long long db_insert(struct crm_db *db, const struct crm_schema *s, const char *const *vals)
{
	const char *given = vals[0];
	long long id = given ? atoll(given) : new_id(db, s);
	struct db_stmt *st = id ? db_prepare(db, insert_sql(db, s)) : NULL;
	if (!st)
		return 0;
	int i = 1;
	for (int f = 0; f < s->nfields; f++) {
		const struct crm_field *fd = &s->fields[f];
		if (!has_column(fd))
			continue;
		char buf[40];
		if (fd->type == CRM_T_ID)
			st_bind_int(st, i++, id);
		else
			db_bind_text(st, i++, stored_value(fd, vals[f], buf));
		if (fd->type == CRM_T_PHONE) {
			char *key = vals[f] ? crm_phone_key(vals[f]) : NULL;
			db_bind_text(st, i++, key);
			free(key);
		}
	}
	char *key = label_key(s, vals);
	db_bind_text(st, i, key);
	free(key);
	if (db_step_later(db, st, "insert") < 0)
		return 0;
	long long *next = &db->next_id[s - db->schemas];
	if (*next && id >= *next)
		*next = id + 1;
	return id;
}

/*
 * A write to record id that changed no row: on a server, the row rules let
 * the session see the record but not change it, which the server does not
 * call an error.  0, or -1 saying so.
 */
static int row_written(struct crm_db *db, const struct crm_schema *s, long long id)
{
	if (!db->sql->server || db->drv->changes(db->h) > 0)
		return 0;
	free(db->err);
	db->err = crm_xasprintf(_("%s %lld: the server's rules let you read it, not change it"),
	                        s->ent->name, id);
	return -1;
}

int db_update(struct crm_db *db, const struct crm_schema *s, long long id, int field,
              const char *value)
{
	const struct crm_field *fd = &s->fields[field];
	char *sql =
	    fd->type == CRM_T_PHONE
	        ? crm_xasprintf("UPDATE \"%s\" SET \"%s\" = ?1, \"%s_key\" = ?3 WHERE id = ?2",
	                        s->ent->name, fd->name, fd->name)
	        : crm_xasprintf("UPDATE \"%s\" SET \"%s\" = ?1 WHERE id = ?2", s->ent->name,
	                        fd->name);
	struct db_stmt *st = db_prepare(db, sql);
	free(sql);
	if (!st)
		return -1;
	char buf[40];
	db_bind_text(st, 1, stored_value(fd, value, buf));
	st_bind_int(st, 2, id);
	if (fd->type == CRM_T_PHONE) {
		char *key = value ? crm_phone_key(value) : NULL;
		db_bind_text(st, 3, key);
		free(key);
	}
	if (db_step_done(db, st, "update") < 0)
		return -1;
	return row_written(db, s, id);
}

int db_set_tags(struct crm_db *db, const struct crm_schema *s, long long id, const char *tags)
{
	struct db_stmt *st = db_prepare(db, "DELETE FROM tag WHERE entity = ? AND record = ?");
	if (!st)
		return -1;
	db_bind_text(st, 1, s->ent->name);
	st_bind_int(st, 2, id);
	if (db_step_later(db, st, "tags") < 0)
		return -1;
	struct crm_strv tv = CRM_STRV_INIT;
	crm_strv_split(&tv, tags ? tags : "", ',');
	int rc = 0;
	st = db_prepare(db, "INSERT INTO tag (entity, record, tag) VALUES (?, ?, ?)"
	                    " ON CONFLICT DO NOTHING");
	for (int i = 0; st && rc == 0 && i < tv.n; i++) {
		db_bind_text(st, 1, s->ent->name);
		st_bind_int(st, 2, id);
		db_bind_text(st, 3, tv.v[i]);
		rc = db_step_later(db, st, "tags");
	}
	crm_strv_release(&tv);
	return st ? rc : -1;
}

int db_set_deleted(struct crm_db *db, const struct crm_schema *s, long long id, const char *stamp)
{
	char *sql = crm_xasprintf("UPDATE \"%s\" SET deleted = ? WHERE id = ?", s->ent->name);
	struct db_stmt *st = db_prepare(db, sql);
	free(sql);
	if (!st)
		return -1;
	db_bind_text(st, 1, stamp);
	st_bind_int(st, 2, id);
	if (db_step_done(db, st, "delete") < 0)
		return -1;
	return row_written(db, s, id);
}

/*
 * Search entries are rebuilt once per run, at commit: FTS5 flushes its pending
 * terms at every statement boundary, so indexing record by record made an
 * import spend most of its time there.  The records to reindex wait in a
 * temporary table; fresh ones have no old entry to delete.
 */
/* The entity's place in crm_entities, where its range of new ids is kept. */
static int entity_slot(const struct crm_schema *s)
{
	int e = 0;
	while (crm_entities[e] && crm_entities[e] != s->ent)
		e++;
	return e < DB_MAX_ENTITIES ? e : -1;
}

static int mark_dirty(struct crm_db *db, const struct crm_schema *s, long long id, int fresh)
{
	if (!db->dirty && db_exec(db, db->sql->queue) < 0)
		return -1;
	db->dirty = 1;
	int e = entity_slot(s);
	if (e >= 0)
		db->queued[e] = 1;
	struct db_stmt *st =
	    db_prepare(db, "INSERT INTO dirty VALUES (?, ?, ?) ON CONFLICT DO NOTHING");
	if (!st)
		return -1;
	db_bind_text(st, 1, s->ent->name);
	st_bind_int(st, 2, id);
	st_bind_int(st, 3, fresh);
	return db_step_later(db, st, "index");
}

/*
 * New records, as an import adds them, have consecutive ids: they wait as a
 * range held in memory, not as a row each in the dirty table.
 */
static int mark_fresh(struct crm_db *db, const struct crm_schema *s, long long id)
{
	int e = entity_slot(s);
	struct db_fresh *r = e < 0 ? NULL : &db->fresh[e];
	if (r && (r->hi == 0 || id == r->hi + 1)) {
		if (r->hi == 0)
			r->lo = id;
		r->hi = id;
		db->dirty = 1;
		return 0;
	}
	return mark_dirty(db, s, id, 1);
}

/*
 * "INSERT INTO x_fts ... SELECT ... FROM x t": a record's search entry, its
 * searchable fields folded as crm_fold folds the words looked for, so the
 * search finds what a ~ filter finds (ß is ss, Greek without its accents).
 */
static void search_entry_sql(struct crm_db *db, struct crm_buf *b, const struct crm_schema *s)
{
	struct crm_buf text = CRM_BUF_INIT;
	crm_buf_puts(&text, "''");
	for (int f = 0; f < s->nfields; f++) {
		if (!(s->fields[f].flags & CRM_F_SEARCH))
			continue;
		crm_buf_puts(&text, " || ' ' || coalesce(");
		field_expr(db, &text, s, f);
		crm_buf_puts(&text, ", '')");
	}
	crm_buf_printf(b, "INSERT INTO \"%s_fts\" (rowid, body) SELECT t.id, ", s->ent->name);
	db_fill(b, db->sql->words, crm_buf_str(&text));
	crm_buf_printf(b, " FROM \"%s\" t", s->ent->name);
	crm_buf_release(&text);
}

static int flush_entity(struct crm_db *db, const struct crm_schema *s)
{
	int e = entity_slot(s);
	struct db_fresh r = e < 0 ? (struct db_fresh){0, 0} : db->fresh[e];
	struct crm_buf b = CRM_BUF_INIT;
	crm_buf_printf(&b,
	               "DELETE FROM \"%s_fts\" WHERE rowid IN (SELECT id FROM dirty"
	               " WHERE entity = '%s' AND fresh = 0)",
	               s->ent->name, s->ent->name);
	int rc = db_exec(db, crm_buf_str(&b));
	crm_buf_reset(&b);
	search_entry_sql(db, &b, s);
	crm_buf_puts(&b, " WHERE ");
	size_t where = b.len;
	/* the range first, then the queued records outside it: no record twice */
	crm_buf_printf(&b, "t.id BETWEEN %lld AND %lld", r.lo, r.hi);
	if (rc == 0 && r.hi)
		rc = db_exec(db, crm_buf_str(&b));
	b.len = where;
	crm_buf_printf(&b,
	               "t.id IN (SELECT id FROM dirty WHERE entity = '%s'"
	               " AND id NOT BETWEEN %lld AND %lld)",
	               s->ent->name, r.lo, r.hi);
	if (rc == 0)
		rc = db_exec(db, crm_buf_str(&b));
	crm_buf_release(&b);
	return rc;
}

int db_flush_index(struct crm_db *db)
{
	if (!db->dirty)
		return 0;
	for (int e = 0; crm_entities[e]; e++) {
		/* an entity of which nothing waits is not even looked at */
		if (e < DB_MAX_ENTITIES && !db->fresh[e].hi && !db->queued[e])
			continue;
		if (flush_entity(db, db_schema(db, crm_entities[e])) < 0)
			return -1;
	}
	/* FTS5 keeps a replaced entry's words in its segments until they merge:
	   after a forget they are merged now, so the name is gone from the file */
	for (int e = 0; db->purge_index && !db->sql->server && crm_entities[e]; e++) {
		char *sql = crm_xasprintf("INSERT INTO \"%s_fts\" (\"%s_fts\") VALUES ('optimize')",
		                          crm_entities[e]->name, crm_entities[e]->name);
		int rc = db_exec(db, sql);
		free(sql);
		if (rc < 0)
			return -1;
	}
	db->purge_index = 0;
	db->dirty = 0;
	memset(db->fresh, 0, sizeof db->fresh);
	memset(db->queued, 0, sizeof db->queued);
	return db_exec(db, "DELETE FROM dirty");
}

int db_bulk_begin(struct crm_db *db, const struct crm_schema *s)
{
	char *sql = crm_xasprintf("SELECT 1 FROM \"%s\" LIMIT 1", s->ent->name);
	struct db_stmt *st = db_prepare(db, sql);
	free(sql);
	if (!st)
		return -1;
	int rows = st_step(st) == DB_ROW;
	st_reset(st);
	if (rows)
		return 0;
	/* a server keeps its indexes as they are; what it needs after a bulk load
	   into an empty table is its statistics, or it plans for a table of none */
	if (db->sql->server) {
		crm_strv_push_owned(&db->bulk, crm_xasprintf("ANALYZE \"%s\"", s->ent->name));
		crm_strv_push_owned(&db->bulk, crm_xasprintf("ANALYZE \"%s_fts\"", s->ent->name));
		return 0;
	}
	/* an index built from sorted keys costs a fraction of one grown row by row */
	st = db_prepare(db,
	                "SELECT name, sql FROM sqlite_schema WHERE type = 'index'"
	                " AND tbl_name = ? AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'");
	if (!st)
		return -1;
	db_bind_text(st, 1, s->ent->name);
	struct crm_strv names = CRM_STRV_INIT;
	while (st_step(st) == DB_ROW) {
		crm_strv_push_owned(&names, db_column_dup(st, 0));
		crm_strv_push_owned(&db->bulk, db_column_dup(st, 1));
	}
	st_reset(st);
	int rc = names.n ? 1 : 0;
	for (int i = 0; i < names.n && rc > 0; i++) {
		char *drop = crm_xasprintf("DROP INDEX \"%s\"", names.v[i]);
		if (db_exec(db, drop) < 0)
			rc = -1;
		free(drop);
	}
	crm_strv_release(&names);
	return rc;
}

int db_bulk_end(struct crm_db *db)
{
	int rc = 0;
	for (int i = 0; i < db->bulk.n && rc == 0; i++)
		rc = db_exec(db, db->bulk.v[i]);
	crm_strv_release(&db->bulk);
	return rc;
}

/* label_key: the display name's key, indexed, so references resolve by lookup. */
static int update_label_key(struct crm_db *db, const struct crm_schema *s, long long id)
{
	struct crm_buf b = CRM_BUF_INIT;
	crm_buf_printf(&b, "UPDATE \"%s\" AS t SET label_key = crm_key(", s->ent->name);
	label_expr(&b, s, "t");
	crm_buf_puts(&b, ") WHERE t.id = ?");
	struct db_stmt *st = db_prepare(db, crm_buf_str(&b));
	crm_buf_release(&b);
	if (!st)
		return -1;
	st_bind_int(st, 1, id);
	return db_step_done(db, st, "index");
}

/*
 * Every name key and search entry of an entity computed again, as this
 * program folds: what an older fold stored would not be found by the
 * current one.
 */
static int refold_entity(struct crm_db *db, const struct crm_schema *s)
{
	struct crm_buf b = CRM_BUF_INIT;
	crm_buf_printf(&b, "UPDATE \"%s\" AS t SET label_key = crm_key(", s->ent->name);
	label_expr(&b, s, "t");
	crm_buf_puts(&b, ")");
	int rc = db_exec(db, crm_buf_str(&b));
	crm_buf_reset(&b);
	crm_buf_printf(&b, "DELETE FROM \"%s_fts\"", s->ent->name);
	if (rc == 0)
		rc = db_exec(db, crm_buf_str(&b));
	crm_buf_reset(&b);
	search_entry_sql(db, &b, s);
	if (rc == 0)
		rc = db_exec(db, crm_buf_str(&b));
	crm_buf_release(&b);
	return rc;
}

int db_refold(struct crm_db *db)
{
	for (int e = 0; crm_entities[e]; e++)
		if (refold_entity(db, db_schema(db, crm_entities[e])) < 0)
			return -1;
	return 0;
}

int db_touch(struct crm_db *db, const struct crm_schema *s, long long id, const char *now)
{
	if (now) {
		char *sql =
		    crm_xasprintf("UPDATE \"%s\" SET updated = ? WHERE id = ?", s->ent->name);
		struct db_stmt *st = db_prepare(db, sql);
		free(sql);
		if (!st)
			return -1;
		db_bind_text(st, 1, now);
		st_bind_int(st, 2, id);
		if (db_step_done(db, st, "touch") < 0)
			return -1;
	}
	if (update_label_key(db, s, id) < 0)
		return -1;
	return mark_dirty(db, s, id, 0);
}

int db_index_new(struct crm_db *db, const struct crm_schema *s, long long id)
{
	return mark_fresh(db, s, id);
}

int db_reindex(struct crm_db *db, const struct crm_schema *s, long long id)
{
	return mark_dirty(db, s, id, 0);
}

int db_erase_traces(struct crm_db *db)
{
	/* what is erased is overwritten with zeros, not left in free pages */
	db->purge_index = 1;
	return db->sql->server ? 0 : db_exec(db, "PRAGMA secure_delete = ON");
}

static int exec_with_id(struct crm_db *db, const char *sql, const char *ent, long long id)
{
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return -1;
	int i = 1;
	if (ent)
		db_bind_text(st, i++, ent);
	st_bind_int(st, i, id);
	return db_step_done(db, st, "erase");
}

int db_attachments_erase(struct crm_db *db, const char *entity, long long id)
{
	return exec_with_id(db, "DELETE FROM attachment WHERE entity = ? AND record = ?", entity,
	                    id);
}

int db_erase(struct crm_db *db, const struct crm_schema *s, long long id)
{
	char *row = crm_xasprintf("DELETE FROM \"%s\" WHERE id = ?", s->ent->name);
	int rc =
	    exec_with_id(db, "DELETE FROM tag WHERE entity = ? AND record = ?", s->ent->name, id);
	/* a file a record carried goes with it, and no later record with its id inherits it */
	if (rc == 0)
		rc = db_attachments_erase(db, s->ent->name, id);
	if (rc == 0)
		rc = mark_dirty(db, s, id, 0); /* its search entry goes at commit */
	if (rc == 0)
		rc = exec_with_id(db, row, NULL, id);
	if (rc == 0)
		rc = row_written(db, s, id);
	free(row);
	return rc;
}

int db_savepoint(struct crm_db *db)
{
	db->sp_run = db->run;
	db->sp_dirty = db->dirty;
	memcpy(db->sp_fresh, db->fresh, sizeof db->fresh);
	memcpy(db->sp_next_id, db->next_id, sizeof db->next_id);
	db->in_savepoint = 1;
	return db_exec(db, "SAVEPOINT row");
}

/*
 * A rolled-back savepoint takes with it a run row, queue entries and ids it
 * created: the next record gets the id the rolled-back one had, as it
 * would have without the savepoint.
 */
int db_savepoint_end(struct crm_db *db, int keep)
{
	db->in_savepoint = 0;
	if (!keep) {
		if (db_exec(db, "ROLLBACK TO row") < 0)
			return -1;
		db->run = db->sp_run;
		db->dirty = db->sp_dirty;
		memcpy(db->fresh, db->sp_fresh, sizeof db->fresh);
		memcpy(db->next_id, db->sp_next_id, sizeof db->next_id);
	}
	return db_exec(db, "RELEASE row");
}

/* ---------------------------------------------------------- change log */

/*
 * Who a server says the session is: each person connects as their own
 * role, which CRM_USER cannot change.  NULL if it does not say.
 */
static char *session_user(struct crm_db *db)
{
	struct db_stmt *st = db_prepare(db, "SELECT session_user");
	char *who = st && st_step(st) == DB_ROW ? db_column_dup(st, 0) : NULL;
	if (st)
		st_reset(st);
	return who;
}

void db_set_run(struct crm_db *db, const char *who, const char *command)
{
	free(db->who);
	free(db->command);
	db->who = db->sql->server ? session_user(db) : NULL;
	if (!db->who)
		db->who = crm_xstrdup(who);
	db->command = crm_xstrdup(command);
}

const char *db_who(struct crm_db *db)
{
	return db->who;
}

long long db_run_id(struct crm_db *db)
{
	if (db->run)
		return db->run;
	struct db_stmt *st =
	    db_prepare(db, "INSERT INTO run (at, who, command) VALUES (?, ?, ?) RETURNING id");
	if (!st)
		return 0;
	char now[32];
	crm_timestamp(crm_now(), now);
	db_bind_text(st, 1, now);
	db_bind_text(st, 2, db->who);
	db_bind_text(st, 3, db->command);
	return db->run = db_step_id(db, st, "run");
}

int db_log(struct crm_db *db, const char *entity, long long record, const char *op,
           const char *field, const char *old, const char *new_)
{
	long long run = db_run_id(db);
	if (!run)
		return -1;
	struct db_stmt *st = db_prepare(db, "INSERT INTO change (run, entity, record, op, field, "
	                                    "old, new) VALUES (?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		return -1;
	st_bind_int(st, 1, run);
	db_bind_text(st, 2, entity);
	st_bind_int(st, 3, record);
	db_bind_text(st, 4, op);
	db_bind_text(st, 5, field);
	db_bind_text(st, 6, old);
	db_bind_text(st, 7, new_);
	return db_step_later(db, st, "log");
}

static int stream_changes(struct crm_db *db, struct db_stmt *st, db_change_fn fn, void *ctx)
{
	int rc;
	while ((rc = st_step(st)) == DB_ROW) {
		struct db_change c = {
		    .id = st_int(st, 0),
		    .run = st_int(st, 1),
		    .entity = st_text(st, 2),
		    .record = st_int(st, 3),
		    .op = st_text(st, 4),
		    .field = st_text(st, 5),
		    .old = st_text(st, 6),
		    .new_ = st_text(st, 7),
		    .at = st_text(st, 8),
		    .who = st_text(st, 9),
		};
		if (fn(ctx, &c)) {
			rc = DB_DONE;
			break;
		}
	}
	if (rc != DB_DONE)
		db_fail(db, "change log");
	st_free(st);
	return rc == DB_DONE ? 0 : -1;
}

#define CHANGE_COLS                                                                                \
	"SELECT c.id, c.run, c.entity, c.record, c.op, c.field, c.old, c.new, r.at, r.who "        \
	"FROM change c JOIN run r ON r.id = c.run "

/* Change streams are not cached: their callbacks may run statements of their own. */
int db_record_changes(struct crm_db *db, const char *entity, long long record, db_change_fn fn,
                      void *ctx)
{
	struct db_stmt *st;
	if (db->drv->prepare(db->h, CHANGE_COLS "WHERE c.entity = ? AND c.record = ? ORDER BY c.id",
	                     NULL, &st) != DB_OK) {
		db_fail(db, "change log");
		return -1;
	}
	db_bind_text(st, 1, entity);
	st_bind_int(st, 2, record);
	return stream_changes(db, st, fn, ctx);
}

int db_run_changes(struct crm_db *db, long long run, db_change_fn fn, void *ctx)
{
	struct db_stmt *st;
	if (db->drv->prepare(db->h, CHANGE_COLS "WHERE c.run = ? ORDER BY c.id DESC", NULL, &st) !=
	    DB_OK) {
		db_fail(db, "change log");
		return -1;
	}
	st_bind_int(st, 1, run);
	return stream_changes(db, st, fn, ctx);
}

int db_scrub_log(struct crm_db *db, const char *entity, long long record)
{
	/* the command lines of the runs that touched the record may quote it;
	   the name of a file attached to it is in its field */
	int rc = exec_with_id(db,
	                      "UPDATE run SET command = NULL WHERE id IN"
	                      " (SELECT run FROM change WHERE entity = ? AND record = ?)",
	                      entity, record);
	if (rc == 0)
		rc = exec_with_id(db,
		                  "UPDATE change SET old = NULL, new = NULL,"
		                  " field = CASE WHEN op IN ('attach', 'reattach', 'detach')"
		                  " THEN NULL ELSE field END WHERE entity = ? AND record = ?",
		                  entity, record);
	return rc;
}

static void fill_run(struct db_stmt *st, struct db_run *r)
{
	r->id = st_int(st, 0);
	r->at = st_text(st, 1);
	r->who = st_text(st, 2);
	r->command = st_text(st, 3);
	r->undoes = st_int(st, 4);
	r->undone_by = st_int(st, 5);
	r->nchanges = st_int(st, 6);
}

#define RUN_COLS                                                                                   \
	"SELECT r.id, r.at, r.who, r.command, r.undoes, r.undone_by, "                             \
	"(SELECT count(*) FROM change c WHERE c.run = r.id) FROM run r "

int db_runs(struct crm_db *db, long limit, db_run_fn fn, void *ctx)
{
	struct db_stmt *st = db_prepare(db, RUN_COLS "ORDER BY r.id DESC LIMIT ?");
	if (!st)
		return -1;
	st_bind_int(st, 1, limit > 0 ? limit : LLONG_MAX); /* no limit, in both engines' words */
	int rc;
	while ((rc = st_step(st)) == DB_ROW) {
		struct db_run r;
		fill_run(st, &r);
		if (fn(ctx, &r)) {
			rc = DB_DONE;
			break;
		}
	}
	st_reset(st);
	if (rc != DB_DONE) {
		db_fail(db, "runs");
		return -1;
	}
	return 0;
}

long long db_last_undoable_run(struct crm_db *db, const char *who)
{
	/* newest first, by the primary key: stops at the user's latest */
	struct db_stmt *st = db_prepare(
	    db, "SELECT r.id FROM run r WHERE r.who = ? AND r.undone_by IS NULL "
	        "AND r.undoes IS NULL AND EXISTS (SELECT 1 FROM change c WHERE c.run = r.id) "
	        "ORDER BY r.id DESC LIMIT 1");
	if (!st)
		return -1;
	st->drv->bind_text(st, 1, who);
	long long id = st_step(st) == DB_ROW ? st_int(st, 0) : 0;
	st_reset(st);
	return id;
}

int db_get_run(struct crm_db *db, long long run, struct db_run *out, char **who, char **at)
{
	struct db_stmt *st = db_prepare(db, RUN_COLS "WHERE r.id = ?");
	if (!st)
		return -1;
	st_bind_int(st, 1, run);
	int found = st_step(st) == DB_ROW;
	if (found) {
		fill_run(st, out);
		*who = db_column_dup(st, 2);
		*at = db_column_dup(st, 1);
		out->who = *who;
		out->at = *at;
		out->command = NULL;
	}
	st_reset(st);
	return found ? 0 : 1;
}

int db_changed_since(struct crm_db *db, const char *entity, long long record, long long run)
{
	struct db_stmt *st =
	    db_prepare(db, "SELECT 1 FROM change c JOIN run r ON r.id = c.run WHERE c.entity = ? "
	                   "AND c.record = ? AND c.run > ? AND c.run != ? AND r.undone_by IS NULL "
	                   "AND (r.undoes IS NULL OR r.undoes < ?) LIMIT 1");
	if (!st)
		return -1;
	db_bind_text(st, 1, entity);
	st_bind_int(st, 2, record);
	st_bind_int(st, 3, run);
	st_bind_int(st, 4, db->run);
	st_bind_int(st, 5, run);
	int changed = st_step(st) == DB_ROW;
	st_reset(st);
	return changed;
}

int db_mark_undone(struct crm_db *db, long long run, long long by)
{
	struct db_stmt *st = db_prepare(db, "UPDATE run SET undone_by = ? WHERE id = ?");
	if (!st)
		return -1;
	st_bind_int(st, 1, by);
	st_bind_int(st, 2, run);
	if (db_step_done(db, st, "undo") < 0)
		return -1;
	st = db_prepare(db, "UPDATE run SET undoes = ? WHERE id = ?");
	if (!st)
		return -1;
	st_bind_int(st, 1, run);
	st_bind_int(st, 2, by);
	return db_step_done(db, st, "undo");
}
