/*
 * sales.c - the sales pipeline's own rules and verbs: an opportunity's
 * probability and closed date follow its stage, line items total into its
 * amount, and leads are qualified, assigned and converted.
 */
#define _GNU_SOURCE
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "domain/sales.h"
#include "domain/campaign.h"

static void today(char *buf)
{
	crm_parse_date("today", buf);
}

/* ------------------------------------------------------ opportunities */

int crm_opp_after_write(struct crm_ctx *ctx, long long id, char **cur, const char *assigned,
                        char **err)
{
	int fs = rec_field(ctx, "stage"), fp = rec_field(ctx, "pipeline");
	const char *pipeline = cur[fp] ? cur[fp] : "default";
	const char *pv = cur[rec_field(ctx, "probability")];
	int partner = crm_check_partner(ctx, id, cur, assigned, err);
	if (partner)
		return partner;
	if (pv && (strtod(pv, NULL) < 0 || strtod(pv, NULL) > 100)) {
		*err = crm_xasprintf(_("probability: not a percentage from 0 to 100 '%s'"), pv);
		return CRM_EXIT_DATA;
	}
	int rc = 0, stage_moved = assigned[fs] || assigned[fp];
	if (!cur[fs]) {
		char *first = NULL;
		if (db_stage_first(ctx->db, pipeline, "open", &first) != 0) {
			*err = crm_xasprintf(
			    _("pipeline: '%s' has no open stage (see crm-opp stages)"), pipeline);
			return CRM_EXIT_DATA;
		}
		rc = rec_set(ctx, id, cur, "stage", first, err);
		free(first);
		stage_moved = 1;
	}
	if (rc || !stage_moved)
		return rc;
	struct db_stage st = {0};
	if (db_stage_get(ctx->db, pipeline, cur[fs], &st) != 0) {
		*err = crm_xasprintf(_("stage: '%s' is not a stage of pipeline '%s' (see crm-opp "
		                       "stages)"),
		                     cur[fs], pipeline);
		return CRM_EXIT_DATA;
	}
	char buf[32];
	if (strcmp(cur[fs], st.name)) /* the stage as the pipeline spells it */
		rc = rec_set(ctx, id, cur, "stage", st.name, err);
	if (!rc && !assigned[rec_field(ctx, "probability")]) {
		snprintf(buf, sizeof buf, "%d", st.probability);
		rc = rec_set(ctx, id, cur, "probability", buf, err);
	}
	int open = !strcmp(st.state, "open");
	if (!rc && !open && !cur[rec_field(ctx, "closed")]) {
		today(buf);
		rc = rec_set(ctx, id, cur, "closed", buf, err);
	} else if (!rc && open && !assigned[rec_field(ctx, "closed")])
		rc = rec_set(ctx, id, cur, "closed", NULL, err);
	db_stage_release(&st);
	return rc;
}

/* An opportunity with items is worth their total. */
static int total_opp(struct crm_ctx *ctx, long long opp, char **err)
{
	struct crm_ctx oc = rec_other(ctx, &crm_entity_opp);
	int ft = rec_field(ctx, "total");
	char idbuf[32];
	snprintf(idbuf, sizeof idbuf, "%lld", opp);
	struct crm_term t = {
	    .kind = CRM_TERM_FIELD, .field = rec_field(ctx, "opp"), .op = CRM_OP_EQ};
	crm_strv_push(&t.values, idbuf);
	struct crm_filter f = {&t, 1, 0};
	long long sum = 0;
	long n = 0;
	int rc = db_sum(ctx->db, ctx->s, ft, &f, &sum, &n) < 0 ? CRM_EXIT_DB : 0;
	crm_strv_release(&t.values);
	if (!rc && (rc = crm_money_check("amount", (double)sum, err)))
		return rc;
	/* with its last item gone, the opportunity is worth nothing until priced again */
	char **cur = rc ? NULL : db_get(ctx->db, oc.s, opp, NULL);
	if (cur) {
		char *amount = crm_money_str(sum);
		rc = rec_set(&oc, opp, cur, "amount", amount, err);
		free(amount);
		if (!rc && oc.touched && rec_touch(&oc, opp) < 0)
			rc = CRM_EXIT_DB;
		db_row_free(oc.s, cur);
	}
	if (rc == CRM_EXIT_DB && !*err)
		crm_warn("%s", db_error(ctx->db));
	return rc;
}

