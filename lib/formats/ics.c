/*
 * ics.c - iCalendar (RFC 5545) VTODO out and in, for crm-task.
 *
 * Writing builds each content line whole, then folds it at 75 octets on a
 * character boundary.  Reading turns the stream into unfolded "logical" lines
 * and runs them through a stack of open components: the stack says whether a
 * property belongs to the VTODO being read or to something skipped (a VEVENT,
 * a VALARM inside the VTODO).  Dates go through date.c, so crm keeps a single
 * notion of what a valid date is.
 */

/* setenv, unsetenv and tzset are POSIX, hidden by -std=c11 without this. */
#define _GNU_SOURCE

#include "base/i18n.h"
#include "formats/ics.h"
#include "formats/contentline.h"
#include "base/input_limits.h"
#include "base/i18n.h"

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Deeper nesting than this is a broken or hostile file, not a calendar. */
enum { NESTING_MAX = 64 };

/*
 * User data quoted in a message is cut at 60 bytes ("%.60s", written out in
 * each message for the translators): a message is one readable line.
 */

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* =============================================================== writing */

/* Starts the content line "NAME" in b; the caller adds parameters and ":value". */
static void begin_property(struct crm_buf *b, const char *name)
{
	crm_buf_reset(b);
	crm_buf_puts(b, name);
}

static void end_property(FILE *out, struct crm_buf *b)
{
	cl_put_folded(out, crm_buf_str(b), b->len);
}

static void write_text(FILE *out, struct crm_buf *b, const char *name, const char *value)
{
	if (!value)
		return;
	begin_property(b, name);
	crm_buf_putc(b, ':');
	cl_put_text(b, value);
	end_property(out, b);
}

/* "2026-03-01T09:00:00Z" -> "20260301T090000Z": the form RFC 5545 dates take. */
static void basic_format(const char *iso, char *out)
{
	for (; *iso; iso++)
		if (*iso != '-' && *iso != ':')
			*out++ = *iso;
	*out = '\0';
}

/* A stored "YYYY-MM-DD": exactly that shape, and a real day (not 2026-02-30). */
static int is_iso_date(const char *s)
{
	char day[11];

	return strlen(s) == 10 && is_digit(s[0]) && crm_parse_date(s, day) == 0;
}

/*
 * A stored timestamp in basic UTC form (17 bytes).  Only values written with
 * digits count: "now" or "+3d" are things users type, never stored values.
 */
static int utc_basic(const char *ts, char *out)
{
	char iso[21];

	if (!is_digit(ts[0]) || crm_parse_datetime(ts, iso) != 0 || !iso[0])
		return -1;
	basic_format(iso, out);
	return 0;
}

static const char *uid_for_message(const struct ics_todo *t)
{
	return t->uid ? t->uid : "(no UID)";
}

/* A bad stored date loses that one property, not the task: the export goes on. */
static void write_stamp(FILE *out, struct crm_buf *b, const char *name, const char *ts,
                        const struct ics_todo *t)
{
	char basic[17];

	if (!ts)
		return;
	if (utc_basic(ts, basic) != 0) {
		crm_warn(_("task %s: %s '%.60s' is not a timestamp; left out"), uid_for_message(t),
		         name, ts);
		return;
	}
	begin_property(b, name);
	crm_buf_putc(b, ':');
	crm_buf_puts(b, basic);
	end_property(out, b);
}

/* A date stays a date (VALUE=DATE: all day, no zone); a timestamp is written in UTC. */
static void write_due(FILE *out, struct crm_buf *b, const struct ics_todo *t)
{
	char basic[17];

	if (!t->due)
		return;
	if (is_iso_date(t->due)) {
		basic_format(t->due, basic);
		begin_property(b, "DUE;VALUE=DATE:");
		crm_buf_puts(b, basic);
		end_property(out, b);
		return;
	}
	if (utc_basic(t->due, basic) != 0) {
		crm_warn(_("task %s: DUE '%.60s' is neither a date nor a timestamp; left out"),
		         uid_for_message(t), t->due);
		return;
	}
	begin_property(b, "DUE:");
	crm_buf_puts(b, basic);
	end_property(out, b);
}

/* 0 means "undefined" in RFC 5545 too, so it is left out like any value out of range. */
static void write_priority(FILE *out, struct crm_buf *b, int priority)
{
	if (priority < 1 || priority > 9)
		return;
	begin_property(b, "PRIORITY");
	crm_buf_printf(b, ":%d", priority);
	end_property(out, b);
}

