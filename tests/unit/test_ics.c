/* test_ics.c - iCalendar VTODO: exact output, folding, round trip, real files, errors. */
#define _GNU_SOURCE
#include "crm.h"
#include "formats/ics.h"
#include "base/input_limits.h"
#include "tap.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ------------------------------------------------------------ helpers */

/* A deep copy of one VTODO as read: the reader's strings live only during the callback. */
struct todo_copy {
	char *uid, *summary, *description, *status, *due, *completed, *created, *last_modified,
	    *rrule, *categories;
	int priority;
	long line;
};

struct todos {
	struct todo_copy *t;
	int n;
	int stop_after; /* the callback returns 7 after this many; 0: never */
};

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static int collect(void *ctx, const struct ics_todo *t, long line)
{
	struct todos *ts = ctx;
	struct todo_copy *c;

	ts->t = realloc(ts->t, (ts->n + 1) * sizeof(*ts->t));
	c = &ts->t[ts->n++];
	c->uid = dup_or_null(t->uid);
	c->summary = dup_or_null(t->summary);
	c->description = dup_or_null(t->description);
	c->status = dup_or_null(t->status);
	c->due = dup_or_null(t->due);
	c->completed = dup_or_null(t->completed);
	c->created = dup_or_null(t->created);
	c->last_modified = dup_or_null(t->last_modified);
	c->rrule = dup_or_null(t->rrule);
	c->categories = dup_or_null(t->categories);
	c->priority = t->priority;
	c->line = line;
	return ts->stop_after && ts->n == ts->stop_after ? 7 : 0;
}

static void todos_free(struct todos *ts)
{
	for (int i = 0; i < ts->n; i++) {
		struct todo_copy *c = &ts->t[i];
		free(c->uid);
		free(c->summary);
		free(c->description);
		free(c->status);
		free(c->due);
		free(c->completed);
		free(c->created);
		free(c->last_modified);
		free(c->rrule);
		free(c->categories);
	}
	free(ts->t);
	ts->t = NULL;
	ts->n = 0;
}

/* Warnings, all of them joined by '|', so a test can look for one. */
static struct crm_buf warnings = CRM_BUF_INIT;

static void collect_warning(const char *msg)
{
	if (warnings.len)
		crm_buf_putc(&warnings, '|');
	crm_buf_puts(&warnings, msg);
}

/* Reads a string of iCalendar into ts; returns ics_read's result. */
static int read_string(const char *data, struct todos *ts, char **err)
{
	FILE *f = tmpfile();
	int rc;

	fputs(data, f);
	rewind(f);
	crm_buf_reset(&warnings);
	rc = ics_read(f, collect, ts, collect_warning, err);
	fclose(f);
	return rc;
}

/* What ics_todo writes for t, as one string (to free). */
static char *write_todo(const struct ics_todo *t)
{
	char *s = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&s, &len);

	ics_todo(f, t);
	fclose(f);
	return s;
}

/* ------------------------------------------------------------ writing */

