/*
 * verbs.c - the verbs every entity has, worked from its descriptor: add,
 * list, show, set, rm, restore, purge, export, history, fields; plus lookup
 * and forget for entities that hold people.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/hooks.h"
#include "base/i18n.h"
#include "base/input_limits.h"
#include "domain/service.h"
#include "core/verbs.h"
#include "core/ask.h"

/* Values people read in local time: timestamps, timed dues, reminders. */
static int shown_local(const struct crm_field *fd)
{
	return fd->type == CRM_T_TIMESTAMP || fd->type == CRM_T_WHEN || (fd->flags & CRM_F_TIME);
}

/* ------------------------------------------------------- plan (dry run) */

static const char *shown(const char *v)
{
	return v ? v : "(empty)";
}

/* In a dry run every change is printed as it is planned; the run then rolls back. */
static int planning(struct crm_ctx *ctx)
{
	return ctx->o.dry_run;
}

static void plan_record(struct crm_ctx *ctx, const char *op, long long id)
{
	if (!planning(ctx))
		return;
	char *label = db_label(ctx->db, ctx->s, id);
	printf("%s %s %lld%s%s\n", op, ctx->ent->name, id, label && *label ? ": " : "",
	       label && *label ? label : "");
	free(label);
}

/* ----------------------------------------------------- the write core */

static int check_unique(struct crm_ctx *ctx, int f, const char *v, long long id, char **err)
{
	if (!(ctx->s->fields[f].flags & CRM_F_UNIQUE) || !v)
		return 0;
	long long other = db_find_unique(ctx->db, ctx->s, f, v, id);
	if (other > 0)
		*err = crm_xasprintf(_("%s: '%s' already belongs to %s %lld"),
		                     ctx->s->fields[f].name, v, crm_noun(ctx->ent, 1), other);
	return other > 0 ? -1 : 0;
}

static int check_required(struct crm_ctx *ctx, int f, const char *v, char **err)
{
	if ((ctx->s->fields[f].flags & CRM_F_REQUIRED) && !v) {
		*err = crm_xasprintf(_("%s: required"), ctx->s->fields[f].name);
		return -1;
	}
	return 0;
}

int rec_check_value(struct crm_ctx *ctx, int f, const char *v, long long id, char **err)
{
	return check_required(ctx, f, v, err) || check_unique(ctx, f, v, id, err) ? -1 : 0;
}

/* A field's default: "$VAR:x" is $VAR when set, else x. */
static const char *default_of(const struct crm_field *fd)
{
	if (!fd->dflt || fd->dflt[0] != '$')
		return fd->dflt;
	const char *colon = strchr(fd->dflt, ':');
	char *var =
	    crm_xstrndup(fd->dflt + 1, colon ? (size_t)(colon - fd->dflt - 1) : strlen(fd->dflt));
	const char *v = getenv(var);
	free(var);
	return v && *v ? v : colon ? colon + 1 : NULL;
}

static void fill_defaults(struct crm_ctx *ctx, char **vals)
{
	for (int f = 0; f < ctx->s->nfields; f++) {
		const char *name = ctx->s->fields[f].name;
		if (vals[f])
			continue;
		if (!strcmp(name, "owner"))
			vals[f] = crm_xstrdup(cli_user());
		else if (!strcmp(name, "created") || !strcmp(name, "updated"))
			vals[f] = crm_xstrdup(ctx->now);
		else if (default_of(&ctx->s->fields[f]))
			vals[f] = crm_xstrdup(default_of(&ctx->s->fields[f]));
	}
}

/* A value on one plan line: newlines and tabs escaped as in tsv. */
static void print_one_line(const char *v)
{
	for (; *v; v++)
		if (*v == '\n')
			fputs("\\n", stdout);
		else if (*v == '\t')
			fputs("\\t", stdout);
		else
			putchar(*v);
}

/* A value as the plan shows it: a reference holds an id, the plan names the record. */
static char *plan_value(struct crm_ctx *ctx, const struct crm_field *fd, const char *v)
{
	char *label =
	    fd->type == CRM_T_REF && v
	        ? db_label(ctx->db, db_schema(ctx->db, crm_entity_find(fd->ref)), atoll(v))
	        : NULL;
	return label ? label : crm_xstrdup(shown(v));
}

static void plan_add(struct crm_ctx *ctx, long long id, char **vals)
{
	if (!planning(ctx))
		return;
	printf("add %s %lld:", ctx->ent->name, id);
	for (int f = 1; f < ctx->s->nfields; f++) {
		const struct crm_field *fd = &ctx->s->fields[f];
		if (!vals[f] || (fd->flags & CRM_F_READONLY))
			continue;
		char *shown_v = plan_value(ctx, fd, vals[f]);
		printf(" %s=", fd->name);
		print_one_line(shown_v);
		free(shown_v);
	}
	printf("\n");
}

static long long create_checked(struct crm_ctx *ctx, char **vals, const char *assigned, char **err);

/* Runs after_write on a record just created; non-zero on failure (*err set if data). */
static int finish_new(struct crm_ctx *ctx, long long id, const char *assigned, char **err)
{
	char **cur = db_get(ctx->db, ctx->s, id, NULL);
	long counted = ctx->changed; /* the record counts once, as an add */
	ctx->touched = 0;
	int rc = rec_finish(ctx, id, cur, assigned, err);
	ctx->changed = counted;
	db_row_free(ctx->s, cur);
	return rc;
}

long long rec_create(struct crm_ctx *ctx, char **vals, char **err)
{
	*err = NULL;
	char *assigned = crm_xcalloc(ctx->s->nfields, 1);
	for (int f = 0; f < ctx->s->nfields; f++)
		assigned[f] = vals[f] != NULL;
	long long id = create_checked(ctx, vals, assigned, err);
	free(assigned);
	return id;
}

/* Applies the fields a pre- hook printed to vals (normal form); 0, or -1 with *err. */
static int apply_amend(struct crm_ctx *ctx, const struct crm_strv *amend, const char *hook,
                       char **vals, char **err)
{
	for (int i = 0; i + 1 < amend->n; i += 2) {
		int f = crm_schema_field(ctx->s, amend->v[i]);
		char *v = NULL, *why = NULL;
		if (f < 0 || !crm_field_settable(&ctx->s->fields[f])) {
			*err = crm_xasprintf(_("%s hook: %s has no field '%s' to set"), hook,
			                     crm_noun(ctx->ent, 1), amend->v[i]);
			return -1;
		}
		if (crm_value_normal(ctx->db, &ctx->s->fields[f], amend->v[i + 1], &v, &why) < 0) {
			*err = crm_xasprintf(_("%s hook: %s"), hook, why);
			free(why);
			return -1;
		}
		free(vals[f]);
		vals[f] = v;
	}
	return 0;
}

/* pre-add: the hook sees the record as it would be written, and may refuse or amend it. */
static int pre_add(struct crm_ctx *ctx, char **vals, char **err)
{
	struct crm_strv amend = CRM_STRV_INIT;
	int rc = hook_wanted(HOOK_ADD) ? hook_pre(ctx, HOOK_ADD, 0, NULL, vals, &amend, err) : 0;
	if (!rc && apply_amend(ctx, &amend, "pre-add", vals, err) < 0)
		rc = CRM_EXIT_DATA;
	crm_strv_release(&amend);
	return rc;
}

static void post_add(struct crm_ctx *ctx, long long id)
{
	if (!hook_wanted(HOOK_ADD))
		return;
	char **now = db_get(ctx->db, ctx->s, id, NULL);
	hook_post(ctx, HOOK_ADD, id, NULL, now);
	db_row_free(ctx->s, now);
}

static long long insert_checked(struct crm_ctx *ctx, char **vals, char **err);

static long long create_checked(struct crm_ctx *ctx, char **vals, const char *assigned, char **err)
{
	fill_defaults(ctx, vals);
	if (pre_add(ctx, vals, err))
		return 0;
	long long id = insert_checked(ctx, vals, err);
	if (!id)
		return 0;
	if (!ctx->first_new || id < ctx->first_new)
		ctx->first_new = id;
	hook_added(ctx, id);
	if (ctx->ent->after_write && finish_new(ctx, id, assigned, err))
		return 0;
	post_add(ctx, id);
	return id;
}

/*
 * A record written as vals has it, after the checks every write makes
 * (required, unique, the id free): 0, with *err when it is refused.
 */
