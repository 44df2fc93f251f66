/*
 * quote.c - quotes (offers) followed to acceptance: numbered Q-YEAR-NNNN,
 * versioned (a revision is a new record, the old ones kept), priced by
 * their own lines, which start as a copy of the opportunity's items, and
 * rendered as a page to send (html) or a plain text for mail.
 */
#define _GNU_SOURCE
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "domain/sales.h"

/* The items of an opportunity or of a quote (field "opp" or "quote" = id), oldest first. */
static int items_of(struct crm_ctx *ic, const char *parent, long long id, struct crm_strv *ids)
{
	char idbuf[32];
	snprintf(idbuf, sizeof idbuf, "%lld", id);
	struct crm_term t = {
	    .kind = CRM_TERM_FIELD, .field = rec_field(ic, parent), .op = CRM_OP_EQ};
	crm_strv_push(&t.values, idbuf);
	struct crm_filter f = {&t, 1, 0};
	struct db_query q = {.s = ic->s, .filter = &f, .sort_field = 0};
	int rc = db_select(ic->db, &q, cli_push_id, ids) < 0 ? CRM_EXIT_DB : 0;
	crm_strv_release(&t.values);
	return rc;
}

/* Copies items (of an opportunity or an older version) onto quote id. */
static int copy_items(struct crm_ctx *ctx, const char *parent, long long from, long long quote,
                      char **err)
{
	struct crm_ctx ic = rec_other(ctx, &crm_entity_item);
	struct crm_strv ids = CRM_STRV_INIT;
	int rc = items_of(&ic, parent, from, &ids);
	static const char *const copied[] = {"product", "qty", "price", "discount", "notes"};
	for (int i = 0; !rc && i < ids.n; i++) {
		char **src = db_get(ic.db, ic.s, atoll(ids.v[i]), NULL);
		char **vals = crm_xcalloc(ic.s->nfields, sizeof(char *));
		for (size_t k = 0; k < sizeof copied / sizeof copied[0]; k++) {
			int f = rec_field(&ic, copied[k]);
			if (!strcmp(copied[k], "product")) {
				long long pid = db_ref_id(ic.db, ic.s, atoll(ids.v[i]), f);
				vals[f] = pid ? crm_xasprintf("%lld", pid) : NULL;
			} else
				vals[f] = src[f] ? crm_xstrdup(src[f]) : NULL;
		}
		vals[rec_field(&ic, "quote")] = crm_xasprintf("%lld", quote);
		if (!rec_create(&ic, vals, err))
			rc = *err ? CRM_EXIT_DATA : CRM_EXIT_DB;
		db_row_free(ic.s, vals);
		db_row_free(ic.s, src);
	}
	crm_strv_release(&ids);
	return rc;
}

/* subtotal: the lines; less the quote's discount; plus tax on that. */
int crm_quote_totals(struct crm_ctx *ctx, long long id, char **cur, char **err)
{
	struct crm_ctx ic = rec_other(ctx, &crm_entity_item);
	char idbuf[32];
	snprintf(idbuf, sizeof idbuf, "%lld", id);
	struct crm_term t = {
	    .kind = CRM_TERM_FIELD, .field = rec_field(&ic, "quote"), .op = CRM_OP_EQ};
	crm_strv_push(&t.values, idbuf);
	struct crm_filter f = {&t, 1, 0};
	long long sub = 0;
	long n = 0;
	int rc = db_sum(ic.db, ic.s, rec_field(&ic, "total"), &f, &sub, &n) < 0 ? CRM_EXIT_DB : 0;
	crm_strv_release(&t.values);
	const char *dv = cur[rec_field(ctx, "discount")], *tv = cur[rec_field(ctx, "tax")];
	double discount = dv ? strtod(dv, NULL) : 0, tax = tv ? strtod(tv, NULL) : 0;
	if (!rc && (discount < 0 || discount > 100 || tax < 0 || tax > 100)) {
		*err = crm_xasprintf(_("%s: not a percentage from 0 to 100 '%s'"),
		                     discount < 0 || discount > 100 ? "discount" : "tax",
		                     discount < 0 || discount > 100 ? dv : tv);
		return CRM_EXIT_DATA;
	}
	if (!rc && (rc = crm_money_check("subtotal", (double)sub, err)))
		return rc;
	long long net = llround(sub * (100 - discount) / 100);
	long long taxed = llround(net * tax / 100);
	if (!rc && (rc = crm_money_check("total", (double)net + (double)taxed, err)))
		return rc;
	char *s = crm_money_str(sub), *ta = crm_money_str(taxed), *to = crm_money_str(net + taxed);
	if (!rc)
		rc = rec_set(ctx, id, cur, "subtotal", s, err);
	if (!rc)
		rc = rec_set(ctx, id, cur, "tax_amount", ta, err);
	if (!rc)
		rc = rec_set(ctx, id, cur, "total", to, err);
	free(s);
	free(ta);
	free(to);
	return rc;
}

