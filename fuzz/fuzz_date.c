/*
 * fuzz_date.c - dates: crm_parse_date, crm_parse_datetime and the field
 * types that hold them.  What is accepted must be in normal form and read
 * back as itself.
 */
#define _GNU_SOURCE
#include "fuzz.h"
#include "core/grammar.h"

#include <stdlib.h>
#include <string.h>

static void normal_is_stable(enum crm_type type, const char *in)
{
	const struct crm_field fd = {.name = "f", .type = type};
	char *out = NULL, *err = NULL;
	if (crm_value_normal(NULL, &fd, in, &out, &err) == 0 && out) {
		char *again = NULL, *err2 = NULL;
		if (crm_value_normal(NULL, &fd, out, &again, &err2) < 0 || strcmp(again, out))
			abort(); /* a normal form that does not read back as itself */
		free(again);
		free(err2);
	}
	free(out);
	free(err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_db_path(); /* the fixed clock and zone */
	char *s = fuzz_string(data, size);
	char day[32], ts[32], local[32];
	if (crm_parse_date(s, day) == 0) {
		if (strlen(day) != 10 || crm_parse_date(day, ts) < 0 || strcmp(day, ts))
			abort();
	}
	if (crm_parse_datetime(s, ts) == 0) {
		if (strlen(ts) != 20 || ts[19] != 'Z')
			abort();
		crm_local_time(ts, local, sizeof local);
	}
	crm_local_time(s, local, sizeof local);
	normal_is_stable(CRM_T_DATE, s);
	normal_is_stable(CRM_T_WHEN, s);
	normal_is_stable(CRM_T_TIMESTAMP, s);
	free(s);
	return 0;
}
