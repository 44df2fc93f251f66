/*
 * service.c - customer service: cases with service levels (a response and
 * a resolution time per priority, kept in the database), the clock stopped
 * while a case waits on the customer, replies and notes logged as
 * interactions, the customer's satisfaction at close, and breaches for cron.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/i18n.h"
#include "domain/service.h"

static const char *val(const struct crm_ctx *ctx, char **row, const char *name)
{
	return row[rec_field(ctx, name)];
}

static const char *const open_states[] = {"new", "open", "pending", NULL};
static const char *const done_states[] = {"resolved", "closed", NULL};

/* Seconds from UTC timestamp a to b. */
static long seconds_between(const char *a, const char *b)
{
	time_t ta = 0, tb = 0;
	crm_time_of(a, &ta);
	crm_time_of(b, &tb);
	return (long)(tb - ta);
}

/* The timestamp secs after ts. */
static void later(const char *ts, long secs, char out[32])
{
	time_t t = 0;
	crm_time_of(ts, &t);
	crm_timestamp(t + secs, out);
}

/* ------------------------------------------------------------ the rules */

/* A survey answer is a whole number in its range. */
static int check_score(const char *name, const char *v, int lo, int hi, char **err)
{
	char *end;
	double d = v ? strtod(v, &end) : 0;
	if (!v || (*end == '\0' && d == (long)d && d >= lo && d <= hi))
		return 0;
	*err = crm_xasprintf(_("%s: not a whole number from %d to %d '%s'"), name, lo, hi, v);
	return CRM_EXIT_DATA;
}

/* A case, task or call about a contact is about its account too, unless it says otherwise. */
int crm_account_from_contact(struct crm_ctx *ctx, long long id, char **cur, char **err)
{
	if (val(ctx, cur, "account") || !val(ctx, cur, "contact"))
		return 0;
	/* cur holds the contact's name; its id is in the row */
	const struct crm_schema *cs = db_schema(ctx->db, &crm_entity_contact);
	long long contact = db_ref_id(ctx->db, ctx->s, id, rec_field(ctx, "contact"));
	long long acc = db_ref_id(ctx->db, cs, contact, crm_schema_field(cs, "account"));
	if (!acc)
		return 0;
	char buf[32];
	snprintf(buf, sizeof buf, "%lld", acc);
	return rec_set(ctx, id, cur, "account", buf, err);
}

/* A case about a customer's unit is about its product and its owner, unless it says otherwise. */
static int from_asset(struct crm_ctx *ctx, long long id, char **cur, char **err)
{
	static const char *const inherited[] = {"product", "account"};
	const struct crm_schema *as = db_schema(ctx->db, &crm_entity_asset);
	long long asset = db_ref_id(ctx->db, ctx->s, id, rec_field(ctx, "asset"));
	int rc = 0;
	for (size_t k = 0; asset && !rc && k < 2; k++) {
		long long ref = db_ref_id(ctx->db, as, asset, crm_schema_field(as, inherited[k]));
		char buf[32];
		snprintf(buf, sizeof buf, "%lld", ref);
		if (ref && !val(ctx, cur, inherited[k]))
			rc = rec_set(ctx, id, cur, inherited[k], buf, err);
	}
	return rc;
}

/* Pending stops the resolution clock; leaving pending adds the time held to it. */
static int hold_clock(struct crm_ctx *ctx, long long id, char **cur, int *held_changed, char **err)
{
	const char *status = val(ctx, cur, "status"), *paused = val(ctx, cur, "paused");
	*held_changed = 0;
	if (status && !strcmp(status, "pending"))
		return paused ? 0 : rec_set(ctx, id, cur, "paused", ctx->now, err);
	if (!paused)
		return 0;
	const char *h = val(ctx, cur, "held");
	long minutes = (h ? atol(h) : 0) + seconds_between(paused, ctx->now) / 60;
	char buf[32];
	snprintf(buf, sizeof buf, "%ld", minutes);
	int rc = rec_set(ctx, id, cur, "held", buf, err);
	if (!rc)
		rc = rec_set(ctx, id, cur, "paused", NULL, err);
	*held_changed = 1;
	return rc;
}

/* Resolved and closed remember when; a case opened again forgets. */
static int stamp_status(struct crm_ctx *ctx, long long id, char **cur, char **err)
{
	const char *status = val(ctx, cur, "status");
	int rc = 0;
	if (rec_one_of(status, done_states) && !val(ctx, cur, "resolved"))
		rc = rec_set(ctx, id, cur, "resolved", ctx->now, err);
	if (!rc && status && !strcmp(status, "closed") && !val(ctx, cur, "closed"))
		rc = rec_set(ctx, id, cur, "closed", ctx->now, err);
	if (!rc && status && strcmp(status, "closed"))
		rc = rec_set(ctx, id, cur, "closed", NULL, err);
	if (!rc && rec_one_of(status, open_states))
		rc = rec_set(ctx, id, cur, "resolved", NULL, err);
	return rc;
}

/* Due times: opened plus the priority's times, the resolution's plus the time held. */
static int due_times(struct crm_ctx *ctx, long long id, char **cur, char **err)
{
	const char *prio = val(ctx, cur, "priority"), *opened = val(ctx, cur, "created");
	long respond = 0, resolve = 0;
	int r = prio ? db_sla_get(ctx->db, prio, &respond, &resolve) : 1;
	if (r < 0) {
		crm_warn("%s", db_error(ctx->db));
		return CRM_EXIT_DB;
	}
	char by[32], res[32];
	const char *h = val(ctx, cur, "held");
	later(opened, respond, by);
	later(opened, resolve + (h ? atol(h) : 0) * 60, res);
	/* a priority without a service level has no due times */
	int rc = rec_set(ctx, id, cur, "respond_by", r ? NULL : by, err);
	if (!rc)
		rc = rec_set(ctx, id, cur, "resolve_by", r ? NULL : res, err);
	return rc;
}

