/*
 * report.c - crm-report: the analytical reports.  Each turns the store's
 * aggregates (db_report.c) into a table of figures: it names the columns,
 * does the arithmetic that is not a sum (rates, medians, quintiles, scores)
 * and hands the table to rep_emit, which prints it in any format, as a
 * chart or as a page.
 */
#define _GNU_SOURCE
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "base/i18n.h"
#include "report/report.h"
#include "base/money.h"
#include "core/verbs.h"

/* ------------------------------------------------------------ cells */

static void rep_money(struct rep *r, long long minor)
{
	crm_strv_push_owned(&r->cells, crm_money_str(minor));
}

/* A percent with one decimal, or empty when there is nothing to divide by. */
static void rep_pct(struct rep *r, double part, double whole)
{
	if (whole > 0)
		rep_cellf(r, "%.1f", 100.0 * part / whole);
	else
		rep_cell(r, "");
}

static void rep_days(struct rep *r, double days, int have)
{
	if (have)
		rep_cellf(r, "%.1f", days);
	else
		rep_cell(r, "");
}

struct order {
	const struct rep *r;
	int col, desc;
};

/* Numbers as numbers, text as text; an empty cell sorts last either way; ties keep their order. */
static int row_cmp(const void *x, const void *y, void *arg)
{
	const struct order *o = arg;
	int a = *(const int *)x, b = *(const int *)y;
	const char *u = rep_at(o->r, a, o->col), *v = rep_at(o->r, b, o->col);
	int c;
	if (!*u || !*v)
		c = !*u - !*v;
	else {
		if (o->r->cols[o->col].numeric) {
			double p = atof(u), q = atof(v);
			c = (p > q) - (p < q);
		} else
			c = strcoll(u, v);
		if (o->desc)
			c = -c;
	}
	return c ? c : (a > b) - (a < b);
}

/* Puts the rows in order of a column; total rows stay last. */
static void rep_sort(struct rep *r, int col, int desc)
{
	int n = rep_rows(r), m = 0;
	int *idx = crm_xmalloc(sizeof *idx * (size_t)(n ? n : 1));
	for (int i = 0; i < n; i++)
		if (!rep_is_total(r, i))
			idx[m++] = i;
	for (int i = 0; i < n; i++)
		if (rep_is_total(r, i))
			idx[m++] = i;
	struct order o = {r, col, desc};
	int body = 0;
	while (body < n && !rep_is_total(r, idx[body]))
		body++;
	qsort_r(idx, (size_t)body, sizeof *idx, row_cmp, &o);
	struct crm_strv cells = CRM_STRV_INIT;
	for (int i = 0; i < n; i++)
		for (int c = 0; c < r->ncols; c++)
			crm_strv_push(&cells, rep_at(r, idx[i], c));
	crm_strv_release(&r->cells);
	r->cells = cells;
	free(idx);
}

/* --sort COLUMN or -COLUMN: a usage error names the columns there are. */
static int sort_option(struct crm_ctx *ctx, struct rep *r)
{
	const char *name = ctx->o.sort;
	int desc = name[0] == '-';
	int col = rep_col_named(r, name + desc);
	if (col < 0) {
		struct crm_buf b = CRM_BUF_INIT;
		for (int c = 0; c < r->ncols; c++)
			crm_buf_printf(&b, "%s%s", c ? ", " : "", r->cols[c].name);
		int rc = cli_usage_error(ctx, _("--sort: no column '%s' (columns: %s)"),
		                         name + desc, crm_buf_str(&b));
		crm_buf_release(&b);
		return rc;
	}
	rep_sort(r, col, desc);
	return 0;
}

/* The decimals a figure is written with: "12" 0, "12.50" 2. */
static int decimals(const char *s)
{
	const char *dot = strchr(s, '.');
	return dot ? (int)strlen(dot + 1) : 0;
}

/* A figure in units of 10^-dec, exactly: sums of money are not rounded. */
static long long units(const char *s, int dec)
{
	int neg = *s == '-';
	long long whole = atoll(s + neg), frac = 0;
	const char *dot = strchr(s, '.');
	int d = 0;
	for (const char *p = dot ? dot + 1 : ""; *p && d < dec; p++, d++)
		frac = frac * 10 + (*p - '0');
	for (; d < dec; d++)
		frac *= 10;
	for (int i = 0; i < dec; i++)
		whole *= 10;
	return neg ? -(whole + frac) : whole + frac;
}

static char *units_str(long long v, int dec)
{
	long long scale = 1, a = v < 0 ? -v : v;
	for (int i = 0; i < dec; i++)
		scale *= 10;
	if (!dec)
		return crm_xasprintf("%lld", v);
	return crm_xasprintf("%s%lld.%0*lld", v < 0 ? "-" : "", a / scale, dec, a % scale);
}

/* The total row of the rows whose currency is cur (every row when there is no currency). */
static void total_row(struct rep *r, int n, int curcol, const char *cur)
{
	long long sum[REP_COLS] = {0}, part[REP_COLS] = {0};
	int dec[REP_COLS] = {0}, rows = 0, filled[REP_COLS] = {0};
	for (int i = 0; i < n; i++) {
		if (rep_is_total(r, i) || (curcol >= 0 && strcmp(rep_at(r, i, curcol), cur)))
			continue;
		rows++;
		for (int c = 0; c < r->ncols; c++)
			if (r->sums[c] && decimals(rep_at(r, i, c)) > dec[c])
				dec[c] = decimals(rep_at(r, i, c));
	}
	if (rows < 2)
		return;
	for (int i = 0; i < n; i++) {
		if (rep_is_total(r, i) || (curcol >= 0 && strcmp(rep_at(r, i, curcol), cur)))
			continue;
		for (int c = 0; c < r->ncols; c++) {
			if (r->sums[c] && *rep_at(r, i, c)) {
				sum[c] += units(rep_at(r, i, c), dec[c]);
				filled[c] = 1;
			}
			/* a percent of a total counts only the rows that have the whole (a quota)
			 */
			int p = r->over[c][0], w = r->over[c][1];
			if (p >= 0 && *rep_at(r, i, w))
				part[c] += units(rep_at(r, i, p), dec[p]);
		}
	}
	for (int c = 0; c < r->ncols; c++) {
		if (c == 0)
			rep_cell(r, "(all)");
		else if (c == curcol)
			rep_cell(r, cur);
		else if (r->sums[c] && filled[c])
			crm_strv_push_owned(&r->cells, units_str(sum[c], dec[c]));
		else if (r->over[c][0] >= 0) {
			int p = r->over[c][0], w = r->over[c][1];
			double num = (double)part[c], whole = (double)sum[w];
			for (int k = dec[p]; k < dec[w]; k++)
				num *= 10;
			for (int k = dec[w]; k < dec[p]; k++)
				whole *= 10;
			rep_pct(r, num, whole);
		} else
			rep_cell(r, "");
	}
}

static int strv_has(const struct crm_strv *v, const char *s)
{
	for (int i = 0; i < v->n; i++)
		if (!strcmp(v->v[i], s))
			return 1;
	return 0;
}

/* A row "(all)" per currency (one when there is none) of the columns that add up. */
static void rep_totals(struct rep *r)
{
	int n = rep_rows(r), curcol = rep_col_named(r, "currency"), any = 0;
	for (int c = 1; c < r->ncols; c++)
		any |= r->sums[c];
	if (!any || r->totalled || n < 2 || r->cols[0].numeric)
		return;
	struct crm_strv seen = CRM_STRV_INIT;
	for (int i = 0; i < n; i++) {
		const char *cur = curcol >= 0 ? rep_at(r, i, curcol) : "";
		if (!strv_has(&seen, cur))
			crm_strv_push(&seen, cur);
	}
	for (int k = 0; k < seen.n; k++)
		total_row(r, n, curcol, seen.v[k]);
	crm_strv_release(&seen);
}

int rep_emit(struct crm_ctx *ctx, struct rep *r)
{
	if (ctx->o.sort) {
		int rc = sort_option(ctx, r);
		if (rc)
			return rc;
	} else if (ctx->o.render && r->ranked && r->value >= 0)
		rep_sort(r, r->value, 1); /* a page ranks groups by the figure it charts */
	rep_totals(r);
	if (ctx->o.render) {
		rep_html(r, stdout, ctx->now);
		return 0;
	}
	/* an -o given says what the output is for: it wins over --chart */
	if (ctx->o.chart && ctx->o.format < 0 && isatty(STDOUT_FILENO)) {
		struct winsize ws;
		const char *c = getenv("COLUMNS");
		int width = ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20 ? ws.ws_col
		            : c && atoi(c) > 20                                          ? atoi(c)
		                                                                         : 80;
		rep_chart(r, stdout, width);
		return 0;
	}
	struct crm_printer *p =
	    crm_printer_new(cli_format(ctx, CRM_FMT_TSV), stdout, ctx->o.header);
	crm_printer_begin(p, r->cols, r->ncols);
	for (int i = 0; i < rep_rows(r); i++)
		crm_printer_row(p, (const char *const *)r->cells.v + (size_t)i * r->ncols);
	return crm_printer_end(p) < 0 ? CRM_EXIT_DB : 0;
}

/* ----------------------------------------------------- a report's query */

/* What every report reads from its command line. */
struct rq {
	struct db_report q;
	struct crm_filter f;
	struct crm_strv by;
	char from[11], to[11], today[11], as_of_day[11], as_of[32], from_ts[32], to_ts[32];
};

static int db_failed(struct crm_ctx *ctx)
{
	crm_warn("%s", db_error(ctx->db));
	return CRM_EXIT_DB;
}

static int parse_day(struct crm_ctx *ctx, const char *opt, const char *v, char *out)
{
	if (crm_parse_date(v, out) < 0)
		return cli_usage_error(ctx, _("%s: not a date '%s'"), opt, v);
	return 0;
}

/* Parses filter words for an entity into f; 0 or an exit code after a message. */
static int parse_filter(struct crm_ctx *ctx, const struct crm_entity *ent, int argc, char **argv,
                        struct crm_filter *f)
{
	char *err = NULL;
	int rc = crm_filter_parse(ctx->db, db_schema(ctx->db, ent), argc, argv, f, &err);
	if (rc)
		crm_warn("%s", err);
	free(err);
	return rc;
}

/* The day range as UTC timestamps: local midnight of from, of the day after to. */
static void range_stamps(struct rq *r)
{
	if (r->q.from && crm_parse_datetime(r->q.from, r->from_ts) == 0)
		r->q.from_ts = r->from_ts;
	double day;
	if (r->q.to && crm_day_number(r->q.to, &day) == 0) {
		char next[32];
		time_t t = (time_t)(day + 1) * 86400;
		crm_timestamp(t, next);
		next[10] = '\0';
		if (crm_parse_datetime(next, r->to_ts) == 0)
			r->q.to_ts = r->to_ts;
	}
}

/*
 * Reads the filter (on ent), --by (at most maxby dimensions, dflt when none
 * is given; periods only when only_periods), --from, --to and --as-of.
 */
