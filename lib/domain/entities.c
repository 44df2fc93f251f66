/*
 * entities.c - which rules each entity has: the domain layer's table of
 * behaviour, registered with the core when a command starts.  An entity
 * with rules of its own adds one line here; the generic files stay as
 * they are.
 */
#include "core/behaviour.h"
#include "domain/activity.h"
#include "domain/campaign.h"
#include "domain/entities.h"
#include "domain/sales.h"
#include "domain/service.h"

static const struct {
	const struct crm_entity *ent;
	struct crm_entity_ops ops;
} behaviour[] = {
    {&crm_entity_contact,
     {.vcard_export = crm_contact_export_vcard, .vcard_import = crm_contact_import_vcard}},
    {&crm_entity_lead, {.after_write = crm_lead_after_write}},
    {&crm_entity_opp, {.after_write = crm_opp_after_write}},
    {&crm_entity_item, {.after_write = crm_item_after_write}},
    {&crm_entity_quote, {.after_write = crm_quote_after_write, .render = crm_quote_render}},
    {&crm_entity_task,
     {.after_write = crm_task_after_write,
      .ics_export = crm_task_export_ics,
      .ics_import = crm_task_import_ics}},
    {&crm_entity_interaction, {.after_write = crm_interaction_after_write}},
    {&crm_entity_case, {.after_write = crm_case_after_write, .show_more = crm_case_show_more}},
    {&crm_entity_campaign, {.after_write = crm_campaign_after_write}},
    {&crm_entity_member, {.after_write = crm_member_after_write}},
    {&crm_entity_asset, {.after_write = crm_asset_after_write}},
    {&crm_entity_user, {.after_write = crm_user_after_write}},
};

void crm_domain_init(void)
{
	for (size_t i = 0; i < sizeof behaviour / sizeof behaviour[0]; i++)
		crm_entity_behave(behaviour[i].ent, &behaviour[i].ops);
}
