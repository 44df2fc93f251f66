/*
 * cli.c - one command line for every entity command: the common options,
 * the verb dispatch, usage text, ids from stdin, and the run's transaction.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/behaviour.h"
#include "domain/entities.h"
#include "core/cli.h"
#include "core/hooks.h"
#include "base/i18n.h"
#include "base/input_limits.h"
#include "domain/sales.h"
#include "core/verbs.h"

/* How an option's value is kept in ctx->o (struct crm_opts). */
enum option_kind {
	OPT_UNUSED, /* read elsewhere: --complete=WHAT, as the first word */
	OPT_SETS,   /* no value: the int field becomes .value */
	OPT_TEXT,   /* the value as typed, in a const char * field */
	OPT_LIST,   /* the value added to a struct crm_strv field (repeatable) */
	OPT_LONG,   /* a positive number, in a long field */
	OPT_LLONG,  /* a positive number, in a long long field */
	OPT_CALLS,  /* the entry's function does what the option does */
};

struct cli_option;
/* What an option does beyond a store: returns 0, an exit code, or -1 for "exit 0 now". */
typedef int option_fn(struct crm_ctx *ctx, const struct cli_option *opt, const char *arg);
static option_fn db_option, format_option, excel_safe_option, delimiter_option, date_format_option,
    min_score_option, survey_option, help_option, version_option;

/*
 * The option table: parsing, usage text, completions and what each option
 * does all read it, so that an entry is the whole of an option: its name,
 * the verbs that take it (set), its argument and help, and what it does,
 * a store in ctx->o or a function of its own.  An option takes a value
 * when it has an argument name.  A name may appear twice with different
 * sets when it means one thing to some verbs and another to others (--to:
 * owners of an assignment, or a report's last day); a verb reads, and its
 * help prints, the first entry of the name that applies to it.
 */
struct cli_option {
	const char *name;
	unsigned long long set; /* 0: every verb */
	const char *arg, *help;
	char letter; /* the short option (-o), or 0 */
	enum option_kind kind;
	size_t field;      /* offsetof(struct crm_opts, ...) */
	int value;         /* OPT_SETS */
	option_fn *handle; /* OPT_CALLS */
};

/*
 * What an entry does: FLAG(f) sets the int ctx->o.f to 1, SETS(f, v) to v;
 * TEXT(f) keeps the value in a const char *, LIST(f) adds it to a struct
 * crm_strv; NUMBER(f) reads a positive number into a long or a long long;
 * CALLS(fn) leaves it to fn.  A field of another type does not compile.
 */
#define OPTS_OF(f) (((struct crm_opts *)0)->f)
#define AT(f) .field = offsetof(struct crm_opts, f)
#define FIELD(f, type) AT(f) + 0 * _Generic(OPTS_OF(f), type : 0)
#define SETS(f, v) .kind = OPT_SETS, FIELD(f, int), .value = (v)
#define FLAG(f) SETS(f, 1)
#define TEXT(f) .kind = OPT_TEXT, FIELD(f, const char *)
#define LIST(f) .kind = OPT_LIST, FIELD(f, struct crm_strv)
#define NUMBER(f) .kind = _Generic(OPTS_OF(f), long : OPT_LONG, long long : OPT_LLONG), AT(f)
#define CALLS(fn) .kind = OPT_CALLS, .handle = (fn)