static long long insert_checked(struct crm_ctx *ctx, char **vals, char **err)
{
	for (int f = 0; f < ctx->s->nfields; f++)
		if (rec_check_value(ctx, f, vals[f], 0, err))
			return 0;
	if (vals[0]) {
		char *deleted = NULL;
		char **old = db_get(ctx->db, ctx->s, atoll(vals[0]), &deleted);
		if (old) {
			*err = crm_xasprintf(_("id: %s %s already exists%s"), crm_noun(ctx->ent, 1),
			                     vals[0], deleted ? _(" (deleted)") : "");
			db_row_free(ctx->s, old);
			free(deleted);
			return 0;
		}
	}
	long long id = db_insert(ctx->db, ctx->s, (const char *const *)vals);
	int tags = crm_schema_field(ctx->s, "tags");
	if (!id || (tags >= 0 && vals[tags] && db_set_tags(ctx->db, ctx->s, id, vals[tags]) < 0) ||
	    db_index_new(ctx->db, ctx->s, id) < 0 ||
	    db_log(ctx->db, ctx->ent->name, id, "add", NULL, NULL, NULL) < 0) {
		crm_warn("%s", db_error(ctx->db));
		return 0;
	}
	plan_add(ctx, id, vals);
	ctx->changed++;
	return id;
}

long long rec_restore(struct crm_ctx *ctx, char **vals, char **err)
{
	*err = NULL;
	return insert_checked(ctx, vals, err);
}

static int same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

int rec_change(struct crm_ctx *ctx, long long id, char **cur, int f, const char *v, char **err)
{
	*err = NULL;
	const struct crm_field *fd = &ctx->s->fields[f];
	if (same(cur[f], v))
		return 0;
	if (rec_check_value(ctx, f, v, id, err))
		return -1;
	hook_remember(ctx, id, cur);
	/* a reference is logged and compared as the id it stores */
	char *old = cur[f];
	char *old_ref = NULL;
	if (fd->type == CRM_T_REF) {
		long long rid = db_ref_id(ctx->db, ctx->s, id, f);
		old_ref = rid ? crm_xasprintf("%lld", rid) : NULL;
		old = old_ref;
		if (same(old, v)) {
			free(old_ref);
			return 0;
		}
	}
	int rc = fd->type == CRM_T_TAGS ? db_set_tags(ctx->db, ctx->s, id, v)
	                                : db_update(ctx->db, ctx->s, id, f, v);
	if (rc == 0)
		rc = db_log(ctx->db, ctx->ent->name, id, "set", fd->name, old, v);
	if (rc < 0) {
		crm_warn("%s", db_error(ctx->db));
		free(old_ref);
		return -2;
	}
	if (planning(ctx)) {
		printf("set %s %lld: %s: ", ctx->ent->name, id, fd->name);
		print_one_line(shown(cur[f]));
		printf(" → ");
		char *shown_v = plan_value(ctx, fd, v);
		print_one_line(shown_v);
		free(shown_v);
		printf("\n");
	}
	free(old_ref);
	free(cur[f]);
	cur[f] = v ? crm_xstrdup(v) : NULL;
	ctx->touched = 1;
	return 1;
}

int rec_filter(struct crm_ctx *ctx, int argc, char **argv, const char *const *extra,
               struct crm_filter *f)
{
	int n = 0;
	while (extra && extra[n])
		n++;
	char *err = NULL;
	int rc = crm_filter_parse(ctx->db, ctx->s, argc, argv, f, &err);
	if (!rc && n)
		rc = crm_filter_parse(ctx->db, ctx->s, n, (char **)extra, f, &err);
	if (rc)
		crm_warn("%s", err);
	free(err);
	return rc;
}

int rec_field(const struct crm_ctx *ctx, const char *name)
{
	return crm_schema_field(ctx->s, name);
}

int rec_set(struct crm_ctx *ctx, long long id, char **cur, const char *name, const char *v,
            char **err)
{
	int r = rec_change(ctx, id, cur, rec_field(ctx, name), v, err);
	return r == -1 ? CRM_EXIT_DATA : r == -2 ? CRM_EXIT_DB : 0;
}

int rec_touch(struct crm_ctx *ctx, long long id)
{
	if (db_touch(ctx->db, ctx->s, id, ctx->now) < 0) {
		crm_warn("%s", db_error(ctx->db));
		return -1;
	}
	return 0;
}

int rec_read_stdin(const char *name, char **text, char **err)
{
	struct crm_buf b = CRM_BUF_INIT;
	char *where = crm_xasprintf(_("%s: standard input"), name);
	*text = NULL;
	int got = crm_buf_read_max(&b, stdin, CRM_FIELD_MAX);
	int rc = CRM_EXIT_DATA;
	if (got == CRM_READ_TOO_LONG)
		*err = crm_limit_message(0, where, CRM_FIELD_MAX, _("bytes in a field"));
	else if (got == CRM_READ_ERROR) {
		*err = crm_xasprintf(_("%s: read error: %s"), where, strerror(errno));
		rc = CRM_EXIT_DB;
	} else if (!(*err = crm_nul_in_text(b.s ? b.s : "", b.len, where)))
		rc = 0;
	while (!rc && b.len && (b.s[b.len - 1] == '\n' || b.s[b.len - 1] == '\r'))
		b.s[--b.len] = '\0';
	if (!rc && !crm_utf8_valid(crm_buf_str(&b), b.len)) {
		*err = crm_xasprintf(_("%s is not valid UTF-8"), where);
		rc = CRM_EXIT_DATA;
	} else if (!rc && b.len)
		*text = crm_buf_detach(&b);
	crm_buf_release(&b);
	free(where);
	return rc;
}

/* ----------------------------------------------------------------- add */

/* A new record's values from assignments (tags+=x as much as tags=x); free with db_row_free. */
static char **new_values(struct crm_ctx *ctx, const struct crm_assigns *as)
{
	char **vals = crm_xcalloc(ctx->s->nfields, sizeof(char *));
	for (int i = 0; i < as->n; i++) {
		const struct crm_assign *a = &as->a[i];
		char *v = crm_tags_apply(vals[a->field], a->op, a->value);
		free(vals[a->field]);
		vals[a->field] = v;
	}
	return vals;
}

/* The files of --attach, stored with a record just added: they do not count as changes. */
static int attach_all(struct crm_ctx *ctx, long long id)
{
	int rc = 0;
	for (int i = 0; !rc && i < ctx->o.attach.n; i++) {
		long counted = ctx->changed;
		rc = rec_attach(ctx, ctx->ent, id, ctx->o.attach.v[i]);
		ctx->changed = counted;
	}
	return rc;
}

/* Adds one record from parsed assignments, plus about=ref when given; prints its id. */
static int add_one(struct crm_ctx *ctx, const struct crm_assigns *as, int about, const char *ref,
                   struct crm_strv *added)
{
	char *err = NULL;
	char **vals = new_values(ctx, as);
	int rc = 0;
	if (about >= 0) {
		free(vals[about]);
		vals[about] = NULL;
		if (crm_value_normal(ctx->db, &ctx->s->fields[about], ref, &vals[about], &err) < 0)
			rc = CRM_EXIT_DATA;
	}
	long long id = rc ? 0 : rec_create(ctx, vals, &err);
	if (!id) {
		if (err)
			crm_warn("%s", err);
		rc = err ? CRM_EXIT_DATA : CRM_EXIT_DB;
	} else
		crm_strv_push_owned(added, crm_xasprintf("%lld", id));
	if (id && !rc)
		rc = attach_all(ctx, id);
	free(err);
	db_row_free(ctx->s, vals);
	return rc;
}

/* The value a new record's field starts from: the user for owner, else its default. */
static const char *start_value(const struct crm_field *fd)
{
	return !strcmp(fd->name, "owner") ? cli_user() : default_of(fd);
}

/*
 * add -i [FIELD=VALUE...]: every field asked for at a prompt, starting from
 * the values given and the defaults; the write lock is taken once all are in.
 */
static int add_asked(struct crm_ctx *ctx, struct crm_strv *words)
{
	struct crm_assigns as = {NULL, 0};
	char *err = NULL;
	int rc = 0;
	if ((rc = crm_assigns_parse(ctx->db, ctx->s, words->n, words->v, &as, &err))) {
		crm_warn("%s", err);
		free(err);
	}
	char **vals = new_values(ctx, &as);
	for (int f = 0; f < ctx->s->nfields; f++)
		if (!vals[f] && crm_field_settable(&ctx->s->fields[f]) &&
		    start_value(&ctx->s->fields[f]))
			vals[f] = crm_xstrdup(start_value(&ctx->s->fields[f]));
	if (!rc)
		rc = ask_record(ctx, vals);
	if (!rc && db_write_now(ctx->db) < 0) {
		crm_warn("%s", db_error(ctx->db));
		rc = CRM_EXIT_DB;
	}
	long long id = rc ? 0 : rec_create(ctx, vals, &err);
	if (!rc && !id) {
		if (err)
			crm_warn("%s", err);
		rc = err ? CRM_EXIT_DATA : CRM_EXIT_DB;
	}
	if (id && !rc)
		rc = attach_all(ctx, id);
	if (id && !rc && !planning(ctx))
		printf("%lld\n", id);
	free(err);
	db_row_free(ctx->s, vals);
	crm_assigns_release(&as);
	crm_strv_release(words);
	return rc;
}

