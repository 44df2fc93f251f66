/*
 * money.h - money and numbers: their normal forms and minor units.
 * crm_money_minor, crm_money_str, crm_money_normal and crm_number_normal
 * are public (crm.h); the rest is the library's own.
 */
#ifndef CRM_MONEY_H
#define CRM_MONEY_H

#include "crm.h"

/*
 * Amounts are below 10^15 units (10^17 minor units, what an amount may be
 * typed as), so sums of many fit 64 bits.  A computed amount past that is
 * refused: CRM_EXIT_DATA with a message naming field in *err.
 */
int crm_money_check(const char *field, double minor, char **err);

#endif
