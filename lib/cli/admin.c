/*
 * admin.c - the crm front end's own verbs, about the whole database: init,
 * backup, migrate, check, undo, history, sql, field, config, and segment
 * (segment.c).
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/hooks.h"
#include "base/i18n.h"
#include "core/verbs.h"
#include "domain/mail.h"

static int db_failed(struct crm_ctx *ctx)
{
	crm_warn("%s", db_error(ctx->db));
	return CRM_EXIT_DB;
}

static int verb_init(struct crm_ctx *ctx, int argc, char **argv)
{
	(void)argv;
	if (argc)
		return cli_usage_error(ctx, _("init takes no arguments"));
	if (!ctx->o.quiet)
		fprintf(stderr, _("%s: database ready (schema version %d)\n"), crm_progname(),
		        db_schema_version(ctx->db));
	return 0;
}

static int verb_backup(struct crm_ctx *ctx, int argc, char **argv)
{
	if (argc != 1)
		return cli_usage_error(ctx, _("give the backup file"));
	if (db_backup(ctx->db, argv[0]) < 0)
		return db_failed(ctx);
	if (!ctx->o.quiet)
		fprintf(stderr, _("%s: backed up to %s\n"), crm_progname(), argv[0]);
	return 0;
}

/* An SQLite file migrate made, and what SQLite keeps beside it, removed again. */
static void remove_made(const char *path)
{
	char *wal = crm_xasprintf("%s-wal", path), *shm = crm_xasprintf("%s-shm", path);
	unlink(path);
	unlink(wal);
	unlink(shm);
	free(wal);
	free(shm);
}

/*
 * crm migrate DEST: the whole database, history included, into an empty one
 * on either engine (a new file is made), checked table by table and
 * committed as one transaction, or nothing.
 */
static int verb_migrate(struct crm_ctx *ctx, int argc, char **argv)
{
	if (argc != 1)
		return cli_usage_error(ctx, _("give the database to migrate into (a new file, or "
		                              "postgresql://...)"));
	const char *dest = argv[0];
	char *err = NULL;
	int made = !db_is_server(dest) && access(dest, F_OK) != 0;
	if (made && db_create(dest, 0, &err) < 0) {
		crm_warn("%s", err);
		free(err);
		return CRM_EXIT_DB;
	}
	struct crm_db *to = db_open(dest, DB_WRITE, &err);
	long long rows = 0;
	int rc = to ? db_copy(ctx->db, to, &rows) : -1;
	if (rc < 0)
		crm_warn("%s", to ? db_error(to) : err);
	free(err);
	char *name = to ? crm_xstrdup(db_name(to)) : NULL;
	if (to && db_close(to, rc == 0) < 0)
		rc = -1;
	if (rc == 0 && !ctx->o.quiet)
		fprintf(stderr, _("%s: migrated %lld rows to %s, every table counted in both\n"),
		        crm_progname(), rows, name);
	free(name);
	if (rc < 0 && made)
		remove_made(dest);
	return rc < 0 ? CRM_EXIT_DB : 0;
}

static int verb_check(struct crm_ctx *ctx, int argc, char **argv)
{
	(void)argv;
	if (argc)
		return cli_usage_error(ctx, _("check takes no arguments"));
	struct crm_strv problems = CRM_STRV_INIT, data = CRM_STRV_INIT;
	if (db_check(ctx->db, &problems) < 0 || crm_check_data(ctx, &data) < 0) {
		crm_strv_release(&problems);
		crm_strv_release(&data);
		return db_failed(ctx);
	}
	for (int i = 0; i < problems.n; i++)
		printf("%s\n", problems.v[i]);
	for (int i = 0; i < data.n; i++)
		printf("%s\n", data.v[i]);
	if (!problems.n && !data.n)
		printf("ok\n");
	/* for cron: a damaged database is 4, data that breaks the rules 3 */
	int rc = problems.n ? CRM_EXIT_DB : data.n ? CRM_EXIT_DATA : 0;
	crm_strv_release(&problems);
	crm_strv_release(&data);
	return rc;
}

