/*
 * merge.c - `merge KEEP DROP...`: several records that are one person or
 * organisation become the one kept.  Whatever pointed at a dropped record
 * (tasks, interactions, opportunities, leads, the contacts of an account,
 * anything a descriptor's reference field names) points at the kept one,
 * and so do the dropped records' attachments; the kept record's empty
 * fields are filled from the dropped ones and their tags joined; the
 * dropped records are deleted softly.  Every record changed is finished as
 * `set` finishes one (its entity's rules, pre- and post-modify hooks, a veto
 * stopping the whole merge), and every step is an ordinary logged change,
 * so `crm undo` takes the whole merge back.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/i18n.h"
#include "base/input_limits.h"
#include "core/verbs.h"

struct merge {
	struct crm_ctx *ctx;
	long long keep, drop;
	long moved, filled, attachments;
	int failed;             /* a message was given */
	struct crm_buf kept_in; /* values of the dropped with no field left: for notes */
};

/* ------------------------------------------------------------ references */

static int move_one(void *arg, const struct crm_schema *s, int f, long long rid)
{
	struct merge *m = arg;
	struct crm_ctx sub = rec_other(m->ctx, s->ent);
	char **cur = db_get(m->ctx->db, s, rid, NULL);
	char *assigned = crm_xcalloc(s->nfields, 1);
	char keep[24], *err = NULL;
	int rc;

	snprintf(keep, sizeof(keep), "%lld", m->keep);
	rc = rec_change(&sub, rid, cur, f, keep, &err);
	if (rc == 1) {
		/* finished as `set FIELD=KEEP` would be: the entity's rules, modify hooks */
		m->moved++;
		assigned[f] = 1;
		rc = rec_finish(&sub, rid, cur, assigned, &err);
	} else {
		rc = rc == -1 ? CRM_EXIT_DATA : rc == -2 ? CRM_EXIT_DB : 0;
	}
	if (err) {
		crm_warn("%s %lld: %s", s->ent->name, rid, err);
		m->failed = 1;
	}
	free(err);
	free(assigned);
	db_row_free(s, cur);
	return rc;
}

/* ----------------------------------------------------------- attachments */

struct files {
	struct crm_strv ids, names;
};

static int collect_file(void *arg, const struct db_attachment *a)
{
	struct files *fl = arg;
	crm_strv_push_owned(&fl->ids, crm_xasprintf("%lld", a->id));
	crm_strv_push(&fl->names, a->name);
	return 0;
}

/*
 * The dropped record's files go to the kept one, each logged on the kept
 * record as "reattach" (field: the file's name, old: the dropped record,
 * new: the attachment) for crm undo to give back.
 */
static int move_attachments(struct merge *m)
{
	struct crm_ctx *ctx = m->ctx;
	struct files fl = {CRM_STRV_INIT, CRM_STRV_INIT};
	char from[24];
	int rc = db_attachments(ctx->db, ctx->ent->name, m->drop, collect_file, &fl);

	snprintf(from, sizeof(from), "%lld", m->drop);
	for (int i = 0; rc == 0 && i < fl.ids.n; i++) {
		if (ctx->o.dry_run)
			printf("reattach %s %lld: %s (from %s %lld)\n", ctx->ent->name, m->keep,
			       fl.names.v[i], ctx->ent->name, m->drop);
		rc = db_attachment_move(ctx->db, atoll(fl.ids.v[i]), m->keep) ? -1 : 0;
		if (rc == 0)
			rc = db_log(ctx->db, ctx->ent->name, m->keep, "reattach", fl.names.v[i],
			            from, fl.ids.v[i]);
		m->attachments += rc == 0;
	}
	crm_strv_release(&fl.ids);
	crm_strv_release(&fl.names);
	if (rc < 0) {
		crm_warn("%s", db_error(ctx->db));
		return CRM_EXIT_DB;
	}
	return 0;
}

/* ---------------------------------------------------------------- fields */

/* A field's value as rec_change takes it: a reference as its id, not its name. */
static char *value_of(struct crm_ctx *ctx, long long id, char **cur, int f)
{
	if (ctx->s->fields[f].type == CRM_T_REF) {
		long long rid = db_ref_id(ctx->db, ctx->s, id, f);
		return rid ? crm_xasprintf("%lld", rid) : NULL;
	}
	return cur[f] ? crm_xstrdup(cur[f]) : NULL;
}