static void test_write_exact(void)
{
	struct ics_todo t = {
	    .uid = "task-12@crm",
	    .summary = "Call Ana, then Bob; ask about C:\\temp\nand more",
	    .description = "Line 1\r\nLine 2\rLine 3",
	    .status = "NEEDS-ACTION",
	    .due = "2026-03-15",
	    .created = "2026-03-01T08:00:00Z",
	    .last_modified = "2026-03-01T08:30:00Z",
	    .priority = 1,
	    .rrule = "FREQ=WEEKLY;INTERVAL=2",
	    .categories = " work, calls;later ,,",
	};
	char *got = write_todo(&t);

	is_str(got,
	       "BEGIN:VTODO\r\n"
	       "UID:task-12@crm\r\n"
	       "DTSTAMP:20260301T090000Z\r\n"
	       "CREATED:20260301T080000Z\r\n"
	       "LAST-MODIFIED:20260301T083000Z\r\n"
	       "SUMMARY:Call Ana\\, then Bob\\; ask about C:\\\\temp\\nand more\r\n"
	       "DESCRIPTION:Line 1\\nLine 2\\nLine 3\r\n"
	       "STATUS:NEEDS-ACTION\r\n"
	       "PRIORITY:1\r\n"
	       "DUE;VALUE=DATE:20260315\r\n"
	       "RRULE:FREQ=WEEKLY;INTERVAL=2\r\n"
	       "CATEGORIES:work,calls\\;later\r\n"
	       "END:VTODO\r\n",
	       "a VTODO: escaping, CRLF, DTSTAMP from CRM_NOW, DUE as a date");
	free(got);

	t = (struct ics_todo){.uid = "task-3@crm",
	                      .status = "COMPLETED",
	                      .due = "2026-03-15T17:30:00Z",
	                      .completed = "2026-03-14T10:00:00Z",
	                      .priority = 10};
	got = write_todo(&t);
	is_str(got,
	       "BEGIN:VTODO\r\n"
	       "UID:task-3@crm\r\n"
	       "DTSTAMP:20260301T090000Z\r\n"
	       "STATUS:COMPLETED\r\n"
	       "DUE:20260315T173000Z\r\n"
	       "COMPLETED:20260314T100000Z\r\n"
	       "END:VTODO\r\n",
	       "DUE as a UTC date-time, COMPLETED; absent values and priority 10 left out");
	free(got);

	t = (struct ics_todo){.uid = "task-4@crm", .due = "2026-02-30", .created = "soon"};
	fprintf(stderr, "# two warnings expected next:\n");
	got = write_todo(&t);
	is_str(got, "BEGIN:VTODO\r\nUID:task-4@crm\r\nDTSTAMP:20260301T090000Z\r\nEND:VTODO\r\n",
	       "an impossible DUE and a CREATED that is no timestamp are left out");
	free(got);
}

static void test_begin_end(void)
{
	char *s = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&s, &len);
	int rc;

	ics_begin(f);
	rc = ics_end(f);
	fclose(f);
	is_int(rc, 0, "ics_end returns 0");
	is_str(s,
	       "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//crm//crm-task//EN\r\n"
	       "CALSCALE:GREGORIAN\r\nEND:VCALENDAR\r\n",
	       "the calendar wrapper");
	free(s);

	f = fopen("/dev/full", "w");
	if (!f) {
		printf("ok %d # SKIP no /dev/full\n", ++tap_n);
		return;
	}
	ics_begin(f);
	is_int(ics_end(f), -1, "ics_end reports a write error");
	fclose(f);
}

/* Splits s at CRLF into lines; returns how many (at most max). */
static int split_crlf(char *s, char **lines, int max)
{
	int n = 0;
	char *p;

	while (*s && n < max) {
		p = strstr(s, "\r\n");
		if (!p)
			break;
		*p = '\0';
		lines[n++] = s;
		s = p + 2;
	}
	return n;
}

