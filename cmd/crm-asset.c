/* crm-asset - what customers own: serial numbers, warranties and service contracts. */
#include "crm.h"

static const struct crm_verb asset_verbs[] = {
    {"from-opp", crm_verb_from_opp, 1, CRM_O_DRYRUN | CRM_O_WHERE, "OPP...|- [FIELD=VALUE...]",
     CRM_N_(
         "an asset for each item of won opportunities (warranty_end=+2y ...); prints their ids")},
    {"expiring", crm_verb_expiring, 0, CRM_O_FORMAT | CRM_O_WITHIN, "[--within DAYS] [FILTER...]",
     CRM_N_("for cron: warranties and contracts ending within DAYS (30d)")},
    {0},
};

int main(int argc, char **argv)
{
	return crm_entity_main(argc, argv, &crm_entity_asset, asset_verbs);
}