/* A new quote gets its number, validity and the opportunity's items. */
static int number_new(struct crm_ctx *ctx, long long id, char **cur, char **err)
{
	char year[8], prefix[16];
	memcpy(year, ctx->now, 4);
	year[4] = '\0';
	snprintf(prefix, sizeof prefix, "Q-%s-", year);
	long next = db_next_number(ctx->db, "quote", "number", prefix);
	if (next < 0)
		return CRM_EXIT_DB;
	char *number = crm_xasprintf("%s%04ld", prefix, next);
	int rc = rec_set(ctx, id, cur, "number", number, err);
	free(number);
	if (!rc)
		rc = rec_set(ctx, id, cur, "version", "1", err);
	if (!rc)
		rc = copy_items(ctx, "opp", db_ref_id(ctx->db, ctx->s, id, rec_field(ctx, "opp")),
		                id, err);
	return rc;
}

/* Reloads a record's values: the lines' hooks wrote to it meanwhile. */
static void refresh(struct crm_ctx *ctx, long long id, char **cur)
{
	char **now = db_get(ctx->db, ctx->s, id, NULL);
	for (int f = 0; now && f < ctx->s->nfields; f++) {
		free(cur[f]);
		cur[f] = now[f];
	}
	free(now);
}

/* The currency of the quote's opportunity, unless the quote says one. */
static int currency_of_opp(struct crm_ctx *ctx, long long id, char **cur, char **err)
{
	const struct crm_schema *os = db_schema(ctx->db, &crm_entity_opp);
	char **opp =
	    db_get(ctx->db, os, db_ref_id(ctx->db, ctx->s, id, rec_field(ctx, "opp")), NULL);
	const char *c = opp ? opp[crm_schema_field(os, "currency")] : NULL;
	int rc = c ? rec_set(ctx, id, cur, "currency", c, err) : 0;
	db_row_free(os, opp);
	return rc;
}

/* Lines in a quote line count; without any, totals brought by an import are kept. */
static long line_count(struct crm_ctx *ctx, long long id)
{
	struct crm_ctx ic = rec_other(ctx, &crm_entity_item);
	struct crm_strv ids = CRM_STRV_INIT;
	items_of(&ic, "quote", id, &ids);
	long n = ids.n;
	crm_strv_release(&ids);
	return n;
}

int crm_quote_after_write(struct crm_ctx *ctx, long long id, char **cur, const char *assigned,
                          char **err)
{
	char valid[16];
	int fresh = !cur[rec_field(ctx, "number")];
	int rc = fresh ? number_new(ctx, id, cur, err) : 0;
	if (!rc && fresh) {
		refresh(ctx, id, cur);
		if (!assigned[rec_field(ctx, "currency")])
			rc = currency_of_opp(ctx, id, cur, err);
	}
	if (!rc && !cur[rec_field(ctx, "valid_until")] && crm_parse_date("+30d", valid) == 0)
		rc = rec_set(ctx, id, cur, "valid_until", valid, err);
	if (!rc && (cur[rec_field(ctx, "subtotal")] == NULL || line_count(ctx, id) > 0))
		rc = crm_quote_totals(ctx, id, cur, err);
	return rc;
}

/* ---------------------------------------------------------------- verbs */

/* A quote to check, deleted or not: writing it refuses a deleted one, once all are checked. */
static char **load_quote(struct crm_ctx *ctx, const char *id, int *rc)
{
	char **q = db_get(ctx->db, ctx->s, atoll(id), NULL);
	*rc = 0;
	if (!q) {
		crm_warn(_("no quote %s"), id);
		*rc = CRM_EXIT_NOMATCH;
	}
	return q;
}

/* accept --win: the opportunity is won with the quote's total */
static int win_deals(struct crm_ctx *ctx, const struct crm_transition *t, struct crm_strv *ids)
{
	int rc = 0;
	(void)t;
	for (int i = 0; !rc && ctx->o.win && i < ids->n; i++) {
		struct crm_ctx oc = rec_other(ctx, &crm_entity_opp);
		oc.o.where.n = 0; /* --where picked quotes; the opportunity is given by id */
		char **q = db_get(ctx->db, ctx->s, atoll(ids->v[i]), NULL);
		char *opp = crm_xasprintf(
		    "%lld", db_ref_id(ctx->db, ctx->s, atoll(ids->v[i]), rec_field(ctx, "opp")));
		/* the deal is worth what we earn: the total less its tax */
		char *net = crm_money_str(crm_money_minor(q[rec_field(ctx, "total")]) -
		                          crm_money_minor(q[rec_field(ctx, "tax_amount")]));
		char *amount = crm_xasprintf("amount=%s", net);
		free(net);
		char *args[] = {opp, amount};
		rc = crm_verb_win(&oc, 2, args);
		free(opp);
		free(amount);
		db_row_free(ctx->s, q);
	}
	return rc;
}

static const char *const unanswered[] = {"draft", "sent", NULL};
static const char cannot_become[] = N_("quote %s is %s; it cannot become %s");
static const struct crm_transition quote_send = {.field = "status",
                                                 .value = "sent",
                                                 .from = unanswered,
                                                 .refused = cannot_become,
                                                 .load = load_quote};
