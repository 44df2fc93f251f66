/*
 * transition.c - one verb for every "move these records to a state" verb
 * (done, qualify, resolve, accept, win...): the entity files describe theirs
 * as a struct crm_transition and keep only what is truly their own in its
 * callbacks.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "core/verbs.h"

int rec_one_of(const char *v, const char *const *set)
{
	for (; v && *set; set++)
		if (!strcmp(v, *set))
			return 1;
	return 0;
}

/*
 * A message of a transition's table, translated here, with its arguments.
 * The tables hold N_() literals whose conversions are the %s the callers
 * give, which the compiler cannot see through the pointer.
 */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static char *table_text(const char *msg, ...)
{
	va_list ap;
	va_start(ap, msg);
	char *s = crm_xvasprintf(_(msg), ap);
	va_end(ap);
	return s;
}
#pragma GCC diagnostic pop

/* The words that move one record (or all, when value is the same for all). */
static void build_words(struct crm_ctx *ctx, const struct crm_transition *t, const char *value,
                        struct crm_strv *given, int from_word, struct crm_strv *w)
{
	crm_strv_push_owned(w, crm_xasprintf("%s=%s", t->field, value));
	for (int k = from_word; k < given->n; k++)
		crm_strv_push(w, given->v[k]);
	if (t->reason && ctx->o.reason)
		crm_strv_push_owned(w, crm_xasprintf("%s=%s", t->reason, ctx->o.reason));
	else if (t->reason && t->clear_reason)
		crm_strv_push_owned(w, crm_xasprintf("%s=", t->reason));
	for (int k = 0; t->also && t->also[k]; k++)
		crm_strv_push(w, t->also[k]);
	for (int k = 0; t->unless_given && t->unless_given[k]; k++) {
		const char *u = t->unless_given[k];
		size_t n = strcspn(u, "=") + 1; /* "closed=" of "closed=today" */
		int given_too = 0;
		for (int j = 0; j < given->n; j++)
			given_too |= !strncmp(given->v[j], u, n);
		if (!given_too)
			crm_strv_push(w, u);
	}
}

/* Refuses a record whose field holds none of the values t leaves from. */
static int refuse_from(struct crm_ctx *ctx, const struct crm_transition *t, const char *id,
                       char **row)
{
	const char *now = row[rec_field(ctx, t->field)];
	if (rec_one_of(now, t->from))
		return 0;
	char *msg = table_text(t->refused, id, now ? now : "new", t->value);
	crm_warn("%s", msg);
	free(msg);
	return CRM_EXIT_DATA;
}

/* Writes one record of a transition that goes record by record. */
static int write_one(struct crm_ctx *ctx, const struct crm_transition *t, const char *id,
                     char **row, struct crm_strv *given)
{
	int there = t->there  ? t->there(ctx, id, row)
	            : t->stay ? rec_one_of(row[rec_field(ctx, t->field)], t->stay)
	                      : 0;
	if (there)
		return 0; /* nothing to do */
	if (t->write)
		return t->write(ctx, t, id, row);
	char *value = t->target  ? t->target(ctx, t, id)
	              : t->value ? crm_xstrdup(t->value)
	                         : crm_xstrdup(given->v[0]);
	if (!value)
		return CRM_EXIT_DATA;
	struct crm_strv one = CRM_STRV_INIT, w = CRM_STRV_INIT;
	build_words(ctx, t, value, given, !t->value, &w);
	crm_strv_push(&one, id);
	int rc = rec_set_words(ctx, &one, w.n, w.v);
	crm_strv_release(&one);
	crm_strv_release(&w);
	free(value);
	return rc;
}

int rec_transition(struct crm_ctx *ctx, int argc, char **argv, const struct crm_transition *t)
{
	struct crm_strv ids = CRM_STRV_INIT, words = CRM_STRV_INIT;
	int rc = cli_targets(ctx, argc, argv, 0, &ids, &words);
	if (!rc && words.n && !t->words) {
		char *msg = t->not_id ? table_text(t->not_id, words.v[0])
		                      : crm_xasprintf(_("not a record id '%s'"), words.v[0]);
		rc = cli_usage_error(ctx, "%s", msg);
		free(msg);
	}
	if (!rc && !t->value && !words.n)
		rc = cli_usage_error(ctx, "%s", _(t->which));
	if (!rc && !ids.n)
		rc = CRM_EXIT_NOMATCH;
	/* every record is checked before any is changed */
	char ***rows = crm_xcalloc(ids.n + 1, sizeof(char **));
	for (int i = 0; !rc && i < ids.n; i++) {
		rows[i] = t->load ? t->load(ctx, ids.v[i], &rc) : rec_load(ctx, ids.v[i], &rc);
		if (!rc && t->from)
			rc = refuse_from(ctx, t, ids.v[i], rows[i]);
		if (!rc && t->check)
			rc = t->check(ctx, t, ids.v[i], rows[i]);
	}
	if (!rc && (t->each || t->stay || t->there || t->target || t->write)) {
		for (int i = 0; !rc && i < ids.n; i++)
			rc = write_one(ctx, t, ids.v[i], rows[i], &words);
	} else if (!rc) {
		struct crm_strv w = CRM_STRV_INIT;
		build_words(ctx, t, t->value ? t->value : words.v[0], &words, !t->value, &w);
		rc = rec_set_words(ctx, &ids, w.n, w.v);
		crm_strv_release(&w);
	}
	if (!rc && t->after)
		rc = t->after(ctx, t, &ids);
	for (int i = 0; i < ids.n; i++)
		db_row_free(ctx->s, rows[i]);
	free(rows);
	crm_strv_release(&ids);
	crm_strv_release(&words);
	return rc;
}