static void write_rrule(FILE *out, struct crm_buf *b, const char *rrule)
{
	if (!rrule || !*rrule)
		return;
	begin_property(b, "RRULE:");
	cl_put_plain(b, rrule);
	end_property(out, b);
}

/* crm's list is plain comma-separated; iCalendar's is too, with each item escaped as TEXT. */
static void write_categories(FILE *out, struct crm_buf *b, const char *categories)
{
	struct crm_strv items = CRM_STRV_INIT;
	int i;

	if (!categories)
		return;
	crm_strv_split(&items, categories, ',');
	if (items.n > 0) {
		begin_property(b, "CATEGORIES:");
		for (i = 0; i < items.n; i++) {
			if (i > 0)
				crm_buf_putc(b, ',');
			cl_put_text(b, items.v[i]);
		}
		end_property(out, b);
	}
	crm_strv_release(&items);
}

void ics_begin(FILE *out)
{
	fputs("BEGIN:VCALENDAR\r\n"
	      "VERSION:2.0\r\n"
	      "PRODID:-//crm//crm-task//EN\r\n"
	      "CALSCALE:GREGORIAN\r\n",
	      out);
}

void ics_todo(FILE *out, const struct ics_todo *t)
{
	struct crm_buf b = CRM_BUF_INIT;
	char now[21], stamp[17];

	/* DTSTAMP is when this copy was made: crm_now, so tests can pin it. */
	crm_timestamp(crm_now(), now);
	basic_format(now, stamp);

	fputs("BEGIN:VTODO\r\n", out);
	write_text(out, &b, "UID", t->uid);
	begin_property(&b, "DTSTAMP:");
	crm_buf_puts(&b, stamp);
	end_property(out, &b);
	write_stamp(out, &b, "CREATED", t->created, t);
	write_stamp(out, &b, "LAST-MODIFIED", t->last_modified, t);
	write_text(out, &b, "SUMMARY", t->summary);
	write_text(out, &b, "DESCRIPTION", t->description);
	write_text(out, &b, "STATUS", t->status);
	write_priority(out, &b, t->priority);
	write_due(out, &b, t);
	write_stamp(out, &b, "COMPLETED", t->completed, t);
	write_rrule(out, &b, t->rrule);
	write_categories(out, &b, t->categories);
	fputs("END:VTODO\r\n", out);
	crm_buf_release(&b);
}

int ics_end(FILE *out)
{
	fputs("END:VCALENDAR\r\n", out);
	/* Earlier writes may have failed silently: the stream's error flag remembers. */
	if (fflush(out) == EOF || ferror(out))
		return -1;
	return 0;
}

/* =============================================================== reading */

/* An open component: its name, upper-cased, and the line of its BEGIN. */
struct component {
	char *name;
	long line;
};

/* The VTODO being read; strings are owned and NULL until their property is seen. */
struct todo_build {
	char *uid, *summary, *description, *status, *due, *completed, *created, *last_modified,
	    *rrule;
	struct crm_buf categories;
	int priority, has_priority;
	long line;
};

struct reader {
	struct cl_reader cl; /* the logical lines of the input */
	ics_todo_fn fn;
	void *ctx;
	struct cl_diag diag; /* where notes and the error go */
	struct component stack[NESTING_MAX];
	int depth;
	int todo_depth; /* the stack depth of the VTODO being read; 0: none */
	struct todo_build todo;
};

/* ------------------------------------------------------------ messages */

/* --------------------------------------------------------------- lines */

/* ---------------------------------------------------------------- text */

static void append_category(struct crm_buf *list, const char *item)
{
	char *t = crm_trim(item);

	if (*t) {
		if (list->len > 0)
			crm_buf_putc(list, ',');
		crm_buf_puts(list, t);
	}
	free(t);
}

/*
 * Adds the items of one CATEGORIES value (the property may come more than
 * once) to the list.  crm's list is plain comma-separated, so a comma escaped
 * inside an item cannot survive as one: "Meeting\, John" becomes
 * "Meeting John" rather than two categories.
 */
static void add_categories(struct crm_buf *list, const char *v)
{
	struct crm_buf item = CRM_BUF_INIT;

	for (;;) {
		if (*v == ',' || *v == '\0') {
			append_category(list, crm_buf_str(&item));
			crm_buf_reset(&item);
			if (*v == '\0')
				break;
			v++;
		} else if (v[0] == '\\' && v[1] == ',') {
			if (v[2] != ' ')
				crm_buf_putc(&item, ' ');
			v += 2;
		} else {
			v += cl_unescape_one(&item, v);
		}
	}
	crm_buf_release(&item);
}

