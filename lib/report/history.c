/*
 * history.c - the reports read from deals' stage histories: the days
 * spent in each stage (velocity) and each stage's real win rate (calibrate).
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

int report_velocity(struct crm_ctx *ctx, int argc, char **argv)
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

int report_calibrate(struct crm_ctx *ctx, int argc, char **argv)
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
