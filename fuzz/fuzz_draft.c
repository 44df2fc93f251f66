/*
 * fuzz_draft.c - the file edit gives the editor, read back.  With the
 * first byte odd, the rest is a file as a person may leave it: read for
 * contacts, it must not crash.  Else the rest is a value: written as a
 * draft line and read back, it must come back as it was (trimmed).
 */
#define _GNU_SOURCE
#include "core/ask.h"
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	struct crm_schema s = {&crm_entity_contact, (struct crm_field *)crm_entity_contact.fields,
	                       crm_entity_contact.nfields};
	char **fields = calloc((size_t)s.nfields, sizeof(char *));
	struct crm_buf problems = CRM_BUF_INIT, file = CRM_BUF_INIT;
	char *text = fuzz_string(data + 1, size - 1);
	if (data[0] & 1) {
		ask_draft_fields(&s, text, fields, &problems);
	} else {
		ask_draft_value(&file, "notes", text);
		ask_draft_fields(&s, crm_buf_str(&file), fields, &problems);
		int notes = crm_schema_field(&s, "notes");
		char *want = crm_trim(text), *got = crm_trim(fields[notes]);
		/* a value written to the draft reads back as itself, and is no problem */
		if (strcmp(want, got) || problems.len)
			abort();
		free(want);
		free(got);
	}
	for (int f = 0; f < s.nfields; f++)
		free(fields[f]);
	free(fields);
	crm_buf_release(&problems);
	crm_buf_release(&file);
	free(text);
	return 0;
}
