/* cli.h - a command run's context, shared by the generic verbs. */
#ifndef CRM_CLI_H
#define CRM_CLI_H

#include "core/grammar.h"

struct crm_opts {
	char *db_path;
	int format; /* -1: table on a terminal, else tsv (export: csv) */
	const char *fields, *sort;
	long limit;
	int header; /* -1 default */
	int dry_run, quiet, deleted, skip_invalid, create_refs, dedupe, interactive;
	struct crm_strv where, maps, attach;
	const char *key, *rejects, *to, *reason;
	int opp, win;
	long days;
	const char *about;      /* add -: the entity the ids on stdin are (contact) */
	const char *task, *log; /* convert --task/--log: words of a first task or interaction */
	const char *account;    /* convert --account: the account the leads join */
	const char *render;     /* show -o NAME: an entity's own rendering (quote: html, text) */
	const char *by, *period, *from, *as_of, *commit; /* reports; --to is their last day */
	int chart;
	long min;
	int min_score; /* dupes, import --dedupe: -1 for the default */
	long long run, explain;
	const char *resolution; /* resolve --resolution */
	long csat, nps;         /* close --csat, --nps; -1 when not given */
	const char *within;     /* breaches --within DURATION */
	int again;              /* breaches --again: what was reported before too */
	int from_customer;      /* reply --from-customer: the customer wrote it */
	int delimiter;          /* --delimiter: csv's field delimiter; 0 for the default */
	const char *encoding;   /* import --encoding: the file's, as iconv names it */
	int create;             /* mail --create: an unknown sender becomes a contact */
	const char *maildir;    /* mail --maildir DIR */
};

struct crm_ctx {
	const struct crm_entity *ent;
	const struct crm_verb *verb;
	struct crm_db *db;
	const struct crm_schema *s;
	struct crm_opts o;
	char now[32];                     /* the run's timestamp: every record it writes gets it */
	long changed;                     /* records written, for the summary */
	int touched;                      /* rec_change changed the record being written */
	const struct crm_entity *counted; /* what changed counts, if not ent (items) */
	long long first_new;              /* the lowest id of ent this run created, or 0 */
	char user_seen[64];               /* a login rec_user found a user for, or "" */
	/* called once the run is over, with whether it committed (crm mail --maildir) */
	void (*after_commit)(struct crm_ctx *ctx, int committed);
	void *after_arg;
};

/* Prints a usage error for the verb and returns CRM_EXIT_USAGE. */
int cli_usage_error(struct crm_ctx *ctx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The output format: -o, else table on a terminal, else fallback. */
enum crm_format cli_format(struct crm_ctx *ctx, enum crm_format fallback);
/* The user name for owner and the change log: $CRM_USER, else the login name;
   on a database server, the login it says the session is (cli_set_user). */
const char *cli_user(void);
void cli_set_user(const char *who);
/*
 * Collects the records a write verb works on: ids among argv (or "-" for
 * ids on stdin) and --where filters; other words are left in rest.
 * deleted: which records qualify (0 live, 1 deleted, 2 any).
 */
int cli_targets(struct crm_ctx *ctx, int argc, char **argv, int deleted, struct crm_strv *ids,
                struct crm_strv *rest);
/* A db_row_fn that collects each row's id into a struct crm_strv. */
int cli_push_id(void *ids, const char *const *vals);
/*
 * 1 if times print in local time: always in a table; in tsv and csv too when
 * people read the output (what cron mails); json keeps UTC stamps.
 */
int cli_local_times(enum crm_format fmt, int for_people);
/* Reports a write/close failure on stdout; 0 or CRM_EXIT_DB. */
int cli_finish_stdout(void);

#endif
