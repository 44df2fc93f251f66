/* crm-user - the people who own records: logins, teams, managers, regions, roles. */
#include "crm.h"

int main(int argc, char **argv)
{
	return crm_entity_main(argc, argv, &crm_entity_user, NULL);
}