/* crm sql's results: each statement's rows through a printer of its own. */
static void *sql_open(void *arg)
{
	struct crm_ctx *ctx = arg;
	struct crm_printer *p =
	    crm_printer_new(cli_format(ctx, CRM_FMT_TSV), stdout, ctx->o.header);
	crm_printer_own_names(p);
	return p;
}

static void sql_begin(void *p, const struct crm_column *cols, int n)
{
	crm_printer_begin(p, cols, n);
}

static void sql_row(void *p, const char *const *vals)
{
	crm_printer_row(p, vals);
}

static int sql_close(void *p)
{
	return crm_printer_end(p);
}

static int verb_sql(struct crm_ctx *ctx, int argc, char **argv)
{
	if (argc != 1)
		return cli_usage_error(ctx, _("give one SQL query (quoted)"));
	long rows;
	const struct db_sql_out out = {sql_open, sql_begin, sql_row, sql_close, ctx};
	if (db_sql(ctx->db, argv[0], &out, &rows) < 0)
		return db_failed(ctx);
	return rows ? 0 : CRM_EXIT_NOMATCH;
}

/* -------------------------------------------------------------- history */

struct runs_ctx {
	struct crm_printer *p;
	int local_time;
};

static int run_row(void *arg, const struct db_run *r)
{
	struct runs_ctx *rc = arg;
	char id[32], n[32], at[32], status[64] = "";
	snprintf(id, sizeof id, "%lld", r->id);
	snprintf(n, sizeof n, "%lld", r->nchanges);
	if (rc->local_time)
		crm_local_time(r->at, at, sizeof at);
	else
		snprintf(at, sizeof at, "%s", r->at);
	if (r->undone_by)
		snprintf(status, sizeof status, "undone by %lld", r->undone_by);
	else if (r->undoes)
		snprintf(status, sizeof status, "undoes %lld", r->undoes);
	const char *row[] = {id, at, r->who, n, status, r->command};
	crm_printer_row(rc->p, row);
	return 0;
}

static int verb_history(struct crm_ctx *ctx, int argc, char **argv)
{
	(void)argv;
	if (argc)
		return cli_usage_error(ctx,
		                       _("history takes no arguments (see crm-ENTITY history ID)"));
	static const struct crm_column cols[] = {{"run", 1},     {"when", 0},   {"who", 0},
	                                         {"changes", 1}, {"status", 0}, {"command", 0}};
	enum crm_format fmt = cli_format(ctx, CRM_FMT_TSV);
	struct runs_ctx r = {crm_printer_new(fmt, stdout, ctx->o.header), fmt == CRM_FMT_TABLE};
	crm_printer_begin(r.p, cols, 6);
	int rc = db_runs(ctx->db, ctx->o.limit, run_row, &r) < 0 ? db_failed(ctx) : 0;
	if (crm_printer_end(r.p) < 0 && !rc)
		rc = CRM_EXIT_DB;
	return rc;
}

/* ----------------------------------------------------------------- undo */

struct change_copy {
	long long record;
	char *entity, *op, *field, *old, *new_;
};

struct undo {
	struct crm_ctx *ctx;
	struct change_copy *c;
	int n;
};

static char *dup_or_null(const char *s)
{
	return s ? crm_xstrdup(s) : NULL;
}

static int collect_change(void *arg, const struct db_change *c)
{
	struct undo *u = arg;
	u->c = crm_xrealloc(u->c, sizeof(*u->c) * (u->n + 1));
	u->c[u->n++] = (struct change_copy){c->record,           crm_xstrdup(c->entity),
	                                    crm_xstrdup(c->op),  dup_or_null(c->field),
	                                    dup_or_null(c->old), dup_or_null(c->new_)};
	return 0;
}

static void free_changes(struct undo *u)
{
	for (int i = 0; i < u->n; i++) {
		free(u->c[i].entity);
		free(u->c[i].op);
		free(u->c[i].field);
		free(u->c[i].old);
		free(u->c[i].new_);
	}
	free(u->c);
}

