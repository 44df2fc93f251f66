/*
 * report_int.h - what the report files share: the query a report runs
 * (struct rq), groups of figures by key, quotas, samples for medians,
 * the cells of money, percents and days, and each report's verb.
 */
#ifndef CRM_REPORT_INT_H
#define CRM_REPORT_INT_H

#include "report/report.h"
#include "store/db.h"

/* What every report reads from its command line. */
struct rq {
	struct db_report q;
	struct crm_filter f;
	struct crm_strv by;
	char from[11], to[11], today[11], as_of_day[11], as_of[32], from_ts[32], to_ts[32];
};

/* One group of a report merged from several queries: its key and figures. */
struct group {
	char *key; /* the label columns joined by \x1f */
	long long v[8];
};

struct groups {
	struct group *g;
	int n, cap, nkeys;
};

struct sample {
	double *v;
	int n, cap;
};

struct quotas {
	struct crm_strv owner, period, currency;
	long long *amount;
	int n;
};

struct closed_acc {
	struct groups gs;
	int nkeys;
};

/* report.c */
int db_failed(struct crm_ctx *ctx);
long long num(const char *v);
void rep_money(struct rep *r, long long minor);
/* A percent with one decimal, or empty when there is nothing to divide by. */
void rep_pct(struct rep *r, double part, double whole);
void rep_days(struct rep *r, double days, int have);
void rq_release(struct rq *r);
/*
 * Reads the filter (on ent), --by (at most maxby dimensions, dflt when none
 * is given; periods only when only_periods), --from, --to and --as-of.
 */
int rq_setup(struct crm_ctx *ctx, struct rq *r, const struct crm_entity *ent, int argc, char **argv,
             const char *dflt, int maxby, int only_periods);
/* "Sales by owner, month" */
char *title_by(const char *what, const struct rq *r);
/* Parses filter words for an entity into f; 0 or an exit code after a message. */
int parse_filter(struct crm_ctx *ctx, const struct crm_entity *ent, int argc, char **argv,
                 struct crm_filter *f);
/* The day range as UTC timestamps: local midnight of from, of the day after to. */
void range_stamps(struct rq *r);

/* deals.c */
/* Closed deals ("won", or NULL for won and lost) added up in groups of their nkeys first columns.
 */
int closed_groups(struct crm_ctx *ctx, struct rq *q, const char *state, int nkeys,
                  struct closed_acc *a);
void groups_release(struct groups *gs);
/* Puts a group's key columns as cells. */
void key_cells(struct rep *r, const struct group *g);
/* The n-th key of a group, malloc'd. */
char *key_part(const struct group *g, int n);
/* --period becomes the first dimension, then --by's. */
int period_first(struct crm_ctx *ctx, struct rq *q, const char *dflt);
/*
 * An owner's quota in a currency for a report's period (a month, a quarter
 * or a year: the months it spans added up), or -1 when none of its months
 * has one.  A week is not compared: -1.
 */
long long quota_for(const struct quotas *qs, const char *owner, const char *cur,
                    const char *period);
void quotas_release(struct quotas *qs);
/* Days from a to b (dates or timestamps); 0 with *ok 0 if either is missing. */
double days_between(const char *a, const char *b, int *ok);
/* Whole days from the local day of a (a date or a UTC timestamp) to date b. */
double days_to_date(const char *a, const char *b, int *ok);
void sample_add(struct sample *s, double v);
double sample_mean(const struct sample *s);
double sample_median(struct sample *s);
/*
 * The dimension columns: they name a row in a chart, and a report by one
 * period alone is a time series (reports with columns before them say so).
 */
void dim_cols(struct rep *r, const struct rq *q);
int quota_row(void *arg, const char *const *v, int n);
int report_forecast(struct crm_ctx *ctx, int argc, char **argv);
int report_funnel(struct crm_ctx *ctx, int argc, char **argv);
int report_pipeline(struct crm_ctx *ctx, int argc, char **argv);
int report_sales(struct crm_ctx *ctx, int argc, char **argv);
/* Win rates count deals, whatever their currency: the currency is not a key. */
int report_winrate(struct crm_ctx *ctx, int argc, char **argv);

/* history.c */
int report_calibrate(struct crm_ctx *ctx, int argc, char **argv);
int report_velocity(struct crm_ctx *ctx, int argc, char **argv);

/* service.c */
int report_activity(struct crm_ctx *ctx, int argc, char **argv);
int report_service(struct crm_ctx *ctx, int argc, char **argv);

/* customers.c */
int weights_read(struct crm_ctx *ctx, double *w);
int report_customers(struct crm_ctx *ctx, int argc, char **argv);
int report_digest(struct crm_ctx *ctx, int argc, char **argv);
int report_next(struct crm_ctx *ctx, int argc, char **argv);
int report_stale(struct crm_ctx *ctx, int argc, char **argv);
int verb_weights(struct crm_ctx *ctx, int argc, char **argv);

/* commission.c */
/* Like check_value for a number, which must moreover lie from lo to hi. */
int check_number_in(struct crm_ctx *ctx, const char *what, const char *in, double lo, double hi,
                    char **out);
int report_commission(struct crm_ctx *ctx, int argc, char **argv);
int verb_quota(struct crm_ctx *ctx, int argc, char **argv);
int verb_rate(struct crm_ctx *ctx, int argc, char **argv);

#endif
