/* service.h - customer service: the rules of a case (after_write) and what its show adds. */
#ifndef CRM_SERVICE_H
#define CRM_SERVICE_H

#include "core/verbs.h"

int crm_case_after_write(struct crm_ctx *ctx, long long id, char **cur, const char *assigned,
                         char **err);
/* Fills the account of a record about a contact (case, task, interaction) from the contact's. */
int crm_account_from_contact(struct crm_ctx *ctx, long long id, char **cur, char **err);
/* An interaction in about a pending case takes the case out of pending. */
int crm_case_heard_from(struct crm_ctx *ctx, long long case_id, char **err);
void crm_case_show_more(struct crm_ctx *ctx, long long id, char **vals);
int crm_asset_after_write(struct crm_ctx *ctx, long long id, char **cur, const char *assigned,
                          char **err);

/* What is wrong with a service level's times (seconds), or NULL when nothing is. */
const char *sla_problem(long respond, long resolve);

#endif