/* Checks every change can be reverted before reverting any. */
static int undo_plan(struct undo *u, long long run)
{
	for (int i = 0; i < u->n; i++) {
		struct change_copy *c = &u->c[i];
		const struct crm_entity *ent = crm_entity_find(c->entity);
		if (!strcmp(c->op, "purge") || !strcmp(c->op, "forget") ||
		    !strcmp(c->op, "erase") || !strcmp(c->op, "detach")) {
			crm_warn(_("run %lld erased data (%s %s %lld); that cannot be undone"), run,
			         c->op, c->entity, c->record);
			return CRM_EXIT_DATA;
		}
		int named_field = c->field && strcmp(c->op, "attach") && strcmp(c->op, "reattach");
		if (!ent ||
		    (named_field && crm_schema_field(db_schema(u->ctx->db, ent), c->field) < 0)) {
			crm_warn(_("run %lld changed %s.%s, which no longer exists"), run,
			         c->entity, c->field ? c->field : "");
			return CRM_EXIT_DATA;
		}
		int changed = db_changed_since(u->ctx->db, c->entity, c->record, run);
		if (changed < 0)
			return db_failed(u->ctx);
		if (changed) {
			crm_warn(
			    _("%s %lld changed after run %lld; undo the later runs first (see 'crm "
			      "history')"),
			    c->entity, c->record, run);
			return CRM_EXIT_DATA;
		}
	}
	return 0;
}

/* In a dry run, the line a reverted change would make. */
static void plan_revert(struct crm_ctx *ctx, const struct crm_schema *s,
                        const struct change_copy *c, const char *what)
{
	if (!ctx->o.dry_run)
		return;
	if (!strcmp(c->op, "set")) {
		printf("set %s %lld: %s: %s → %s\n", c->entity, c->record, c->field,
		       c->new_ ? c->new_ : "(empty)", c->old ? c->old : "(empty)");
		return;
	}
	char *label = db_label(ctx->db, s, c->record);
	printf("%s %s %lld: %s\n", what, c->entity, c->record,
	       label && *label ? label : "(no name)");
	free(label);
}

/* 1 if a record of any entity still refers to record id of schema s. */
static int referred_to(struct crm_ctx *ctx, const struct crm_schema *s, long long id)
{
	char idbuf[32];
	snprintf(idbuf, sizeof idbuf, "%lld", id);
	long n = 0;
	for (int e = 0; crm_entities[e] && n == 0; e++) {
		const struct crm_schema *from = db_schema(ctx->db, crm_entities[e]);
		for (int f = 0; f < from->nfields && n == 0; f++) {
			if (from->fields[f].type != CRM_T_REF ||
			    strcmp(from->fields[f].ref, s->ent->name))
				continue;
			struct crm_term t = {.kind = CRM_TERM_FIELD, .field = f, .op = CRM_OP_EQ};
			crm_strv_push(&t.values, idbuf);
			struct crm_filter flt = {&t, 1, 2};
			struct crm_strv ids = CRM_STRV_INIT;
			struct db_query q = {
			    .s = from, .filter = &flt, .sort_field = -1, .limit = 1};
			n = db_select(ctx->db, &q, cli_push_id, &ids);
			if (n > 0)
				crm_warn(
				    _("%s %lld is still referred to by %s %s; change that first "
				      "(nothing undone)"),
				    crm_noun(s->ent, 1), id, crm_noun(from->ent, 1), ids.v[0]);
			crm_strv_release(&t.values);
			crm_strv_release(&ids);
		}
	}
	return n != 0;
}

/*
 * A file a merge moved from record old to this one goes back, logged the
 * same way the other way round.  A file removed since has nothing to give
 * back: the rest of the merge is still undone.
 */
static int revert_reattach(struct crm_ctx *ctx, const struct change_copy *c)
{
	long long back = atoll(c->old);
	char here[32];
	snprintf(here, sizeof here, "%lld", c->record);
	if (ctx->o.dry_run)
		printf("reattach %s %lld: %s (from %s %lld)\n", c->entity, back, c->field,
		       c->entity, c->record);
	int rc = db_attachment_move(ctx->db, atoll(c->new_), back);
	if (rc == 1)
		return 0;
	if (rc == 0)
		rc = db_log(ctx->db, c->entity, back, "reattach", c->field, here, c->new_);
	return rc;
}