static int rq_setup(struct crm_ctx *ctx, struct rq *r, const struct crm_entity *ent, int argc,
                    char **argv, const char *dflt, int maxby, int only_periods)
{
	memset(r, 0, sizeof *r);
	crm_parse_date("today", r->today);
	r->q.today = r->today;
	r->q.commit = ctx->o.commit;
	if (ent) {
		r->q.s = db_schema(ctx->db, ent);
		r->q.f = &r->f;
		int rc = parse_filter(ctx, ent, argc, argv, &r->f);
		if (rc)
			return rc;
	}
	const char *by = ctx->o.by ? ctx->o.by : dflt;
	if (by)
		crm_strv_split(&r->by, by, ',');
	if (r->by.n > maxby)
		return cli_usage_error(ctx,
		                       P_("--by takes at most %d dimension here",
		                          "--by takes at most %d dimensions here", maxby),
		                       maxby);
	int cases = ent == &crm_entity_case;
	for (int i = 0; i < r->by.n; i++)
		if (!(cases ? db_report_case_dim(r->by.v[i])
		            : db_report_dim(r->by.v[i], only_periods)) &&
		    (only_periods || !db_report_custom_dim(r->q.s, r->by.v[i])))
			return cli_usage_error(
			    ctx, _("--by: unknown dimension '%s' (use %s%s)"), r->by.v[i],
			    only_periods ? "week, month, quarter or year"
			    : cases ? "owner account product priority kind channel day week month "
			              "quarter year"
			            : db_report_dims(),
			    only_periods || !ent ? "" : ", or a custom field");
	r->q.by = (const char *const *)r->by.v;
	r->q.nby = r->by.n;
	if (ctx->o.from && parse_day(ctx, "--from", ctx->o.from, r->from))
		return CRM_EXIT_USAGE;
	if (ctx->o.to && parse_day(ctx, "--to", ctx->o.to, r->to))
		return CRM_EXIT_USAGE;
	r->q.from = ctx->o.from ? r->from : NULL;
	r->q.to = ctx->o.to ? r->to : NULL;
	range_stamps(r);
	if (ctx->o.as_of) {
		if (parse_day(ctx, "--as-of", ctx->o.as_of, r->as_of_day))
			return CRM_EXIT_USAGE;
		char end[32];
		snprintf(end, sizeof end, "%sT23:59:59", r->as_of_day);
		crm_parse_datetime(end, r->as_of);
		r->q.as_of = r->as_of;
		r->q.as_of_day = r->as_of_day;
	}
	return 0;
}

static void rq_release(struct rq *r)
{
	crm_filter_release(&r->f);
	crm_strv_release(&r->by);
}

/* "Sales by owner, month" */
static char *title_by(const char *what, const struct rq *r)
{
	struct crm_buf b = CRM_BUF_INIT;
	/* a title is for people: a chart or a page */
	crm_buf_puts(&b, _(what));
	for (int i = 0; i < r->by.n; i++)
		crm_buf_printf(&b, "%s%s", i ? ", " : _(" by "), r->by.v[i]);
	/* TRANSLATORS: a report's days, from the first to the last: " (2026-01-01 to now)" */
	if (r->q.from || r->q.to)
		crm_buf_printf(&b, _(" (%s to %s)"), r->q.from ? r->q.from : _("start"),
		               r->q.to ? r->q.to : _("now"));
	if (r->q.as_of)
		crm_buf_printf(&b, _(" as of %s"), r->q.as_of_day);
	return crm_buf_detach(&b);
}

static long long num(const char *v)
{
	return v ? atoll(v) : 0;
}

/* ------------------------------------------------------------ pipeline */

static int pipeline_row(void *arg, const char *const *v, int n)
{
	struct rep *r = arg;
	for (int i = 0; i < n - 3; i++)
		rep_cell(r, v[i]);
	rep_cell(r, v[n - 3]);
	rep_money(r, num(v[n - 2]));
	rep_money(r, num(v[n - 1]));
	return 0;
}

/* The rows of a report with dimension columns d... between fixed ones. */
/*
 * The dimension columns: they name a row in a chart, and a report by one
 * period alone is a time series (reports with columns before them say so).
 */
static void dim_cols(struct rep *r, const struct rq *q)
{
	for (int i = 0; i < q->by.n; i++)
		rep_col(r, q->by.v[i], 0);
	r->labels = q->by.n;
	r->series = q->by.n == 1 && db_report_dim(q->by.v[0], 1);
}

static int pipeline_run(struct crm_ctx *ctx, int argc, char **argv, int *rows)
{
	struct rq q;
	struct rep r;
	int rc = rq_setup(ctx, &q, &crm_entity_opp, argc, argv, NULL, 2, 0);
	rep_init(&r, title_by(N_("Open pipeline"), &q));
	rep_col(&r, "pipeline", 0);
	rep_col(&r, "stage", 0);
	dim_cols(&r, &q);
	rep_col(&r, "currency", 0);
	rep_col(&r, "count", REP_SUM);
	rep_col(&r, "total", REP_SUM);
	rep_col(&r, "weighted", REP_SUM);
	r.labels = 2 + q.by.n;
	r.series = 0; /* stages first: not a time series */
	r.value = r.ncols - 2;
	if (!rc && db_report_pipeline(ctx->db, &q.q, pipeline_row, &r) < 0)
		rc = db_failed(ctx);
	if (q.q.as_of)
		crm_strv_push(&r.notes, "As of a date: stages, amounts and probabilities come from "
		                        "the change log; deals imported already closed show as "
		                        "(unrecorded) before their close.");
	if (!rc)
		rc = rep_emit(ctx, &r);
	*rows = rep_rows(&r);
	rep_release(&r);
	rq_release(&q);
	return rc;
}

static int report_pipeline(struct crm_ctx *ctx, int argc, char **argv)
{
	int rows;
	return pipeline_run(ctx, argc, argv, &rows);
}

/* crm-opp pipeline: the same report, and exit 1 when nothing is open. */
int crm_verb_pipeline(struct crm_ctx *ctx, int argc, char **argv)
{
	int rows = 0, rc = pipeline_run(ctx, argc, argv, &rows);
	return rc ? rc : rows ? 0 : CRM_EXIT_NOMATCH;
}

/* ------------------------------------------------------------ forecast */

/* One group of a report merged from several queries: its key and figures. */
struct group {
	char *key; /* the label columns joined by \x1f */
	long long v[8];
};

struct groups {
	struct group *g;
	int n, cap, nkeys;
};

static struct group *group_of(struct groups *gs, const char *const *keys, int nkeys)
{
	struct crm_buf b = CRM_BUF_INIT;
	for (int i = 0; i < nkeys; i++) {
		crm_buf_puts(&b, keys[i] ? keys[i] : "");
		crm_buf_putc(&b, '\x1f');
	}
	/* the rows of a query come grouped, so the group sought is most often the last */
	for (int i = gs->n - 1; i >= 0 && i >= gs->n - 64; i--)
		if (!strcmp(gs->g[i].key, crm_buf_str(&b))) {
			crm_buf_release(&b);
			return &gs->g[i];
		}
	if (gs->n == gs->cap) {
		gs->cap = gs->cap ? 2 * gs->cap : 64;
		gs->g = crm_xrealloc(gs->g, sizeof *gs->g * (size_t)gs->cap);
	}
	struct group *g = &gs->g[gs->n++];
	memset(g, 0, sizeof *g);
	g->key = crm_buf_detach(&b);
	gs->nkeys = nkeys;
	return g;
}

static int group_cmp(const void *a, const void *b)
{
	return strcmp(((const struct group *)a)->key, ((const struct group *)b)->key);
}

/* Sorts by key and adds up groups that came twice (from two queries). */
static void groups_merge(struct groups *gs)
{
	if (gs->n == 0)
		return;
	qsort(gs->g, (size_t)gs->n, sizeof *gs->g, group_cmp);
	int out = 0;
	for (int i = 0; i < gs->n; i++) {
		if (out && !strcmp(gs->g[out - 1].key, gs->g[i].key)) {
			for (int k = 0; k < 8; k++)
				gs->g[out - 1].v[k] += gs->g[i].v[k];
			free(gs->g[i].key);
			continue;
		}
		gs->g[out++] = gs->g[i];
	}
	gs->n = out;
}

static void groups_release(struct groups *gs)
{
	for (int i = 0; i < gs->n; i++)
		free(gs->g[i].key);
	free(gs->g);
}

/* Puts a group's key columns as cells. */
static void key_cells(struct rep *r, const struct group *g)
{
	const char *k = g->key;
	while (*k) {
		const char *e = strchr(k, '\x1f');
		char *cell = crm_xstrndup(k, (size_t)(e - k));
		crm_strv_push_owned(&r->cells, cell);
		k = e + 1;
	}
}

/* The n-th key of a group, malloc'd. */
static char *key_part(const struct group *g, int n)
{
	const char *k = g->key;
	for (; n > 0; n--)
		k = strchr(k, '\x1f') + 1;
	return crm_xstrndup(k, strcspn(k, "\x1f"));
}

struct quotas {
	struct crm_strv owner, period, currency;
	long long *amount;
	int n;
};

static int quota_row(void *arg, const char *const *v, int n)
{
	struct quotas *qs = arg;
	(void)n;
	crm_strv_push(&qs->owner, v[0]);
	crm_strv_push(&qs->period, v[1]);
	crm_strv_push(&qs->currency, v[2]);
	qs->amount = crm_xrealloc(qs->amount, sizeof *qs->amount * (size_t)(qs->n + 1));
	qs->amount[qs->n++] = num(v[3]);
	return 0;
}

static void quotas_release(struct quotas *qs)
{
	crm_strv_release(&qs->owner);
	crm_strv_release(&qs->period);
	crm_strv_release(&qs->currency);
	free(qs->amount);
}

/* An owner's quota set for exactly this period (2026, 2026-Q1, 2026-01) in a currency, or -1. */
static long long quota_set_for(const struct quotas *qs, const char *owner, const char *cur,
                               const char *period)
{
	for (int i = 0; i < qs->n; i++)
		if (!strcmp(qs->owner.v[i], owner) && !strcmp(qs->currency.v[i], cur) &&
		    !strcmp(qs->period.v[i], period))
			return qs->amount[i];
	return -1;
}

/*
 * An owner's quota for one month, in minor units: the month's own, else a
 * third of its quarter's, else a twelfth of its year's; -1 if none is set.
 * The most precise quota wins, so a year and its months never count twice.
 */
static double month_quota(const struct quotas *qs, const char *owner, const char *cur, int year,
                          int month)
{
	char p[40];
	long long q;
	snprintf(p, sizeof p, "%04d-%02d", year, month);
	if ((q = quota_set_for(qs, owner, cur, p)) >= 0)
		return (double)q;
	snprintf(p, sizeof p, "%04d-Q%d", year, (month + 2) / 3);
	if ((q = quota_set_for(qs, owner, cur, p)) >= 0)
		return (double)q / 3;
	snprintf(p, sizeof p, "%04d", year);
	if ((q = quota_set_for(qs, owner, cur, p)) >= 0)
		return (double)q / 12;
	return -1;
}

/*
 * An owner's quota in a currency for a report's period (a month, a quarter
 * or a year: the months it spans added up), or -1 when none of its months
 * has one.  A week is not compared: -1.
 */
static long long quota_for(const struct quotas *qs, const char *owner, const char *cur,
                           const char *period)
{
	int year = atoi(period), first, last;
	size_t n = strlen(period);
	if (n == 4)
		first = 1, last = 12;
	else if (n == 7 && period[5] == 'Q')
		first = 3 * (period[6] - '1') + 1, last = first + 2;
	else if (n == 7)
		first = last = atoi(period + 5);
	else
		return -1;
	double sum = 0;
	int any = 0;
	for (int m = first; m <= last; m++) {
		double q = month_quota(qs, owner, cur, year, m);
		if (q >= 0)
			sum += q, any = 1;
	}
	return any ? llround(sum) : -1;
}

struct forecast_acc {
	struct groups gs;
	int nkeys;
};

/* kind, dims..., currency, count, total, weighted, commit */
static int forecast_row(void *arg, const char *const *v, int n)
{
	struct forecast_acc *a = arg;
	struct group *g = group_of(&a->gs, v + 1, a->nkeys);
	if (!strcmp(v[0], "open")) {
		g->v[0] += num(v[n - 4]);
		g->v[1] += num(v[n - 3]);
		g->v[2] += num(v[n - 2]);
		g->v[3] += num(v[n - 1]);
	} else {
		g->v[4] += num(v[n - 4]);
		g->v[5] += num(v[n - 3]);
	}
	return 0;
}

static int by_index(const struct rq *q, const char *dim)
{
	for (int i = 0; i < q->by.n; i++)
		if (!strcmp(q->by.v[i], dim))
			return i;
	return -1;
}

