/*
 * fuzz_grammar.c - the word grammar: each line of the input is a word, read
 * as filter terms (then run as a query) or as assignments, for contacts,
 * tasks, opportunities or leads.  The first byte picks which.
 */
#define _GNU_SOURCE
#include "fuzz.h"
#include "core/grammar.h"

#include <stdlib.h>
#include <string.h>

static struct crm_db *db;

static int count_row(void *n, const char *const *vals)
{
	(void)vals;
	++*(long *)n;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	if (!db) {
		char *err = NULL;
		if (db_create(fuzz_db_path(), 0, &err) == 0)
			db = db_open(fuzz_db_path(), DB_WRITE, &err);
		if (!db)
			abort();
	}
	static const struct crm_entity *const ents[] = {&crm_entity_contact, &crm_entity_task,
	                                                &crm_entity_opp, &crm_entity_lead};
	const struct crm_schema *s = db_schema(db, ents[data[0] & 3]);
	char *text = fuzz_string(data + 1, size - 1);
	char *words[300];
	int n = 0;
	for (char *w = strtok(text, "\n"); w && n < 300; w = strtok(NULL, "\n"))
		words[n++] = w;
	char *err = NULL;
	fuzz_quiet();
	if (data[0] & 4) {
		struct crm_assigns as = {NULL, 0};
		crm_assigns_parse(db, s, n, words, &as, &err);
		crm_assigns_release(&as);
	} else {
		struct crm_filter f = {NULL, 0, (data[0] >> 3) % 3};
		if (crm_filter_parse(db, s, n, words, &f, &err) == 0) {
			struct db_query q = {.s = s, .filter = &f, .sort_field = -1, .limit = 5};
			long rows = 0;
			db_select(db, &q, count_row, &rows);
		}
		crm_filter_release(&f);
	}
	fuzz_loud();
	free(err);
	free(text);
	return 0;
}
