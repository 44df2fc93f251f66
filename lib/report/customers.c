/*
 * customers.c - the reports on customers and what to do next: revenue
 * and RFM per account, what has gone quiet, the morning digest, the next
 * best deals and leads.
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

int report_customers(struct crm_ctx *ctx, int argc, char **argv)
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

int report_stale(struct crm_ctx *ctx, int argc, char **argv)
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

int report_digest(struct crm_ctx *ctx, int argc, char **argv)
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

int weights_read(struct crm_ctx *ctx, double *w)
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

int report_next(struct crm_ctx *ctx, int argc, char **argv)
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

int verb_weights(struct crm_ctx *ctx, int argc, char **argv)
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