/*
 * add FIELD=VALUE...; with "-", one record for each id read from standard
 * input, about it: crm-contact list tag=vip | crm-task add - subject=Call.
 */
static int verb_add(struct crm_ctx *ctx, int argc, char **argv)
{
	struct crm_assigns as = {NULL, 0};
	struct crm_strv words = CRM_STRV_INIT, refs = CRM_STRV_INIT;
	char *err = NULL;
	int from_stdin = 0, about = -1, rc = 0;
	for (int i = 0; i < argc; i++)
		if (!strcmp(argv[i], "-"))
			from_stdin = 1;
		else
			crm_strv_push(&words, argv[i]);
	if (ctx->o.interactive && from_stdin)
		rc = cli_usage_error(ctx, _("-i reads the terminal, not ids on standard input"));
	else if (ctx->o.interactive)
		return add_asked(ctx, &words);
	if (!words.n)
		rc = cli_usage_error(ctx, _("nothing to add (give field=value)"));
	if (!rc && from_stdin) {
		const char *name = ctx->o.about ? ctx->o.about : "contact";
		about = crm_schema_field(ctx->s, name);
		if (about < 0 || ctx->s->fields[about].type != CRM_T_REF)
			rc = cli_usage_error(ctx, _("--about: a %s is not about a '%s'"),
			                     crm_noun(ctx->ent, 1), name);
		char *dash = "-";
		struct crm_strv none = CRM_STRV_INIT;
		if (!rc)
			rc = cli_targets(ctx, 1, &dash, 0, &refs, &none);
		crm_strv_release(&none);
	}
	if (!rc && (rc = crm_assigns_parse(ctx->db, ctx->s, words.n, words.v, &as, &err))) {
		crm_warn("%s", err);
		free(err);
	}
	struct crm_strv added = CRM_STRV_INIT;
	if (!rc && !from_stdin)
		rc = add_one(ctx, &as, -1, NULL, &added);
	for (int i = 0; !rc && i < refs.n; i++)
		rc = add_one(ctx, &as, about, refs.v[i], &added);
	if (!rc && from_stdin && !refs.n)
		rc = CRM_EXIT_NOMATCH;
	/* the new ids, only once they all exist: a pipeline never reads an id rolled back */
	for (int i = 0; !rc && !planning(ctx) && i < added.n; i++)
		printf("%s\n", added.v[i]);
	crm_strv_release(&added);
	crm_assigns_release(&as);
	crm_strv_release(&words);
	crm_strv_release(&refs);
	return rc;
}

/* ---------------------------------------------------------- list, export */

struct list_ctx {
	struct crm_ctx *ctx;
	struct crm_printer *p;
	int *cols, ncols;
	const char **row;
	int local_time;
	char (*timebuf)[32];
};

static int list_row(void *arg, const char *const *vals)
{
	struct list_ctx *l = arg;
	for (int i = 0; i < l->ncols; i++) {
		const char *v = vals[l->cols[i]];
		if (l->local_time && v && shown_local(&l->ctx->s->fields[l->cols[i]])) {
			crm_local_time(v, l->timebuf[i], sizeof l->timebuf[i]);
			v = l->timebuf[i];
		}
		l->row[i] = v;
	}
	crm_printer_row(l->p, l->row);
	return 0;
}

/* Columns from --fields (or "all"), else the fields flagged for lists. */
static int pick_columns(struct crm_ctx *ctx, int all, int **cols, int *n)
{
	const struct crm_schema *s = ctx->s;
	*cols = crm_xcalloc(s->nfields, sizeof(int));
	*n = 0;
	if (ctx->o.fields && strcmp(ctx->o.fields, "all")) {
		struct crm_strv names = CRM_STRV_INIT;
		crm_strv_split(&names, ctx->o.fields, ',');
		if (!names.n) {
			crm_strv_release(&names);
			return cli_usage_error(ctx, _("--fields: no field named"));
		}
		/* a field may be named twice: the columns may outnumber the fields */
		*cols = crm_xrealloc(*cols,
		                     (names.n > s->nfields ? names.n : s->nfields) * sizeof(int));
		for (int i = 0; i < names.n; i++) {
			int f = crm_schema_field(s, names.v[i]);
			if (f < 0) {
				int rc = cli_usage_error(ctx, _("--fields: %s has no field '%s'"),
				                         crm_noun(ctx->ent, 1), names.v[i]);
				crm_strv_release(&names);
				return rc;
			}
			(*cols)[(*n)++] = f;
		}
		crm_strv_release(&names);
		return 0;
	}
	all = all || (ctx->o.fields && !strcmp(ctx->o.fields, "all"));
	for (int f = 0; f < s->nfields; f++)
		if (all ? !(s->fields[f].flags & CRM_F_NOEXPORT)
		        : (s->fields[f].flags & CRM_F_LIST))
			(*cols)[(*n)++] = f;
	return 0;
}

static int parse_sort(struct crm_ctx *ctx, struct db_query *q)
{
	if (!ctx->o.sort)
		return 0;
	const char *name = ctx->o.sort;
	q->sort_desc = *name == '-';
	name += q->sort_desc;
	q->sort_field = crm_schema_field(ctx->s, name);
	if (q->sort_field < 0 || ctx->s->fields[q->sort_field].type == CRM_T_TAGS)
		return cli_usage_error(ctx, _("--sort: %s has no sortable field '%s'"),
		                       crm_noun(ctx->ent, 1), name);
	return 0;
}

static int is_numeric(enum crm_type t)
{
	return t == CRM_T_ID || t == CRM_T_NUMBER || t == CRM_T_MONEY;
}

/* Streams the records of a parsed filter through a printer; sort_field -1: --sort or default. */
static int print_filtered(struct crm_ctx *ctx, struct crm_filter *f, int all,
                          enum crm_format fallback, int sort_field, int for_people)
{
	struct list_ctx l = {ctx, NULL, NULL, 0, NULL, 0, NULL};
	/* export writes references so that import finds the same records again */
	struct db_query q = {.s = ctx->s,
	                     .filter = f,
	                     .sort_field = sort_field,
	                     .limit = ctx->o.limit,
	                     .portable_refs = all};
	int rc = pick_columns(ctx, all, &l.cols, &l.ncols);
	if (!rc && cli_format(ctx, fallback) == CRM_FMT_IDS)
		l.ncols = 1, l.cols[0] = 0; /* ids means the id, whatever --fields says */
	if (!rc && sort_field < 0)
		rc = parse_sort(ctx, &q);
	if (!rc) {
		enum crm_format fmt = cli_format(ctx, fallback);
		struct crm_column *cols = crm_xcalloc(l.ncols, sizeof *cols);
		char *want = crm_xcalloc(ctx->s->nfields, 1);
		for (int i = 0; i < l.ncols; i++) {
			const struct crm_field *fd = &ctx->s->fields[l.cols[i]];
			cols[i] = (struct crm_column){fd->name, is_numeric(fd->type)};
			want[l.cols[i]] = 1;
		}
		want[0] = 1;
		q.want = want;
		l.row = crm_xcalloc(l.ncols, sizeof(char *));
		l.timebuf = crm_xcalloc(l.ncols, sizeof *l.timebuf);
		l.local_time = cli_local_times(fmt, for_people);
		l.p = crm_printer_new(fmt, stdout, ctx->o.header);
		crm_printer_begin(l.p, cols, l.ncols);
		long n = db_select(ctx->db, &q, list_row, &l);
		if (crm_printer_end(l.p) < 0)
			rc = CRM_EXIT_DB;
		if (n < 0) {
			crm_warn("%s", db_error(ctx->db));
			rc = CRM_EXIT_DB;
		} else if (n == 0 && !rc)
			rc = CRM_EXIT_NOMATCH;
		free(cols);
		free(want);
		free(l.row);
		free(l.timebuf);
	}
	free(l.cols);
	return rc;
}

int crm_print_filtered(struct crm_ctx *ctx, struct crm_filter *f, int sort_field)
{
	return print_filtered(ctx, f, 0, CRM_FMT_TSV, sort_field, 1);
}