/* A return's quantity counts units sent back: a whole number, one or more. */
static int check_quantity(const char *v, char **err)
{
	if (!v || (strspn(v, "0123456789") == strlen(v) && strspn(v, "0") < strlen(v)))
		return 0;
	*err = crm_xasprintf(_("qty: not a whole number of units, 1 or more '%s'"), v);
	return CRM_EXIT_DATA;
}

/*
 * The customer's answers (CSAT, NPS) were about the case as it was closed:
 * a case opened again forgets them, unless the same write gives new ones.
 */
static int forget_answers(struct crm_ctx *ctx, long long id, char **cur, const char *assigned,
                          char **err)
{
	static const char *const answers[] = {"csat", "nps"};
	int rc = 0;
	if (!assigned[rec_field(ctx, "status")] ||
	    !rec_one_of(val(ctx, cur, "status"), open_states))
		return 0;
	for (size_t k = 0; !rc && k < 2; k++)
		if (val(ctx, cur, answers[k]) && !assigned[rec_field(ctx, answers[k])])
			rc = rec_set(ctx, id, cur, answers[k], NULL, err);
	return rc;
}

int crm_case_after_write(struct crm_ctx *ctx, long long id, char **cur, const char *assigned,
                         char **err)
{
	int held_changed = 0;
	int rc = check_score("csat", val(ctx, cur, "csat"), 1, 5, err);
	if (!rc)
		rc = check_score("nps", val(ctx, cur, "nps"), 0, 10, err);
	if (!rc)
		rc = check_quantity(val(ctx, cur, "qty"), err);
	if (!rc)
		rc = forget_answers(ctx, id, cur, assigned, err);
	if (!rc && assigned[rec_field(ctx, "asset")])
		rc = from_asset(ctx, id, cur, err);
	if (!rc && assigned[rec_field(ctx, "contact")])
		rc = crm_account_from_contact(ctx, id, cur, err);
	if (!rc)
		rc = hold_clock(ctx, id, cur, &held_changed, err);
	if (!rc)
		rc = stamp_status(ctx, id, cur, err);
	if (!rc &&
	    (!val(ctx, cur, "resolve_by") || assigned[rec_field(ctx, "priority")] || held_changed))
		rc = due_times(ctx, id, cur, err);
	return rc;
}

/* ------------------------------------------------------- service level */

/* "  response:   ": a label of show's service level, padded to 11 columns. */
static void print_label(const char *what)
{
	int w = (int)crm_utf8_width(what);
	printf("  %s%*s ", what, w < 11 ? 11 - w : 0, "");
}

/* How one due time stands: met or missed when done, else due or overdue now. */
static void print_level(const char *what, const char *due, const char *done, const char *now,
                        const char *done_word)
{
	char when[32], at[32], len[32];
	if (!due)
		return;
	crm_local_time(due, when, sizeof when);
	print_label(what);
	if (done) {
		long late = seconds_between(due, done);
		crm_local_time(done, at, sizeof at);
		crm_duration_str(late, len, sizeof len);
		if (late > 0)
			printf(_("missed: %s %s, %s late (due %s)\n"), done_word, at, len, when);
		else
			printf(_("met: %s %s (due %s)\n"), done_word, at, when);
		return;
	}
	long left = seconds_between(now, due);
	crm_duration_str(left, len, sizeof len);
	if (left < 0)
		printf(_("overdue by %s (due %s)\n"), len, when);
	else
		printf(_("due in %s (%s)\n"), len, when);
}

/* "under warranty until 2027-01-31 (120 days left)" or "warranty ended 2025-12-31". */
static void print_cover(const char *what, const char *end, const char *today)
{
	if (!end) {
		print_label(what);
		printf("%s\n", _("none"));
		return;
	}
	time_t t0 = 0, t1 = 0;
	crm_time_of(today, &t0);
	crm_time_of(end, &t1);
	long diff = (long)(t1 - t0); /* a summer-time day is 23 or 25 hours */
	long days = (diff + (diff >= 0 ? 43200 : -43200)) / 86400;
	print_label(what);
	if (days >= 0)
		printf(P_("until %s (%ld day left)\n", "until %s (%ld days left)\n", days), end,
		       days);
	else
		printf(_("ended %s\n"), end);
}

/* Whether the unit a case is about is under warranty or contract today. */
static void show_asset(struct crm_ctx *ctx, long long id)
{
	const struct crm_schema *as = db_schema(ctx->db, &crm_entity_asset);
	long long asset = db_ref_id(ctx->db, ctx->s, id, rec_field(ctx, "asset"));
	char **a = asset ? db_get(ctx->db, as, asset, NULL) : NULL;
	if (!a)
		return;
	char today[16];
	crm_parse_date("today", today);
	const char *serial = a[crm_schema_field(as, "serial")];
	printf(_("\nasset %lld (%s%s%s):\n"), asset, a[crm_schema_field(as, "product")],
	       serial ? _(", serial ") : "", serial ? serial : "");
	print_cover(_("warranty:"), a[crm_schema_field(as, "warranty_end")], today);
	print_cover(_("contract:"), a[crm_schema_field(as, "contract_end")], today);
	db_row_free(as, a);
}

