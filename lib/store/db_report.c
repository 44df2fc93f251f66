/*
 * db_report.c - the store layer's reports: the aggregate queries behind
 * crm-report, and the small tables they read (quotas, commission rates,
 * settings).  It builds SQL and runs it through db.c's db_rows, so the
 * queries stay in the store while the arithmetic that is not a sum (medians,
 * quintiles, scores) happens above it.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "store/db_int.h"

/* ------------------------------------------------------------ dimensions */

/* The day of a column that holds a date or a UTC timestamp (db->sql->local_day). */
static char *local_day(struct crm_db *db, const char *column)
{
	struct crm_buf b = CRM_BUF_INIT;
	db_fill(&b, db->sql->local_day, column);
	return crm_buf_detach(&b);
}

/* What a report groups by: a name, its SQL over t (the entity), a (account), p (product). */
static const struct dim {
	const char *name, *expr;
} dims[] = {
    {"owner", "coalesce(t.owner, '')"},
    /* the owner's user: their team, their manager's name, their region */
    {"team", "coalesce((SELECT u.team FROM \"user\" u WHERE lower(u.login) = lower(t.owner)), '')"},
    {"manager", "coalesce((SELECT m.name FROM \"user\" u JOIN \"user\" m ON m.id = u.manager"
                " WHERE lower(u.login) = lower(t.owner)), '')"},
    {"owner.region",
     "coalesce((SELECT u.region FROM \"user\" u WHERE lower(u.login) = lower(t.owner)), '')"},
    {"source", "coalesce(t.source, '')"},
    {"account", "coalesce(a.name, '')"},
    {"industry", "coalesce(a.industry, '')"},
    {"country", "coalesce(a.country, '')"},
    {"region", "coalesce(a.region, '')"},
    {"product", "coalesce(p.sku, '')"},
    {"family", "coalesce(p.family, '')"},
    {"pipeline", "coalesce(t.pipeline, 'default')"},
    {"stage", "coalesce(t.stage, '')"},
    /* who brought a lead or works a deal, and the campaign it came from */
    {"partner", "coalesce((SELECT x.name FROM account x WHERE x.id = t.partner), '')"},
    {"campaign", "coalesce((SELECT x.name FROM campaign x WHERE x.id = t.campaign), '')"},
    /* periods of the report's day column, given as %s */
    {"day", "%s"},
    {"week", "%s"}, /* its Monday: db->sql->week */
    {"month", "substr(%s, 1, 7)"},
    {"quarter", "substr(%s, 1, 4) || '-Q' || ((CAST(substr(%s, 6, 2) AS INTEGER) + 2) / 3)"},
    {"year", "substr(%s, 1, 4)"},
};
#define NDIMS ((int)(sizeof dims / sizeof dims[0]))

/* What only a case has: the service report groups by them too. */
static const struct dim case_dims[] = {
    {"priority", "coalesce(t.priority, '')"},
    {"kind", "coalesce(t.kind, '')"},
    {"channel", "coalesce(t.channel, '')"},
};
#define NCASEDIMS ((int)(sizeof case_dims / sizeof case_dims[0]))

static const struct dim *find_dim(const char *name)
{
	for (int i = 0; i < NDIMS; i++)
		if (!strcmp(dims[i].name, name))
			return &dims[i];
	for (int i = 0; i < NCASEDIMS; i++)
		if (!strcmp(case_dims[i].name, name))
			return &case_dims[i];
	return NULL;
}

int db_report_case_dim(const char *name)
{
	static const char *const ok[] = {
	    "owner", "team",    "manager", "owner.region", "account", "product", "priority",
	    "kind",  "channel", "day",     "week",         "month",   "quarter", "year"};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
		if (!strcmp(ok[i], name))
			return 1;
	return 0;
}

int db_report_dim(const char *name, int period)
{
	const struct dim *d = NULL;
	for (int i = 0; i < NDIMS && !d; i++)
		if (!strcmp(dims[i].name, name))
			d = &dims[i];
	if (!d)
		return 0;
	int is_period = strstr(d->expr, "%s") != NULL;
	return period ? is_period : 1;
}

const char *db_report_dims(void)
{
	return "owner team manager owner.region source account industry country region product "
	       "family pipeline stage "
	       "partner campaign day week month quarter year";
}

int db_report_custom_dim(const struct crm_schema *s, const char *name)
{
	int i = s ? crm_schema_field(s, name) : -1;
	return i >= 0 && (s->fields[i].flags & CRM_F_CUSTOM);
}