/* list and export: stream the matching records through a printer. */
static int print_records(struct crm_ctx *ctx, int argc, char **argv, int all,
                         enum crm_format fallback)
{
	struct crm_filter f = {NULL, 0, ctx->o.deleted};
	char *err = NULL;
	int rc = crm_filter_parse(ctx->db, ctx->s, argc, argv, &f, &err);
	if (rc) {
		crm_warn("%s", err);
		free(err);
	} else
		rc = print_filtered(ctx, &f, all, fallback, -1, 0);
	crm_filter_release(&f);
	return rc;
}

/* 1 if the filter words already say something of the field of term ("status=open"). */
static int mentions(int argc, char **argv, const char *term)
{
	size_t n = strcspn(term, "=!<>~");
	for (int i = 0; i < argc; i++)
		if (!strncasecmp(argv[i], term, n) && strchr("=!<>~", argv[i][n]) && argv[i][n])
			return 1;
	return 0;
}

static int verb_list(struct crm_ctx *ctx, int argc, char **argv)
{
	const char *dflt = ctx->ent->list_where;
	if (!dflt || ctx->o.deleted || mentions(argc, argv, dflt))
		return print_records(ctx, argc, argv, 0, CRM_FMT_TSV);
	struct crm_strv words = CRM_STRV_INIT;
	for (int i = 0; i < argc; i++)
		crm_strv_push(&words, argv[i]);
	crm_strv_push(&words, dflt);
	int rc = print_records(ctx, words.n, words.v, 0, CRM_FMT_TSV);
	crm_strv_release(&words);
	return rc;
}

static int verb_export(struct crm_ctx *ctx, int argc, char **argv)
{
	if (ctx->o.render) {
		/* an interchange format: ics or vcard */
		struct crm_filter f = {NULL, 0, ctx->o.deleted};
		char *err = NULL;
		int rc = crm_filter_parse(ctx->db, ctx->s, argc, argv, &f, &err);
		if (rc) {
			crm_warn("%s", err);
			free(err);
		} else if (!strcmp(ctx->o.render, "ics"))
			rc = ctx->ent->ics_export(ctx, &f);
		else
			rc = ctx->ent->vcard_export(ctx, &f);
		crm_filter_release(&f);
		return rc;
	}
	if (ctx->o.format < 0)
		ctx->o.format = CRM_FMT_CSV;
	if (!ctx->o.sort)
		ctx->o.sort = "id";
	int rc = print_records(ctx, argc, argv, 1, CRM_FMT_CSV);
	return rc == CRM_EXIT_NOMATCH ? 0 : rc;
}

/* ----------------------------------------------------------------- show */

/* Resolves each word to a record id: a number, or a unique name. */
int rec_resolve(struct crm_ctx *ctx, int argc, char **argv, struct crm_strv *ids)
{
	for (int i = 0; i < argc; i++) {
		struct crm_strv cands = CRM_STRV_INIT;
		long long id = 0;
		int r =
		    crm_is_uint(argv[i]) ? 0 : db_resolve(ctx->db, ctx->s, argv[i], &id, &cands);
		if (r == 0)
			crm_strv_push_owned(ids, crm_is_uint(argv[i]) ? crm_xstrdup(argv[i])
			                                              : crm_xasprintf("%lld", id));
		else if (r == 2) {
			crm_warn(_("'%s' matches several %s; use the id:"), argv[i],
			         crm_noun(ctx->ent, 2));
			for (int c = 0; c < cands.n; c++)
				fprintf(stderr, "  %s\n", cands.v[c]);
		} else
			crm_warn(_("no %s '%s'"), crm_noun(ctx->ent, 1), argv[i]);
		crm_strv_release(&cands);
		if (r)
			return r == 2 ? CRM_EXIT_DATA : CRM_EXIT_NOMATCH;
	}
	return 0;
}

struct related_ctx {
	struct crm_db *db;
	const struct crm_schema *s;
	int ref_field, n;
};

/* One line per related record: id, name, then its other list fields. */
static int related_row(void *arg, const char *const *vals)
{
	struct related_ctx *r = arg;
	if (r->n == 0) /* a heading only for the kinds of records there are */
		printf("\n%s:\n", crm_noun(r->s->ent, 2));
	char *label = db_label(r->db, r->s, atoll(vals[0]));
	printf("  %s", vals[0]);
	if (label && *label)
		printf("  %s", label);
	free(label);
	for (int f = 1; f < r->s->nfields; f++) {
		unsigned fl = r->s->fields[f].flags;
		if ((fl & CRM_F_LIST) && !(fl & CRM_F_NAME) && f != r->ref_field && vals[f] &&
		    strcmp(r->s->fields[f].name, "owner")) {
			char when[32];
			if (shown_local(&r->s->fields[f]))
				crm_local_time(vals[f], when, sizeof when);
			printf("  %s", shown_local(&r->s->fields[f]) ? when : vals[f]);
		}
	}
	printf("\n");
	r->n++;
	return 0;
}

/* The 360° view: every entity that refers to this one lists its records here. */
static void show_related(struct crm_ctx *ctx, long long id)
{
	char idbuf[32];
	snprintf(idbuf, sizeof idbuf, "%lld", id);
	for (int e = 0; crm_entities[e]; e++) {
		const struct crm_schema *s = db_schema(ctx->db, crm_entities[e]);
		for (int f = 0; f < s->nfields; f++) {
			if (s->fields[f].type != CRM_T_REF ||
			    strcmp(s->fields[f].ref, ctx->ent->name))
				continue;
			/* each kind as it is best seen: open tasks, the last interactions */
			const struct crm_entity *re = crm_entities[e];
			char *words[] = {(char *)re->related_where};
			struct crm_filter flt = {NULL, 0, 0};
			char *err = NULL;
			if (re->related_where)
				crm_filter_parse(ctx->db, s, 1, words, &flt, &err);
			free(err);
			/* what points at this record by its id, not by resolving the id as a
			   name: a deleted record resolves to nothing, and "account=" would
			   list the records that point at no account at all */
			flt.terms = crm_xrealloc(flt.terms, sizeof *flt.terms * (flt.n + 1));
			flt.terms[flt.n] = (struct crm_term){.kind = CRM_TERM_FIELD,
			                                     .field = f,
			                                     .op = CRM_OP_EQ,
			                                     .values = CRM_STRV_INIT};
			crm_strv_push(&flt.terms[flt.n++].values, idbuf);
			const char *sort = re->related_sort;
			struct related_ctx r = {ctx->db, s, f, 0};
			struct db_query q = {
			    .s = s,
			    .filter = &flt,
			    .sort_field = sort ? crm_schema_field(s, sort + (*sort == '-')) : -1,
			    .sort_desc = sort && *sort == '-',
			    .limit = re->related_limit};
			db_select(ctx->db, &q, related_row, &r);
			crm_filter_release(&flt);
		}
	}
}

/* Prints a value; its later lines are indented to line up under the first. */
static void print_indented(const char *v, int indent)
{
	for (; *v; v++) {
		putchar(*v);
		if (*v == '\n' && v[1])
			printf("%*s", indent, "");
	}
}

struct track_ctx {
	const char *field;
	int n;
};

static int track_row(void *arg, const struct db_change *c)
{
	struct track_ctx *t = arg;
	if (!c->field || strcmp(c->field, t->field) || !c->new_)
		return 0;
	if (t->n++ == 0)
		printf(_("\n%s history:\n"), crm_field_label(t->field));
	char when[32];
	crm_local_time(c->at, when, sizeof when);
	printf("  %s  %s%s%s\n", when, c->old ? c->old : "", c->old ? " → " : "", c->new_);
	return 0;
}

/* The way a tracked field came to its value: an opportunity's stages, with their times. */
static void show_track(struct crm_ctx *ctx, long long id)
{
	if (!ctx->ent->track)
		return;
	struct track_ctx t = {ctx->ent->track, 0};
	db_record_changes(ctx->db, ctx->ent->name, id, track_row, &t);
}

