/*
 * input_limits.c - the messages for input crm refuses before reading it whole:
 * NUL bytes and pieces past the limits of input_limits.h.
 */
#include "base/i18n.h"
#include "base/input_limits.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

/* "line N: FIELD: " as far as they are known. */
static char *where(long line, const char *field)
{
	char at[32] = "";

	if (line > 0)
		snprintf(at, sizeof at, "line %ld: ", line);
	return crm_xasprintf("%s%s%s", at, field ? field : "", field ? ": " : "");
}

char *crm_nul_message(long line, const char *field)
{
	char *at = where(line, field);
	char *msg = crm_xasprintf(_("%sNUL byte in the data (not a text file?)"), at);

	free(at);
	return msg;
}

char *crm_nul_check(const char *s, size_t n, long line, const char *field)
{
	return memchr(s, '\0', n) ? crm_nul_message(line, field) : NULL;
}

char *crm_nul_in_text(const char *s, size_t n, const char *field)
{
	const char *nul = memchr(s, '\0', n);
	long line = 1;

	if (!nul)
		return NULL;
	for (const char *p = s; p < nul; p++)
		line += *p == '\n';
	return crm_nul_message(line, field);
}

char *crm_limit_message(long line, const char *field, size_t limit, const char *what)
{
	char *at = where(line, field);
	char *msg = crm_xasprintf(_("%smore than %zu %s (the limit)"), at, limit, what);

	free(at);
	return msg;
}

int crm_read_line_max(FILE *in, struct crm_buf *b, size_t max)
{
	int c;

	crm_buf_reset(b);
	while ((c = getc(in)) != EOF && c != '\n') {
		if (b->len == max)
			return CRM_READ_TOO_LONG;
		crm_buf_putc(b, (char)c);
	}
	if (c == EOF && ferror(in))
		return CRM_READ_ERROR;
	if (c == EOF && b->len == 0)
		return 0;
	if (b->len && b->s[b->len - 1] == '\r')
		b->s[--b->len] = '\0';
	crm_buf_str(b);
	return 1;
}

int crm_buf_read_max(struct crm_buf *b, FILE *in, size_t max)
{
	char chunk[4096];
	size_t n, room;

	/* one byte more than max is read, to know there is more */
	while ((room = max + 1 - (b->len < max ? b->len : max)) > 0 &&
	       (n = fread(chunk, 1, room < sizeof chunk ? room : sizeof chunk, in)) > 0) {
		crm_buf_add(b, chunk, n);
		if (b->len > max)
			return CRM_READ_TOO_LONG;
	}
	crm_buf_str(b);
	return ferror(in) ? CRM_READ_ERROR : 0;
}