static const struct cli_option options[] = {
    {"db", 0, "PATH", N_("database: a file or a server's connection string (default $CRM_DB)"),
     CALLS(db_option)},
    {"format", CRM_O_CHART, "FMT", N_("table, tsv, csv, json, jsonl, ids or html (a page)"),
     .letter = 'o', CALLS(format_option)},
    {"format", CRM_O_FORMAT | CRM_O_IMPORT, "FMT",
     N_("table, tsv, csv, json, jsonl or ids (import: csv, vcard)"), .letter = 'o',
     CALLS(format_option)},
    {"fields", CRM_O_FIELDS, "F,F", N_("columns to print (all: every field)"), TEXT(fields)},
    {"sort", CRM_O_SORT, "[-]FIELD", N_("sort by a field (- for descending)"), TEXT(sort)},
    {"sort", CRM_O_CHART, "[-]COLUMN", N_("sort the rows by a column (- for descending)"),
     TEXT(sort)},
    {"limit", CRM_O_LIMIT, "N", N_("print at most N records"), NUMBER(limit)},
    {"header", CRM_O_FORMAT, NULL, N_("print a header line"), SETS(header, 1)},
    {"no-header", CRM_O_FORMAT, NULL, N_("print no header line"), SETS(header, 0)},
    {"excel-safe", CRM_O_FORMAT, NULL, N_("csv, tsv: quote values a spreadsheet would run"),
     CALLS(excel_safe_option)},
    {"delimiter", CRM_O_FORMAT | CRM_O_IMPORT, "C",
     N_("csv: the field delimiter (, ; tab |); import finds it"), CALLS(delimiter_option)},
    {"dry-run", CRM_O_DRYRUN, NULL, N_("print what would change; write nothing"), FLAG(dry_run)},
    {"where", CRM_O_WHERE, "TERM", N_("act on records matching a filter term (repeatable)"),
     LIST(where)},
    {"deleted", CRM_O_DELETED, NULL, N_("list deleted records instead"), FLAG(deleted)},
    {"key", CRM_O_IMPORT, "FIELD", N_("update records whose FIELD matches (upsert)"), TEXT(key)},
    {"map", CRM_O_IMPORT, "HEADER=FIELD", N_("read a column into a field (repeatable)"),
     LIST(maps)},
    {"skip-invalid", CRM_O_IMPORT, NULL, N_("import the valid rows, skip the rest"),
     FLAG(skip_invalid)},
    {"rejects", CRM_O_IMPORT, "FILE", N_("write skipped rows and their reason to FILE"),
     TEXT(rejects)},
    {"encoding", CRM_O_IMPORT, "NAME", N_("the file's encoding (UTF-8, else Windows-1252 found)"),
     TEXT(encoding)},
    {"date-format", CRM_O_IMPORT, "ORDER", N_("dates as dmy, mdy, ymd or excel serials (locale's)"),
     CALLS(date_format_option)},
    {"create-refs", CRM_O_IMPORT, NULL, N_("create referenced records that do not exist"),
     FLAG(create_refs)},
    {"dedupe", CRM_O_IMPORT, NULL,
     N_("report added records that look like existing ones or each other"), FLAG(dedupe)},
    {"run", CRM_O_RUN, "ID", N_("the run to act on"), NUMBER(run)},
    {"to", CRM_O_TO, "USER,USER", N_("owners, in turn"), TEXT(to)},
    {"reason", CRM_O_REASON, "TEXT", N_("why"), TEXT(reason)},
    {"attach", CRM_O_ATTACH, "FILE", N_("store a file with the new record (repeatable)"),
     LIST(attach)},
    {"task", CRM_O_FOLLOW, "'FIELD=VALUE ...'", N_("also add a first task about the contact"),
     TEXT(task)},
    {"log", CRM_O_FOLLOW, "'FIELD=VALUE ...'", N_("also log a first interaction with the contact"),
     TEXT(log)},
    {"account", CRM_O_FOLLOW, "ID|NAME",
     N_("the account the leads join, whatever their company matches"), TEXT(account)},
    {"days", CRM_O_DAYS, "N", N_("how many days ahead (7)"), NUMBER(days)},
    {"about", CRM_O_ABOUT, "ENTITY", N_("what the ids read from - are (contact)"), TEXT(about)},
    {"win", CRM_O_WIN, NULL, N_("also win the opportunity, at the quote's total"), FLAG(win)},
    {"explain", CRM_O_EXPLAIN, "ID", N_("show which rules a record meets instead"),
     NUMBER(explain)},
    {"opp", CRM_O_OPP, NULL, N_("also create an opportunity (FIELD=VALUE words describe it)"),
     FLAG(opp)},
    {"by", CRM_O_BY, "DIM[,DIM]",
     N_("group by owner, source, account, product, month ... (see the report)"), TEXT(by)},
    {"period", CRM_O_PERIOD, "PERIOD", N_("week, month, quarter or year (month)"), TEXT(period)},
    {"from", CRM_O_RANGE, "DATE", N_("first day counted (2026-01-01, -90d, today)"), TEXT(from)},
    {"to", CRM_O_RANGE, "DATE", N_("last day counted (eom, +30d)"), TEXT(to)},
    {"as-of", CRM_O_ASOF, "DATE", N_("the figures as they stood at the end of DATE"), TEXT(as_of)},
    {"commit", CRM_O_COMMIT, "STAGE",
     N_("deals from this stage on count as commit (the first commit stage)"), TEXT(commit)},
    {"min", CRM_O_MIN, "N", N_("below N closed deals a stage has not enough history (20)"),
     NUMBER(min)},
    {"min-score", CRM_O_MIN_SCORE, "N", N_("only pairs scoring at least N, 1 to 100 (50)"),
     FIELD(min_score, int), CALLS(min_score_option)},
    {"days", CRM_O_IDLE, "N", N_("days without a touch that make a record stale (30; digest: 14)"),
     NUMBER(days)},
    {"chart", CRM_O_CHART, NULL, N_("draw bar charts on a terminal (plain text elsewhere)"),
     FLAG(chart)},
    {"resolution", CRM_O_RESOLUTION, "TEXT", N_("what was done"), TEXT(resolution)},
    {"csat", CRM_O_SURVEY, "1-5", N_("the customer's satisfaction"), FIELD(csat, long),
     CALLS(survey_option)},
    {"nps", CRM_O_SURVEY, "0-10", N_("how likely the customer recommends us"), FIELD(nps, long),
     CALLS(survey_option)},
    {"within", CRM_O_WITHIN, "DURATION", N_("also what falls due within it (2h, 1d)"),
     TEXT(within)},
    {"again", CRM_O_AGAIN, NULL, N_("also what was reported before"), FLAG(again)},
    {"from-customer", CRM_O_FROM_CUSTOMER, NULL, N_("the customer's message, coming in"),
     FLAG(from_customer)},
    {"create", CRM_O_MAIL, NULL, N_("an unknown sender becomes a contact (mail.unknown: lead)"),
     FLAG(create)},
    {"maildir", CRM_O_MAIL, "DIR", N_("read the new messages of a Maildir, then move them to cur/"),
     TEXT(maildir)},
    {"expiring", CRM_O_EXPIRING, "DAYS", N_("what ends within that many days (60d)"), TEXT(within)},
    {"quiet", 0, NULL, N_("no summary on stderr"), .letter = 'q', FLAG(quiet)},
    {"interactive", CRM_O_INTERACTIVE, NULL,
     N_("ask for each field at a prompt (Tab completes, Ctrl-D gives up)"), .letter = 'i',
     FLAG(interactive)},
    {"help", 0, NULL, N_("print this help and exit"), .letter = 'h', CALLS(help_option)},
    {"version", 0, NULL, N_("print the version and exit"), CALLS(version_option)},
    {"complete", 0, "WHAT", NULL, .kind = OPT_UNUSED},
};
#undef OPTS_OF
#undef AT
#undef FIELD
#undef SETS
#undef FLAG
#undef TEXT
#undef LIST
#undef NUMBER
#undef CALLS
#define NOPTIONS ((int)(sizeof options / sizeof options[0]))