int verb_show_one(struct crm_ctx *ctx, long long id)
{
	char *deleted = NULL;
	char **vals = db_get(ctx->db, ctx->s, id, &deleted);
	if (!vals) {
		crm_warn(_("no %s %lld"), crm_noun(ctx->ent, 1), id);
		return CRM_EXIT_NOMATCH;
	}
	/* the labels for people: the fields' names, or their translations */
	int width = (int)crm_utf8_width(crm_field_label("deleted"));
	for (int f = 0; f < ctx->s->nfields; f++)
		if ((int)crm_utf8_width(crm_field_label(ctx->s->fields[f].name)) > width)
			width = (int)crm_utf8_width(crm_field_label(ctx->s->fields[f].name));
	for (int f = 0; f < ctx->s->nfields; f++) {
		const struct crm_field *fd = &ctx->s->fields[f];
		if (!vals[f])
			continue;
		char buf[32];
		const char *v = vals[f];
		if (shown_local(fd)) {
			crm_local_time(v, buf, sizeof buf);
			v = buf;
		}
		const char *label = crm_field_label(fd->name);
		printf("%s:%*s ", label, (int)(width - (int)crm_utf8_width(label)), "");
		print_indented(v, width + 2);
		if (fd->type == CRM_T_REF)
			printf(" (%lld)", db_ref_id(ctx->db, ctx->s, id, f));
		printf("\n");
	}
	if (deleted)
		printf("%s:%*s %s\n", crm_field_label("deleted"),
		       (int)(width - (int)crm_utf8_width(crm_field_label("deleted"))), "", deleted);
	if (ctx->ent->show_more)
		ctx->ent->show_more(ctx, id, vals);
	show_track(ctx, id);
	show_related(ctx, id);
	db_row_free(ctx->s, vals);
	free(deleted);
	return 0;
}

/* show -o FMT prints the records through a printer instead of the view. */
static int show_formatted(struct crm_ctx *ctx, struct crm_strv *ids)
{
	int *cols, n, rc = pick_columns(ctx, 1, &cols, &n);
	if (rc) {
		free(cols);
		return rc;
	}
	struct crm_column *c = crm_xcalloc(n, sizeof *c);
	const char **row = crm_xcalloc(n, sizeof *row);
	for (int i = 0; i < n; i++)
		c[i] = (struct crm_column){ctx->s->fields[cols[i]].name,
		                           is_numeric(ctx->s->fields[cols[i]].type)};
	struct crm_printer *p = crm_printer_new(ctx->o.format, stdout, ctx->o.header);
	crm_printer_begin(p, c, n);
	for (int i = 0; i < ids->n && !rc; i++) {
		char **vals = db_get(ctx->db, ctx->s, atoll(ids->v[i]), NULL);
		if (!vals) {
			crm_warn(_("no %s %s"), crm_noun(ctx->ent, 1), ids->v[i]);
			rc = CRM_EXIT_NOMATCH;
			break;
		}
		for (int k = 0; k < n; k++)
			row[k] = vals[cols[k]];
		crm_printer_row(p, row);
		db_row_free(ctx->s, vals);
	}
	if (crm_printer_end(p) < 0 && !rc)
		rc = CRM_EXIT_DB;
	free(c);
	free(row);
	free(cols);
	return rc;
}

/* The 360° view of each record, or with -o FMT the records through a printer. */
static int show_records(struct crm_ctx *ctx, struct crm_strv *ids)
{
	if (ctx->o.format >= 0 && ctx->o.format != CRM_FMT_TABLE)
		return show_formatted(ctx, ids);
	/* the view is for people: what the records hold is shown, not obeyed */
	if (crm_stdout_for_people() < 0) {
		crm_warn(_("standard output: %s"), strerror(errno));
		return CRM_EXIT_DB;
	}
	int rc = 0;
	for (int i = 0; i < ids->n && !rc; i++) {
		if (i)
			printf("\n");
		rc = verb_show_one(ctx, atoll(ids->v[i]));
	}
	return rc;
}

static int verb_show(struct crm_ctx *ctx, int argc, char **argv)
{
	if (argc == 0)
		return cli_usage_error(ctx, _("which %s? give an id or a name"),
		                       crm_noun(ctx->ent, 1));
	struct crm_strv ids = CRM_STRV_INIT;
	int rc = rec_resolve(ctx, argc, argv, &ids);
	for (int i = 0; !rc && ctx->o.render && i < ids.n; i++)
		rc = ctx->ent->render(ctx, atoll(ids.v[i]), ctx->o.render);
	if (!rc && !ctx->o.render)
		rc = show_records(ctx, &ids);
	crm_strv_release(&ids);
	return rc;
}

/* ------------------------------------------------------------------ set */

/* Loads every target first, so a missing id writes nothing. */
static int load_targets(struct crm_ctx *ctx, struct crm_strv *ids, int want_deleted, char ***rows)
{
	for (int i = 0; i < ids->n; i++) {
		char *deleted = NULL;
		rows[i] = db_get(ctx->db, ctx->s, atoll(ids->v[i]), &deleted);
		int bad =
		    !rows[i] || (want_deleted == 0 && deleted) || (want_deleted == 1 && !deleted);
		if (bad)
			crm_warn(!rows[i]            ? "no %s %s"
			         : want_deleted == 0 ? "%s %s is deleted (restore it first)"
			                             : "%s %s is not deleted",
			         ctx->ent->name, ids->v[i]);
		free(deleted);
		if (bad)
			return rows[i] ? CRM_EXIT_DATA : CRM_EXIT_NOMATCH;
	}
	return 0;
}

static void free_targets(struct crm_ctx *ctx, struct crm_strv *ids, char ***rows)
{
	for (int i = 0; i < ids->n; i++)
		db_row_free(ctx->s, rows[i]);
	free(rows);
	crm_strv_release(ids);
}

/* 1 if the record's tracked stage (an opportunity's) is not what it was. */
static int stage_changed(struct crm_ctx *ctx, char **old, char **now)
{
	int f = ctx->ent->track && !strcmp(ctx->ent->track, "stage")
	            ? crm_schema_field(ctx->s, "stage")
	            : -1;
	return f >= 0 && !same(old[f], now[f]);
}

/* One pre- hook about a changed record; what it amends is set at once. */
static int pre_change(struct crm_ctx *ctx, enum hook_event ev, const char *name, long long id,
                      char **old, char **now, char **err)
{
	struct crm_strv amend = CRM_STRV_INIT;
	char *why = NULL;
	int rc = hook_pre(ctx, ev, id, old, now, &amend, &why);
	if (rc) {
		*err = why;
		why = NULL;
	}
	for (int i = 0; !rc && i + 1 < amend.n; i += 2) {
		char **vals = crm_xcalloc(ctx->s->nfields, sizeof(char *));
		int f = crm_schema_field(ctx->s, amend.v[i]);
		if (apply_amend(ctx, &(struct crm_strv){amend.v + i, 2, 2}, name, vals, err) < 0)
			rc = CRM_EXIT_DATA;
		else if ((rc = rec_change(ctx, id, now, f, vals[f], err)) >= 0)
			rc = 0;
		else
			rc = rc == -1 ? CRM_EXIT_DATA : CRM_EXIT_DB;
		db_row_free(ctx->s, vals);
	}
	free(why);
	crm_strv_release(&amend);
	return rc;
}

/*
 * A record this run changed, before it is touched: pre-modify (and
 * pre-stage-change, pre-close) may refuse or amend; the post- ones are
 * queued.  The old values are those the record had before the run first
 * changed it.
 */
static int modify_hooks(struct crm_ctx *ctx, long long id, char **err)
{
	char **old = hook_recall(ctx, id);
	if (!old)
		return 0;
	char **now = db_get(ctx->db, ctx->s, id, NULL);
	const struct {
		enum hook_event ev;
		const char *pre;
		int fires;
	} events[] = {
	    {HOOK_MODIFY, "pre-modify", 1},
	    {HOOK_STAGE_CHANGE, "pre-stage-change", stage_changed(ctx, old, now)},
	    {HOOK_CLOSE, "pre-close", crm_case_closes(ctx, old, now)},
	};
	const int nevents = (int)(sizeof events / sizeof events[0]);
	int rc = 0;
	for (int i = 0; !rc && i < nevents; i++)
		if (events[i].fires)
			rc = pre_change(ctx, events[i].ev, events[i].pre, id, old, now, err);
	/* what a hook amended is part of this change, not the start of another */
	db_row_free(ctx->s, hook_recall(ctx, id));
	if (!rc) {
		db_row_free(ctx->s, now);
		now = db_get(ctx->db, ctx->s, id, NULL);
		for (int i = 0; i < nevents; i++)
			if (events[i].fires)
				hook_post(ctx, events[i].ev, id, old, now);
	}
	db_row_free(ctx->s, old);
	db_row_free(ctx->s, now);
	return rc;
}

