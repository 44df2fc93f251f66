/*
 * edit.c - `edit ID`: a record in $VISUAL or $EDITOR as "field: value"
 * lines.  What changed is written when the editor exits; a value that does
 * not pass brings the file back with the reason on top, as crontab -e does.
 *
 * No lock is held while the editor is open, which may be for hours.  At
 * write time the record is read again: a field changed meanwhile by someone
 * else, that the editor also changed, is a conflict shown in the file;
 * fields only one side changed merge.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/ask.h"
#include "core/grammar.h"
#include "core/hooks.h"
#include "base/i18n.h"
#include "base/input_limits.h"
#include "core/verbs.h"

/* One round of editing: the file, what it held when the editor opened it, the record then. */
struct draft {
	struct crm_ctx *ctx;
	long long id;
	char *path;
	char *written; /* the file's text as given to the editor */
	char **base;   /* the record as that text shows it */
	char **typed;  /* per field, the text the last file gave it (NULL: none) */
	char **merged; /* after a conflict: what the file shows next, else NULL */
};

static void free_values(int n, char **v)
{
	for (int i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

/* ------------------------------------------------------------ the file */

void ask_draft_value(struct crm_buf *b, const char *name, const char *v)
{
	crm_buf_printf(b, "%s:", name);
	if (v && *v)
		crm_buf_putc(b, ' ');
	/* more lines of a value follow indented by one space, as in a mail header */
	for (const char *p = v ? v : ""; *p; p++) {
		crm_buf_putc(b, *p);
		if (*p == '\n')
			crm_buf_putc(b, ' ');
	}
	crm_buf_putc(b, '\n');
}

/* The text the editor opens: a header, problems to fix, then every field. */
static char *draft_text(struct draft *d, const char *problems, const char *body)
{
	struct crm_ctx *ctx = d->ctx;
	struct crm_buf b = CRM_BUF_INIT;
	char *name = db_label(ctx->db, ctx->s, d->id);
	crm_buf_printf(&b, "# %s %lld%s%s\n", crm_noun(ctx->ent, 1), d->id,
	               name && *name ? ": " : "", name ? name : "");
	free(name);
	/* TRANSLATORS: every line begins with "# ": the editor's file does not read them */
	crm_buf_puts(&b,
	             _("# Change the values and save.  An empty value clears a field; lines\n"
	               "# that begin with a space go on with the value above; lines that\n"
	               "# begin with '#' are not read.  Quit without saving to change nothing.\n"));
	for (const char *p = problems; p && *p;) {
		size_t n = strcspn(p, "\n");
		crm_buf_printf(&b, _("# ERROR: %.*s\n"), (int)n, p);
		p += n + (p[n] == '\n');
	}
	if (body) {
		crm_buf_puts(&b, body);
		return crm_buf_detach(&b);
	}
	char **shown = d->merged ? d->merged : d->base;
	for (int f = 0; f < ctx->s->nfields; f++)
		if (crm_field_settable(&ctx->s->fields[f]))
			ask_draft_value(&b, ctx->s->fields[f].name, shown[f]);
	for (int f = 0; f < ctx->s->nfields; f++)
		if (!crm_field_settable(&ctx->s->fields[f]) && d->base[f])
			crm_buf_printf(&b, "# %s: %s\n", ctx->s->fields[f].name, d->base[f]);
	return crm_buf_detach(&b);
}

/* The user's part of a file: what follows the header and the problems we put on top. */
static const char *draft_body(const char *text)
{
	const char *p = text;
	while (*p == '#') {
		const char *nl = strchr(p, '\n');
		if (!nl)
			return p + strlen(p);
		p = nl + 1;
	}
	return p;
}

static int write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	int bad = fputs(text, f) == EOF;
	return fclose(f) != 0 || bad ? -1 : 0;
}

/*
 * The file the editor left (malloc'd), or NULL with *why set when it cannot
 * be a draft (too long, or a NUL byte) or with errno when it cannot be read.
 */
static char *read_file(const char *path, char **why)
{
	*why = NULL;
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	struct crm_buf b = CRM_BUF_INIT;
	int got = crm_buf_read_max(&b, f, CRM_LINE_MAX);
	fclose(f);
	if (got == CRM_READ_TOO_LONG)
		*why = crm_limit_message(0, NULL, CRM_LINE_MAX, _("bytes in a draft"));
	else if (got == 0)
		*why = crm_nul_in_text(crm_buf_str(&b), b.len, NULL);
	if (got != 0 || *why) {
		crm_buf_release(&b);
		return NULL;
	}
	return crm_buf_detach(&b);
}

/* ---------------------------------------------------------- the editor */

/* Runs $VISUAL, else $EDITOR, else vi on path, as a shell word list (EDITOR="code -w"). */
static int run_editor(const char *path)
{
	const char *ed = getenv("VISUAL");
	if (!ed || !*ed)
		ed = getenv("EDITOR");
	if (!ed || !*ed)
		ed = "vi";
	char *cmd = crm_xasprintf("%s \"$@\"", ed);
	struct sigaction ignore = {.sa_handler = SIG_IGN}, old_int, old_quit;
	/* Ctrl-C belongs to the editor while it runs, as with system(3) */
	sigemptyset(&ignore.sa_mask);
	sigaction(SIGINT, &ignore, &old_int);
	sigaction(SIGQUIT, &ignore, &old_quit);
	pid_t pid = fork();
	if (pid == 0) {
		sigaction(SIGINT, &old_int, NULL);
		sigaction(SIGQUIT, &old_quit, NULL);
		execl("/bin/sh", "sh", "-c", cmd, ed, path, (char *)NULL);
		_exit(127);
	}
	int status = -1;
	while (pid > 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	free(cmd);
	if (pid < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		crm_warn(_("the editor (%s) %s; nothing written"), ed,
		         pid < 0             ? _("could not be started")
		         : WIFEXITED(status) ? _("failed")
		                             : _("was stopped"));
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------- reading */

/* The field a "name: value" line sets, or -1 with the reason added to problems. */
static int line_field(const struct crm_schema *s, const char *line, size_t n, const char *given,
                      struct crm_buf *problems)
{
	const char *colon = memchr(line, ':', n);
	char *raw = crm_xstrndup(line, colon ? (size_t)(colon - line) : n);
	char *name = crm_trim(raw);
	int f = colon ? crm_schema_field(s, name) : -1;
	if (!colon)
		crm_buf_printf(problems, _("'%s' is not a \"field: value\" line\n"), name);
	else if (f < 0)
		crm_buf_printf(problems, _("'%s' is not a field of a %s\n"), name,
		               crm_noun(s->ent, 1));
	else if (!crm_field_settable(&s->fields[f]))
		crm_buf_printf(problems, _("%s cannot be changed\n"), name);
	else if (given[f])
		crm_buf_printf(problems, _("%s is given twice\n"), name);
	if (f >= 0 && (!crm_field_settable(&s->fields[f]) || given[f]))
		f = -1;
	free(raw);
	free(name);
	return f;
}

static void goes_on_no_field(const char *line, size_t n, struct crm_buf *problems)
{
	char *t = crm_xstrndup(line, n), *shown = crm_trim(t);
	if (*shown)
		crm_buf_printf(problems, _("'%s' goes on no field\n"), shown);
	free(t);
	free(shown);
}

/*
 * The value gathered for field f (if any) becomes its text, unless it is
 * longer than a field may be.  Gathered in one buffer, so that a value of
 * many lines costs time in proportion to its length.
 */
static void end_value(const struct crm_schema *s, int f, struct crm_buf *value, char **fields,
                      struct crm_buf *problems)
{
	if (f >= 0 && value->len > CRM_FIELD_MAX) {
		char *msg =
		    crm_limit_message(0, s->fields[f].name, CRM_FIELD_MAX, _("bytes in a field"));
		crm_buf_printf(problems, "%s\n", msg);
		free(msg);
	} else if (f >= 0) {
		fields[f] = crm_xstrdup(crm_buf_str(value));
	}
	crm_buf_reset(value);
}

void ask_draft_fields(const struct crm_schema *s, const char *text, char **fields,
                      struct crm_buf *problems)
{
	char *given = crm_xcalloc(s->nfields, 1);
	struct crm_buf value = CRM_BUF_INIT;
	const char *body = draft_body(text);
	int cur = -1, bad_line = 0;
	for (const char *p = body; *p;) {
		size_t n = strcspn(p, "\n");
		if (*p == ' ' || *p == '\t') {
			/* the lines after a line in error are its own: not blamed again */
			if (cur >= 0) {
				crm_buf_putc(&value, '\n');
				crm_buf_add(&value, p + 1, n - 1);
			} else if (!bad_line)
				goes_on_no_field(p, n, problems);
		} else {
			end_value(s, cur, &value, fields, problems);
			cur = -1;
			bad_line = 0;
			if (n && *p != '#') {
				cur = line_field(s, p, n, given, problems);
				bad_line = cur < 0;
			}
			if (cur >= 0) {
				const char *v = (const char *)memchr(p, ':', n) + 1;
				given[cur] = 1;
				crm_buf_add(&value, v, n - (size_t)(v - p));
			}
		}
		p += n + (p[n] == '\n');
	}
	end_value(s, cur, &value, fields, problems);
	crm_buf_release(&value);
	free(given);
}

/* ------------------------------------------------------------- writing */

static int same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

/* The edited value of field f in normal form, when it differs from the base; 1 if it does. */
static int edited_value(struct draft *d, int f, const char *text, char **out,
                        struct crm_buf *problems)
{
	char *t = crm_trim(text);
	const char *was = d->base[f];
	int changed = !same(*t ? t : NULL, was && *was ? was : NULL);
	char *err = NULL;
	*out = NULL;
	if (changed && crm_value_normal(d->ctx->db, &d->ctx->s->fields[f], t, out, &err) < 0) {
		crm_buf_printf(problems, "%s\n", err);
		free(err);
		changed = 0;
	}
	free(t);
	return changed;
}

/*
 * Fields someone else changed since the editor opened that it changed too:
 * each is a problem, and the base moves on to the record as it is now.
 */
static int conflicts(struct draft *d, char **now, const char *changed, struct crm_buf *problems)
{
	int n = 0;
	for (int f = 0; f < d->ctx->s->nfields; f++)
		if (changed[f] && !same(now[f], d->base[f])) {
			crm_buf_printf(
			    problems,
			    _("%s was changed to '%s' by someone else meanwhile; save to "
			      "put yours instead\n"),
			    d->ctx->s->fields[f].name, now[f] ? now[f] : "");
			n++;
		}
	if (n) {
		/* the next file: the editor's values where it changed them, others' elsewhere */
		int nf = d->ctx->s->nfields;
		free_values(nf, d->merged);
		d->merged = crm_xcalloc(nf, sizeof(char *));
		for (int f = 0; f < nf; f++)
			d->merged[f] = changed[f] ? crm_trim(d->typed[f])
			               : now[f]   ? crm_xstrdup(now[f])
			                          : NULL;
		db_row_free(d->ctx->s, d->base);
		d->base = now;
	}
	return n;
}

/*
 * Writes the changed fields to the record as it is now.  0 when written;
 * CRM_EXIT_DATA with problems said (nothing written: the file goes back to
 * the editor); another exit code to stop.
 */
static int write_changes(struct draft *d, char **vals, const char *changed,
                         struct crm_buf *problems)
{
	struct crm_ctx *ctx = d->ctx;
	if (db_write_now(ctx->db) < 0) {
		crm_warn("%s", db_error(ctx->db));
		return CRM_EXIT_DB;
	}
	char *deleted = NULL;
	char **now = db_get(ctx->db, ctx->s, d->id, &deleted);
	if (!now || deleted) {
		crm_warn(now ? _("%s %lld was deleted while it was being edited; nothing written")
		             : _("%s %lld was erased while it was being edited; nothing written"),
		         crm_noun(ctx->ent, 1), d->id);
		free(deleted);
		db_row_free(ctx->s, now);
		return CRM_EXIT_NOMATCH;
	}
	if (conflicts(d, now, changed, problems))
		return db_idle(ctx->db) < 0 ? CRM_EXIT_DB : CRM_EXIT_DATA;
	if (db_savepoint(ctx->db) < 0)
		return CRM_EXIT_DB;
	char *err = NULL;
	int rc = 0;
	for (int f = 0; !rc && f < ctx->s->nfields; f++)
		if (changed[f]) {
			int r = rec_change(ctx, d->id, now, f, vals[f], &err);
			rc = r == -1 ? CRM_EXIT_DATA : r == -2 ? CRM_EXIT_DB : 0;
		}
	if (!rc)
		rc = rec_finish(ctx, d->id, now, changed, &err);
	if (err)
		crm_buf_printf(problems, "%s\n", err);
	free(err);
	db_row_free(ctx->s, now);
	if (db_savepoint_end(ctx->db, rc == 0) < 0)
		return CRM_EXIT_DB;
	if (rc == CRM_EXIT_DATA) {
		/* the hooks of a write that did not happen must not run */
		hook_end_run(0);
		ctx->changed = 0;
		if (db_idle(ctx->db) < 0)
			return CRM_EXIT_DB;
	}
	return rc;
}

/*
 * Reads the file the editor left: CRM_EXIT_OK with nothing to do, -1 to
 * write vals[] where changed[] says, or CRM_EXIT_DATA with problems said.
 */
static int read_draft(struct draft *d, const char *text, char **vals, char *changed,
                      struct crm_buf *problems)
{
	int nf = d->ctx->s->nfields, n = 0;
	free_values(nf, d->typed);
	d->typed = crm_xcalloc(nf, sizeof(char *));
	ask_draft_fields(d->ctx->s, text, d->typed, problems);
	for (int f = 0; f < nf; f++) {
		free(vals[f]);
		vals[f] = NULL;
		changed[f] = d->typed[f] && edited_value(d, f, d->typed[f], &vals[f], problems);
		n += changed[f];
	}
	if (problems->len)
		return CRM_EXIT_DATA;
	return n ? -1 : CRM_EXIT_OK;
}

/* --------------------------------------------------------------- edit */

/*
 * Edits until the record is written, nothing changed, or the person gives
 * up (a file brought back with problems and left as it was).
 */
static int edit_rounds(struct draft *d)
{
	struct crm_ctx *ctx = d->ctx;
	int nf = ctx->s->nfields, rc = -1, reopened = 0;
	char **vals = crm_xcalloc(nf, sizeof(char *));
	char *changed = crm_xcalloc(nf, 1);
	char *body = NULL;
	struct crm_buf problems = CRM_BUF_INIT;
	while (rc < 0) {
		free(d->written);
		d->written = draft_text(d, crm_buf_str(&problems), body);
		crm_buf_reset(&problems);
		free_values(nf, d->merged);
		d->merged = NULL;
		if (write_file(d->path, d->written) < 0) {
			crm_warn("%s: %s", d->path, strerror(errno));
			rc = CRM_EXIT_DB;
			break;
		}
		if (run_editor(d->path) < 0) {
			rc = CRM_EXIT_DB;
			break;
		}
		char *why, *text = read_file(d->path, &why);
		if (!text) {
			crm_warn("%s: %s%s", d->path, why ? why : strerror(errno),
			         why ? _("; nothing written") : "");
			rc = why ? CRM_EXIT_DATA : CRM_EXIT_DB;
			free(why);
			break;
		}
		if (reopened && !strcmp(text, d->written)) {
			crm_warn(_("the file was left as it was; nothing written"));
			rc = CRM_EXIT_DATA;
		} else if (!crm_utf8_valid(text, strlen(text)))
			crm_buf_puts(&problems, _("the text is not UTF-8\n"));
		else if ((rc = read_draft(d, text, vals, changed, &problems)) < 0)
			rc = write_changes(d, vals, changed, &problems);
		if (problems.len && (rc < 0 || rc == CRM_EXIT_DATA)) {
			/* back to the editor with the problems on top: the person's text, unless
			   it cannot be kept (not UTF-8) or a conflict merged the record anew */
			int keep = rc == CRM_EXIT_DATA && !d->merged;
			rc = -1;
			reopened = 1;
			free(body);
			body = keep ? crm_xstrdup(draft_body(text)) : NULL;
		}
		free(text);
	}
	if (rc == 0 && !ctx->o.quiet)
		fprintf(stderr,
		        ctx->changed ? _("%s: %s %lld changed\n")
		                     : _("%s: %s %lld unchanged; nothing written\n"),
		        crm_progname(), crm_noun(ctx->ent, 1), d->id);
	crm_buf_release(&problems);
	free(body);
	free(changed);
	for (int f = 0; f < nf; f++)
		free(vals[f]);
	free(vals);
	return rc;
}

/* A private file for the draft: it holds personal data. */
static char *draft_path(struct crm_ctx *ctx, long long id)
{
	const char *tmp = getenv("TMPDIR");
	char *path = crm_xasprintf("%s/crm-%s-%lld-XXXXXX.txt", tmp && *tmp ? tmp : "/tmp",
	                           ctx->ent->name, id);
	int fd = mkstemps(path, 4);
	if (fd < 0) {
		crm_warn(_("cannot create a file to edit in %s: %s"), tmp && *tmp ? tmp : "/tmp",
		         strerror(errno));
		free(path);
		return NULL;
	}
	close(fd);
	return path;
}

int ask_edit(struct crm_ctx *ctx, int argc, char **argv)
{
	struct crm_strv ids = CRM_STRV_INIT;
	if (argc != 1)
		return cli_usage_error(ctx, _("edit takes one record: an id or a name"));
	int rc = rec_resolve(ctx, argc, argv, &ids);
	struct draft d = {.ctx = ctx};
	if (!rc) {
		char *deleted = NULL;
		d.id = atoll(ids.v[0]);
		d.base = db_get(ctx->db, ctx->s, d.id, &deleted);
		if (!d.base || deleted) {
			crm_warn(_("no %s %lld"), crm_noun(ctx->ent, 1), d.id);
			rc = CRM_EXIT_NOMATCH;
		}
		free(deleted);
	}
	/* nothing stays locked or pinned while the editor is open */
	if (!rc && db_idle(ctx->db) < 0) {
		crm_warn("%s", db_error(ctx->db));
		rc = CRM_EXIT_DB;
	}
	if (!rc && !(d.path = draft_path(ctx, d.id)))
		rc = CRM_EXIT_DB;
	if (!rc)
		rc = edit_rounds(&d);
	if (d.path)
		unlink(d.path);
	free(d.path);
	free(d.written);
	db_row_free(ctx->s, d.base);
	free_values(ctx->s->nfields, d.typed);
	free_values(ctx->s->nfields, d.merged);
	crm_strv_release(&ids);
	return rc;
}
