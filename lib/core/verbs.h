/* verbs.h - the generic verbs and the record-writing core they share with import. */
#ifndef CRM_VERBS_H
#define CRM_VERBS_H

#include "core/cli.h"

extern const struct crm_verb crm_generic_verbs[];
extern const struct crm_verb crm_admin_verb_table[];
extern const struct crm_verb crm_report_verbs[];

/*
 * Creates a record from values in normal form (s->nfields of them; id,
 * created and updated honoured when given).  Checks required and unique
 * fields, fills owner and timestamps, logs the change.  Returns the id, or 0
 * with *err set (invalid data) or with *err NULL (database error, already
 * reported).
 */
long long rec_create(struct crm_ctx *ctx, char **vals, char **err);
/*
 * A record as a dump has it: its stamps, owner and worked-out fields kept,
 * no defaults filled, no hooks run and no after-write rules applied, so that
 * a restore gives back what was dumped; checked as every write is.
 */
long long rec_restore(struct crm_ctx *ctx, char **vals, char **err);
/*
 * Sets field f of record id, whose current values are cur, to v (normal
 * form); logs it and updates cur.  Returns 1 if it changed, 0 if it already
 * had that value, -1 with *err (invalid) or -2 (database error, reported).
 */
int rec_change(struct crm_ctx *ctx, long long id, char **cur, int f, const char *v, char **err);
/*
 * Parses the filter words a user gave, then the terms a verb adds to them
 * (NULL-terminated: "status=open"); says what is wrong.  0 or an exit code.
 */
int rec_filter(struct crm_ctx *ctx, int argc, char **argv, const char *const *extra,
               struct crm_filter *f);
/* The index of a field of the entity ctx works on. */
int rec_field(const struct crm_ctx *ctx, const char *name);
/*
 * Makes login a user unless one has it (case aside), logged with the run:
 * what an owner field's new name does.  0, or -1 (*err, or reported).
 */
int rec_user(struct crm_ctx *ctx, const char *login, char **err);
/* rec_change by field name, as an exit code: 0, CRM_EXIT_DATA (*err set) or CRM_EXIT_DB. */
int rec_set(struct crm_ctx *ctx, long long id, char **cur, const char *name, const char *v,
            char **err);
/*
 * Calls fn for every record, live or deleted, of any entity whose reference
 * field f points at record id of ctx's entity: the entity descriptors say
 * which fields refer to what, so a new entity is covered without code here.
 * A non-zero return from fn stops; -1 on a database error.
 */
typedef int (*rec_ref_fn)(void *arg, const struct crm_schema *s, int f, long long rid);
int rec_referrers(struct crm_ctx *ctx, long long id, rec_ref_fn fn, void *arg);
/* rm (soft delete), restore or purge one record, logged; 0 or an exit code. */
int rec_delete(struct crm_ctx *ctx, long long id, const char *verb);
/* Ends a record's changes: sets updated and refreshes its search entry. */
int rec_touch(struct crm_ctx *ctx, long long id);
/*
 * Finishes writing record id: runs the entity's after_write (assigned: per
 * field, 1 if the command gave it; NULL for none) and, if anything changed,
 * sets updated and counts the record.  0, CRM_EXIT_DATA with *err set, or
 * CRM_EXIT_DB (reported).
 */
int rec_finish(struct crm_ctx *ctx, long long id, char **cur, const char *assigned, char **err);
/*
 * Applies assignment words to the records ids (all loaded first, so a
 * missing one writes nothing).  0, or an exit code after a message.
 */
int rec_set_words(struct crm_ctx *ctx, struct crm_strv *ids, int nwords, char **words);
/*
 * The ids of records named by id or by name (a name matching several is an
 * error that lists them); 0, or CRM_EXIT_NOMATCH / CRM_EXIT_DATA after a message.
 */
int rec_resolve(struct crm_ctx *ctx, int argc, char **argv, struct crm_strv *ids);
/*
 * Checks what the record as a whole decides of field f's value v (normal
 * form): required given, unique not held by another record than id.  0, or
 * -1 with *err set.
 */