static int revert_one(struct crm_ctx *ctx, const struct change_copy *c)
{
	const struct crm_schema *s = db_schema(ctx->db, crm_entity_find(c->entity));
	int rc;
	if (!strcmp(c->op, "attach")) {
		/* a file stored by the run goes again */
		if (ctx->o.dry_run)
			printf("detach %s %lld: %s\n", c->entity, c->record, c->field);
		rc = db_attachment_rm(ctx->db, atoll(c->new_)) < 0 ? -1 : 0;
		if (rc == 0)
			rc = db_log(ctx->db, c->entity, c->record, "detach", c->field, c->new_,
			            NULL);
		return rc;
	}
	if (!strcmp(c->op, "reattach"))
		return revert_reattach(ctx, c);
	if (!strcmp(c->op, "add")) {
		/* records added by the same run went first (newest first); others block it */
		if (referred_to(ctx, s, c->record))
			return 1;
		plan_revert(ctx, s, c, "erase");
		rc = db_erase(ctx->db, s, c->record);
		if (rc == 0)
			rc = db_log(ctx->db, c->entity, c->record, "erase", NULL, NULL, NULL);
	} else if (!strcmp(c->op, "set")) {
		int f = crm_schema_field(s, c->field);
		plan_revert(ctx, s, c, "set");
		rc = s->fields[f].type == CRM_T_TAGS ? db_set_tags(ctx->db, s, c->record, c->old)
		                                     : db_update(ctx->db, s, c->record, f, c->old);
		if (rc == 0)
			rc =
			    db_log(ctx->db, c->entity, c->record, "set", c->field, c->new_, c->old);
		if (rc == 0)
			rc = db_touch(ctx->db, s, c->record, ctx->now);
	} else {
		/* rm and restore swap the deleted stamp back */
		int was_rm = !strcmp(c->op, "rm");
		plan_revert(ctx, s, c, was_rm ? "restore" : "rm");
		rc = db_set_deleted(ctx->db, s, c->record, was_rm ? NULL : c->old);
		if (rc == 0)
			rc = db_log(ctx->db, c->entity, c->record, was_rm ? "restore" : "rm", NULL,
			            was_rm ? c->new_ : NULL, was_rm ? NULL : c->old);
	}
	return rc;
}

static int verb_undo(struct crm_ctx *ctx, int argc, char **argv)
{
	(void)argv;
	if (argc)
		return cli_usage_error(ctx, _("undo takes no arguments (use --run ID)"));
	/* without --run, the caller's own last run: never the cron job's remind,
	   nor a colleague's work, by a slip */
	const char *me = cli_user();
	long long run = ctx->o.run ? ctx->o.run : db_last_undoable_run(ctx->db, me);
	struct db_run info;
	char *who = NULL, *at = NULL;
	if (run < 0)
		return db_failed(ctx);
	if (run == 0) {
		crm_warn(_("nothing of %s's to undo; another user's run needs --run ID (see crm "
		           "history)"),
		         me);
		return CRM_EXIT_NOMATCH;
	}
	if (db_get_run(ctx->db, run, &info, &who, &at) != 0) {
		crm_warn(_("no run %lld"), run);
		return CRM_EXIT_NOMATCH;
	}
	int rc = 0;
	struct undo u = {ctx, NULL, 0};
	if (info.undone_by) {
		crm_warn(_("run %lld was already undone by run %lld"), run, info.undone_by);
		rc = CRM_EXIT_DATA;
	} else if (db_run_changes(ctx->db, run, collect_change, &u) < 0)
		rc = db_failed(ctx);
	if (!rc && u.n == 0) {
		crm_warn(_("run %lld changed nothing"), run);
		rc = CRM_EXIT_NOMATCH;
	}
	if (!rc && db_run_id(ctx->db) == 0)
		rc = db_failed(ctx);
	if (!rc)
		rc = undo_plan(&u, run);
	for (int i = 0; !rc && i < u.n; i++) {
		int r = revert_one(ctx, &u.c[i]);
		rc = r < 0 ? db_failed(ctx) : r > 0 ? CRM_EXIT_DATA : 0;
	}
	if (!rc && db_mark_undone(ctx->db, run, db_run_id(ctx->db)) < 0)
		rc = db_failed(ctx);
	if (!rc && !ctx->o.quiet)
		fprintf(stderr,
		        ctx->o.dry_run
		            ? P_("%s: dry run: would undo run %lld (%d change by %s at %s)\n",
		                 "%s: dry run: would undo run %lld (%d changes by %s at %s)\n", u.n)
		            : P_("%s: undid run %lld (%d change by %s at %s)\n",
		                 "%s: undid run %lld (%d changes by %s at %s)\n", u.n),
		        crm_progname(), run, u.n, who, at);
	free_changes(&u);
	free(who);
	free(at);
	return rc;
}