/*
 * Appends the SQL of dimension name over day column day: a dimension of the
 * table, or a custom field of the report's entity (t), by the name its
 * schema spells, which was checked when the field was added.
 */
static void put_dim(struct crm_db *db, struct crm_buf *b, const struct crm_schema *s,
                    const char *name, const char *day)
{
	const struct dim *d = find_dim(name);
	if (!d) {
		crm_buf_printf(b, "coalesce(CAST(t.\"%s\" AS TEXT), '')",
		               s->fields[crm_schema_field(s, name)].name);
		return;
	}
	/* the week's Monday is the one period each engine says its own way */
	db_fill(b, !strcmp(d->name, "week") ? db->sql->week : d->expr, day);
}

/* ", dim AS d0, dim AS d1 ..." */
static void put_dims(struct crm_db *db, struct crm_buf *b, const struct db_report *q,
                     const char *day)
{
	for (int i = 0; i < q->nby; i++) {
		crm_buf_puts(b, ", ");
		put_dim(db, b, q->s, q->by[i], day);
		crm_buf_printf(b, " AS d%d", i);
	}
}

static void put_group(struct crm_buf *b, const struct db_report *q, const char *more)
{
	crm_buf_puts(b, " GROUP BY ");
	for (int i = 0; i < q->nby; i++)
		crm_buf_printf(b, "d%d, ", i);
	crm_buf_puts(b, more);
}

static void put_order(struct crm_buf *b, const struct db_report *q, const char *first,
                      const char *last)
{
	crm_buf_puts(b, " ORDER BY ");
	if (first)
		crm_buf_printf(b, "%s, ", first);
	for (int i = 0; i < q->nby; i++)
		crm_buf_printf(b, "d%d, ", i);
	crm_buf_puts(b, last);
}

static int uses_dim(const struct db_report *q, const char *a, const char *b)
{
	for (int i = 0; i < q->nby; i++)
		if (!strcmp(q->by[i], a) || (b && !strcmp(q->by[i], b)))
			return 1;
	return 0;
}

/* An inclusive range of days on a day expression, bound in order. */
static void put_range(struct crm_buf *b, struct binds *bv, const char *day, const char *from,
                      const char *to)
{
	if (from) {
		crm_buf_printf(b, " AND %s >= ?", day);
		crm_strv_push(&bv->v, from);
	}
	if (to) {
		crm_buf_printf(b, " AND %s <= ?", day);
		crm_strv_push(&bv->v, to);
	}
}

/*
 * The same range on a column of UTC timestamps: from the local midnight
 * that starts the first day to the one that ends the last, so an index on
 * the column serves it.
 */
static void put_range_ts(struct crm_buf *b, struct binds *bv, const char *col,
                         const struct db_report *q)
{
	if (q->from_ts) {
		crm_buf_printf(b, " AND %s >= ?", col);
		crm_strv_push(&bv->v, q->from_ts);
	}
	if (q->to_ts) {
		crm_buf_printf(b, " AND %s < ?", col);
		crm_strv_push(&bv->v, q->to_ts);
	}
}

static long run(struct crm_db *db, struct crm_buf *sql, struct binds *bv, db_rows_fn fn, void *ctx)
{
	long n = db_rows(db, crm_buf_str(sql), bv, fn, ctx);
	crm_buf_release(sql);
	crm_strv_release(&bv->v);
	return n;
}

/* --------------------------------------------------- opportunities as of */

/*
 * The value a field of opportunity t had at a moment (bound twice): the
 * last change before it, else what the first change after it replaced,
 * else the value now.
 */
static void put_value_at(struct crm_buf *b, struct binds *bv, const char *field, const char *at,
                         const char *now, const char *type)
{
	/* the log keeps text: a number is read back as one (a server will not mix them) */
	crm_buf_printf(
	    b,
	    "coalesce((SELECT CAST(c.new AS %s) FROM change c JOIN run r ON r.id = c.run"
	    " WHERE c.entity = 'opp' AND c.record = t.id AND c.field = '%s' AND r.at <= ?"
	    " ORDER BY c.id DESC LIMIT 1),"
	    " (SELECT CAST(c.old AS %s) FROM change c JOIN run r ON r.id = c.run"
	    " WHERE c.entity = 'opp' AND c.record = t.id AND c.field = '%s' AND r.at > ?"
	    " ORDER BY c.id LIMIT 1), %s)",
	    type, field, type, field, now);
	crm_strv_push(&bv->v, at);
	crm_strv_push(&bv->v, at);
}

