/* crm-opp - opportunities moving through a pipeline to won or lost. */
#include "crm.h"

static const struct crm_verb opp_verbs[] = {
    {"stage", crm_verb_stage, 1, CRM_O_DRYRUN | CRM_O_WHERE, "ID...|- STAGE",
     CRM_N_("move opportunities to a stage")},
    {"win", crm_verb_win, 1, CRM_O_DRYRUN | CRM_O_WHERE, "ID...|- [FIELD=VALUE...]",
     CRM_N_("mark opportunities won (amount=... to set the final value)")},
    {"lose", crm_verb_lose, 1, CRM_O_DRYRUN | CRM_O_WHERE | CRM_O_REASON, "ID...|- [--reason TEXT]",
     CRM_N_("mark opportunities lost, saying why")},
    {"reopen", crm_verb_reopen, 1, CRM_O_DRYRUN | CRM_O_WHERE, "ID...|-",
     CRM_N_("back to the open stage they left")},
    {"pipeline", crm_verb_pipeline, 0, CRM_O_FORMAT, "[FILTER...]",
     CRM_N_("count, total and weighted total per open stage and currency")},
    {"stages", crm_verb_stages, CRM_WRITES_UNLESS_LISTING, CRM_O_FORMAT,
     "[set PIPELINE STAGE [KEY=VALUE...] | rm PIPELINE STAGE]",
     CRM_N_("show or edit the pipelines' stages")},
    {"item", crm_verb_item, CRM_WRITES_UNLESS_LISTING, CRM_O_OUTPUT | CRM_O_DRYRUN,
     "add OPP FIELD=VALUE... | list OPP | show|set|rm|restore ITEM...",
     CRM_N_("the opportunity's line items")},
    {0},
};

int main(int argc, char **argv)
{
	return crm_entity_main(argc, argv, &crm_entity_opp, opp_verbs);
}
