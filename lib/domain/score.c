/*
 * score.c - rule-based scoring: rules are filter terms kept in the database
 * with the points a matching record earns; `score` recomputes the score of
 * the records a filter picks (a cron job can rescore nightly), `--explain`
 * shows which rules a record met.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "domain/sales.h"

/* The most points one rule may give or take. */
#define RULE_POINTS_MAX 1000

struct rule {
	long long id;
	char *term;
	long points;
};

struct rules {
	struct rule *r;
	int n;
};

static int collect_rule(void *arg, long long id, const char *term, long points)
{
	struct rules *rs = arg;
	rs->r = crm_xrealloc(rs->r, sizeof(*rs->r) * (rs->n + 1));
	rs->r[rs->n++] = (struct rule){id, crm_xstrdup(term), points};
	return 0;
}

static void rules_release(struct rules *rs)
{
	for (int i = 0; i < rs->n; i++)
		free(rs->r[i].term);
	free(rs->r);
}

/* Ids of the records matching filter words; sorted by id. */
static int matching(struct crm_ctx *ctx, int n, char **words, struct crm_strv *ids)
{
	struct crm_filter f = {NULL, 0, 0};
	char *err = NULL;
	int rc = crm_filter_parse(ctx->db, ctx->s, n, words, &f, &err);
	if (rc) {
		crm_warn("%s", err);
		free(err);
	} else {
		struct db_query q = {.s = ctx->s, .filter = &f, .sort_field = 0};
		if (db_select(ctx->db, &q, cli_push_id, ids) < 0) {
			crm_warn("%s", db_error(ctx->db));
			rc = CRM_EXIT_DB;
		}
	}
	crm_filter_release(&f);
	return rc;
}

static int cmp_id(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;
	return x < y ? -1 : x > y;
}

/* ---------------------------------------------------------------- rules */

static int print_rule(void *arg, long long id, const char *term, long points)
{
	char ids[32], pts[32];
	snprintf(ids, sizeof ids, "%lld", id);
	snprintf(pts, sizeof pts, "%ld", points);
	const char *row[] = {ids, term, pts};
	crm_printer_row(arg, row);
	return 0;
}

/* A term is checked by parsing it, so a rule can never fail later. */
static int check_term(struct crm_ctx *ctx, const char *term)
{
	struct crm_filter f = {NULL, 0, 0};
	char *err = NULL, *w = (char *)term;
	int rc = crm_filter_parse(ctx->db, ctx->s, 1, &w, &f, &err);
	if (rc)
		crm_warn(_("rule: %s"), err);
	free(err);
	crm_filter_release(&f);
	return rc;
}

/*
 * A rule's term is kept as typed, so it must read back from a dump; its
 * points stay within what a score can sensibly add up.
 */
static int check_rule_text(const char *term, long points)
{
	char *err = NULL;
	if (crm_config_text_check("term", term, &err) < 0) {
		crm_warn("%s", err);
		free(err);
		return CRM_EXIT_DATA;
	}
	if (points < -RULE_POINTS_MAX || points > RULE_POINTS_MAX) {
		crm_warn(_("points: not from %d to %d '%ld'"), -RULE_POINTS_MAX, RULE_POINTS_MAX,
		         points);
		return CRM_EXIT_DATA;
	}
	return 0;
}

int crm_verb_rule(struct crm_ctx *ctx, int argc, char **argv)
{
	const char *sub = argc ? argv[0] : "list";
	if (!strcmp(sub, "list") && argc <= 1) {
		static const struct crm_column cols[] = {{"rule", 1}, {"term", 0}, {"points", 1}};
		struct crm_printer *p =
		    crm_printer_new(cli_format(ctx, CRM_FMT_TSV), stdout, ctx->o.header);
		crm_printer_begin(p, cols, 3);
		int rc = db_rules(ctx->db, ctx->ent->name, print_rule, p) < 0 ? CRM_EXIT_DB : 0;
		return crm_printer_end(p) < 0 && !rc ? CRM_EXIT_DB : rc;
	}
	if (!strcmp(sub, "add") && argc == 3) {
		char *end;
		long points = strtol(argv[2], &end, 10);
		if (*end || end == argv[2])
			return cli_usage_error(ctx, _("points: not a whole number '%s'"), argv[2]);
		int rc = check_rule_text(argv[1], points);
		if (!rc)
			rc = check_term(ctx, argv[1]);
		if (!rc && db_rule_add(ctx->db, ctx->ent->name, argv[1], points) < 0)
			rc = CRM_EXIT_DB;
		return rc;
	}
	if (!strcmp(sub, "rm") && argc == 2 && crm_is_uint(argv[1])) {
		int r = db_rule_rm(ctx->db, ctx->ent->name, atoll(argv[1]));
		if (r == 1)
			crm_warn(_("no rule %s"), argv[1]);
		return r < 0 ? CRM_EXIT_DB : r ? CRM_EXIT_NOMATCH : 0;
	}
	return cli_usage_error(ctx, _("expected 'list', 'add TERM POINTS' or 'rm RULE'"));
}

/* ---------------------------------------------------------------- score */

/* Each rule's matches, among the targets, add its points. */
static int add_points(struct crm_ctx *ctx, const struct rule *r, int argc, char **argv,
                      const long long *targets, long *scores, int n)
{
	struct crm_strv words = CRM_STRV_INIT, ids = CRM_STRV_INIT;
	for (int i = 0; i < argc; i++)
		crm_strv_push(&words, argv[i]);
	crm_strv_push(&words, r->term);
	int rc = matching(ctx, words.n, words.v, &ids);
	for (int i = 0; !rc && i < ids.n; i++) {
		long long id = atoll(ids.v[i]);
		const long long *hit = bsearch(&id, targets, n, sizeof id, cmp_id);
		if (hit)
			scores[hit - targets] += r->points;
	}
	crm_strv_release(&words);
	crm_strv_release(&ids);
	return rc;
}

