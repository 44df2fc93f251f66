/*
 * ics.h - RFC 5545 iCalendar VTODO in and out, for crm-task's .ics export
 * and import.  Self-contained: no database, no state kept between calls.
 */
#ifndef CRM_ICS_H
#define CRM_ICS_H

#include <stdio.h>

/* One task as iCalendar sees it; strings are UTF-8, NULL when absent. */
struct ics_todo {
	const char *uid;                            /* stable: e.g. "task-12@crm" */
	const char *summary, *description, *status; /* status: NEEDS-ACTION, COMPLETED, CANCELLED,
	                                               IN-PROCESS */
	const char *due;       /* "YYYY-MM-DD" (a date) or "YYYY-MM-DDTHH:MM:SSZ" (UTC) */
	const char *completed; /* UTC timestamp or NULL */
	const char *created, *last_modified; /* UTC timestamps or NULL */
	int priority;                        /* 0 unset, 1 high .. 9 low (RFC 5545) */
	const char *rrule;                   /* e.g. "FREQ=WEEKLY;INTERVAL=2" or NULL */
	const char *categories;              /* comma-separated, unescaped, or NULL */
};

/* Writes the VCALENDAR header (VERSION:2.0, PRODID:-//crm//crm-task//EN, CALSCALE:GREGORIAN). */
void ics_begin(FILE *out);
/*
 * Writes one VTODO: CRLF line ends, lines folded at 75 octets (never inside a UTF-8 sequence),
 * TEXT escaped, DTSTAMP from crm_now(), DUE;VALUE=DATE:YYYYMMDD for dates or
 * DUE:YYYYMMDDTHHMMSSZ.
 */
void ics_todo(FILE *out, const struct ics_todo *t);
/* Writes END:VCALENDAR; returns 0 or -1 on a write error. */
int ics_end(FILE *out);

/*
 * Reads every VTODO in a stream (a VCALENDAR wrapper is optional: a bare VTODO counts; other
 * components such as VEVENT, VJOURNAL, VALARM, VTIMEZONE are skipped, including a VALARM nested
 * inside a VTODO). Handles CRLF, LF and CR CR LF line ends, a UTF-8 BOM, unfolding, a missing
 * final newline, parameters (DUE;VALUE=DATE:..., DUE;TZID=Asia/Singapore:... — a TZID date-time
 * is converted to UTC with setenv("TZ") / tzset / mktime and the TZ restored; an unknown zone
 * falls back to treating it as UTC and says so through the warning callback), TEXT unescaping,
 * property names case-insensitively.
 * For each VTODO, fn(ctx, todo, line) is called with the 1-based line where its BEGIN:VTODO
 * stands; strings are valid during the call. A non-zero return from fn stops and is returned.
 * Returns 0, or -1 with *err (malloc'd) "line N: reason" for malformed input (e.g. a VTODO never
 * ended, a DUE that is not a date). warn (may be NULL) receives non-fatal notes "line N: ...".
 */
/*
 * crm's recurrence ("monthly", "every 2w", "weekdays") for an RRULE, malloc'd,
 * and the day of the month it keeps in *anchor (BYMONTHDAY; 0: the due
 * date's own); NULL when the rule says more than crm repeats (COUNT, UNTIL,
 * BYDAY, a BYMONTHDAY of a weekly series, ...).  In task_ics.c.
 */
char *ics_rrule_recur(const char *rrule, int *anchor);
typedef int (*ics_todo_fn)(void *ctx, const struct ics_todo *t, long line);
int ics_read(FILE *in, ics_todo_fn fn, void *ctx, void (*warn)(const char *msg), char **err);

#endif
