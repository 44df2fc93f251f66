/* Unit tests of the file edit hands to the editor, read back: fields, continuations, problems. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ask.h"
#include "base/input_limits.h"
#include "tap.h"

struct read {
	char **fields;
	struct crm_buf problems;
};

static struct read read_draft(const struct crm_schema *s, const char *text)
{
	struct read r = {crm_xcalloc(s->nfields, sizeof(char *)), CRM_BUF_INIT};
	ask_draft_fields(s, text, r.fields, &r.problems);
	return r;
}

static const char *field(const struct crm_schema *s, struct read *r, const char *name)
{
	return r->fields[crm_schema_field(s, name)];
}

static void release(const struct crm_schema *s, struct read *r)
{
	for (int f = 0; f < s->nfields; f++)
		free(r->fields[f]);
	free(r->fields);
	crm_buf_release(&r->problems);
}

static void test_fields(const struct crm_schema *s)
{
	struct read r = read_draft(s, "# contact 1: Ana García\n"
	                              "# Change the values and save.\n"
	                              "first_name: Ana\n"
	                              "last_name:García\n"
	                              "title:\n"
	                              "\n"
	                              "notes: line one\n"
	                              "  indented\n"
	                              " \n"
	                              "\tafter a blank line\n"
	                              "# id: 1\n"
	                              "city: Madrid");
	is_str(field(s, &r, "first_name"), " Ana", "a value keeps what follows the colon");
	is_str(field(s, &r, "last_name"), "García", "no space after the colon");
	is_str(field(s, &r, "title"), "", "an empty value is given, and empty");
	is_str(field(s, &r, "email"), NULL, "a field not in the file is not given");
	is_str(field(s, &r, "notes"), " line one\n indented\n\nafter a blank line",
	       "lines that begin with a space or a tab go on with the value");
	is_str(field(s, &r, "city"), " Madrid", "the last line needs no newline");
	is_str(crm_buf_str(&r.problems), "", "no problems");
	release(s, &r);
}

static void test_problems(const struct crm_schema *s)
{
	struct read r = read_draft(s, "first_name: Ana\n"
	                              "shoe: 42\n"
	                              "  size of the shoe\n"
	                              "just words\n"
	                              "id: 7\n"
	                              "first_name: Eva\n"
	                              "created: today\n"
	                              "\n"
	                              "  nothing above\n");
	is_str(crm_buf_str(&r.problems),
	       "'shoe' is not a field of a contact\n"
	       "'just words' is not a \"field: value\" line\n"
	       "id cannot be changed\n"
	       "first_name is given twice\n"
	       "created cannot be changed\n"
	       "'nothing above' goes on no field\n",
	       "each problem once, the lines after a bad one not blamed again");
	is_str(field(s, &r, "first_name"), " Ana", "the first of a field given twice is read");
	release(s, &r);
	r = read_draft(s, "");
	is_str(crm_buf_str(&r.problems), "", "an empty file has no problems");
	is_str(field(s, &r, "first_name"), NULL, "and gives no field");
	release(s, &r);
}

/* A value of many lines is read in time linear in its length, and held to its limit. */
static void test_limits(const struct crm_schema *s)
{
	size_t lines = CRM_FIELD_MAX + 1000, n = 0;
	char *text = malloc(16 + 2 * lines);
	struct read r;

	n += (size_t)sprintf(text, "notes: x\n");
	for (size_t i = 0; i < lines; i++) {
		text[n++] = ' ';
		text[n++] = i + 1 < lines ? '\n' : 'y';
	}
	text[n] = '\0';
	r = read_draft(s, text);
	ok(field(s, &r, "notes") == NULL, "limit: a value over the limit is not taken");
	is_str(crm_buf_str(&r.problems), "notes: more than 16777216 bytes in a field (the limit)\n",
	       "limit: the reason");
	release(s, &r);

	/* " x" and a line break for each of the lines that go on: 1 MiB exactly */
	text[9 + 2 * (CRM_FIELD_MAX - 2)] = '\0';
	r = read_draft(s, text);
	ok(field(s, &r, "notes") && strlen(field(s, &r, "notes")) == CRM_FIELD_MAX,
	   "limit: a value as long as the limit, of many lines, is taken");
	is_str(crm_buf_str(&r.problems), "", "limit: no problem");
	release(s, &r);
	free(text);
}

int main(void)
{
	/* the contact entity's built-in fields: the reader needs no database */
	struct crm_schema s = {&crm_entity_contact, (struct crm_field *)crm_entity_contact.fields,
	                       crm_entity_contact.nfields};
	test_fields(&s);
	test_problems(&s);
	test_limits(&s);
	return tap_done();
}
