/*
 * campaign.c - marketing: campaigns and their members (contacts or leads,
 * never one who opted out), the mail-merge list, attribution of leads and
 * opportunities, and the return on each campaign.  Partners, the accounts
 * that bring leads and work deals, are checked here too.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "domain/campaign.h"
#include "base/money.h"
#include "core/verbs.h"

static const char *val(const struct crm_ctx *ctx, char **row, const char *name)
{
	return row[rec_field(ctx, name)];
}

/* ------------------------------------------------------------- the rules */

int crm_campaign_after_write(struct crm_ctx *ctx, long long id, char **cur, const char *assigned,
                             char **err)
{
	(void)id, (void)assigned;
	const char *start = val(ctx, cur, "start"), *end = val(ctx, cur, "end");
	if (start && end && strcmp(end, start) < 0) {
		*err = crm_xasprintf(_("end: before the start (%s) '%s'"), start, end);
		return CRM_EXIT_DATA;
	}
	return 0;
}

int crm_check_partner(struct crm_ctx *ctx, long long id, char **cur, const char *assigned,
                      char **err)
{
	int f = rec_field(ctx, "partner");
	if (!cur[f] || !assigned[f])
		return 0;
	const struct crm_schema *as = db_schema(ctx->db, &crm_entity_account);
	/* cur holds the name or, just set, the id: the row has the id */
	char **acc = db_get(ctx->db, as, db_ref_id(ctx->db, ctx->s, id, f), NULL);
	const char *type = acc ? acc[crm_schema_field(as, "type")] : NULL;
	int rc = 0;
	if (!type || strcmp(type, "partner")) {
		*err = crm_xasprintf(_("partner: '%s' is not a partner account (its type is %s)"),
		                     acc ? acc[crm_schema_field(as, "name")] : cur[f],
		                     type ? type : "not set");
		rc = CRM_EXIT_DATA;
	}
	db_row_free(as, acc);
	return rc;
}

int crm_lead_after_write(struct crm_ctx *ctx, long long id, char **cur, const char *assigned,
                         char **err)
{
	return crm_check_partner(ctx, id, cur, assigned, err);
}

/* Unsubscribing from a campaign is opting out of marketing, for a contact or a lead. */
static int opt_out(struct crm_ctx *ctx, const struct crm_entity *ent, long long person, char **err)
{
	struct crm_ctx pc = rec_other(ctx, ent);
	char **row = db_get(pc.db, pc.s, person, NULL);
	if (!row)
		return 0;
	int rc = rec_set(&pc, person, row, "optout", "yes", err);
	if (!rc)
		rc = rec_finish(&pc, person, row, NULL, err);
	db_row_free(pc.s, row);
	return rc;
}

/* How far a member got: a person in a campaign twice keeps the furthest. */
static int member_rank(const char *status)
{
	static const char *const order[] = {"targeted",  "sent",         "responded",
	                                    "converted", "unsubscribed", NULL};
	for (int i = 0; status && order[i]; i++)
		if (!strcmp(status, order[i]))
			return i;
	return 0;
}

struct twin {
	long long self, other;
};

static int first_twin(void *arg, const char *const *vals)
{
	struct twin *t = arg;
	long long id = atoll(vals[0]);
	if (id != t->self && !t->other)
		t->other = id;
	return 0;
}

/*
 * One membership per person and campaign: when a member comes to name a
 * person already in the campaign (a merge moves the dropped contact's
 * memberships to the kept one), the two become one, the one there before,
 * at the furthest status of both, so nobody gets the mailing twice and an
 * unsubscribe is never lost.
 */
