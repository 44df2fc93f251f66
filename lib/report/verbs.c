/*
 * verbs.c - crm-report's verbs: each report and setting by name, with the
 * options it takes and its one line of help.
 */
#include "base/i18n.h"
#include "report/report_int.h"

#define REP_OUT (CRM_O_FORMAT | CRM_O_CHART)
#define OPP_REPORT (REP_OUT | CRM_O_RANGE)

const struct crm_verb crm_report_verbs[] = {
    {"pipeline", report_pipeline, 0, OPP_REPORT | CRM_O_BY | CRM_O_ASOF, "[FILTER]",
     N_("open deals per stage: count, total, weighted")},
    {"forecast", report_forecast, 0,
     OPP_REPORT | CRM_O_BY | CRM_O_PERIOD | CRM_O_ASOF | CRM_O_COMMIT, "[FILTER]",
     N_("expected revenue per period: best case, weighted, commit, won, quota")},
    {"sales", report_sales, 0, OPP_REPORT | CRM_O_BY | CRM_O_ASOF, "[FILTER]",
     N_("won amount and count by one or two dimensions")},
    {"winrate", report_winrate, 0, OPP_REPORT | CRM_O_BY | CRM_O_ASOF, "[FILTER]",
     N_("won / (won + lost) by one or two dimensions")},
    {"funnel", report_funnel, 0, OPP_REPORT, "[FILTER]",
     N_("leads by source to conversion, deals and wins")},
    {"velocity", report_velocity, 0, OPP_REPORT, "[FILTER]",
     N_("days spent in each stage, and the sales cycle")},
    {"activity", report_activity, 0, OPP_REPORT, "[FILTER]",
     N_("interactions and tasks done per week, owner and channel")},
    {"service", report_service, 0, OPP_REPORT | CRM_O_BY, "[FILTER]",
     N_("cases opened and closed, response and resolution times, SLA, CSAT, NPS")},
    {"customers", report_customers, 0, OPP_REPORT | CRM_O_LIMIT, "[FILTER]",
     N_("revenue per account, first and last win, RFM segments")},
    {"stale", report_stale, 0, REP_OUT | CRM_O_IDLE | CRM_O_LIMIT,
     "[accounts|contacts|deals] [FILTER]", N_("what has gone quiet: records to call this week")},
    {"digest", report_digest, 0, REP_OUT | CRM_O_IDLE | CRM_O_LIMIT, "[FILTER]",
     N_("the morning summary; prints nothing when there is nothing")},
    {"calibrate", report_calibrate, 0, OPP_REPORT | CRM_O_MIN, "[FILTER]",
     N_("each stage's real win rate beside its probability")},
    {"next", report_next, 0, REP_OUT | CRM_O_LIMIT, "[deals|leads] [FILTER]",
     N_("open deals and leads ranked by a score, with its terms")},
    {"commission", report_commission, 0, OPP_REPORT | CRM_O_BY | CRM_O_PERIOD, "[FILTER]",
     N_("commission per owner and period from rates and quotas")},
    {"quota", verb_quota, CRM_WRITES_UNLESS_LISTING, CRM_O_FORMAT,
     "[list | set OWNER PERIOD AMOUNT [CURRENCY] | rm OWNER PERIOD [CURRENCY]]",
     N_("sales quotas per owner, period and currency")},
    {"rate", verb_rate, CRM_WRITES_UNLESS_LISTING, CRM_O_FORMAT,
     "[list | add PERCENT [from=PCT] [owner=NAME] | rm ID]", N_("commission rates and tiers")},
    {"weights", verb_weights, 0, CRM_O_FORMAT, "[NAME=POINTS...]",
     N_("what each term of the next score is worth")},
    {NULL, NULL, 0, 0, NULL, NULL},
};
