/*
 * fuzz_mail.c - crm mail's reader on any bytes (GMime underneath, our
 * walk of the parts, the HTML to text, the names of files): what it gives
 * is always valid UTF-8 without NUL bytes, a Message-ID is always there, a
 * file's name never holds a directory or a control character.  Every
 * fourth input also goes through crm mail --dry-run --create on the
 * scratch database, linking and threading included.
 */
#define _GNU_SOURCE
#include "crm.h"
#include "fuzz.h"
#include "domain/mail.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void text(const char *what, const char *s)
{
	if (s && !crm_utf8_valid(s, strlen(s))) {
		fuzz_loud();
		fprintf(stderr, "%s: not UTF-8\n", what);
		abort();
	}
}

static void check(const struct crm_mail *m)
{
	if (!m->message_id || !*m->message_id)
		abort();
	text("message id", m->message_id);
	text("subject", m->subject);
	text("body", m->body);
	text("from", m->from.name);
	if (m->at && strlen(m->at) != 20)
		abort();
	for (int i = 0; i < m->nrcpt; i++) {
		text("recipient", m->rcpt[i].addr);
		text("recipient name", m->rcpt[i].name);
		if (!strchr(m->rcpt[i].addr, '@'))
			abort();
	}
	for (int i = 0; i < m->nfiles; i++) {
		const char *name = m->files[i].name;
		text("file name", name);
		if (!*name || strchr(name, '/') || strchr(name, '\\') || !strcmp(name, "..") ||
		    !strcmp(name, "."))
			abort();
		for (const unsigned char *p = (const unsigned char *)name; *p; p++)
			if (*p < 0x20 || *p == 0x7f)
				abort();
	}
}

static void mail_command(const uint8_t *data, size_t size)
{
	const char *db = fuzz_db_path();
	char input[128];
	snprintf(input, sizeof input, "%s", fuzz_write("input.eml", data, size));
	const char *words[] = {"crm", "mail", "--dry-run", "--create", "--db", db, input};
	char *argv[8];
	for (int i = 0; i < 7; i++)
		argv[i] = strdup(words[i]);
	argv[7] = NULL;
	crm_admin_main(7, argv);
	for (int i = 0; i < 7; i++)
		free(argv[i]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_db_path(); /* the fixed clock and zone */
	struct crm_mail m;
	char *err = NULL;
	fuzz_quiet();
	if (crm_mail_parse((const char *)data, size, &m, &err) == 0)
		check(&m);
	crm_mail_release(&m);
	free(err);
	if (size && data[0] % 4 == 0)
		mail_command(data, size);
	fuzz_loud();
	return 0;
}