/* ---------------------------------------------------------------- field */

static int field_entity(struct crm_ctx *ctx, const char *name, const struct crm_entity **ent)
{
	*ent = crm_entity_find(name);
	if (!*ent)
		return cli_usage_error(ctx, _("unknown entity '%s'"), name);
	return 0;
}

static int verb_field(struct crm_ctx *ctx, int argc, char **argv)
{
	const struct crm_entity *ent = NULL;
	int add = argc >= 1 && !strcmp(argv[0], "add"), rm = argc >= 1 && !strcmp(argv[0], "rm");
	if (!(add && (argc == 4 || argc == 5)) && !(rm && argc == 3))
		return cli_usage_error(ctx, _("expected 'add ENTITY NAME TYPE [CHOICES]' or "
		                              "'rm ENTITY NAME'"));
	int rc = field_entity(ctx, argv[1], &ent);
	if (rc)
		return rc;
	if (rm && crm_schema_field(db_schema(ctx->db, ent), argv[2]) < 0)
		return cli_usage_error(ctx, _("%s has no field '%s'"), crm_noun(ent, 1), argv[2]);
	if (rm)
		return db_field_rm(ctx->db, ent, argv[2]) < 0
		           ? (crm_warn("%s", db_error(ctx->db)), CRM_EXIT_DATA)
		           : 0;
	int type = crm_type_parse(argv[3]);
	if (type != CRM_T_TEXT && type != CRM_T_NUMBER && type != CRM_T_DATE &&
	    type != CRM_T_BOOL && type != CRM_T_CHOICE && type != CRM_T_MONEY)
		return cli_usage_error(
		    ctx, _("type must be text, number, money, date, bool or choice, not '%s'"),
		    argv[3]);
	if ((type == CRM_T_CHOICE) != (argc == 5))
		return cli_usage_error(ctx, type == CRM_T_CHOICE
		                                ? _("a choice field needs its values: a,b,c")
		                                : _("only a choice field takes values"));
	if (db_field_add(ctx->db, ent, argv[2], type, argc == 5 ? argv[4] : NULL) < 0) {
		crm_warn("%s", db_error(ctx->db));
		return CRM_EXIT_DATA;
	}
	return 0;
}

/* --------------------------------------------------------------- config */

/* A directory every user of the database can name alike: absolute, or under ~/. */
static int check_dir(const char *v, char **err)
{
	if (v[0] == '/' || !strncmp(v, "~/", 2))
		return 0;
	*err = crm_xasprintf(_("not an absolute directory '%s' (/srv/crm/hooks, ~/crm-hooks)"), v);
	return -1;
}

/*
 * The settings config writes; crm-report keeps its own (quota, rate,
 * weights: the next.* keys), which config lists but leaves to it.
 */
