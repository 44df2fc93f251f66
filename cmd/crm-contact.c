/* crm-contact - people, optionally at an account. */
#include "crm.h"

static const struct crm_verb contact_verbs[] = {
    {"lookup", crm_verb_lookup, 0, CRM_O_FORMAT | CRM_O_FIELDS, "PHONE|EMAIL",
     CRM_N_("find the caller however the number is written; show the 360° view")},
    {"forget", crm_verb_forget, 1, CRM_O_DRYRUN | CRM_O_WHERE, "ID...|-",
     CRM_N_("erase a person's personal data for good")},
    {"query", crm_verb_query, 0, CRM_O_FORMAT | CRM_O_LIMIT, "TEXT...",
     CRM_N_("addresses for a mail client's completion (mutt query_command)")},
    {"dupes", crm_verb_dupes, 0, CRM_O_FORMAT | CRM_O_LIMIT | CRM_O_MIN_SCORE, "[FILTER...]",
     CRM_N_("list likely duplicates: pairs, a score and the reasons")},
    {"merge", crm_verb_merge, 1, CRM_O_DRYRUN, "KEEP DROP...|-",
     CRM_N_("merge records into the one kept; references follow")},
    {0},
};

int main(int argc, char **argv)
{
	return crm_entity_main(argc, argv, &crm_entity_contact, contact_verbs);
}
