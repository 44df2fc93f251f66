/*
 * activity.c - tasks and the interaction log: reminders, recurrence, the
 * morning agenda, snoozing, and a record's timeline.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/activity.h"
#include "base/i18n.h"
#include "domain/service.h"

/* ------------------------------------------------------------- time */

static int is_timestamp(const char *v)
{
	return v && strlen(v) == 20 && v[10] == 'T' && v[19] == 'Z';
}

/* A UTC timestamp as seconds. */
static time_t ts_seconds(const char *ts)
{
	time_t t = 0;
	crm_time_of(ts, &t);
	return t;
}

/* A local date at a local time of day, as seconds. */
static time_t local_seconds(const char *date, int hour, int min)
{
	struct tm tm = {0};
	sscanf(date, "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_hour = hour;
	tm.tm_min = min;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

/* When a due moment is: a timestamp as it is; a date at 09:00 local, the working day's start. */
static time_t due_seconds(const char *due)
{
	return is_timestamp(due) ? ts_seconds(due) : local_seconds(due, 9, 0);
}

/* The local date of a due value, for grouping by day. */
static void due_day(const char *due, char *day)
{
	if (is_timestamp(due)) {
		char local[32];
		crm_local_time(due, local, sizeof local);
		memcpy(day, local, 10);
		day[10] = '\0';
	} else
		snprintf(day, 11, "%s", due);
}

/* "-1h", "-30m", "-2d", "-1w": seconds before due; -1 if not an offset. */
static long offset_seconds(const char *v)
{
	long secs;
	return v[0] == '-' && crm_parse_duration(v + 1, &secs) == 0 ? secs : -1;
}

/* The remind field in normal form: a UTC timestamp. */
static int normal_remind(struct crm_ctx *ctx, long long id, char **cur, char **err)
{
	const char *r = cur[rec_field(ctx, "remind")], *due = cur[rec_field(ctx, "due")];
	if (!r || is_timestamp(r))
		return 0;
	char ts[32];
	long before = offset_seconds(r);
	if (before >= 0 && !due) {
		*err = crm_xasprintf(_("remind: '%s' is before due, and there is no due date"), r);
		return CRM_EXIT_DATA;
	}
	char *when = NULL, *werr = NULL;
	static const struct crm_field as_when = {.name = "remind", .type = CRM_T_WHEN};
	if (before >= 0)
		crm_timestamp(due_seconds(due) - before, ts);
	else if (crm_value_normal(ctx->db, &as_when, r, &when, &werr) == 0 && when)
		/* the same words as due: a day alone means its start of work, 09:00 */
		crm_timestamp(due_seconds(when), ts);
	else {
		free(werr);
		*err =
		    crm_xasprintf(_("remind: not a date and time or an offset like -1h '%s'"), r);
		return CRM_EXIT_DATA;
	}
	free(when);
	return rec_set(ctx, id, cur, "remind", ts, err);
}

/* ----------------------------------------------------------- recurrence */

struct recur {
	int n;
	char unit; /* d, w, m, y, or b: weekdays */
	int from_done;
};

/* daily, weekdays, weekly, monthly, yearly, "every 2w", with "from done" after any. */
static int parse_recur(const char *v, struct recur *r)
{
	char *f = crm_fold(v), *p = f;
	int ok = 1;
	*r = (struct recur){1, 0, 0};
	char *from = strstr(f, " from done");
	if (from && !from[10]) {
		r->from_done = 1;
		*from = '\0';
	}
	if (!strcmp(p, "daily"))
		r->unit = 'd';
	else if (!strcmp(p, "weekdays"))
		r->unit = 'b';
	else if (!strcmp(p, "weekly"))
		r->unit = 'w';
	else if (!strcmp(p, "monthly"))
		r->unit = 'm';
	else if (!strcmp(p, "yearly"))
		r->unit = 'y';
	else if (!strncmp(p, "every ", 6)) {
		char *end;
		r->n = (int)strtol(p + 6, &end, 10);
		ok = end > p + 6 && r->n > 0 && r->n < 1000 && strchr("dwmy", *end) && *end &&
		     !end[1];
		r->unit = *end;
	} else
		ok = 0;
	free(f);
	return ok ? 0 : -1;
}

/* Adds one period to a date (months clamp: Jan 31 + 1m is the month's last day). */
/* anchor: the day of the month the series keeps (Jan 31: Feb 28, then Mar 31). */
static void add_period(struct tm *tm, const struct recur *r, int anchor)
{
	if (r->unit == 'b') {
		do {
			tm->tm_mday++;
			tm->tm_isdst = -1;
			timegm(tm);
		} while (tm->tm_wday == 0 || tm->tm_wday == 6);
		return;
	}
	if (r->unit == 'd' || r->unit == 'w') {
		tm->tm_mday += r->n * (r->unit == 'w' ? 7 : 1);
		timegm(tm);
		return;
	}
	int day = anchor ? anchor : tm->tm_mday, months = r->n * (r->unit == 'y' ? 12 : 1);
	tm->tm_mday = 1;
	tm->tm_mon += months;
	timegm(tm);
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y = tm->tm_year + 1900, last = mdays[tm->tm_mon];
	if (tm->tm_mon == 1 && ((y % 4 == 0 && y % 100) || y % 400 == 0))
		last = 29;
	tm->tm_mday = day < last ? day : last;
	timegm(tm);
}

/*
 * The next due after this one: counted from the due date (or from today with
 * "from done"), and always after today, so missed occurrences do not pile up.
 */
static char *next_due(const char *due, const struct recur *r, int anchor)
{
	char today[16], day[16];
	crm_parse_date("today", today);
	due_day(due, day);
	const char *base = r->from_done ? today : day;
	struct tm tm = {0};
	sscanf(base, "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	char next[16];
	do {
		add_period(&tm, r, anchor);
		strftime(next, sizeof next, "%Y-%m-%d", &tm);
	} while (strcmp(next, today) <= 0);
	if (!is_timestamp(due))
		return crm_xstrdup(next);
	/* a due time of day stays that time of day, in local time */
	char local[32], ts[32];
	crm_local_time(due, local, sizeof local);
	int h = 9, m = 0;
	sscanf(local + 11, "%d:%d", &h, &m);
	crm_timestamp(local_seconds(next, h, m), ts);
	return crm_xstrdup(ts);
}

/* 1 if an open task with this subject is already due then. */
static int next_exists(struct crm_ctx *ctx, const char *subject, const char *due)
{
	/* a comma in the subject is part of it, not a list of subjects */
	struct crm_buf sb = CRM_BUF_INIT;
	crm_buf_puts(&sb, "subject=");
	for (const char *p = subject; *p; p++)
		crm_buf_puts(&sb, *p == ',' ? "\\," : (char[]){*p, 0});
	char *w[] = {crm_buf_detach(&sb), crm_xasprintf("due=%s", due), "status=open"};
	struct crm_filter f = {NULL, 0, 0};
	char *err = NULL;
	struct crm_strv ids = CRM_STRV_INIT;
	if (crm_filter_parse(ctx->db, ctx->s, 3, w, &f, &err) == 0) {
		struct db_query q = {.s = ctx->s, .filter = &f, .sort_field = 0, .limit = 1};
		db_select(ctx->db, &q, cli_push_id, &ids);
	}
	int n = ids.n;
	free(err);
	free(w[0]);
	free(w[1]);
	crm_filter_release(&f);
	crm_strv_release(&ids);
	return n > 0;
}

/* Finishing a recurring task makes the next one, like it, due at the next occurrence. */
static int spawn_next(struct crm_ctx *ctx, char **cur, const struct recur *r, long long id,
                      char **err)
{
	static const char *const kept[] = {"tags",  "subject", "kind", "priority",
	                                   "recur", "owner",   "notes"};
	static const char *const about[] = {"contact", "account", "lead", "opp", "case"};
	char **vals = crm_xcalloc(ctx->s->nfields, sizeof(char *));
	for (size_t k = 0; k < sizeof kept / sizeof kept[0]; k++)
		if (cur[rec_field(ctx, kept[k])])
			vals[rec_field(ctx, kept[k])] = crm_xstrdup(cur[rec_field(ctx, kept[k])]);
	for (size_t k = 0; k < sizeof about / sizeof about[0]; k++) {
		long long ref = db_ref_id(ctx->db, ctx->s, id, rec_field(ctx, about[k]));
		vals[rec_field(ctx, about[k])] = ref ? crm_xasprintf("%lld", ref) : NULL;
	}
	const char *due = cur[rec_field(ctx, "due")], *remind = cur[rec_field(ctx, "remind")];
	char day[16];
	due_day(due, day);
	int anchor =
	    cur[rec_field(ctx, "anchor")] ? atoi(cur[rec_field(ctx, "anchor")]) : atoi(day + 8);
	vals[rec_field(ctx, "anchor")] = crm_xasprintf("%d", anchor);
	vals[rec_field(ctx, "due")] = next_due(due, r, r->from_done ? 0 : anchor);
	if (next_exists(ctx, vals[rec_field(ctx, "subject")], vals[rec_field(ctx, "due")])) {
		db_row_free(ctx->s, vals);
		return 0; /* done, reopened and done again: its next is already there */
	}
	if (remind) {
		char ts[32];
		crm_timestamp(due_seconds(vals[rec_field(ctx, "due")]) -
		                  (due_seconds(due) - ts_seconds(remind)),
		              ts);
		vals[rec_field(ctx, "remind")] = crm_xstrdup(ts);
	}
	long long next = rec_create(ctx, vals, err);
	if (next && !ctx->o.quiet && !ctx->o.dry_run)
		crm_warn(_("task %lld done; next: task %lld due %s"), id, next,
		         vals[rec_field(ctx, "due")]);
	db_row_free(ctx->s, vals);
	return next ? 0 : *err ? CRM_EXIT_DATA : CRM_EXIT_DB;
}

int crm_task_after_write(struct crm_ctx *ctx, long long id, char **cur, const char *assigned,
                         char **err)
{
	struct recur r = {1, 0, 0};
	const char *recur = cur[rec_field(ctx, "recur")], *status = cur[rec_field(ctx, "status")];
	if (recur && parse_recur(recur, &r) < 0) {
		*err =
		    crm_xasprintf(_("recur: not daily, weekdays, weekly, monthly, yearly or 'every "
		                    "N d|w|m|y' (then 'from done' if wanted) '%s'"),
		                  recur);
		return CRM_EXIT_DATA;
	}
	if (recur && !cur[rec_field(ctx, "due")]) {
		*err = crm_xstrdup(_("recur: a recurring task needs a due date"));
		return CRM_EXIT_DATA;
	}
	int rc = normal_remind(ctx, id, cur, err);
	if (!rc && assigned[rec_field(ctx, "contact")])
		rc = crm_account_from_contact(ctx, id, cur, err);
	/* a new reminder, or a new due date, is reminded again */
	if (!rc && (assigned[rec_field(ctx, "remind")] || assigned[rec_field(ctx, "due")]) &&
	    !assigned[rec_field(ctx, "reminded")]) /* an import says when it was reminded */
		rc = rec_set(ctx, id, cur, "reminded", NULL, err);
	int closing = status && strcmp(status, "open") && !cur[rec_field(ctx, "finished")];
	if (!rc && closing)
		rc = rec_set(ctx, id, cur, "finished", ctx->now, err);
	else if (!rc && status && !strcmp(status, "open"))
		rc = rec_set(ctx, id, cur, "finished", NULL, err);
	if (!rc && closing && recur && !strcmp(status, "done"))
		rc = spawn_next(ctx, cur, &r, id, err);
	return rc;
}

int crm_interaction_after_write(struct crm_ctx *ctx, long long id, char **cur, const char *assigned,
                                char **err)
{
	int rc = cur[rec_field(ctx, "at")] ? 0 : rec_set(ctx, id, cur, "at", ctx->now, err);
	if (!rc && assigned[rec_field(ctx, "contact")])
		rc = crm_account_from_contact(ctx, id, cur, err);
	const char *direction = cur[rec_field(ctx, "direction")];
	int fc = rec_field(ctx, "case");
	if (!rc && cur[fc] && direction && !strcmp(direction, "in") &&
	    (assigned[fc] || assigned[rec_field(ctx, "direction")]))
		rc = crm_case_heard_from(ctx, db_ref_id(ctx->db, ctx->s, id, fc), err);
	const char *body = cur[rec_field(ctx, "body")];
	if (!rc && body && !strcmp(body, "-") && !strcmp(ctx->verb->name, "add")) {
		/* body=- : what was said comes from standard input, a mail piped in */
		char *text = NULL;
		rc = rec_read_stdin("body", &text, err);
		if (!rc)
			rc = rec_set(ctx, id, cur, "body", text, err);
		free(text);
	}
	return rc;
}

/* ------------------------------------------------------------ task verbs */

static const struct crm_transition task_done = {.field = "status", .value = "done"};
static const struct crm_transition task_cancel = {.field = "status", .value = "cancelled"};

int crm_verb_done(struct crm_ctx *ctx, int argc, char **argv)
{
	return rec_transition(ctx, argc, argv, &task_done);
}

int crm_verb_cancel(struct crm_ctx *ctx, int argc, char **argv)
{
	return rec_transition(ctx, argc, argv, &task_cancel);
}

/* The new due of a snoozed task: read as due= reads it ("tomorrow 10:30",
 * "mañana 10:30"), and a date alone keeps the task's time of day, if it had one. */
static char *snoozed_due(struct crm_ctx *ctx, const char *old, const char *when, char **err)
{
	char *buf = NULL;
	const struct crm_field *due = &ctx->s->fields[rec_field(ctx, "due")];
	if (crm_value_normal(ctx->db, due, when, &buf, err) < 0 || !buf || !*buf) {
		if (!*err)
			*err = crm_xasprintf(_("due: invalid date '%s'"), when);
		free(buf);
		return NULL;
	}
	if (is_timestamp(buf) || !old || !is_timestamp(old))
		return buf;
	char local[32], ts[32];
	crm_local_time(old, local, sizeof local);
	int h = 9, m = 0;
	sscanf(local + 11, "%d:%d", &h, &m);
	crm_timestamp(local_seconds(buf, h, m), ts);
	free(buf);
	return crm_xstrdup(ts);
}

int crm_verb_snooze(struct crm_ctx *ctx, int argc, char **argv)
{
	struct crm_strv ids = CRM_STRV_INIT, words = CRM_STRV_INIT;
	int rc = cli_targets(ctx, argc, argv, 0, &ids, &words);
	if (!rc && words.n != 1)
		rc =
		    cli_usage_error(ctx, _("until when? give one date: +2d, tomorrow, 2026-12-01"));
	if (!rc && !ids.n)
		rc = CRM_EXIT_NOMATCH;
	if (!rc)
		rc = rec_check_ids(ctx, &ids);
	for (int i = 0; !rc && i < ids.n; i++) {
		char **cur = db_get(ctx->db, ctx->s, atoll(ids.v[i]), NULL);
		const char *old = cur[rec_field(ctx, "due")],
		           *remind = cur[rec_field(ctx, "remind")];
		char *err = NULL, *due = snoozed_due(ctx, old, words.v[0], &err);
		struct crm_strv w = CRM_STRV_INIT, one = CRM_STRV_INIT;
		if (due) {
			crm_strv_push_owned(&w, crm_xasprintf("due=%s", due));
			/* the reminder moves with the task */
			if (remind && old) {
				char ts[32];
				crm_timestamp(
				    due_seconds(due) - (due_seconds(old) - ts_seconds(remind)), ts);
				crm_strv_push_owned(&w, crm_xasprintf("remind=%s", ts));
			}
			crm_strv_push(&one, ids.v[i]);
			rc = rec_set_words(ctx, &one, w.n, w.v);
		} else {
			crm_warn("%s", err);
			rc = CRM_EXIT_DATA;
		}
		free(err);
		free(due);
		crm_strv_release(&w);
		crm_strv_release(&one);
		db_row_free(ctx->s, cur);
	}
	crm_strv_release(&ids);
	crm_strv_release(&words);
	return rc;
}

/* --------------------------------------------------------------- agenda */

struct agenda_item {
	char *key; /* local day and time: what the agenda sorts by */
	char *cell[7];
};

struct agenda {
	struct crm_ctx *ctx;
	char today[16], tomorrow[16], eow[16], horizon[16];
	struct agenda_item *items;
	int n;
	int for_people; /* a table: the groups in the reader's language */
};

/* "contact Ana García": what a task is about; in a table, in the reader's language. */
static char *about_of(struct crm_ctx *ctx, const char *const *vals, int for_people)
{
	static const char *const about[] = {"contact", "account", "lead", "opp", "case"};
	for (size_t k = 0; k < sizeof about / sizeof about[0]; k++)
		if (vals[rec_field(ctx, about[k])])
			return crm_xasprintf(
			    "%s %s", for_people ? crm_noun(crm_entity_find(about[k]), 1) : about[k],
			    vals[rec_field(ctx, about[k])]);
	return NULL;
}

static char *dup_or_null(const char *s)
{
	return s ? crm_xstrdup(s) : NULL;
}

/* Collects the tasks due by the horizon in local time; the store sorts text, not days. */
static int agenda_row(void *arg, const char *const *vals)
{
	struct agenda *a = arg;
	const char *due = vals[rec_field(a->ctx, "due")];
	char day[16], when[32];
	due_day(due, day);
	if (strcmp(day, a->horizon) > 0)
		return 0;
	/* TRANSLATORS: the agenda's groups, in its table for people (tsv keeps these words) */
	static const char *const groups[] = {N_("overdue"), N_("today"), N_("tomorrow"),
	                                     N_("this week"), N_("later")};
	const char *group = groups[strcmp(day, a->today) < 0   ? 0
	                           : !strcmp(day, a->today)    ? 1
	                           : !strcmp(day, a->tomorrow) ? 2
	                           : strcmp(day, a->eow) <= 0  ? 3
	                                                       : 4];
	if (a->for_people)
		group = _(group);
	if (is_timestamp(due))
		crm_local_time(due, when, sizeof when);
	else
		snprintf(when, sizeof when, "%s", due);
	a->items = crm_xrealloc(a->items, sizeof(*a->items) * (a->n + 1));
	struct agenda_item *it = &a->items[a->n++];
	it->key = crm_xstrdup(when);
	/* the id first: the agenda feeds verbs that read ids (crm-task done -) */
	const char *cells[] = {vals[0],
	                       group,
	                       when,
	                       vals[rec_field(a->ctx, "subject")],
	                       vals[rec_field(a->ctx, "priority")],
	                       NULL,
	                       vals[rec_field(a->ctx, "owner")]};
	for (int c = 0; c < 7; c++)
		it->cell[c] = dup_or_null(cells[c]);
	it->cell[5] = about_of(a->ctx, vals, a->for_people);
	return 0;
}

static int by_key(const void *x, const void *y)
{
	const struct agenda_item *a = x, *b = y;
	/* "2026-03-04" sorts before "2026-03-04 21:00": a whole day's task first */
	int c = strcmp(a->key, b->key);
	return c ? c : atoll(a->cell[0]) < atoll(b->cell[0]) ? -1 : 1;
}

/* The morning view: open tasks overdue, today, tomorrow, this week, up to --days ahead. */
int crm_verb_agenda(struct crm_ctx *ctx, int argc, char **argv)
{
	struct agenda a = {.ctx = ctx, .for_people = cli_format(ctx, CRM_FMT_TSV) == CRM_FMT_TABLE};
	long days = ctx->o.days >= 0 ? ctx->o.days : 7;
	char ahead[32], bound[32];
	snprintf(ahead, sizeof ahead, "+%ldd", days);
	/* a local day's tasks may be stored as the next UTC day: look one day further */
	snprintf(bound, sizeof bound, "+%ldd", days + 2);
	crm_parse_date("today", a.today);
	crm_parse_date("tomorrow", a.tomorrow);
	crm_parse_date("eow", a.eow);
	crm_parse_date(ahead, a.horizon);
	char before[48];
	snprintf(before, sizeof before, "due<%s", bound);
	const char *const terms[] = {"status=open", "due!=", before, NULL};
	struct crm_filter f = {NULL, 0, 0};
	int rc = rec_filter(ctx, argc, argv, terms, &f);
	struct db_query q = {.s = ctx->s, .filter = &f, .sort_field = 0};
	if (!rc && db_select(ctx->db, &q, agenda_row, &a) < 0) {
		crm_warn("%s", db_error(ctx->db));
		rc = CRM_EXIT_DB;
	}
	if (a.n)
		qsort(a.items, a.n, sizeof *a.items, by_key);
	static const struct crm_column cols[] = {{"id", 1},      {"when", 0},     {"due", 0},
	                                         {"subject", 0}, {"priority", 0}, {"about", 0},
	                                         {"owner", 0}};
	struct crm_printer *p =
	    rc ? NULL : crm_printer_new(cli_format(ctx, CRM_FMT_TSV), stdout, ctx->o.header);
	if (p)
		crm_printer_begin(p, cols, 7);
	for (int i = 0; i < a.n; i++) {
		if (p)
			crm_printer_row(p, (const char *const *)a.items[i].cell);
		for (int c = 0; c < 7; c++)
			free(a.items[i].cell[c]);
		free(a.items[i].key);
	}
	if (p && crm_printer_end(p) < 0)
		rc = CRM_EXIT_DB;
	free(a.items);
	crm_filter_release(&f);
	return rc ? rc : a.n ? 0 : CRM_EXIT_NOMATCH;
}

/* --------------------------------------------------------------- remind */

/*
 * For cron: prints the open tasks whose reminder time has come and that were
 * not reminded before, and marks them.  The run holds the write lock from
 * the start, so two runs at once never both print a task; nothing due prints
 * nothing, so cron sends no mail; a failure exits non-zero.
 */
int crm_verb_remind(struct crm_ctx *ctx, int argc, char **argv)
{
	struct crm_strv ids = CRM_STRV_INIT;
	char due[48], *err = NULL;
	snprintf(due, sizeof due, "remind<=%s", ctx->now);
	const char *const terms[] = {"status=open", "reminded=", due, NULL};
	struct crm_filter f = {NULL, 0, 0};
	int rc = rec_filter(ctx, argc, argv, terms, &f);
	struct db_query q = {.s = ctx->s, .filter = &f, .sort_field = rec_field(ctx, "remind")};
	if (!rc && db_select(ctx->db, &q, cli_push_id, &ids) < 0) {
		crm_warn("%s", db_error(ctx->db));
		rc = CRM_EXIT_DB;
	}
	char *w = crm_xasprintf("reminded=%s", ctx->now);
	int fr = rec_field(ctx, "reminded");
	for (int i = 0; !rc && i < ids.n; i++) {
		/* reminded is set by crm, not by hand: through the core, so it is logged */
		char **cur = db_get(ctx->db, ctx->s, atoll(ids.v[i]), NULL);
		int r = rec_change(ctx, atoll(ids.v[i]), cur, fr, ctx->now, &err);
		rc = r < 0 ? CRM_EXIT_DB : rec_touch(ctx, atoll(ids.v[i])) < 0 ? CRM_EXIT_DB : 0;
		db_row_free(ctx->s, cur);
	}
	free(w);
	/* the commit's own work first (the search index), so that between the
	   reminders going out and the commit there is as little as can be: a kill
	   there prints them again next time, and nothing ever loses one */
	if (!rc && ids.n && db_commit_ready(ctx->db) < 0) {
		crm_warn("%s", db_error(ctx->db));
		rc = CRM_EXIT_DB;
	}
	if (!rc && ids.n) {
		/* printed from the marked records, in the format asked for */
		struct crm_filter byid = {NULL, 0, 0};
		struct crm_strv idw = CRM_STRV_INIT;
		struct crm_buf list = CRM_BUF_INIT;
		for (int i = 0; i < ids.n; i++)
			crm_buf_printf(&list, "%s%s", i ? "," : "", ids.v[i]);
		crm_strv_push_owned(&idw, crm_xasprintf("id=%s", crm_buf_str(&list)));
		rc = crm_filter_parse(ctx->db, ctx->s, idw.n, idw.v, &byid, &err);
		if (!rc)
			rc = crm_print_filtered(ctx, &byid, rec_field(ctx, "remind"));
		free(err);
		crm_filter_release(&byid);
		crm_strv_release(&idw);
		crm_buf_release(&list);
	}
	crm_filter_release(&f);
	crm_strv_release(&ids);
	return rc;
}

/* ------------------------------------------------------------- timeline */

struct event {
	char *at, *kind, *what;
};

struct events {
	struct event *e;
	int n;
	struct crm_ctx *ctx;
	const struct crm_schema *s; /* the schema rows come from */
};

static void push_event(struct events *ev, const char *at, const char *kind, char *what)
{
	ev->e = crm_xrealloc(ev->e, sizeof(*ev->e) * (ev->n + 1));
	ev->e[ev->n++] = (struct event){crm_xstrdup(at ? at : ""), crm_xstrdup(kind), what};
}

static int history_event(void *arg, const struct db_change *c)
{
	struct events *ev = arg;
	char *what = !strcmp(c->op, "set")
	                 ? crm_xasprintf("%s: %s → %s", c->field, c->old ? c->old : "(empty)",
	                                 c->new_ ? c->new_ : "(empty)")
	             : !strcmp(c->op, "add") ? crm_xstrdup("added")
	             : !strcmp(c->op, "rm")  ? crm_xstrdup("deleted")
	                                     : crm_xstrdup(c->op);
	push_event(ev, c->at, "change", what);
	return 0;
}

static int interaction_event(void *arg, const char *const *vals)
{
	struct events *ev = arg;
	const struct crm_schema *s = ev->s;
	const char *dir = vals[crm_schema_field(s, "direction")];
	const char *subject = vals[crm_schema_field(s, "subject")];
	char *kind = crm_xasprintf("%s%s%s", vals[crm_schema_field(s, "channel")], dir ? " " : "",
	                           dir ? dir : "");
	push_event(ev, vals[crm_schema_field(s, "at")], kind,
	           crm_xstrdup(subject ? subject : "(no subject)"));
	free(kind);
	return 0;
}

static int task_event(void *arg, const char *const *vals)
{
	struct events *ev = arg;
	const struct crm_schema *s = ev->s;
	const char *subject = vals[crm_schema_field(s, "subject")];
	const char *due = vals[crm_schema_field(s, "due")];
	char when[32] = "";
	if (due)
		crm_local_time(due, when, sizeof when); /* a date passes through as it is */
	push_event(ev, vals[crm_schema_field(s, "created")], "task",
	           crm_xasprintf("%s%s%s", subject, due ? ", due " : "", when));
	const char *finished = vals[crm_schema_field(s, "finished")];
	if (finished)
		push_event(ev, finished,
		           !strcmp(vals[crm_schema_field(s, "status")], "done") ? "task done"
		                                                                : "task cancelled",
		           crm_xstrdup(subject));
	return 0;
}

/* Rows of another entity that are about the record, through its field named like it. */
static int about_rows(struct events *ev, const struct crm_entity *of, const char *ref, long long id,
                      db_row_fn fn)
{
	ev->s = db_schema(ev->ctx->db, of);
	if (crm_schema_field(ev->s, ref) < 0)
		return 0;
	char *word = crm_xasprintf("%s=%lld", ref, id), *err = NULL;
	struct crm_filter f = {NULL, 0, 0};
	int rc = crm_filter_parse(ev->ctx->db, ev->s, 1, &word, &f, &err);
	struct db_query q = {.s = ev->s, .filter = &f, .sort_field = 0};
	if (!rc && db_select(ev->ctx->db, &q, fn, ev) < 0)
		rc = CRM_EXIT_DB;
	free(err);
	free(word);
	crm_filter_release(&f);
	return rc;
}

static int newest_first(const void *a, const void *b)
{
	return strcmp(((const struct event *)b)->at, ((const struct event *)a)->at);
}

/* Everything that happened with a record, newest first: interactions, tasks, changes. */
int crm_verb_timeline(struct crm_ctx *ctx, int argc, char **argv)
{
	if (argc != 1)
		return cli_usage_error(ctx, _("give one record: contact=12, account=Acme, opp=7"));
	const struct crm_entity *ent;
	long long id;
	int rc = rec_parse_ref(ctx, argv[0], &ent, &id);
	struct events ev = {NULL, 0, ctx, NULL};
	if (!rc && db_record_changes(ctx->db, ent->name, id, history_event, &ev) < 0)
		rc = CRM_EXIT_DB;
	if (!rc)
		rc = about_rows(&ev, &crm_entity_interaction, ent->name, id, interaction_event);
	if (!rc)
		rc = about_rows(&ev, &crm_entity_task, ent->name, id, task_event);
	if (ev.n)
		qsort(ev.e, ev.n, sizeof *ev.e, newest_first);
	enum crm_format fmt = cli_format(ctx, CRM_FMT_TSV);
	static const struct crm_column cols[] = {{"when", 0}, {"kind", 0}, {"what", 0}};
	struct crm_printer *p = rc ? NULL : crm_printer_new(fmt, stdout, ctx->o.header);
	if (p)
		crm_printer_begin(p, cols, 3);
	for (int i = 0; i < ev.n; i++) {
		char when[32];
		if (fmt == CRM_FMT_TABLE && is_timestamp(ev.e[i].at))
			crm_local_time(ev.e[i].at, when, sizeof when);
		else
			snprintf(when, sizeof when, "%s", ev.e[i].at);
		const char *row[] = {when, ev.e[i].kind, ev.e[i].what};
		if (p)
			crm_printer_row(p, row);
		free(ev.e[i].at), free(ev.e[i].kind), free(ev.e[i].what);
	}
	if (p && crm_printer_end(p) < 0)
		rc = CRM_EXIT_DB;
	free(ev.e);
	return rc;
}
