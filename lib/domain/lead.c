/*
 * lead.c - a lead's way through the pipeline: qualify, disqualify, assign,
 * and convert into an account, a contact and optionally an opportunity, in
 * one run (so `crm undo` reverses it).
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/i18n.h"
#include "core/hooks.h"
#include "base/money.h"
#include "core/verbs.h"
#include "domain/campaign.h"

static const char *val(const struct crm_ctx *ctx, char **row, const char *name)
{
	return row[crm_schema_field(ctx->s, name)];
}

/* Refuses a lead that is converted (or, unless allowed, disqualified); 0 or an exit code. */
static int refuse_lead(struct crm_ctx *ctx, const char *id, char **lead, int allow_unqualified)
{
	const char *status = val(ctx, lead, "status");
	if (status && (!strcmp(status, "converted") ||
	               (!allow_unqualified && !strcmp(status, "unqualified")))) {
		crm_warn(_("lead %s is %s"), id,
		         !strcmp(status, "converted") ? "already converted" : "disqualified");
		return CRM_EXIT_DATA;
	}
	return 0;
}

/* Loads a lead and refuses one that is converted (or, unless allowed, disqualified). */
static char **open_lead(struct crm_ctx *ctx, const char *id, int allow_unqualified, int *rc)
{
	char **lead = rec_load(ctx, id, rc);
	if (!*rc)
		*rc = refuse_lead(ctx, id, lead, allow_unqualified);
	if (*rc) {
		db_row_free(ctx->s, lead);
		return NULL;
	}
	return lead;
}

/* A disqualified lead can be qualified again; a converted one is done with. */
static int check_lead(struct crm_ctx *ctx, const struct crm_transition *t, const char *id,
                      char **lead)
{
	return refuse_lead(ctx, id, lead, !strcmp(t->value, "qualified"));
}

/* qualify clears the reason it was disqualified for, unless --reason gives one */
static const struct crm_transition qualify = {.field = "status",
                                              .value = "qualified",
                                              .reason = "reason",
                                              .clear_reason = 1,
                                              .check = check_lead};
static const struct crm_transition disqualify = {
    .field = "status", .value = "unqualified", .reason = "reason", .check = check_lead};

int crm_verb_qualify(struct crm_ctx *ctx, int argc, char **argv)
{
	return rec_transition(ctx, argc, argv, &qualify);
}

int crm_verb_disqualify(struct crm_ctx *ctx, int argc, char **argv)
{
	return rec_transition(ctx, argc, argv, &disqualify);
}

/* Round robin: the leads read, in order, go to each owner in turn. */
/* The setting that remembers whose turn it is for one list of owners. */
struct turn {
	const char *key;
	long next;
};

static int turn_row(void *arg, const char *const *vals, int n)
{
	struct turn *t = arg;
	if (n >= 2 && !strcmp(vals[0], t->key) && vals[1])
		t->next = atol(vals[1]);
	return 0;
}

/*
 * assign ID... --to ana,luis: round robin that goes on where the last run
 * with the same list stopped, so a cron job that assigns new leads every few
 * minutes shares them out evenly instead of giving each batch's first to ana.
 */
int crm_verb_assign(struct crm_ctx *ctx, int argc, char **argv)
{
	struct crm_strv ids = CRM_STRV_INIT, words = CRM_STRV_INIT, owners = CRM_STRV_INIT;
	crm_strv_split(&owners, ctx->o.to ? ctx->o.to : "", ',');
	int rc = owners.n ? 0 : cli_usage_error(ctx, _("give the owners: --to ana,luis"));
	if (!rc)
		rc = cli_targets(ctx, argc, argv, 0, &ids, &words);
	if (!rc && words.n)
		rc = cli_usage_error(ctx, _("not a record id '%s'"), words.v[0]);
	if (!rc)
		rc = rec_check_ids(ctx, &ids);
	char *key = crm_xasprintf("assign.%s.%s", ctx->ent->name, ctx->o.to ? ctx->o.to : "");
	struct turn t = {key, 0};
	int failed = !rc && ids.n && db_settings(ctx->db, key, turn_row, &t) < 0;
	for (int i = 0; !rc && !failed && i < ids.n; i++) {
		struct crm_strv one = CRM_STRV_INIT;
		crm_strv_push(&one, ids.v[i]);
		char *w = crm_xasprintf("owner=%s", owners.v[(t.next + i) % owners.n]);
		rc = rec_set_words(ctx, &one, 1, &w);
		free(w);
		crm_strv_release(&one);
	}
	if (!rc && !failed && ids.n) {
		char next[32];
		snprintf(next, sizeof next, "%ld", (t.next + ids.n) % owners.n);
		failed = db_setting_set(ctx->db, key, next) < 0;
	}
	if (failed) {
		crm_warn("%s", db_error(ctx->db));
		rc = CRM_EXIT_DB;
	}
	free(key);
	if (!rc && !ids.n)
		rc = CRM_EXIT_NOMATCH;
	crm_strv_release(&ids);
	crm_strv_release(&words);
	crm_strv_release(&owners);
	return rc;
}

