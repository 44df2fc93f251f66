/*
 * task_ics.c - tasks as iCalendar VTODOs: `crm-task export -o ics` for a
 * calendar application, and `crm-task import FILE.ics` from one.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "activity.h"
#include "ics.h"

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

static char *rrule_to_recur(const char *rrule)
{
	if (!strcmp(rrule, "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"))
		return crm_xstrdup("weekdays");
	char freq[16] = "";
	int interval = 1;
	struct crm_strv parts = CRM_STRV_INIT;
	crm_strv_split(&parts, rrule, ';');
	for (int i = 0; i < parts.n; i++) {
		if (!strncmp(parts.v[i], "FREQ=", 5))
			snprintf(freq, sizeof freq, "%s", parts.v[i] + 5);
		else if (!strncmp(parts.v[i], "INTERVAL=", 9))
			interval = atoi(parts.v[i] + 9);
		else {
			crm_strv_release(&parts);
			return NULL; /* COUNT, UNTIL, BYxxx: more than crm's recurrence says */
		}
	}
	crm_strv_release(&parts);
	static const char *const freqs[] = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"};
	static const char *const names[] = {"daily", "weekly", "monthly", "yearly"};
	for (int k = 0; k < 4; k++)
		if (!strcmp(freq, freqs[k]) && interval >= 1)
			return interval == 1 ? crm_xstrdup(names[k])
			                     : crm_xasprintf("every %d%c", interval, "dwmy"[k]);
	return NULL;
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
	char uid[48];
	snprintf(uid, sizeof uid, "task-%s@crm", vals[0]);
	char *rrule = recur ? recur_to_rrule(recur) : NULL;
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
	o->n++;
	return 0;
}

int crm_task_export_ics(struct crm_ctx *ctx, struct crm_filter *f)
{
	struct ics_out o = {ctx, 0};
	struct db_query q = {.s = ctx->s, .filter = f, .sort_field = 0};
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
	long added, bad;
	int fatal;
};

static void put(struct crm_ctx *ctx, char **vals, const char *field, const char *v)
{
	int f = rec_field(ctx, field);
	free(vals[f]);
	vals[f] = v ? crm_xstrdup(v) : NULL;
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
	if (t->categories) {
		char *tags = crm_tags_normal(t->categories);
		put(ctx, vals, "tags", tags);
		free(tags);
	}
	char *recur = t->rrule ? rrule_to_recur(t->rrule) : NULL;
	if (t->rrule && !recur && !ctx->o.quiet)
		crm_warn("line %ld: RRULE '%s' is more than crm repeats; the task is kept once",
		         line, t->rrule);
	put(ctx, vals, "recur", recur);
	free(recur);
	char *err = NULL;
	if (!rec_create(ctx, vals, &err)) {
		if (!err)
			in->fatal = 1;
		else {
			crm_warn("line %ld: %s", line, err);
			in->bad++;
		}
	} else
		in->added++;
	free(err);
	db_row_free(ctx->s, vals);
	return in->fatal ? CRM_EXIT_DB : 0;
}

static void note(const char *msg)
{
	crm_warn("%s", msg);
}

int crm_task_import_ics(struct crm_ctx *ctx, FILE *f)
{
	struct ics_in in = {ctx, 0, 0, 0};
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
		crm_warn("nothing imported: %ld invalid task%s", in.bad, in.bad == 1 ? "" : "s");
		return CRM_EXIT_DATA;
	}
	if (!ctx->o.quiet)
		fprintf(stderr, "%s: %s%ld added from iCalendar\n", crm_progname(),
		        ctx->o.dry_run ? "dry run: " : "", in.added);
	return 0;
}