static int join_twin(struct crm_ctx *ctx, long long id, char **cur, const char *who, char **err)
{
	int fw = rec_field(ctx, who), fc = rec_field(ctx, "campaign");
	char *w[] = {crm_xasprintf("%s=%lld", who, db_ref_id(ctx->db, ctx->s, id, fw)),
	             crm_xasprintf("campaign=%lld", db_ref_id(ctx->db, ctx->s, id, fc))};
	struct crm_filter f = {NULL, 0, 0};
	struct twin t = {id, 0};
	int rc = crm_filter_parse(ctx->db, ctx->s, 2, w, &f, err) ? CRM_EXIT_DATA : 0;
	struct db_query q = {.s = ctx->s, .filter = &f, .sort_field = 0};
	if (!rc && db_select(ctx->db, &q, first_twin, &t) < 0)
		rc = CRM_EXIT_DB;
	char **other = !rc && t.other ? db_get(ctx->db, ctx->s, t.other, NULL) : NULL;
	if (other) {
		const char *mine = val(ctx, cur, "status");
		if (member_rank(mine) > member_rank(val(ctx, other, "status"))) {
			rc = rec_set(ctx, t.other, other, "status", mine, err);
			if (!rc)
				rc = rec_touch(ctx, t.other) < 0 ? CRM_EXIT_DB : 0;
		}
		if (!rc)
			rc = rec_delete(ctx, id, "rm");
	}
	if (rc == CRM_EXIT_DB && !*err)
		crm_warn("%s", db_error(ctx->db));
	db_row_free(ctx->s, other);
	crm_filter_release(&f);
	free(w[0]);
	free(w[1]);
	return rc;
}

int crm_member_after_write(struct crm_ctx *ctx, long long id, char **cur, const char *assigned,
                           char **err)
{
	const char *contact = val(ctx, cur, "contact"), *lead = val(ctx, cur, "lead");
	if (!contact == !lead) {
		*err = crm_xstrdup(_("contact: a member is a contact or a lead, one of them"));
		return CRM_EXIT_DATA;
	}
	const char *status = val(ctx, cur, "status");
	const char *who = contact ? "contact" : "lead";
	int rc = 0;
	if (status && !strcmp(status, "unsubscribed") && assigned[rec_field(ctx, "status")])
		rc = opt_out(ctx, contact ? &crm_entity_contact : &crm_entity_lead,
		             db_ref_id(ctx->db, ctx->s, id, rec_field(ctx, who)), err);
	if (!rc && (assigned[rec_field(ctx, "contact")] || assigned[rec_field(ctx, "lead")]))
		rc = join_twin(ctx, id, cur, who, err);
	return rc;
}

/* ------------------------------------------------------------ members */

int crm_members_converted(struct crm_ctx *ctx, long long lead)
{
	struct crm_ctx mc = rec_other(ctx, &crm_entity_member);
	char *w[] = {crm_xasprintf("lead=%lld", lead), "status=targeted,sent,responded"};
	struct crm_filter f = {NULL, 0, 0};
	struct crm_strv ids = CRM_STRV_INIT;
	char *err = NULL, *to = "status=converted";
	int rc = crm_filter_parse(mc.db, mc.s, 2, w, &f, &err) ? CRM_EXIT_DATA : 0;
	struct db_query q = {.s = mc.s, .filter = &f, .sort_field = 0};
	if (!rc && db_select(mc.db, &q, cli_push_id, &ids) < 0) {
		crm_warn("%s", db_error(mc.db));
		rc = CRM_EXIT_DB;
	}
	if (!rc && ids.n)
		rc = rec_set_words(&mc, &ids, 1, &to);
	free(err);
	free(w[0]);
	crm_filter_release(&f);
	crm_strv_release(&ids);
	return rc;
}

/* The campaign a verb names first, by id or name; 0 or an exit code. */
static int find_campaign(struct crm_ctx *ctx, const char *name, long long *id)
{
	struct crm_strv cands = CRM_STRV_INIT;
	int r = db_resolve(ctx->db, ctx->s, name, id, &cands);
	if (r == 2)
		crm_warn(_("'%s' matches several campaigns; use the id"), name);
	else if (r)
		crm_warn(_("no campaign '%s'"), name);
	crm_strv_release(&cands);
	return r == 0 ? 0 : r == 2 ? CRM_EXIT_DATA : CRM_EXIT_NOMATCH;
}

