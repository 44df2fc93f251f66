/* crm-quote - offers for opportunities, numbered and versioned, followed to acceptance. */
#include "crm.h"

static const struct crm_verb quote_verbs[] = {
    {"send", crm_verb_send, 1, CRM_O_DRYRUN | CRM_O_WHERE, "ID...|-", CRM_N_("mark quotes sent")},
    {"accept", crm_verb_accept, 1, CRM_O_DRYRUN | CRM_O_WHERE | CRM_O_WIN, "ID...|- [--win]",
     CRM_N_("mark quotes accepted (--win: win the opportunity at the quote's total)")},
    {"reject", crm_verb_reject, 1, CRM_O_DRYRUN | CRM_O_WHERE, "ID...|-",
     CRM_N_("mark quotes rejected")},
    {"expire", crm_verb_expire, 1, CRM_O_DRYRUN, "[FILTER...]",
     CRM_N_("mark sent quotes past their validity expired (for cron)")},
    {"revise", crm_verb_revise, 1, CRM_O_DRYRUN, "ID [FIELD=VALUE...]",
     CRM_N_("make the next version of a quote, with the same lines; prints its id")},
    {"item", crm_verb_item, CRM_WRITES_UNLESS_LISTING, CRM_O_OUTPUT | CRM_O_DRYRUN,
     "add QUOTE FIELD=VALUE... | list QUOTE | show|set|rm|restore ITEM...",
     CRM_N_("the quote's own lines")},
    {0},
};

int main(int argc, char **argv)
{
	return crm_entity_main(argc, argv, &crm_entity_quote, quote_verbs);
}
