/*
 * contentline.h - the text format iCalendar (RFC 5545) and vCard (RFC 6350,
 * 2426, and the older 2.1) share: "NAME;PARAM=x:value" content lines, folded
 * at 75 octets, with TEXT values escaped.  ics.c and vcard.c read and write
 * through these functions, so folding and escaping exist once.
 */
#ifndef CRM_CONTENTLINE_H
#define CRM_CONTENTLINE_H

#include <stdarg.h>
#include <stdio.h>

#include "crm.h"

/* RFC 5545 3.1 and RFC 6350 3.2: lines SHOULD NOT be longer than 75 octets. */
enum { CL_OCTETS_MAX = 75 };

/* Protocol words are ASCII and case-insensitive: upper is the upper-case name. */
char cl_upper(char c);
int cl_same_name(const char *s, size_t n, const char *upper);
int cl_name_is(const char *s, const char *upper);
/* A control character TEXT may not hold (a tab is allowed). */
int cl_is_control(char c);

/* ---- writing */

/*
 * Writes a whole content line, folded at 75 octets (never inside a UTF-8
 * sequence; each continuation starts with a space, which counts), CRLF ended.
 */
void cl_put_folded(FILE *out, const char *s, size_t len);
/* Appends s escaped as TEXT: \ ; , get a backslash, a line break becomes \n. */
void cl_put_text(struct crm_buf *b, const char *s);
/* Appends s as is, minus the control characters that would break the line. */
void cl_put_plain(struct crm_buf *b, const char *s);

/* ---- reading */

/*
 * A stream read as logical lines: a line end followed by a space or tab is
 * a fold, and both go.  CRLF, LF, lone CR and CR CR LF (a CRLF converted
 * twice) all end a line; a UTF-8 BOM before the first line is dropped.
 */
struct cl_reader {
	FILE *in;
	struct crm_buf line; /* the current logical line, unfolded */
	long line_no;        /* the physical line it starts on */
	long physical;       /* physical lines consumed so far */
	char *error;         /* why the input was refused (no "line N: "), or NULL */
};
/*
 * 1 for a line in r->line, 0 at the end of the input, -1 on a read error or
 * on input refused (r->error): a NUL byte, or a line longer than
 * CRM_LINE_MAX (input_limits.h), refused without reading further.
 */
int cl_read_line(struct cl_reader *r);
void cl_reader_release(struct cl_reader *r);

/* Where a reader's messages go: warnings to warn (NULL: none), the error to *err. */
struct cl_diag {
	void (*warn)(const char *msg);
	char **err;
};
/* "line N: message", malloc'd. */
char *cl_vmessage(long line, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* A warning about a line. */
void cl_note(const struct cl_diag *d, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Sets the error about a line and returns -1, so that a caller can "return cl_fail(...)". */
int cl_fail(const struct cl_diag *d, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Refuses the input for msg (malloc'd, taken; no "line N: ") as cl_read_line does: -1. */
int cl_refuse(struct cl_reader *r, char *msg);
/* After cl_read_line gave -1: the refusal or the read error into d's error; returns -1. */
int cl_read_failed(struct cl_reader *r, const struct cl_diag *d);

/* "NAME;PARAM=x;PARAM=\"y:z\":value" split in place. */
struct cl_line {
	char *name;
	char *params; /* raw, quotes kept: "" when there are none */
	char *value;
};
/* Splits at the first ';' and the first ':' outside quotes; -1 when there is no value. */
int cl_split(char *s, struct cl_line *cl);
/*
 * Walks the parameters: each call reads the one at *p into key (upper case;
 * empty for a bare vCard 2.1 parameter such as "CELL") and value (quotes
 * removed), advances *p, and returns 1; 0 when there are no more.
 */
int cl_next_param(const char **p, struct crm_buf *key, struct crm_buf *value);
/* The value of the first parameter named key (upper case) into out; 1 if it is there. */
int cl_find_param(const char *params, const char *key, struct crm_buf *out);

/*
 * Appends the character or escape at s to b and returns how many bytes it
 * took: \n \N \\ \; \, are escapes; a backslash before anything else is kept
 * as written, so a lax writer's "C:\temp" survives.
 */
size_t cl_unescape_one(struct crm_buf *b, const char *s);
/* A TEXT value unescaped (malloc'd). */
char *cl_unescape(const char *s);

#endif
