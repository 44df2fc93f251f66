/*
 * service.c - the reports on work done and service given: activity per
 * week, owner and channel; cases, response and resolution times, SLA, CSAT, NPS.
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

int report_activity(struct crm_ctx *ctx, int argc, char **argv)
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

int report_service(struct crm_ctx *ctx, int argc, char **argv)
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