/* Who the ids on standard input are: contacts, or leads with --about lead. */
static const struct crm_entity *member_kind(struct crm_ctx *ctx, int *rc)
{
	const char *about = ctx->o.about ? ctx->o.about : "contact";
	*rc = 0;
	if (!strcmp(about, "contact"))
		return &crm_entity_contact;
	if (!strcmp(about, "lead"))
		return &crm_entity_lead;
	*rc = cli_usage_error(ctx, _("--about: members are contacts or leads, not '%s'"), about);
	return NULL;
}

/* The id of the member of campaign that is this person; 0 if none, -1 on error. */
static long long member_of(struct crm_ctx *mc, long long campaign, const char *kind,
                           const char *person)
{
	char *w[] = {crm_xasprintf("campaign=%lld", campaign),
	             crm_xasprintf("%s=%s", kind, person)};
	struct crm_filter f = {NULL, 0, 0};
	struct crm_strv ids = CRM_STRV_INIT;
	char *err = NULL;
	long long id = -1;
	if (crm_filter_parse(mc->db, mc->s, 2, w, &f, &err) == 0) {
		struct db_query q = {.s = mc->s, .filter = &f, .sort_field = 0, .limit = 1};
		if (db_select(mc->db, &q, cli_push_id, &ids) >= 0)
			id = ids.n ? atoll(ids.v[0]) : 0;
	}
	free(err);
	free(w[0]);
	free(w[1]);
	crm_filter_release(&f);
	crm_strv_release(&ids);
	return id;
}

struct skips {
	long optout, dup, noemail;
};

/* Why a person is not added: opted out, already in, no address to mail; NULL to add. */
static const char *skip_reason(struct crm_ctx *pc, char **person, int email_campaign,
                               long long already, struct skips *sk)
{
	int fo = rec_field(pc, "optout"), fe = rec_field(pc, "email");
	if (already)
		return sk->dup++, "already a member";
	if (fo >= 0 && person[fo] && !strcmp(person[fo], "yes"))
		return sk->optout++, "opted out of marketing";
	if (email_campaign && !person[fe])
		return sk->noemail++, "no e-mail address";
	return NULL;
}

static void report_adds(struct crm_ctx *ctx, const char *campaign, long added,
                        const struct skips *sk)
{
	if (ctx->o.quiet || ctx->o.dry_run)
		return;
	long skipped = sk->optout + sk->dup + sk->noemail;
	struct crm_buf why = CRM_BUF_INIT;
	if (sk->optout)
		crm_buf_printf(&why, _("%ld opted out"), sk->optout);
	if (sk->dup) {
		crm_buf_puts(&why, why.len ? ", " : "");
		crm_buf_printf(&why, P_("%ld already a member", "%ld already members", sk->dup),
		               sk->dup);
	}
	if (sk->noemail) {
		crm_buf_puts(&why, why.len ? ", " : "");
		crm_buf_printf(&why, _("%ld without e-mail"), sk->noemail);
	}
	crm_warn(_("%s: %ld added, %ld skipped%s%s%s"), campaign, added, skipped,
	         skipped ? " (" : "", crm_buf_str(&why), skipped ? ")" : "");
	crm_buf_release(&why);
}