/* --period becomes the first dimension, then --by's. */
static int period_first(struct crm_ctx *ctx, struct rq *q, const char *dflt)
{
	const char *period = ctx->o.period ? ctx->o.period : dflt;
	if (!db_report_dim(period, 1) || !strcmp(period, "day"))
		return cli_usage_error(ctx, _("--period: '%s' is not week, month, quarter or year"),
		                       period);
	for (int i = 0; i < q->by.n; i++)
		if (db_report_dim(q->by.v[i], 1))
			return cli_usage_error(ctx, _("--by: '%s' is a period: use --period"),
			                       q->by.v[i]);
	crm_strv_push(&q->by, period);
	char *first = q->by.v[q->by.n - 1];
	memmove(q->by.v + 1, q->by.v, sizeof(char *) * (size_t)(q->by.n - 1));
	q->by.v[0] = first;
	q->q.by = (const char *const *)q->by.v;
	q->q.nby = q->by.n;
	return 0;
}

/* --commit names a stage some pipeline has. */
static int check_stage(struct crm_ctx *ctx, const char *name)
{
	struct crm_strv stages = CRM_STRV_INIT;
	if (db_choices(ctx->db, "stage", &stages) < 0)
		return db_failed(ctx);
	int found = 0;
	for (int i = 0; i < stages.n; i++)
		found |= !strcmp(stages.v[i], name);
	crm_strv_release(&stages);
	return found ? 0 : cli_usage_error(ctx, _("--commit: no stage '%s'"), name);
}

static int report_forecast(struct crm_ctx *ctx, int argc, char **argv)
{
	struct rq q;
	struct rep r;
	struct forecast_acc a = {{0}, 0};
	struct quotas qs = {CRM_STRV_INIT, CRM_STRV_INIT, CRM_STRV_INIT, NULL, 0};
	int rc = rq_setup(ctx, &q, &crm_entity_opp, argc, argv, NULL, 1, 0);
	if (!rc)
		rc = period_first(ctx, &q, "month");
	if (!rc && ctx->o.commit)
		rc = check_stage(ctx, ctx->o.commit);
	rep_init(&r, title_by(N_("Forecast"), &q));
	dim_cols(&r, &q);
	rep_col(&r, "currency", 0);
	a.nkeys = q.by.n + 1;
	if (!rc && db_report_forecast(ctx->db, &q.q, forecast_row, &a) < 0)
		rc = db_failed(ctx);
	if (!rc && db_quotas(ctx->db, quota_row, &qs) < 0)
		rc = db_failed(ctx);
	int owner = by_index(&q, "owner");
	const char *per = q.by.n ? q.by.v[0] : "";
	int quota_period = !strcmp(per, "month") || !strcmp(per, "quarter") || !strcmp(per, "year");
	/* attainment is an owner's: a team's won set against one person's quota says nothing */
	int quotas = qs.n > 0 && quota_period && owner >= 0;
	static const char *const names[] = {"open",   "best_case", "weighted",
	                                    "commit", "won_count", "won"};
	for (int i = 0; i < 6; i++)
		rep_col(&r, names[i], REP_SUM);
	if (quotas) {
		rep_col(&r, "quota", REP_SUM);
		rep_col_pct(&r, "attainment", r.ncols - 2, r.ncols - 1);
	}
	r.labels = q.by.n + 1;
	r.value = q.by.n + 3;
	r.series = q.by.n == 1;
	groups_merge(&a.gs);
	for (int i = 0; !rc && i < a.gs.n; i++) {
		struct group *g = &a.gs.g[i];
		key_cells(&r, g);
		rep_cellf(&r, "%lld", g->v[0]);
		rep_money(&r, g->v[1]);
		rep_money(&r, g->v[2]);
		rep_money(&r, g->v[3]);
		rep_cellf(&r, "%lld", g->v[4]);
		rep_money(&r, g->v[5]);
		if (quotas) {
			char *period = key_part(g, 0), *who = key_part(g, owner);
			char *cur = key_part(g, q.by.n);
			long long quota = quota_for(&qs, who, cur, period);
			free(cur);
			if (quota >= 0) {
				rep_money(&r, quota);
				rep_pct(&r, (double)g->v[5], (double)quota);
			} else {
				rep_cell(&r, "");
				rep_cell(&r, "");
			}
			free(period);
			free(who);
		}
	}
	crm_strv_push(&r.notes, "open, best_case, weighted and commit: open deals by the period of "
	                        "their expected close; won: deals won in the period.");
	if (qs.n > 0 && !quotas)
		crm_strv_push(&r.notes, quota_period
		                            ? "Quotas are an owner's: --by owner sets each "
		                              "owner's won against their quota."
		                            : "Quotas are set by month, quarter or year: a "
		                              "weekly report does not compare them.");
	else if (quotas)
		crm_strv_push(&r.notes,
		              "quota: the owner's quota in the row's currency; a quarter's "
		              "or a year's is spread evenly over its months.");
	if (!rc)
		rc = rep_emit(ctx, &r);
	groups_release(&a.gs);
	quotas_release(&qs);
	rep_release(&r);
	rq_release(&q);
	return rc;
}

/* ----------------------------------------------------- sales, win rates */

struct closed_acc {
	struct groups gs;
	int nkeys;
};

/* state, dims..., currency, count, amount */
static int closed_row(void *arg, const char *const *v, int n)
{
	struct closed_acc *a = arg;
	struct group *g = group_of(&a->gs, v + 1, a->nkeys);
	int won = !strcmp(v[0], "won");
	g->v[won ? 0 : 2] += num(v[n - 2]);
	g->v[won ? 1 : 3] += num(v[n - 1]);
	return 0;
}

/* Closed deals ("won", or NULL for won and lost) added up in groups of their nkeys first columns.
 */
static int closed_groups(struct crm_ctx *ctx, struct rq *q, const char *state, int nkeys,
                         struct closed_acc *a)
{
	a->nkeys = nkeys;
	if (db_report_closed(ctx->db, &q->q, state, closed_row, a) < 0)
		return db_failed(ctx);
	groups_merge(&a->gs);
	return 0;
}

static int report_sales(struct crm_ctx *ctx, int argc, char **argv)
{
	struct rq q;
	struct rep r;
	struct closed_acc a = {{0}, 0};
	int rc = rq_setup(ctx, &q, &crm_entity_opp, argc, argv, "owner", 2, 0);
	rep_init(&r, title_by(N_("Sales won"), &q));
	dim_cols(&r, &q);
	rep_col(&r, "currency", 0);
	rep_col(&r, "deals", REP_SUM);
	rep_col(&r, "amount", REP_SUM);
	rep_col(&r, "average", REP_NUM);
	r.value = q.by.n + 2;
	r.ranked = 1;
	if (!rc)
		rc = closed_groups(ctx, &q, "won", q.by.n + 1, &a);
	for (int i = 0; !rc && i < a.gs.n; i++) {
		struct group *g = &a.gs.g[i];
		key_cells(&r, g);
		rep_cellf(&r, "%lld", g->v[0]);
		rep_money(&r, g->v[1]);
		rep_money(&r, g->v[0] ? (long long)llround((double)g->v[1] / (double)g->v[0]) : 0);
	}
	if (by_index(&q, "product") >= 0 || by_index(&q, "family") >= 0)
		crm_strv_push(&r.notes,
		              "By product, a deal with line items counts each item's total "
		              "under its product; deals counts deals, once per group.");
	if (!rc)
		rc = rep_emit(ctx, &r);
	groups_release(&a.gs);
	rep_release(&r);
	rq_release(&q);
	return rc;
}

/* Win rates count deals, whatever their currency: the currency is not a key. */
static int report_winrate(struct crm_ctx *ctx, int argc, char **argv)
{
	struct rq q;
	struct rep r;
	struct closed_acc a = {{0}, 0};
	int rc = rq_setup(ctx, &q, &crm_entity_opp, argc, argv, "owner", 2, 0);
	rep_init(&r, title_by(N_("Win rate"), &q));
	dim_cols(&r, &q);
	rep_col(&r, "won", REP_SUM);
	rep_col(&r, "lost", REP_SUM);
	rep_col(&r, "closed", REP_SUM);
	rep_col_pct(&r, "win_rate", q.by.n, q.by.n + 2);
	r.value = q.by.n + 3;
	r.ranked = 1;
	if (!rc)
		rc = closed_groups(ctx, &q, NULL, q.by.n, &a);
	for (int i = 0; !rc && i < a.gs.n; i++) {
		struct group *g = &a.gs.g[i];
		key_cells(&r, g);
		rep_cellf(&r, "%lld", g->v[0]);
		rep_cellf(&r, "%lld", g->v[2]);
		rep_cellf(&r, "%lld", g->v[0] + g->v[2]);
		rep_pct(&r, (double)g->v[0], (double)(g->v[0] + g->v[2]));
	}
	crm_strv_push(&r.notes, "win_rate: won / (won + lost), in percent, of the deals closed in "
	                        "the range.");
	if (!rc)
		rc = rep_emit(ctx, &r);
	groups_release(&a.gs);
	rep_release(&r);
	rq_release(&q);
	return rc;
}

/* ------------------------------------------------------------ medians */

struct sample {
	double *v;
	int n, cap;
};

static void sample_add(struct sample *s, double v)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 16;
		s->v = crm_xrealloc(s->v, sizeof *s->v * (size_t)s->cap);
	}
	s->v[s->n++] = v;
}

static int double_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double sample_median(struct sample *s)
{
	if (!s->n)
		return 0;
	qsort(s->v, (size_t)s->n, sizeof *s->v, double_cmp);
	return s->n % 2 ? s->v[s->n / 2] : (s->v[s->n / 2 - 1] + s->v[s->n / 2]) / 2;
}

static double sample_mean(const struct sample *s)
{
	double sum = 0;
	for (int i = 0; i < s->n; i++)
		sum += s->v[i];
	return s->n ? sum / s->n : 0;
}

/* Days from a to b (dates or timestamps); 0 with *ok 0 if either is missing. */
static double days_between(const char *a, const char *b, int *ok)
{
	double x, y;
	*ok = a && b && crm_day_number(a, &x) == 0 && crm_day_number(b, &y) == 0;
	return *ok ? y - x : 0;
}

/* Whole days from the local day of a (a date or a UTC timestamp) to date b. */
static double days_to_date(const char *a, const char *b, int *ok)
{
	char local[32] = "", day[11] = "";
	if (a && strlen(a) > 10)
		crm_local_time(a, local, sizeof local);
	if (a)
		snprintf(day, sizeof day, "%.10s", *local ? local : a);
	return days_between(a ? day : NULL, b, ok);
}

/* ------------------------------------------------------------ funnel */

struct funnel_src {
	char *source;
	long leads, converted, opps, won;
	struct sample to_convert, to_win;
};

struct funnel_acc {
	struct funnel_src *s;
	int n;
};

static void funnel_count(struct funnel_src *f, const char *const *v)
{
	int ok;
	f->leads++;
	if (v[2]) {
		f->converted++;
		double d = days_between(v[1], v[2], &ok);
		if (ok)
			sample_add(&f->to_convert, d < 0 ? 0 : d);
	}
	if (v[3])
		f->opps++;
	if (v[4] && !strcmp(v[4], "won")) {
		f->won++;
		double d = days_to_date(v[1], v[5], &ok);
		if (ok)
			sample_add(&f->to_win, d < 0 ? 0 : d);
	}
}

/* source, created, converted at, opp created, opp state, opp closed */
static int funnel_row(void *arg, const char *const *v, int n)
{
	struct funnel_acc *a = arg;
	(void)n;
	if (!a->n || strcmp(a->s[a->n - 1].source, v[0])) {
		a->s = crm_xrealloc(a->s, sizeof *a->s * (size_t)(a->n + 2));
		memset(&a->s[a->n], 0, sizeof *a->s);
		a->s[a->n++].source = crm_xstrdup(v[0]);
	}
	funnel_count(&a->s[a->n - 1], v);
	return 0;
}

static void funnel_cells(struct rep *r, struct funnel_src *f)
{
	rep_cell(r, f->source);
	rep_cellf(r, "%ld", f->leads);
	rep_cellf(r, "%ld", f->converted);
	rep_pct(r, f->converted, f->leads);
	rep_cellf(r, "%ld", f->opps);
	rep_cellf(r, "%ld", f->won);
	rep_pct(r, f->won, f->opps);
	rep_pct(r, f->won, f->leads);
	rep_days(r, sample_median(&f->to_convert), f->to_convert.n > 0);
	rep_days(r, sample_median(&f->to_win), f->to_win.n > 0);
}