void crm_case_show_more(struct crm_ctx *ctx, long long id, char **vals)
{
	if (val(ctx, vals, "asset"))
		show_asset(ctx, id);
	if (!val(ctx, vals, "respond_by") && !val(ctx, vals, "resolve_by"))
		return;
	printf(_("\nservice level (%s):\n"),
	       val(ctx, vals, "priority") ? val(ctx, vals, "priority") : _("none"));
	print_level(_("response:"), val(ctx, vals, "respond_by"), val(ctx, vals, "responded"),
	            ctx->now, _("replied"));
	const char *paused = val(ctx, vals, "paused");
	if (paused) {
		char since[32];
		crm_local_time(paused, since, sizeof since);
		print_label(_("resolution:"));
		printf(_("on hold since %s (pending on the customer)\n"), since);
	} else
		print_level(_("resolution:"), val(ctx, vals, "resolve_by"),
		            val(ctx, vals, "resolved"), ctx->now, _("resolved"));
}

/* ---------------------------------------------------------------- verbs */

/* Loads a live case; a message and an exit code if there is none. */
static char **load_case(struct crm_ctx *ctx, const char *id, int *rc)
{
	char *deleted = NULL;
	char **cur = db_get(ctx->db, ctx->s, atoll(id), &deleted);
	*rc = !cur ? CRM_EXIT_NOMATCH : deleted ? CRM_EXIT_DATA : 0;
	if (*rc)
		crm_warn(cur ? "case %s is deleted (restore it first)" : "no case %s", id);
	free(deleted);
	if (*rc) {
		db_row_free(ctx->s, cur);
		return NULL;
	}
	return cur;
}

/* Sets fields of a loaded case by name, then runs its rules; 0 or an exit code. */
static int update_case(struct crm_ctx *ctx, long long id, char **cur, const char *const *pairs,
                       int n)
{
	char *err = NULL;
	char *assigned = crm_xcalloc(ctx->s->nfields, 1);
	ctx->touched = 0;
	int rc = 0;
	for (int i = 0; i < n && !rc; i += 2) {
		assigned[rec_field(ctx, pairs[i])] = 1;
		rc = rec_set(ctx, id, cur, pairs[i], pairs[i + 1], &err);
	}
	if (!rc)
		rc = rec_finish(ctx, id, cur, assigned, &err);
	if (err)
		crm_warn(_("case %lld: %s"), id, err);
	free(err);
	free(assigned);
	return rc;
}

/*
 * What the customer says about a case waiting on them (an interaction in)
 * puts it back to work: pending becomes open and the resolution clock runs.
 */
int crm_case_heard_from(struct crm_ctx *ctx, long long case_id, char **err)
{
	struct crm_ctx cc = rec_other(ctx, &crm_entity_case);
	char *deleted = NULL;
	char **cur = db_get(cc.db, cc.s, case_id, &deleted);
	int rc = 0;
	const char *status = cur ? val(&cc, cur, "status") : NULL;
	if (!deleted && status && !strcmp(status, "pending")) {
		char *assigned = crm_xcalloc(cc.s->nfields, 1);
		assigned[rec_field(&cc, "status")] = 1;
		rc = rec_set(&cc, case_id, cur, "status", "open", err);
		if (!rc)
			rc = rec_finish(&cc, case_id, cur, assigned, err);
		free(assigned);
	}
	free(deleted);
	db_row_free(cc.s, cur);
	return rc;
}

/* The interaction channel a reply goes by: the case's own, where the log has it. */
static const char *reply_channel(const char *case_channel)
{
	static const char *const same[] = {"phone", "email",  "web", "chat",
	                                   "visit", "letter", NULL};
	return rec_one_of(case_channel, same) ? case_channel : "email";
}

/*
 * Logs text as an interaction about the case and its contact and account:
 * a reply goes out by the case's channel, a note stays inside.  words may
 * override (channel=phone, subject=...).  Returns the interaction's id, or 0.
 */
static long long log_on_case(struct crm_ctx *ctx, long long id, char **cur, int reply,
                             const char *text, struct crm_strv *words, int *rc, int *inbound)
{
	struct crm_ctx ic = rec_other(ctx, &crm_entity_interaction);
	struct crm_assigns as = {NULL, 0};
	char *err = NULL;
	*rc = crm_assigns_parse(ic.db, ic.s, words->n, words->v, &as, &err);
	char **vals = crm_xcalloc(ic.s->nfields, sizeof(char *));
	for (int i = 0; i < as.n; i++) {
		free(vals[as.a[i].field]);
		vals[as.a[i].field] = crm_tags_apply(NULL, as.a[i].op, as.a[i].value);
	}
	const char *subject = val(ctx, cur, "subject");
	const char *defaults[] = {
	    "channel",   reply ? reply_channel(val(ctx, cur, "channel")) : "note",
	    "direction", reply ? (ctx->o.from_customer ? "in" : "out") : NULL,
	    "body",      text,
	};
	for (size_t k = 0; k < sizeof defaults / sizeof defaults[0]; k += 2) {
		int f = crm_schema_field(ic.s, defaults[k]);
		if (!vals[f] && defaults[k + 1])
			vals[f] = crm_xstrdup(defaults[k + 1]);
	}
	/* the case's contact and account (cur holds their names; the log wants ids) */
	static const char *const refs[] = {"contact", "account"};
	for (size_t k = 0; k < 2; k++) {
		long long ref = db_ref_id(ctx->db, ctx->s, id, rec_field(ctx, refs[k]));
		int f = crm_schema_field(ic.s, refs[k]);
		if (!vals[f] && ref)
			vals[f] = crm_xasprintf("%lld", ref);
	}
	int fs = crm_schema_field(ic.s, "subject"), fc = crm_schema_field(ic.s, "case");
	if (!vals[fs])
		vals[fs] = reply ? crm_xasprintf("Re: %s", subject) : crm_xstrdup(subject);
	free(vals[fc]);
	vals[fc] = crm_xasprintf("%lld", id);
	const char *dir = vals[crm_schema_field(ic.s, "direction")];
	*inbound = dir && !strcasecmp(dir, "in");
	long long lid = *rc ? 0 : rec_create(&ic, vals, &err);
	if (!*rc && !lid)
		*rc = err ? CRM_EXIT_DATA : CRM_EXIT_DB;
	if (err)
		crm_warn("%s", err);
	free(err);
	db_row_free(ic.s, vals);
	crm_assigns_release(&as);
	return lid;
}

