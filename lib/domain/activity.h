/* activity.h - tasks and the interaction log: their rules (after_write hooks). */
#ifndef CRM_ACTIVITY_H
#define CRM_ACTIVITY_H

#include "core/verbs.h"

int crm_task_after_write(struct crm_ctx *ctx, long long id, char **cur, const char *assigned,
                         char **err);
int crm_interaction_after_write(struct crm_ctx *ctx, long long id, char **cur, const char *assigned,
                                char **err);

/* Tasks as iCalendar VTODOs (task_ics.c). */
int crm_task_export_ics(struct crm_ctx *ctx, struct crm_filter *f);
int crm_task_import_ics(struct crm_ctx *ctx, FILE *in);

#endif