/* ------------------------------------------------------------- convert */

/* A record built from (field, value) pairs of another entity, created through the core. */
static long long create(struct crm_ctx *sub, const char *const *pairs, int n, char **err)
{
	char **vals = crm_xcalloc(sub->s->nfields, sizeof(char *));
	for (int i = 0; i < n; i += 2) {
		int f = crm_schema_field(sub->s, pairs[i]);
		if (f >= 0 && pairs[i + 1] && *pairs[i + 1]) {
			free(vals[f]);
			vals[f] = crm_xstrdup(pairs[i + 1]);
		}
	}
	long long id = rec_create(sub, vals, err);
	db_row_free(sub->s, vals);
	return id;
}

/* Fills the empty fields of an existing record from (field, value) pairs; says which. */
static int fill_empty(struct crm_ctx *sub, long long id, const char *const *pairs, int n,
                      struct crm_buf *filled, char **err)
{
	char **cur = db_get(sub->db, sub->s, id, NULL);
	sub->touched = 0;
	int rc = 0;
	for (int i = 0; i < n && !rc && cur; i += 2) {
		int f = crm_schema_field(sub->s, pairs[i]);
		if (f < 0 || cur[f] || !pairs[i + 1] || !*pairs[i + 1])
			continue;
		int r = rec_change(sub, id, cur, f, pairs[i + 1], err);
		rc = r == -1 ? CRM_EXIT_DATA : r == -2 ? CRM_EXIT_DB : 0;
		if (r == 1)
			crm_buf_printf(filled, "%s%s", filled->len ? ", " : "", pairs[i]);
	}
	if (!rc && cur)
		rc = rec_finish(sub, id, cur, NULL, err);
	db_row_free(sub->s, cur);
	return rc;
}

struct conversion {
	struct crm_ctx *ctx;
	long long id; /* the lead's */
	char **lead;
	long long account, contact, opp, task, log;
	const char *how_account, *how_contact;
	struct crm_buf filled_account, filled_contact;
};

/* 1 if a web address is on exactly this domain: https://www.acme.es/x and acme.es. */
static int same_host(const char *url, const char *domain)
{
	if (!url)
		return 0;
	const char *h = strstr(url, "://");
	h = h ? h + 3 : url;
	if (!strncasecmp(h, "www.", 4))
		h += 4;
	size_t n = strcspn(h, "/:?#");
	return n == strlen(domain) && !strncasecmp(h, domain, n);
}

/* An account whose name, or else whose web domain, matches the lead's. */
static long long matching_account(struct conversion *cv, struct crm_ctx *ac, char **err)
{
	const char *company = val(cv->ctx, cv->lead, "company");
	const char *email = val(cv->ctx, cv->lead, "email");
	struct crm_strv cands = CRM_STRV_INIT;
	long long id = 0;
	int r = company ? db_resolve(ac->db, ac->s, company, &id, &cands) : 1;
	if (r == 2) {
		struct crm_buf b = CRM_BUF_INIT;
		for (int i = 0; i < cands.n; i++)
			crm_buf_printf(&b, "%s%s", i ? "; " : "", cands.v[i]);
		*err =
		    crm_xasprintf(_("company: '%s' matches several accounts (%s): say which with "
		                    "--account ID, or crm-lead set %lld account=ID"),
		                  company, crm_buf_str(&b), cv->id);
		crm_buf_release(&b);
	}
	crm_strv_release(&cands);
	if (r != 1)
		return r == 0 ? id : -1;
	const char *domain = email ? strchr(email, '@') : NULL;
	if (!domain)
		return 0;
	struct crm_term t = {
	    .kind = CRM_TERM_FIELD, .field = crm_schema_field(ac->s, "website"), .op = CRM_OP_LIKE};
	crm_strv_push(&t.values, domain + 1);
	struct crm_filter f = {&t, 1, 0};
	struct crm_strv ids = CRM_STRV_INIT;
	struct db_query q = {.s = ac->s, .filter = &f, .sort_field = -1};
	db_select(ac->db, &q, cli_push_id, &ids);
	id = 0;
	int same = 0;
	for (int i = 0; i < ids.n; i++) {
		char **acc = db_get(ac->db, ac->s, atoll(ids.v[i]), NULL);
		if (acc && same_host(acc[crm_schema_field(ac->s, "website")], domain + 1)) {
			id = atoll(ids.v[i]);
			same++;
		}
		db_row_free(ac->s, acc);
	}
	crm_strv_release(&t.values);
	crm_strv_release(&ids);
	return same == 1 ? id : 0; /* two matches: not sure enough to link */
}