/*
 * The verbs of a command: the base table its *_main gives (the generic,
 * report or admin verbs), then the command's own.
 */
struct verbs {
	const struct crm_verb *base, *extra;
};

static const struct crm_verb *find_verb(const struct verbs *vs, const char *name)
{
	const struct crm_verb *extra = vs->extra;
	for (const struct crm_verb *v = vs->base; v->name; v++)
		if (!strcmp(v->name, name))
			return v;
	for (const struct crm_verb *v = extra; v && v->name; v++)
		if (!strcmp(v->name, name))
			return v;
	return NULL;
}

/*
 * The entry of option i's name that a verb taking the option set opts
 * reads: the first of the name that applies; -1 if none does.
 */
static int option_for(int i, unsigned long long opts)
{
	for (int k = 0; k < NOPTIONS; k++)
		if (!strcmp(options[k].name, options[i].name) &&
		    (!options[k].set || (options[k].set & opts)))
			return k;
	return -1;
}

/* 1 if entry i is the one a verb taking the option set opts reads, and has help. */
static int option_entry(int i, unsigned long long opts)
{
	return options[i].help && option_for(i, opts) == i;
}

static void print_option_help(FILE *out, unsigned long long set)
{
	for (int i = 0; i < NOPTIONS; i++) {
		const struct cli_option *o = &options[i];
		if (!option_entry(i, set))
			continue;
		char left[64];
		int n = o->letter ? snprintf(left, sizeof left, "-%c, ", o->letter) : 0;
		snprintf(left + n, sizeof left - n, "--%s%s%s", o->name, o->arg ? " " : "",
		         o->arg ? o->arg : "");
		fprintf(out, "  %-24s %s\n", left, _(o->help));
	}
}

static void print_verbs(FILE *out, const struct crm_entity *ent, const struct verbs *vs)
{
	const struct crm_verb *lists[] = {vs->base, vs->extra};
	for (int l = 0; l < 2; l++)
		for (const struct crm_verb *v = lists[l]; v && v->name; v++) {
			char left[64];
			snprintf(left, sizeof left, "%s %s", v->name, v->args);
			fprintf(out, "  %-40s %s\n", left, _(v->help));
		}
	(void)ent;
}

static void usage(FILE *out, const struct crm_entity *ent, const struct verbs *vs,
                  const struct crm_verb *verb)
{
	const char *prog = crm_progname();
	if (verb) {
		fprintf(out, _("usage: %s %s [OPTIONS]%s%s\n%s\n\noptions:\n"), prog, verb->name,
		        *verb->args ? " " : "", verb->args, _(verb->help));
		print_option_help(out, verb->opts);
		return;
	}
	if (ent) {
		fprintf(out,
		        _("usage: %s VERB [OPTIONS] [WORDS...]\nWork with the %s in the crm "
		          "database.\n\nverbs:\n"),
		        prog, crm_noun(ent, 2));
	} else if (vs->base != crm_admin_verb_table) {
		fprintf(out,
		        _("usage: %s REPORT [OPTIONS] [FILTER...]\nReports on the crm database."
		          "\n\nreports:\n"),
		        prog);
	} else {
		fprintf(out, _("usage: %s COMMAND [OPTIONS] [ARGS...]\n\ncommands:\n"), prog);
		for (int e = 0; crm_entities[e]; e++)
			if (!crm_entities[e]->part_of) {
				const struct crm_entity *en = crm_entities[e];
				const char *cmd = en->command ? en->command : en->name;
				fprintf(out, "  %-40s %s (crm-%s)\n", cmd, crm_noun(en, 2), cmd);
			}
	}
	print_verbs(out, ent, vs);
	if (ent)
		fprintf(out,
		        _("\nWords are field=value assignments or filter terms; see "
		          "crm-filter(7).\n'%s VERB --help' lists a verb's options.\n"),
		        prog);
	else if (vs->base != crm_admin_verb_table)
		fprintf(out,
		        _("\nFilters are terms on the report's records; see crm-filter(7).\n"
		          "'%s REPORT --help' lists a report's options; see crm-report(1).\n"),
		        prog);
	else
		fprintf(out,
		        _("\n'%s COMMAND --help' lists a command's verbs or options; see "
		          "crm(1).\n"),
		        prog);
}