/* A quote is priced by its lines. */
static int total_quote(struct crm_ctx *ctx, long long quote, char **err)
{
	struct crm_ctx qc = rec_other(ctx, &crm_entity_quote);
	char **cur = db_get(ctx->db, qc.s, quote, NULL);
	int rc = cur ? crm_quote_totals(&qc, quote, cur, err) : 0;
	if (!rc && qc.touched && rec_touch(&qc, quote) < 0)
		rc = CRM_EXIT_DB;
	db_row_free(qc.s, cur);
	return rc;
}

int crm_item_after_write(struct crm_ctx *ctx, long long id, char **cur, const char *assigned,
                         char **err)
{
	(void)assigned;
	int fprice = rec_field(ctx, "price"), fprod = rec_field(ctx, "product");
	int rc = 0;
	if (!cur[fprice]) {
		/* the product's list price, unless the item says otherwise */
		const struct crm_schema *ps = db_schema(ctx->db, &crm_entity_product);
		char **prod = db_get(ctx->db, ps, db_ref_id(ctx->db, ctx->s, id, fprod), NULL);
		if (prod && prod[crm_schema_field(ps, "price")])
			rc = rec_set(ctx, id, cur, "price", prod[crm_schema_field(ps, "price")],
			             err);
		db_row_free(ps, prod);
	}
	double qty = cur[rec_field(ctx, "qty")] ? strtod(cur[rec_field(ctx, "qty")], NULL) : 1;
	const char *dv = cur[rec_field(ctx, "discount")];
	double discount = dv ? strtod(dv, NULL) : 0;
	if (!rc && qty < 0) {
		*err = crm_xasprintf(_("qty: cannot be negative '%s'"), cur[rec_field(ctx, "qty")]);
		return CRM_EXIT_DATA;
	}
	if (!rc && (discount < 0 || discount > 100)) {
		*err = crm_xasprintf(_("discount: not a percentage from 0 to 100 '%s'"), dv);
		return CRM_EXIT_DATA;
	}
	/* long double: exact to the cent for any amount that can be typed */
	long double exact =
	    (long double)crm_money_minor(cur[fprice]) * qty * (100 - discount) / 100;
	if (!rc && (rc = crm_money_check("total", (double)exact, err)))
		return rc;
	if (!rc) {
		long long total = llroundl(exact);
		char *t = crm_money_str(total);
		rc = rec_set(ctx, id, cur, "total", cur[fprice] ? t : NULL, err);
		free(t);
	}
	if (rc)
		return rc;
	long long opp = db_ref_id(ctx->db, ctx->s, id, rec_field(ctx, "opp"));
	long long quote = db_ref_id(ctx->db, ctx->s, id, rec_field(ctx, "quote"));
	if (!opp == !quote) {
		*err = crm_xstrdup(opp ? "an item belongs to an opportunity or to a quote, not both"
		                       : "opp: an item belongs to an opportunity (or a quote)");
		return CRM_EXIT_DATA;
	}
	return opp ? total_opp(ctx, opp, err) : total_quote(ctx, quote, err);
}

/* ------------------------------------------------------ stage verbs */

/* The pipeline an opportunity is in. */
static char *pipeline_of(struct crm_ctx *ctx, const char *id)
{
	char **cur = db_get(ctx->db, ctx->s, atoll(id), NULL);
	char *p = crm_xstrdup(
	    cur && cur[rec_field(ctx, "pipeline")] ? cur[rec_field(ctx, "pipeline")] : "default");
	db_row_free(ctx->s, cur);
	return p;
}

