/* sales.h - the sales pipeline's rules (after_write hooks) and verbs. */
#ifndef CRM_SALES_H
#define CRM_SALES_H

#include "verbs.h"

int crm_opp_after_write(struct crm_ctx *ctx, long long id, char **cur, const char *assigned,
                        char **err);
int crm_item_after_write(struct crm_ctx *ctx, long long id, char **cur, const char *assigned,
                         char **err);

#endif