/* 1 if the kept record holds v already, in any field of f's type (email,
   email2), case and accents aside: "garcia" is not news next to "García". */
static int kept_already(const struct crm_schema *s, char **keep, int f, const char *v)
{
	char *want = crm_fold(v);
	int found = 0;
	for (int g = 0; g < s->nfields && !found; g++) {
		if (s->fields[g].type != s->fields[f].type || !keep[g])
			continue;
		char *have = crm_fold(keep[g]);
		found = !strcmp(have, want);
		free(have);
	}
	free(want);
	return found;
}

/* Where a value of field f goes in the kept record: f if empty, else an empty
   field of the same type a person may set (a second address, a second phone). */
static int free_slot(const struct crm_schema *s, char **keep, int f)
{
	if (!keep[f])
		return f;
	if (s->fields[f].type == CRM_T_TEXT || s->fields[f].type == CRM_T_REF)
		return -1;
	for (int g = 0; g < s->nfields; g++)
		if (g != f && s->fields[g].type == s->fields[f].type && !keep[g] &&
		    crm_field_settable(&s->fields[g]))
			return g;
	return -1;
}

/*
 * Keeps the dropped record's value of field f in the kept one: in f when it
 * is empty, else in an empty field of the same type, else (said once, in
 * the kept record's notes) as a line of its own; a value the kept record
 * has already, in any case, is not kept twice.  Tags are joined.  A unique
 * value (an e-mail address) leaves the dropped record first: even deleted,
 * it would still hold it.
 */
static int fill_one(struct merge *m, char **keep, char **drop, int f, char **err)
{
	struct crm_ctx *ctx = m->ctx;
	const struct crm_field *fd = &ctx->s->fields[f];
	char *v;
	int rc = 0;

	if (fd->type == CRM_T_TAGS) {
		char *both = crm_xasprintf("%s,%s", keep[f] ? keep[f] : "", drop[f]);
		v = crm_tags_normal(both);
		free(both);
		rc = rec_change(ctx, m->keep, keep, f, v, err);
		free(v);
		return rc;
	}
	if (!strcmp(fd->name, "notes") || kept_already(ctx->s, keep, f, drop[f]))
		return 0;
	int to = free_slot(ctx->s, keep, f);
	if (to < 0) {
		crm_buf_printf(&m->kept_in, "\n%s: %s", fd->name, drop[f]);
		return 0;
	}
	v = value_of(ctx, m->drop, drop, f);
	if (fd->flags & CRM_F_UNIQUE)
		rc = rec_change(ctx, m->drop, drop, f, NULL, err);
	if (rc >= 0)
		rc = rec_change(ctx, m->keep, keep, to, v, err);
	m->filled += rc == 1;
	free(v);
	return rc;
}

/*
 * The kept record's notes gain the dropped record's notes and the values
 * that found no field, under a line naming where they come from.
 */
static int keep_notes(struct merge *m, char **keep, char **drop, char **err)
{
	struct crm_ctx *ctx = m->ctx;
	int f = crm_schema_field(ctx->s, "notes");
	const char *theirs = drop[f];
	if (f < 0 || (!m->kept_in.len && (!theirs || (keep[f] && strstr(keep[f], theirs)))))
		return 0;
	struct crm_buf b = CRM_BUF_INIT;
	if (keep[f])
		crm_buf_printf(&b, "%s\n\n", keep[f]);
	crm_buf_printf(&b, "Merged from %s %lld:%s", ctx->ent->name, m->drop,
	               m->kept_in.len ? crm_buf_str(&m->kept_in) : "");
	if (theirs && !(keep[f] && strstr(keep[f], theirs)))
		crm_buf_printf(&b, "\n%s", theirs);
	int rc = rec_change(ctx, m->keep, keep, f, crm_buf_str(&b), err);
	m->filled += rc == 1;
	crm_buf_release(&b);
	return rc;
}