/* The open stage an opportunity was in before it closed, from its change log. */
struct last_open {
	struct crm_ctx *ctx;
	const char *pipeline;
	char *stage;
};

static int remember_open_stage(void *arg, const struct db_change *c)
{
	struct last_open *lo = arg;
	struct db_stage st = {0};
	if (c->field && !strcmp(c->field, "stage") && c->old &&
	    db_stage_get(lo->ctx->db, lo->pipeline, c->old, &st) == 0) {
		if (!strcmp(st.state, "open")) {
			free(lo->stage);
			lo->stage = crm_xstrdup(st.name);
		}
		db_stage_release(&st);
	}
	return 0;
}

/*
 * The stage an opportunity moves to, by the state the verb names (t->value):
 * its pipeline's first won or lost stage; reopened, the open stage it was in
 * before it closed, else the pipeline's first open one.
 */
static char *target_stage(struct crm_ctx *ctx, const struct crm_transition *t, const char *id)
{
	char *pipeline = pipeline_of(ctx, id), *name = NULL;
	if (!strcmp(t->value, "open")) {
		struct last_open lo = {ctx, pipeline, NULL};
		db_record_changes(ctx->db, ctx->ent->name, atoll(id), remember_open_stage, &lo);
		name = lo.stage;
	}
	if (!name && db_stage_first(ctx->db, pipeline, t->value, &name) != 0)
		crm_warn(_("pipeline '%s' has no %s stage (see crm-opp stages)"), pipeline,
		         t->value);
	free(pipeline);
	return name;
}

/* 1 if an opportunity stands in an open stage. */
static int is_open(struct crm_ctx *ctx, const char *id, char **row)
{
	char **cur = db_get(ctx->db, ctx->s, atoll(id), NULL);
	char *pipeline = pipeline_of(ctx, id);
	struct db_stage st = {0};
	int open = cur && cur[rec_field(ctx, "stage")] &&
	           db_stage_get(ctx->db, pipeline, cur[rec_field(ctx, "stage")], &st) == 0 &&
	           !strcmp(st.state, "open");
	(void)row; /* read afresh: an id given twice was moved already */
	db_stage_release(&st);
	free(pipeline);
	db_row_free(ctx->s, cur);
	return open;
}

/*
 * Each opportunity is moved on its own: the stage of win, lose and reopen
 * is its pipeline's.  Won or lost today, unless the words say when.
 */
static const char *const closed_today[] = {"closed=today", NULL};
static const char *const not_lost[] = {"lost_reason=", NULL};
static const struct crm_transition opp_stage = {
    .field = "stage", .which = N_("which stage?"), .words = 1, .each = 1};
static const struct crm_transition opp_win = {.field = "stage",
                                              .value = "won",
                                              .unless_given = closed_today,
                                              .words = 1,
                                              .target = target_stage};
static const struct crm_transition opp_lose = {.field = "stage",
                                               .value = "lost",
                                               .reason = "lost_reason",
                                               .unless_given = closed_today,
                                               .words = 1,
                                               .target = target_stage};
static const struct crm_transition opp_reopen = {.field = "stage",
                                                 .value = "open",
                                                 .also = not_lost,
                                                 .words = 1,
                                                 .there = is_open,
                                                 .target = target_stage};

int crm_verb_stage(struct crm_ctx *ctx, int argc, char **argv)
{
	return rec_transition(ctx, argc, argv, &opp_stage);
}

int crm_verb_win(struct crm_ctx *ctx, int argc, char **argv)
{
	return rec_transition(ctx, argc, argv, &opp_win);
}

int crm_verb_lose(struct crm_ctx *ctx, int argc, char **argv)
{
	return rec_transition(ctx, argc, argv, &opp_lose);
}

int crm_verb_reopen(struct crm_ctx *ctx, int argc, char **argv)
{
	return rec_transition(ctx, argc, argv, &opp_reopen);
}

/* -------------------------------------------------------------- stages */