/* --------------------------------------------------------------- times */

static int all_digits(const char *s, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (!is_digit(s[i]))
			return 0;
	return 1;
}

/*
 * "20070501" -> "2007-05-01"; "20140829T080000" -> "2014-08-29T08:00:00",
 * with a Z kept.  Only the shape is checked here; date.c checks the calendar.
 */
static int basic_to_iso(const char *v, char *iso, int *has_time, int *utc)
{
	*has_time = *utc = 0;
	if (!all_digits(v, 8))
		return -1;
	memcpy(iso, v, 4);
	iso[4] = '-';
	memcpy(iso + 5, v + 4, 2);
	iso[7] = '-';
	memcpy(iso + 8, v + 6, 2);
	iso[10] = '\0';
	if (v[8] == '\0')
		return 0;
	if (cl_upper(v[8]) != 'T' || !all_digits(v + 9, 6))
		return -1;
	iso[10] = 'T';
	memcpy(iso + 11, v + 9, 2);
	iso[13] = ':';
	memcpy(iso + 14, v + 11, 2);
	iso[16] = ':';
	memcpy(iso + 17, v + 13, 2);
	iso[19] = '\0';
	*has_time = 1;
	if (cl_upper(v[15]) == 'Z') {
		iso[19] = 'Z';
		iso[20] = '\0';
		*utc = 1;
		return v[16] == '\0' ? 0 : -1;
	}
	return v[15] == '\0' ? 0 : -1;
}

/* VALUE=DATE must hold a date and VALUE=DATE-TIME a date-time; other types are not times. */
static int value_type_fits(const char *type, int has_time)
{
	if (cl_name_is(type, "DATE"))
		return !has_time;
	if (cl_name_is(type, "DATE-TIME"))
		return has_time;
	return 0;
}

/*
 * Letters, digits and "/_+-": what IANA zone names are made of.  Anything else
 * (a "..", a leading "/") could reach outside the zone directory.
 */
static int zone_name_valid(const char *zone)
{
	const char *p;

	if (!*zone || *zone == '/')
		return 0;
	for (p = zone; *p; p++)
		if (!(is_digit(*p) || (cl_upper(*p) >= 'A' && cl_upper(*p) <= 'Z') ||
		      strchr("/_+-", *p)))
			return 0;
	return 1;
}

/*
 * Whether zone is installed here.  glibc quietly takes an unknown TZ for UTC,
 * or reads a name like "UTC+3" as a POSIX rule (three hours *behind* UTC), so
 * the zone file is looked for first: only then can the user be told.
 */
static int zone_installed(const char *zone)
{
	const char *dir = getenv("TZDIR");
	char magic[4], *path;
	FILE *f;
	int found = 0;

	if (!zone_name_valid(zone))
		return 0;
	path = crm_xasprintf("%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo", zone);
	f = fopen(path, "rb");
	if (f) {
		/* A directory opens too but cannot be read; other files lack the magic. */
		found = fread(magic, 1, sizeof(magic), f) == sizeof(magic) &&
		        memcmp(magic, "TZif", sizeof(magic)) == 0;
		fclose(f);
	}
	free(path);
	return found;
}

/*
 * Reads a wall-clock date-time of zone into a UTC timestamp: TZ is switched
 * for the mktime that date.c does, then put back exactly as it was (unset
 * stays unset).  Like anything that changes the environment, not thread-safe.
 */
static int parse_in_zone(const char *zone, const char *iso, char *out)
{
	const char *old = getenv("TZ");
	char *saved = old ? crm_xstrdup(old) : NULL;
	int rc = -1;

	if (setenv("TZ", zone, 1) == 0) {
		tzset();
		rc = crm_parse_datetime(iso, out);
	}
	if (saved)
		setenv("TZ", saved, 1);
	else
		unsetenv("TZ");
	tzset();
	free(saved);
	return rc;
}

/*
 * A TZID date-time in UTC.  No VTIMEZONE is read: the TZID is taken for an
 * IANA name, which is what real exporters write.  RFC 5545 3.2.19 lets a "/"
 * prefix mark a globally unique id; the name after it is still the zone's.
 */
