/* ask.h - records asked for at a prompt (add -i) or edited in $EDITOR (edit). */
#ifndef CRM_ASK_H
#define CRM_ASK_H

#include "cli.h"

/* 1 if a person may give field fd a value (not the id, timestamps or derived fields). */
int ask_editable(const struct crm_field *fd);
/*
 * Asks for every field a person may give at a readline prompt, vals[] (the
 * schema's fields, normal form) giving the values first shown; on return
 * they hold what was typed.  0, or CRM_EXIT_NOMATCH when Ctrl-D gave up.
 */
int ask_record(struct crm_ctx *ctx, char **vals);
/* edit ID|NAME: the record in $VISUAL or $EDITOR as "field: value" lines. */
int ask_edit(struct crm_ctx *ctx, int argc, char **argv);

#endif
