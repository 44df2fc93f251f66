/*
 * test_money.c - amounts as people type them, and what crm-formats(5) says
 * is refused: a typo never becomes an amount a thousand times too big.
 */
#include "crm.h"
#include "core/grammar.h"
#include "tap.h"

#include <stdlib.h>
#include <string.h>

/* want NULL: v must be refused, with why (when given) in the message. */
static void check(const char *v, const char *want, const char *why)
{
	static const struct crm_field price = {.name = "price", .type = CRM_T_MONEY};
	char *out = NULL, *err = NULL;
	int rc = crm_value_normal(NULL, &price, v, &out, &err);
	is_str(rc == 0 ? out : NULL, want, "'%s' -> %s", v, want ? want : "refused");
	if (!want && why)
		ok(err && strstr(err, why), "'%s': the message says '%s' (%s)", v, why,
		   err ? err : "none");
	free(out);
	free(err);
}

int main(void)
{
	/* what people write */
	check("1234", "1234.00", NULL);
	check("1234.5", "1234.50", NULL);
	check("12,5", "12.50", NULL);
	check("1.234,56", "1234.56", NULL);
	check("1,234.56", "1234.56", NULL);
	check("1 234,50 €", "1234.50", NULL);
	check("€12,50", "12.50", NULL);
	check("$3", "3.00", NULL);
	check("-3", "-3.00", NULL);
	check("-0", "0.00", NULL);
	check("4.821,00", "4821.00", NULL);
	check("1.234.567", "1234567.00", NULL);
	check("1,234,567.89", "1234567.89", NULL);
	/* one mark before three digits groups thousands: no currency has three decimals */
	check("1.234", "1234.00", NULL);
	check("1,234", "1234.00", NULL);
	check("100.000", "100000.00", NULL);
	/* decimals past the second only when they are zeros */
	check("1.2300", "1.23", NULL);
	check("0.50", "0.50", NULL);

	/* typos that were read as amounts a thousand times too big */
	check("0.005", NULL, "more decimals than a currency has");
	check("1.23456", NULL, "more decimals than a currency has");
	check("0.123", NULL, "more decimals than a currency has");
	check("1..2", NULL, "grouped by three");
	check("1 2", NULL, "grouped by three");
	check("1.2.3", NULL, "grouped by three");
	check("12.34.567", NULL, "grouped by three");
	check("1234.567", NULL, "grouped by three");
	check("0.123.456", NULL, "grouped by three");
	check("1.234 567", NULL, NULL);
	check("1.234,5,6", NULL, NULL);
	check("1,234.5.6", NULL, "more than one decimal mark");
	/* not numbers at all */
	check("1e3", NULL, "not an amount");
	check("12.", NULL, "not an amount");
	check(".5", NULL, "not an amount");
	check("", NULL, NULL);
	check("€", NULL, NULL);
	check("abc", NULL, "not an amount");
	check("9999999999999999", NULL, "too large");
	return tap_done();
}
