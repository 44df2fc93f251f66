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

#include "core/behaviour.h"
#include "core/hooks.h"
#include "base/i18n.h"
#include "base/input_limits.h"
#include "core/verbs.h"
#include "core/ask.h"

/* Values people read in local time: timestamps, timed dues, reminders. */
static int shown_local(const struct crm_field *fd)
{
	return fd->type == CRM_T_TIMESTAMP || fd->type == CRM_T_WHEN || (fd->flags & CRM_F_TIME);
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

/* A new record's first value: the running user for a user field (owner), else its default. */
static const char *start_value(const struct crm_field *fd)
{
	return fd->flags & CRM_F_USER ? cli_user() : rec_default(fd);
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
	if (id && !rc && !rec_planning(ctx))
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
		else if (i == 0 && ctx->ent->key && !strchr(argv[i], '='))
			/* add luis name=...: the first word is the key field's */
			crm_strv_push_owned(&words, crm_xasprintf("%s=%s", ctx->ent->key, argv[i]));
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
	for (int i = 0; !rc && !rec_planning(ctx) && i < added.n; i++)
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
			rc = crm_entity_ops(ctx->ent)->ics_export(ctx, &f);
		else
			rc = crm_entity_ops(ctx->ent)->vcard_export(ctx, &f);
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

/* One line per related record: id, name, then its other list fields. */
struct related_ctx {
	struct crm_db *db;
	const struct crm_schema *s;
	int ref_field, n;
};

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
	if (crm_entity_ops(ctx->ent)->show_more)
		crm_entity_ops(ctx->ent)->show_more(ctx, id, vals);
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
		rc = crm_entity_ops(ctx->ent)->render(ctx, atoll(ids.v[i]), ctx->o.render);
	if (!rc && !ctx->o.render)
		rc = show_records(ctx, &ids);
	crm_strv_release(&ids);
	return rc;
}

/* ------------------------------------------------------------------ set */

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
	if (!rc && !ctx->o.quiet && !rec_planning(ctx))
		fprintf(stderr,
		        P_("%s: %ld of %d %s changed\n", "%s: %ld of %d %s changed\n", ids.n),
		        crm_progname(), ctx->changed, ids.n, crm_noun(ctx->ent, 2));
	crm_strv_release(&ids);
	crm_strv_release(&words);
	return rc;
}

/* ---------------------------------------------------- rm, restore, purge */

static int remove_verb(struct crm_ctx *ctx, int argc, char **argv, const char *verb)
{
	int want = !strcmp(verb, "rm") ? 0 : !strcmp(verb, "restore") ? 1 : 2;
	struct crm_strv ids = CRM_STRV_INIT, words = CRM_STRV_INIT;
	int rc = cli_targets(ctx, argc, argv, want, &ids, &words);
	if (!rc && words.n)
		rc = cli_usage_error(ctx, _("not a record id '%s'"), words.v[0]);
	char ***rows = crm_xcalloc(ids.n + 1, sizeof(char **));
	if (!rc)
		rc = rec_load_targets(ctx, &ids, want, rows);
	for (int i = 0; !rc && i < ids.n; i++)
		rc = rec_delete(ctx, atoll(ids.v[i]), verb);
	if (!rc && !ids.n)
		rc = CRM_EXIT_NOMATCH;
	if (!rc && !ctx->o.quiet && !rec_planning(ctx))
		fprintf(stderr, "%s: %s: %ld %s\n", crm_progname(), verb, ctx->changed,
		        ctx->changed == 1 ? ctx->ent->name : ctx->ent->plural);
	rec_free_targets(ctx, &ids, rows);
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
	rec_plan(ctx, "forget", id);
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
		rc = rec_load_targets(ctx, &ids, 2, rows);
	struct forgotten fg = {ctx, 0, 0, 0, 0};
	for (int i = 0; !rc && i < ids.n; i++)
		rc = forget_one(ctx, atoll(ids.v[i]), rows[i], &fg);
	if (!rc && !ids.n)
		rc = CRM_EXIT_NOMATCH;
	if (!rc && !ctx->o.quiet && !rec_planning(ctx))
		fprintf(
		    stderr,
		    _("%s: forgot %ld %s: %ld personal fields, %ld attached files, their past "
		      "values and the commands that gave them; %ld linked records kept, no longer "
		      "found by the person's name; %ld leads forgotten too; this cannot be "
		      "undone\n"),
		    crm_progname(), ctx->changed, crm_noun(ctx->ent, ctx->changed), fg.fields,
		    fg.files, fg.linked, fg.leads);
	rec_free_targets(ctx, &ids, rows);
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