/* Writes a record's score; unset_only leaves a score already there. */
static int store_score(struct crm_ctx *ctx, long long id, long score, int unset_only)
{
	char **cur = db_get(ctx->db, ctx->s, id, NULL);
	char v[32], *err = NULL;
	if (cur && unset_only && cur[crm_schema_field(ctx->s, "score")]) {
		db_row_free(ctx->s, cur);
		return 0;
	}
	snprintf(v, sizeof v, "%ld", score);
	ctx->touched = 0;
	int r = cur ? rec_change(ctx, id, cur, crm_schema_field(ctx->s, "score"), v, &err) : 0;
	int rc = r == -1 ? CRM_EXIT_DATA : r == -2 ? CRM_EXIT_DB : 0;
	if (!rc && cur)
		rc = rec_finish(ctx, id, cur, NULL, &err);
	if (err)
		crm_warn("%s %lld: %s", ctx->ent->name, id, err);
	free(err);
	db_row_free(ctx->s, cur);
	return rc;
}

static int explain(struct crm_ctx *ctx, const struct rules *rs)
{
	static const struct crm_column cols[] = {
	    {"rule", 1}, {"term", 0}, {"points", 1}, {"met", 0}};
	char idterm[48];
	snprintf(idterm, sizeof idterm, "id=%lld", ctx->o.explain);
	struct crm_printer *p =
	    crm_printer_new(cli_format(ctx, CRM_FMT_TSV), stdout, ctx->o.header);
	crm_printer_begin(p, cols, 4);
	long total = 0;
	int rc = 0;
	for (int i = 0; !rc && i < rs->n; i++) {
		struct crm_strv ids = CRM_STRV_INIT;
		char *words[] = {idterm, rs->r[i].term};
		rc = matching(ctx, 2, words, &ids);
		char rid[32], pts[32];
		snprintf(rid, sizeof rid, "%lld", rs->r[i].id);
		snprintf(pts, sizeof pts, "%ld", rs->r[i].points);
		const char *row[] = {rid, rs->r[i].term, pts, ids.n ? "yes" : "no"};
		crm_printer_row(p, row);
		total += ids.n ? rs->r[i].points : 0;
		crm_strv_release(&ids);
	}
	char sum[32];
	snprintf(sum, sizeof sum, "%ld", total);
	const char *row[] = {NULL, "score", sum, NULL};
	crm_printer_row(p, row);
	return crm_printer_end(p) < 0 && !rc ? CRM_EXIT_DB : rc;
}

/*
 * Scores the records the filter words pick, each rule's matches adding its
 * points; unset_only leaves the scores already there.  *n: how many picked.
 */
static int score_matching(struct crm_ctx *ctx, const struct rules *rs, int argc, char **argv,
                          int unset_only, int *n)
{
	struct crm_strv targets = CRM_STRV_INIT;
	int rc = matching(ctx, argc, argv, &targets);
	long long *ids = crm_xcalloc(targets.n + 1, sizeof *ids);
	long *scores = crm_xcalloc(targets.n + 1, sizeof *scores);
	for (int i = 0; i < targets.n; i++)
		ids[i] = atoll(targets.v[i]);
	for (int i = 0; !rc && i < rs->n; i++)
		rc = add_points(ctx, &rs->r[i], argc, argv, ids, scores, targets.n);
	for (int i = 0; !rc && i < targets.n; i++)
		rc = store_score(ctx, ids[i], scores[i], unset_only);
	*n = targets.n;
	free(ids);
	free(scores);
	crm_strv_release(&targets);
	return rc;
}

int crm_verb_score(struct crm_ctx *ctx, int argc, char **argv)
{
	struct rules rs = {NULL, 0};
	int rc = db_rules(ctx->db, ctx->ent->name, collect_rule, &rs) < 0 ? CRM_EXIT_DB : 0;
	if (!rc && ctx->o.explain) {
		char **rec = db_get(ctx->db, ctx->s, ctx->o.explain, NULL);
		if (!rec)
			crm_warn(_("no %s %lld"), crm_noun(ctx->ent, 1), ctx->o.explain);
		rc = rec ? explain(ctx, &rs) : CRM_EXIT_NOMATCH;
		db_row_free(ctx->s, rec);
		rules_release(&rs);
		return rc;
	}
	int n = 0;
	if (!rc)
		rc = score_matching(ctx, &rs, argc, argv, 0, &n);
	if (!rc && !ctx->o.quiet && !ctx->o.dry_run)
		fprintf(stderr,
		        P_("%s: scored %d %s with %d rules; %ld changed\n",
		           "%s: scored %d %s with %d rules; %ld changed\n", n),
		        crm_progname(), n, crm_noun(ctx->ent, n), rs.n, ctx->changed);
	if (!rc && !n)
		rc = CRM_EXIT_NOMATCH;
	rules_release(&rs);
	return rc;
}

/* New records are scored when their entity has rules and no score was given. */
int crm_score_new(struct crm_ctx *ctx)
{
	if (!ctx->ent || crm_schema_field(ctx->s, "score") < 0)
		return 0;
	struct rules rs = {NULL, 0};
	int rc = db_rules(ctx->db, ctx->ent->name, collect_rule, &rs) < 0 ? CRM_EXIT_DB : 0;
	if (!rc && rs.n) {
		char since[48];
		snprintf(since, sizeof since, "id>=%lld", ctx->first_new);
		char *words[] = {since};
		int n;
		rc = score_matching(ctx, &rs, 1, words, 1, &n);
	}
	rules_release(&rs);
	return rc;
}
