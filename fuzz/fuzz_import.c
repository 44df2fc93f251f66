/*
 * fuzz_import.c - CSV import as a user runs it: the bytes are a file given
 * to crm-contact, crm-account or crm-lead import, through header mapping,
 * value validation and upsert by key, in a run that is rolled back.  The
 * first byte picks the command and its options; the file's delimiter and
 * encoding are found as for a user (a byte order mark, Windows-1252).
 */
#define _GNU_SOURCE
#include "crm.h"
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A writable argv: the command line parser marks words in place. */
static int run(const struct crm_entity *ent, const char *const *words)
{
	char *argv[16];
	int argc = 0;
	for (; words[argc] && argc < 15; argc++)
		argv[argc] = strdup(words[argc]);
	argv[argc] = NULL;
	int rc = crm_entity_main(argc, argv, ent, NULL);
	for (int i = 0; i < argc; i++)
		free(argv[i]);
	return rc;
}

/* Records for upserts and references to find. */
static void seed(const char *db)
{
	static int done;
	if (done++)
		return;
	fuzz_quiet();
	run(&crm_entity_account,
	    (const char *[]){"crm-account", "add", "--db", db, "name=Acme", "city=Madrid", NULL});
	run(&crm_entity_contact,
	    (const char *[]){"crm-contact", "add", "--db", db, "first_name=Ana",
	                     "email=ana@acme.es", "account=Acme", "phone=+34 600 12 34 56",
	                     "tags=vip", NULL});
	run(&crm_entity_lead, (const char *[]){"crm-lead", "add", "--db", db, "first_name=Leo",
	                                       "company=Acme", "email=leo@acme.es", NULL});
	fuzz_loud();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	const char *db = fuzz_db_path();
	seed(db);
	char input[128];
	snprintf(input, sizeof input, "%s", fuzz_write("input.csv", data + 1, size - 1));
	static const struct crm_entity *const ents[] = {&crm_entity_contact, &crm_entity_account,
	                                                &crm_entity_lead, &crm_entity_contact};
	static const char *const names[] = {"crm-contact", "crm-account", "crm-lead",
	                                    "crm-contact"};
	int e = data[0] & 3, mode = (data[0] >> 2) & 3;
	const char *words[16] = {names[e], "import", "--dry-run", "--db", db};
	int n = 5;
	if (mode == 1)
		words[n++] = e == 1 ? "--key=name" : "--key=email";
	if (mode == 2)
		words[n++] = "--skip-invalid";
	if (mode == 3) {
		words[n++] = "--create-refs";
		words[n++] = "--map=Empresa=account";
	}
	/* how a spreadsheet's file is read: found, or forced */
	int how = (data[0] >> 4) & 3;
	if (how == 1)
		words[n++] = "--delimiter=;";
	if (how == 2)
		words[n++] = "--encoding=UTF-16LE";
	if (how == 3)
		words[n++] = "--date-format=dmy";
	words[n++] = input;
	words[n] = NULL;
	fuzz_quiet();
	run(ents[e], words);
	fuzz_loud();
	return 0;
}