static void test_folding(void)
{
	/* 1 + 39 * (2 + 3) + 4 = 200 bytes; after "SUMMARY:x" and 13 pairs a 'ñ' would straddle 75.
	 */
	struct crm_buf summary = CRM_BUF_INIT, unfolded = CRM_BUF_INIT;
	struct ics_todo t = {.uid = "task-1@crm"};
	char *out, *lines[16];
	int n, i, max_ok = 1, split_ok = 1, crlf_ok;

	crm_buf_putc(&summary, 'x');
	for (i = 0; i < 39; i++)
		crm_buf_puts(&summary, "ñ€");
	crm_buf_puts(&summary, "abcd");
	is_int(summary.len, 200, "the summary is 200 bytes");
	t.summary = crm_buf_str(&summary);

	out = write_todo(&t);
	{
		/* Every line end is CRLF: no bare LF or CR anywhere. */
		size_t crlf = 0, lf = 0, cr = 0;
		for (const char *p = out; *p; p++) {
			lf += *p == '\n';
			cr += *p == '\r';
			crlf += p[0] == '\r' && p[1] == '\n';
		}
		crlf_ok = lf == crlf && cr == crlf;
	}
	ok(crlf_ok, "all line ends are CRLF");
	n = split_crlf(out, lines, 16);
	/* BEGIN, UID, DTSTAMP, SUMMARY over 3 lines (9+191 = 200 octets: 74 + 73 + 53), END */
	is_int(n, 7, "the summary takes three lines");
	is_int(strlen(lines[3]), 74, "the first line stops short of a split 'ñ'");
	for (i = 3; i < 6; i++) {
		if (strlen(lines[i]) > 75)
			max_ok = 0;
		if (i > 3 && (lines[i][0] != ' ' || ((unsigned char)lines[i][1] & 0xC0) == 0x80))
			split_ok = 0;
		crm_buf_puts(&unfolded, i > 3 ? lines[i] + 1 : lines[i]);
	}
	ok(max_ok, "no line is longer than 75 octets");
	ok(split_ok, "continuations start with a space, then a whole character");
	ok(strncmp(unfolded.s, "SUMMARY:", 8) == 0 && !strcmp(unfolded.s + 8, summary.s),
	   "unfolding gives the summary back");
	ok(crm_utf8_valid(lines[3], strlen(lines[3])) && crm_utf8_valid(lines[4], strlen(lines[4])),
	   "each physical line is valid UTF-8 on its own");
	free(out);
	crm_buf_release(&unfolded);
	crm_buf_release(&summary);
}

/* ---------------------------------------------------------- round trip */

static void test_round_trip(void)
{
	struct crm_buf longdesc = CRM_BUF_INIT;
	struct ics_todo in[2] = {
	    {
	        .uid = "task-7@crm;x,y",
	        .summary = "  a,b;c\\d\\ne \\ trailing\\",
	        .description = NULL,
	        .status = "IN-PROCESS",
	        .due = "2026-12-31T23:59:59Z",
	        .completed = NULL,
	        .created = "2026-01-02T03:04:05Z",
	        .last_modified = "2026-02-03T04:05:06Z",
	        .priority = 9,
	        .rrule = "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE",
	        .categories = "Acme Ibérica;S.L., back\\slash, ñandú",
	    },
	    {.uid = "task-8@crm", .summary = "", .due = "2028-02-29", .status = "CANCELLED"},
	};
	struct todos ts = {0};
	char *s = NULL, *err = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&s, &len);
	int rc;

	for (int i = 0; i < 40; i++)
		crm_buf_puts(&longdesc, "Línea;con,comas\\y\n saltos € ");
	in[0].description = crm_buf_str(&longdesc);
	ics_begin(f);
	ics_todo(f, &in[0]);
	ics_todo(f, &in[1]);
	ics_end(f);
	fclose(f);

	rc = read_string(s, &ts, &err);
	is_int(rc, 0, "round trip: read back without error");
	is_str(err, NULL, "round trip: no error message");
	is_str(warnings.s ? warnings.s : "", "", "round trip: no warnings");
	is_int(ts.n, 2, "round trip: two VTODOs");
	if (ts.n == 2) {
		is_str(ts.t[0].uid, in[0].uid, "UID with ; and ,");
		is_str(ts.t[0].summary, in[0].summary,
		       "SUMMARY with blanks, \\, a literal \\n and a final backslash");
		is_str(ts.t[0].description, in[0].description, "a long DESCRIPTION, folded");
		is_str(ts.t[0].status, "IN-PROCESS", "STATUS");
		is_str(ts.t[0].due, "2026-12-31T23:59:59Z", "DUE date-time");
		is_str(ts.t[0].completed, NULL, "no COMPLETED");
		is_str(ts.t[0].created, "2026-01-02T03:04:05Z", "CREATED");
		is_str(ts.t[0].last_modified, "2026-02-03T04:05:06Z", "LAST-MODIFIED");
		is_int(ts.t[0].priority, 9, "PRIORITY");
		is_str(ts.t[0].rrule, "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE", "RRULE verbatim");
		is_str(ts.t[0].categories, "Acme Ibérica;S.L.,back\\slash,ñandú", "CATEGORIES");
		is_int(ts.t[0].line, 5, "the first VTODO's BEGIN is on line 5");
		is_str(ts.t[1].summary, "", "an empty SUMMARY stays empty, not absent");
		is_str(ts.t[1].due, "2028-02-29", "DUE date (a leap day)");
		is_str(ts.t[1].status, "CANCELLED", "STATUS CANCELLED");
		is_int(ts.t[1].priority, 0, "no PRIORITY is 0");
		is_str(ts.t[1].categories, NULL, "no CATEGORIES is NULL");
	}
	todos_free(&ts);
	free(err);
	free(s);
	crm_buf_release(&longdesc);
}

