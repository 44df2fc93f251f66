/*
 * recode.h - text in another encoding turned into UTF-8, through iconv: the
 * one place the CSV reader (a spreadsheet's Windows-1252 or UTF-16) and the
 * vCard reader (a card's CHARSET) convert text.
 */
#ifndef CRM_RECODE_H
#define CRM_RECODE_H

#include "crm.h"

struct crm_recoder;

/* A converter from encoding to UTF-8, or NULL when iconv knows no such encoding. */
struct crm_recoder *crm_recoder_new(const char *encoding);
void crm_recoder_free(struct crm_recoder *r);
/*
 * Converts n bytes at in, appending the UTF-8 to out.  A character cut at
 * the end of the bytes is kept for the next call (last: there is none, so
 * it is an error).  Returns 0, or -1 when the bytes are not text in the
 * encoding; *bad then points at the first byte that is not.
 */
int crm_recode(struct crm_recoder *r, const char *in, size_t n, int last, struct crm_buf *out,
               const char **bad);
/* 1 if the encoding's name says the text is UTF-8 already (ASCII is too): nothing to convert. */
int crm_is_utf8_name(const char *encoding);
/* The byte order mark a UTF-8 file may start with. */
#define CRM_UTF8_BOM "\xEF\xBB\xBF"
/* s converted from encoding to UTF-8 (malloc'd), or NULL when it is not text in it. */
char *crm_recode_str(const char *s, const char *encoding);

#endif