static int stage_row(void *arg, const struct db_stage *st)
{
	char pos[16], prob[16];
	snprintf(pos, sizeof pos, "%d", st->position);
	snprintf(prob, sizeof prob, "%d", st->probability);
	const char *row[] = {st->pipeline, pos, st->name, prob, st->category, st->state};
	crm_printer_row(arg, row);
	return 0;
}

static int list_stages(struct crm_ctx *ctx)
{
	static const struct crm_column cols[] = {{"pipeline", 0},    {"position", 1}, {"name", 0},
	                                         {"probability", 1}, {"category", 0}, {"state", 0}};
	struct crm_printer *p =
	    crm_printer_new(cli_format(ctx, CRM_FMT_TSV), stdout, ctx->o.header);
	crm_printer_begin(p, cols, 6);
	int rc = db_stages(ctx->db, stage_row, p) < 0 ? CRM_EXIT_DB : 0;
	if (rc)
		crm_warn("%s", db_error(ctx->db));
	return crm_printer_end(p) < 0 && !rc ? CRM_EXIT_DB : rc;
}

/* 1 if v is one of the comma-separated names. */
static int one_of(const char *names, const char *v)
{
	struct crm_strv n = CRM_STRV_INIT;
	crm_strv_split(&n, names, ',');
	int found = 0;
	for (int i = 0; i < n.n; i++)
		found |= !strcmp(n.v[i], v);
	crm_strv_release(&n);
	return found;
}

/* Reads probability=, category=, state= and position= words into a stage. */
static int stage_words(struct crm_ctx *ctx, int argc, char **argv, struct db_stage *st,
                       int *probability_given)
{
	static const char *const categories = "pipeline,best case,commit,closed,omitted";
	for (int i = 0; i < argc; i++) {
		const char *eq = strchr(argv[i], '=');
		if (!eq)
			return cli_usage_error(ctx, _("expected key=value, got '%s'"), argv[i]);
		size_t k = eq - argv[i];
		const char *v = eq + 1;
		if (!strncmp(argv[i], "probability", k) && k == 11 && crm_is_uint(v) &&
		    atoi(v) <= 100) {
			st->probability = atoi(v);
			*probability_given = 1;
		} else if (!strncmp(argv[i], "position", k) && k == 8 && crm_is_uint(v))
			st->position = atoi(v);
		else if (!strncmp(argv[i], "state", k) && k == 5 &&
		         (!strcmp(v, "open") || !strcmp(v, "won") || !strcmp(v, "lost"))) {
			free(st->state);
			st->state = crm_xstrdup(v);
		} else if (!strncmp(argv[i], "category", k) && k == 8 && one_of(categories, v)) {
			free(st->category);
			st->category = crm_xstrdup(v);
		} else {
			crm_warn(_("stage: bad setting '%s' (probability=0..100, position=N, "
			           "state=open|won|lost, category=%s)"),
			         argv[i], categories);
			return CRM_EXIT_DATA;
		}
	}
	return 0;
}

/*
 * A won stage is at probability 100, a lost one at 0 and an open one below
 * 100, as crm check demands of the deals in it: a state given without a
 * probability brings its own, a probability that contradicts it is refused.
 */
static int stage_probability(struct db_stage *st, int probability_given)
{
	int won = !strcmp(st->state, "won"), lost = !strcmp(st->state, "lost");
	if (!probability_given && (won || lost))
		st->probability = won ? 100 : 0;
	if (won ? st->probability == 100 : lost ? st->probability == 0 : st->probability < 100)
		return 0;
	crm_warn(_("stage '%s': %s at probability %d (won is 100, lost 0, open below 100)"),
	         st->name, st->state, st->probability);
	return CRM_EXIT_DATA;
}

/* A new stage's pipeline and name: names kept in lists and matched as typed. */
static int stage_names_check(char **argv)
{
	char *err = NULL;
	if (crm_config_name_check("pipeline", argv[0], &err) < 0 ||
	    crm_config_name_check("stage", argv[1], &err) < 0) {
		crm_warn("%s", err);
		free(err);
		return CRM_EXIT_DATA;
	}
	return 0;
}

