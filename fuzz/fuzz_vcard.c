/*
 * fuzz_vcard.c - vCard: the reader on any bytes, every property through the
 * accessors contact_vcard.c uses; the cards read are written back as 4.0
 * and must read again, card for card and property for property.  Every
 * fourth input also goes through crm-contact import FILE.vcf (a dry run).
 */
#define _GNU_SOURCE
#include "crm.h"
#include "fuzz.h"
#include "formats/vcard.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct copy {
	FILE *out;
	int cards, props;
};

/* What contact_vcard.c asks of a property; the answers must be C strings of valid UTF-8. */
static void probe(const struct vcard_prop *p)
{
	struct crm_strv parts = CRM_STRV_INIT;
	char *charset = vcard_param(p, "CHARSET");

	(void)vcard_has_type(p, "WORK");
	(void)vcard_is_pref(p);
	vcard_parts(p->value, ';', &parts);
	vcard_parts(p->value, ',', &parts);
	if (!crm_utf8_valid(p->value, strlen(p->value))) {
		fuzz_loud();
		fprintf(stderr, "line %ld: %s: a value read that is not UTF-8\n", p->line, p->name);
		abort();
	}
	crm_strv_release(&parts);
	free(charset);
}

/* The card as 4.0: each property whose text is not empty, its group kept. */
static int write_back(void *ctx, const struct vcard *card)
{
	struct copy *c = ctx;

	vcard_begin(c->out);
	for (int i = 0; i < card->n; i++) {
		const struct vcard_prop *p = &card->props[i];
		char *text = vcard_text(p->value);
		char *name =
		    p->group ? crm_xasprintf("%s.%s", p->group, p->name) : crm_xstrdup(p->name);
		probe(p);
		if (*text)
			c->props++;
		vcard_put(c->out, name, text);
		free(text);
		free(name);
	}
	vcard_end(c->out);
	c->cards++;
	return 0;
}

static int count(void *ctx, const struct vcard *card)
{
	struct copy *c = ctx;

	c->cards++;
	c->props += card->n;
	return 0;
}

static void import(const uint8_t *data, size_t size)
{
	const char *db = fuzz_db_path();
	char input[128];
	snprintf(input, sizeof input, "%s", fuzz_write("input.vcf", data, size));
	const char *words[] = {"crm-contact", "import", "--dry-run", "--db", db, input};
	char *argv[7];
	for (int i = 0; i < 6; i++)
		argv[i] = strdup(words[i]);
	argv[6] = NULL;
	crm_entity_main(6, argv, &crm_entity_contact, NULL);
	for (int i = 0; i < 6; i++)
		free(argv[i]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_db_path(); /* the fixed clock and zone */
	FILE *in = fmemopen((void *)data, size, "rb");
	if (!in)
		return 0;
	char *buf = NULL, *err = NULL;
	size_t len = 0;
	struct copy c = {open_memstream(&buf, &len), 0, 0}, again = {NULL, 0, 0};
	fuzz_quiet();
	int rc = vcard_read(in, write_back, &c, NULL, &err);
	fclose(c.out);
	fclose(in);
	free(err);
	err = NULL;
	if (rc == 0) {
		FILE *back = fmemopen(buf, len, "rb");
		if (!back)
			abort();
		if (vcard_read(back, count, &again, NULL, &err) != 0 || again.cards != c.cards ||
		    again.props != c.props) {
			fuzz_loud();
			fprintf(stderr,
			        "written back, it reads %d of %d cards, %d of %d properties: "
			        "%s\n%.*s\n",
			        again.cards, c.cards, again.props, c.props, err ? err : "",
			        (int)len, buf);
			abort();
		}
		fclose(back);
		free(err);
	}
	free(buf);
	if (size && data[0] % 4 == 0)
		import(data, size);
	fuzz_loud();
	return 0;
}
