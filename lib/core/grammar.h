/* grammar.h - words to filters and assignments, and the normal form of values. */
#ifndef CRM_GRAMMAR_H
#define CRM_GRAMMAR_H

#include "store/db.h"

/*
 * The normal form of a value for field fd: trimmed, checked and converted
 * (dates to YYYY-MM-DD, booleans to yes/no, references to an id, tags sorted
 * and joined).  Empty input gives *out NULL.  On bad input returns -1 with a
 * message "field: reason 'value'" in *err; -2, with its message, for a
 * reference to a record that does not exist (import --create-refs makes it).
 */
int crm_value_normal(struct crm_db *db, const struct crm_field *fd, const char *in, char **out,
                     char **err);
/*
 * The values field fd can take that begin with prefix (case and accents
 * aside), at most limit, pushed to out: a choice's list, yes and no, the
 * names of the records a reference may point at.  Nothing for free text.
 */
void crm_field_values(struct crm_db *db, const struct crm_field *fd, const char *prefix, int limit,
                      struct crm_strv *out);
/* 1 if a person may give field fd a value: not the id, nor what crm keeps itself. */
int crm_field_settable(const struct crm_field *fd);
/* Parses filter words into f (appending); 0 or an exit code with *err set. */
int crm_filter_parse(struct crm_db *db, const struct crm_schema *s, int argc, char **argv,
                     struct crm_filter *f, char **err);
/* Parses assignment words; 0 or an exit code with *err set. */
int crm_assigns_parse(struct crm_db *db, const struct crm_schema *s, int argc, char **argv,
                      struct crm_assigns *as, char **err);
/*
 * Splits "subject='Call back' due=+2d" into words as a shell would with
 * quotes (pushed to out); -1 if a quote is not closed.
 */
int crm_split_words(const char *s, struct crm_strv *out);
char *crm_tags_normal(const char *v);
char *crm_tags_apply(const char *current, enum crm_assign_op op, const char *change);

#endif