/* ------------------------------------------------------------- options */

static int parse_number(struct crm_ctx *ctx, const char *opt, const char *v, long long *out)
{
	if (!crm_is_uint(v) || strlen(v) > 15)
		return cli_usage_error(ctx, _("%s: not a positive number '%s'"), opt, v);
	*out = atoll(v);
	return 0;
}

/* 1 if the verb reads or writes the entity in an interchange format by that name (ics, vcard). */
static int own_interchange(struct crm_ctx *ctx, const char *name)
{
	const struct crm_entity *e = ctx->ent;
	if (!e)
		return 0;
	if (!strcmp(ctx->verb->name, "export"))
		return (crm_entity_ops(e)->ics_export && !strcmp(name, "ics")) ||
		       (crm_entity_ops(e)->vcard_export && !strcmp(name, "vcard"));
	if (!strcmp(ctx->verb->name, "import"))
		return (crm_entity_ops(e)->ics_import && !strcmp(name, "ics")) ||
		       (crm_entity_ops(e)->vcard_import && !strcmp(name, "vcard"));
	return 0;
}

/*
 * 1 if show of this entity has a rendering of its own by that name (quote:
 * html, text), or export and import an interchange format.
 */
static int own_rendering(struct crm_ctx *ctx, const char *name)
{
	if ((ctx->verb->opts & CRM_O_CHART) && !strcmp(name, "html"))
		return 1;
	if (own_interchange(ctx, name))
		return 1;
	if (!ctx->ent || !ctx->ent->renders || strcmp(ctx->verb->name, "show"))
		return 0;
	struct crm_strv r = CRM_STRV_INIT;
	crm_strv_split(&r, ctx->ent->renders, ',');
	int found = 0;
	for (int i = 0; i < r.n; i++)
		found |= !strcmp(r.v[i], name);
	crm_strv_release(&r);
	return found;
}

/* --delimiter's value: one character ("tab" or "\t" for a tab); -1 if it cannot be one. */
static int delimiter_of(const char *arg)
{
	if (!strcmp(arg, "tab") || !strcmp(arg, "\\t"))
		return '\t';
	if (!arg[0] || arg[1] || strchr("\"\r\n", arg[0]) || (unsigned char)arg[0] >= 0x80)
		return -1;
	return arg[0];
}

static int db_option(struct crm_ctx *ctx, const struct cli_option *opt, const char *arg)
{
	(void)opt;
	free(ctx->o.db_path);
	ctx->o.db_path = crm_xstrdup(arg);
	return 0;
}

/* -o: a format every command prints, or a rendering of the verb's own. */
static int format_option(struct crm_ctx *ctx, const struct cli_option *opt, const char *arg)
{
	(void)opt;
	if ((ctx->o.format = crm_format_parse(arg)) >= 0)
		return 0;
	if (own_rendering(ctx, arg)) {
		ctx->o.render = arg;
		return 0;
	}
	return cli_usage_error(ctx, _("unknown format '%s' (use %s%s%s%s)"), arg,
	                       crm_format_names(), ctx->verb->opts & CRM_O_CHART ? ", html" : "",
	                       ctx->ent && ctx->ent->renders ? "; show: " : "",
	                       ctx->ent && ctx->ent->renders ? ctx->ent->renders : "");
}

static int excel_safe_option(struct crm_ctx *ctx, const struct cli_option *opt, const char *arg)
{
	(void)ctx, (void)opt, (void)arg;
	crm_printer_excel_safe(1);
	return 0;
}

static int delimiter_option(struct crm_ctx *ctx, const struct cli_option *opt, const char *arg)
{
	(void)opt;
	if ((ctx->o.delimiter = delimiter_of(arg)) < 0)
		return cli_usage_error(
		    ctx, "--delimiter: not one character other than a quote or a line end '%s'",
		    arg);
	crm_printer_csv_delimiter(ctx->o.delimiter);
	return 0;
}

static int date_format_option(struct crm_ctx *ctx, const struct cli_option *opt, const char *arg)
{
	(void)opt;
	if (crm_date_format_set(arg) < 0)
		return cli_usage_error(ctx, "--date-format: not dmy, mdy, ymd, excel or iso '%s'",
		                       arg);
	return 0;
}

/* The address of the entry's field in ctx->o. */
static void *option_field(struct crm_ctx *ctx, const struct cli_option *opt)
{
	return (char *)&ctx->o + opt->field;
}

