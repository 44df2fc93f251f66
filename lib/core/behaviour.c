/*
 * behaviour.c - the registry of what each entity does beyond the generic
 * verbs: one slot per entity of crm_entities, filled by the domain layer.
 */
#include "core/behaviour.h"

#define MAX_ENTITIES 32

static const struct crm_entity_ops *registered[MAX_ENTITIES];

/* The entity's place in crm_entities, or -1 for one the library does not list. */
static int slot_of(const struct crm_entity *ent)
{
	for (int i = 0; crm_entities[i] && i < MAX_ENTITIES; i++)
		if (crm_entities[i] == ent)
			return i;
	return -1;
}

void crm_entity_behave(const struct crm_entity *ent, const struct crm_entity_ops *ops)
{
	int i = slot_of(ent);
	if (i >= 0)
		registered[i] = ops;
}

const struct crm_entity_ops *crm_entity_ops(const struct crm_entity *ent)
{
	static const struct crm_entity_ops none;
	int i = ent ? slot_of(ent) : -1;
	return i >= 0 && registered[i] ? registered[i] : &none;
}