static int zoned_to_utc(struct reader *r, const char *prop, const char *tzid, const char *iso,
                        char *out)
{
	const char *zone = tzid[0] == '/' ? tzid + 1 : tzid;
	char *as_utc;
	int rc;

	if (zone_installed(zone))
		return parse_in_zone(zone, iso, out);
	cl_note(&r->diag, r->cl.line_no, _("unknown time zone '%.60s': %s taken as UTC"), tzid,
	        prop);
	as_utc = crm_xasprintf("%sZ", iso);
	rc = crm_parse_datetime(as_utc, out);
	free(as_utc);
	return rc;
}

/*
 * Resolves a DATE or DATE-TIME property into out (21 bytes): "YYYY-MM-DD" for
 * a date (*is_date set), else a UTC timestamp.  A date-time with neither Z nor
 * TZID is "floating": the reader's local time, as date.c reads "10:30".
 */
static int resolve_time(struct reader *r, const struct cl_line *cl, const char *prop, char *out,
                        int *is_date)
{
	struct crm_buf param = CRM_BUF_INIT;
	char *value = crm_trim(cl->value), iso[21];
	int has_time, utc, rc;

	rc = basic_to_iso(value, iso, &has_time, &utc);
	if (rc == 0 && cl_find_param(cl->params, "VALUE", &param))
		rc = value_type_fits(crm_buf_str(&param), has_time) ? 0 : -1;
	if (rc == 0) {
		*is_date = !has_time;
		if (!has_time)
			rc = crm_parse_date(iso, out);
		else if (!utc && cl_find_param(cl->params, "TZID", &param))
			rc = zoned_to_utc(r, prop, crm_buf_str(&param), iso, out);
		else
			rc = crm_parse_datetime(iso, out);
	}
	free(value);
	crm_buf_release(&param);
	return rc;
}

/* -------------------------------------------------------------- a VTODO */

enum prop_kind { P_TEXT, P_STATUS, P_DUE, P_STAMP, P_PRIORITY, P_RECUR, P_CATEGORIES };

/* What crm takes from a VTODO; everything else (DTSTAMP, CLASS, X-...) is passed over. */
struct prop_rule {
	const char *name;
	enum prop_kind kind;
	size_t slot; /* offset of the char * in struct todo_build, for the string kinds */
};

static const struct prop_rule prop_rules[] = {
    {"UID", P_TEXT, offsetof(struct todo_build, uid)},
    {"SUMMARY", P_TEXT, offsetof(struct todo_build, summary)},
    {"DESCRIPTION", P_TEXT, offsetof(struct todo_build, description)},
    {"STATUS", P_STATUS, offsetof(struct todo_build, status)},
    {"DUE", P_DUE, offsetof(struct todo_build, due)},
    {"COMPLETED", P_STAMP, offsetof(struct todo_build, completed)},
    {"CREATED", P_STAMP, offsetof(struct todo_build, created)},
    {"LAST-MODIFIED", P_STAMP, offsetof(struct todo_build, last_modified)},
    {"PRIORITY", P_PRIORITY, 0},
    {"RRULE", P_RECUR, offsetof(struct todo_build, rrule)},
    {"CATEGORIES", P_CATEGORIES, 0},
};

static const struct prop_rule *find_rule(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(prop_rules) / sizeof(prop_rules[0]); i++)
		if (cl_name_is(name, prop_rules[i].name))
			return &prop_rules[i];
	return NULL;
}

static char **todo_slot(struct todo_build *b, const struct prop_rule *rule)
{
	return (char **)(void *)((char *)b + rule->slot);
}

static void todo_release(struct todo_build *b)
{
	size_t i;

	for (i = 0; i < sizeof(prop_rules) / sizeof(prop_rules[0]); i++)
		if (prop_rules[i].kind != P_PRIORITY && prop_rules[i].kind != P_CATEGORIES)
			free(*todo_slot(b, &prop_rules[i]));
	crm_buf_release(&b->categories);
	memset(b, 0, sizeof(*b));
}

/* The struct promises one of RFC 5545's four VTODO statuses, so others go with a note. */
static char *todo_status(struct reader *r, const char *value)
{
	static const char *const known[] = {"NEEDS-ACTION", "COMPLETED", "CANCELLED", "IN-PROCESS"};
	char *s = cl_unescape(value), *p;
	size_t i;

	for (p = s; *p; p++)
		*p = cl_upper(*p);
	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (!strcmp(s, known[i]))
			return s;
	cl_note(&r->diag, r->cl.line_no, _("unknown STATUS '%.60s' ignored"), s);
	free(s);
	return NULL;
}