/* member add CAMPAIGN ID...|-: contacts (or leads) join, but none who opted out. */
static int member_add(struct crm_ctx *ctx, struct crm_ctx *mc, long long campaign, char **camp,
                      struct crm_strv *ids)
{
	int rc;
	const struct crm_entity *kind = member_kind(ctx, &rc);
	if (rc)
		return rc;
	struct crm_ctx pc = rec_other(ctx, kind);
	if ((rc = rec_check_ids(&pc, ids)))
		return rc;
	const char *channel = val(ctx, camp, "channel");
	int email = channel && !strcmp(channel, "email");
	struct skips sk = {0, 0, 0};
	long added = 0;
	for (int i = 0; !rc && i < ids->n; i++) {
		char **person = db_get(pc.db, pc.s, atoll(ids->v[i]), NULL);
		long long already = member_of(mc, campaign, kind->name, ids->v[i]);
		const char *why =
		    already < 0 ? NULL : skip_reason(&pc, person, email, already, &sk);
		if (already < 0) {
			crm_warn("%s", db_error(ctx->db));
			rc = CRM_EXIT_DB;
		} else if (why) {
			char *label = db_label(pc.db, pc.s, atoll(ids->v[i]));
			if (!ctx->o.quiet)
				crm_warn(_("%s %s (%s): skipped: %s"), kind->name, ids->v[i],
				         label && *label ? label : "no name", why);
			free(label);
		} else {
			char **vals = crm_xcalloc(mc->s->nfields, sizeof(char *));
			char *err = NULL;
			vals[rec_field(mc, "campaign")] = crm_xasprintf("%lld", campaign);
			vals[rec_field(mc, kind->name)] = crm_xstrdup(ids->v[i]);
			if (!rec_create(mc, vals, &err)) {
				if (err)
					crm_warn("%s", err);
				rc = err ? CRM_EXIT_DATA : CRM_EXIT_DB;
			}
			free(err);
			db_row_free(mc->s, vals);
			added++;
		}
		db_row_free(pc.s, person);
	}
	if (!rc)
		report_adds(ctx, val(ctx, camp, "name"), added, &sk);
	return rc;
}

/* The members that are these people; a person who is not one is an error. */
static int members_of(struct crm_ctx *ctx, struct crm_ctx *mc, long long campaign,
                      struct crm_strv *people, struct crm_strv *ids)
{
	int rc;
	const struct crm_entity *kind = member_kind(ctx, &rc);
	for (int i = 0; !rc && i < people->n; i++) {
		long long m = member_of(mc, campaign, kind->name, people->v[i]);
		if (m < 0) {
			crm_warn("%s", db_error(ctx->db));
			rc = CRM_EXIT_DB;
		} else if (!m) {
			crm_warn(_("%s %s is not a member of campaign %lld"), kind->name,
			         people->v[i], campaign);
			rc = CRM_EXIT_DATA;
		} else
			crm_strv_push_owned(ids, crm_xasprintf("%lld", m));
	}
	return rc;
}

/* Runs a generic verb (list, rm) on the members. */
static int generic(struct crm_ctx *mc, const char *name, struct crm_strv *words)
{
	for (const struct crm_verb *g = crm_generic_verbs; g->name; g++)
		if (!strcmp(g->name, name))
			return g->fn(mc, words->n, words->v);
	return CRM_EXIT_USAGE;
}

/*
 * member add|set|rm CAMPAIGN ID...|- [status=...], member list CAMPAIGN
 * [FILTER]: the ids are of the people (contacts, or leads with --about lead).
 */
int crm_verb_member(struct crm_ctx *ctx, int argc, char **argv)
{
	const char *sub = argc ? argv[0] : "";
	int add = !strcmp(sub, "add"), set = !strcmp(sub, "set"), rm = !strcmp(sub, "rm"),
	    list = !strcmp(sub, "list");
	if (argc < 2 || !(add || set || rm || list))
		return cli_usage_error(ctx,
		                       _("expected add|set|rm CAMPAIGN ID...|- [status=...], or "
		                         "list CAMPAIGN [FILTER...]"));
	long long campaign = 0;
	int rc = find_campaign(ctx, argv[1], &campaign);
	if (rc)
		return rc;
	struct crm_ctx mc = rec_other(ctx, &crm_entity_member);
	struct crm_strv people = CRM_STRV_INIT, words = CRM_STRV_INIT, ids = CRM_STRV_INIT;
	if (list) {
		crm_strv_push_owned(&words, crm_xasprintf("campaign=%lld", campaign));
		for (int i = 2; i < argc; i++)
			crm_strv_push(&words, argv[i]);
		rc = generic(&mc, "list", &words);
	} else
		rc = cli_targets(ctx, argc - 2, argv + 2, 0, &people, &words);
	if (!rc && !list && !people.n)
		rc = CRM_EXIT_NOMATCH;
	if (!rc && (add || rm) && words.n)
		rc = cli_usage_error(ctx, _("not an id '%s'"), words.v[0]);
	if (!rc && set && !words.n)
		rc = cli_usage_error(ctx, _("nothing to set (give status=...)"));
	char **camp = rc || list ? NULL : db_get(ctx->db, ctx->s, campaign, NULL);
	if (!rc && add)
		rc = member_add(ctx, &mc, campaign, camp, &people);
	if (!rc && (set || rm))
		rc = members_of(ctx, &mc, campaign, &people, &ids);
	if (!rc && set)
		rc = rec_set_words(&mc, &ids, words.n, words.v);
	if (!rc && rm)
		rc = generic(&mc, "rm", &ids);
	ctx->changed = mc.changed;
	ctx->counted = &crm_entity_member;
	db_row_free(ctx->s, camp);
	crm_strv_release(&people);
	crm_strv_release(&words);
	crm_strv_release(&ids);
	return rc;
}