/* Who sees and changes an entity's records on a server (crm(1), Permissions). */
static int check_sharing(const char *v, char **err)
{
	if (!strcmp(v, "private") || !strcmp(v, "read") || !strcmp(v, "write"))
		return 0;
	*err = crm_xasprintf(_("not private, read or write '%s'"), v);
	return -1;
}

/* Our addresses (mail.self, mail.support): a, b@example.com, or @example.com for a whole domain. */
static int check_addresses(const char *v, char **err)
{
	struct crm_strv items = CRM_STRV_INIT;
	crm_strv_split(&items, v, ',');
	const char *bad = items.n ? NULL : v;
	for (int i = 0; !bad && i < items.n; i++) {
		char *t = crm_trim(items.v[i]);
		const char *at = strchr(t, '@');
		if (!at || !at[1] || strchr(at + 1, '@') || strpbrk(t, " \t<>\"") ||
		    !strchr(at + 1, '.'))
			bad = items.v[i];
		free(t);
	}
	if (bad)
		*err = crm_xasprintf(
		    _("not an address or @domain '%s' (ana@example.com, @example.com)"), bad);
	crm_strv_release(&items);
	return bad ? -1 : 0;
}

/* What crm mail makes of a stranger's mail (mail.unknown). */
static int check_unknown(const char *v, char **err)
{
	if (!strcmp(v, "contact") || !strcmp(v, "lead"))
		return 0;
	*err = crm_xasprintf(_("not contact or lead '%s'"), v);
	return -1;
}

struct config_key {
	const char *key;
	int (*check)(const char *v, char **err);
};

static const struct config_key config_keys[] = {
    {HOOK_DIR_SETTING, check_dir},
    {"mail.self", check_addresses},
    {"mail.support", check_addresses},
    {"mail.unknown", check_unknown},
};

static const struct config_key *config_key(struct crm_ctx *ctx, const char *key)
{
	for (size_t i = 0; i < sizeof config_keys / sizeof config_keys[0]; i++)
		if (!strcmp(config_keys[i].key, key))
			return &config_keys[i];
	/* sharing.ENTITY: for each kind of record with an owner, as the server's rules read it */
	static struct config_key sharing = {NULL, check_sharing};
	const struct crm_entity *ent =
	    !strncmp(key, "sharing.", 8) ? crm_entity_find(key + 8) : NULL;
	int owned = 0;
	for (int f = 0; ent && f < ent->nfields; f++)
		owned |= (ent->fields[f].flags & CRM_F_USER) != 0;
	if (owned) {
		sharing.key = key;
		return &sharing;
	}
	cli_usage_error(ctx,
	                _("unknown setting '%s' (%s, mail.self, mail.support, mail.unknown, "
	                  "sharing.ENTITY; next.* is set by crm-report weights)"),
	                key, HOOK_DIR_SETTING);
	return NULL;
}

struct config_out {
	struct crm_printer *p; /* list: every row; get: NULL */
	const char *key;       /* get: the one key wanted (the store matches by prefix) */
	long n;
};

static int config_row(void *arg, const char *const *v, int n)
{
	struct config_out *o = arg;
	(void)n;
	if (o->key && strcmp(v[0], o->key))
		return 0;
	if (o->p)
		crm_printer_row(o->p, v);
	else
		printf("%s\n", v[1]);
	o->n++;
	return 0;
}

static int config_list(struct crm_ctx *ctx, const char *key)
{
	static const struct crm_column cols[] = {{"key", 0}, {"value", 0}};
	struct config_out o = {NULL, key, 0};
	if (!key) {
		o.p = crm_printer_new(cli_format(ctx, CRM_FMT_TSV), stdout, ctx->o.header);
		crm_printer_begin(o.p, cols, 2);
	}
	int rc = db_settings(ctx->db, key ? key : "", config_row, &o) < 0 ? db_failed(ctx) : 0;
	if (o.p && crm_printer_end(o.p) < 0 && !rc)
		rc = CRM_EXIT_DB;
	return rc ? rc : o.n ? 0 : CRM_EXIT_NOMATCH;
}

