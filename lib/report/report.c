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
#include "report/report_int.h"
#include "base/money.h"
#include "core/verbs.h"

/* ------------------------------------------------------------ cells */

void rep_money(struct rep *r, long long minor)
{
	crm_strv_push_owned(&r->cells, crm_money_str(minor));
}

/* A percent with one decimal, or empty when there is nothing to divide by. */
void rep_pct(struct rep *r, double part, double whole)
{
	if (whole > 0)
		rep_cellf(r, "%.1f", 100.0 * part / whole);
	else
		rep_cell(r, "");
}

void rep_days(struct rep *r, double days, int have)
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

int db_failed(struct crm_ctx *ctx)
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
int parse_filter(struct crm_ctx *ctx, const struct crm_entity *ent, int argc, char **argv,
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
void range_stamps(struct rq *r)
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
int rq_setup(struct crm_ctx *ctx, struct rq *r, const struct crm_entity *ent, int argc, char **argv,
             const char *dflt, int maxby, int only_periods)
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
			return cli_usage_error(ctx, _("--by: unknown dimension '%s' (use %s%s)"),
			                       r->by.v[i],
			                       only_periods ? "week, month, quarter or year"
			                       : cases ? "owner team manager owner.region account "
			                                 "product priority kind channel day "
			                                 "week month "
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

void rq_release(struct rq *r)
{
	crm_filter_release(&r->f);
	crm_strv_release(&r->by);
}

/* "Sales by owner, month" */
char *title_by(const char *what, const struct rq *r)
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

long long num(const char *v)
{
	return v ? atoll(v) : 0;
}
