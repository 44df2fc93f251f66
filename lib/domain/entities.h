/* entities.h - the domain layer's entry: the rules of every entity, registered. */
#ifndef CRM_ENTITIES_H
#define CRM_ENTITIES_H

#include "core/verbs.h"

/* Registers each entity's behaviour with the core (core/behaviour.h); idempotent. */
void crm_domain_init(void);

/* Contacts as vCards (contact_vcard.c): export -o vcard, import --format vcard. */
int crm_contact_export_vcard(struct crm_ctx *ctx, struct crm_filter *f);
int crm_contact_import_vcard(struct crm_ctx *ctx, FILE *in);

/* Users (team.c): a login and a name, each the other's default. */
int crm_user_after_write(struct crm_ctx *ctx, long long id, char **cur, const char *assigned,
                         char **err);

#endif