static int report_funnel(struct crm_ctx *ctx, int argc, char **argv)
{
	struct rq q;
	struct rep r;
	struct funnel_acc a = {NULL, 0};
	int rc = rq_setup(ctx, &q, &crm_entity_lead, argc, argv, NULL, 0, 0);
	rep_init(&r, title_by(N_("Lead funnel by source"), &q));
	static const char *const names[] = {
	    "source", "leads",   "converted",       "converted_pct",   "opps",
	    "won",    "won_pct", "lead_to_won_pct", "days_to_convert", "days_to_win"};
	for (int i = 0; i < 10; i++)
		rep_col(&r, names[i], i > 0);
	r.labels = 1;
	r.value = 1;
	if (!rc && db_report_funnel(ctx->db, &q.q, funnel_row, &a) < 0)
		rc = db_failed(ctx);
	struct funnel_src all = {.source = "(all)"};
	for (int i = 0; i < a.n; i++) {
		struct funnel_src *f = &a.s[i];
		all.leads += f->leads;
		all.converted += f->converted;
		all.opps += f->opps;
		all.won += f->won;
		for (int k = 0; k < f->to_convert.n; k++)
			sample_add(&all.to_convert, f->to_convert.v[k]);
		for (int k = 0; k < f->to_win.n; k++)
			sample_add(&all.to_win, f->to_win.v[k]);
		funnel_cells(&r, f);
	}
	if (a.n > 1)
		funnel_cells(&r, &all);
	crm_strv_push(&r.notes, "days_to_convert: median days from a lead's creation to its "
	                        "conversion; days_to_win: from its creation to its deal's win. "
	                        "won_pct: won / opps.");
	if (!rc)
		rc = rep_emit(ctx, &r);
	for (int i = 0; i < a.n; i++) {
		free(a.s[i].source);
		free(a.s[i].to_convert.v);
		free(a.s[i].to_win.v);
	}
	free(a.s);
	free(all.to_convert.v);
	free(all.to_win.v);
	rep_release(&r);
	rq_release(&q);
	return rc;
}

/* ----------------------------------------------- stage history: velocity, calibrate */

/* Stages in pipeline order, each with what a report gathers on it. */
struct stage_acc {
	char *pipeline, *name, *state;
	int probability;
	struct sample days; /* velocity: days spent in it, stays that ended */
	long reached, won;  /* calibrate: closed deals that were in it, and of them won */
};

struct history {
	struct stage_acc *st;
	int n;
	struct sample cycle_won, cycle_lost;
	/* the deal being read */
	long long id;
	char *pipeline, *created, *stage_now, *state_now, *closed;
	char *in, *since; /* its stage and since when, walking its changes */
	struct crm_strv seen;
};

static int stage_load(void *arg, const struct db_stage *st)
{
	struct history *h = arg;
	h->st = crm_xrealloc(h->st, sizeof *h->st * (size_t)(h->n + 1));
	struct stage_acc *a = &h->st[h->n++];
	memset(a, 0, sizeof *a);
	a->pipeline = crm_xstrdup(st->pipeline);
	a->name = crm_xstrdup(st->name);
	a->state = crm_xstrdup(st->state);
	a->probability = st->probability;
	return 0;
}

static struct stage_acc *stage_find(struct history *h, const char *pipeline, const char *name)
{
	for (int i = 0; name && i < h->n; i++)
		if (!strcmp(h->st[i].pipeline, pipeline) && !strcmp(h->st[i].name, name))
			return &h->st[i];
	return NULL;
}

static void set_str(char **p, const char *v)
{
	free(*p);
	*p = v ? crm_xstrdup(v) : NULL;
}

/* The deal read so far is complete: its cycle, and the stages a closed one reached. */
static void deal_done(struct history *h)
{
	if (!h->id)
		return;
	int won = h->state_now && !strcmp(h->state_now, "won");
	int lost = h->state_now && !strcmp(h->state_now, "lost");
	if (won || lost) {
		int ok;
		double d = days_to_date(h->created, h->closed, &ok);
		if (ok)
			sample_add(won ? &h->cycle_won : &h->cycle_lost, d < 0 ? 0 : d);
		crm_strv_push(&h->seen, h->stage_now);
		for (int i = 0; i < h->n; i++) {
			struct stage_acc *a = &h->st[i];
			if (strcmp(a->pipeline, h->pipeline))
				continue;
			int reached = 0;
			for (int k = 0; k < h->seen.n && !reached; k++)
				reached = h->seen.v[k] && !strcmp(h->seen.v[k], a->name);
			a->reached += reached;
			a->won += reached && won;
		}
	}
	crm_strv_release(&h->seen);
	h->id = 0;
}

/* id, pipeline, created, stage, state, closed, change at, old, new */
static int history_row(void *arg, const char *const *v, int n)
{
	struct history *h = arg;
	(void)n;
	long long id = num(v[0]);
	if (id != h->id) {
		deal_done(h);
		h->id = id;
		set_str(&h->pipeline, v[1]);
		set_str(&h->created, v[2]);
		set_str(&h->stage_now, v[3]);
		set_str(&h->state_now, v[4]);
		set_str(&h->closed, v[5]);
		/* before its first change it was in the stage that change left */
		set_str(&h->in, v[6] ? v[7] : v[3]);
		set_str(&h->since, v[2]);
		if (h->in)
			crm_strv_push(&h->seen, h->in);
	}
	if (!v[6])
		return 0;
	int ok;
	double d = days_between(h->since, v[6], &ok);
	struct stage_acc *a = stage_find(h, h->pipeline, h->in);
	if (ok && a)
		sample_add(&a->days, d < 0 ? 0 : d);
	set_str(&h->in, v[8]);
	set_str(&h->since, v[6]);
	if (v[8])
		crm_strv_push(&h->seen, v[8]);
	return 0;
}

static void history_release(struct history *h)
{
	for (int i = 0; i < h->n; i++) {
		free(h->st[i].pipeline);
		free(h->st[i].name);
		free(h->st[i].state);
		free(h->st[i].days.v);
	}
	free(h->st);
	free(h->cycle_won.v);
	free(h->cycle_lost.v);
	free(h->pipeline);
	free(h->created);
	free(h->stage_now);
	free(h->state_now);
	free(h->closed);
	free(h->in);
	free(h->since);
	crm_strv_release(&h->seen);
}

static int history_read(struct crm_ctx *ctx, struct rq *q, int closed_only, struct history *h)
{
	if (db_stages(ctx->db, stage_load, h) < 0 ||
	    db_report_stage_history(ctx->db, &q->q, closed_only, history_row, h) < 0)
		return db_failed(ctx);
	deal_done(h);
	return 0;
}

static void cycle_cells(struct rep *r, const char *what, struct sample *s)
{
	rep_cell(r, "");
	rep_cell(r, what);
	rep_cellf(r, "%d", s->n);
	rep_days(r, sample_mean(s), s->n > 0);
	rep_days(r, sample_median(s), s->n > 0);
}

static int report_velocity(struct crm_ctx *ctx, int argc, char **argv)
{
	struct rq q;
	struct rep r;
	struct history h = {0};
	int rc = rq_setup(ctx, &q, &crm_entity_opp, argc, argv, NULL, 0, 0);
	rep_init(&r, title_by(N_("Stage velocity"), &q));
	rep_col(&r, "pipeline", 0);
	rep_col(&r, "stage", 0);
	rep_col(&r, "deals", 1);
	rep_col(&r, "avg_days", 1);
	rep_col(&r, "median_days", 1);
	r.labels = 2;
	r.value = 3;
	if (!rc)
		rc = history_read(ctx, &q, 0, &h);
	for (int i = 0; !rc && i < h.n; i++) {
		struct stage_acc *a = &h.st[i];
		if (!a->days.n)
			continue;
		rep_cell(&r, a->pipeline);
		rep_cell(&r, a->name);
		rep_cellf(&r, "%d", a->days.n);
		rep_days(&r, sample_mean(&a->days), 1);
		rep_days(&r, sample_median(&a->days), 1);
	}
	if (!rc) {
		cycle_cells(&r, "(cycle, won)", &h.cycle_won);
		cycle_cells(&r, "(cycle, lost)", &h.cycle_lost);
	}
	crm_strv_push(&r.notes,
	              "Days in a stage: from entering it to the next stage change, for "
	              "stays that ended (the change log). Cycle: from creation to close.");
	if (!rc)
		rc = rep_emit(ctx, &r);
	history_release(&h);
	rep_release(&r);
	rq_release(&q);
	return rc;
}

static int report_calibrate(struct crm_ctx *ctx, int argc, char **argv)
{
	struct rq q;
	struct rep r;
	struct history h = {0};
	long floor = ctx->o.min >= 0 ? ctx->o.min : 20;
	int rc = rq_setup(ctx, &q, &crm_entity_opp, argc, argv, NULL, 0, 0);
	rep_init(&r, title_by(N_("Stage probabilities against outcomes"), &q));
	static const char *const names[] = {"pipeline", "stage",  "probability", "reached",
	                                    "won",      "actual", "note"};
	for (int i = 0; i < 7; i++)
		rep_col(&r, names[i], i >= 2 && i <= 5);
	r.labels = 2;
	r.value = 5;
	if (!rc)
		rc = history_read(ctx, &q, 1, &h); /* only closed deals count */
	for (int i = 0; !rc && i < h.n; i++) {
		struct stage_acc *a = &h.st[i];
		if (strcmp(a->state, "open"))
			continue;
		rep_cell(&r, a->pipeline);
		rep_cell(&r, a->name);
		rep_cellf(&r, "%d", a->probability);
		rep_cellf(&r, "%ld", a->reached);
		rep_cellf(&r, "%ld", a->won);
		if (a->reached >= floor) {
			rep_pct(&r, a->won, a->reached);
			double gap = 100.0 * a->won / a->reached - a->probability;
			rep_cellf(&r, fabs(gap) >= 10 ? "set probability=%.0f?" : "",
			          100.0 * a->won / a->reached);
		} else {
			rep_cell(&r, "");
			rep_cellf(&r, "not enough history (%ld < %ld)", a->reached, floor);
		}
	}
	crm_strv_push(&r.notes, "actual: of the closed deals that were ever in the stage (the "
	                        "change log), the percent won.");
	if (!rc)
		rc = rep_emit(ctx, &r);
	history_release(&h);
	rep_release(&r);
	rq_release(&q);
	return rc;
}

/* ------------------------------------------------------------ activity */

static int activity_row(void *arg, const char *const *v, int n)
{
	struct rep *r = arg;
	for (int i = 0; i < n; i++)
		rep_cell(r, v[i]);
	return 0;
}

/* Without --from, activity counts the last twelve weeks, this one included. */
static void twelve_weeks(struct rq *q)
{
	double today;
	crm_day_number(q->today, &today);
	long d = (long)today - 77;
	d -= ((d + 3) % 7 + 7) % 7; /* back to Monday: 1970-01-01 was a Thursday */
	char stamp[32];
	crm_timestamp((time_t)d * 86400, stamp);
	snprintf(q->from, sizeof q->from, "%.10s", stamp);
	q->q.from = q->from;
	range_stamps(q);
}

static int report_activity(struct crm_ctx *ctx, int argc, char **argv)
{
	struct rq q;
	struct rep r;
	struct crm_filter tf = {NULL, 0, 0};
	int rc = rq_setup(ctx, &q, &crm_entity_interaction, argc, argv, NULL, 0, 0);
	if (!rc && !q.q.from)
		twelve_weeks(&q);
	/* the same words filter the tasks: fields both have (owner, contact, account ...) */
	if (!rc)
		rc = parse_filter(ctx, &crm_entity_task, argc, argv, &tf);
	struct db_report tq = q.q;
	tq.s = db_schema(ctx->db, &crm_entity_task);
	tq.f = &tf;
	rep_init(&r, title_by(N_("Activity per week"), &q));
	rep_col(&r, "week", 0);
	rep_col(&r, "owner", 0);
	rep_col(&r, "channel", 0);
	rep_col(&r, "interactions", REP_SUM);
	rep_col(&r, "tasks_done", REP_SUM);
	r.labels = 3;
	r.value = 3;
	if (!rc && db_report_activity(ctx->db, &q.q, &tq, activity_row, &r) < 0)
		rc = db_failed(ctx);
	crm_strv_push(&r.notes,
	              "week: the Monday it starts on; channel: the interaction's channel, "
	              "or the kind of a task done.");
	if (!rc)
		rc = rep_emit(ctx, &r);
	crm_filter_release(&tf);
	rep_release(&r);
	rq_release(&q);
	return rc;
}

