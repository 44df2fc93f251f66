/* crm-report - the analytical reports (crm-report(1)). */
#include "crm.h"

int main(int argc, char **argv)
{
	return crm_report_main(argc, argv);
}