/* ", p.\"field\"" for each custom field of s. */
static void put_custom_cols(struct crm_buf *b, const struct crm_schema *s, const char *prefix)
{
	for (int i = 0; i < s->nfields; i++)
		if (s->fields[i].flags & CRM_F_CUSTOM)
			crm_buf_printf(b, ", %s.\"%s\"", prefix, s->fields[i].name);
}

/*
 * "FROM (...) t": the opportunities matching the filter, with stage,
 * amount, probability and closed as they stood at q->as_of (now when NULL).
 * A deal closed after that moment whose open stage went unrecorded (it was
 * imported closed) shows in stage "(unrecorded)".  The filter applies to
 * the records as they are now.
 */
static void put_opps(struct crm_db *db, struct crm_buf *b, struct binds *bv,
                     const struct db_report *q)
{
	if (!q->as_of) {
		crm_buf_puts(b, " FROM (SELECT * FROM opp t");
		db_build_where(db, b, bv, q->s, q->f);
		crm_buf_puts(b, ") t");
		return;
	}
	/* the outer rows: a deal closed after that moment was open at it */
	crm_buf_puts(b, " FROM (SELECT o0.id, o0.name, o0.account, o0.contact, o0.product,"
	                " o0.pipeline, o0.currency, o0.close, o0.source, o0.owner, o0.created,"
	                " o0.label_key, o0.partner, o0.campaign, o0.amount,"
	                " CASE WHEN o0.unrecorded THEN NULL ELSE o0.probability END AS probability,"
	                " CASE WHEN o0.closed0 > ? THEN NULL ELSE o0.closed0 END AS closed,"
	                " CASE WHEN o0.unrecorded THEN '(unrecorded)' ELSE o0.stage0 END AS stage");
	/* custom fields, as they are now: a report may group by them */
	put_custom_cols(b, q->s, "o0");
	crm_buf_puts(b,
	             " FROM (SELECT o1.*, o1.closed0 > ? AND (SELECT s.state FROM stage s"
	             " WHERE s.pipeline = coalesce(o1.pipeline, 'default') AND s.name = o1.stage0)"
	             " != 'open' AS unrecorded");
	crm_strv_push(&bv->v, q->as_of_day);
	crm_strv_push(&bv->v, q->as_of_day);
	/* amounts are logged in normal form ("1234.50"), stored in minor units */
	crm_buf_puts(b, " FROM (SELECT t.id, t.name, t.account, t.contact, t.product, t.pipeline,"
	                " t.currency, t.close, t.source, t.owner, t.created, t.label_key,"
	                " t.partner, t.campaign");
	put_custom_cols(b, q->s, "t");
	crm_buf_puts(b, ", ");
	put_value_at(b, bv, "stage", q->as_of, "t.stage", "TEXT");
	crm_buf_puts(b, " AS stage0, CAST(round(100 * ");
	put_value_at(b, bv, "amount", q->as_of, "t.amount / 100.0", "NUMERIC");
	crm_buf_puts(b, ") AS INTEGER) AS amount, ");
	put_value_at(b, bv, "probability", q->as_of, "t.probability", "NUMERIC");
	crm_buf_puts(b, " AS probability, ");
	put_value_at(b, bv, "closed", q->as_of, "t.closed", "TEXT");
	crm_buf_puts(b, " AS closed0 FROM opp t");
	db_build_where(db, b, bv, q->s, q->f);
	crm_buf_puts(b, " AND t.created <= ?) o1) o0) t");
	crm_strv_push(&bv->v, q->as_of);
}

/*
 * The stage of t, and " WHERE" the deals in stages of the given states
 * (SQL: "'won', 'lost'").  Now, an inner join on the state lets the planner
 * go from the few stages to their deals through an index; as of a date, the
 * '(unrecorded)' stage has no row, so the join is an outer one.
 */
static void put_stage_where(struct crm_buf *b, const struct db_report *q, const char *states,
                            int unrecorded)
{
	if (!q->as_of) {
		crm_buf_printf(b,
		               " JOIN stage s ON s.pipeline = coalesce(t.pipeline, 'default')"
		               " AND s.name = t.stage AND s.state IN (%s) WHERE TRUE",
		               states);
		return;
	}
	crm_buf_printf(b,
	               " LEFT JOIN stage s ON s.pipeline = coalesce(t.pipeline, 'default')"
	               " AND s.name = t.stage WHERE (s.state IN (%s)%s)",
	               states, unrecorded ? " OR t.stage = '(unrecorded)'" : "");
}