/* A case that is closed takes no more work until it is reopened. */
static int refuse_closed(const char *id, char **cur, const struct crm_ctx *ctx, const char *verb)
{
	const char *status = val(ctx, cur, "status");
	if (!status || strcmp(status, "closed"))
		return 0;
	crm_warn(_("case %s is closed; reopen it to %s"), id, verb);
	return CRM_EXIT_DATA;
}

/* reply ID / note ID [FIELD=VALUE...]: the text comes from standard input. */
static int log_verb(struct crm_ctx *ctx, int argc, char **argv, int reply)
{
	struct crm_strv ids = CRM_STRV_INIT, words = CRM_STRV_INIT;
	int rc = 0;
	for (int i = 0; i < argc; i++)
		crm_strv_push(crm_is_uint(argv[i]) && !ids.n ? &ids : &words, argv[i]);
	if (ids.n != 1)
		rc = cli_usage_error(ctx, _("which case? give one id"));
	char **cur = rc ? NULL : load_case(ctx, ids.v[0], &rc);
	if (!rc)
		rc = refuse_closed(ids.v[0], cur, ctx, reply ? "reply" : "add notes");
	char *text = NULL, *err = NULL;
	if (!rc && (rc = rec_read_stdin("body", &text, &err)))
		crm_warn("%s", err);
	if (!rc && !text)
		rc = cli_usage_error(ctx,
		                     _("nothing on standard input: the %s's text is read from it"),
		                     reply ? "reply" : "note");
	long long id = ids.n ? atoll(ids.v[0]) : 0, lid = 0;
	int inbound = 0;
	if (!rc)
		lid = log_on_case(ctx, id, cur, reply, text, &words, &rc, &inbound);
	/* the first reply answers the case: its response time is met then.  What
	   the customer wrote answers nothing; it takes a pending case back to work
	   (the interaction's own rule, crm_case_heard_from) */
	const char *status = cur ? val(ctx, cur, "status") : NULL;
	if (!rc && reply && !inbound) {
		const char *pairs[4];
		int n = 0;
		if (!val(ctx, cur, "responded"))
			pairs[n++] = "responded", pairs[n++] = ctx->now;
		if (status && !strcmp(status, "new"))
			pairs[n++] = "status", pairs[n++] = "open";
		rc = update_case(ctx, id, cur, pairs, n);
	}
	if (!rc && !ctx->o.dry_run)
		printf("%lld\n", lid);
	free(text);
	free(err);
	db_row_free(ctx->s, cur);
	crm_strv_release(&ids);
	crm_strv_release(&words);
	return rc;
}

int crm_verb_reply(struct crm_ctx *ctx, int argc, char **argv)
{
	return log_verb(ctx, argc, argv, 1);
}

int crm_verb_note(struct crm_ctx *ctx, int argc, char **argv)
{
	return log_verb(ctx, argc, argv, 0);
}

/* The fields a status verb writes besides the status. */
static int verb_pairs(struct crm_ctx *ctx, const char *status, const char **pairs, char nums[2][32])
{
	int n = 0;
	pairs[n++] = "status", pairs[n++] = status;
	if (!strcmp(status, "resolved") && ctx->o.resolution)
		pairs[n++] = "resolution", pairs[n++] = ctx->o.resolution;
	if (!strcmp(status, "closed") && ctx->o.csat >= 0) {
		snprintf(nums[0], 32, "%ld", ctx->o.csat);
		pairs[n++] = "csat", pairs[n++] = nums[0];
	}
	if (!strcmp(status, "closed") && ctx->o.nps >= 0) {
		snprintf(nums[1], 32, "%ld", ctx->o.nps);
		pairs[n++] = "nps", pairs[n++] = nums[1];
	}
	return n;
}

/* A closed case takes nothing but reopen; a resolved one says what was done. */
static int check_case(struct crm_ctx *ctx, const struct crm_transition *t, const char *id,
                      char **cur)
{
	int rc = 0;
	if (strcmp(t->value, "open"))
		rc = refuse_closed(id, cur, ctx,
		                   !strcmp(t->value, "closed") ? "close it again" : "change it");
	if (!rc && !strcmp(t->value, "resolved") && !ctx->o.resolution &&
	    !val(ctx, cur, "resolution"))
		rc = cli_usage_error(ctx, _("case %s: say what was done: --resolution TEXT"), id);
	return rc;
}

/* The status with what --resolution, --csat and --nps give, set as a case's rules want. */
static int write_case(struct crm_ctx *ctx, const struct crm_transition *t, const char *id,
                      char **cur)
{
	const char *pairs[8];
	char nums[2][32];
	int n = verb_pairs(ctx, t->value, pairs, nums);
	return update_case(ctx, atoll(id), cur, pairs, n);
}

/* pending, resolve, close, reopen: every case is checked before any is changed. */
static const char not_case_id[] = N_("not a case id '%s'");
static const struct crm_transition case_pending = {.field = "status",
                                                   .value = "pending",
                                                   .not_id = not_case_id,
                                                   .check = check_case,
                                                   .write = write_case};
static const struct crm_transition case_resolve = {.field = "status",
                                                   .value = "resolved",
                                                   .not_id = not_case_id,
                                                   .check = check_case,
                                                   .write = write_case};
static const struct crm_transition case_close = {.field = "status",
                                                 .value = "closed",
                                                 .not_id = not_case_id,
                                                 .check = check_case,
                                                 .write = write_case};
