/* sales.h - the sales pipeline's rules (after_write hooks) and verbs. */
#ifndef CRM_SALES_H
#define CRM_SALES_H

#include "base/money.h"
#include "core/verbs.h"

int crm_opp_after_write(struct crm_ctx *ctx, long long id, char **cur, const char *assigned,
                        char **err);
int crm_item_after_write(struct crm_ctx *ctx, long long id, char **cur, const char *assigned,
                         char **err);

int crm_quote_after_write(struct crm_ctx *ctx, long long id, char **cur, const char *assigned,
                          char **err);
/* Recomputes a quote's subtotal, tax and total from its lines. */
int crm_quote_totals(struct crm_ctx *ctx, long long id, char **cur, char **err);
int crm_quote_render(struct crm_ctx *ctx, long long id, const char *how);

/*
 * Scores the records of ctx->ent this run created (ids from ctx->first_new)
 * by the entity's rules, unless a score was given; 0 when it has no rules.
 */
int crm_score_new(struct crm_ctx *ctx);

#endif
