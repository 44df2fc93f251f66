/* crm-account - organisations: customers, prospects, partners, suppliers, competitors. */
#include "crm.h"

static const struct crm_verb account_verbs[] = {
    {"lookup", crm_verb_lookup, 0, CRM_O_FORMAT | CRM_O_FIELDS, "PHONE|EMAIL",
     CRM_N_("find an organisation by phone or e-mail; show its contacts")},
    {"dupes", crm_verb_dupes, 0, CRM_O_FORMAT | CRM_O_LIMIT | CRM_O_MIN_SCORE, "[FILTER...]",
     CRM_N_("list likely duplicates: pairs, a score and the reasons")},
    {"merge", crm_verb_merge, 1, CRM_O_DRYRUN, "KEEP DROP...|-",
     CRM_N_("merge records into the one kept; references follow")},
    {0},
};

int main(int argc, char **argv)
{
	return crm_entity_main(argc, argv, &crm_entity_account, account_verbs);
}