int rec_check_value(struct crm_ctx *ctx, int f, const char *v, long long id, char **err);
/* Checks that every id is a live record (a message and an exit code if not). */
int rec_check_ids(struct crm_ctx *ctx, struct crm_strv *ids);
/*
 * Loads live record id for a verb's checks: NULL, after the message
 * rec_check_ids gives, with *rc CRM_EXIT_NOMATCH or CRM_EXIT_DATA.
 */
char **rec_load(struct crm_ctx *ctx, const char *id, int *rc);
/* Reads a record named as ENTITY=ID|NAME (contact=12, account=Acme); 0 or an exit code. */
int rec_parse_ref(struct crm_ctx *ctx, const char *word, const struct crm_entity **ent,
                  long long *id);
/*
 * Reads standard input whole as text for field name (trailing newlines
 * dropped): *text is NULL when it is empty.  0, or CRM_EXIT_DATA with *err
 * set when it is not UTF-8.
 */
int rec_read_stdin(const char *name, char **text, char **err);
/* Stores a file as an attachment of a record, logged (undo removes it); 0 or an exit code. */
int rec_attach(struct crm_ctx *ctx, const struct crm_entity *ent, long long id, const char *path);
/* The same for len bytes held in memory, named name, of media type type (NULL: by its name). */
int rec_attach_bytes(struct crm_ctx *ctx, const struct crm_entity *ent, long long id,
                     const char *name, const char *type, const void *data, size_t len);
int crm_verb_attach(struct crm_ctx *ctx, int argc, char **argv);
/* crm segment add|list|show|rm: filters saved by name (segment.c). */
int crm_verb_segment(struct crm_ctx *ctx, int argc, char **argv);
/* 1 if n can name a segment: letters, digits, '-', '_' and '.' after the first, 64 at most. */
int segment_name_valid(const char *n);
/*
 * Parses a segment's filter for its entity, as any filter is parsed; *count
 * (unless NULL) gets how many records it holds now.  0, or an exit code with
 * a message in *err (malloc'd; NULL when the filter has no words at all).
 */
int segment_check(struct crm_ctx *ctx, const struct crm_entity *ent, const char *text, long *count,
                  char **err);
int crm_verb_attachment(struct crm_ctx *ctx, int argc, char **argv);
/* A copy of ctx working on another entity, for changes a verb makes elsewhere. */
struct crm_ctx rec_other(struct crm_ctx *ctx, const struct crm_entity *ent);
/* Prints the records of a filter as list does (--fields, -o); sort_field -1 for --sort. */
int crm_print_filtered(struct crm_ctx *ctx, struct crm_filter *f, int sort_field);
/*
 * Updates record id with the non-NULL values of vals (normal form), except
 * field keep (-1: none) and read-only ones: empty values never erase data.
 * Reasons for bad values are appended to why.  Returns 1 if the record
 * changed, 0 if not, -1 (invalid: why says why), -2 (database error, reported).
 */
int rec_update_from(struct crm_ctx *ctx, long long id, char **vals, int keep, struct crm_buf *why);
/*
 * Gives every record of the filter that has no uid a random UUID (after
 * prefix), kept on it and logged, so that each exported vCard or VTODO has
 * a UID and the next export gives the same (uid.c).  A database that cannot
 * be written is left as it is, with a warning.  0 or an exit code.
 */
int rec_give_uids(struct crm_ctx *ctx, const struct crm_filter *f, const char *prefix);
/*
 * What crm check finds in the data (check.c): impossible dates, timestamps
 * that are not UTC stamps, opportunities whose stage, probability and close
 * date disagree; one line each pushed to problems.  0, or -1 on a database
 * error.
 */