/* an open case already has nothing to reopen */
static const struct crm_transition case_reopen = {.field = "status",
                                                  .value = "open",
                                                  .not_id = not_case_id,
                                                  .stay = open_states,
                                                  .check = check_case,
                                                  .write = write_case};

int crm_verb_pending(struct crm_ctx *ctx, int argc, char **argv)
{
	return rec_transition(ctx, argc, argv, &case_pending);
}

int crm_verb_resolve(struct crm_ctx *ctx, int argc, char **argv)
{
	return rec_transition(ctx, argc, argv, &case_resolve);
}

int crm_verb_close(struct crm_ctx *ctx, int argc, char **argv)
{
	return rec_transition(ctx, argc, argv, &case_close);
}

int crm_verb_case_reopen(struct crm_ctx *ctx, int argc, char **argv)
{
	return rec_transition(ctx, argc, argv, &case_reopen);
}

/* ------------------------------------------------------------- breaches */

struct breach {
	char *due; /* UTC: what the list sorts by */
	long long id;
	int resolution; /* which due time: the response's (0) or the resolution's (1) */
	char *cell[7];
};

struct breaches {
	struct crm_ctx *ctx;
	long within;
	char horizon[32];
	int local;
	struct breach *b;
	int n;
};

static void push_breach(struct breaches *bs, const char *const *vals, int resolution,
                        const char *due)
{
	struct crm_ctx *ctx = bs->ctx;
	char when[32], len[40], left[48];
	long secs = seconds_between(ctx->now, due);
	crm_duration_str(secs, len, sizeof len);
	snprintf(left, sizeof left, secs < 0 ? "overdue %s" : "in %s", len);
	if (bs->local)
		crm_local_time(due, when, sizeof when);
	else
		snprintf(when, sizeof when, "%s", due);
	bs->b = crm_xrealloc(bs->b, sizeof(*bs->b) * (bs->n + 1));
	struct breach *b = &bs->b[bs->n++];
	const char *cells[] = {vals[0],
	                       resolution ? "resolution" : "response",
	                       when,
	                       left,
	                       vals[rec_field(ctx, "priority")],
	                       vals[rec_field(ctx, "subject")],
	                       vals[rec_field(ctx, "owner")]};
	b->due = crm_xstrdup(due);
	b->id = atoll(vals[0]);
	b->resolution = resolution;
	for (int c = 0; c < 7; c++)
		b->cell[c] = cells[c] ? crm_xstrdup(cells[c]) : NULL;
}

/*
 * Whether a due time was told of already, from when breaches last told of
 * the case (told): once past, it is told of once after it passed; before
 * that, once within the window --within looks ahead.  A due time that moves
 * (a new priority, time pending) is told of again.  One stamp serves both
 * due times of a case: a run that told of one told of the other too if it
 * was due then.
 */
static int told_before(const struct breaches *bs, const char *due, const char *told)
{
	char window[32];
	if (!told || bs->ctx->o.again)
		return 0;
	if (strcmp(due, bs->ctx->now) <= 0)
		return strcmp(told, due) >= 0;
	later(due, -bs->within, window);
	return strcmp(told, window) >= 0;
}

/* A case breaches when a due time it has not met is before the horizon. */
static int breach_row(void *arg, const char *const *vals)
{
	struct breaches *bs = arg;
	struct crm_ctx *ctx = bs->ctx;
	const char *respond_by = vals[rec_field(ctx, "respond_by")];
	const char *resolve_by = vals[rec_field(ctx, "resolve_by")];
	const char *status = vals[rec_field(ctx, "status")];
	if (respond_by && !vals[rec_field(ctx, "responded")] &&
	    strcmp(respond_by, bs->horizon) <= 0 &&
	    !told_before(bs, respond_by, vals[rec_field(ctx, "warned")]))
		push_breach(bs, vals, 0, respond_by);
	/* a pending case waits on the customer: its resolution clock stands still */
	if (resolve_by && strcmp(status, "pending") && strcmp(resolve_by, bs->horizon) <= 0 &&
	    !told_before(bs, resolve_by, vals[rec_field(ctx, "warned")]))
		push_breach(bs, vals, 1, resolve_by);
	return 0;
}

static int by_due(const void *x, const void *y)
{
	const struct breach *a = x, *b = y;
	int c = strcmp(a->due, b->due);
	return c ? c : a->id < b->id ? -1 : a->id > b->id ? 1 : a->resolution - b->resolution;
}

/* Marks each case told of: the time of this run goes into its warned field. */
static int mark_reported(struct crm_ctx *ctx, const struct breaches *bs)
{
	char *err = NULL;
	int rc = 0;
	for (int i = 0; !rc && i < bs->n; i++) {
		const struct breach *b = &bs->b[i];
		int f = rec_field(ctx, "warned");
		char **cur = db_get(ctx->db, ctx->s, b->id, NULL);
		if (!cur)
			return CRM_EXIT_DB;
		/* set by crm, not by hand: through the core, so that the change log has it */
		int r = rec_change(ctx, b->id, cur, f, ctx->now, &err);
		db_row_free(ctx->s, cur);
		if (r < 0) {
			crm_warn("%s", err ? err : db_error(ctx->db));
			rc = CRM_EXIT_DB;
		}
		free(err);
		err = NULL;
	}
	if (!rc && bs->n && db_commit_ready(ctx->db) < 0) {
		crm_warn("%s", db_error(ctx->db));
		rc = CRM_EXIT_DB;
	}
	return rc;
}

static void print_breaches(struct crm_ctx *ctx, const struct breaches *bs, enum crm_format fmt,
                           int *rc)
{
	static const struct crm_column cols[] = {{"id", 1},   {"due", 0},      {"at", 0},
	                                         {"left", 0}, {"priority", 0}, {"subject", 0},
	                                         {"owner", 0}};
	struct crm_printer *p = crm_printer_new(fmt, stdout, ctx->o.header);
	crm_printer_begin(p, cols, 7);
	for (int i = 0; i < bs->n; i++)
		crm_printer_row(p, (const char *const *)bs->b[i].cell);
	if (crm_printer_end(p) < 0)
		*rc = CRM_EXIT_DB;
}

