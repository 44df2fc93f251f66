/* crm-user - the people who own records: logins, teams, managers, regions, roles. */
#include "crm.h"

static const struct crm_verb user_verbs[] = {
    {"login", crm_verb_login, 1, 0, "LOGIN...",
     CRM_N_("make users logins of the database server, with their role's privileges")},
    {0},
};

int main(int argc, char **argv)
{
	return crm_entity_main(argc, argv, &crm_entity_user, user_verbs);
}