/*
 * The joins of an opportunity report and its WHERE: the account and the
 * product only when a dimension reads them (a lookup each per deal).
 */
static void put_opp_joins(struct crm_buf *b, const struct db_report *q, const char *states,
                          int unrecorded)
{
	int account = 0, product = 0;
	for (int i = 0; i < q->nby; i++) {
		const struct dim *d = find_dim(q->by[i]);
		account |= d && !strncmp(d->expr, "coalesce(a.", 11);
		product |= d && !strncmp(d->expr, "coalesce(p.", 11);
	}
	if (account)
		crm_buf_puts(b, " LEFT JOIN account a ON a.id = t.account");
	if (product)
		crm_buf_puts(b, " LEFT JOIN product p ON p.id = t.product");
	put_stage_where(b, q, states, unrecorded);
}

/* ------------------------------------------------------------ pipeline */

long db_report_pipeline(struct crm_db *db, const struct db_report *q, db_rows_fn fn, void *ctx)
{
	struct crm_buf b = CRM_BUF_INIT;
	struct binds bv = {CRM_STRV_INIT};
	crm_buf_puts(&b, "SELECT coalesce(t.pipeline, 'default') AS pl, t.stage AS st");
	put_dims(db, &b, q, "t.close");
	crm_buf_puts(&b, ", coalesce(t.currency, '') AS cur, count(*), coalesce(sum(t.amount), 0),"
	                 " CAST(round(coalesce(sum(t.amount * coalesce(t.probability, 0) / 100.0),"
	                 " 0)) AS INTEGER)");
	put_opps(db, &b, &bv, q);
	put_opp_joins(&b, q, "'open'", 1);
	put_range(&b, &bv, "t.close", q->from, q->to);
	put_group(&b, q, "pl, st, cur");
	put_order(&b, q, "pl, coalesce(min(s.position), 0)", "cur");
	return run(db, &b, &bv, fn, ctx);
}

/* ------------------------------------------------------------ forecast */

long db_report_forecast(struct crm_db *db, const struct db_report *q, db_rows_fn fn, void *ctx)
{
	struct crm_buf b = CRM_BUF_INIT;
	struct binds bv = {CRM_STRV_INIT};
	/* the commit threshold: the named stage, else the first 'commit' category */
	crm_buf_puts(&b, "SELECT 'open'");
	put_dims(db, &b, q, "t.close");
	crm_buf_puts(&b, ", coalesce(t.currency, '') AS cur, count(*), coalesce(sum(t.amount), 0),"
	                 " CAST(round(coalesce(sum(t.amount * coalesce(t.probability, 0) / 100.0),"
	                 " 0)) AS INTEGER),"
	                 " coalesce(sum(CASE WHEN s.position >= ");
	if (q->commit) {
		crm_buf_puts(&b, "(SELECT c.position FROM stage c WHERE c.pipeline = s.pipeline"
		                 " AND c.name = ?)");
		crm_strv_push(&bv.v, q->commit);
	} else
		crm_buf_puts(&b,
		             "(SELECT min(c.position) FROM stage c WHERE c.pipeline = s.pipeline"
		             " AND c.category = 'commit' AND c.state = 'open')");
	crm_buf_puts(&b, " THEN t.amount END), 0)");
	put_opps(db, &b, &bv, q);
	put_opp_joins(&b, q, "'open'", 0);
	crm_buf_puts(&b, " AND t.close IS NOT NULL");
	put_range(&b, &bv, "t.close", q->from, q->to);
	put_group(&b, q, "cur");
	/* won so far, on the day each was closed */
	crm_buf_puts(&b, " UNION ALL SELECT 'won'");
	put_dims(db, &b, q, "t.closed");
	crm_buf_puts(&b, ", coalesce(t.currency, '') AS cur, count(*), coalesce(sum(t.amount), 0),"
	                 " 0, 0");
	put_opps(db, &b, &bv, q);
	put_opp_joins(&b, q, "'won'", 0);
	crm_buf_puts(&b, " AND t.closed IS NOT NULL");
	put_range(&b, &bv, "t.closed", q->from, q->to);
	put_group(&b, q, "cur");
	crm_buf_puts(&b, " ORDER BY 2");
	return run(db, &b, &bv, fn, ctx);
}

/* ------------------------------------------------- closed deals: sales, win rates */

