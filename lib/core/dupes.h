/*
 * dupes.h - records that are probably one person or organisation twice:
 * `dupes` lists them, `import --dedupe` warns of them.
 */
#ifndef CRM_DUPES_H
#define CRM_DUPES_H

#include "core/verbs.h"

/* A candidate pair; keep is the older record (the lower id). */
struct dupe {
	long long keep, drop;
	int score;             /* 1..100: the more, the surer */
	const char *reasons;   /* "same email, similar name (1 edit)" */
	const char *keep_name; /* display names */
	const char *drop_name;
};
typedef int (*dupe_fn)(void *arg, const struct dupe *d);

/*
 * Finds the candidate pairs among the live records of ctx's entity that
 * match f (NULL: all) and score at least min_score, and calls fn for each,
 * best score first; a non-zero return from fn stops and is returned.  Pairs
 * come from blocking keys (a mailbox, a phone key, a name key, a web domain,
 * the first or last four letters of a name), so the work grows with the
 * records, not their square.
 * Returns 0 or an exit code (reported).
 */
int dupes_find(struct crm_ctx *ctx, const struct crm_filter *f, int min_score, dupe_fn fn,
               void *arg);

/*
 * import --dedupe: the records an import added and the input line of each.
 * After the import, every pair of a new record and an older one is reported
 * as "line N: looks like contact 12 ..." on stderr, and every pair of two
 * new ones, found by the same keys and scores, as "line 12: looks like line
 * 5, contact 40 ...": every candidate, whatever its score (dupes
 * --min-score 1).  *reported counts the new records like older ones,
 * *in_file those like a record of an earlier line.  0 or an exit code.
 */
struct dupes_new {
	struct dupes_added {
		long long id;
		long line;
	} * r;
	long n, cap;
};
void dupes_new_add(struct dupes_new *nw, long long id, long line);
void dupes_new_release(struct dupes_new *nw);
int dupes_report_new(struct crm_ctx *ctx, struct dupes_new *nw, long *reported, long *in_file);

/* --dedupe after an import: reports, and says how many; 0 or an exit code. */
int import_dedupe(struct crm_ctx *ctx, struct dupes_new *added);

/* The score a pair needs to be reported: --min-score, else the default (50). */
int dupes_min_score(const struct crm_ctx *ctx);

/*
 * Edit distance between two strings of bytes, a swap of two neighbours
 * counting as one edit; at most max+1 (stops early).
 */
int dupes_distance(const char *a, const char *b, int max);

/*
 * The mailbox an address reaches, folded: without a +tag ("ana+crm@x.es"
 * is "ana@x.es"), and at Gmail without dots, googlemail.com being gmail.com.
 */
char *dupes_mailbox(const char *email);

/* The words of a name, folded, split at spaces, dashes and punctuation, "&" as "and". */
void dupes_words(const char *name, struct crm_strv *words);

/*
 * An organisation's name key without its legal form, which goes to *form
 * ("" if none): "Acme Ltd." gives "acme" and "ltd"; "Smith & Sons" and
 * "Smith and Sons" give "smithandsons".  Both allocated.
 */
char *dupes_org_key(const char *name, char **form);

#endif
