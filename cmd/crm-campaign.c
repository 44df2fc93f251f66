/* crm-campaign - marketing campaigns: members, the mail-merge list, return on investment. */
#include "crm.h"

static const struct crm_verb campaign_verbs[] = {
    {"member", crm_verb_member, CRM_WRITES_UNLESS_LISTING,
     CRM_O_DRYRUN | CRM_O_ABOUT | CRM_O_OUTPUT,
     "add|set|rm CAMPAIGN ID...|- [status=STATUS] | list CAMPAIGN [FILTER...]",
     CRM_N_("the campaign's members: contacts, or leads with --about lead")},
    {"members", crm_verb_members, 0, CRM_O_FORMAT, "CAMPAIGN [FILTER...]",
     CRM_N_("the people to reach, for a mailing tool (-o csv); none who opted out")},
    {"roi", crm_verb_roi, 0, CRM_O_FORMAT, "[CAMPAIGN...] [FILTER...]",
     CRM_N_("members, responses, leads, opportunities, won revenue, cost per lead, ROI")},
    {0},
};

int main(int argc, char **argv)
{
	return crm_entity_main(argc, argv, &crm_entity_campaign, campaign_verbs);
}