/* ------------------------------------------------------------ testdata */

struct expected_file {
	const char *path; /* under python-icalendar/ */
	int todos;
	int seen;
};

static struct expected_file expected_files[] = {
    {"todos/example.ics", 1, 0},
    {"calendars/alarm_google_future.ics", 0, 0},
    {"calendars/alarm_thunderbird_future.ics", 0, 0},
    {"calendars/bom_calendar.ics", 0, 0},
    {"calendars/created_calendar_with_unicode_fields.ics", 0, 0},
    {"calendars/example.ics", 0, 0},
    {"calendars/issue_1050_all_components.ics", 1, 0},
    {"calendars/issue_1050_calendar_with_events_and_todos.ics", 1, 0},
    {"calendars/issue_127_categories_with_commas.ics", 0, 0},
    {"calendars/issue_722_missing_timezones.ics", 1, 0},
    {"calendars/rfc_7986_image.ics", 2, 0},
};
enum { NFILES = sizeof(expected_files) / sizeof(expected_files[0]) };

static int read_file(const char *path, struct todos *ts, char **err)
{
	FILE *f = fopen(path, "rb");
	int rc;

	if (!f)
		return -2;
	crm_buf_reset(&warnings);
	rc = ics_read(f, collect, ts, collect_warning, err);
	fclose(f);
	return rc;
}

/* Reads one file found on disk and checks it against the table. */
static int check_file(const char *dir, const char *rel)
{
	struct expected_file *e = NULL;
	struct todos ts = {0};
	char *path, *err = NULL;
	int rc, n;

	for (int i = 0; i < NFILES; i++)
		if (!strcmp(expected_files[i].path, rel))
			e = &expected_files[i];
	ok(e != NULL, "%s is listed in SOURCES.md", rel);
	path = crm_xasprintf("%s/python-icalendar/%s", dir, rel);
	rc = read_file(path, &ts, &err);
	is_int(rc, 0, "%s reads without error", rel);
	if (err)
		printf("#   error: %s\n", err);
	is_str(warnings.s ? warnings.s : "", "", "%s gives no warnings", rel);
	if (e) {
		e->seen = 1;
		is_int(ts.n, e->todos, "%s holds %d VTODO", rel, e->todos);
	}
	n = ts.n;
	todos_free(&ts);
	free(err);
	free(path);
	return n;
}

