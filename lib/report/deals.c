/*
 * deals.c - the reports on deals: the pipeline, the forecast, sales and
 * win rates by any dimension, medians and the funnel from leads to wins.
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
void dim_cols(struct rep *r, const struct rq *q)
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

int report_pipeline(struct crm_ctx *ctx, int argc, char **argv)
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

void groups_release(struct groups *gs)
{
	for (int i = 0; i < gs->n; i++)
		free(gs->g[i].key);
	free(gs->g);
}

/* Puts a group's key columns as cells. */
void key_cells(struct rep *r, const struct group *g)
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
char *key_part(const struct group *g, int n)
{
	const char *k = g->key;
	for (; n > 0; n--)
		k = strchr(k, '\x1f') + 1;
	return crm_xstrndup(k, strcspn(k, "\x1f"));
}

int quota_row(void *arg, const char *const *v, int n)
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

void quotas_release(struct quotas *qs)
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
long long quota_for(const struct quotas *qs, const char *owner, const char *cur, const char *period)
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
int period_first(struct crm_ctx *ctx, struct rq *q, const char *dflt)
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

/* The users, each with their team and manager: whose quotas a group's is the sum of. */
struct members {
	struct crm_strv login, team, manager;
	int f_login, f_team, f_manager; /* where the user's fields are */
};

static int member_row(void *arg, const char *const *v)
{
	struct members *m = arg;
	crm_strv_push(&m->login, v[m->f_login] ? v[m->f_login] : "");
	crm_strv_push(&m->team, v[m->f_team] ? v[m->f_team] : "");
	crm_strv_push(&m->manager, v[m->f_manager] ? v[m->f_manager] : "");
	return 0;
}

static int members_load(struct crm_ctx *ctx, struct members *m)
{
	const struct crm_schema *s = db_schema(ctx->db, &crm_entity_user);
	m->f_login = crm_schema_field(s, "login");
	m->f_team = crm_schema_field(s, "team");
	m->f_manager = crm_schema_field(s, "manager");
	struct db_query q = {.s = s, .sort_field = -1};
	return db_select(ctx->db, &q, member_row, m) < 0 ? -1 : 0;
}

static void members_release(struct members *m)
{
	crm_strv_release(&m->login);
	crm_strv_release(&m->team);
	crm_strv_release(&m->manager);
}

/*
 * The quota of a team (or of a manager's people): the sum of its members'
 * in the currency for the period; -1 when none of them has one.
 */
static long long group_quota(const struct quotas *qs, const struct crm_strv *of,
                             const struct members *m, const char *key, const char *cur,
                             const char *period)
{
	long long sum = 0;
	int any = 0;
	for (int i = 0; i < m->login.n; i++) {
		if (!*key || strcmp(of->v[i], key))
			continue;
		long long q = quota_for(qs, m->login.v[i], cur, period);
		if (q >= 0)
			sum += q, any = 1;
	}
	return any ? sum : -1;
}

int report_forecast(struct crm_ctx *ctx, int argc, char **argv)
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
	int owner = by_index(&q, "owner"), team = by_index(&q, "team");
	int manager = by_index(&q, "manager");
	const char *per = q.by.n ? q.by.v[0] : "";
	int quota_period = !strcmp(per, "month") || !strcmp(per, "quarter") || !strcmp(per, "year");
	/* attainment is an owner's, or a team's (a manager's people) against the sum of theirs */
	int who = owner >= 0 ? owner : team >= 0 ? team : manager;
	int quotas = qs.n > 0 && quota_period && who >= 0;
	struct members m = {CRM_STRV_INIT, CRM_STRV_INIT, CRM_STRV_INIT, 0, 0, 0};
	if (!rc && quotas && owner < 0 && members_load(ctx, &m) < 0)
		rc = db_failed(ctx);
	const struct crm_strv *of = team >= 0 ? &m.team : &m.manager;
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
			char *period = key_part(g, 0), *key = key_part(g, who);
			char *cur = key_part(g, q.by.n);
			long long quota = owner >= 0 ? quota_for(&qs, key, cur, period)
			                             : group_quota(&qs, of, &m, key, cur, period);
			free(cur);
			if (quota >= 0) {
				rep_money(&r, quota);
				rep_pct(&r, (double)g->v[5], (double)quota);
			} else {
				rep_cell(&r, "");
				rep_cell(&r, "");
			}
			free(period);
			free(key);
		}
	}
	crm_strv_push(&r.notes, "open, best_case, weighted and commit: open deals by the period of "
	                        "their expected close; won: deals won in the period.");
	if (qs.n > 0 && !quotas)
		crm_strv_push(&r.notes, quota_period
		                            ? "Quotas are an owner's: --by owner sets each "
		                              "owner's won against their quota, --by team or "
		                              "manager a team's against the sum of its members'."
		                            : "Quotas are set by month, quarter or year: a "
		                              "weekly report does not compare them.");
	else if (quotas)
		crm_strv_push(&r.notes,
		              owner >= 0
		                  ? "quota: the owner's quota in the row's currency; a "
		                    "quarter's or a year's is spread evenly over its months."
		                  : "quota: the sum of the quotas of the team's members (of "
		                    "the manager's people) in the row's currency; a quarter's "
		                    "or a year's is spread evenly over its months.");
	if (!rc)
		rc = rep_emit(ctx, &r);
	groups_release(&a.gs);
	quotas_release(&qs);
	members_release(&m);
	rep_release(&r);
	rq_release(&q);
	return rc;
}

/* ----------------------------------------------------- sales, win rates */

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
int closed_groups(struct crm_ctx *ctx, struct rq *q, const char *state, int nkeys,
                  struct closed_acc *a)
{
	a->nkeys = nkeys;
	if (db_report_closed(ctx->db, &q->q, state, closed_row, a) < 0)
		return db_failed(ctx);
	groups_merge(&a->gs);
	return 0;
}

int report_sales(struct crm_ctx *ctx, int argc, char **argv)
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
int report_winrate(struct crm_ctx *ctx, int argc, char **argv)
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

void sample_add(struct sample *s, double v)
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

double sample_median(struct sample *s)
{
	if (!s->n)
		return 0;
	qsort(s->v, (size_t)s->n, sizeof *s->v, double_cmp);
	return s->n % 2 ? s->v[s->n / 2] : (s->v[s->n / 2 - 1] + s->v[s->n / 2]) / 2;
}

double sample_mean(const struct sample *s)
{
	double sum = 0;
	for (int i = 0; i < s->n; i++)
		sum += s->v[i];
	return s->n ? sum / s->n : 0;
}

/* Days from a to b (dates or timestamps); 0 with *ok 0 if either is missing. */
double days_between(const char *a, const char *b, int *ok)
{
	double x, y;
	*ok = a && b && crm_day_number(a, &x) == 0 && crm_day_number(b, &y) == 0;
	return *ok ? y - x : 0;
}

/* Whole days from the local day of a (a date or a UTC timestamp) to date b. */
double days_to_date(const char *a, const char *b, int *ok)
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

int report_funnel(struct crm_ctx *ctx, int argc, char **argv)
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