/*
 * For cron: open cases past a due time, or within --within of one, soonest
 * first, each due time once (--again: every time).  The run holds the write
 * lock from the start, so two runs at once never both report a breach;
 * nothing to say prints nothing and exits 0, so cron sends no mail.
 */
int crm_verb_breaches(struct crm_ctx *ctx, int argc, char **argv)
{
	struct breaches bs = {.ctx = ctx};
	long within = 0;
	if (ctx->o.within && crm_parse_duration(ctx->o.within, &within) < 0)
		return cli_usage_error(
		    ctx, _("--within: not a length of time like 2h, 90m, 1d '%s'"), ctx->o.within);
	later(ctx->now, within, bs.horizon);
	bs.within = within;
	enum crm_format fmt = cli_format(ctx, CRM_FMT_TSV);
	bs.local = cli_local_times(fmt, 1);
	const char *const terms[] = {"status=new,open,pending", NULL};
	struct crm_filter f = {NULL, 0, 0};
	int rc = rec_filter(ctx, argc, argv, terms, &f);
	struct db_query q = {.s = ctx->s, .filter = &f, .sort_field = 0};
	if (!rc && db_select(ctx->db, &q, breach_row, &bs) < 0) {
		crm_warn("%s", db_error(ctx->db));
		rc = CRM_EXIT_DB;
	}
	if (bs.n)
		qsort(bs.b, bs.n, sizeof *bs.b, by_due);
	if (!rc)
		rc = mark_reported(ctx, &bs);
	if (!rc && bs.n)
		print_breaches(ctx, &bs, fmt, &rc);
	for (int i = 0; i < bs.n; i++) {
		for (int c = 0; c < 7; c++)
			free(bs.b[i].cell[c]);
		free(bs.b[i].due);
	}
	free(bs.b);
	crm_filter_release(&f);
	return rc;
}

/* ------------------------------------------------------------------ sla */

struct sla_out {
	struct crm_printer *p;
};

static int sla_row(void *arg, const char *priority, long respond, long resolve)
{
	struct sla_out *o = arg;
	char a[32], b[32];
	crm_duration_str(respond, a, sizeof a);
	crm_duration_str(resolve, b, sizeof b);
	const char *row[] = {priority, a, b};
	crm_printer_row(o->p, row);
	return 0;
}

static int list_slas(struct crm_ctx *ctx)
{
	static const struct crm_column cols[] = {{"priority", 0}, {"respond", 0}, {"resolve", 0}};
	struct sla_out o = {crm_printer_new(cli_format(ctx, CRM_FMT_TSV), stdout, ctx->o.header)};
	crm_printer_begin(o.p, cols, 3);
	int rc = db_slas(ctx->db, sla_row, &o) < 0
	             ? (crm_warn("%s", db_error(ctx->db)), CRM_EXIT_DB)
	             : 0;
	if (crm_printer_end(o.p) < 0 && !rc)
		rc = CRM_EXIT_DB;
	return rc;
}

const char *sla_problem(long respond, long resolve)
{
	if (respond <= 0 || resolve <= 0)
		return "a service level needs both times, more than zero";
	if (respond > resolve)
		return "the response time is longer than the resolution time";
	return NULL;
}

/* sla set PRIORITY respond=4h resolve=1d: new cases get the new times. */
static int set_sla(struct crm_ctx *ctx, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error(
		    ctx, _("expected 'set PRIORITY respond=DURATION resolve=DURATION'"));
	char *prio = NULL, *err = NULL;
	const struct crm_field *fd = &ctx->s->fields[rec_field(ctx, "priority")];
	if (crm_value_normal(ctx->db, fd, argv[0], &prio, &err) < 0 || !prio) {
		crm_warn("%s", err ? err : "priority: empty");
		free(err);
		return CRM_EXIT_DATA;
	}
	long respond = 0, resolve = 0;
	int rc = db_sla_get(ctx->db, prio, &respond, &resolve) < 0 ? CRM_EXIT_DB : 0;
	for (int i = 1; !rc && i < argc; i++) {
		const char *eq = strchr(argv[i], '=');
		int is_respond = eq && !strncmp(argv[i], "respond=", 8);
		int is_resolve = eq && !strncmp(argv[i], "resolve=", 8);
		if (!is_respond && !is_resolve)
			rc = cli_usage_error(
			    ctx, _("expected respond=DURATION or resolve=DURATION, got '%s'"),
			    argv[i]);
		else if (crm_parse_duration(eq + 1, is_respond ? &respond : &resolve) < 0) {
			crm_warn(_("%s: not a length of time like 4h, 90m, 5d '%s'"),
			         is_respond ? "respond" : "resolve", eq + 1);
			rc = CRM_EXIT_DATA;
		}
	}
	const char *problem = rc ? NULL : sla_problem(respond, resolve);
	if (problem) {
		crm_warn("%s: %s", prio, problem);
		rc = CRM_EXIT_DATA;
	}
	if (!rc && db_sla_put(ctx->db, prio, respond, resolve) < 0)
		rc = CRM_EXIT_DB;
	if (rc == CRM_EXIT_DB)
		crm_warn("%s", db_error(ctx->db));
	free(prio);
	return rc;
}

int crm_verb_sla(struct crm_ctx *ctx, int argc, char **argv)
{
	if (argc == 0 || !strcmp(argv[0], "list"))
		return argc > 1 ? cli_usage_error(ctx, _("list takes no arguments"))
		                : list_slas(ctx);
	if (!strcmp(argv[0], "set"))
		return set_sla(ctx, argc - 1, argv + 1);
	return cli_usage_error(ctx, _("expected 'list' or 'set PRIORITY respond=... resolve=...'"));
}