/* ------------------------------------------------------------ service */

/* The figures of a group of cases. */
struct svc {
	char *key; /* the dimension values joined by \x1f */
	long long opened, closed, met, measured, breaches, csat_n, nps_n, promoters, detractors;
	double csat_sum;
	struct sample respond, resolve; /* hours to the first reply, to the resolution */
};

struct svc_acc {
	struct svc *g;
	int n, nby;
	struct svc all;
	const char *now;
};

static double hours_between(const char *a, const char *b)
{
	time_t x = 0, y = 0;
	crm_time_of(a, &x);
	crm_time_of(b, &y);
	return (double)(y - x) / 3600.0;
}

/*
 * A deadline (respond_by, resolve_by) is measured once it is met or past:
 * met when done by then; a breach when done later, or not done and past
 * (a pending case's resolution clock stands still: not yet a breach).
 */
static void deadline(struct svc *g, const char *due, const char *done, int waiting, const char *now)
{
	if (!due)
		return;
	if (done) {
		int late = strcmp(done, due) > 0;
		g->measured++;
		g->met += !late;
		g->breaches += late;
	} else if (!waiting && strcmp(now, due) > 0) {
		g->measured++;
		g->breaches++;
	}
}

/* 1, dims..., created, responded, resolved, respond_by, resolve_by, status, csat, nps */
static void svc_add(struct svc *g, const char *const *v, int n, const char *now)
{
	const char *created = v[n - 8], *responded = v[n - 7], *resolved = v[n - 6];
	const char *status = v[n - 3], *csat = v[n - 2], *nps = v[n - 1];
	g->opened++;
	g->closed += resolved != NULL;
	if (responded)
		sample_add(&g->respond, hours_between(created, responded));
	if (resolved)
		sample_add(&g->resolve, hours_between(created, resolved));
	/* a case solved before anyone wrote was answered by its solution */
	deadline(g, v[n - 5], responded ? responded : resolved, 0, now);
	deadline(g, v[n - 4], resolved, !strcmp(status, "pending"), now);
	if (csat) {
		g->csat_sum += atof(csat);
		g->csat_n++;
	}
	if (nps) {
		int score = atoi(nps);
		g->nps_n++;
		g->promoters += score >= 9;
		g->detractors += score <= 6;
	}
}

static int svc_row(void *arg, const char *const *v, int n)
{
	struct svc_acc *a = arg;
	struct crm_buf b = CRM_BUF_INIT;
	for (int i = 0; i < a->nby; i++) {
		crm_buf_puts(&b, v[1 + i] ? v[1 + i] : "");
		crm_buf_putc(&b, '\x1f');
	}
	/* rows come ordered by their dimensions: a group is the last one or a new one */
	if (!a->n || strcmp(a->g[a->n - 1].key, crm_buf_str(&b))) {
		a->g = crm_xrealloc(a->g, sizeof *a->g * (size_t)(a->n + 1));
		memset(&a->g[a->n], 0, sizeof *a->g);
		a->g[a->n++].key = crm_buf_detach(&b);
	} else
		crm_buf_release(&b);
	svc_add(&a->g[a->n - 1], v, n, a->now);
	svc_add(&a->all, v, n, a->now);
	return 0;
}

static void svc_release(struct svc *g)
{
	free(g->key);
	free(g->respond.v);
	free(g->resolve.v);
}

static void svc_cells(struct rep *r, struct svc *g)
{
	rep_cellf(r, "%lld", g->opened);
	rep_cellf(r, "%lld", g->closed);
	rep_days(r, sample_median(&g->respond), g->respond.n > 0);
	rep_days(r, sample_median(&g->resolve), g->resolve.n > 0);
	rep_pct(r, (double)g->met, (double)g->measured);
	rep_cellf(r, "%lld", g->breaches);
	if (g->csat_n)
		rep_cellf(r, "%.2f", g->csat_sum / (double)g->csat_n);
	else
		rep_cell(r, "");
	if (g->nps_n)
		rep_cellf(r, "%.1f",
		          100.0 * (double)(g->promoters - g->detractors) / (double)g->nps_n);
	else
		rep_cell(r, "");
}

static int report_service(struct crm_ctx *ctx, int argc, char **argv)
{
	struct rq q;
	struct rep r;
	struct svc_acc a = {.now = ctx->now};
	int rc = rq_setup(ctx, &q, &crm_entity_case, argc, argv, "month", 2, 0);
	rep_init(&r, title_by(N_("Service"), &q));
	dim_cols(&r, &q);
	static const char *const names[] = {"opened",  "closed",   "response_h", "resolution_h",
	                                    "sla_met", "breaches", "csat",       "nps"};
	for (int i = 0; i < 8; i++)
		rep_col(&r, names[i], i < 2 || i == 5 ? REP_SUM : REP_NUM);
	r.value = q.by.n;
	r.totalled = 1; /* medians and rates of all the cases: worked out below */
	r.ranked = !r.series;
	a.nby = q.by.n;
	if (!rc && db_report_cases(ctx->db, &q.q, svc_row, &a) < 0)
		rc = db_failed(ctx);
	for (int i = 0; i < a.n; i++) {
		struct group g = {a.g[i].key, {0}};
		key_cells(&r, &g);
		svc_cells(&r, &a.g[i]);
		svc_release(&a.g[i]);
	}
	if (a.n > 1 && q.by.n > 0) {
		for (int i = 0; i < q.by.n; i++)
			rep_cell(&r, i ? "" : "(all)");
		svc_cells(&r, &a.all);
	}
	svc_release(&a.all);
	free(a.g);
	crm_strv_push(&r.notes, "The cases opened in the range (--from, --to bound the day a case "
	                        "was opened). closed: how many of them are resolved or closed. "
	                        "response_h, resolution_h: median hours from opening to the first "
	                        "reply and to the resolution. sla_met: the due times met, in "
	                        "percent of those met or past (a pending case's resolution is not "
	                        "yet past); breaches: those missed. csat: the average answer (1 to "
	                        "5); nps: promoters (9, 10) minus detractors (0 to 6), in percent "
	                        "of the answers.");
	if (!rc)
		rc = rep_emit(ctx, &r);
	rep_release(&r);
	rq_release(&q);
	return rc;
}

/* ------------------------------------------------------------ customers */

struct customer {
	char *id, *name, *currency, *first, *last;
	long long deals, revenue;
	double recency;
	int r, f, m;
};

struct customers {
	struct customer *c;
	int n;
};

/* id, name, currency, deals won, revenue, first, last */
static int customer_row(void *arg, const char *const *v, int n)
{
	struct customers *cs = arg;
	(void)n;
	cs->c = crm_xrealloc(cs->c, sizeof *cs->c * (size_t)(cs->n + 1));
	struct customer *c = &cs->c[cs->n++];
	memset(c, 0, sizeof *c);
	c->id = crm_xstrdup(v[0]);
	c->name = crm_xstrdup(v[1] ? v[1] : "");
	c->currency = crm_xstrdup(v[2]);
	c->deals = num(v[3]);
	c->revenue = num(v[4]);
	c->first = crm_xstrdup(v[5]);
	c->last = crm_xstrdup(v[6]);
	return 0;
}

/* What a quintile is taken of: recency (fewer days scores higher), frequency, money. */
static double customer_measure(const struct customer *c, int which)
{
	return which == 0 ? -c->recency : which == 1 ? (double)c->deals : (double)c->revenue;
}

static int quintile_which;
static int customer_cmp(const void *a, const void *b)
{
	double x = customer_measure(*(struct customer *const *)a, quintile_which);
	double y = customer_measure(*(struct customer *const *)b, quintile_which);
	return (x > y) - (x < y);
}

/*
 * Scores 1 to 5 by quintile of one measure among the customers of a
 * currency, as crm-report(1) states: sorted from the lowest figure, the
 * customer at place i (from 0) of n scores 1 + floor(5 i / n), and ties share
 * the score of the first of them, the lower one, so equal customers score
 * alike and a tie never lifts anyone into a higher quintile.
 */
static void quintiles(struct customer **by, int n, int which)
{
	quintile_which = which;
	qsort(by, (size_t)n, sizeof *by, customer_cmp);
	for (int i = 0; i < n;) {
		int last = i;
		while (last + 1 < n &&
		       customer_measure(by[last + 1], which) == customer_measure(by[i], which))
			last++;
		int score = 1 + 5 * i / n;
		for (; i <= last; i++) {
			if (which == 0)
				by[i]->r = score;
			else if (which == 1)
				by[i]->f = score;
			else
				by[i]->m = score;
		}
	}
}

/* The named RFM segments, on recency and frequency scores (see crm-report(1)). */
static const char *rfm_segment(int r, int f)
{
	if (r >= 4 && f >= 4)
		return "champions";
	if (r >= 3 && f >= 3)
		return "loyal";
	if (r >= 4)
		return "promising";
	if (r == 3)
		return "needs attention";
	if (f >= 3)
		return "at risk";
	return r == 2 ? "hibernating" : "lost";
}

static int revenue_cmp(const void *a, const void *b)
{
	const struct customer *x = a, *y = b;
	int c = strcmp(x->currency, y->currency);
	if (c)
		return c;
	return (y->revenue > x->revenue) - (y->revenue < x->revenue);
}

static void customers_score(struct customers *cs, const char *today)
{
	int ok;
	for (int i = 0; i < cs->n; i++)
		cs->c[i].recency = days_between(cs->c[i].last, today, &ok);
	if (cs->n == 0)
		return;
	qsort(cs->c, (size_t)cs->n, sizeof *cs->c, revenue_cmp);
	struct customer **by = crm_xcalloc((size_t)cs->n + 1, sizeof *by);
	for (int start = 0; start < cs->n;) {
		int end = start;
		while (end < cs->n && !strcmp(cs->c[end].currency, cs->c[start].currency))
			end++;
		for (int w = 0; w < 3; w++) {
			for (int i = start; i < end; i++)
				by[i - start] = &cs->c[i];
			quintiles(by, end - start, w);
		}
		start = end;
	}
	free(by);
}

static int report_customers(struct crm_ctx *ctx, int argc, char **argv)
{
	struct rq q;
	struct rep r;
	struct customers cs = {NULL, 0};
	int rc = rq_setup(ctx, &q, &crm_entity_account, argc, argv, NULL, 0, 0);
	rep_init(&r, title_by(N_("Customer value"), &q));
	static const char *const names[] = {"id",      "account", "currency", "deals",
	                                    "revenue", "first",   "last",     "days",
	                                    "r",       "f",       "m",        "segment"};
	for (int i = 0; i < 12; i++)
		rep_col(&r, names[i], i == 0 || i == 3 || i == 4 || (i >= 7 && i <= 10));
	r.labels = 2;
	r.value = 4;
	if (!rc && db_report_customers(ctx->db, &q.q, customer_row, &cs) < 0)
		rc = db_failed(ctx);
	customers_score(&cs, q.today);
	long limit = ctx->o.limit > 0 ? ctx->o.limit : 0;
	for (int i = 0; !rc && i < cs.n && (!limit || i < limit); i++) {
		struct customer *c = &cs.c[i];
		rep_cell(&r, c->id);
		rep_cell(&r, c->name);
		rep_cell(&r, c->currency);
		rep_cellf(&r, "%lld", c->deals);
		rep_money(&r, c->revenue);
		rep_cell(&r, c->first);
		rep_cell(&r, c->last);
		rep_cellf(&r, "%.0f", c->recency);
		rep_cellf(&r, "%d", c->r);
		rep_cellf(&r, "%d", c->f);
		rep_cellf(&r, "%d", c->m);
		rep_cell(&r, rfm_segment(c->r, c->f));
	}
	crm_strv_push(&r.notes, "Revenue: deals won. r, f, m: quintile scores 1-5 of recency (days "
	                        "since the last win), frequency (deals won) and revenue, among the "
	                        "customers of the same currency.");
	if (!rc)
		rc = rep_emit(ctx, &r);
	for (int i = 0; i < cs.n; i++) {
		free(cs.c[i].id);
		free(cs.c[i].name);
		free(cs.c[i].currency);
		free(cs.c[i].first);
		free(cs.c[i].last);
	}
	free(cs.c);
	rep_release(&r);
	rq_release(&q);
	return rc;
}