/*
 * The account a person chose: --account, else the lead's own account field
 * (set before converting); 0 when neither says, -1 when --account is wrong.
 */
static long long chosen_account(struct conversion *cv, char **err)
{
	struct crm_ctx *ctx = cv->ctx;
	int f = rec_field(ctx, "account");
	if (!ctx->o.account)
		return db_ref_id(ctx->db, ctx->s, cv->id, f);
	char *id = NULL;
	if (crm_value_normal(ctx->db, &ctx->s->fields[f], ctx->o.account, &id, err) < 0 || !id) {
		free(id);
		if (!*err)
			*err = crm_xasprintf(_("--account: no account '%s'"), ctx->o.account);
		return -1;
	}
	long long n = atoll(id);
	free(id);
	return n;
}

static int convert_account(struct conversion *cv, char **err)
{
	struct crm_ctx ac = rec_other(cv->ctx, &crm_entity_account);
	struct crm_ctx *ctx = cv->ctx;
	const char *pairs[] = {
	    "name",  val(ctx, cv->lead, "company"), "website", val(ctx, cv->lead, "website"),
	    "city",  val(ctx, cv->lead, "city"),    "country", val(ctx, cv->lead, "country"),
	    "owner", val(ctx, cv->lead, "owner")};
	long long id = chosen_account(cv, err);
	if (id == 0)
		id = matching_account(cv, &ac, err);
	if (id < 0)
		return CRM_EXIT_DATA;
	int rc = 0;
	if (id > 0) {
		cv->how_account = "existing";
		rc = fill_empty(&ac, id, pairs + 2, 6, &cv->filled_account, err);
	} else if (pairs[1]) {
		cv->how_account = "new";
		id = create(&ac, pairs, 10, err);
		rc = id ? 0 : *err ? CRM_EXIT_DATA : CRM_EXIT_DB;
	}
	ctx->changed = ac.changed;
	cv->account = id;
	return rc;
}

static int convert_contact(struct conversion *cv, char **err)
{
	struct crm_ctx cc = rec_other(cv->ctx, &crm_entity_contact);
	struct crm_ctx *ctx = cv->ctx;
	char account[32] = "";
	if (cv->account)
		snprintf(account, sizeof account, "%lld", cv->account);
	const char *email = val(ctx, cv->lead, "email");
	const char *pairs[] = {"email",      email,
	                       "first_name", val(ctx, cv->lead, "first_name"),
	                       "last_name",  val(ctx, cv->lead, "last_name"),
	                       "title",      val(ctx, cv->lead, "title"),
	                       "phone",      val(ctx, cv->lead, "phone"),
	                       "account",    account,
	                       "city",       val(ctx, cv->lead, "city"),
	                       "country",    val(ctx, cv->lead, "country"),
	                       "source",     val(ctx, cv->lead, "source"),
	                       "owner",      val(ctx, cv->lead, "owner")};
	long long id =
	    email ? db_find_unique(cc.db, cc.s, crm_schema_field(cc.s, "email"), email, 0) : 0;
	int rc;
	if (id > 0) {
		cv->how_contact = "existing";
		rc = fill_empty(&cc, id, pairs + 2, 18, &cv->filled_contact, err);
	} else {
		cv->how_contact = "new";
		id = create(&cc, pairs, 20, err);
		rc = id ? 0 : *err ? CRM_EXIT_DATA : CRM_EXIT_DB;
	}
	/* whoever said no to marketing as a lead says it as a contact too */
	const char *optout = val(ctx, cv->lead, "optout");
	if (!rc && id && optout && !strcmp(optout, "yes")) {
		const char *no[] = {"optout", "yes"};
		char **row = db_get(cc.db, cc.s, id, NULL);
		rc = row ? rec_set(&cc, id, row, no[0], no[1], err) : 0;
		if (!rc && row)
			rc = rec_finish(&cc, id, row, NULL, err);
		db_row_free(cc.s, row);
	}
	ctx->changed = cc.changed;
	cv->contact = id;
	return rc;
}

