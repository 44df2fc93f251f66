/* crm-log - the interaction log: every call, mail, meeting and visit, and timelines. */
#include "crm.h"

static const struct crm_verb log_verbs[] = {
    {"timeline", crm_verb_timeline, 0, CRM_O_FORMAT, "contact=ID|account=NAME|lead=...|opp=...",
     CRM_N_("everything that happened with a record, newest first")},
    {0},
};

int main(int argc, char **argv)
{
	return crm_entity_main(argc, argv, &crm_entity_interaction, log_verbs);
}
