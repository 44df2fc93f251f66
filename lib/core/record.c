/*
 * record.c - the write core: every record any verb writes is created,
 * changed, deleted or restored here, checked against its descriptor, with
 * its hooks run, its change logged and its entity's rules applied.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/behaviour.h"
#include "core/hooks.h"
#include "base/i18n.h"
#include "base/input_limits.h"
#include "core/verbs.h"

/* ------------------------------------------------------- plan (dry run) */

static const char *shown(const char *v)
{
	return v ? v : "(empty)";
}

/* In a dry run every change is printed as it is planned; the run then rolls back. */
int rec_planning(struct crm_ctx *ctx)
{
	return ctx->o.dry_run;
}

void rec_plan(struct crm_ctx *ctx, const char *op, long long id)
{
	if (!rec_planning(ctx))
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
const char *rec_default(const struct crm_field *fd)
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
		if (ctx->s->fields[f].flags & CRM_F_USER)
			vals[f] = crm_xstrdup(cli_user());
		else if (!strcmp(name, "created") || !strcmp(name, "updated"))
			vals[f] = crm_xstrdup(ctx->now);
		else if (rec_default(&ctx->s->fields[f]))
			vals[f] = crm_xstrdup(rec_default(&ctx->s->fields[f]));
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
	if (!rec_planning(ctx))
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

/*
 * An owner who is no user yet becomes one in the same run (undo takes both
 * back): login and name as written, the default role.  Restore does not
 * come here: a dump brings its users.
 */
int rec_user(struct crm_ctx *ctx, const char *login, char **err)
{
	/* an import names one owner on every line: asked of the database once
	   (a run removes no user it then names) */
	if (!strcmp(ctx->user_seen, login))
		return 0;
	struct crm_ctx uc = rec_other(ctx, &crm_entity_user);
	int lf = crm_schema_field(uc.s, "login"), nf = crm_schema_field(uc.s, "name");
	long long id = db_find_unique(ctx->db, uc.s, lf, login, 0);
	if (id < 0)
		crm_warn("%s", db_error(ctx->db));
	if (id > 0 && strlen(login) < sizeof ctx->user_seen)
		strcpy(ctx->user_seen, login);
	if (id != 0)
		return id < 0 ? -1 : 0;
	char **vals = crm_xcalloc((size_t)uc.s->nfields, sizeof *vals);
	vals[lf] = crm_xstrdup(login);
	vals[nf] = crm_xstrdup(login);
	fill_defaults(&uc, vals);
	id = insert_checked(&uc, vals, err);
	db_row_free(uc.s, vals);
	return id ? 0 : -1;
}

static int ensure_user(struct crm_ctx *ctx, int f, const char *login, char **err)
{
	return login && (ctx->s->fields[f].flags & CRM_F_USER) ? rec_user(ctx, login, err) : 0;
}

static int ensure_users(struct crm_ctx *ctx, char **vals, char **err)
{
	for (int f = 0; f < ctx->s->nfields; f++)
		if (ensure_user(ctx, f, vals[f], err) < 0)
			return -1;
	return 0;
}

static long long create_checked(struct crm_ctx *ctx, char **vals, const char *assigned, char **err)
{
	fill_defaults(ctx, vals);
	if (pre_add(ctx, vals, err) || ensure_users(ctx, vals, err) < 0)
		return 0;
	long long id = insert_checked(ctx, vals, err);
	if (!id)
		return 0;
	if (!ctx->first_new || id < ctx->first_new)
		ctx->first_new = id;
	hook_added(ctx, id);
	if (crm_entity_ops(ctx->ent)->after_write && finish_new(ctx, id, assigned, err))
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
	if (ensure_user(ctx, f, v, err) < 0)
		return *err ? -1 : -2;
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
	if (rec_planning(ctx)) {
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

/* ------------------------------------------------------------------ set */

/* Loads every target first, so a missing id writes nothing. */
int rec_load_targets(struct crm_ctx *ctx, struct crm_strv *ids, int want_deleted, char ***rows)
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

void rec_free_targets(struct crm_ctx *ctx, struct crm_strv *ids, char ***rows)
{
	for (int i = 0; i < ids->n; i++)
		db_row_free(ctx->s, rows[i]);
	free(rows);
	crm_strv_release(ids);
}

/* 1 if the record's stage (an opportunity's: its descriptor's .stage) is not what it was. */
static int stage_changed(struct crm_ctx *ctx, char **old, char **now)
{
	int f = ctx->ent->stage ? crm_schema_field(ctx->s, ctx->ent->stage) : -1;
	return f >= 0 && !same(old[f], now[f]);
}

/* 1 if the change closes the record: its descriptor's .closes ("status=closed") becomes true. */
static int closes(struct crm_ctx *ctx, char **old, char **now)
{
	const char *c = ctx->ent->closes;
	if (!c)
		return 0;
	char *name = crm_xstrndup(c, strcspn(c, "="));
	int f = crm_schema_field(ctx->s, name);
	const char *want = c + strlen(name) + (c[strlen(name)] == '=');
	free(name);
	return f >= 0 && now[f] && !strcmp(now[f], want) && !(old[f] && !strcmp(old[f], want));
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
	    {HOOK_CLOSE, "pre-close", closes(ctx, old, now)},
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
	if (crm_entity_ops(ctx->ent)->after_write) {
		char *none = assigned ? NULL : crm_xcalloc(ctx->s->nfields, 1);
		int rc = crm_entity_ops(ctx->ent)->after_write(ctx, id, cur,
		                                               assigned ? assigned : none, err);
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
	int rc = rec_load_targets(ctx, ids, 0, rows);
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
	*rc = rec_load_targets(ctx, &one, 0, &row);
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
		rc = rec_load_targets(ctx, ids, 0, rows);
	for (int i = 0; !rc && i < ids->n; i++)
		rc = apply_assigns(ctx, atoll(ids->v[i]), rows[i], &as, assigned);
	for (int i = 0; i < ids->n; i++)
		db_row_free(ctx->s, rows[i]);
	free(rows);
	free(assigned);
	crm_assigns_release(&as);
	return rc;
}

/* ---------------------------------------------------- rm, restore, purge */

/* Clears (and logs) references to a record that is about to be erased. */
static int clear_references(struct crm_ctx *ctx, long long id);

/* What depends on a record removed or restored follows it: an item's opportunity total. */
static int finish_removed(struct crm_ctx *ctx, long long id)
{
	if (!crm_entity_ops(ctx->ent)->after_write)
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
	rec_plan(ctx, verb, id);
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
