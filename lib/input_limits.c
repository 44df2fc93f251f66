/*
 * input_limits.c - the messages for input crm refuses before reading it whole:
 * NUL bytes and pieces past the limits of input_limits.h.
 */
#include "input_limits.h"

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
	char *msg = crm_xasprintf("%sNUL byte in the data (not a text file?)", at);

	free(at);
	return msg;
}

char *crm_nul_check(const char *s, size_t n, long line, const char *field)
{
	return memchr(s, '\0', n) ? crm_nul_message(line, field) : NULL;
}

char *crm_limit_message(long line, const char *field, size_t limit, const char *what)
{
	char *at = where(line, field);
	char *msg = crm_xasprintf("%smore than %zu %s (the limit)", at, limit, what);

	free(at);
	return msg;
}