static int min_score_option(struct crm_ctx *ctx, const struct cli_option *opt, const char *arg)
{
	if (!crm_is_uint(arg) || strlen(arg) > 3 || atoi(arg) < 1 || atoi(arg) > 100)
		return cli_usage_error(ctx, _("--min-score: not a score from 1 to 100 '%s'"), arg);
	*(int *)option_field(ctx, opt) = atoi(arg);
	return 0;
}

/* --csat, --nps: the range is the case's rule, checked where the value is written. */
static int survey_option(struct crm_ctx *ctx, const struct cli_option *opt, const char *arg)
{
	if (!crm_is_uint(arg) || strlen(arg) > 6)
		return cli_usage_error(ctx, _("--%s: not a number '%s'"), opt->name, arg);
	*(long *)option_field(ctx, opt) = atol(arg);
	return 0;
}

static int help_option(struct crm_ctx *ctx, const struct cli_option *opt, const char *arg)
{
	(void)opt, (void)arg;
	usage(stdout, ctx->ent, NULL, ctx->verb); /* a verb's help lists no verbs */
	return -1;
}

static int version_option(struct crm_ctx *ctx, const struct cli_option *opt, const char *arg)
{
	(void)ctx, (void)opt, (void)arg;
	printf("%s %s\n", crm_progname(), CRM_VERSION);
	return -1;
}

/* Applies one parsed option; returns 0, an exit code, or -1 for "exit 0 now". */
static int apply_option(struct crm_ctx *ctx, const struct cli_option *opt, const char *arg)
{
	void *field = option_field(ctx, opt);
	char name[32];
	long long n = 0;
	switch (opt->kind) {
	case OPT_UNUSED:
		break;
	case OPT_SETS:
		*(int *)field = opt->value;
		break;
	case OPT_TEXT:
		*(const char **)field = arg;
		break;
	case OPT_LIST:
		crm_strv_push(field, arg);
		break;
	case OPT_LONG:
	case OPT_LLONG:
		snprintf(name, sizeof name, "--%s", opt->name);
		if (parse_number(ctx, name, arg, &n))
			return CRM_EXIT_USAGE;
		if (opt->kind == OPT_LONG)
			*(long *)field = (long)n;
		else
			*(long long *)field = n;
		break;
	case OPT_CALLS:
		return opt->handle(ctx, opt, arg);
	}
	return 0;
}

/*
 * getopt's tables: an entry's long option answers its letter, or 256 plus
 * its index; shorts are the letters, as getopt_long wants them.
 */
static void build_options(struct option *lo, char *shorts)
{
	char *s = shorts;
	*s++ = ':';
	*s = '\0';
	for (int i = 0; i < NOPTIONS; i++) {
		const struct cli_option *o = &options[i];
		lo[i] = (struct option){o->name, o->arg ? required_argument : no_argument, NULL,
		                        o->letter ? o->letter : 256 + i};
		if (o->letter && !strchr(shorts, o->letter)) {
			*s++ = o->letter;
			if (o->arg)
				*s++ = ':';
			*s = '\0';
		}
	}
	memset(&lo[NOPTIONS], 0, sizeof *lo);
}

/* The entry getopt's answer c stands for: the first of its name. */
static int option_index(int c)
{
	for (int i = 0; i < NOPTIONS; i++)
		if (options[i].letter ? options[i].letter == c : 256 + i == c)
			return i;
	return -1;
}

/* Prints completion words: verbs, options of a verb, or field names. */
/* The database a completion reads, when there is one to read; NULL otherwise. */
static struct crm_db *completion_db(struct crm_ctx *ctx)
{
	char *err = NULL;
	char *path = ctx->o.db_path ? crm_xstrdup(ctx->o.db_path) : db_default_path();
	struct crm_db *db = (db_is_server(path) || access(path, R_OK) == 0) && ctx->ent
	                        ? db_open(path, DB_READ, &err)
	                        : NULL;
	free(err);
	free(path);
	return db;
}

/* "FIELD:PREFIX": the values of the field that begin with the prefix, one a line. */
static void complete_value(struct crm_ctx *ctx, const char *what)
{
	const char *colon = strchr(what, ':');
	char *name = crm_xstrndup(what, colon ? (size_t)(colon - what) : strlen(what));
	struct crm_db *db = completion_db(ctx);
	const struct crm_schema *s = db ? db_schema(db, ctx->ent) : NULL;
	int f = s ? crm_schema_field(s, name) : -1;
	struct crm_strv values = CRM_STRV_INIT;
	if (f >= 0)
		crm_field_values(db, &s->fields[f], colon ? colon + 1 : "", 200, &values);
	for (int i = 0; i < values.n; i++)
		puts(values.v[i]);
	crm_strv_release(&values);
	db_close(db, 0);
	free(name);
}