static int fill_fields(struct merge *m, char **keep, char **drop)
{
	struct crm_ctx *ctx = m->ctx;
	char *err = NULL;
	int rc = 0;

	m->kept_in.len = 0;
	for (int f = 0; f < ctx->s->nfields && rc >= 0; f++) {
		if (crm_field_settable(&ctx->s->fields[f]) && drop[f])
			rc = fill_one(m, keep, drop, f, &err);
	}
	if (rc >= 0)
		rc = keep_notes(m, keep, drop, &err);
	if (rc == -1) {
		crm_warn("%s %lld: %s", ctx->ent->name, m->keep, err);
		m->failed = 1;
	}
	free(err);
	return rc < 0 ? rc : 0;
}

/* ----------------------------------------------------------- one merge */

static int load(struct crm_ctx *ctx, long long id, char ***row)
{
	char *deleted = NULL;

	*row = db_get(ctx->db, ctx->s, id, &deleted);
	if (!*row) {
		crm_warn(_("no %s %lld"), crm_noun(ctx->ent, 1), id);
		return CRM_EXIT_NOMATCH;
	}
	if (deleted) {
		crm_warn(_("%s %lld is deleted (restore it first)"), crm_noun(ctx->ent, 1), id);
		free(deleted);
		return CRM_EXIT_DATA;
	}
	return 0;
}

/*
 * The kept record, filled: finished as `set` finishes a record (modify
 * hooks), and its updated stamp set even when no field changed, since what
 * refers to it did.
 */
static int finish_keep(struct merge *m, char **keep)
{
	struct crm_ctx *ctx = m->ctx;
	char *err = NULL;
	int filled = ctx->touched, rc;

	rc = rec_finish(ctx, m->keep, keep, NULL, &err);
	if (err)
		crm_warn("%s %lld: %s", ctx->ent->name, m->keep, err);
	free(err);
	if (!rc && !filled && rec_touch(ctx, m->keep))
		rc = CRM_EXIT_DB;
	return rc;
}

static int merge_one(struct merge *m)
{
	struct crm_ctx *ctx = m->ctx;
	char **keep = NULL, **drop = NULL;
	int rc = load(ctx, m->keep, &keep);

	if (!rc)
		rc = load(ctx, m->drop, &drop);
	/* filled first: what moves is checked against the kept record as it will be
	   (a lead's partner must be a partner: the type may come from the dropped) */
	ctx->touched = 0;
	if (!rc)
		rc = fill_fields(m, keep, drop);
	if (rc < 0)
		rc = m->failed ? CRM_EXIT_DATA : CRM_EXIT_DB;
	if (!rc)
		rc = rec_referrers(ctx, m->drop, move_one, m);
	if (rc == -1) {
		crm_warn("%s", db_error(ctx->db));
		rc = CRM_EXIT_DB;
	}
	if (!rc)
		rc = move_attachments(m);
	if (!rc)
		rc = rec_delete(ctx, m->drop, "rm");
	if (!rc)
		rc = finish_keep(m, keep);
	db_row_free(ctx->s, keep);
	db_row_free(ctx->s, drop);
	return rc;
}

/* ------------------------------------------------------------- the verb */

/*
 * Pairs "KEEP<TAB>DROP..." from stdin, as dupes prints them; a header line is
 * skipped.  Lines of one id each (list -o ids) name one group: the first is
 * kept and the others merged into it.
 */
static int pairs_from_stdin(struct crm_strv *keeps, struct crm_strv *drops)
{
	struct crm_strv group = CRM_STRV_INIT;
	struct crm_buf buf = CRM_BUF_INIT;
	long no = 0;
	int rc = 0, got;

	while (!rc && (got = crm_read_line_max(stdin, &buf, CRM_LINE_MAX)) != 0) {
		struct crm_strv f = CRM_STRV_INIT;
		char *line = buf.s, *why;
		no++;
		if ((why = got == CRM_READ_TOO_LONG
		               ? crm_limit_message(no, NULL, CRM_LINE_MAX, _("bytes in a line"))
		           : got > 0 ? crm_nul_check(buf.s, buf.len, no, NULL)
		                     : crm_xasprintf("read error: %s", strerror(errno)))) {
			crm_warn(_("stdin %s"), why);
			free(why);
			rc = got == CRM_READ_ERROR ? CRM_EXIT_DB : CRM_EXIT_DATA;
			break;
		}
		line[strcspn(line, "\r\n")] = '\0';
		crm_strv_split(&f, line, '\t');
		if (f.n == 1 && strchr(line, ',')) {
			crm_strv_release(&f);
			crm_strv_split(&f, line, ',');
		}
		if (f.n >= 2 && crm_is_uint(f.v[0]) && crm_is_uint(f.v[1])) {
			crm_strv_push(keeps, f.v[0]);
			crm_strv_push(drops, f.v[1]);
		} else if (f.n == 1 && crm_is_uint(f.v[0])) {
			crm_strv_push(&group, f.v[0]);
		} else if (f.n && !(no == 1 && !crm_is_uint(f.v[0]))) {
			crm_warn(_("stdin line %ld: not a pair of record ids '%s'"), no, line);
			rc = CRM_EXIT_DATA;
		}
		crm_strv_release(&f);
	}
	for (int i = 1; i < group.n; i++) {
		crm_strv_push(keeps, group.v[0]);
		crm_strv_push(drops, group.v[i]);
	}
	crm_strv_release(&group);
	crm_buf_release(&buf);
	return rc;
}

