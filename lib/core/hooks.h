/*
 * hooks.h - programs the user puts in $XDG_CONFIG_HOME/crm/hooks/ (or the
 * directory $CRM_HOOKS or the database's hooks.dir setting names) to run
 * when records change: pre-EVENT inside the run's transaction (it may veto
 * or amend the record), post-EVENT after the run commits.  See crm-hooks(5).
 */
#ifndef CRM_HOOKS_H
#define CRM_HOOKS_H

#include "core/cli.h"

enum hook_event {
	HOOK_ADD,
	HOOK_MODIFY,
	HOOK_DELETE,
	HOOK_CONVERT,
	HOOK_STAGE_CHANGE,
	HOOK_CLOSE, /* a case's status becomes closed */
	HOOK_NEVENTS
};

/* The database setting that names the hooks directory for everyone using it. */
#define HOOK_DIR_SETTING "hooks.dir"

/* A run begins on db: the hooks directory may be read from its settings. */
void hook_start_run(struct crm_db *db);
/* 1 if a pre- or post- hook exists for the event (an executable file). */
int hook_wanted(enum hook_event ev);

/*
 * Runs pre-EVENT, if there is one, for record id (0: not yet added) of ctx's
 * entity, with its old and new values (NULL for none) as JSON on stdin.
 * Returns 0 to go on, with the fields the hook printed as a JSON object on
 * stdout pushed to amend as "field", "value" pairs (value "" for null); or
 * CRM_EXIT_DATA with *err set: the hook refused (non-zero exit), hung past
 * the timeout, or printed something that is not a JSON object.
 */
int hook_pre(struct crm_ctx *ctx, enum hook_event ev, long long id, char **old, char **new_,
             struct crm_strv *amend, char **err);
/* Queues post-EVENT with the record as it is now; it runs after the commit. */
void hook_post(struct crm_ctx *ctx, enum hook_event ev, long long id, char **old, char **new_);
/* After the run: runs the queued post hooks if it committed, else drops them. */
void hook_end_run(int committed);

/*
 * A record's values before this run first changed it, for modify hooks:
 * hook_remember keeps a copy (once per record, and not for records the run
 * added); hook_recall gives it back and forgets it.
 */
void hook_remember(struct crm_ctx *ctx, long long id, char **cur);
void hook_added(struct crm_ctx *ctx, long long id);
char **hook_recall(struct crm_ctx *ctx, long long id);

#endif
