/* crm-product - the catalog: what opportunities and their items sell. */
#include "crm.h"

int main(int argc, char **argv)
{
	return crm_entity_main(argc, argv, &crm_entity_product, NULL);
}
