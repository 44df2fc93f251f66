/* crm-lead - prospects, qualified and converted into accounts, contacts and deals. */
#include "crm.h"

static const struct crm_verb lead_verbs[] = {
    {"qualify", crm_verb_qualify, 1, CRM_O_DRYRUN | CRM_O_WHERE, "ID...|-",
     CRM_N_("mark leads qualified")},
    {"disqualify", crm_verb_disqualify, 1, CRM_O_DRYRUN | CRM_O_WHERE | CRM_O_REASON,
     "ID...|- [--reason TEXT]", CRM_N_("mark leads unqualified, saying why")},
    {"convert", crm_verb_convert, 1, CRM_O_DRYRUN | CRM_O_WHERE | CRM_O_OPP | CRM_O_FOLLOW,
     "ID...|- [--account ID] [--opp [FIELD=VALUE...]] [--task WORDS] [--log WORDS]",
     CRM_N_(
         "make account, contact (and opportunity, task, interaction) of leads; prints their ids")},
    {"assign", crm_verb_assign, 1, CRM_O_DRYRUN | CRM_O_WHERE | CRM_O_TO, "ID...|- --to USER,USER",
     CRM_N_("give leads to owners in turn")},
    {"rule", crm_verb_rule, CRM_WRITES_UNLESS_LISTING, CRM_O_FORMAT,
     "[list | add TERM POINTS | rm RULE]",
     CRM_N_("the scoring rules: a filter term and its points")},
    {"score", crm_verb_score, 1, CRM_O_DRYRUN | CRM_O_FORMAT | CRM_O_EXPLAIN,
     "[FILTER...] | --explain ID", CRM_N_("recompute scores from the rules")},
    {"lookup", crm_verb_lookup, 0, CRM_O_FORMAT | CRM_O_FIELDS, "PHONE|EMAIL",
     CRM_N_("find a lead by phone or e-mail")},
    {"forget", crm_verb_forget, 1, CRM_O_DRYRUN | CRM_O_WHERE, "ID...|-",
     CRM_N_("erase a person's personal data for good")},
    {0},
};

int main(int argc, char **argv)
{
	return crm_entity_main(argc, argv, &crm_entity_lead, lead_verbs);
}
