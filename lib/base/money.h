/* money.h - money and numbers: their normal forms and minor units. */
#ifndef CRM_MONEY_H
#define CRM_MONEY_H

#include "crm.h"

/* Money in normal form ("-1234.50") to minor units, and back. */
long long crm_money_minor(const char *v);
char *crm_money_str(long long minor);
/*
 * Amounts are below 10^15 units (10^17 minor units, what an amount may be
 * typed as), so sums of many fit 64 bits.  A computed amount past that is
 * refused: CRM_EXIT_DATA with a message naming field in *err.
 */
int crm_money_check(const char *field, double minor, char **err);
/*
 * An amount as typed ("1.234,50 €", "$3", "-12") in normal form "-1234.50"
 * (malloc'd in *out); -1 when it is not one, with why (untranslated: pass
 * it through _()) in *why.
 */
int crm_money_normal(const char *v, char **out, const char **why);
/*
 * A number as typed, also with a decimal comma or a percent sign ("12,5",
 * "10 %"), in the form strtod reads (malloc'd in *out); -1 when it is not
 * a finite number.
 */
int crm_number_normal(const char *v, char **out);

#endif