/* ------------------------------------------------------------ stale */

struct stale_acc {
	struct rep *r;
	const char *kind, *today;
	long days, total;
};

/* id, owner, last touch, close, name, created, how many in all */
static int stale_row(void *arg, const char *const *v, int n)
{
	struct stale_acc *a = arg;
	(void)n;
	int ok;
	const char *last = v[2] && *v[2] ? v[2] : NULL;
	double idle = days_to_date(last ? last : v[5], a->today, &ok);
	rep_cell(a->r, a->kind);
	rep_cell(a->r, v[0]);
	rep_cell(a->r, v[4]);
	rep_cell(a->r, v[1]);
	rep_cell(a->r, last ? last : "");
	rep_cellf(a->r, "%.0f", idle);
	if (v[3] && strcmp(v[3], a->today) < 0)
		rep_cellf(a->r, "past its close date %s", v[3]);
	else if (last)
		rep_cellf(a->r, "no touch in %ld days", a->days);
	else
		rep_cell(a->r, "no touch since it was opened");
	return 0;
}

/*
 * A report over several kinds of records (stale, next): a first word may
 * name one; the other words filter every kind the report reads.
 */
static int kind_word(int argc, char **argv, const char *const *kinds, int n)
{
	for (int k = 0; argc > 0 && k < n; k++)
		if (!strcmp(argv[0], kinds[k]))
			return k;
	return -1;
}

static const char *const stale_words[] = {"accounts", "contacts", "deals"};
static const struct crm_entity *const stale_ents[] = {&crm_entity_account, &crm_entity_contact,
                                                      &crm_entity_opp};

static int report_stale(struct crm_ctx *ctx, int argc, char **argv)
{
	int kind = kind_word(argc, argv, stale_words, 3);
	if (kind >= 0)
		argc--, argv++;
	long days = ctx->o.days >= 0 ? ctx->o.days : 30;
	long limit = ctx->o.limit >= 0 ? ctx->o.limit : 100;
	struct rep r;
	rep_init(
	    &r, crm_xasprintf(P_("Stale: no touch in %ld day", "Stale: no touch in %ld days", days),
	                      days));
	static const char *const names[] = {"kind",       "id",   "name",  "owner",
	                                    "last_touch", "days", "reason"};
	for (int i = 0; i < 7; i++)
		rep_col(&r, names[i], i == 1 || i == 5);
	r.labels = 3;
	r.value = 5;
	char since[32];
	crm_timestamp(crm_now() - (time_t)days * 86400, since);
	int rc = 0;
	for (int k = 0; !rc && k < 3; k++) {
		if (kind >= 0 && k != kind)
			continue;
		struct rq q;
		rc = rq_setup(ctx, &q, stale_ents[k], argc, argv, NULL, 0, 0);
		struct stale_acc a = {
		    &r, stale_ents[k] == &crm_entity_opp ? "deal" : stale_ents[k]->name, q.today,
		    days, 0};
		int before = rep_rows(&r);
		if (!rc &&
		    db_report_stale(ctx->db, &q.q, since, limit, &a.total, stale_row, &a) < 0)
			rc = db_failed(ctx);
		if (!rc && a.total > rep_rows(&r) - before && !ctx->o.quiet)
			crm_warn(P_("%ld %s is stale; the %d longest untouched are shown (--limit "
			            "0: all)",
			            "%ld %s are stale; the %d longest untouched are shown (--limit "
			            "0: all)",
			            a.total),
			         a.total,
			         stale_ents[k] == &crm_entity_opp
			             ? P_("deal", "deals", a.total)
			             : crm_noun(stale_ents[k], a.total),
			         rep_rows(&r) - before);
		rq_release(&q);
	}
	crm_strv_push(&r.notes,
	              "Accounts and contacts touched once (an interaction) but not in the "
	              "last days; open deals with no interaction or task done in them, or "
	              "past their expected close.");
	if (!rc)
		rc = rep_emit(ctx, &r);
	rep_release(&r);
	return rc;
}

/* ------------------------------------------------------------ digest */

/* A section of the digest: records of an entity matching filter terms. */
struct digest_sec {
	const char *title;
	const struct crm_entity *ent;
	const char *terms[4]; /* NULL-terminated */
	const char *when;     /* the field shown as when */
};

#define DIGEST_SECTIONS 5

struct digest_acc {
	struct crm_ctx *ctx;
	struct rep *r;
	const struct crm_schema *s;
	const char *title;
	int when, owner;
};

/* A time as a person reads it: a date as is, a UTC timestamp in local time. */
static void when_cell(struct rep *r, const char *w)
{
	char local[32];
	if (w && strlen(w) > 10) {
		crm_local_time(w, local, sizeof local);
		rep_cell(r, local);
	} else
		rep_cell(r, w);
}

static void digest_cells(struct digest_acc *a, const char *id, const char *name, const char *when,
                         const char *owner)
{
	rep_cell(a->r, a->title);
	rep_cell(a->r, id);
	rep_cell(a->r, name);
	when_cell(a->r, when);
	rep_cell(a->r, owner);
}

static int digest_row(void *arg, const char *const *vals)
{
	struct digest_acc *a = arg;
	char *name = db_label(a->ctx->db, a->s, num(vals[0]));
	digest_cells(a, vals[0], name, vals[a->when], vals[a->owner]);
	free(name);
	return 0;
}

/* "stage=a,b,c": the open stages of every pipeline, for filters on open deals. */
static int open_stages_term(void *arg, const struct db_stage *st)
{
	struct crm_buf *b = arg;
	if (!strcmp(st->state, "open"))
		crm_buf_printf(b, "%s%s", b->s[b->len - 1] == '=' ? "" : ",", st->name);
	return 0;
}

/* id, owner, last touch, close, name, created */
static int stale_digest_row(void *arg, const char *const *v, int n)
{
	struct digest_acc *a = arg;
	(void)n;
	digest_cells(a, v[0], v[4], v[2] && *v[2] ? v[2] : NULL, v[1]);
	return 0;
}

/* The first limit records of a section (0: all), and how many there are. */
static int digest_section(struct crm_ctx *ctx, struct rep *r, const struct digest_sec *d, int argc,
                          char **argv, long limit, long *total)
{
	struct crm_filter f = {NULL, 0, 0};
	const struct crm_schema *s = db_schema(ctx->db, d->ent);
	int rc = parse_filter(ctx, d->ent, argc, argv, &f);
	int n = 0;
	while (d->terms[n])
		n++;
	if (!rc)
		rc = parse_filter(ctx, d->ent, n, (char **)d->terms, &f);
	struct digest_acc a = {
	    ctx, r, s, d->title, crm_schema_field(s, d->when), crm_schema_field(s, "owner")};
	struct db_query q = {.s = s, .filter = &f, .sort_field = a.when, .limit = limit};
	long long sum;
	if (!rc && (db_select(ctx->db, &q, digest_row, &a) < 0 ||
	            db_sum(ctx->db, s, 0, &f, &sum, total) < 0))
		rc = db_failed(ctx);
	crm_filter_release(&f);
	return rc;
}

/* Open deals no one touched in days: the longest untouched first. */
static int digest_stale(struct crm_ctx *ctx, struct rep *r, int argc, char **argv, long days,
                        long limit, long *total, int text)
{
	char since[32];
	crm_timestamp(crm_now() - (time_t)days * 86400, since);
	struct rq q;
	int rc = rq_setup(ctx, &q, &crm_entity_opp, argc, argv, NULL, 0, 0);
	/* the text for mail is for people; tsv, json keep the English section names */
	char *title = text ? crm_xasprintf(P_("Deals with no touch in %ld day",
	                                      "Deals with no touch in %ld days", days),
	                                   days)
	                   : crm_xasprintf("Deals with no touch in %ld days", days);
	struct digest_acc a = {ctx, r, q.q.s, title, 0, 0};
	if (!rc && db_report_stale(ctx->db, &q.q, since, limit, total, stale_digest_row, &a) < 0)
		rc = db_failed(ctx);
	rq_release(&q);
	free(title); /* the rows hold copies */
	return rc;
}

/*
 * The digest as text for mail: a heading per section with how many records
 * it has, then the records shown.
 */
static int digest_text(const struct rep *r, const long *totals)
{
	const char *section = "";
	int sec = -1, shown = 0;
	for (int i = 0; i < rep_rows(r); i++) {
		if (strcmp(section, rep_at(r, i, 0))) {
			if (sec >= 0 && totals[sec] > shown)
				printf(_("  ... and %ld more\n"), totals[sec] - shown);
			section = rep_at(r, i, 0);
			sec++;
			printf("%s%s (%ld)\n", sec ? "\n" : "", section, totals[sec]);
			shown = 0;
		}
		shown++;
		printf("  %6s  %s", rep_at(r, i, 1), rep_at(r, i, 2));
		if (*rep_at(r, i, 3))
			printf("  (%s)", rep_at(r, i, 3));
		if (*rep_at(r, i, 4))
			printf("  %s", rep_at(r, i, 4));
		putchar('\n');
	}
	if (sec >= 0 && totals[sec] > shown)
		printf(_("  ... and %ld more\n"), totals[sec] - shown);
	return 0;
}

static int report_digest(struct crm_ctx *ctx, int argc, char **argv)
{
	struct crm_buf open = CRM_BUF_INIT;
	crm_buf_puts(&open, "stage=");
	struct rep r;
	int text = ctx->o.format < 0 && !ctx->o.render && !ctx->o.chart;
	rep_init(&r, crm_xstrdup(_("Digest")));
	static const char *const names[] = {"section", "id", "name", "when", "owner"};
	for (int i = 0; i < 5; i++)
		rep_col(&r, names[i], i == 1);
	int rc = db_stages(ctx->db, open_stages_term, &open) < 0 ? db_failed(ctx) : 0;
	struct digest_sec secs[] = {
	    {N_("Overdue tasks"), &crm_entity_task, {"status=open", "due<today", NULL}, "due"},
	    {N_("Due today"), &crm_entity_task, {"status=open", "due=today", NULL}, "due"},
	    {N_("Deals closing within a week"),
	     &crm_entity_opp,
	     {crm_buf_str(&open), "close>=today", "close<=+7d", NULL},
	     "close"},
	    {NULL, NULL, {NULL}, NULL}, /* stale deals: last week's work before new work */
	    {N_("New leads"), &crm_entity_lead, {"created>=yesterday", NULL}, "created"},
	};
	for (int i = 0; text && i < DIGEST_SECTIONS; i++)
		if (secs[i].title)
			secs[i].title = _(secs[i].title);
	long limit = ctx->o.limit >= 0 ? ctx->o.limit : 10;
	long days = ctx->o.days >= 0 ? ctx->o.days : 14;
	/* only sections with records count: their totals in the order printed */
	long totals[DIGEST_SECTIONS];
	int nsec = 0;
	for (int i = 0; !rc && i < DIGEST_SECTIONS; i++) {
		int before = rep_rows(&r);
		long total = 0;
		rc = secs[i].title ? digest_section(ctx, &r, &secs[i], argc, argv, limit, &total)
		                   : digest_stale(ctx, &r, argc, argv, days, limit, &total, text);
		if (rep_rows(&r) > before)
			totals[nsec++] = total;
	}
	if (!rc && rep_rows(&r) > 0)
		rc = text ? digest_text(&r, totals) : rep_emit(ctx, &r);
	crm_buf_release(&open);
	rep_release(&r);
	return rc;
}

/* ------------------------------------------------------------ next */

