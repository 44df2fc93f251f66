/*
 * commission.c - commission per owner and period, and the settings
 * reports read: quotas, commission rates, the weights of the next score.
 */
#define _GNU_SOURCE
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "base/i18n.h"
#include "report/report_int.h"
#include "base/money.h"
#include "core/verbs.h"

/* ------------------------------------------------------------ commission */

struct rates {
	struct crm_strv owner;
	double *from, *rate;
	int n;
};

static int rate_row(void *arg, const char *const *v, int n)
{
	struct rates *rs = arg;
	(void)n;
	crm_strv_push(&rs->owner, v[1]);
	rs->from = crm_xrealloc(rs->from, sizeof(double) * (size_t)(rs->n + 1));
	rs->rate = crm_xrealloc(rs->rate, sizeof(double) * (size_t)(rs->n + 1));
	rs->from[rs->n] = atof(v[2]);
	rs->rate[rs->n++] = atof(v[3]);
	return 0;
}

/* The rate of the highest tier reached: an owner's own tiers, else everyone's; -1 if none. */
static double rate_for(const struct rates *rs, const char *owner, double attainment)
{
	int own = 0;
	for (int i = 0; i < rs->n; i++)
		own |= !strcmp(rs->owner.v[i], owner);
	double rate = -1, best = -1;
	for (int i = 0; i < rs->n; i++) {
		if (strcmp(rs->owner.v[i], own ? owner : ""))
			continue;
		if (rs->from[i] <= attainment && rs->from[i] > best) {
			best = rs->from[i];
			rate = rs->rate[i];
		}
	}
	return rate;
}

int report_commission(struct crm_ctx *ctx, int argc, char **argv)
{
	struct rq q;
	struct rep r;
	struct closed_acc a = {{0}, 0};
	struct quotas qs = {CRM_STRV_INIT, CRM_STRV_INIT, CRM_STRV_INIT, NULL, 0};
	struct rates rs = {CRM_STRV_INIT, NULL, NULL, 0};
	int rc = rq_setup(ctx, &q, &crm_entity_opp, argc, argv, "owner", 1, 0);
	if (!rc && (q.by.n != 1 || strcmp(q.by.v[0], "owner")))
		rc = cli_usage_error(ctx, _("commission is per owner: --by owner only"));
	if (!rc)
		rc = period_first(ctx, &q, "month");
	rep_init(&r, title_by(N_("Commission"), &q));
	static const char *const names[] = {"period", "owner",      "currency", "won",
	                                    "quota",  "attainment", "rate",     "commission"};
	for (int i = 0; i < 8; i++)
		if (i == 5)
			rep_col_pct(&r, names[i], 3, 4);
		else
			rep_col(&r, names[i], i == 6 ? REP_NUM : i >= 3 ? REP_SUM : REP_TEXT);
	r.labels = 2;
	r.value = 7;
	if (!rc)
		rc = closed_groups(ctx, &q, "won", 3, &a);
	if (!rc && (db_quotas(ctx->db, quota_row, &qs) < 0 || db_rates(ctx->db, rate_row, &rs) < 0))
		rc = db_failed(ctx);
	for (int i = 0; !rc && i < a.gs.n; i++) {
		struct group *g = &a.gs.g[i];
		char *period = key_part(g, 0), *owner = key_part(g, 1), *cur = key_part(g, 2);
		key_cells(&r, g);
		rep_money(&r, g->v[1]);
		long long quota = quota_for(&qs, owner, cur, period);
		free(cur);
		double att = quota > 0 ? 100.0 * (double)g->v[1] / (double)quota : 0;
		if (quota >= 0) {
			rep_money(&r, quota);
			rep_pct(&r, (double)g->v[1], (double)quota);
		} else {
			rep_cell(&r, "");
			rep_cell(&r, "");
		}
		double rate = rate_for(&rs, owner, att);
		if (rate >= 0) {
			rep_cellf(&r, "%g", rate);
			rep_money(&r, llround((double)g->v[1] * rate / 100.0));
		} else {
			rep_cell(&r, "");
			rep_cell(&r, "");
		}
		free(period);
		free(owner);
	}
	crm_strv_push(&r.notes, rs.n ? "commission: won x the rate of the highest tier the "
	                               "attainment of quota reached (no quota: the tier from 0)."
	                             : "No commission rates are set: 'crm-report rate add 5'.");
	if (!rc)
		rc = rep_emit(ctx, &r);
	groups_release(&a.gs);
	quotas_release(&qs);
	crm_strv_release(&rs.owner);
	free(rs.from);
	free(rs.rate);
	rep_release(&r);
	rq_release(&q);
	return rc;
}