static const struct crm_transition quote_accept = {.field = "status",
                                                   .value = "accepted",
                                                   .from = unanswered,
                                                   .refused = cannot_become,
                                                   .load = load_quote,
                                                   .after = win_deals};
static const struct crm_transition quote_reject = {.field = "status",
                                                   .value = "rejected",
                                                   .from = unanswered,
                                                   .refused = cannot_become,
                                                   .load = load_quote};

int crm_verb_send(struct crm_ctx *ctx, int argc, char **argv)
{
	return rec_transition(ctx, argc, argv, &quote_send);
}

int crm_verb_accept(struct crm_ctx *ctx, int argc, char **argv)
{
	return rec_transition(ctx, argc, argv, &quote_accept);
}

int crm_verb_reject(struct crm_ctx *ctx, int argc, char **argv)
{
	return rec_transition(ctx, argc, argv, &quote_reject);
}

/* For cron: sent quotes past their validity become expired. */
int crm_verb_expire(struct crm_ctx *ctx, int argc, char **argv)
{
	struct crm_strv ids = CRM_STRV_INIT;
	const char *const terms[] = {"status=sent", "valid_until<today", NULL};
	struct crm_filter f = {NULL, 0, 0};
	int rc = rec_filter(ctx, argc, argv, terms, &f);
	struct db_query q = {.s = ctx->s, .filter = &f, .sort_field = 0};
	if (!rc && db_select(ctx->db, &q, cli_push_id, &ids) < 0)
		rc = CRM_EXIT_DB;
	char *w = "status=expired";
	if (!rc && ids.n)
		rc = rec_set_words(ctx, &ids, 1, &w);
	if (!rc && !ctx->o.quiet && !ctx->o.dry_run)
		fprintf(stderr, P_("%s: %d quote expired\n", "%s: %d quotes expired\n", ids.n),
		        crm_progname(), ids.n);
	crm_filter_release(&f);
	crm_strv_release(&ids);
	return rc;
}

/* A revision: the next version, a draft with the same lines; the old one is kept. */
int crm_verb_revise(struct crm_ctx *ctx, int argc, char **argv)
{
	if (argc < 1 || !crm_is_uint(argv[0]))
		return cli_usage_error(ctx, _("which quote? give its id"));
	char *deleted = NULL;
	char **old = db_get(ctx->db, ctx->s, atoll(argv[0]), &deleted);
	if (!old || deleted) {
		crm_warn(old ? "quote %s is deleted (restore it first)" : "no quote %s", argv[0]);
		db_row_free(ctx->s, old);
		free(deleted);
		return old ? CRM_EXIT_DATA : CRM_EXIT_NOMATCH;
	}
	const char *number = old[rec_field(ctx, "number")];
	long version = db_next_version(ctx->db, "quote", number);
	char **vals = crm_xcalloc(ctx->s->nfields, sizeof(char *));
	static const char *const kept[] = {"currency", "discount", "tax", "terms", "notes"};
	for (size_t k = 0; k < sizeof kept / sizeof kept[0]; k++)
		if (old[rec_field(ctx, kept[k])])
			vals[rec_field(ctx, kept[k])] = crm_xstrdup(old[rec_field(ctx, kept[k])]);
	vals[rec_field(ctx, "number")] = crm_xstrdup(number);
	vals[rec_field(ctx, "version")] = crm_xasprintf("%ld", version);
	vals[rec_field(ctx, "opp")] = crm_xasprintf(
	    "%lld", db_ref_id(ctx->db, ctx->s, atoll(argv[0]), rec_field(ctx, "opp")));
	/* words after the id change the new version: valid_until=+15d tax=21 ... */
	struct crm_assigns as = {NULL, 0};
	char *err = NULL;
	int rc = crm_assigns_parse(ctx->db, ctx->s, argc - 1, argv + 1, &as, &err);
	for (int i = 0; !rc && i < as.n; i++) {
		free(vals[as.a[i].field]);
		vals[as.a[i].field] = crm_tags_apply(NULL, as.a[i].op, as.a[i].value);
	}
	long long id = rc ? 0 : rec_create(ctx, vals, &err);
	if (!rc && !id)
		rc = err ? CRM_EXIT_DATA : CRM_EXIT_DB;
	if (!rc)
		rc = copy_items(ctx, "quote", atoll(argv[0]), id, &err);
	if (!rc) {
		char **cur = db_get(ctx->db, ctx->s, id, NULL);
		rc = crm_quote_totals(ctx, id, cur, &err);
		if (!rc)
			rc = rec_touch(ctx, id) < 0 ? CRM_EXIT_DB : 0;
		db_row_free(ctx->s, cur);
	}
	if (err)
		crm_warn("%s", err);
	if (!rc && !ctx->o.dry_run)
		printf("%lld\n", id);
	free(err);
	crm_assigns_release(&as);
	db_row_free(ctx->s, vals);
	db_row_free(ctx->s, old);
	return rc;
}