static void test_example_todo(const char *dir)
{
	struct todos ts = {0};
	char *path = crm_xasprintf("%s/python-icalendar/todos/example.ics", dir), *err = NULL;

	read_file(path, &ts, &err);
	if (ts.n == 1) {
		is_str(ts.t[0].uid, "20070313T123432Z-456553@example.com", "example: UID");
		is_str(ts.t[0].summary, "Submit Quebec Income Tax Return for 2006",
		       "example: SUMMARY");
		is_str(ts.t[0].due, "2007-05-01", "example: DUE date");
		is_str(ts.t[0].status, "NEEDS-ACTION", "example: STATUS");
		is_str(ts.t[0].categories, "FAMILY,FINANCE", "example: CATEGORIES");
		is_int(ts.t[0].line, 1, "example: a bare VTODO on line 1");
	} else {
		ok(0, "example: one VTODO");
	}
	todos_free(&ts);
	free(err);
	free(path);

	path = crm_xasprintf("%s/python-icalendar/calendars/issue_722_missing_timezones.ics", dir);
	read_file(path, &ts, &err);
	if (ts.n == 1) {
		is_str(ts.t[0].due, "2014-08-29T00:00:00Z",
		       "issue_722: DUE;TZID=Asia/Singapore 08:00 is 00:00 UTC");
		is_int(ts.t[0].line, 12, "issue_722: its BEGIN:VTODO is on line 12");
		is_str(ts.t[0].uid, NULL, "issue_722: no UID");
	} else {
		ok(0, "issue_722: one VTODO");
	}
	is_str(getenv("TZ"), "UTC", "TZ is put back after a TZID");
	todos_free(&ts);
	free(err);
	free(path);

	path = crm_xasprintf("%s/python-icalendar/calendars/issue_1050_all_components.ics", dir);
	read_file(path, &ts, &err);
	if (ts.n == 1) {
		is_str(ts.t[0].uid, "todo-1", "all_components: the VTODO's UID, not another's");
		is_str(ts.t[0].summary, "Test Todo 1", "all_components: its SUMMARY");
		is_int(ts.t[0].line, 33, "all_components: BEGIN:VTODO on line 33");
	} else {
		ok(0, "all_components: one VTODO");
	}
	todos_free(&ts);
	free(err);
	free(path);
}

static void test_testdata(void)
{
	const char *dir = getenv("CRM_TESTDATA");
	const char *subdirs[] = {"todos", "calendars"};
	char *probe;
	struct stat st;
	int total = 0, all_seen = 1;

	if (!dir || !*dir)
		dir = "../shared/testdata";
	probe = crm_xasprintf("%s/python-icalendar", dir);
	if (stat(probe, &st) != 0 || !S_ISDIR(st.st_mode)) {
		printf("ok %d # SKIP testdata absent\n", ++tap_n);
		free(probe);
		return;
	}
	for (int s = 0; s < 2; s++) {
		char *sub = crm_xasprintf("%s/%s", probe, subdirs[s]);
		struct dirent **names;
		int n = scandir(sub, &names, NULL, alphasort);

		for (int i = 0; i < n; i++) {
			const char *name = names[i]->d_name;
			size_t len = strlen(name);
			if (len > 4 && !strcmp(name + len - 4, ".ics")) {
				char *rel = crm_xasprintf("%s/%s", subdirs[s], name);
				total += check_file(dir, rel);
				free(rel);
			}
			free(names[i]);
		}
		if (n >= 0)
			free(names);
		free(sub);
	}
	for (int i = 0; i < NFILES; i++)
		if (!expected_files[i].seen) {
			all_seen = 0;
			printf("#   missing: %s\n", expected_files[i].path);
		}
	ok(all_seen, "every file of SOURCES.md is there");
	is_int(total, 6, "6 VTODOs across the files");
	test_example_todo(dir);
	free(probe);
}

/* -------------------------------------------------------------- reading */

