/* crm-case - customer service cases: service levels, replies, resolution, satisfaction. */
#include "crm.h"

static const struct crm_verb case_verbs[] = {
    {"assign", crm_verb_assign, 1, CRM_O_DRYRUN | CRM_O_WHERE | CRM_O_TO, "ID...|- --to USER,USER",
     CRM_N_("give cases to owners in turn")},
    {"reply", crm_verb_reply, CRM_WRITES_FROM_STDIN, CRM_O_DRYRUN | CRM_O_FROM_CUSTOMER,
     "ID [FIELD=VALUE...] < TEXT",
     CRM_N_("log a reply to or (--from-customer) from the customer; prints its id")},
    {"note", crm_verb_note, CRM_WRITES_FROM_STDIN, CRM_O_DRYRUN, "ID [FIELD=VALUE...] < TEXT",
     CRM_N_("log an internal note on the case (text from stdin); prints its id")},
    {"pending", crm_verb_pending, 1, CRM_O_DRYRUN | CRM_O_WHERE, "ID...|-",
     CRM_N_("waiting on the customer: the resolution clock stops")},
    {"resolve", crm_verb_resolve, 1, CRM_O_DRYRUN | CRM_O_WHERE | CRM_O_RESOLUTION,
     "ID...|- --resolution TEXT", CRM_N_("mark cases resolved, saying what was done")},
    {"close", crm_verb_close, 1, CRM_O_DRYRUN | CRM_O_WHERE | CRM_O_SURVEY,
     "ID...|- [--csat 1-5] [--nps 0-10]", CRM_N_("close cases, with the customer's answers")},
    {"reopen", crm_verb_case_reopen, 1, CRM_O_DRYRUN | CRM_O_WHERE, "ID...|-",
     CRM_N_("open resolved or closed cases again")},
    {"breaches", crm_verb_breaches, 1, CRM_O_FORMAT | CRM_O_WITHIN | CRM_O_AGAIN,
     "[--within DURATION] [--again] [FILTER...]",
     CRM_N_("for cron: cases past (or near) a due time, each once")},
    {"assets", crm_verb_expiring, 0, CRM_O_FORMAT | CRM_O_EXPIRING, "[--expiring DAYS] [FILTER...]",
     CRM_N_("for cron: warranties and contracts of assets ending within DAYS (30d)")},
    {"sla", crm_verb_sla, CRM_WRITES_UNLESS_LISTING, CRM_O_FORMAT,
     "[list | set PRIORITY respond=DURATION resolve=DURATION]",
     CRM_N_("the service levels: response and resolution times per priority")},
    {0},
};

int main(int argc, char **argv)
{
	return crm_entity_main(argc, argv, &crm_entity_case, case_verbs);
}