/* ---------------------------------------- quotas, rates, weights: the settings */

static int print_rows(void *arg, const char *const *v, int n)
{
	crm_printer_row(arg, v);
	(void)n;
	return 0;
}

static int list_table(struct crm_ctx *ctx, const struct crm_column *cols, int n,
                      long (*fn)(struct crm_db *, db_rows_fn, void *))
{
	struct crm_printer *p =
	    crm_printer_new(cli_format(ctx, CRM_FMT_TSV), stdout, ctx->o.header);
	crm_printer_begin(p, cols, n);
	int rc = fn(ctx->db, print_rows, p) < 0 ? db_failed(ctx) : 0;
	return crm_printer_end(p) < 0 && !rc ? CRM_EXIT_DB : rc;
}

/* A value checked as a field of a type would be: money, number. */
static int check_value(struct crm_ctx *ctx, enum crm_type type, const char *what, const char *in,
                       char **out)
{
	struct crm_field fd = {what, type, 0, NULL, NULL, NULL, NULL, NULL};
	char *err = NULL;
	if (crm_value_normal(ctx->db, &fd, in, out, &err) < 0 || !*out) {
		crm_warn("%s", err ? err : "a value is needed");
		free(err);
		return CRM_EXIT_DATA;
	}
	return 0;
}

/* Like check_value for a number, which must moreover lie from lo to hi. */
int check_number_in(struct crm_ctx *ctx, const char *what, const char *in, double lo, double hi,
                    char **out)
{
	int rc = check_value(ctx, CRM_T_NUMBER, what, in, out);
	if (rc || (strtod(*out, NULL) >= lo && strtod(*out, NULL) <= hi))
		return rc;
	crm_warn(_("%s: not a number from %g to %g '%s'"), what, lo, hi, in);
	free(*out);
	*out = NULL;
	return CRM_EXIT_DATA;
}

/*
 * An owner as owner fields hold it: a user's login (their name or e-mail
 * finds it), text a dump reads back; *login malloc'd.  With make, a name no
 * user has becomes a user, as on a record.
 */
static int owner_login(struct crm_ctx *ctx, const char *owner, int make, char **login)
{
	char *err = NULL;
	const struct crm_schema *s = db_schema(ctx->db, &crm_entity_opp);
	const struct crm_field *fd = &s->fields[crm_schema_field(s, "owner")];
	*login = NULL;
	int rc = crm_config_text_check("owner", owner, &err) == 0 &&
	                 crm_value_normal(ctx->db, fd, owner, login, &err) == 0 && *login
	             ? 0
	             : CRM_EXIT_DATA;
	if (!rc && make && rec_user(ctx, *login, &err) < 0)
		rc = err ? CRM_EXIT_DATA : CRM_EXIT_DB;
	if (err)
		crm_warn("%s", err);
	free(err);
	if (rc) {
		free(*login);
		*login = NULL;
	}
	return rc;
}

/* 2026, 2026-Q4 or 2026-11. */
static int period_valid(const char *p)
{
	size_t n = strlen(p);
	if (n < 4 || strspn(p, "0123456789") != 4)
		return 0;
	if (n == 4)
		return 1;
	if (n == 7 && p[4] == '-' && p[5] == 'Q')
		return p[6] >= '1' && p[6] <= '4';
	return n == 7 && p[4] == '-' && strspn(p + 5, "0123456789") == 2 && atoi(p + 5) >= 1 &&
	       atoi(p + 5) <= 12;
}

static int quota_print(void *arg, const char *const *v, int n)
{
	(void)n;
	char *amount = crm_money_str(num(v[3]));
	const char *row[] = {v[0], v[1], v[2], amount};
	crm_printer_row(arg, row);
	free(amount);
	return 0;
}

static long quotas_money(struct crm_db *db, db_rows_fn fn, void *arg)
{
	(void)fn;
	return db_quotas(db, quota_print, arg);
}

