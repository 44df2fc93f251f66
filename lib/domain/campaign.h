/* campaign.h - campaigns, their members and partners: the rules (after_write hooks). */
#ifndef CRM_CAMPAIGN_H
#define CRM_CAMPAIGN_H

#include "core/verbs.h"

int crm_campaign_after_write(struct crm_ctx *ctx, long long id, char **cur, const char *assigned,
                             char **err);
int crm_member_after_write(struct crm_ctx *ctx, long long id, char **cur, const char *assigned,
                           char **err);
int crm_lead_after_write(struct crm_ctx *ctx, long long id, char **cur, const char *assigned,
                         char **err);
/* A partner named on a lead or an opportunity is an account of type partner. */
int crm_check_partner(struct crm_ctx *ctx, long long id, char **cur, const char *assigned,
                      char **err);

/* A lead converted: its memberships of campaigns are converted too; 0 or an exit code. */
int crm_members_converted(struct crm_ctx *ctx, long long lead);

#endif