int rec_finish(struct crm_ctx *ctx, long long id, char **cur, const char *assigned, char **err)
{
	*err = NULL;
	if (ctx->ent->after_write) {
		char *none = assigned ? NULL : crm_xcalloc(ctx->s->nfields, 1);
		int rc = ctx->ent->after_write(ctx, id, cur, assigned ? assigned : none, err);
		free(none);
		if (rc)
			return rc;
	}
	if (!ctx->touched)
		return 0;
	int rc = modify_hooks(ctx, id, err);
	if (rc)
		return rc;
	ctx->touched = 0;
	ctx->changed++;
	return rec_touch(ctx, id) < 0 ? CRM_EXIT_DB : 0;
}

int rec_check_ids(struct crm_ctx *ctx, struct crm_strv *ids)
{
	char ***rows = crm_xcalloc(ids->n + 1, sizeof(char **));
	int rc = load_targets(ctx, ids, 0, rows);
	for (int i = 0; i < ids->n; i++)
		db_row_free(ctx->s, rows[i]);
	free(rows);
	return rc;
}

char **rec_load(struct crm_ctx *ctx, const char *id, int *rc)
{
	struct crm_strv one = CRM_STRV_INIT;
	crm_strv_push(&one, id);
	char **row = NULL;
	*rc = load_targets(ctx, &one, 0, &row);
	crm_strv_release(&one);
	if (*rc) {
		db_row_free(ctx->s, row);
		row = NULL;
	}
	return row;
}

int rec_parse_ref(struct crm_ctx *ctx, const char *word, const struct crm_entity **ent,
                  long long *id)
{
	const char *eq = strchr(word, '=');
	char *name = eq ? crm_xstrndup(word, eq - word) : NULL;
	*ent = name ? crm_entity_find(name) : NULL;
	free(name);
	if (!*ent)
		return cli_usage_error(
		    ctx, _("which record? contact=ID, account=NAME, lead=..., opp=..."));
	struct crm_strv cands = CRM_STRV_INIT;
	int r = db_resolve(ctx->db, db_schema(ctx->db, *ent), eq + 1, id, &cands);
	if (r == 2)
		crm_warn(_("'%s' matches several %s; use the id"), eq + 1, crm_noun((*ent), 2));
	else if (r)
		crm_warn(_("no %s '%s'"), crm_noun((*ent), 1), eq + 1);
	crm_strv_release(&cands);
	return r == 0 ? 0 : r == 2 ? CRM_EXIT_DATA : CRM_EXIT_NOMATCH;
}

struct crm_ctx rec_other(struct crm_ctx *ctx, const struct crm_entity *ent)
{
	struct crm_ctx other = *ctx;
	other.ent = ent;
	other.s = db_schema(ctx->db, ent);
	other.touched = 0;
	return other;
}

static int apply_assigns(struct crm_ctx *ctx, long long id, char **cur,
                         const struct crm_assigns *as, const char *assigned)
{
	ctx->touched = 0;
	for (int i = 0; i < as->n; i++) {
		const struct crm_assign *a = &as->a[i];
		char *v = ctx->s->fields[a->field].type == CRM_T_TAGS
		              ? crm_tags_apply(cur[a->field], a->op, a->value)
		              : (a->value ? crm_xstrdup(a->value) : NULL);
		char *err = NULL;
		int r = rec_change(ctx, id, cur, a->field, v, &err);
		free(v);
		if (r < 0) {
			if (err)
				crm_warn("%s %lld: %s", ctx->ent->name, id, err);
			free(err);
			return r == -1 ? CRM_EXIT_DATA : CRM_EXIT_DB;
		}
	}
	char *err = NULL;
	int rc = rec_finish(ctx, id, cur, assigned, &err);
	if (err)
		crm_warn("%s %lld: %s", ctx->ent->name, id, err);
	free(err);
	return rc;
}

int rec_set_words(struct crm_ctx *ctx, struct crm_strv *ids, int nwords, char **words)
{
	struct crm_assigns as = {NULL, 0};
	char *err = NULL;
	int rc = crm_assigns_parse(ctx->db, ctx->s, nwords, words, &as, &err);
	if (rc) {
		crm_warn("%s", err);
		free(err);
	}
	char *assigned = crm_xcalloc(ctx->s->nfields, 1);
	for (int i = 0; i < as.n; i++)
		assigned[as.a[i].field] = 1;
	char ***rows = crm_xcalloc(ids->n + 1, sizeof(char **));
	if (!rc)
		rc = load_targets(ctx, ids, 0, rows);
	for (int i = 0; !rc && i < ids->n; i++)
		rc = apply_assigns(ctx, atoll(ids->v[i]), rows[i], &as, assigned);
	for (int i = 0; i < ids->n; i++)
		db_row_free(ctx->s, rows[i]);
	free(rows);
	free(assigned);
	crm_assigns_release(&as);
	return rc;
}

static int verb_set(struct crm_ctx *ctx, int argc, char **argv)
{
	struct crm_strv ids = CRM_STRV_INIT, words = CRM_STRV_INIT;
	int rc = cli_targets(ctx, argc, argv, 0, &ids, &words);
	if (!rc && !words.n)
		rc = cli_usage_error(ctx, _("nothing to set (give field=value)"));
	if (!rc)
		rc = rec_set_words(ctx, &ids, words.n, words.v);
	if (!rc && !ids.n)
		rc = CRM_EXIT_NOMATCH;
	if (!rc && !ctx->o.quiet && !planning(ctx))
		fprintf(stderr,
		        P_("%s: %ld of %d %s changed\n", "%s: %ld of %d %s changed\n", ids.n),
		        crm_progname(), ctx->changed, ids.n, crm_noun(ctx->ent, 2));
	crm_strv_release(&ids);
	crm_strv_release(&words);
	return rc;
}

/* ---------------------------------------------------- rm, restore, purge */

/* Clears (and logs) references to a record that is about to be erased. */
static int clear_references(struct crm_ctx *ctx, long long id);

/* What depends on a record removed or restored follows it: an item's opportunity total. */
static int finish_removed(struct crm_ctx *ctx, long long id)
{
	if (!ctx->ent->after_write)
		return 0;
	char **cur = db_get(ctx->db, ctx->s, id, NULL);
	char *err = NULL;
	long counted = ctx->changed;
	ctx->touched = 0;
	int rc = rec_finish(ctx, id, cur, NULL, &err);
	ctx->changed = counted;
	if (err)
		crm_warn("%s %lld: %s", ctx->ent->name, id, err);
	free(err);
	db_row_free(ctx->s, cur);
	return rc;
}

/* pre-delete may refuse an rm or a purge; 0, or an exit code after a message. */
static int pre_delete(struct crm_ctx *ctx, long long id, char **old)
{
	struct crm_strv amend = CRM_STRV_INIT;
	char *err = NULL;
	int rc = hook_pre(ctx, HOOK_DELETE, id, old, NULL, &amend, &err);
	if (rc)
		crm_warn("%s", err);
	free(err);
	crm_strv_release(&amend);
	return rc;
}

int rec_delete(struct crm_ctx *ctx, long long id, const char *verb)
{
	int rc = 0;
	char **old = NULL;
	/* the record as it was before this run changed it (a merge frees its e-mail first) */
	if (hook_wanted(HOOK_DELETE) && strcmp(verb, "restore") && !(old = hook_recall(ctx, id)))
		old = db_get(ctx->db, ctx->s, id, NULL);
	if (old && (rc = pre_delete(ctx, id, old))) {
		db_row_free(ctx->s, old);
		return rc;
	}
	if (old)
		hook_post(ctx, HOOK_DELETE, id, old, NULL);
	db_row_free(ctx->s, old);
	plan_record(ctx, verb, id);
	if (!strcmp(verb, "rm")) {
		rc = db_set_deleted(ctx->db, ctx->s, id, ctx->now);
		if (rc == 0)
			rc = db_log(ctx->db, ctx->ent->name, id, "rm", NULL, NULL, ctx->now);
	} else if (!strcmp(verb, "restore")) {
		char *stamp = NULL;
		char **r = db_get(ctx->db, ctx->s, id, &stamp);
		rc = db_set_deleted(ctx->db, ctx->s, id, NULL);
		if (rc == 0)
			rc = db_log(ctx->db, ctx->ent->name, id, "restore", NULL, stamp, NULL);
		db_row_free(ctx->s, r);
		free(stamp);
	} else {
		rc = clear_references(ctx, id);
		if (rc > 0)
			return rc;
		if (rc == 0)
			rc = db_erase(ctx->db, ctx->s, id);
		if (rc == 0)
			rc = db_scrub_log(ctx->db, ctx->ent->name, id);
		if (rc == 0)
			rc = db_log(ctx->db, ctx->ent->name, id, "purge", NULL, NULL, NULL);
	}
	if (rc < 0) {
		crm_warn("%s", db_error(ctx->db));
		return CRM_EXIT_DB;
	}
	ctx->changed++;
	return strcmp(verb, "purge") ? finish_removed(ctx, id) : 0;
}

