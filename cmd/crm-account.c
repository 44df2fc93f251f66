/* crm-account - organisations: customers, prospects, partners, suppliers, competitors. */
#include "crm.h"

static const struct crm_verb account_verbs[] = {
    {"lookup", crm_verb_lookup, 0, CRM_O_FORMAT | CRM_O_FIELDS, "PHONE|EMAIL",
     "find an organisation by phone or e-mail; show its contacts"},
    {0},
};

int main(int argc, char **argv)
{
	return crm_entity_main(argc, argv, &crm_entity_account, account_verbs);
}
