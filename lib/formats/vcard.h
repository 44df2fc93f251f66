/*
 * vcard.h - vCard in and out: 2.1, 3.0 (RFC 2426) and 4.0 (RFC 6350) read,
 * 4.0 written.  Self-contained: no database; what a card means to crm is
 * contact_vcard.c's business.
 */
#ifndef CRM_VCARD_H
#define CRM_VCARD_H

#include <stdio.h>

#include "crm.h"

/* One property of a card as read. */
struct vcard_prop {
	char *group;  /* "item1" of "item1.EMAIL", or NULL */
	char *name;   /* upper case: "EMAIL" */
	char *params; /* raw, as written: "TYPE=work;PREF=1", "CELL;PREF" (2.1) */
	/*
	 * The value in UTF-8: unfolded, quoted-printable decoded, converted from
	 * its CHARSET; TEXT escapes (\, \; \n) still in, since a structured value
	 * (N, ADR) is split at its unescaped ';' first: see vcard_parts.
	 */
	char *value;
	long line; /* the physical line the property starts on */
};

struct vcard {
	int version; /* 21, 30 or 40 */
	long line;   /* the line of its BEGIN:VCARD */
	struct vcard_prop *props;
	int n, cap;
	/* A property that could not be decoded makes the card invalid: the first such. */
	char *error; /* "line N: reason", or NULL */
};

/*
 * Reads every vCard in a stream: CRLF, LF, CR CR LF line ends, a UTF-8 BOM,
 * folding, BEGIN:VCARD in any case, group prefixes, vCard 2.1 bare
 * parameters and quoted-printable soft line breaks, CHARSET (via iconv; 8-bit
 * text with no CHARSET that is not UTF-8 is read as Windows-1252, with a
 * note).  fn gets each card (valid during the call); a non-zero return stops
 * the reading and is returned.  Returns 0, or -1 with *err (malloc'd) "line
 * N: reason" for input that is not vCard (a card never ended, an END without
 * BEGIN).  warn (may be NULL) receives notes "line N: ...".
 */
typedef int (*vcard_fn)(void *ctx, const struct vcard *card);
int vcard_read(FILE *in, vcard_fn fn, void *ctx, void (*warn)(const char *msg), char **err);

/* 1 if the property has this TYPE (upper case): TYPE=a,b, type=a;type=b, or 2.1's bare A. */
int vcard_has_type(const struct vcard_prop *p, const char *type);
/* 1 if the property is marked preferred: TYPE=pref (3.0, 2.1) or PREF=n (4.0). */
int vcard_is_pref(const struct vcard_prop *p);
/* The value of parameter key (upper case), malloc'd, or NULL. */
char *vcard_param(const struct vcard_prop *p, const char *key);
/*
 * A TEXT value unescaped (malloc'd): \n \N \\ \; \, and, as lax writers
 * produce them, \: and \".
 */
char *vcard_text(const char *value);
/*
 * The parts of a structured value (sep ';': N, ADR, ORG) or a list (sep
 * ',': CATEGORIES, NICKNAME), each unescaped and trimmed; empty parts are
 * kept, so N's positions hold.
 */
void vcard_parts(const char *value, char sep, struct crm_strv *out);

/* ---- writing 4.0: CRLF line ends, folded at 75 octets, TEXT escaped */

void vcard_begin(FILE *out); /* BEGIN:VCARD and VERSION:4.0 */
/* "NAME;PARAMS:value" with value escaped as TEXT; nothing when value is NULL or "". */
void vcard_put(FILE *out, const char *name, const char *value);
/*
 * A structured value (sep ';': N, ADR) or a list (sep ',': CATEGORIES): each
 * part escaped, joined by sep; parts may be NULL.
 */
void vcard_put_parts(FILE *out, const char *name, const char *const *parts, int n, char sep);
/* Writes END:VCARD. */
void vcard_end(FILE *out);

#endif