/* crm config [list | get KEY | set KEY VALUE | unset KEY] */
static int verb_config(struct crm_ctx *ctx, int argc, char **argv)
{
	const char *sub = argc ? argv[0] : "list";
	if (!strcmp(sub, "list") && argc <= 1)
		return config_list(ctx, NULL);
	if (!strcmp(sub, "get") && argc == 2)
		return config_list(ctx, argv[1]);
	int set = !strcmp(sub, "set") && argc == 3;
	if (!set && !(!strcmp(sub, "unset") && argc == 2))
		return cli_usage_error(ctx,
		                       _("expected list, get KEY, set KEY VALUE or unset KEY"));
	const struct config_key *k = config_key(ctx, argv[1]);
	char *err = NULL;
	if (!k)
		return CRM_EXIT_USAGE;
	if (set && crm_config_text_check(k->key, argv[2], &err) < 0) {
		crm_warn("%s", err);
		free(err);
		return CRM_EXIT_DATA;
	}
	if (set && k->check(argv[2], &err) < 0) {
		crm_warn("%s: %s", k->key, err);
		free(err);
		return CRM_EXIT_DATA;
	}
	if (ctx->o.dry_run && set)
		printf("set %s: %s\n", k->key, argv[2]);
	else if (ctx->o.dry_run)
		printf("unset %s\n", k->key);
	return db_setting_set(ctx->db, k->key, set ? argv[2] : NULL) < 0 ? db_failed(ctx) : 0;
}

const struct crm_verb crm_admin_verb_table[] = {
    {"init", verb_init, 1, 0, "", N_("create the database (or migrate it) and exit")},
    {"backup", verb_backup, 0, 0, "FILE", N_("copy the database to a new FILE, online")},
    {"migrate", verb_migrate, 0, 0, "DEST",
     N_("copy the whole database, history too, into a new one on either engine")},
    {"check", verb_check, 0, 0, "", N_("check integrity, references, dates and stages")},
    {"undo", verb_undo, 1, CRM_O_DRYRUN | CRM_O_RUN, "[--run ID]",
     N_("revert the last run (or run ID)")},
    {"history", verb_history, 0, CRM_O_FORMAT | CRM_O_LIMIT, "",
     N_("list the runs that changed data")},
    {"sql", verb_sql, 2, CRM_O_FORMAT, "QUERY", N_("run a read-only SQL query")},
    {"attach", crm_verb_attach, 1, CRM_O_DRYRUN, "RECORD FILE...",
     N_("store files with a record (contact=12 offer.pdf)")},
    {"attachment", crm_verb_attachment, CRM_WRITES_UNLESS_LISTING, CRM_O_FORMAT,
     "list RECORD | get ID | rm ID", N_("a record's files: list, get one back, remove one")},
    {"field", verb_field, 1, 0, "add|rm ENTITY NAME [TYPE [CHOICES]]",
     N_("add or remove a custom field")},
    {"dump", crm_verb_dump, 0, 0, "DIR",
     N_("write the whole database as CSV files, attachments too")},
    {"shell", crm_verb_shell, 0, 0, "",
     N_("a prompt for crm commands, with history and completion")},
    {"restore", crm_verb_restore, 1, CRM_O_DRYRUN, "DIR",
     N_("rebuild an empty database from a dump")},
    {"config", verb_config, CRM_WRITES_UNLESS_LISTING, CRM_O_FORMAT | CRM_O_DRYRUN,
     "[list | get KEY | set KEY VALUE | unset KEY]",
     N_("settings kept in the database for everyone: hooks.dir, mail.*")},
    {"mail", crm_verb_mail, 1, CRM_O_DRYRUN | CRM_O_MAIL, "[FILE|-] | --maildir DIR",
     N_("log an e-mail on the record of everyone it names; cases by e-mail")},
    {"segment", crm_verb_segment, CRM_WRITES_UNLESS_LISTING, CRM_O_FORMAT,
     "[list | show NAME... | add NAME ENTITY FILTER... | rm NAME...]",
     N_("saved filters: segment=NAME in any filter of that entity")},
    {NULL, NULL, 0, 0, NULL, NULL},
};
