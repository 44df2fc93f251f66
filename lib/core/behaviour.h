/*
 * behaviour.h - what an entity does beyond the generic verbs.
 *
 * The descriptors (model/entity.c) are data; the rules of each entity live
 * in the domain layer, which registers them here when a command starts
 * (crm_domain_init), so the core runs them without depending on them.
 */
#ifndef CRM_BEHAVIOUR_H
#define CRM_BEHAVIOUR_H

#include <stdio.h>

#include "crm.h"

struct crm_entity_ops {
	/*
	 * Called after add, set or import wrote a record (cur: its values now;
	 * assigned: per field, 1 if this command gave it), to keep derived fields
	 * true: an opportunity's probability follows its stage.  Returns 0,
	 * CRM_EXIT_DATA with a message in *err, or CRM_EXIT_DB (already reported).
	 */
	int (*after_write)(struct crm_ctx *ctx, long long id, char **cur, const char *assigned,
	                   char **err);
	/* export -o ics and import FILE.ics, for entities a calendar knows (tasks) */
	int (*ics_export)(struct crm_ctx *ctx, struct crm_filter *f);
	int (*ics_import)(struct crm_ctx *ctx, FILE *in);
	/* export -o vcard and import --format vcard, for entities an address book knows */
	int (*vcard_export)(struct crm_ctx *ctx, struct crm_filter *f);
	int (*vcard_import)(struct crm_ctx *ctx, FILE *in);
	/* show -o HOW, for the renderings the descriptor's .renders names (quotes) */
	int (*render)(struct crm_ctx *ctx, long long id, const char *how);
	/* what show prints after the fields, worked out from them (a case's service level) */
	void (*show_more)(struct crm_ctx *ctx, long long id, char **vals);
};

/* Gives ent its behaviour (ops must outlive the process: a static table). */
void crm_entity_behave(const struct crm_entity *ent, const struct crm_entity_ops *ops);
/* The behaviour of ent: never NULL (an entity without rules has no ops set). */
const struct crm_entity_ops *crm_entity_ops(const struct crm_entity *ent);

#endif