long db_report_closed(struct crm_db *db, const struct db_report *q, const char *state,
                      db_rows_fn fn, void *ctx)
{
	struct crm_buf b = CRM_BUF_INIT;
	struct binds bv = {CRM_STRV_INIT};
	/* by product, a deal with items counts each line's product and total */
	int lines = uses_dim(q, "product", "family");
	const char *states = state && !strcmp(state, "won") ? "'won'" : "'won', 'lost'";
	crm_buf_puts(&b, "SELECT s.state AS state");
	put_dims(db, &b, q, "t.closed");
	crm_buf_printf(&b, ", coalesce(t.currency, '') AS cur, count(DISTINCT t.id), %s",
	               lines ? "coalesce(sum(coalesce(l.total, t.amount)), 0)"
	                     : "coalesce(sum(t.amount), 0)");
	put_opps(db, &b, &bv, q);
	if (lines) {
		/* p then follows the line's product */
		crm_buf_puts(&b, " LEFT JOIN item l ON l.opp = t.id AND l.deleted IS NULL"
		                 " LEFT JOIN account a ON a.id = t.account"
		                 " LEFT JOIN product p ON p.id = coalesce(l.product, t.product)");
		put_stage_where(&b, q, states, 0);
	} else
		put_opp_joins(&b, q, states, 0);
	crm_buf_puts(&b, " AND t.closed IS NOT NULL");
	put_range(&b, &bv, "t.closed", q->from, q->to);
	put_group(&b, q, "cur, state");
	put_order(&b, q, NULL, "cur, state DESC");
	return run(db, &b, &bv, fn, ctx);
}

/* ------------------------------------------------------------ funnel */

long db_report_funnel(struct crm_db *db, const struct db_report *q, db_rows_fn fn, void *ctx)
{
	struct crm_buf b = CRM_BUF_INIT;
	struct binds bv = {CRM_STRV_INIT};
	crm_buf_puts(&b,
	             "SELECT coalesce(t.source, '') AS src, t.created,"
	             " CASE WHEN t.status = 'converted' OR t.opp IS NOT NULL THEN coalesce("
	             "(SELECT r.at FROM change c JOIN run r ON r.id = c.run WHERE c.entity = 'lead'"
	             " AND c.record = t.id AND c.field = 'status' AND c.new = 'converted'"
	             " ORDER BY c.id DESC LIMIT 1), o.created, t.updated) END,"
	             " o.created, s.state, o.closed FROM lead t"
	             " LEFT JOIN opp o ON o.id = t.opp AND o.deleted IS NULL"
	             " LEFT JOIN stage s ON s.pipeline = coalesce(o.pipeline, 'default')"
	             " AND s.name = o.stage");
	db_build_where(db, &b, &bv, q->s, q->f);
	put_range_ts(&b, &bv, "t.created", q);
	crm_buf_puts(&b, " ORDER BY src");
	return run(db, &b, &bv, fn, ctx);
}

/* -------------------------------------------------- stage history */

long db_report_stage_history(struct crm_db *db, const struct db_report *q, int closed_only,
                             db_rows_fn fn, void *ctx)
{
	struct crm_buf b = CRM_BUF_INIT;
	struct binds bv = {CRM_STRV_INIT};
	crm_buf_puts(&b, "SELECT t.id, coalesce(t.pipeline, 'default'), t.created, t.stage,"
	                 " s.state, t.closed, r.at, c.old, c.new FROM opp t"
	                 " LEFT JOIN stage s ON s.pipeline = coalesce(t.pipeline, 'default')"
	                 " AND s.name = t.stage"
	                 " LEFT JOIN change c ON c.entity = 'opp' AND c.record = t.id"
	                 " AND c.field = 'stage' LEFT JOIN run r ON r.id = c.run");
	db_build_where(db, &b, &bv, q->s, q->f);
	put_range_ts(&b, &bv, "t.created", q);
	if (closed_only)
		crm_buf_puts(&b, " AND s.state IN ('won', 'lost')");
	crm_buf_puts(&b, " ORDER BY t.id, c.id");
	return run(db, &b, &bv, fn, ctx);
}

/* ------------------------------------------------------------ activity */