/* "PREFIX": the names of the command's own records that begin with it (show, edit). */
static void complete_name(struct crm_ctx *ctx, const char *prefix)
{
	struct crm_db *db = completion_db(ctx);
	struct crm_strv names = CRM_STRV_INIT;
	if (db)
		db_names(db, db_schema(db, ctx->ent), prefix, 200, &names);
	for (int i = 0; i < names.n; i++)
		puts(names.v[i]);
	crm_strv_release(&names);
	db_close(db, 0);
}

static int complete(struct crm_ctx *ctx, const struct verbs *vs, const char *what)
{
	if (!strcmp(what, "verbs")) {
		for (const struct crm_verb *v = vs->base; v->name; v++)
			puts(v->name);
		for (const struct crm_verb *v = vs->extra; v && v->name; v++)
			puts(v->name);
	} else if (!strncmp(what, "value:", 6)) {
		complete_value(ctx, what + 6);
	} else if (!strncmp(what, "name:", 5)) {
		complete_name(ctx, what + 5);
	} else if (!strcmp(what, "fields")) {
		struct crm_db *db = completion_db(ctx);
		const struct crm_schema *s = db ? db_schema(db, ctx->ent) : NULL;
		int n = s ? s->nfields : ctx->ent ? ctx->ent->nfields : 0;
		for (int f = 0; f < n; f++)
			puts(s ? s->fields[f].name : ctx->ent->fields[f].name);
		db_close(db, 0);
	} else {
		const struct crm_verb *v = find_verb(vs, what);
		for (int i = 0; v && i < NOPTIONS; i++)
			if (option_entry(i, v->opts))
				printf("--%s\n", options[i].name);
	}
	return cli_finish_stdout();
}

static void release_opts(struct crm_opts *o)
{
	free(o->db_path);
	crm_strv_release(&o->where);
	crm_strv_release(&o->maps);
	crm_strv_release(&o->attach);
}

/* A word a shell reads as itself: no quoting needed (UTF-8 letters included). */
static int shell_safe(const char *a)
{
	if (!*a)
		return 0;
	for (; *a; a++)
		if (!((unsigned char)*a >= 0x80 || (*a >= 'a' && *a <= 'z') ||
		      (*a >= 'A' && *a <= 'Z') || (*a >= '0' && *a <= '9') ||
		      strchr("@%+=:,./_-", *a)))
			return 0;
	return 1;
}

/*
 * A word that gives a personal field a value or compares it with one
 * ("email=ana@acme.es", "phone~600") as the change log keeps it: the value
 * left out ("email=…"), so that no person's data outlives a forget in the
 * history of commands.  NULL when the word is no such thing.
 */
static char *personal_word(const struct crm_entity *ent, const char *a)
{
	size_t name = strspn(a, "abcdefghijklmnopqrstuvwxyz0123456789_");
	size_t op = strspn(a + name, "+-=!<>~");
	if (!ent || !name || !op || !a[name + op])
		return NULL;
	for (int f = 0; f < ent->nfields; f++)
		if (strlen(ent->fields[f].name) == name && !strncmp(ent->fields[f].name, a, name) &&
		    (ent->fields[f].flags & CRM_F_PERSONAL))
			return crm_xasprintf("%.*s…", (int)(name + op), a);
	return NULL;
}

static char *joined_command(const struct crm_entity *ent, int argc, char **argv)
{
	struct crm_buf b = CRM_BUF_INIT;
	crm_buf_puts(&b, crm_progname());
	for (int i = 1; i < argc; i++) {
		/* quoted as a shell would need it, so the logged command can be run again */
		char *redacted = personal_word(ent, argv[i]);
		const char *a = redacted ? redacted : argv[i];
		if (shell_safe(a)) {
			crm_buf_printf(&b, " %s", a);
		} else {
			crm_buf_puts(&b, " '");
			for (; *a; a++)
				crm_buf_puts(&b, *a == '\'' ? "'\\''" : (char[]){*a, 0});
			crm_buf_putc(&b, '\'');
		}
		free(redacted);
	}
	return crm_buf_detach(&b);
}

/*
 * "-5" (points, an amount) is a word, not an option: it is hidden from
 * getopt behind a marker byte and shown again to the verb.
 */
#define SHIELD '\x1f'

static int is_negative_number(const char *a)
{
	if (a[0] != '-' || !(a[1] >= '0' && a[1] <= '9'))
		return 0;
	return a[1 + strspn(a + 1, "0123456789.,")] == '\0';
}

static void shield_numbers(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (is_negative_number(argv[i]))
			argv[i][0] = SHIELD;
}

static char **unshield_numbers(int argc, char **argv)
{
	for (int i = 0; i < argc; i++)
		if (argv[i][0] == SHIELD)
			argv[i][0] = '-';
	return argv;
}

/*
 * 1 if the verb reads standard input: ids or a file given as "-", a field
 * given as "-" (body=-), an import with no file, a reply's text.
 */