/* --------------------------------------------------- the mail-merge list */

struct merge {
	struct crm_ctx *ctx, *mc;
	struct crm_printer *p;
	long rows, left_out;
};

/* One line of the mailing list from a member: the person's own fields. */
static int merge_row(void *arg, const char *const *vals)
{
	struct merge *m = arg;
	struct crm_ctx *mc = m->mc;
	long long id = atoll(vals[0]);
	long long contact = db_ref_id(mc->db, mc->s, id, rec_field(mc, "contact"));
	long long lead = db_ref_id(mc->db, mc->s, id, rec_field(mc, "lead"));
	const struct crm_schema *ps =
	    db_schema(mc->db, contact ? &crm_entity_contact : &crm_entity_lead);
	char **p = db_get(mc->db, ps, contact ? contact : lead, NULL);
	const char *status = vals[rec_field(mc, "status")];
	int fo = crm_schema_field(ps, "optout");
	/* who opted out since, or unsubscribed, is never mailed */
	if (!p || (fo >= 0 && p[fo] && !strcmp(p[fo], "yes")) ||
	    (status && !strcmp(status, "unsubscribed"))) {
		m->left_out += p != NULL;
		db_row_free(ps, p);
		return 0;
	}
	char pid[32];
	snprintf(pid, sizeof pid, "%lld", contact ? contact : lead);
	const char *company = p[crm_schema_field(ps, contact ? "account" : "company")];
	int fl = crm_schema_field(ps, "language");
	const char *row[] = {pid,
	                     ps->ent->name,
	                     p[crm_schema_field(ps, "first_name")],
	                     p[crm_schema_field(ps, "last_name")],
	                     p[crm_schema_field(ps, "email")],
	                     p[crm_schema_field(ps, "phone")],
	                     company,
	                     fl >= 0 ? p[fl] : NULL,
	                     status};
	crm_printer_row(m->p, row);
	m->rows++;
	db_row_free(ps, p);
	return 0;
}

/* members CAMPAIGN [FILTER...]: the people to mail, for a mailing tool (-o csv). */
int crm_verb_members(struct crm_ctx *ctx, int argc, char **argv)
{
	if (argc < 1)
		return cli_usage_error(ctx, _("which campaign?"));
	long long campaign = 0;
	int rc = find_campaign(ctx, argv[0], &campaign);
	struct crm_ctx mc = rec_other(ctx, &crm_entity_member);
	char *by = crm_xasprintf("campaign=%lld", campaign);
	const char *const terms[] = {by, NULL};
	struct crm_filter f = {NULL, 0, 0};
	if (!rc)
		rc = rec_filter(&mc, argc - 1, argv + 1, terms, &f);
	static const struct crm_column cols[] = {
	    {"id", 1},    {"kind", 0},    {"first_name", 0}, {"last_name", 0}, {"email", 0},
	    {"phone", 0}, {"company", 0}, {"language", 0},   {"status", 0}};
	struct merge m = {ctx, &mc, NULL, 0, 0};
	if (!rc) {
		m.p = crm_printer_new(cli_format(ctx, CRM_FMT_TSV), stdout, ctx->o.header);
		crm_printer_begin(m.p, cols, 9);
		struct db_query q = {.s = mc.s, .filter = &f, .sort_field = 0};
		if (db_select(ctx->db, &q, merge_row, &m) < 0) {
			crm_warn("%s", db_error(ctx->db));
			rc = CRM_EXIT_DB;
		}
		if (crm_printer_end(m.p) < 0 && !rc)
			rc = CRM_EXIT_DB;
	}
	if (!rc && m.left_out && !ctx->o.quiet)
		crm_warn(_("%ld left out: opted out or unsubscribed"), m.left_out);
	crm_filter_release(&f);
	free(by);
	return rc ? rc : m.rows ? 0 : CRM_EXIT_NOMATCH;
}