long db_report_activity(struct crm_db *db, const struct db_report *q, const struct db_report *tq,
                        db_rows_fn fn, void *ctx)
{
	struct crm_buf b = CRM_BUF_INIT;
	struct binds bv = {CRM_STRV_INIT};
	char *at = local_day(db, "t.at"), *fin = local_day(db, "t.finished");
	crm_buf_puts(&b, "SELECT wk, own, ch, sum(n), sum(d) FROM (SELECT ");
	put_dim(db, &b, NULL, "week", at);
	crm_buf_puts(&b, " AS wk, coalesce(t.owner, '') AS own, coalesce(t.channel, '') AS ch,"
	                 " count(*) AS n, 0 AS d FROM interaction t");
	db_build_where(db, &b, &bv, q->s, q->f);
	crm_buf_puts(&b, " AND t.at IS NOT NULL");
	put_range_ts(&b, &bv, "t.at", q);
	crm_buf_puts(&b, " GROUP BY wk, own, ch UNION ALL SELECT ");
	put_dim(db, &b, NULL, "week", fin);
	crm_buf_puts(&b, " AS wk, coalesce(t.owner, '') AS own, coalesce(t.kind, '') AS ch,"
	                 " 0 AS n, count(*) AS d FROM task t");
	db_build_where(db, &b, &bv, tq->s, tq->f);
	crm_buf_puts(&b, " AND t.status = 'done' AND t.finished IS NOT NULL");
	put_range_ts(&b, &bv, "t.finished", q);
	crm_buf_puts(&b, " GROUP BY wk, own, ch) AS w GROUP BY wk, own, ch ORDER BY wk, own, ch");
	free(at);
	free(fin);
	return run(db, &b, &bv, fn, ctx);
}

/* ------------------------------------------------------------ service */

long db_report_cases(struct crm_db *db, const struct db_report *q, db_rows_fn fn, void *ctx)
{
	struct crm_buf b = CRM_BUF_INIT;
	struct binds bv = {CRM_STRV_INIT};
	char *opened = local_day(db, "t.created");
	crm_buf_puts(&b, "SELECT 1");
	put_dims(db, &b, q, opened);
	crm_buf_puts(&b, ", t.created, t.responded, coalesce(t.resolved, t.closed), t.respond_by,"
	                 " t.resolve_by, t.status, t.csat, t.nps FROM \"case\" t");
	if (uses_dim(q, "account", NULL))
		crm_buf_puts(&b, " LEFT JOIN account a ON a.id = t.account");
	if (uses_dim(q, "product", NULL))
		crm_buf_puts(&b, " LEFT JOIN product p ON p.id = t.product");
	db_build_where(db, &b, &bv, q->s, q->f);
	put_range(&b, &bv, opened, q->from, q->to);
	crm_buf_puts(&b, " ORDER BY ");
	for (int i = 0; i < q->nby; i++)
		crm_buf_printf(&b, "d%d, ", i);
	crm_buf_puts(&b, "t.id");
	free(opened);
	return run(db, &b, &bv, fn, ctx);
}

/* ------------------------------------------------------------ customers */

long db_report_customers(struct crm_db *db, const struct db_report *q, db_rows_fn fn, void *ctx)
{
	struct crm_buf b = CRM_BUF_INIT;
	struct binds bv = {CRM_STRV_INIT};
	crm_buf_puts(&b, "SELECT t.id, t.name, coalesce(o.currency, '') AS cur, count(*),"
	                 " sum(coalesce(o.amount, 0)), min(o.closed), max(o.closed) FROM account t"
	                 " JOIN opp o ON o.account = t.id AND o.deleted IS NULL"
	                 " AND o.closed IS NOT NULL"
	                 " JOIN stage s ON s.pipeline = coalesce(o.pipeline, 'default')"
	                 " AND s.name = o.stage AND s.state = 'won'");
	db_build_where(db, &b, &bv, q->s, q->f);
	put_range(&b, &bv, "o.closed", q->from, q->to);
	crm_buf_puts(&b, " GROUP BY t.id, cur ORDER BY cur, t.id");
	return run(db, &b, &bv, fn, ctx);
}

/* ------------------------------------------------------------ stale */

/* An entity's display name over t, as SQL. */
static const char *label_sql(const char *ent)
{
	if (!strcmp(ent, "contact"))
		return "trim(coalesce(t.first_name, '') || ' ' || coalesce(t.last_name, ''))";
	if (!strcmp(ent, "lead"))
		return "trim(coalesce(t.first_name, '') || ' ' || coalesce(t.last_name, '') ||"
		       " CASE WHEN t.company IS NULL THEN '' ELSE ' (' || t.company || ')' END)";
	return "t.name";
}