static void todo_priority(struct reader *r, const char *value)
{
	char *v = crm_trim(value);

	if (strlen(v) == 1 && is_digit(v[0])) {
		r->todo.priority = v[0] - '0';
		r->todo.has_priority = 1;
	} else {
		cl_note(&r->diag, r->cl.line_no, _("PRIORITY '%.60s' is not 0 to 9; ignored"), v);
	}
	free(v);
}

/*
 * DUE is what a task is about, so a bad one stops the import; the other
 * times are bookkeeping and only cost a note.  A date where a timestamp is
 * wanted means its local midnight, as everywhere in crm.
 */
static int todo_time(struct reader *r, const struct cl_line *cl, const struct prop_rule *rule,
                     char **slot)
{
	char out[21], stamp[21];
	int is_date = 0;

	if (resolve_time(r, cl, rule->name, out, &is_date) != 0) {
		if (rule->kind == P_DUE)
			return cl_fail(&r->diag, r->cl.line_no,
			               _("DUE '%.60s' is not a date or date-time"), cl->value);
		cl_note(&r->diag, r->cl.line_no, _("%s '%.60s' is not a date-time; ignored"),
		        rule->name, cl->value);
		return 0;
	}
	if (is_date && rule->kind == P_STAMP) {
		if (crm_parse_datetime(out, stamp) != 0)
			return 0;
		memcpy(out, stamp, sizeof(out));
	}
	*slot = crm_xstrdup(out);
	return 0;
}

static int field_too_long(struct reader *r, const char *name)
{
	char *msg = crm_limit_message(0, name, CRM_FIELD_MAX, _("bytes in a field"));
	int rc = cl_fail(&r->diag, r->cl.line_no, "%s", msg);

	free(msg);
	return rc;
}

static int todo_property(struct reader *r, const struct cl_line *cl)
{
	const struct prop_rule *rule = find_rule(cl->name);
	char **slot;

	if (!rule)
		return 0;
	/* CATEGORIES may come many times: all of them make the one field */
	if (strlen(cl->value) + (rule->kind == P_CATEGORIES ? r->todo.categories.len : 0) >
	    CRM_FIELD_MAX)
		return field_too_long(r, rule->name);
	if (!crm_utf8_valid(cl->value, strlen(cl->value)))
		return cl_fail(&r->diag, r->cl.line_no, _("%s is not valid UTF-8"), rule->name);
	if (rule->kind == P_CATEGORIES) {
		add_categories(&r->todo.categories, cl->value);
		return 0;
	}
	if (rule->kind == P_PRIORITY) {
		if (r->todo.has_priority)
			cl_note(&r->diag, r->cl.line_no, _("a second PRIORITY ignored"));
		else
			todo_priority(r, cl->value);
		return 0;
	}
	slot = todo_slot(&r->todo, rule);
	if (*slot) {
		/* RFC 5545 allows each of these once in a VTODO. */
		cl_note(&r->diag, r->cl.line_no, _("a second %s ignored"), rule->name);
		return 0;
	}
	switch (rule->kind) {
	case P_TEXT:
		*slot = cl_unescape(cl->value);
		return 0;
	case P_STATUS:
		*slot = todo_status(r, cl->value);
		return 0;
	case P_RECUR:
		/* RECUR is not TEXT: its ';' and ',' are syntax, kept as they are. */
		*slot = crm_trim(cl->value);
		return 0;
	default:
		return todo_time(r, cl, rule, slot);
	}
}

static int deliver_todo(struct reader *r)
{
	struct todo_build *b = &r->todo;
	struct ics_todo t = {
	    .uid = b->uid,
	    .summary = b->summary,
	    .description = b->description,
	    .status = b->status,
	    .due = b->due,
	    .completed = b->completed,
	    .created = b->created,
	    .last_modified = b->last_modified,
	    .priority = b->priority,
	    .rrule = b->rrule,
	    .categories = b->categories.len > 0 ? crm_buf_str(&b->categories) : NULL,
	};

	return r->fn ? r->fn(r->ctx, &t, b->line) : 0;
}

/* ---------------------------------------------------------- components */

/* "vtodo " -> "VTODO": some writers lower-case names or leave blanks behind them. */
static char *component_name(const char *value)
{
	char *name = crm_trim(value), *p;

	for (p = name; *p; p++)
		*p = cl_upper(*p);
	return name;
}