/* --------------------------------------------------------------- assets */

int crm_asset_after_write(struct crm_ctx *ctx, long long id, char **cur, const char *assigned,
                          char **err)
{
	(void)id, (void)assigned;
	const char *installed = val(ctx, cur, "installed");
	static const char *const ends[] = {"warranty_end", "contract_end"};
	for (size_t k = 0; installed && k < 2; k++) {
		const char *end = val(ctx, cur, ends[k]);
		if (end && strcmp(end, installed) < 0) {
			*err = crm_xasprintf(_("%s: before it was installed (%s) '%s'"), ends[k],
			                     installed, end);
			return CRM_EXIT_DATA;
		}
	}
	return 0;
}

/* The ids of the records of ent matching filter words; 0 or an exit code. */
static int ids_where(struct crm_ctx *ctx, const struct crm_entity *ent, int n, char **words,
                     struct crm_strv *ids)
{
	struct crm_ctx oc = rec_other(ctx, ent);
	struct crm_filter f = {NULL, 0, 0};
	int rc = rec_filter(&oc, n, words, NULL, &f);
	struct db_query q = {.s = oc.s, .filter = &f, .sort_field = 0};
	if (!rc && db_select(oc.db, &q, cli_push_id, ids) < 0) {
		crm_warn("%s", db_error(oc.db));
		rc = CRM_EXIT_DB;
	}
	crm_filter_release(&f);
	return rc;
}

/* 1 if an opportunity stands in a won stage. */
static int is_won(struct crm_ctx *oc, char **opp)
{
	const char *pipeline = val(oc, opp, "pipeline"), *stage = val(oc, opp, "stage");
	struct db_stage st = {0};
	int won = stage && db_stage_get(oc->db, pipeline ? pipeline : "default", stage, &st) == 0 &&
	          !strcmp(st.state, "won");
	db_stage_release(&st);
	return won;
}

/* One asset per line item (or the main product) of a won opportunity; ids pushed to made. */
static int assets_of_opp(struct crm_ctx *ctx, struct crm_ctx *oc, long long opp,
                         const struct crm_assigns *as, struct crm_strv *made)
{
	char *deleted = NULL;
	char **o = db_get(oc->db, oc->s, opp, &deleted);
	int rc = !o ? CRM_EXIT_NOMATCH : deleted || !is_won(oc, o) ? CRM_EXIT_DATA : 0;
	if (rc)
		crm_warn(!o ? "no opp %lld" : "opp %lld is not won", opp);
	free(deleted);
	struct crm_strv done = CRM_STRV_INIT, items = CRM_STRV_INIT;
	char *by_opp = crm_xasprintf("opp=%lld", opp);
	if (!rc)
		rc = ids_where(ctx, &crm_entity_asset, 1, &by_opp, &done);
	if (!rc && done.n)
		crm_warn(_("opp %lld already has its assets; none added"), opp);
	if (!rc && !done.n)
		rc = ids_where(ctx, &crm_entity_item, 1, &by_opp, &items);
	const struct crm_schema *is = db_schema(ctx->db, &crm_entity_item);
	/* a deal without items is one unit of its main product */
	int n = items.n ? items.n : 1;
	for (int i = 0; !rc && !done.n && i < n; i++) {
		long long item = items.n ? atoll(items.v[i]) : 0;
		long long product =
		    item ? db_ref_id(ctx->db, is, item, crm_schema_field(is, "product"))
		         : db_ref_id(ctx->db, oc->s, opp, rec_field(oc, "product"));
		char **it = item ? db_get(ctx->db, is, item, NULL) : NULL;
		char **vals = crm_xcalloc(ctx->s->nfields, sizeof(char *));
		static const char *const from_opp[] = {"account", "contact"};
		for (size_t k = 0; k < 2; k++) {
			long long ref = db_ref_id(ctx->db, oc->s, opp, rec_field(oc, from_opp[k]));
			vals[rec_field(ctx, from_opp[k])] = ref ? crm_xasprintf("%lld", ref) : NULL;
		}
		vals[rec_field(ctx, "product")] = product ? crm_xasprintf("%lld", product) : NULL;
		vals[rec_field(ctx, "opp")] = crm_xasprintf("%lld", opp);
		const char *qty = it ? it[crm_schema_field(is, "qty")] : NULL;
		vals[rec_field(ctx, "qty")] = qty ? crm_xstrdup(qty) : NULL;
		const char *closed = val(oc, o, "closed");
		vals[rec_field(ctx, "installed")] = closed ? crm_xstrdup(closed) : NULL;
		for (int k = 0; k < as->n; k++) {
			free(vals[as->a[k].field]);
			vals[as->a[k].field] = crm_tags_apply(NULL, as->a[k].op, as->a[k].value);
		}
		char *err = NULL;
		long long id = rec_create(ctx, vals, &err);
		if (!id) {
			crm_warn(_("opp %lld: %s"), opp, err ? err : db_error(ctx->db));
			rc = err ? CRM_EXIT_DATA : CRM_EXIT_DB;
		} else
			crm_strv_push_owned(made, crm_xasprintf("%lld", id));
		free(err);
		db_row_free(ctx->s, vals);
		db_row_free(is, it);
	}
	free(by_opp);
	crm_strv_release(&done);
	crm_strv_release(&items);
	db_row_free(oc->s, o);
	return rc;
}