/* " FROM ENTITY t [JOIN open stages] WHERE filter AND stale": rows and count share it. */
static void put_stale(struct crm_db *db, struct crm_buf *b, struct binds *bv,
                      const struct db_report *q, const char *since)
{
	const char *ent = q->s->ent->name;
	crm_buf_printf(b, " FROM \"%s\" t", ent);
	if (!strcmp(ent, "opp"))
		crm_buf_puts(b, " JOIN stage s ON s.pipeline = coalesce(t.pipeline, 'default')"
		                " AND s.name = t.stage AND s.state = 'open'");
	db_build_where(db, b, bv, q->s, q->f);
	if (!strcmp(ent, "opp")) {
		/* deals: no touch since (or none since they were opened), or past their close */
		crm_buf_puts(b, " AND (coalesce(t.touched, t.created) < ? OR t.close < ?)");
		crm_strv_push(&bv->v, since);
		crm_strv_push(&bv->v, q->today);
	} else {
		/* accounts and contacts gone quiet: touched once, not since (an index range) */
		crm_buf_puts(b, " AND t.touched < ?");
		crm_strv_push(&bv->v, since);
	}
}

static int count_row(void *ctx, const char *const *vals, int n)
{
	*(long *)ctx = n > 0 && vals[0] ? atol(vals[0]) : 0;
	return 0;
}

long db_report_stale(struct crm_db *db, const struct db_report *q, const char *since, long limit,
                     long *total, db_rows_fn fn, void *ctx)
{
	struct crm_buf b = CRM_BUF_INIT;
	struct binds bv = {CRM_STRV_INIT};
	crm_buf_printf(&b, "SELECT t.id, t.owner, t.touched, %s, %s, t.created",
	               strcmp(q->s->ent->name, "opp") ? "NULL" : "t.close",
	               label_sql(q->s->ent->name));
	put_stale(db, &b, &bv, q, since);
	crm_buf_puts(&b, " ORDER BY t.touched, t.id");
	if (limit > 0)
		crm_buf_printf(&b, " LIMIT %ld", limit);
	long n = run(db, &b, &bv, fn, ctx);
	*total = n;
	if (n < 0 || limit <= 0 || n < limit)
		return n;
	/* the limit was reached: how many there are in all */
	crm_buf_puts(&b, "SELECT count(*)");
	put_stale(db, &b, &bv, q, since);
	return run(db, &b, &bv, count_row, total) < 0 ? -1 : n;
}

/* ------------------------------------------------------------ next */

long db_report_next(struct crm_db *db, const struct db_report *q, db_rows_fn fn, void *ctx)
{
	struct crm_buf b = CRM_BUF_INIT;
	struct binds bv = {CRM_STRV_INIT};
	int opp = !strcmp(q->s->ent->name, "opp");
	if (opp)
		crm_buf_puts(
		    &b, "SELECT t.id, t.name, t.owner, coalesce(t.touched, ''), t.created, t.close,"
		        " t.amount, coalesce(t.currency, ''),"
		        " coalesce(t.probability, s.probability), t.stage,");
	else
		crm_buf_printf(
		    &b,
		    "SELECT t.id, %s, t.owner, coalesce((SELECT max(i.at) FROM interaction i"
		    " WHERE i.lead = t.id AND i.deleted IS NULL), ''), t.created, NULL, NULL,"
		    " '', t.score, t.status,",
		    label_sql("lead"));
	/* overdue tasks counted in one pass over the open tasks due, not per record */
	crm_buf_printf(
	    &b,
	    " coalesce(od.n, 0) FROM \"%s\" t LEFT JOIN (SELECT k.\"%s\" AS rid,"
	    " count(*) AS n FROM task k WHERE k.status = 'open' AND k.deleted IS NULL"
	    " AND k.due < ? AND k.\"%s\" IS NOT NULL GROUP BY k.\"%s\") od ON od.rid = t.id",
	    q->s->ent->name, opp ? "opp" : "lead", opp ? "opp" : "lead", opp ? "opp" : "lead");
	crm_strv_push(&bv.v, q->today);
	if (opp)
		crm_buf_puts(&b, " JOIN stage s ON s.pipeline = coalesce(t.pipeline, 'default')"
		                 " AND s.name = t.stage AND s.state = 'open'");
	db_build_where(db, &b, &bv, q->s, q->f);
	if (!opp)
		crm_buf_puts(&b,
		             " AND coalesce(t.status, 'new') IN ('new', 'contacted', 'qualified')");
	return run(db, &b, &bv, fn, ctx);
}