static void test_read_edges(void)
{
	struct todos ts = {0};
	char *err = NULL;
	int rc;

	rc = read_string("\xEF\xBB\xBF"
	                 "BEGIN:VCALENDAR\r\r\nX-LONG:a\r\r\n b\r\r\n\tc\r\r\nBEGIN:VTODO\r\r\n"
	                 "SUMMARY:one\r\r\n tw\r\r\n o\r\r\nEND:VTODO\r\r\nEND:VCALENDAR\r\r\n",
	                 &ts, &err);
	is_int(rc, 0, "CR CR LF, BOM and folds: no error");
	is_int(ts.n, 1, "CR CR LF: one VTODO");
	if (ts.n == 1) {
		is_str(ts.t[0].summary, "onetwo", "CR CR LF: folds removed with one blank each");
		is_int(ts.t[0].line, 5, "CR CR LF: BEGIN:VTODO counted on line 5");
	}
	todos_free(&ts);

	rc = read_string("begin:vtodo\nSummary:lower\nDue;Value=Date:20260101\nstatus:completed\n"
	                 "BEGIN:VALARM\nDESCRIPTION:alarm text\nSUMMARY:alarm\nEND:VALARM\n"
	                 "Description:mine\nend:vtodo",
	                 &ts, &err);
	is_int(rc, 0, "lower case names, a nested VALARM, no final newline");
	if (ts.n == 1) {
		is_str(ts.t[0].summary, "lower",
		       "case-insensitive SUMMARY; the VALARM's not taken");
		is_str(ts.t[0].description, "mine", "the VTODO's own DESCRIPTION");
		is_str(ts.t[0].due, "2026-01-01", "Due;Value=Date");
		is_str(ts.t[0].status, "COMPLETED", "status upper-cased");
	} else {
		ok(0, "one VTODO");
	}
	todos_free(&ts);

	rc = read_string("BEGIN:VTODO\rSUMMARY:mac\rDUE;X-A=\"a:b;c\";TZID=\"Europe/Madrid\":"
	                 "20260701T120000\rCOMPLETED;VALUE=DATE:20260102\r"
	                 "CATEGORIES:a\\,b,c\rCATEGORIES:Meeting\\, John, d \rPRIORITY:x\r"
	                 "STATUS:DONE\rSUMMARY:again\rEND:VTODO\r",
	                 &ts, &err);
	is_int(rc, 0, "CR line ends, quoted parameters");
	if (ts.n == 1) {
		is_str(ts.t[0].summary, "mac", "the first SUMMARY wins");
		is_str(ts.t[0].due, "2026-07-01T10:00:00Z",
		       "TZID=\"Europe/Madrid\" in summer: UTC+2");
		is_str(ts.t[0].completed, "2026-01-02T00:00:00Z", "a COMPLETED date: its midnight");
		is_str(ts.t[0].categories, "a b,c,Meeting John,d",
		       "CATEGORIES twice; escaped commas do not split");
		is_int(ts.t[0].priority, 0, "a bad PRIORITY is ignored");
		is_str(ts.t[0].status, NULL, "an unknown STATUS is ignored");
	} else {
		ok(0, "one VTODO");
	}
	is_str(warnings.s,
	       "line 7: PRIORITY 'x' is not 0 to 9; ignored|line 8: unknown STATUS 'DONE' "
	       "ignored|line 9: a second SUMMARY ignored",
	       "notes for what was ignored");
	todos_free(&ts);

	rc = read_string("BEGIN:VCALENDAR\nBEGIN:VTODO\nDUE;TZID=Mars/Olympus:20260101T100000\n"
	                 "END:VTODO\nBEGIN:VTODO\nDUE:20260101T100000\nEND:VTODO\nEND:VCALENDAR\n",
	                 &ts, &err);
	is_int(rc, 0, "an unknown TZID is not an error");
	if (ts.n == 2) {
		is_str(ts.t[0].due, "2026-01-01T10:00:00Z", "an unknown TZID: taken as UTC");
		is_str(ts.t[1].due, "2026-01-01T10:00:00Z", "a floating time with TZ=UTC");
	} else {
		ok(0, "two VTODOs");
	}
	is_str(warnings.s, "line 3: unknown time zone 'Mars/Olympus': DUE taken as UTC",
	       "the unknown zone is reported");
	todos_free(&ts);

	setenv("TZ", "America/New_York", 1);
	rc = read_string("BEGIN:VTODO\nDUE:20260115T100000\nEND:VTODO\n", &ts, &err);
	if (ts.n == 1)
		is_str(ts.t[0].due, "2026-01-15T15:00:00Z", "a floating time is local time");
	else
		ok(0, "one VTODO");
	setenv("TZ", "UTC", 1);
	todos_free(&ts);

	rc = read_string("BEGIN:VEVENT\nBEGIN:VTODO\nSUMMARY:in an event\nEND:VTODO\nEND:VEVENT\n"
	                 "\n\nBEGIN:VJOURNAL\nEND:VJOURNAL\n",
	                 &ts, &err);
	is_int(rc + ts.n, 0, "a VTODO inside a VEVENT is skipped with it; blank lines are fine");
	todos_free(&ts);

	rc = read_string("", &ts, &err);
	is_int(rc + ts.n, 0, "empty input: nothing, no error");
	is_str(err, NULL, "empty input: no message");

	ts.stop_after = 1;
	rc = read_string("BEGIN:VTODO\nEND:VTODO\nBEGIN:VTODO\nEND:VTODO\n", &ts, &err);
	is_int(rc, 7, "a callback's non-zero return stops reading and is returned");
	is_int(ts.n, 1, "no VTODO after the stop");
	todos_free(&ts);
	ts.stop_after = 0;
}

