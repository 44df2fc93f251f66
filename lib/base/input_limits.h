/*
 * input_limits.h - how much outside input crm takes in one piece.  Every reader
 * of outside input (CSV, vCard, iCalendar, the edit draft, hook answers,
 * ids and values on stdin) checks the same limits and says the same thing
 * when one is passed, so that a broken or hostile file is refused early, in
 * memory bounded by the limits rather than by the file.  crm-formats(5)
 * documents them.
 */
#ifndef CRM_INPUT_LIMITS_H
#define CRM_INPUT_LIMITS_H

#include <stddef.h>
#include <stdio.h>

struct crm_buf;

/*
 * Large enough for what crm itself writes (a long note exports and imports
 * back) and for the widest spreadsheet (16384 columns); small enough that a
 * reader refusing at them needs tens of megabytes, not gigabytes.
 */
enum {
	/* bytes in one value: a CSV field, a vCard or iCalendar property, a draft's value */
	CRM_FIELD_MAX = 16 * 1024 * 1024,
	/* bytes in one line: a CSV record (quoted line breaks included), an unfolded content line
	 */
	CRM_LINE_MAX = 64 * 1024 * 1024,
	/* fields in a CSV record or a hook's answer, properties in a vCard, parts in a vCard value
	 */
	CRM_FIELDS_MAX = 16384,
};

/*
 * The one message for a NUL byte: text has none, and C strings would cut
 * the value short at it.  "line N: FIELD: NUL byte in the data (not a text
 * file?)", malloc'd; line <= 0 leaves "line N: " out, field NULL "FIELD: ".
 */
char *crm_nul_message(long line, const char *field);
/* crm_nul_message if s[0..n) holds a NUL byte, else NULL. */
char *crm_nul_check(const char *s, size_t n, long line, const char *field);
/* The same for a text of many lines: the line is the NUL's own, counted from 1. */
char *crm_nul_in_text(const char *s, size_t n, const char *field);
/*
 * The one message for input past a limit: "line N: FIELD: more than LIMIT
 * WHAT (the limit)", e.g. WHAT "bytes in a field", "fields in a record".
 */
char *crm_limit_message(long line, const char *field, size_t limit, const char *what);

/* What the bounded readers below give besides data. */
enum { CRM_READ_ERROR = -1, CRM_READ_TOO_LONG = -2 };

/*
 * Reads one line into b (reset first; its LF or CRLF dropped), reading no
 * more than max bytes of it: 1, 0 at the end of the input, CRM_READ_ERROR,
 * or CRM_READ_TOO_LONG with the rest of the line left unread.  NUL bytes are
 * kept: b->len counts them, for the caller to refuse.
 */
int crm_read_line_max(FILE *in, struct crm_buf *b, size_t max);
/* Appends what is left of in, up to max bytes: 0, CRM_READ_ERROR or CRM_READ_TOO_LONG. */
int crm_buf_read_max(struct crm_buf *b, FILE *in, size_t max);

#endif
