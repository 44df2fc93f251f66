/* ask.h - records asked for at a prompt (add -i) or edited in $EDITOR (edit). */
#ifndef CRM_ASK_H
#define CRM_ASK_H

#include "core/cli.h"

/*
 * Asks for every field a person may give at a readline prompt, vals[] (the
 * schema's fields, normal form) giving the values first shown; on return
 * they hold what was typed.  0, or CRM_EXIT_NOMATCH when Ctrl-D gave up.
 */
int ask_record(struct crm_ctx *ctx, char **vals);
/* Appends the "field: value" line of a draft, more lines of the value indented by a space. */
void ask_draft_value(struct crm_buf *b, const char *name, const char *v);
/*
 * Reads a file edit gave the editor, as it came back: for each field of s
 * the text its "field: value" line gives (fields[], s->nfields of them,
 * NULL when the file has none; lines that begin with a space go on with the
 * value above), what is wrong noted in problems, one line each.
 */
void ask_draft_fields(const struct crm_schema *s, const char *text, char **fields,
                      struct crm_buf *problems);
/* edit ID|NAME: the record in $VISUAL or $EDITOR as "field: value" lines. */
int ask_edit(struct crm_ctx *ctx, int argc, char **argv);

#endif