int rec_referrers(struct crm_ctx *ctx, long long id, rec_ref_fn fn, void *arg)
{
	char idbuf[32];
	snprintf(idbuf, sizeof idbuf, "%lld", id);
	int rc = 0;
	for (int e = 0; crm_entities[e] && rc == 0; e++) {
		const struct crm_schema *s = db_schema(ctx->db, crm_entities[e]);
		for (int f = 0; f < s->nfields && rc == 0; f++) {
			if (s->fields[f].type != CRM_T_REF ||
			    strcmp(s->fields[f].ref, ctx->ent->name))
				continue;
			struct crm_term t = {.kind = CRM_TERM_FIELD, .field = f, .op = CRM_OP_EQ};
			crm_strv_push(&t.values, idbuf);
			struct crm_filter flt = {&t, 1, 2};
			struct crm_strv refs = CRM_STRV_INIT;
			struct db_query q = {.s = s, .filter = &flt, .sort_field = -1};
			if (db_select(ctx->db, &q, cli_push_id, &refs) < 0)
				rc = -1;
			for (int i = 0; i < refs.n && rc == 0; i++)
				rc = fn(arg, s, f, atoll(refs.v[i]));
			crm_strv_release(&t.values);
			crm_strv_release(&refs);
		}
	}
	return rc;
}

struct clearing {
	struct crm_ctx *ctx;
	long long id;
};

static int clear_one_reference(void *arg, const struct crm_schema *s, int f, long long rid)
{
	struct clearing *c = arg;
	struct crm_ctx *ctx = c->ctx;
	char idbuf[32];
	snprintf(idbuf, sizeof idbuf, "%lld", c->id);
	if (s->fields[f].flags & CRM_F_OWNED) {
		/* what belongs to the record goes with it: an opp's items */
		struct crm_ctx sub = rec_other(ctx, s->ent);
		return rec_delete(&sub, rid, "purge");
	}
	if (s->fields[f].flags & CRM_F_REQUIRED) {
		crm_warn(_("%s %lld is needed by %s %lld; remove that first"),
		         crm_noun(ctx->ent, 1), c->id, crm_noun(s->ent, 1), rid);
		return CRM_EXIT_DATA;
	}
	int rc = db_update(ctx->db, s, rid, f, NULL);
	if (rc == 0)
		rc = db_log(ctx->db, s->ent->name, rid, "set", s->fields[f].name, idbuf, NULL);
	if (rc == 0)
		rc = db_touch(ctx->db, s, rid, ctx->now);
	return rc;
}

static int clear_references(struct crm_ctx *ctx, long long id)
{
	struct clearing c = {ctx, id};
	return rec_referrers(ctx, id, clear_one_reference, &c);
}

static int remove_verb(struct crm_ctx *ctx, int argc, char **argv, const char *verb)
{
	int want = !strcmp(verb, "rm") ? 0 : !strcmp(verb, "restore") ? 1 : 2;
	struct crm_strv ids = CRM_STRV_INIT, words = CRM_STRV_INIT;
	int rc = cli_targets(ctx, argc, argv, want, &ids, &words);
	if (!rc && words.n)
		rc = cli_usage_error(ctx, _("not a record id '%s'"), words.v[0]);
	char ***rows = crm_xcalloc(ids.n + 1, sizeof(char **));
	if (!rc)
		rc = load_targets(ctx, &ids, want, rows);
	for (int i = 0; !rc && i < ids.n; i++)
		rc = rec_delete(ctx, atoll(ids.v[i]), verb);
	if (!rc && !ids.n)
		rc = CRM_EXIT_NOMATCH;
	if (!rc && !ctx->o.quiet && !planning(ctx))
		fprintf(stderr, "%s: %s: %ld %s\n", crm_progname(), verb, ctx->changed,
		        ctx->changed == 1 ? ctx->ent->name : ctx->ent->plural);
	free_targets(ctx, &ids, rows);
	crm_strv_release(&words);
	return rc;
}

static int verb_rm(struct crm_ctx *ctx, int argc, char **argv)
{
	return remove_verb(ctx, argc, argv, "rm");
}

static int verb_restore(struct crm_ctx *ctx, int argc, char **argv)
{
	return remove_verb(ctx, argc, argv, "restore");
}

static int verb_purge(struct crm_ctx *ctx, int argc, char **argv)
{
	return remove_verb(ctx, argc, argv, "purge");
}

/* -------------------------------------------------------------- history */

struct history_ctx {
	struct crm_printer *p;
	int local_time;
	long n;
};

static int history_row(void *arg, const struct db_change *c)
{
	struct history_ctx *h = arg;
	char run[32], at[32];
	snprintf(run, sizeof run, "%lld", c->run);
	if (h->local_time)
		crm_local_time(c->at, at, sizeof at);
	else
		snprintf(at, sizeof at, "%s", c->at);
	const char *row[] = {run, at, c->who, c->op, c->field, c->old, c->new_};
	crm_printer_row(h->p, row);
	h->n++;
	return 0;
}

static int verb_history(struct crm_ctx *ctx, int argc, char **argv)
{
	if (argc == 0)
		return cli_usage_error(ctx, _("which %s? give an id or a name"),
		                       crm_noun(ctx->ent, 1));
	struct crm_strv ids = CRM_STRV_INIT;
	int rc = rec_resolve(ctx, argc, argv, &ids);
	static const struct crm_column cols[] = {{"run", 1},   {"when", 0}, {"who", 0}, {"op", 0},
	                                         {"field", 0}, {"old", 0},  {"new", 0}};
	enum crm_format fmt = cli_format(ctx, CRM_FMT_TSV);
	struct history_ctx h = {NULL, fmt == CRM_FMT_TABLE, 0};
	if (!rc) {
		h.p = crm_printer_new(fmt, stdout, ctx->o.header);
		crm_printer_begin(h.p, cols, 7);
		for (int i = 0; i < ids.n && !rc; i++) {
			long before = h.n;
			if (db_record_changes(ctx->db, ctx->ent->name, atoll(ids.v[i]), history_row,
			                      &h) < 0) {
				crm_warn("%s", db_error(ctx->db));
				rc = CRM_EXIT_DB;
			} else if (h.n == before)
				crm_warn(_("no %s %s"), crm_noun(ctx->ent, 1), ids.v[i]);
		}
		if (crm_printer_end(h.p) < 0 && !rc)
			rc = CRM_EXIT_DB;
		if (!rc && h.n == 0)
			rc = CRM_EXIT_NOMATCH;
	}
	crm_strv_release(&ids);
	return rc;
}

/* --------------------------------------------------------------- fields */

static void flag_names(struct crm_buf *b, unsigned flags)
{
	static const struct {
		unsigned flag;
		const char *name;
	} names[] = {{CRM_F_LIST, "list"},         {CRM_F_SEARCH, "search"},
	             {CRM_F_REQUIRED, "required"}, {CRM_F_UNIQUE, "unique"},
	             {CRM_F_READONLY, "readonly"}, {CRM_F_CUSTOM, "custom"},
	             {CRM_F_PERSONAL, "personal"}};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (flags & names[i].flag)
			crm_buf_printf(b, "%s%s", b->len ? "," : "", names[i].name);
}

static int verb_fields(struct crm_ctx *ctx, int argc, char **argv)
{
	(void)argv;
	if (argc)
		return cli_usage_error(ctx, _("fields takes no words"));
	static const struct crm_column cols[] = {
	    {"name", 0}, {"type", 0}, {"flags", 0}, {"values", 0}, {"help", 0}};
	enum crm_format fmt = cli_format(ctx, CRM_FMT_TSV);
	int table = fmt == CRM_FMT_TABLE;
	struct crm_printer *p = crm_printer_new(fmt, stdout, ctx->o.header);
	crm_printer_begin(p, cols, 5);
	for (int f = 0; f < ctx->s->nfields; f++) {
		const struct crm_field *fd = &ctx->s->fields[f];
		struct crm_buf flags = CRM_BUF_INIT;
		flag_names(&flags, fd->flags);
		struct crm_buf values = CRM_BUF_INIT;
		if (fd->choices && fd->choices[0] == '@') {
			struct crm_strv ch = CRM_STRV_INIT;
			db_choices(ctx->db, fd->choices + 1, &ch);
			for (int i = 0; i < ch.n; i++)
				crm_buf_printf(&values, "%s%s", i ? "," : "", ch.v[i]);
			crm_strv_release(&ch);
		} else
			crm_buf_puts(&values, fd->type == CRM_T_REF ? fd->ref
			                      : fd->choices         ? fd->choices
			                                            : "");
		/* the description is for people: translated in a table, as it is elsewhere */
		const char *help = fd->help && table ? _(fd->help) : fd->help;
		const char *row[] = {fd->name, crm_type_name(fd->type), crm_buf_str(&flags),
		                     values.len ? crm_buf_str(&values) : NULL, help};
		crm_printer_row(p, row);
		crm_buf_release(&flags);
		crm_buf_release(&values);
	}
	return crm_printer_end(p) < 0 ? CRM_EXIT_DB : 0;
}