/* Each malformed input must fail with exactly this message. */
static void check_error(const char *data, const char *want, const char *what)
{
	struct todos ts = {0};
	char *err = NULL;
	int rc = read_string(data, &ts, &err);

	ok(rc == -1, "%s: fails", what);
	is_str(err, want, "%s: message", what);
	free(err);
	todos_free(&ts);
}

static void test_errors(void)
{
	check_error("BEGIN:VCALENDAR\nBEGIN:VTODO\nSUMMARY:x\n",
	            "line 2: VTODO never ended (no END:VTODO)", "a VTODO never ended");
	check_error("BEGIN:VCALENDAR\r\nBEGIN:VTODO\r\nSUMMARY:x\r\nEND:VCALENDAR\r\n",
	            "line 4: END:VCALENDAR, but the VTODO of line 2 never ended",
	            "END:VCALENDAR inside a VTODO");
	check_error("BEGIN:VTODO\nDESCRIPTION:folded\n over\n lines\nDUE:tomorrow\nEND:VTODO\n",
	            "line 5: DUE 'tomorrow' is not a date or date-time",
	            "a DUE that is not a date");
	check_error("BEGIN:VTODO\nDUE;VALUE=DATE:20070230\nEND:VTODO\n",
	            "line 2: DUE '20070230' is not a date or date-time", "an impossible DUE date");
	check_error("BEGIN:VTODO\nDUE;VALUE=DATE:20070201T100000Z\nEND:VTODO\n",
	            "line 2: DUE '20070201T100000Z' is not a date or date-time",
	            "VALUE=DATE with a date-time");
	check_error("BEGIN:VTODO\nDUE:20070201T250000Z\nEND:VTODO\n",
	            "line 2: DUE '20070201T250000Z' is not a date or date-time", "hour 25");
	check_error("BEGIN:VTODO\nBEGIN:VTODO\n", "line 2: BEGIN:VTODO inside the VTODO of line 1",
	            "a VTODO inside a VTODO");
	check_error("BEGIN:VCALENDAR\nEND:VCALENDAR\nEND:VTODO\n",
	            "line 3: END:VTODO without a BEGIN", "END without BEGIN");
	check_error("BEGIN:VTODO\nSUMMARY:caf\xE9\nEND:VTODO\n",
	            "line 2: SUMMARY is not valid UTF-8", "Latin-1 text");
	check_error("BEGIN:\n", "line 1: BEGIN without a component name", "BEGIN with no name");
	check_error("BEGIN:VCALENDAR\nBEGIN:VEVENT\nBEGIN:VALARM\nEND:VALARM\n",
	            "line 2: VEVENT never ended (no END:VEVENT)", "a truncated file");
}

/* The error of reading len bytes (to free), or NULL. */
static char *read_error(const char *data, size_t len)
{
	struct todos ts = {0};
	FILE *f = tmpfile();
	char *err = NULL;

	fwrite(data, 1, len, f);
	rewind(f);
	if (ics_read(f, collect, &ts, collect_warning, &err) == 0) {
		free(err);
		err = NULL;
	}
	fclose(f);
	todos_free(&ts);
	return err;
}

/* "line L: [FIELD: ]more than N WHAT (the limit)", as the readers say it (static buffer). */
static const char *over(long line, const char *field, long n, const char *what)
{
	static char msg[200];

	snprintf(msg, sizeof msg, "line %ld: %s%smore than %ld %s (the limit)", line,
	         field ? field : "", field ? ": " : "", n, what);
	return msg;
}