/* The score's terms: a setting next.NAME in the database, else the default. */
static const struct weight {
	const char *name;
	double dflt;
	const char *help;
} weights[] = {
    {"idle", 1, "points per day since the last touch (up to 60 days)"},
    {"close", 2, "points per day a deal's expected close is nearer than 30 days"},
    {"amount", 1, "points per 1,000 of a deal's amount"},
    {"stage", 0.5, "points per percent of a deal's probability"},
    {"overdue", 10, "points per overdue task"},
    {"score", 1, "points per point of a lead's score"},
};
#define NWEIGHTS ((int)(sizeof weights / sizeof weights[0]))

static int weight_row(void *arg, const char *const *v, int n)
{
	double *w = arg;
	(void)n;
	for (int i = 0; i < NWEIGHTS; i++)
		if (!strcmp(v[0] + 5, weights[i].name))
			w[i] = atof(v[1]);
	return 0;
}

static int weights_read(struct crm_ctx *ctx, double *w)
{
	for (int i = 0; i < NWEIGHTS; i++)
		w[i] = weights[i].dflt;
	return db_settings(ctx->db, "next.", weight_row, w) < 0 ? db_failed(ctx) : 0;
}

struct next_acc {
	struct rep *r;
	const char *kind, *today;
	double w[NWEIGHTS];
	long limit;   /* rows kept; 0: all */
	double floor; /* once pruned, a row must score above this to enter */
	int pruned;
};