/* The opportunity: --opp words, with the account, contact and a name by default. */
static int convert_opp(struct conversion *cv, struct crm_strv *words, char **err)
{
	struct crm_ctx oc = rec_other(cv->ctx, &crm_entity_opp);
	struct crm_assigns as = {NULL, 0};
	int rc = crm_assigns_parse(oc.db, oc.s, words->n, words->v, &as, err);
	if (rc)
		return rc;
	char **vals = crm_xcalloc(oc.s->nfields, sizeof(char *));
	for (int i = 0; i < as.n; i++) {
		free(vals[as.a[i].field]);
		vals[as.a[i].field] = crm_tags_apply(NULL, as.a[i].op, as.a[i].value);
	}
	int fa = crm_schema_field(oc.s, "account"), fc = crm_schema_field(oc.s, "contact");
	int fn = crm_schema_field(oc.s, "name"), fo = crm_schema_field(oc.s, "owner");
	if (!vals[fo] && val(cv->ctx, cv->lead, "owner"))
		vals[fo] = crm_xstrdup(val(cv->ctx, cv->lead, "owner"));
	if (!vals[fa] && cv->account)
		vals[fa] = crm_xasprintf("%lld", cv->account);
	if (!vals[fc] && cv->contact)
		vals[fc] = crm_xasprintf("%lld", cv->contact);
	/* the deal keeps the lead's attribution: the campaign and partner that brought it */
	static const char *const carried[] = {"campaign", "partner"};
	long long lead = atoll(val(cv->ctx, cv->lead, "id"));
	for (size_t k = 0; k < sizeof carried / sizeof carried[0]; k++) {
		int f = crm_schema_field(oc.s, carried[k]);
		long long ref = db_ref_id(oc.db, cv->ctx->s, lead, rec_field(cv->ctx, carried[k]));
		if (!vals[f] && ref)
			vals[f] = crm_xasprintf("%lld", ref);
	}
	if (!vals[fn]) {
		const char *company = val(cv->ctx, cv->lead, "company");
		const char *last = val(cv->ctx, cv->lead, "last_name");
		vals[fn] = crm_xstrdup(company ? company : last ? last : "new business");
	}
	cv->opp = rec_create(&oc, vals, err);
	rc = cv->opp ? 0 : *err ? CRM_EXIT_DATA : CRM_EXIT_DB;
	cv->ctx->changed = oc.changed;
	db_row_free(oc.s, vals);
	crm_assigns_release(&as);
	return rc;
}

/* The lead remembers what it became. */
static int mark_converted(struct conversion *cv, long long id, char **err)
{
	struct crm_ctx *ctx = cv->ctx;
	struct crm_strv one = CRM_STRV_INIT, w = CRM_STRV_INIT;
	crm_strv_push_owned(&one, crm_xasprintf("%lld", id));
	crm_strv_push(&w, "status=converted");
	if (cv->account)
		crm_strv_push_owned(&w, crm_xasprintf("account=%lld", cv->account));
	if (cv->contact)
		crm_strv_push_owned(&w, crm_xasprintf("contact=%lld", cv->contact));
	if (cv->opp)
		crm_strv_push_owned(&w, crm_xasprintf("opp=%lld", cv->opp));
	int rc = rec_set_words(ctx, &one, w.n, w.v);
	(void)err;
	crm_strv_release(&one);
	crm_strv_release(&w);
	return rc;
}

static void report(struct conversion *cv, long long id)
{
	if (!cv->ctx->o.dry_run) {
		printf("lead %lld:", id);
		if (cv->account)
			printf(" account %lld (%s)", cv->account, cv->how_account);
		printf(" contact %lld (%s)", cv->contact, cv->how_contact);
		if (cv->opp)
			printf(" opp %lld (new)", cv->opp);
		if (cv->task)
			printf(" task %lld (new)", cv->task);
		if (cv->log)
			printf(" interaction %lld (new)", cv->log);
		printf("\n");
	}
	if (cv->filled_account.len && !cv->ctx->o.quiet)
		crm_warn(_("lead %lld: filled empty fields of account %lld: %s"), id, cv->account,
		         crm_buf_str(&cv->filled_account));
	if (cv->filled_contact.len && !cv->ctx->o.quiet)
		crm_warn(_("lead %lld: filled empty fields of contact %lld: %s"), id, cv->contact,
		         crm_buf_str(&cv->filled_contact));
}