/* ------------------------------------------------------------------ roi */

/* The names of the stages that win, in any pipeline, as one any-of list. */
static int won_stage(void *arg, const struct db_stage *st)
{
	struct crm_buf *b = arg;
	if (!strcmp(st->state, "won")) {
		crm_buf_puts(b, b->len ? "," : "stage=");
		for (const char *c = st->name; *c; c++)
			crm_buf_puts(b, *c == ',' ? "\\," : (char[]){*c, 0});
	}
	return 0;
}

/* Count and sum of a field of an entity over filter words; 0 or an exit code. */
static int tally(struct crm_ctx *ctx, const struct crm_entity *ent, const char *field, int n,
                 char **words, long *count, long long *sum)
{
	const struct crm_schema *s = db_schema(ctx->db, ent);
	struct crm_filter f = {NULL, 0, 0};
	char *err = NULL;
	int rc = crm_filter_parse(ctx->db, s, n, words, &f, &err);
	if (rc)
		crm_warn("%s", err);
	else if (db_sum(ctx->db, s, crm_schema_field(s, field), &f, sum, count) < 0) {
		crm_warn("%s", db_error(ctx->db));
		rc = CRM_EXIT_DB;
	}
	free(err);
	crm_filter_release(&f);
	return rc;
}

struct roi {
	long members, responses, leads, opps, won;
	long long revenue;
};

static int campaign_roi(struct crm_ctx *ctx, long long id, const char *won_terms, struct roi *r)
{
	char *by = crm_xasprintf("campaign=%lld", id);
	char *responded[] = {by, "status=responded,converted"};
	char *won[] = {by, (char *)won_terms};
	long long ignored;
	int rc = tally(ctx, &crm_entity_member, "id", 1, &by, &r->members, &ignored);
	if (!rc)
		rc = tally(ctx, &crm_entity_member, "id", 2, responded, &r->responses, &ignored);
	if (!rc)
		rc = tally(ctx, &crm_entity_lead, "id", 1, &by, &r->leads, &ignored);
	if (!rc)
		rc = tally(ctx, &crm_entity_opp, "id", 1, &by, &r->opps, &ignored);
	r->won = 0, r->revenue = 0;
	if (!rc && *won_terms)
		rc = tally(ctx, &crm_entity_opp, "amount", 2, won, &r->won, &r->revenue);
	free(by);
	return rc;
}

/* ROI as a percentage with one decimal: (revenue - cost) / cost. */
static void roi_percent(long long revenue, long long cost, char *buf, size_t size)
{
	if (cost <= 0) {
		buf[0] = '\0';
		return;
	}
	long long tenths =
	    ((revenue - cost) * 1000 + (revenue >= cost ? cost / 2 : -cost / 2)) / cost;
	long long a = tenths < 0 ? -tenths : tenths;
	snprintf(buf, size, "%s%lld.%lld%%", tenths < 0 ? "-" : "", a / 10, a % 10);
}

struct roi_out {
	struct crm_ctx *ctx;
	struct crm_printer *p;
	const char *won_terms;
	int rc;
	long rows;
};