static void term(struct crm_buf *why, double *score, double points, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void term(struct crm_buf *why, double *score, double points, const char *fmt, ...)
{
	if (points == 0)
		return;
	*score += points;
	if (!why)
		return;
	va_list ap;
	va_start(ap, fmt);
	char *what = crm_xvasprintf(fmt, ap);
	va_end(ap);
	crm_buf_printf(why, "%s%s=%.1f", why->len ? " + " : "", what, points);
	free(what);
}

/*
 * A row's score, and in why (unless NULL) the terms it was made of.  v: id,
 * name, owner, last touch, created, close, amount, currency, probability
 * (leads: score), stage (leads: status), overdue tasks.
 */
static double next_score(const struct next_acc *a, const char *const *v, struct crm_buf *why)
{
	double score = 0;
	int ok;
	double idle = days_to_date(v[3] && *v[3] ? v[3] : v[4], a->today, &ok);
	idle = ok ? fmin(fmax(idle, 0), 60) : 0;
	term(why, &score, a->w[0] * idle, "idle %.0fd", idle);
	if (v[5]) {
		double to_close = days_between(a->today, v[5], &ok);
		double near = ok ? fmin(fmax(30 - to_close, 0), 30) : 0;
		term(why, &score, a->w[1] * near, "closes in %.0fd", to_close);
	}
	if (v[6])
		term(why, &score, a->w[2] * (double)num(v[6]) / 100000.0, "amount %.0f",
		     (double)num(v[6]) / 100.0);
	double prob = v[8] ? atof(v[8]) : 0;
	if (!strcmp(a->kind, "deal"))
		term(why, &score, a->w[3] * prob, "stage %s %.0f%%", v[9] ? v[9] : "", prob);
	else
		term(why, &score, a->w[5] * prob, "score %.0f", prob);
	term(why, &score, a->w[4] * (double)num(v[10]), "%lld overdue", num(v[10]));
	return score;
}

/* Highest score first; ties by kind (deals first), then by id. */
static int score_desc(const void *x, const void *y)
{
	char *const *p = x, *const *q = y;
	double a = atof(p[4]), b = atof(q[4]);
	if (a != b)
		return (b > a) - (b < a);
	int k = strcmp(p[0], q[0]);
	return k ? k : (num(p[1]) > num(q[1])) - (num(p[1]) < num(q[1]));
}

/* Keeps the best limit rows of 6 cells. */
static void next_prune(struct next_acc *a)
{
	struct rep *r = a->r;
	if (rep_rows(r) > 1)
		qsort(r->cells.v, (size_t)rep_rows(r), sizeof(char *) * 6, score_desc);
	while (rep_rows(r) > a->limit) {
		for (int c = 0; c < 6; c++)
			free(r->cells.v[--r->cells.n]);
	}
	if (a->limit > 0 && rep_rows(r) == a->limit) {
		a->floor = atof(rep_at(r, rep_rows(r) - 1, 4));
		a->pruned = 1;
	}
}

static int next_row(void *arg, const char *const *v, int n)
{
	struct next_acc *a = arg;
	(void)n;
	/* most rows cannot enter the top: they cost a sum, not strings */
	if (a->pruned && next_score(a, v, NULL) <= a->floor)
		return 0;
	struct crm_buf why = CRM_BUF_INIT;
	double score = next_score(a, v, &why);
	rep_cell(a->r, a->kind);
	rep_cell(a->r, v[0]);
	rep_cell(a->r, v[1]);
	rep_cell(a->r, v[2]);
	rep_cellf(a->r, "%.1f", score);
	rep_cell(a->r, crm_buf_str(&why));
	crm_buf_release(&why);
	if (a->limit > 0 && rep_rows(a->r) >= 2 * a->limit + 64)
		next_prune(a);
	return 0;
}

static const char *const next_words[] = {"deals", "leads"};
static const struct crm_entity *const next_ents[] = {&crm_entity_opp, &crm_entity_lead};

static int report_next(struct crm_ctx *ctx, int argc, char **argv)
{
	int kind = kind_word(argc, argv, next_words, 2);
	if (kind >= 0)
		argc--, argv++;
	struct rep r;
	rep_init(&r, crm_xstrdup(_("Next best actions")));
	static const char *const names[] = {"kind", "id", "name", "owner", "score", "why"};
	for (int i = 0; i < 6; i++)
		rep_col(&r, names[i], i == 1 || i == 4);
	r.labels = 3;
	r.value = 4;
	struct next_acc a = {&r, NULL, NULL, {0}, ctx->o.limit >= 0 ? ctx->o.limit : 20, 0, 0};
	int rc = weights_read(ctx, a.w);
	for (int k = 0; !rc && k < 2; k++) {
		if (kind >= 0 && k != kind)
			continue;
		struct rq q;
		rc = rq_setup(ctx, &q, next_ents[k], argc, argv, NULL, 0, 0);
		a.kind = k ? "lead" : "deal";
		a.today = q.today;
		if (!rc && db_report_next(ctx->db, &q.q, next_row, &a) < 0)
			rc = db_failed(ctx);
		rq_release(&q);
	}
	if (!a.limit)
		a.limit = rep_rows(&r);
	next_prune(&a);
	crm_strv_push(&r.notes, "Score: the sum of the terms shown in why; 'crm-report weights' "
	                        "shows and sets what each term is worth.");
	if (!rc)
		rc = rep_emit(ctx, &r);
	rep_release(&r);
	return rc;
}

/* ------------------------------------------------------------ commission */

struct rates {
	struct crm_strv owner;
	double *from, *rate;
	int n;
};

static int rate_row(void *arg, const char *const *v, int n)
{
	struct rates *rs = arg;
	(void)n;
	crm_strv_push(&rs->owner, v[1]);
	rs->from = crm_xrealloc(rs->from, sizeof(double) * (size_t)(rs->n + 1));
	rs->rate = crm_xrealloc(rs->rate, sizeof(double) * (size_t)(rs->n + 1));
	rs->from[rs->n] = atof(v[2]);
	rs->rate[rs->n++] = atof(v[3]);
	return 0;
}

/* The rate of the highest tier reached: an owner's own tiers, else everyone's; -1 if none. */
static double rate_for(const struct rates *rs, const char *owner, double attainment)
{
	int own = 0;
	for (int i = 0; i < rs->n; i++)
		own |= !strcmp(rs->owner.v[i], owner);
	double rate = -1, best = -1;
	for (int i = 0; i < rs->n; i++) {
		if (strcmp(rs->owner.v[i], own ? owner : ""))
			continue;
		if (rs->from[i] <= attainment && rs->from[i] > best) {
			best = rs->from[i];
			rate = rs->rate[i];
		}
	}
	return rate;
}

static int report_commission(struct crm_ctx *ctx, int argc, char **argv)
{
	struct rq q;
	struct rep r;
	struct closed_acc a = {{0}, 0};
	struct quotas qs = {CRM_STRV_INIT, CRM_STRV_INIT, CRM_STRV_INIT, NULL, 0};
	struct rates rs = {CRM_STRV_INIT, NULL, NULL, 0};
	int rc = rq_setup(ctx, &q, &crm_entity_opp, argc, argv, "owner", 1, 0);
	if (!rc && (q.by.n != 1 || strcmp(q.by.v[0], "owner")))
		rc = cli_usage_error(ctx, _("commission is per owner: --by owner only"));
	if (!rc)
		rc = period_first(ctx, &q, "month");
	rep_init(&r, title_by(N_("Commission"), &q));
	static const char *const names[] = {"period", "owner",      "currency", "won",
	                                    "quota",  "attainment", "rate",     "commission"};
	for (int i = 0; i < 8; i++)
		if (i == 5)
			rep_col_pct(&r, names[i], 3, 4);
		else
			rep_col(&r, names[i], i == 6 ? REP_NUM : i >= 3 ? REP_SUM : REP_TEXT);
	r.labels = 2;
	r.value = 7;
	if (!rc)
		rc = closed_groups(ctx, &q, "won", 3, &a);
	if (!rc && (db_quotas(ctx->db, quota_row, &qs) < 0 || db_rates(ctx->db, rate_row, &rs) < 0))
		rc = db_failed(ctx);
	for (int i = 0; !rc && i < a.gs.n; i++) {
		struct group *g = &a.gs.g[i];
		char *period = key_part(g, 0), *owner = key_part(g, 1), *cur = key_part(g, 2);
		key_cells(&r, g);
		rep_money(&r, g->v[1]);
		long long quota = quota_for(&qs, owner, cur, period);
		free(cur);
		double att = quota > 0 ? 100.0 * (double)g->v[1] / (double)quota : 0;
		if (quota >= 0) {
			rep_money(&r, quota);
			rep_pct(&r, (double)g->v[1], (double)quota);
		} else {
			rep_cell(&r, "");
			rep_cell(&r, "");
		}
		double rate = rate_for(&rs, owner, att);
		if (rate >= 0) {
			rep_cellf(&r, "%g", rate);
			rep_money(&r, llround((double)g->v[1] * rate / 100.0));
		} else {
			rep_cell(&r, "");
			rep_cell(&r, "");
		}
		free(period);
		free(owner);
	}
	crm_strv_push(&r.notes, rs.n ? "commission: won x the rate of the highest tier the "
	                               "attainment of quota reached (no quota: the tier from 0)."
	                             : "No commission rates are set: 'crm-report rate add 5'.");
	if (!rc)
		rc = rep_emit(ctx, &r);
	groups_release(&a.gs);
	quotas_release(&qs);
	crm_strv_release(&rs.owner);
	free(rs.from);
	free(rs.rate);
	rep_release(&r);
	rq_release(&q);
	return rc;
}

/* ---------------------------------------- quotas, rates, weights: the settings */

static int print_rows(void *arg, const char *const *v, int n)
{
	crm_printer_row(arg, v);
	(void)n;
	return 0;
}

static int list_table(struct crm_ctx *ctx, const struct crm_column *cols, int n,
                      long (*fn)(struct crm_db *, db_rows_fn, void *))
{
	struct crm_printer *p =
	    crm_printer_new(cli_format(ctx, CRM_FMT_TSV), stdout, ctx->o.header);
	crm_printer_begin(p, cols, n);
	int rc = fn(ctx->db, print_rows, p) < 0 ? db_failed(ctx) : 0;
	return crm_printer_end(p) < 0 && !rc ? CRM_EXIT_DB : rc;
}

/* A value checked as a field of a type would be: money, number. */
static int check_value(struct crm_ctx *ctx, enum crm_type type, const char *what, const char *in,
                       char **out)
{
	struct crm_field fd = {what, type, 0, NULL, NULL, NULL, NULL, NULL};
	char *err = NULL;
	if (crm_value_normal(ctx->db, &fd, in, out, &err) < 0 || !*out) {
		crm_warn("%s", err ? err : "a value is needed");
		free(err);
		return CRM_EXIT_DATA;
	}
	return 0;
}

/* Like check_value for a number, which must moreover lie from lo to hi. */
static int check_number_in(struct crm_ctx *ctx, const char *what, const char *in, double lo,
                           double hi, char **out)
{
	int rc = check_value(ctx, CRM_T_NUMBER, what, in, out);
	if (rc || (strtod(*out, NULL) >= lo && strtod(*out, NULL) <= hi))
		return rc;
	crm_warn(_("%s: not a number from %g to %g '%s'"), what, lo, hi, in);
	free(*out);
	*out = NULL;
	return CRM_EXIT_DATA;
}

/* An owner's name as configuration keeps it: text a dump reads back. */
static int check_owner(const char *owner)
{
	char *err = NULL;
	if (crm_config_text_check("owner", owner, &err) == 0)
		return 0;
	crm_warn("%s", err);
	free(err);
	return CRM_EXIT_DATA;
}

/* 2026, 2026-Q4 or 2026-11. */
static int period_valid(const char *p)
{
	size_t n = strlen(p);
	if (n < 4 || strspn(p, "0123456789") != 4)
		return 0;
	if (n == 4)
		return 1;
	if (n == 7 && p[4] == '-' && p[5] == 'Q')
		return p[6] >= '1' && p[6] <= '4';
	return n == 7 && p[4] == '-' && strspn(p + 5, "0123456789") == 2 && atoi(p + 5) >= 1 &&
	       atoi(p + 5) <= 12;
}

static int quota_print(void *arg, const char *const *v, int n)
{
	(void)n;
	char *amount = crm_money_str(num(v[3]));
	const char *row[] = {v[0], v[1], v[2], amount};
	crm_printer_row(arg, row);
	free(amount);
	return 0;
}

static long quotas_money(struct crm_db *db, db_rows_fn fn, void *arg)
{
	(void)fn;
	return db_quotas(db, quota_print, arg);
}

/* A currency as deals carry it: three letters (ISO 4217), upper case; NULL if it is not one. */
static char *currency_code(const char *v)
{
	if (strlen(v) != 3 ||
	    strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") != 3)
		return NULL;
	char *c = crm_xstrdup(v);
	for (char *p = c; *p; p++)
		*p = (char)(*p >= 'a' ? *p - 32 : *p);
	return c;
}

/* quota set OWNER PERIOD AMOUNT [CURRENCY]: the currency a new deal gets unless given. */
static int quota_set(struct crm_ctx *ctx, int argc, char **argv)
{
	const char *dflt = getenv("CRM_CURRENCY");
	const char *given = argc > 4 ? argv[4] : dflt && *dflt ? dflt : "EUR";
	char *amount = NULL, *cur = currency_code(given);
	int rc = check_owner(argv[1]);
	if (!rc && !cur) {
		crm_warn(_("currency: not a currency code like EUR or USD '%s'"), given);
		rc = CRM_EXIT_DATA;
	}
	if (!rc)
		rc = check_value(ctx, CRM_T_MONEY, "amount", argv[3], &amount);
	if (!rc && crm_money_minor(amount) <= 0) {
		crm_warn(_("amount: a quota is more than 0 '%s'"), argv[3]);
		rc = CRM_EXIT_DATA;
	}
	if (!rc && db_quota_set(ctx->db, argv[1], argv[2], cur, crm_money_minor(amount)) < 0)
		rc = db_failed(ctx);
	free(amount);
	free(cur);
	return rc;
}

static int verb_quota(struct crm_ctx *ctx, int argc, char **argv)
{
	static const struct crm_column cols[] = {
	    {"owner", 0}, {"period", 0}, {"currency", 0}, {"amount", 1}};
	if (argc == 0 || !strcmp(argv[0], "list"))
		return list_table(ctx, cols, 4, quotas_money);
	int set = !strcmp(argv[0], "set");
	if (!(set && (argc == 4 || argc == 5)) &&
	    !(!strcmp(argv[0], "rm") && (argc == 3 || argc == 4)))
		return cli_usage_error(ctx, _("use: quota [list], quota set OWNER PERIOD AMOUNT "
		                              "[CURRENCY], quota rm OWNER PERIOD [CURRENCY]"));
	if (!period_valid(argv[2])) {
		crm_warn(_("period: not a year, quarter or month '%s' (2026, 2026-Q4, 2026-11)"),
		         argv[2]);
		return CRM_EXIT_DATA;
	}
	if (set)
		return quota_set(ctx, argc, argv);
	char *cur = argc > 3 ? currency_code(argv[3]) : NULL;
	if (argc > 3 && !cur) {
		crm_warn(_("currency: not a currency code like EUR or USD '%s'"), argv[3]);
		return CRM_EXIT_DATA;
	}
	long n = db_quota_rm(ctx->db, argv[1], argv[2], cur);
	free(cur);
	if (n < 0)
		return db_failed(ctx);
	if (!n)
		crm_warn(_("no quota for %s in %s"), argv[1], argv[2]);
	return n ? 0 : CRM_EXIT_NOMATCH;
}

static int verb_rate(struct crm_ctx *ctx, int argc, char **argv)
{
	static const struct crm_column cols[] = {{"id", 1}, {"owner", 0}, {"from", 1}, {"rate", 1}};
	if (argc == 0 || !strcmp(argv[0], "list"))
		return list_table(ctx, cols, 4, db_rates);
	if (!strcmp(argv[0], "rm") && argc == 2 && crm_is_uint(argv[1])) {
		long n = db_rate_rm(ctx->db, atoll(argv[1]));
		if (n < 0)
			return db_failed(ctx);
		if (!n)
			crm_warn(_("no rate %s"), argv[1]);
		return n ? 0 : CRM_EXIT_NOMATCH;
	}
	if (strcmp(argv[0], "add") || argc < 2)
		return cli_usage_error(ctx,
		                       _("use: rate [list], rate add PERCENT [from=ATTAINMENT] "
		                         "[owner=NAME], rate rm ID"));
	char *rate = NULL, *from = NULL;
	const char *owner = NULL;
	int rc = check_number_in(ctx, "rate", argv[1], 0, 100, &rate);
	for (int i = 2; !rc && i < argc; i++) {
		if (!strncmp(argv[i], "from=", 5)) {
			free(from);
			rc = check_number_in(ctx, "from", argv[i] + 5, 0, 1000, &from);
		} else if (!strncmp(argv[i], "owner=", 6) && argv[i][6])
			rc = check_owner(owner = argv[i] + 6);
		else
			rc = cli_usage_error(
			    ctx, _("'%s': rate add takes from=PERCENT and owner=NAME"), argv[i]);
	}
	long long id = rc ? 0 : db_rate_add(ctx->db, owner, from ? from : "0", rate);
	if (id < 0)
		rc = db_failed(ctx);
	else if (id)
		printf("%lld\n", id);
	free(rate);
	free(from);
	return rc;
}

static int verb_weights(struct crm_ctx *ctx, int argc, char **argv)
{
	int rc = 0;
	if (argc > 0 && !strcmp(argv[0], "list"))
		argc--, argv++;
	for (int i = 0; !rc && i < argc; i++) {
		const char *eq = strchr(argv[i], '=');
		int w = -1;
		for (int k = 0; eq && k < NWEIGHTS; k++)
			if (strlen(weights[k].name) == (size_t)(eq - argv[i]) &&
			    !strncmp(weights[k].name, argv[i], (size_t)(eq - argv[i])))
				w = k;
		if (w < 0)
			return cli_usage_error(ctx, _("'%s': not NAME=POINTS with a weight's name"),
			                       argv[i]);
		char *v = NULL, *key = crm_xasprintf("next.%s", weights[w].name);
		if (eq[1])
			rc = check_number_in(ctx, weights[w].name, eq + 1, -1000, 1000, &v);
		if (!rc && db_setting_set(ctx->db, key, v) < 0)
			rc = db_failed(ctx);
		free(v);
		free(key);
	}
	if (rc || argc > 0)
		return rc;
	double w[NWEIGHTS];
	if ((rc = weights_read(ctx, w)))
		return rc;
	static const struct crm_column cols[] = {
	    {"name", 0}, {"points", 1}, {"default", 1}, {"what", 0}};
	struct crm_printer *p =
	    crm_printer_new(cli_format(ctx, CRM_FMT_TSV), stdout, ctx->o.header);
	crm_printer_begin(p, cols, 4);
	for (int i = 0; i < NWEIGHTS; i++) {
		char now[32], dflt[32];
		snprintf(now, sizeof now, "%g", w[i]);
		snprintf(dflt, sizeof dflt, "%g", weights[i].dflt);
		const char *row[] = {weights[i].name, now, dflt, weights[i].help};
		crm_printer_row(p, row);
	}
	return crm_printer_end(p) < 0 ? CRM_EXIT_DB : 0;
}

/* ------------------------------------------------------------ the verbs */

#define REP_OUT (CRM_O_FORMAT | CRM_O_CHART)
#define OPP_REPORT (REP_OUT | CRM_O_RANGE)

const struct crm_verb crm_report_verbs[] = {
    {"pipeline", report_pipeline, 0, OPP_REPORT | CRM_O_BY | CRM_O_ASOF, "[FILTER]",
     N_("open deals per stage: count, total, weighted")},
    {"forecast", report_forecast, 0,
     OPP_REPORT | CRM_O_BY | CRM_O_PERIOD | CRM_O_ASOF | CRM_O_COMMIT, "[FILTER]",
     N_("expected revenue per period: best case, weighted, commit, won, quota")},
    {"sales", report_sales, 0, OPP_REPORT | CRM_O_BY | CRM_O_ASOF, "[FILTER]",
     N_("won amount and count by one or two dimensions")},
    {"winrate", report_winrate, 0, OPP_REPORT | CRM_O_BY | CRM_O_ASOF, "[FILTER]",
     N_("won / (won + lost) by one or two dimensions")},
    {"funnel", report_funnel, 0, OPP_REPORT, "[FILTER]",
     N_("leads by source to conversion, deals and wins")},
    {"velocity", report_velocity, 0, OPP_REPORT, "[FILTER]",
     N_("days spent in each stage, and the sales cycle")},
    {"activity", report_activity, 0, OPP_REPORT, "[FILTER]",
     N_("interactions and tasks done per week, owner and channel")},
    {"service", report_service, 0, OPP_REPORT | CRM_O_BY, "[FILTER]",
     N_("cases opened and closed, response and resolution times, SLA, CSAT, NPS")},
    {"customers", report_customers, 0, OPP_REPORT | CRM_O_LIMIT, "[FILTER]",
     N_("revenue per account, first and last win, RFM segments")},
    {"stale", report_stale, 0, REP_OUT | CRM_O_IDLE | CRM_O_LIMIT,
     "[accounts|contacts|deals] [FILTER]", N_("what has gone quiet: records to call this week")},
    {"digest", report_digest, 0, REP_OUT | CRM_O_IDLE | CRM_O_LIMIT, "[FILTER]",
     N_("the morning summary; prints nothing when there is nothing")},
    {"calibrate", report_calibrate, 0, OPP_REPORT | CRM_O_MIN, "[FILTER]",
     N_("each stage's real win rate beside its probability")},
    {"next", report_next, 0, REP_OUT | CRM_O_LIMIT, "[deals|leads] [FILTER]",
     N_("open deals and leads ranked by a score, with its terms")},
    {"commission", report_commission, 0, OPP_REPORT | CRM_O_BY | CRM_O_PERIOD, "[FILTER]",
     N_("commission per owner and period from rates and quotas")},
    {"quota", verb_quota, CRM_WRITES_UNLESS_LISTING, CRM_O_FORMAT,
     "[list | set OWNER PERIOD AMOUNT [CURRENCY] | rm OWNER PERIOD [CURRENCY]]",
     N_("sales quotas per owner, period and currency")},
    {"rate", verb_rate, CRM_WRITES_UNLESS_LISTING, CRM_O_FORMAT,
     "[list | add PERCENT [from=PCT] [owner=NAME] | rm ID]", N_("commission rates and tiers")},
    {"weights", verb_weights, 0, CRM_O_FORMAT, "[NAME=POINTS...]",
     N_("what each term of the next score is worth")},
    {NULL, NULL, 0, 0, NULL, NULL},
};
