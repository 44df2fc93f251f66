/* crm-task - planned work: due dates, reminders for cron, recurrence, the agenda. */
#include "crm.h"

static const struct crm_verb task_verbs[] = {
    {"agenda", crm_verb_agenda, 0, CRM_O_FORMAT | CRM_O_DAYS, "[--days N] [FILTER...]",
     CRM_N_("open tasks: overdue, today, tomorrow, this week, later")},
    {"done", crm_verb_done, 1, CRM_O_DRYRUN | CRM_O_WHERE, "ID...|-",
     CRM_N_("mark tasks done (a recurring one makes its next)")},
    {"cancel", crm_verb_cancel, 1, CRM_O_DRYRUN | CRM_O_WHERE, "ID...|-", CRM_N_("cancel tasks")},
    {"snooze", crm_verb_snooze, 1, CRM_O_DRYRUN | CRM_O_WHERE, "ID...|- WHEN",
     CRM_N_("put tasks off: +2d, tomorrow, monday, 2026-12-01")},
    {"remind", crm_verb_remind, 1, CRM_O_FORMAT | CRM_O_FIELDS, "[FILTER...]",
     CRM_N_("for cron: print tasks whose reminder is due, once")},
    {0},
};

int main(int argc, char **argv)
{
	return crm_entity_main(argc, argv, &crm_entity_task, task_verbs);
}