static int pairs_from_args(struct crm_ctx *ctx, int argc, char **argv, struct crm_strv *keeps,
                           struct crm_strv *drops)
{
	if (argc == 1 && !strcmp(argv[0], "-"))
		return pairs_from_stdin(keeps, drops);
	if (argc < 2)
		return cli_usage_error(
		    ctx, _("name the record to keep and at least one to merge into it"));
	for (int i = 0; i < argc; i++)
		if (!crm_is_uint(argv[i]))
			return cli_usage_error(ctx, _("not a record id '%s'"), argv[i]);
	for (int i = 1; i < argc; i++) {
		crm_strv_push(keeps, argv[0]);
		crm_strv_push(drops, argv[i]);
	}
	return 0;
}

/* The summary on stderr; attachments are named only when some moved. */
static void report(const struct merge *m, long merged)
{
	const struct crm_ctx *ctx = m->ctx;

	/* TRANSLATORS: "crm-contact: merged 2 contacts: 3 references moved, 1 field filled" */
	fprintf(stderr, "%s: %s", crm_progname(), ctx->o.dry_run ? _("dry run: ") : "");
	fprintf(stderr, P_("merged %ld %s: ", "merged %ld %s: ", merged), merged,
	        crm_noun(ctx->ent, merged));
	fprintf(stderr, P_("%ld reference moved", "%ld references moved", m->moved), m->moved);
	fprintf(stderr, P_(", %ld field filled", ", %ld fields filled", m->filled), m->filled);
	if (m->attachments)
		fprintf(stderr,
		        P_(", %ld attachment moved", ", %ld attachments moved", m->attachments),
		        m->attachments);
	fputc('\n', stderr);
}

/* Where a record merged earlier in this run went: A<-B then B<-C keeps A. */
static long long final_keep(const struct crm_strv *keeps, const struct crm_strv *drops, int upto,
                            long long id)
{
	for (int again = 1; again;) {
		again = 0;
		for (int i = 0; i < upto; i++)
			if (atoll(drops->v[i]) == id) {
				id = atoll(keeps->v[i]);
				again = 1;
			}
	}
	return id;
}

int crm_verb_merge(struct crm_ctx *ctx, int argc, char **argv)
{
	struct crm_strv keeps = CRM_STRV_INIT, drops = CRM_STRV_INIT;
	struct merge m = {.ctx = ctx};
	long merged = 0;
	int rc = pairs_from_args(ctx, argc, argv, &keeps, &drops);

	for (int i = 0; !rc && i < drops.n; i++) {
		m.keep = final_keep(&keeps, &drops, i, atoll(keeps.v[i]));
		m.drop = final_keep(&keeps, &drops, i, atoll(drops.v[i]));
		if (m.keep == m.drop) {
			if (atoll(keeps.v[i]) == atoll(drops.v[i]))
				rc = cli_usage_error(ctx, _("%s %lld cannot be merged into itself"),
				                     crm_noun(ctx->ent, 1), m.keep);
			continue;
		}
		rc = merge_one(&m);
		merged++;
	}
	if (!rc && !merged && !drops.n)
		rc = CRM_EXIT_NOMATCH;
	if (!rc && !ctx->o.quiet)
		report(&m, merged);
	crm_buf_release(&m.kept_in);
	crm_strv_release(&keeps);
	crm_strv_release(&drops);
	return rc;
}