static int set_stage(struct crm_ctx *ctx, int argc, char **argv)
{
	struct db_stage st = {0};
	int found = db_stage_get(ctx->db, argv[0], argv[1], &st) == 0, probability_given = 0;
	if (!found && stage_names_check(argv))
		return CRM_EXIT_DATA;
	if (!found)
		st = (struct db_stage){crm_xstrdup(argv[0]),
		                       crm_xstrdup(argv[1]),
		                       crm_xstrdup("pipeline"),
		                       crm_xstrdup("open"),
		                       0,
		                       0};
	int rc = stage_words(ctx, argc - 2, argv + 2, &st, &probability_given);
	if (!rc)
		rc = stage_probability(&st, probability_given);
	if (!rc && db_stage_put(ctx->db, &st) < 0) {
		crm_warn("%s", db_error(ctx->db));
		rc = CRM_EXIT_DB;
	}
	db_stage_release(&st);
	return rc;
}

int crm_verb_stages(struct crm_ctx *ctx, int argc, char **argv)
{
	if (argc == 0)
		return list_stages(ctx);
	if (!strcmp(argv[0], "set") && argc >= 3)
		return set_stage(ctx, argc - 1, argv + 1);
	if (!strcmp(argv[0], "rm") && argc == 3) {
		struct db_stage st = {0};
		if (db_stage_get(ctx->db, argv[1], argv[2], &st) != 0) {
			crm_warn(_("pipeline '%s' has no stage '%s'"), argv[1], argv[2]);
			return CRM_EXIT_NOMATCH;
		}
		long uses = db_stage_uses(ctx->db, st.pipeline, st.name);
		if (uses < 0)
			crm_warn("%s", db_error(ctx->db));
		else if (uses > 0)
			crm_warn(_("stage '%s' of pipeline '%s' holds %ld %s"), st.name,
			         st.pipeline, uses, uses == 1 ? "opportunity" : "opportunities");
		int rc = uses < 0 ? CRM_EXIT_DB : uses ? CRM_EXIT_DATA : 0;
		if (!rc && db_stage_rm(ctx->db, st.pipeline, st.name) < 0)
			rc = CRM_EXIT_DB;
		db_stage_release(&st);
		return rc;
	}
	return cli_usage_error(ctx, _("expected nothing, 'set PIPELINE STAGE [key=value...]' or "
	                              "'rm PIPELINE STAGE'"));
}

/* ---------------------------------------------------------------- items */

/* `crm-opp item add|list|rm`: the generic verbs, run on the item entity. */
int crm_verb_item(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const subs[] = {"add", "list", "show", "set", "rm", "restore", NULL};
	const struct crm_verb *v = NULL;
	for (int k = 0; argc >= 1 && subs[k]; k++)
		for (const struct crm_verb *g = crm_generic_verbs; g->name && !v; g++)
			if (!strcmp(g->name, argv[0]) && !strcmp(g->name, subs[k]))
				v = g;
	int parent_first = v && (!strcmp(v->name, "add") || !strcmp(v->name, "list"));
	if (!v || (parent_first && argc < 2))
		return cli_usage_error(ctx,
		                       _("expected add %s FIELD=VALUE..., list %s, or show, set, "
		                         "rm, restore ITEM..."),
		                       crm_noun(ctx->ent, 1), crm_noun(ctx->ent, 1));
	struct crm_ctx ic = rec_other(ctx, &crm_entity_item);
	struct crm_strv words = CRM_STRV_INIT;
	/* add and list: the opportunity (or quote) comes first, as opp=OPP */
	if (parent_first)
		crm_strv_push_owned(&words, crm_xasprintf("%s=%s", ctx->ent->name, argv[1]));
	for (int i = parent_first ? 2 : 1; i < argc; i++)
		crm_strv_push(&words, argv[i]);
	int rc = v->fn(&ic, words.n, words.v);
	ctx->changed = ic.changed;
	ctx->counted = &crm_entity_item;
	crm_strv_release(&words);
	return rc;
}