/* from-opp OPP...|- [FIELD=VALUE...]: what won deals delivered becomes the customer's assets. */
int crm_verb_from_opp(struct crm_ctx *ctx, int argc, char **argv)
{
	struct crm_strv opps = CRM_STRV_INIT, words = CRM_STRV_INIT, made = CRM_STRV_INIT;
	struct crm_ctx oc = rec_other(ctx, &crm_entity_opp);
	int rc = cli_targets(&oc, argc, argv, 0, &opps, &words);
	struct crm_assigns as = {NULL, 0};
	char *err = NULL;
	if (!rc && (rc = crm_assigns_parse(ctx->db, ctx->s, words.n, words.v, &as, &err)))
		crm_warn("%s", err);
	if (!rc && !opps.n)
		rc = CRM_EXIT_NOMATCH;
	for (int i = 0; !rc && i < opps.n; i++)
		rc = assets_of_opp(ctx, &oc, atoll(opps.v[i]), &as, &made);
	for (int i = 0; !rc && !ctx->o.dry_run && i < made.n; i++)
		printf("%s\n", made.v[i]);
	free(err);
	crm_assigns_release(&as);
	crm_strv_release(&opps);
	crm_strv_release(&words);
	crm_strv_release(&made);
	return rc;
}

struct ending {
	char *on;
	char *cell[7];
};

struct endings {
	struct crm_ctx *ctx;
	char today[16], horizon[16];
	struct ending *e;
	int n;
};

static void push_ending(struct endings *es, const char *const *vals, const char *what,
                        const char *on)
{
	struct crm_ctx *ctx = es->ctx;
	time_t t0 = 0, t1 = 0;
	crm_time_of(es->today, &t0);
	crm_time_of(on, &t1);
	long diff = (long)(t1 - t0);
	char left[32];
	snprintf(left, sizeof left, "%ldd", (diff + 43200) / 86400);
	es->e = crm_xrealloc(es->e, sizeof(*es->e) * (es->n + 1));
	struct ending *e = &es->e[es->n++];
	const char *cells[] = {vals[0],
	                       what,
	                       on,
	                       left,
	                       vals[rec_field(ctx, "account")],
	                       vals[rec_field(ctx, "product")],
	                       vals[rec_field(ctx, "serial")]};
	e->on = crm_xstrdup(on);
	for (int c = 0; c < 7; c++)
		e->cell[c] = cells[c] ? crm_xstrdup(cells[c]) : NULL;
}

static int ending_row(void *arg, const char *const *vals)
{
	struct endings *es = arg;
	static const char *const ends[] = {"warranty_end", "contract_end"};
	static const char *const names[] = {"warranty", "contract"};
	for (int k = 0; k < 2; k++) {
		const char *on = vals[rec_field(es->ctx, ends[k])];
		if (on && strcmp(on, es->today) >= 0 && strcmp(on, es->horizon) <= 0)
			push_ending(es, vals, names[k], on);
	}
	return 0;
}

static int by_end(const void *x, const void *y)
{
	const struct ending *a = x, *b = y;
	int c = strcmp(a->on, b->on);
	return c ? c : atoll(a->cell[0]) < atoll(b->cell[0]) ? -1 : 1;
}

/* Whole days ahead, as 60d, 8w or a bare 60 (days, as --days takes them). */
static int days_ahead(const char *s, long *secs)
{
	size_t digits = strspn(s, "0123456789");
	char *with_unit = digits && !s[digits] ? crm_xasprintf("%sd", s) : crm_xstrdup(s);
	int rc = crm_parse_duration(with_unit, secs) < 0 || *secs % 86400 ? -1 : 0;
	free(with_unit);
	return rc;
}

/*
 * For cron: the warranties and service contracts of active assets that end
 * from today to --within (or --expiring) days ahead, 30 by default, soonest
 * first; nothing to say prints nothing.  crm-case assets runs it too.
 */
int crm_verb_expiring(struct crm_ctx *caller, int argc, char **argv)
{
	struct crm_ctx ac = rec_other(caller, &crm_entity_asset), *ctx = &ac;
	long ahead = 30L * 86400;
	if (ctx->o.within && days_ahead(ctx->o.within, &ahead) < 0)
		return cli_usage_error(
		    caller, _("--%s: not a number of days or weeks like 60, 60d, 8w '%s'"),
		    !strcmp(caller->verb->name, "assets") ? "expiring" : "within", ctx->o.within);
	struct endings es = {.ctx = ctx};
	char rel[32];
	snprintf(rel, sizeof rel, "+%ldd", ahead / 86400);
	crm_parse_date("today", es.today);
	crm_parse_date(rel, es.horizon);
	const char *const terms[] = {"status=active", NULL};
	struct crm_filter f = {NULL, 0, 0};
	int rc = rec_filter(ctx, argc, argv, terms, &f);
	struct db_query q = {.s = ctx->s, .filter = &f, .sort_field = 0};
	if (!rc && db_select(ctx->db, &q, ending_row, &es) < 0) {
		crm_warn("%s", db_error(ctx->db));
		rc = CRM_EXIT_DB;
	}
	if (es.n)
		qsort(es.e, es.n, sizeof *es.e, by_end);
	static const struct crm_column cols[] = {{"id", 1},    {"ends", 0},    {"on", 0},
	                                         {"left", 0},  {"account", 0}, {"product", 0},
	                                         {"serial", 0}};
	struct crm_printer *p =
	    !rc && es.n ? crm_printer_new(cli_format(ctx, CRM_FMT_TSV), stdout, ctx->o.header)
	                : NULL;
	if (p)
		crm_printer_begin(p, cols, 7);
	for (int i = 0; i < es.n; i++) {
		if (p)
			crm_printer_row(p, (const char *const *)es.e[i].cell);
		for (int c = 0; c < 7; c++)
			free(es.e[i].cell[c]);
		free(es.e[i].on);
	}
	if (p && crm_printer_end(p) < 0)
		rc = CRM_EXIT_DB;
	free(es.e);
	crm_filter_release(&f);
	return rc;
}