/* ------------------------------------------------- quotas, rates, settings */

static int first_id(void *ctx, const char *const *vals, int n)
{
	*(long long *)ctx = n > 0 && vals[0] ? atoll(vals[0]) : 0;
	return 0;
}

int db_quota_set(struct crm_db *db, const char *owner, const char *period, const char *currency,
                 long long amount)
{
	struct binds bv = {CRM_STRV_INIT};
	crm_strv_push(&bv.v, owner);
	crm_strv_push(&bv.v, period);
	crm_strv_push(&bv.v, currency);
	crm_strv_push_owned(&bv.v, crm_xasprintf("%lld", amount));
	long n = db_rows(db,
	                 "INSERT INTO quota (owner, period, currency, amount) VALUES (?, ?, ?, ?)"
	                 " ON CONFLICT (owner, period, currency)"
	                 " DO UPDATE SET amount = excluded.amount",
	                 &bv, NULL, NULL);
	crm_strv_release(&bv.v);
	return n < 0 ? -1 : 0;
}

long db_quota_rm(struct crm_db *db, const char *owner, const char *period, const char *currency)
{
	struct binds bv = {CRM_STRV_INIT};
	crm_strv_push(&bv.v, owner);
	crm_strv_push(&bv.v, period);
	crm_strv_push(&bv.v, currency);
	long n = db_rows(db,
	                 "DELETE FROM quota WHERE owner = ?1 AND period = ?2"
	                 " AND (CAST(?3 AS TEXT) IS NULL OR currency = ?3) RETURNING 1",
	                 &bv, NULL, NULL);
	crm_strv_release(&bv.v);
	return n;
}

long db_quotas(struct crm_db *db, db_rows_fn fn, void *ctx)
{
	struct binds bv = {CRM_STRV_INIT};
	return db_rows(db,
	               "SELECT owner, period, currency, amount FROM quota"
	               " ORDER BY owner, period, currency",
	               &bv, fn, ctx);
}

long long db_rate_add(struct crm_db *db, const char *owner, const char *attainment,
                      const char *rate)
{
	struct binds bv = {CRM_STRV_INIT};
	crm_strv_push(&bv.v, owner);
	crm_strv_push(&bv.v, attainment);
	crm_strv_push(&bv.v, rate);
	long long id = 0;
	long n = db_rows(db,
	                 "INSERT INTO commission_rate (owner, attainment, rate) VALUES (?, ?, ?)"
	                 " RETURNING id",
	                 &bv, first_id, &id);
	crm_strv_release(&bv.v);
	return n < 0 ? -1 : id;
}

long db_rate_rm(struct crm_db *db, long long id)
{
	struct binds bv = {CRM_STRV_INIT};
	crm_strv_push_owned(&bv.v, crm_xasprintf("%lld", id));
	long n =
	    db_rows(db, "DELETE FROM commission_rate WHERE id = ? RETURNING 1", &bv, NULL, NULL);
	crm_strv_release(&bv.v);
	return n;
}

long db_rates(struct crm_db *db, db_rows_fn fn, void *ctx)
{
	struct binds bv = {CRM_STRV_INIT};
	return db_rows(db,
	               "SELECT id, coalesce(owner, ''), attainment, rate FROM commission_rate"
	               " ORDER BY owner IS NOT NULL, owner, attainment",
	               &bv, fn, ctx);
}

int db_setting_set(struct crm_db *db, const char *key, const char *value)
{
	struct binds bv = {CRM_STRV_INIT};
	crm_strv_push(&bv.v, key);
	crm_strv_push(&bv.v, value);
	long n = db_rows(db,
	                 value ? "INSERT INTO setting (key, value) VALUES (?, ?)"
	                         " ON CONFLICT (key) DO UPDATE SET value = excluded.value"
	                       : "DELETE FROM setting WHERE key = ?",
	                 &bv, NULL, NULL);
	crm_strv_release(&bv.v);
	return n < 0 ? -1 : 0;
}

long db_settings(struct crm_db *db, const char *prefix, db_rows_fn fn, void *ctx)
{
	struct binds bv = {CRM_STRV_INIT};
	crm_strv_push_owned(&bv.v, crm_xasprintf("%s%%", prefix));
	long n = db_rows(db, "SELECT key, value FROM setting WHERE key LIKE ? ORDER BY key", &bv,
	                 fn, ctx);
	crm_strv_release(&bv.v);
	return n;
}