/* NUL bytes and input past the limits are refused, naming line and property. */
static void test_limits(void)
{
	static const char nul[] = "BEGIN:VTODO\r\nSUMMARY:a\0b\r\nEND:VTODO\r\n";
	size_t big = (size_t)CRM_LINE_MAX + 1024, n;
	char *buf = malloc(big + 256), *err;

	err = read_error(nul, sizeof(nul) - 1);
	is_str(err, "line 2: SUMMARY: NUL byte in the data (not a text file?)", "NUL: refused");
	free(err);

	n = (size_t)sprintf(buf, "BEGIN:VTODO\r\nCATEGORIES:");
	memset(buf + n, ',', big);
	strcpy(buf + n + big, "\r\nEND:VTODO\r\n");
	err = read_error(buf, strlen(buf));
	is_str(err, over(2, "CATEGORIES", CRM_LINE_MAX, "bytes in a line"),
	       "limit: a line of commas");
	free(err);

	n = (size_t)sprintf(buf, "BEGIN:VTODO\r\nDESCRIPTION:");
	memset(buf + n, 'x', CRM_FIELD_MAX + 1);
	strcpy(buf + n + CRM_FIELD_MAX + 1, "\r\nEND:VTODO\r\n");
	err = read_error(buf, strlen(buf));
	is_str(err, over(2, "DESCRIPTION", CRM_FIELD_MAX, "bytes in a field"), "limit: a field");
	free(err);

	/* CATEGORIES given many times make one field */
	n = (size_t)sprintf(buf, "BEGIN:VTODO\r\n");
	for (int i = 0; i < 3; i++) {
		n += (size_t)sprintf(buf + n, "CATEGORIES:");
		memset(buf + n, 'c', CRM_FIELD_MAX / 2);
		n += CRM_FIELD_MAX / 2;
		n += (size_t)sprintf(buf + n, "\r\n");
	}
	strcpy(buf + n, "END:VTODO\r\n");
	err = read_error(buf, strlen(buf));
	is_str(err, over(4, "CATEGORIES", CRM_FIELD_MAX, "bytes in a field"),
	       "limit: CATEGORIES together");
	free(err);
	free(buf);
}

/* RRULEs into crm's recurrence and the day of the month a series keeps. */
static void test_rrule(void)
{
	static const struct {
		const char *rrule, *recur;
		int anchor;
	} cases[] = {
	    {"FREQ=MONTHLY", "monthly", 0},
	    {"FREQ=MONTHLY;BYMONTHDAY=31", "monthly", 31},
	    {"FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=30", "every 3m", 30},
	    {"FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", "yearly", 29},
	    {"FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "weekdays", 0},
	    {"FREQ=WEEKLY;INTERVAL=2", "every 2w", 0},
	    {"FREQ=WEEKLY;BYMONTHDAY=5", NULL, 0},
	    {"FREQ=MONTHLY;BYMONTHDAY=32", NULL, 0},
	    {"FREQ=MONTHLY;BYMONTHDAY=0", NULL, 0},
	    {"FREQ=MONTHLY;BYMONTHDAY=-1", NULL, 0},
	    {"FREQ=MONTHLY;BYMONTHDAY=3x", NULL, 0},
	    {"FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=3", NULL, 0},
	    {"FREQ=YEARLY;BYMONTH=2", NULL, 0},
	    {"FREQ=MONTHLY;COUNT=3", NULL, 0},
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int anchor = -1;
		char *recur = ics_rrule_recur(cases[i].rrule, &anchor);
		is_str(recur, cases[i].recur, "RRULE %s: recur", cases[i].rrule);
		if (cases[i].recur)
			is_int(anchor, cases[i].anchor, "RRULE %s: anchor", cases[i].rrule);
		free(recur);
	}
}

int main(void)
{
	setenv("TZ", "UTC", 1);
	setenv("CRM_NOW", "2026-03-01T09:00:00Z", 1);
	test_write_exact();
	test_begin_end();
	test_folding();
	test_round_trip();
	test_testdata();
	test_read_edges();
	test_errors();
	test_limits();
	test_rrule();
	crm_buf_release(&warnings);
	return tap_done();
}