/* A VTODO counts at the top level or right inside a VCALENDAR, not inside a VEVENT. */
static int only_calendars_open(const struct reader *r)
{
	int i;

	for (i = 0; i < r->depth; i++)
		if (strcmp(r->stack[i].name, "VCALENDAR") != 0)
			return 0;
	return 1;
}

static int begin_component(struct reader *r, const char *value)
{
	char *name = component_name(value);
	int rc = 0;

	if (!*name)
		rc = cl_fail(&r->diag, r->cl.line_no, _("BEGIN without a component name"));
	else if (r->depth == NESTING_MAX)
		rc = cl_fail(&r->diag, r->cl.line_no, _("components nested more than %d deep"),
		             NESTING_MAX);
	else if (r->todo_depth && !strcmp(name, "VTODO"))
		rc = cl_fail(&r->diag, r->cl.line_no, _("BEGIN:VTODO inside the VTODO of line %ld"),
		             r->stack[r->todo_depth - 1].line);
	if (rc) {
		free(name);
		return rc;
	}
	if (!strcmp(name, "VTODO") && only_calendars_open(r)) {
		r->todo_depth = r->depth + 1;
		r->todo.line = r->cl.line_no;
	}
	r->stack[r->depth].name = name;
	r->stack[r->depth].line = r->cl.line_no;
	r->depth++;
	return 0;
}

static int end_component(struct reader *r, const char *value)
{
	char *name = component_name(value);
	struct component *top = r->depth ? &r->stack[r->depth - 1] : NULL;
	int rc = 0;

	if (!top)
		rc = cl_fail(&r->diag, r->cl.line_no, _("END:%.60s without a BEGIN"), name);
	else if (strcmp(top->name, name) != 0)
		rc = cl_fail(&r->diag, r->cl.line_no,
		             _("END:%.60s, but the %.60s of line %ld never ended"), name, top->name,
		             top->line);
	free(name);
	if (rc)
		return rc;
	if (r->depth == r->todo_depth) {
		rc = deliver_todo(r);
		todo_release(&r->todo);
		r->todo_depth = 0;
	}
	free(top->name);
	top->name = NULL;
	r->depth--;
	return rc;
}

/* At the end of the input nothing may be left open: that is a truncated file. */
static int check_all_ended(struct reader *r)
{
	const struct component *open;

	if (r->depth == 0)
		return 0;
	open = &r->stack[r->depth - 1];
	return cl_fail(&r->diag, open->line, _("%.60s never ended (no END:%.60s)"), open->name,
	               open->name);
}

static int handle_line(struct reader *r)
{
	struct cl_line cl;

	if (r->cl.line.len == 0)
		return 0;
	if (cl_split(r->cl.line.s, &cl) != 0) {
		cl_note(&r->diag, r->cl.line_no, _("not a content line (no NAME:value); ignored"));
		return 0;
	}
	if (cl_name_is(cl.name, "BEGIN"))
		return begin_component(r, cl.value);
	if (cl_name_is(cl.name, "END"))
		return end_component(r, cl.value);
	/* Properties of the VTODO itself only: a nested VALARM's DESCRIPTION is not the task's. */
	if (r->todo_depth && r->depth == r->todo_depth)
		return todo_property(r, &cl);
	if (r->depth == 0)
		cl_note(&r->diag, r->cl.line_no, _("a property outside any component ignored"));
	return 0;
}

static int read_all(struct reader *r)
{
	int got, rc;

	while ((got = cl_read_line(&r->cl)) > 0) {
		rc = handle_line(r);
		if (rc != 0)
			return rc;
	}
	if (got < 0)
		return cl_read_failed(&r->cl, &r->diag);
	return check_all_ended(r);
}

int ics_read(FILE *in, ics_todo_fn fn, void *ctx, void (*warn)(const char *msg), char **err)
{
	struct reader r;
	int rc, i;

	memset(&r, 0, sizeof(r));
	r.cl.in = in;
	r.fn = fn;
	r.ctx = ctx;
	r.diag.warn = warn;
	r.diag.err = err;
	if (err)
		*err = NULL;
	rc = read_all(&r);
	for (i = 0; i < r.depth; i++)
		free(r.stack[i].name);
	todo_release(&r.todo);
	cl_reader_release(&r.cl);
	return rc;
}