int crm_check_data(struct crm_ctx *ctx, struct crm_strv *problems);
/* crm shell: a readline prompt for crm commands (shell.c). */
int crm_verb_shell(struct crm_ctx *ctx, int argc, char **argv);
/* crm dump DIR and crm restore DIR (dump.c). */
int crm_verb_dump(struct crm_ctx *ctx, int argc, char **argv);
int crm_verb_restore(struct crm_ctx *ctx, int argc, char **argv);
/*
 * A verb that moves records to a state (task done, lead qualify, case
 * resolve, quote accept, opp win), described as data and run by
 * rec_transition (transition.c):
 *  1. the targets: ids, - for standard input, --where; another word is a
 *     usage error (not_id) unless the verb takes FIELD=VALUE words;
 *  2. no target: CRM_EXIT_NOMATCH;
 *  3. every record is checked before any is changed: loaded, refused
 *     unless its field holds one of from, then check();
 *  4. the words field=value, the words given, --reason's, also and
 *     unless_given are written to all records at once (rec_set_words), or
 *     to one record at a time, leaving out those already there;
 *  5. after(), once every record is written.
 * Messages are N_() texts, translated when they are said.  The callbacks,
 * each optional, hold what is an entity's own.
 */
struct crm_transition {
	const char *field; /* the field it sets: "status" */
	/* the value it sets; NULL: the first word given, and which is the
	   usage error when there is none */
	const char *value;
	const char *const *from;         /* the values it may leave from (NULL: any) */
	const char *refused;             /* said of another: id, its value or "new", value */
	const char *const *stay;         /* a record with one of these is left as it is */
	const char *reason;              /* the field --reason fills (NULL: none) */
	int clear_reason;                /* without --reason, that field is emptied */
	const char *const *also;         /* words it writes too: "lost_reason=" */
	const char *const *unless_given; /* written unless a word given sets that field */
	int words;                       /* takes FIELD=VALUE words after the ids */
	const char *not_id;              /* a word that is no id (NULL: "not a record id") */
	const char *which;
	/* one record at a time: implied by stay, there, target and write */
	int each;
	/* loads a record to check (NULL: a live one, rec_load); NULL and *rc on refusal */
	char **(*load)(struct crm_ctx *ctx, const char *id, int *rc);
	/* checks a loaded record: 0 or an exit code after a message */
	int (*check)(struct crm_ctx *ctx, const struct crm_transition *t, const char *id,
	             char **row);
	/* 1 if a record is where the verb takes it already (else: stay says) */
	int (*there)(struct crm_ctx *ctx, const char *id, char **row);
	/* the value for one record, made of value (malloc'd; NULL after a message) */
	char *(*target)(struct crm_ctx *ctx, const struct crm_transition *t, const char *id);
	/* writes one record itself, instead of through words */
	int (*write)(struct crm_ctx *ctx, const struct crm_transition *t, const char *id,
	             char **row);
	/* what follows once every record is written: 0 or an exit code */
	int (*after)(struct crm_ctx *ctx, const struct crm_transition *t, struct crm_strv *ids);
};
/* Runs transition t on the records argv names; 0 or an exit code after a message. */
int rec_transition(struct crm_ctx *ctx, int argc, char **argv, const struct crm_transition *t);
/* 1 if v (not NULL) is one of the NULL-terminated set. */
int rec_one_of(const char *v, const char *const *set);
/* Verb implementations shared with other files. */
int verb_import(struct crm_ctx *ctx, int argc, char **argv);
int verb_show_one(struct crm_ctx *ctx, long long id);

/* What the write core (record.c) shares with the generic verbs (verbs.c). */
/* 1 under --dry-run: nothing is written, what would be is printed. */
int rec_planning(struct crm_ctx *ctx);
/* --dry-run's line for one record a verb would write (op: "rm", "set" ...). */
void rec_plan(struct crm_ctx *ctx, const char *op, long long id);
/* The value a field gets when an add does not give it, or NULL. */
const char *rec_default(const struct crm_field *fd);
/* Loads every target first, so a missing id writes nothing; 0 or an exit code. */
int rec_load_targets(struct crm_ctx *ctx, struct crm_strv *ids, int want_deleted, char ***rows);
void rec_free_targets(struct crm_ctx *ctx, struct crm_strv *ids, char ***rows);

#endif
