/*
 * ask.c - `add -i`: a new record asked for field by field at a readline
 * prompt, each value checked as it is typed, references and choices
 * completed with Tab.  Ctrl-D gives up and nothing is written.
 *
 * The prompts go to standard error, so `id=$(crm-contact add -i)` still
 * gets just the id.  The run holds no lock while the person types: the write
 * lock is taken only once every field has its value.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <readline/readline.h>

#include "core/ask.h"
#include "core/grammar.h"
#include "base/i18n.h"
#include "core/verbs.h"

#define MAX_CANDIDATES 200

/* What the completion and startup hooks need: readline gives them no argument. */
static struct {
	struct crm_db *db;
	const struct crm_field *fd;
	const char *prefill;
	int gave_up;
	struct crm_strv candidates;
	int next;
} prompt;

static int prefill_line(void)
{
	if (prompt.prefill)
		rl_insert_text(prompt.prefill);
	return 0;
}

/* Ctrl-D gives up on any line, not only an empty one: values are often filled in already. */
static int give_up(int count, int key)
{
	(void)count;
	(void)key;
	prompt.gave_up = 1;
	rl_done = 1;
	return 0;
}

static char *next_candidate(const char *text, int state)
{
	(void)text; /* the candidates were chosen for it already */
	if (!state)
		prompt.next = 0;
	if (prompt.next < prompt.candidates.n)
		return strdup(prompt.candidates.v[prompt.next++]);
	return NULL;
}

/* The whole line is the value: completion offers the field's values that begin with it. */
static char **complete_value(const char *text, int start, int end)
{
	(void)start;
	(void)end;
	rl_attempted_completion_over = 1;
	crm_strv_release(&prompt.candidates);
	crm_field_values(prompt.db, prompt.fd, text, MAX_CANDIDATES, &prompt.candidates);
	rl_completion_append_character = '\0';
	return rl_completion_matches(text, next_candidate);
}

/* Says what is wrong with the typed value (NULL if nothing); *out gets its normal form. */
static char *check_value(struct crm_ctx *ctx, int f, const char *line, char **out)
{
	const struct crm_field *fd = &ctx->s->fields[f];
	char *err = NULL;
	*out = NULL;
	if (crm_value_normal(ctx->db, fd, line, out, &err) < 0)
		return err;
	if (rec_check_value(ctx, f, *out, 0, &err) < 0) {
		free(*out);
		*out = NULL;
	}
	return err;
}

/*
 * Asks for field f until the value is valid; *val holds the default on
 * entry and the value in normal form on return.  0, or 1 at Ctrl-D.
 */
static int ask_field(struct crm_ctx *ctx, int f, char **val, const char *shown)
{
	const struct crm_field *fd = &ctx->s->fields[f];
	char *label = crm_xasprintf("%s%s: ", crm_field_label(fd->name),
	                            fd->flags & CRM_F_REQUIRED ? "*" : "");
	char *typed = shown ? crm_xstrdup(shown) : NULL;
	int rc = 1;
	prompt.fd = fd;
	for (;;) {
		prompt.prefill = typed;
		char *line = readline(label);
		if (!line || prompt.gave_up) {
			free(line);
			break;
		}
		char *normal = NULL;
		char *err = check_value(ctx, f, line, &normal);
		free(typed);
		typed = line;
		if (!err) {
			free(*val);
			*val = normal;
			rc = 0;
			break;
		}
		fprintf(stderr, "%s\n", err);
		free(err);
	}
	free(typed);
	free(label);
	return rc;
}

/* What the prompt shows a field's value as: a reference by its record's name. */
static char *shown_value(struct crm_ctx *ctx, int f, const char *v)
{
	const struct crm_field *fd = &ctx->s->fields[f];
	if (!v)
		return NULL;
	if (fd->type == CRM_T_REF && crm_is_uint(v)) {
		char *name =
		    db_label(ctx->db, db_schema(ctx->db, crm_entity_find(fd->ref)), atoll(v));
		if (name && *name)
			return name;
		free(name);
	}
	return crm_xstrdup(v);
}

int ask_record(struct crm_ctx *ctx, char **vals)
{
	int rc = 0;
	prompt.db = ctx->db;
	rl_readline_name = "crm";
	rl_outstream = stderr;
	rl_attempted_completion_function = complete_value;
	rl_startup_hook = prefill_line;
	rl_bind_key(CTRL('D'), give_up);
	/* a value is one word however many spaces it holds: "Acme Ibérica S.L." */
	rl_completer_word_break_characters = (char *)"";
	if (!ctx->o.quiet)
		fprintf(stderr,
		        _("New %s: Enter keeps the value shown, Tab completes, "
		          "Ctrl-D gives up (nothing is written).\n"),
		        crm_noun(ctx->ent, 1));
	for (int f = 0; !rc && f < ctx->s->nfields; f++) {
		if (!crm_field_settable(&ctx->s->fields[f]))
			continue;
		char *shown = shown_value(ctx, f, vals[f]);
		rc = ask_field(ctx, f, &vals[f], shown);
		free(shown);
	}
	rl_startup_hook = NULL;
	rl_attempted_completion_function = NULL;
	crm_strv_release(&prompt.candidates);
	if (rc) {
		if (!ctx->o.quiet)
			fprintf(stderr, _("\n%s: nothing added\n"), crm_progname());
		return CRM_EXIT_NOMATCH;
	}
	return 0;
}
