/* crm-contact - people, optionally at an account. */
#include "crm.h"

static const struct crm_verb contact_verbs[] = {
    {"lookup", crm_verb_lookup, 0, CRM_O_FORMAT | CRM_O_FIELDS, "PHONE|EMAIL",
     "find the caller however the number is written; show the 360° view"},
    {"forget", crm_verb_forget, 1, CRM_O_DRYRUN | CRM_O_WHERE, "ID...|-",
     "erase a person's personal data for good"},
    {0},
};

int main(int argc, char **argv)
{
	return crm_entity_main(argc, argv, &crm_entity_contact, contact_verbs);
}