static int reads_stdin(const struct crm_ctx *ctx, int argc, char **argv)
{
	const struct crm_verb *v = ctx->verb;
	if (v->writes == CRM_WRITES_FROM_STDIN || (!strcmp(v->name, "import") && argc == 0) ||
	    (!strcmp(v->name, "mail") && argc == 0 && !ctx->o.maildir))
		return 1;
	for (int i = 0; i < argc; i++) {
		size_t n = strlen(argv[i]);
		if (!strcmp(argv[i], "-") || (n > 2 && !strcmp(argv[i] + n - 2, "=-")))
			return 1;
	}
	return 0;
}

/*
 * A writer that reads standard input reads it whole before it takes the
 * write lock, so that a slow producer (a pipeline, a person typing) never
 * keeps the cron jobs and everyone else waiting: a pipe or terminal is
 * copied into an unlinked 0600 file in $TMPDIR, which becomes fd 0.  A
 * regular file is already whole.
 */
static int spool_stdin(void)
{
	struct stat sb;
	if (fstat(0, &sb) < 0 || S_ISREG(sb.st_mode))
		return 0;
	const char *tmp = getenv("TMPDIR");
	char *path = crm_xasprintf("%s/crm-stdin.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	int fd = mkstemp(path);
	if (fd >= 0)
		unlink(path);
	char buf[65536];
	ssize_t n = 0;
	int ok = fd >= 0;
	while (ok && (n = read(0, buf, sizeof buf)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		ok = n > 0 && write(fd, buf, (size_t)n) == n;
	}
	ok = ok && lseek(fd, 0, SEEK_SET) == 0 && dup2(fd, 0) == 0;
	if (!ok)
		crm_warn(_("cannot read standard input into %s: %s"), path, strerror(errno));
	if (fd >= 0)
		close(fd);
	free(path);
	return ok ? 0 : CRM_EXIT_DB;
}

/*
 * Where there is no database only crm init and crm restore, and the verbs
 * that add data (add, import), start one, saying so; every other verb
 * fails with "no database at PATH", so that a mistyped --db or CRM_DB in a
 * crontab is an error every time, not an empty database that says nothing.
 * Missing directories are made only by crm init and at the default place.
 */
static int start_database(struct crm_ctx *ctx, const char *path)
{
	static const char *const admin[] = {"init", "restore", NULL};
	static const char *const entity[] = {"add", "import", NULL};
	const char *const *creators = ctx->ent ? entity : admin;
	int creates = 0;
	for (int i = 0; creators[i]; i++)
		creates |= !strcmp(ctx->verb->name, creators[i]);
	struct stat sb;
	/* a server's database is made by its administrator; crm init makes the schema */
	if (!creates || ctx->o.dry_run || db_is_server(path) || lstat(path, &sb) == 0 ||
	    errno != ENOENT)
		return 0;
	const char *env = getenv("CRM_DB");
	int init = !ctx->ent && !strcmp(ctx->verb->name, "init");
	int default_place = !ctx->o.db_path && !(env && *env);
	char *err = NULL;
	if (db_create(path, init || default_place, &err) < 0) {
		crm_warn("%s", err);
		free(err);
		return CRM_EXIT_DB;
	}
	if (!init && !ctx->o.quiet)
		crm_warn(_("created a new database at %s"), path);
	return 0;
}

/* Opens the database, runs the verb, commits or rolls back. */
static int run_verb(struct crm_ctx *ctx, int argc, char **argv, char *command)
{
	char *err = NULL;
	int writes = ctx->verb->writes;
	if (writes == CRM_WRITES_UNLESS_LISTING)
		writes = !(argc == 0 || !strcmp(argv[0], "list") || !strcmp(argv[0], "show") ||
		           !strcmp(argv[0], "get"));
	if (writes && writes != 2 && reads_stdin(ctx, argc, argv) && spool_stdin())
		return CRM_EXIT_DB;
	char *path = ctx->o.db_path ? crm_xstrdup(ctx->o.db_path) : db_default_path();
	int started = start_database(ctx, path);
	if (started) {
		free(path);
		return started;
	}
	enum db_mode mode = writes == 2 ? DB_SQL : writes ? DB_WRITE : DB_READ;
	/* nobody waits on the write lock while a person types */
	if (writes == CRM_WRITES_AFTER_ASKING || (writes && ctx->o.interactive))
		mode = DB_WRITE_LATER;
	ctx->db = db_open(path, mode, &err);
	free(path);
	if (!ctx->db) {
		crm_warn("%s", err);
		free(err);
		return CRM_EXIT_DB;
	}
	db_set_run(ctx->db, cli_user(), command);
	/* on a server the person is the server's login: owners and undo follow it */
	if (!db_file(ctx->db))
		cli_set_user(db_who(ctx->db));
	hook_start_run(ctx->db);
	ctx->s = ctx->ent ? db_schema(ctx->db, ctx->ent) : NULL;
	crm_timestamp(crm_now(), ctx->now);
	int rc = ctx->verb->fn(ctx, argc, argv);
	/* new records are scored once all of them are in: one pass per rule */
	if (!rc && ctx->first_new) {
		long changed = ctx->changed;
		rc = crm_score_new(ctx);
		ctx->changed = changed;
	}
	const struct crm_entity *counted = ctx->counted ? ctx->counted : ctx->ent;
	/* a write verb that failed to find a record writes nothing, even for the others */
	int commit = (rc == 0 || (rc == CRM_EXIT_NOMATCH && mode == DB_READ)) && !ctx->o.dry_run;
	if (ctx->o.dry_run && rc == 0 && !ctx->o.quiet && ctx->ent)
		fprintf(stderr,
		        P_("%s: dry run: %ld %s would change; nothing written\n",
		           "%s: dry run: %ld %s would change; nothing written\n", ctx->changed),
		        crm_progname(), ctx->changed, crm_noun(counted, ctx->changed));
	/*
	 * What the run printed goes out before its changes commit, as late as
	 * can be: a reminder is printed and then marked, so a kill in between
	 * prints it again next time, and one never comes out marked but unsaid.
	 * Output that cannot be written (a mail pipe gone) commits nothing.
	 */
	if (commit && mode != DB_READ && mode != DB_SQL) {
		db_commit_ready(ctx->db);
		if (cli_finish_stdout() != 0) {
			commit = 0;
			rc = rc ? rc : CRM_EXIT_DB;
		}
	}
	int closed = db_close(ctx->db, commit);
	if (closed < 0 && rc == 0)
		rc = CRM_EXIT_DB;
	if (ctx->after_commit)
		ctx->after_commit(ctx, commit && closed == 0);
	/* post- hooks see only what was committed */
	hook_end_run(commit && closed == 0);
	int out = cli_finish_stdout();
	return rc ? rc : out;
}

static int cli_main(int argc, char **argv, const struct crm_entity *ent, const struct verbs *vs)
{
	struct crm_ctx ctx = {.ent = ent};
	crm_date_format_from_locale();
	ctx.o.format = -1;
	ctx.o.header = -1;
	ctx.o.days = -1;
	ctx.o.csat = ctx.o.nps = -1;
	ctx.o.limit = -1;
	ctx.o.min = -1;
	ctx.o.min_score = -1;
	if (argc < 2) {
		usage(stderr, ent, vs, NULL);
		return CRM_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout, ent, vs, NULL);
		return cli_finish_stdout();
	}
	if (!strcmp(argv[1], "--version")) {
		printf("%s %s\n", crm_progname(), CRM_VERSION);
		return cli_finish_stdout();
	}
	if (!strncmp(argv[1], "--complete=", 11))
		return complete(&ctx, vs, argv[1] + 11);
	ctx.verb = find_verb(vs, argv[1]);
	if (!ctx.verb) {
		crm_warn(_("unknown verb '%s'"), argv[1]);
		usage(stderr, ent, vs, NULL);
		return CRM_EXIT_USAGE;
	}
	char *command = joined_command(ent, argc, argv);
	struct option lo[NOPTIONS + 1];
	char shorts[2 * NOPTIONS + 2];
	build_options(lo, shorts);
	int c, rc = 0;
	argv++, argc--;
	optind = 1;
	opterr = 0;
	shield_numbers(argc, argv);
	/* GNU getopt permutes: options may follow words, as in git; "--" ends them. */
	while (rc == 0 && (c = getopt_long(argc, argv, shorts, lo, NULL)) != -1) {
		if (c == '?' || c == ':') {
			rc = cli_usage_error(
			    &ctx, c == ':' ? _("missing value for '%s'") : _("unknown option '%s'"),
			    argv[optind - 1]);
			break;
		}
		int i = option_index(c), entry = option_for(i, ctx.verb->opts);
		if (entry < 0)
			rc = cli_usage_error(&ctx, _("option --%s does not apply to '%s'"),
			                     options[i].name, ctx.verb->name);
		else
			rc = apply_option(&ctx, &options[entry], optarg);
	}
	if (rc == 0)
		rc = run_verb(&ctx, argc - optind, unshield_numbers(argc - optind, argv + optind),
		              command);
	else if (rc == -1)
		rc = cli_finish_stdout();
	free(command);
	release_opts(&ctx.o);
	return rc;
}

int crm_entity_main(int argc, char **argv, const struct crm_entity *ent,
                    const struct crm_verb *extra)
{
	crm_set_progname(argv[0]);
	crm_i18n_init();
	crm_domain_init();
	return cli_main(argc, argv, ent, &(struct verbs){crm_generic_verbs, extra});
}

int crm_report_main(int argc, char **argv)
{
	crm_set_progname(argv[0]);
	crm_i18n_init();
	crm_domain_init();
	return cli_main(argc, argv, NULL, &(struct verbs){crm_report_verbs, NULL});
}

int crm_admin_main(int argc, char **argv)
{
	crm_set_progname(argv[0]);
	crm_i18n_init();
	crm_domain_init();
	const struct verbs admin = {crm_admin_verb_table, NULL};
	if (argc >= 2 && argv[1][0] != '-' && strcmp(argv[1], "help") &&
	    !find_verb(&admin, argv[1]))
		return -1;
	return cli_main(argc, argv, NULL, &admin);
}
