/*
 * check.c - what `crm check` finds wrong in the data itself, beyond what
 * SQLite checks: dates that cannot be (2026-02-30, written by an old
 * version or by hand), timestamps that are not UTC stamps, and
 * opportunities whose stage, probability and close date disagree; and what
 * crm restore would refuse in a dump of it: values import refuses, bad
 * deleted stamps, attachments of records that are gone.
 * References are SQLite's foreign keys, checked by the store.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "core/verbs.h"

struct checking {
	struct crm_ctx *ctx;
	const struct crm_schema *s;
	struct crm_strv *problems;
	int stage, pipeline, probability, closed; /* opp fields, -1 elsewhere */
};

static void problem(struct checking *c, const char *id, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void problem(struct checking *c, const char *id, const char *fmt, ...)
{
	va_list ap;
	char *what;

	va_start(ap, fmt);
	what = crm_xvasprintf(fmt, ap);
	va_end(ap);
	crm_strv_push_owned(c->problems,
	                    crm_xasprintf("%s %s: %s", crm_noun(c->s->ent, 1), id, what));
	free(what);
}

static int is_stored_date(const char *v)
{
	char day[11];
	return strlen(v) == 10 && crm_parse_date(v, day) == 0 && !strcmp(day, v);
}

static int is_stored_stamp(const char *v)
{
	char ts[21];
	return strlen(v) == 20 && v[19] == 'Z' && crm_parse_datetime(v, ts) == 0 && !strcmp(ts, v);
}

/*
 * A value import would refuse (invalid UTF-8, an address, phone or choice
 * that is none): a dump of it would not restore.
 */
static void check_value(struct checking *c, const char *id, const struct crm_field *fd,
                        const char *v)
{
	char *normal = NULL, *err = NULL;

	if (crm_value_normal(c->ctx->db, fd, v, &normal, &err) < 0)
		problem(c, id, "%s", err);
	free(normal);
	free(err);
}

static void check_times(struct checking *c, const char *const *vals)
{
	for (int f = 0; f < c->s->nfields; f++) {
		const struct crm_field *fd = &c->s->fields[f];
		const char *v = vals[f];
		if (!v)
			continue;
		if (fd->type == CRM_T_DATE && !is_stored_date(v))
			problem(c, vals[0], _("%s: impossible date '%s'"), fd->name, v);
		else if (fd->type == CRM_T_TIMESTAMP && !is_stored_stamp(v))
			problem(c, vals[0], _("%s: not a UTC timestamp '%s'"), fd->name, v);
		else if (fd->type == CRM_T_WHEN && !is_stored_date(v) && !is_stored_stamp(v))
			problem(c, vals[0], _("%s: neither a date nor a UTC timestamp '%s'"),
			        fd->name, v);
		else if (fd->type != CRM_T_DATE && fd->type != CRM_T_TIMESTAMP &&
		         fd->type != CRM_T_REF) /* references: the foreign keys */
			check_value(c, vals[0], fd, v);
	}
	/* after the fields, the deleted stamp, which restore checks too */
	if (vals[c->s->nfields] && !is_stored_stamp(vals[c->s->nfields]))
		problem(c, vals[0], _("deleted: not a UTC timestamp '%s'"), vals[c->s->nfields]);
}

/* Won means 100 % and a close date; lost 0 % and a close date; open, neither. */
static void check_stage(struct checking *c, const char *const *vals)
{
	const char *stage = vals[c->stage], *prob = vals[c->probability];
	const char *pipeline = vals[c->pipeline] ? vals[c->pipeline] : "default";
	double p = prob ? atof(prob) : -1;
	struct db_stage st;
	int rc;

	if (!stage)
		return;
	rc = db_stage_get(c->ctx->db, pipeline, stage, &st);
	if (rc != 0) {
		problem(c, vals[0], _("stage '%s' is not a stage of pipeline '%s'"), stage,
		        pipeline);
		return;
	}
	if (prob && (p < 0 || p > 100))
		problem(c, vals[0], _("probability %s is not 0 to 100"), prob);
	else if (!strcmp(st.state, "won") && prob && p != 100)
		problem(c, vals[0], _("won (stage '%s') at probability %s, not 100"), stage, prob);
	else if (!strcmp(st.state, "lost") && prob && p != 0)
		problem(c, vals[0], _("lost (stage '%s') at probability %s, not 0"), stage, prob);
	else if (!strcmp(st.state, "open") && prob && p == 100)
		problem(c, vals[0], _("open (stage '%s') at probability 100"), stage);
	if (strcmp(st.state, "open") && !vals[c->closed])
		problem(c, vals[0], _("%s (stage '%s') without a closed date"), st.state, stage);
	else if (!strcmp(st.state, "open") && vals[c->closed])
		problem(c, vals[0], _("open (stage '%s') with a closed date %s"), stage,
		        vals[c->closed]);
	db_stage_release(&st);
}

static int check_row(void *arg, const char *const *vals)
{
	struct checking *c = arg;

	check_times(c, vals);
	if (c->stage >= 0)
		check_stage(c, vals);
	return 0;
}

struct attachment_check {
	struct crm_ctx *ctx;
	struct crm_strv *problems;
};

/* An attachment whose record is gone would not restore. */
static int check_attachment(void *arg, const struct db_attachment *a)
{
	struct attachment_check *ac = arg;
	const struct crm_entity *ent = crm_entity_find(a->entity);
	char *deleted = NULL, **row = NULL;

	if (ent) {
		row = db_get(ac->ctx->db, db_schema(ac->ctx->db, ent), a->record, &deleted);
		if (row)
			db_row_free(db_schema(ac->ctx->db, ent), row);
		free(deleted);
	}
	if (!row)
		crm_strv_push_owned(ac->problems,
		                    crm_xasprintf("attachment %lld: record: no %s %lld", a->id,
		                                  a->entity, a->record));
	return 0;
}

int crm_check_data(struct crm_ctx *ctx, struct crm_strv *problems)
{
	struct attachment_check ac = {ctx, problems};

	for (int e = 0; crm_entities[e]; e++) {
		const struct crm_schema *s = db_schema(ctx->db, crm_entities[e]);
		struct crm_filter all = {NULL, 0, 2};
		struct db_query q = {.s = s, .filter = &all, .sort_field = 0, .raw_refs = 1};
		struct checking c = {ctx, s, problems, -1, -1, -1, -1};
		if (crm_entities[e]->track && !strcmp(crm_entities[e]->track, "stage")) {
			c.stage = crm_schema_field(s, "stage");
			c.pipeline = crm_schema_field(s, "pipeline");
			c.probability = crm_schema_field(s, "probability");
			c.closed = crm_schema_field(s, "closed");
			if (c.pipeline < 0 || c.probability < 0 || c.closed < 0)
				c.stage = -1;
		}
		if (db_select(ctx->db, &q, check_row, &c) < 0)
			return -1;
	}
	return db_attachments(ctx->db, NULL, 0, check_attachment, &ac) < 0 ? -1 : 0;
}
