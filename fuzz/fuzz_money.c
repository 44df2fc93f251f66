/*
 * fuzz_money.c - amounts and numbers as typed ("1.234,56 €", "-12.50",
 * "$3"): what is accepted is in normal form, survives the trip to minor
 * units and back, and reads back as itself.
 */
#define _GNU_SOURCE
#include "fuzz.h"
#include "core/grammar.h"
#include "domain/sales.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size);
	static const struct crm_field money = {.name = "amount", .type = CRM_T_MONEY};
	static const struct crm_field number = {.name = "qty", .type = CRM_T_NUMBER};
	char *out = NULL, *err = NULL;
	if (crm_value_normal(NULL, &money, s, &out, &err) == 0 && out) {
		char *back = crm_money_str(crm_money_minor(out));
		if (strcmp(back, out))
			abort(); /* minor units lost or changed the amount */
		char *again = NULL, *err2 = NULL;
		if (crm_value_normal(NULL, &money, out, &again, &err2) < 0 || strcmp(again, out))
			abort();
		free(again);
		free(err2);
		free(back);
	}
	free(out);
	free(err);
	out = err = NULL;
	crm_value_normal(NULL, &number, s, &out, &err);
	free(out);
	free(err);
	free(s);
	return 0;
}