/* ---------------------------------------------------- lookup and forget */

int crm_verb_lookup(struct crm_ctx *ctx, int argc, char **argv)
{
	if (argc != 1)
		return cli_usage_error(ctx, _("give one phone number or e-mail address"));
	struct crm_strv ids = CRM_STRV_INIT;
	int is_email = strchr(argv[0], '@') != NULL;
	char *key = is_email ? NULL : crm_phone_key(argv[0]);
	int rc = 0;
	if (!is_email && !key)
		rc = cli_usage_error(ctx, _("not a phone number or e-mail address '%s'"), argv[0]);
	else if (db_lookup(ctx->db, ctx->s, key, is_email ? argv[0] : NULL, &ids) < 0) {
		crm_warn("%s", db_error(ctx->db));
		rc = CRM_EXIT_DB;
	} else if (ids.n == 0) {
		crm_warn(_("no %s with %s '%s'"), crm_noun(ctx->ent, 1),
		         is_email ? _("e-mail") : _("phone"), argv[0]);
		rc = CRM_EXIT_NOMATCH;
	}
	if (!rc)
		rc = show_records(ctx, &ids);
	free(key);
	crm_strv_release(&ids);
	return rc;
}

/* What a forget erased, for the summary it prints. */
struct forgotten {
	struct crm_ctx *ctx;
	long fields, files, linked, leads;
};

static int forget_one(struct crm_ctx *ctx, long long id, char **row, struct forgotten *fg);

static int count_file(void *arg, const struct db_attachment *a)
{
	(void)a;
	++*(long *)arg;
	return 0;
}

/* A record that refers to the forgotten one: its search entry is built again
   without the person's name, which it held through the reference. */
static int reindex_referrer(void *arg, const struct crm_schema *s, int f, long long rid)
{
	struct forgotten *fg = arg;
	(void)f;
	fg->linked++;
	/* the lead the person came from is forgotten too, not only unlinked */
	if (s->ent == &crm_entity_lead && fg->ctx->ent == &crm_entity_contact &&
	    !strcmp(s->fields[f].name, "contact")) {
		struct crm_ctx lc = rec_other(fg->ctx, &crm_entity_lead);
		char **lead = db_get(lc.db, lc.s, rid, NULL);
		struct forgotten lf = {&lc, 0, 0, 0, 0};
		int rc = lead ? forget_one(&lc, rid, lead, &lf) : 0;
		db_row_free(lc.s, lead);
		fg->leads += lead != NULL;
		if (rc)
			return rc;
	}
	return db_reindex(fg->ctx->db, s, rid) < 0 ? -1 : 0;
}

/*
 * Right to erasure: personal fields and tags go, and with them their past
 * values in the change log, the command lines that quoted them, the files
 * attached, the search entries of the records that named the person, and
 * the lead the person came from; the bytes are zeroed in the file.
 */
static int forget_one(struct crm_ctx *ctx, long long id, char **row, struct forgotten *fg)
{
	int rc = db_erase_traces(ctx->db);
	plan_record(ctx, "forget", id);
	for (int f = 0; f < ctx->s->nfields && rc == 0; f++) {
		const struct crm_field *fd = &ctx->s->fields[f];
		if (!row[f] || !((fd->flags & CRM_F_PERSONAL) || fd->type == CRM_T_TAGS))
			continue;
		rc = fd->type == CRM_T_TAGS ? db_set_tags(ctx->db, ctx->s, id, NULL)
		                            : db_update(ctx->db, ctx->s, id, f, NULL);
		fg->fields++;
	}
	/* files kept about a person are personal data too: a scanned id, a signed form */
	if (rc == 0)
		rc = db_attachments(ctx->db, ctx->ent->name, id, count_file, &fg->files);
	if (rc == 0)
		rc = db_attachments_erase(ctx->db, ctx->ent->name, id);
	if (rc == 0)
		rc = db_scrub_log(ctx->db, ctx->ent->name, id);
	if (rc == 0)
		rc = db_log(ctx->db, ctx->ent->name, id, "forget", NULL, NULL, NULL);
	if (rc == 0)
		rc = db_touch(ctx->db, ctx->s, id, ctx->now);
	if (rc == 0)
		rc = rec_referrers(ctx, id, reindex_referrer, fg);
	if (rc < 0) {
		crm_warn("%s", db_error(ctx->db));
		return CRM_EXIT_DB;
	}
	if (rc)
		return rc;
	ctx->changed++;
	return 0;
}

int crm_verb_forget(struct crm_ctx *ctx, int argc, char **argv)
{
	struct crm_strv ids = CRM_STRV_INIT, words = CRM_STRV_INIT;
	int rc = cli_targets(ctx, argc, argv, 2, &ids, &words);
	if (!rc && words.n)
		rc = cli_usage_error(ctx, _("not a record id '%s'"), words.v[0]);
	char ***rows = crm_xcalloc(ids.n + 1, sizeof(char **));
	if (!rc)
		rc = load_targets(ctx, &ids, 2, rows);
	struct forgotten fg = {ctx, 0, 0, 0, 0};
	for (int i = 0; !rc && i < ids.n; i++)
		rc = forget_one(ctx, atoll(ids.v[i]), rows[i], &fg);
	if (!rc && !ids.n)
		rc = CRM_EXIT_NOMATCH;
	if (!rc && !ctx->o.quiet && !planning(ctx))
		fprintf(
		    stderr,
		    _("%s: forgot %ld %s: %ld personal fields, %ld attached files, their past "
		      "values and the commands that gave them; %ld linked records kept, no longer "
		      "found by the person's name; %ld leads forgotten too; this cannot be "
		      "undone\n"),
		    crm_progname(), ctx->changed, crm_noun(ctx->ent, ctx->changed), fg.fields,
		    fg.files, fg.linked, fg.leads);
	free_targets(ctx, &ids, rows);
	crm_strv_release(&words);
	return rc;
}

/* ----------------------------------------------------------- the table */

#define OUT CRM_O_OUTPUT
const struct crm_verb crm_generic_verbs[] = {
    {"add", verb_add, 1, CRM_O_DRYRUN | CRM_O_ABOUT | CRM_O_ATTACH | CRM_O_INTERACTIVE,
     "[-] FIELD=VALUE...", N_("add a record (one per id read with -); prints its id")},
    {"list", verb_list, 0, OUT | CRM_O_DELETED, "[FILTER...]",
     N_("list records matching a filter")},
    {"show", verb_show, 0, CRM_O_FORMAT | CRM_O_FIELDS, "ID|NAME...",
     N_("show records with their related records")},
    {"set", verb_set, 1, CRM_O_DRYRUN | CRM_O_WHERE, "ID...|-|--where TERM FIELD=VALUE...",
     N_("change fields of records")},
    {"edit", ask_edit, CRM_WRITES_AFTER_ASKING, CRM_O_DRYRUN, "ID|NAME",
     N_("change a record in $VISUAL or $EDITOR")},
    {"rm", verb_rm, 1, CRM_O_DRYRUN | CRM_O_WHERE, "ID...|-|--where TERM",
     N_("delete records (restorable)")},
    {"restore", verb_restore, 1, CRM_O_DRYRUN | CRM_O_WHERE, "ID...|-|--where TERM",
     N_("bring back deleted records")},
    {"purge", verb_purge, 1, CRM_O_DRYRUN | CRM_O_WHERE, "ID...|-|--where TERM",
     N_("erase records for good")},
    {"import", verb_import, 1, CRM_O_DRYRUN | CRM_O_IMPORT, "[FILE|-]",
     N_("add or update records from CSV")},
    {"export", verb_export, 0, OUT | CRM_O_DELETED, "[FILTER...]",
     N_("write records as CSV (or -o FMT), every field")},
    {"history", verb_history, 0, CRM_O_FORMAT, "ID|NAME...",
     N_("show the changes made to records")},
    {"fields", verb_fields, 0, CRM_O_FORMAT, "", N_("list the fields, custom ones included")},
    {NULL, NULL, 0, 0, NULL, NULL},
};