/* --task/--log: a first task or interaction about the new contact, in the same run. */
static int convert_activity(struct conversion *cv, const struct crm_entity *ent, const char *spec,
                            char **err)
{
	struct crm_ctx ac = rec_other(cv->ctx, ent);
	struct crm_strv words = CRM_STRV_INIT;
	struct crm_assigns as = {NULL, 0};
	int rc = 0;
	if (crm_split_words(spec, &words) < 0) {
		*err = crm_xasprintf(_("--%s: a quote is not closed in '%s'"),
		                     ent == &crm_entity_task ? "task" : "log", spec);
		rc = CRM_EXIT_USAGE;
	}
	if (!rc)
		rc = crm_assigns_parse(ac.db, ac.s, words.n, words.v, &as, err);
	char **vals = crm_xcalloc(ac.s->nfields, sizeof(char *));
	for (int i = 0; i < as.n; i++) {
		free(vals[as.a[i].field]);
		vals[as.a[i].field] = crm_tags_apply(NULL, as.a[i].op, as.a[i].value);
	}
	static const char *const links[] = {"contact", "account", "opp"};
	long long ids[] = {cv->contact, cv->account, cv->opp};
	for (int k = 0; k < 3; k++) {
		int f = crm_schema_field(ac.s, links[k]);
		if (!vals[f] && ids[k])
			vals[f] = crm_xasprintf("%lld", ids[k]);
	}
	int fo = crm_schema_field(ac.s, "owner");
	if (!vals[fo] && val(cv->ctx, cv->lead, "owner"))
		vals[fo] = crm_xstrdup(val(cv->ctx, cv->lead, "owner"));
	long long id = rc ? 0 : rec_create(&ac, vals, err);
	if (!rc && !id)
		rc = *err ? CRM_EXIT_DATA : CRM_EXIT_DB;
	if (id && ent == &crm_entity_task)
		cv->task = id;
	else if (id)
		cv->log = id;
	db_row_free(ac.s, vals);
	crm_assigns_release(&as);
	crm_strv_release(&words);
	return rc;
}

static int convert_one(struct crm_ctx *ctx, const char *id, struct crm_strv *opp_words)
{
	int rc;
	char **lead = open_lead(ctx, id, 0, &rc);
	if (!lead)
		return rc;
	struct conversion cv = {.ctx = ctx, .id = atoll(id), .lead = lead};
	char *err = NULL;
	struct crm_strv amend = CRM_STRV_INIT;
	/* pre-convert may refuse; what it prints is not applied: a conversion has no fields */
	rc = hook_pre(ctx, HOOK_CONVERT, atoll(id), lead, NULL, &amend, &err);
	crm_strv_release(&amend);
	if (!rc)
		rc = convert_account(&cv, &err);
	if (!rc)
		rc = convert_contact(&cv, &err);
	if (!rc && ctx->o.opp)
		rc = convert_opp(&cv, opp_words, &err);
	if (!rc && ctx->o.task)
		rc = convert_activity(&cv, &crm_entity_task, ctx->o.task, &err);
	if (!rc && ctx->o.log)
		rc = convert_activity(&cv, &crm_entity_interaction, ctx->o.log, &err);
	if (!rc)
		rc = mark_converted(&cv, atoll(id), &err);
	if (!rc)
		rc = crm_members_converted(ctx, atoll(id));
	if (err)
		crm_warn(_("lead %s: %s; nothing converted"), id, err);
	if (!rc) {
		char **now = db_get(ctx->db, ctx->s, atoll(id), NULL);
		hook_post(ctx, HOOK_CONVERT, atoll(id), lead, now);
		db_row_free(ctx->s, now);
		report(&cv, atoll(id));
	}
	free(err);
	crm_buf_release(&cv.filled_account);
	crm_buf_release(&cv.filled_contact);
	db_row_free(ctx->s, lead);
	return rc;
}

int crm_verb_convert(struct crm_ctx *ctx, int argc, char **argv)
{
	struct crm_strv ids = CRM_STRV_INIT, words = CRM_STRV_INIT;
	int rc = cli_targets(ctx, argc, argv, 0, &ids, &words);
	if (!rc && words.n && !ctx->o.opp)
		rc = cli_usage_error(ctx,
		                     _("field=value words describe the opportunity: add --opp"));
	/* every lead is checked before any is converted: all or nothing */
	for (int i = 0; !rc && i < ids.n; i++) {
		char **lead = open_lead(ctx, ids.v[i], 0, &rc);
		db_row_free(ctx->s, lead);
	}
	for (int i = 0; !rc && i < ids.n; i++) {
		long leads = ctx->changed;
		rc = convert_one(ctx, ids.v[i], &words);
		ctx->changed = leads + 1; /* the summary counts leads */
	}
	if (!rc && !ids.n)
		rc = CRM_EXIT_NOMATCH;
	crm_strv_release(&ids);
	crm_strv_release(&words);
	return rc;
}