/* A currency as deals carry it: three letters (ISO 4217), upper case; NULL if it is not one. */
static char *currency_code(const char *v)
{
	if (strlen(v) != 3 ||
	    strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") != 3)
		return NULL;
	char *c = crm_xstrdup(v);
	for (char *p = c; *p; p++)
		*p = (char)(*p >= 'a' ? *p - 32 : *p);
	return c;
}

/* quota set OWNER PERIOD AMOUNT [CURRENCY]: the currency a new deal gets unless given. */
static int quota_set(struct crm_ctx *ctx, int argc, char **argv)
{
	const char *dflt = getenv("CRM_CURRENCY");
	const char *given = argc > 4 ? argv[4] : dflt && *dflt ? dflt : "EUR";
	char *amount = NULL, *cur = currency_code(given), *owner = NULL;
	int rc = owner_login(ctx, argv[1], 1, &owner);
	if (!rc && !cur) {
		crm_warn(_("currency: not a currency code like EUR or USD '%s'"), given);
		rc = CRM_EXIT_DATA;
	}
	if (!rc)
		rc = check_value(ctx, CRM_T_MONEY, "amount", argv[3], &amount);
	if (!rc && crm_money_minor(amount) <= 0) {
		crm_warn(_("amount: a quota is more than 0 '%s'"), argv[3]);
		rc = CRM_EXIT_DATA;
	}
	if (!rc && db_quota_set(ctx->db, owner, argv[2], cur, crm_money_minor(amount)) < 0)
		rc = db_failed(ctx);
	free(owner);
	free(amount);
	free(cur);
	return rc;
}

int verb_quota(struct crm_ctx *ctx, int argc, char **argv)
{
	static const struct crm_column cols[] = {
	    {"owner", 0}, {"period", 0}, {"currency", 0}, {"amount", 1}};
	if (argc == 0 || !strcmp(argv[0], "list"))
		return list_table(ctx, cols, 4, quotas_money);
	int set = !strcmp(argv[0], "set");
	if (!(set && (argc == 4 || argc == 5)) &&
	    !(!strcmp(argv[0], "rm") && (argc == 3 || argc == 4)))
		return cli_usage_error(ctx, _("use: quota [list], quota set OWNER PERIOD AMOUNT "
		                              "[CURRENCY], quota rm OWNER PERIOD [CURRENCY]"));
	if (!period_valid(argv[2])) {
		crm_warn(_("period: not a year, quarter or month '%s' (2026, 2026-Q4, 2026-11)"),
		         argv[2]);
		return CRM_EXIT_DATA;
	}
	if (set)
		return quota_set(ctx, argc, argv);
	char *cur = argc > 3 ? currency_code(argv[3]) : NULL;
	if (argc > 3 && !cur) {
		crm_warn(_("currency: not a currency code like EUR or USD '%s'"), argv[3]);
		return CRM_EXIT_DATA;
	}
	char *owner = NULL;
	long n =
	    owner_login(ctx, argv[1], 0, &owner) ? 0 : db_quota_rm(ctx->db, owner, argv[2], cur);
	free(owner);
	free(cur);
	if (n < 0)
		return db_failed(ctx);
	if (!n)
		crm_warn(_("no quota for %s in %s"), argv[1], argv[2]);
	return n ? 0 : CRM_EXIT_NOMATCH;
}

int verb_rate(struct crm_ctx *ctx, int argc, char **argv)
{
	static const struct crm_column cols[] = {{"id", 1}, {"owner", 0}, {"from", 1}, {"rate", 1}};
	if (argc == 0 || !strcmp(argv[0], "list"))
		return list_table(ctx, cols, 4, db_rates);
	if (!strcmp(argv[0], "rm") && argc == 2 && crm_is_uint(argv[1])) {
		long n = db_rate_rm(ctx->db, atoll(argv[1]));
		if (n < 0)
			return db_failed(ctx);
		if (!n)
			crm_warn(_("no rate %s"), argv[1]);
		return n ? 0 : CRM_EXIT_NOMATCH;
	}
	if (strcmp(argv[0], "add") || argc < 2)
		return cli_usage_error(ctx,
		                       _("use: rate [list], rate add PERCENT [from=ATTAINMENT] "
		                         "[owner=NAME], rate rm ID"));
	char *rate = NULL, *from = NULL, *owner = NULL;
	int rc = check_number_in(ctx, "rate", argv[1], 0, 100, &rate);
	for (int i = 2; !rc && i < argc; i++) {
		if (!strncmp(argv[i], "from=", 5)) {
			free(from);
			rc = check_number_in(ctx, "from", argv[i] + 5, 0, 1000, &from);
		} else if (!strncmp(argv[i], "owner=", 6) && argv[i][6]) {
			free(owner);
			rc = owner_login(ctx, argv[i] + 6, 1, &owner);
		} else
			rc = cli_usage_error(
			    ctx, _("'%s': rate add takes from=PERCENT and owner=NAME"), argv[i]);
	}
	long long id = rc ? 0 : db_rate_add(ctx->db, owner, from ? from : "0", rate);
	if (id < 0)
		rc = db_failed(ctx);
	else if (id)
		printf("%lld\n", id);
	free(rate);
	free(from);
	free(owner);
	return rc;
}