static int roi_row(void *arg, const char *const *vals)
{
	struct roi_out *o = arg;
	struct crm_ctx *ctx = o->ctx;
	struct roi r;
	long long id = atoll(vals[0]);
	if ((o->rc = campaign_roi(ctx, id, o->won_terms, &r)))
		return 1;
	const char *cost_v = vals[rec_field(ctx, "cost")];
	long long cost = cost_v ? crm_money_minor(cost_v) : 0;
	char n[6][32], pct[32];
	snprintf(n[0], 32, "%ld", r.members);
	snprintf(n[1], 32, "%ld", r.responses);
	snprintf(n[2], 32, "%ld", r.leads);
	snprintf(n[3], 32, "%ld", r.opps);
	snprintf(n[4], 32, "%ld", r.won);
	char *revenue = crm_money_str(r.revenue);
	char *per_lead = cost_v && r.leads ? crm_money_str(cost / r.leads) : NULL;
	roi_percent(r.revenue, cost, pct, sizeof pct);
	const char *row[] = {
	    vals[0],  vals[rec_field(ctx, "name")], n[0], n[1], n[2], n[3], n[4], revenue, cost_v,
	    per_lead, cost_v ? pct : NULL};
	crm_printer_row(o->p, row);
	o->rows++;
	free(revenue);
	free(per_lead);
	return 0;
}

/*
 * roi [CAMPAIGN...|FILTER...]: per campaign, its members and responses, the
 * leads and opportunities that name it, what they won, and the return.
 */
int crm_verb_roi(struct crm_ctx *ctx, int argc, char **argv)
{
	struct crm_strv words = CRM_STRV_INIT, ids = CRM_STRV_INIT;
	int rc = 0;
	for (int i = 0; i < argc && !rc; i++) {
		long long id;
		if (strchr(argv[i], '=') || strpbrk(argv[i], "<>~")) {
			crm_strv_push(&words, argv[i]);
			continue;
		}
		if ((rc = find_campaign(ctx, argv[i], &id)) == 0)
			crm_strv_push_owned(&ids, crm_xasprintf("%lld", id));
	}
	if (ids.n) {
		struct crm_buf b = CRM_BUF_INIT;
		for (int i = 0; i < ids.n; i++)
			crm_buf_printf(&b, "%s%s", i ? "," : "id=", ids.v[i]);
		crm_strv_push_owned(&words, crm_buf_detach(&b));
	}
	struct crm_buf won = CRM_BUF_INIT;
	if (!rc && db_stages(ctx->db, won_stage, &won) < 0) {
		crm_warn("%s", db_error(ctx->db));
		rc = CRM_EXIT_DB;
	}
	struct crm_filter f = {NULL, 0, 0};
	if (!rc)
		rc = rec_filter(ctx, words.n, words.v, NULL, &f);
	static const struct crm_column cols[] = {
	    {"id", 1},  {"name", 0},    {"members", 1}, {"responses", 1}, {"leads", 1}, {"opps", 1},
	    {"won", 1}, {"revenue", 1}, {"cost", 1},    {"per_lead", 1},  {"roi", 0}};
	struct roi_out o = {ctx, NULL, crm_buf_str(&won), 0, 0};
	if (!rc) {
		o.p = crm_printer_new(cli_format(ctx, CRM_FMT_TSV), stdout, ctx->o.header);
		crm_printer_begin(o.p, cols, 11);
		struct db_query q = {.s = ctx->s, .filter = &f, .sort_field = 0};
		if (db_select(ctx->db, &q, roi_row, &o) < 0) {
			crm_warn("%s", db_error(ctx->db));
			rc = CRM_EXIT_DB;
		}
		rc = rc ? rc : o.rc;
		if (crm_printer_end(o.p) < 0 && !rc)
			rc = CRM_EXIT_DB;
	}
	crm_filter_release(&f);
	crm_buf_release(&won);
	crm_strv_release(&words);
	crm_strv_release(&ids);
	return rc ? rc : o.rows ? 0 : CRM_EXIT_NOMATCH;
}
