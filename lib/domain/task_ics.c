/*
 * task_ics.c - tasks as iCalendar VTODOs: `crm-task export -o ics` for a
 * calendar application, and `crm-task import FILE.ics` from one.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "domain/activity.h"
#include "formats/ics.h"

/* crm's recurrence as an RRULE, and back; "from done" has no RRULE form. */
static char *recur_to_rrule(const char *recur)
{
	static const struct {
		const char *recur, *rrule;
	} simple[] = {{"daily", "FREQ=DAILY"},
	              {"weekdays", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"},
	              {"weekly", "FREQ=WEEKLY"},
	              {"monthly", "FREQ=MONTHLY"},
	              {"yearly", "FREQ=YEARLY"}};
	char *r = crm_fold(recur);
	char *from = strstr(r, " from done");
	if (from)
		*from = '\0';
	char *out = NULL;
	for (size_t i = 0; i < sizeof simple / sizeof simple[0] && !out; i++)
		if (!strcmp(r, simple[i].recur))
			out = crm_xstrdup(simple[i].rrule);
	int n;
	char unit;
	if (!out && sscanf(r, "every %d%c", &n, &unit) == 2)
		out = crm_xasprintf("FREQ=%s;INTERVAL=%d",
		                    unit == 'd'   ? "DAILY"
		                    : unit == 'w' ? "WEEKLY"
		                    : unit == 'm' ? "MONTHLY"
		                                  : "YEARLY",
		                    n);
	free(r);
	return out;
}

/* BYMONTHDAY=31 (and BYMONTH=1 in a yearly rule): the day a series keeps; 0 if none. */
struct anchor {
	int mday, month;
};

/* 1 if a part of an RRULE is one of the anchor's, read into a. */
static int anchor_part(const char *part, struct anchor *a)
{
	char *end;

	if (!strncmp(part, "BYMONTHDAY=", 11)) {
		a->mday = (int)strtol(part + 11, &end, 10);
		return !*end && a->mday >= 1 && a->mday <= 31;
	}
	if (!strncmp(part, "BYMONTH=", 8)) {
		a->month = (int)strtol(part + 8, &end, 10);
		return !*end && a->month >= 1 && a->month <= 12;
	}
	return 0;
}

char *ics_rrule_recur(const char *rrule, int *anchor)
{
	*anchor = 0;
	if (!strcmp(rrule, "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"))
		return crm_xstrdup("weekdays");
	char freq[16] = "";
	int interval = 1;
	struct anchor a = {0, 0};
	struct crm_strv parts = CRM_STRV_INIT;
	crm_strv_split(&parts, rrule, ';');
	for (int i = 0; i < parts.n; i++) {
		if (!strncmp(parts.v[i], "FREQ=", 5))
			snprintf(freq, sizeof freq, "%s", parts.v[i] + 5);
		else if (!strncmp(parts.v[i], "INTERVAL=", 9))
			interval = atoi(parts.v[i] + 9);
		else if (!anchor_part(parts.v[i], &a)) {
			crm_strv_release(&parts);
			return NULL; /* COUNT, UNTIL, BYDAY ...: more than crm's recurrence says */
		}
	}
	crm_strv_release(&parts);
	int monthly = !strcmp(freq, "MONTHLY"), yearly = !strcmp(freq, "YEARLY");
	/* a day of the month only for a series by months; a month only with its day, yearly */
	if ((a.mday && !monthly && !yearly) || (a.month && (!yearly || !a.mday)))
		return NULL;
	*anchor = a.mday;
	static const char *const freqs[] = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"};
	static const char *const names[] = {"daily", "weekly", "monthly", "yearly"};
	for (int k = 0; k < 4; k++)
		if (!strcmp(freq, freqs[k]) && interval >= 1)
			return interval == 1 ? crm_xstrdup(names[k])
			                     : crm_xasprintf("every %d%c", interval, "dwmy"[k]);
	return NULL;
}

/*
 * The day of the month a monthly or yearly series keeps, as BYMONTHDAY (and
 * the month, for a yearly one): without it a series on the 31st, now due on
 * February 28, would come back as one on the 28th.  A series counted "from
 * done" keeps no day.
 */
static char *rrule_with_anchor(const char *rrule, const char *recur, const char *anchor,
                               const char *due)
{
	char day[32] = "";
	int yearly = strstr(rrule, "FREQ=YEARLY") != NULL;

	if (!due || strstr(recur, "from done") || (!yearly && !strstr(rrule, "FREQ=MONTHLY")))
		return crm_xstrdup(rrule);
	if (strlen(due) > 10)
		crm_local_time(due, day, sizeof day);
	else
		snprintf(day, sizeof day, "%s", due);
	int mday = anchor ? atoi(anchor) : atoi(day + 8), month = atoi(day + 5);
	if (yearly)
		return crm_xasprintf("%s;BYMONTH=%d;BYMONTHDAY=%d", rrule, month, mday);
	return crm_xasprintf("%s;BYMONTHDAY=%d", rrule, mday);
}

/* ------------------------------------------------------------- export */

struct ics_out {
	struct crm_ctx *ctx;
	long n;
};

static int todo_row(void *arg, const char *const *vals)
{
	struct ics_out *o = arg;
	struct crm_ctx *ctx = o->ctx;
	const char *status = vals[rec_field(ctx, "status")],
	           *priority = vals[rec_field(ctx, "priority")];
	const char *recur = vals[rec_field(ctx, "recur")];
	char *simple = recur ? recur_to_rrule(recur) : NULL;
	char *rrule = simple ? rrule_with_anchor(simple, recur, vals[rec_field(ctx, "anchor")],
	                                         vals[rec_field(ctx, "due")])
	                     : NULL;
	free(simple);
	/* a database that could not keep a new UID still names its tasks apart */
	const char *kept = vals[rec_field(ctx, "uid")];
	char *uid = kept ? crm_xstrdup(kept) : crm_xasprintf("task-%s@crm", vals[0]);
	struct ics_todo t = {
	    .uid = uid,
	    .summary = vals[rec_field(ctx, "subject")],
	    .description = vals[rec_field(ctx, "notes")],
	    .status = !status || !strcmp(status, "open") ? "NEEDS-ACTION"
	              : !strcmp(status, "done")          ? "COMPLETED"
	                                                 : "CANCELLED",
	    .due = vals[rec_field(ctx, "due")],
	    .completed =
	        status && !strcmp(status, "done") ? vals[rec_field(ctx, "finished")] : NULL,
	    .created = vals[rec_field(ctx, "created")],
	    .last_modified = vals[rec_field(ctx, "updated")],
	    .priority = !priority                   ? 0
	                : !strcmp(priority, "high") ? 1
	                : !strcmp(priority, "low")  ? 9
	                                            : 5,
	    .rrule = rrule,
	    .categories = vals[rec_field(ctx, "tags")],
	};
	ics_todo(stdout, &t);
	free(rrule);
	free(uid);
	o->n++;
	return 0;
}

int crm_task_export_ics(struct crm_ctx *ctx, struct crm_filter *f)
{
	struct ics_out o = {ctx, 0};
	struct db_query q = {.s = ctx->s, .filter = f, .sort_field = 0};
	/* a calendar knows a task by its UID: one of its own, kept from one export to the next */
	int given = rec_give_uids(ctx, f, "");
	if (given)
		return given;
	ics_begin(stdout);
	long n = db_select(ctx->db, &q, todo_row, &o);
	int rc = ics_end(stdout) < 0 ? CRM_EXIT_DB : 0;
	if (n < 0) {
		crm_warn("%s", db_error(ctx->db));
		rc = CRM_EXIT_DB;
	}
	return rc;
}

/* ------------------------------------------------------------- import */

struct ics_in {
	struct crm_ctx *ctx;
	long added, updated, unchanged, bad;
	int fatal;
};

static void put(struct crm_ctx *ctx, char **vals, const char *field, const char *v)
{
	int f = rec_field(ctx, field);
	free(vals[f]);
	vals[f] = v ? crm_xstrdup(v) : NULL;
}

/*
 * The task of the VTODO's UID is updated, else one is added: the same
 * calendar imported twice gives each task once.
 */
static void write_todo(struct ics_in *in, char **vals, long line)
{
	struct crm_ctx *ctx = in->ctx;
	int uid = rec_field(ctx, "uid");
	long long id = vals[uid] ? db_find_unique(ctx->db, ctx->s, uid, vals[uid], 0) : 0;
	char *err = NULL;

	if (id > 0) {
		struct crm_buf why = CRM_BUF_INIT;
		int rc = rec_update_from(ctx, id, vals, uid, &why);
		if (rc == -1) {
			crm_warn(_("line %ld: %s"), line, crm_buf_str(&why));
			in->bad++;
		} else if (rc == -2) {
			in->fatal = 1;
		} else {
			rc ? in->updated++ : in->unchanged++;
		}
		crm_buf_release(&why);
	} else if (id < 0) {
		in->fatal = 1;
	} else if (rec_create(ctx, vals, &err)) {
		in->added++;
	} else if (err) {
		crm_warn(_("line %ld: %s"), line, err);
		in->bad++;
	} else {
		in->fatal = 1;
	}
	free(err);
}

static int todo_in(void *arg, const struct ics_todo *t, long line)
{
	struct ics_in *in = arg;
	struct crm_ctx *ctx = in->ctx;
	char **vals = crm_xcalloc(ctx->s->nfields, sizeof(char *));
	put(ctx, vals, "subject", t->summary ? t->summary : "(no summary)");
	put(ctx, vals, "notes", t->description);
	put(ctx, vals, "due", t->due);
	put(ctx, vals, "status",
	    t->status && !strcmp(t->status, "COMPLETED")   ? "done"
	    : t->status && !strcmp(t->status, "CANCELLED") ? "cancelled"
	                                                   : "open");
	put(ctx, vals, "finished", t->completed);
	put(ctx, vals, "priority",
	    t->priority == 0   ? NULL
	    : t->priority < 5  ? "high"
	    : t->priority == 5 ? "normal"
	                       : "low");
	put(ctx, vals, "created", t->created);
	put(ctx, vals, "updated", t->last_modified);
	if (t->categories) {
		char *tags = crm_tags_normal(t->categories);
		put(ctx, vals, "tags", tags);
		free(tags);
	}
	int anchor = 0;
	char *recur = t->rrule ? ics_rrule_recur(t->rrule, &anchor) : NULL;
	if (t->rrule && !recur && !ctx->o.quiet)
		crm_warn(_("line %ld: RRULE '%s' is more than crm repeats; the task is kept once"),
		         line, t->rrule);
	put(ctx, vals, "recur", recur);
	free(recur);
	if (anchor) {
		char day[8];
		snprintf(day, sizeof day, "%d", anchor);
		put(ctx, vals, "anchor", day);
	}
	put(ctx, vals, "uid", t->uid);
	write_todo(in, vals, line);
	db_row_free(ctx->s, vals);
	return in->fatal ? CRM_EXIT_DB : 0;
}

static void note(const char *msg)
{
	crm_warn("%s", msg);
}

int crm_task_import_ics(struct crm_ctx *ctx, FILE *f)
{
	struct ics_in in = {.ctx = ctx};
	char *err = NULL;
	int rc = ics_read(f, todo_in, &in, ctx->o.quiet ? NULL : note, &err);
	if (rc < 0) {
		crm_warn("%s", err);
		free(err);
		return CRM_EXIT_DATA;
	}
	if (rc)
		return rc;
	if (in.bad) {
		crm_warn(P_("nothing imported: %ld invalid task",
		            "nothing imported: %ld invalid tasks", in.bad),
		         in.bad);
		return CRM_EXIT_DATA;
	}
	if (!ctx->o.quiet)
		fprintf(stderr, _("%s: %s%ld added, %ld updated, %ld unchanged from iCalendar\n"),
		        crm_progname(), ctx->o.dry_run ? "dry run: " : "", in.added, in.updated,
		        in.unchanged);
	return 0;
}
