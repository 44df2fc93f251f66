/* activity.h - tasks and the interaction log: their rules (after_write hooks). */
#ifndef CRM_ACTIVITY_H
#define CRM_ACTIVITY_H

#include "verbs.h"

int crm_task_after_write(struct crm_ctx *ctx, long long id, char **cur, const char *assigned,
                         char **err);
int crm_interaction_after_write(struct crm_ctx *ctx, long long id, char **cur, const char *assigned,
                                char **err);

#endif
