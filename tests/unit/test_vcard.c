/* test_vcard.c - vCard reading (2.1, 3.0, 4.0 quirks) and 4.0 writing: exact bytes, errors. */
#define _GNU_SOURCE
#include "crm.h"
#include "base/input_limits.h"
#include "tap.h"
#include "formats/vcard.h"

#include <stdlib.h>
#include <string.h>

/* Each card read, flattened to "NAME[group]{params}=value" lines, cards separated by "--". */
static struct crm_buf seen = CRM_BUF_INIT;
static struct crm_buf warnings = CRM_BUF_INIT;

static int collect(void *ctx, const struct vcard *c)
{
	(void)ctx;
	crm_buf_printf(&seen, "-- v%d line %ld%s%s\n", c->version, c->line,
	               c->error ? " ERROR " : "", c->error ? c->error : "");
	for (int i = 0; i < c->n; i++)
		crm_buf_printf(
		    &seen, "%s%s%s%s%s=%s@%ld\n", c->props[i].name, c->props[i].group ? "[" : "",
		    c->props[i].group ? c->props[i].group : "", c->props[i].group ? "]" : "",
		    *c->props[i].params ? "{p}" : "", c->props[i].value, c->props[i].line);
	return 0;
}

static void collect_warning(const char *msg)
{
	crm_buf_printf(&warnings, "%s%s", warnings.len ? "|" : "", msg);
}

static int read_string(const char *data, char **err)
{
	FILE *f = tmpfile();
	int rc;

	fputs(data, f);
	rewind(f);
	crm_buf_reset(&seen);
	crm_buf_reset(&warnings);
	rc = vcard_read(f, collect, NULL, collect_warning, err);
	fclose(f);
	return rc;
}

static void test_versions_and_folding(void)
{
	char *err = NULL;
	int rc = read_string("BEGIN:vCard\r\nVERSION:3.0\r\nFN:Frank\r\n  Dawson\r\n"
	                     "item1.EMAIL;type=INTERNET:f@x.com\r\nEND:vCard\r\n"
	                     "\r\nBEGIN:VCARD\nVERSION:4.0\nNOTE:a\\, b\\nc\nEND:VCARD",
	                     &err);
	is_int(rc, 0, "two cards, mixed case BEGIN, CRLF then LF, no final newline");
	is_str(crm_buf_str(&seen),
	       "-- v30 line 1\nFN=Frank Dawson@3\nEMAIL[item1]{p}=f@x.com@5\n"
	       "-- v40 line 8\nNOTE=a\\, b\\nc@10\n",
	       "unfolded (one blank of the fold removed), grouped, escapes kept for the caller");
	free(err);
}

static void test_quoted_printable(void)
{
	char *err = NULL;
	read_string("BEGIN:VCARD\r\nVERSION:2.1\r\n"
	            "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=91=20=C3=91;=\r\n"
	            "=C3=A1;;;\r\n"
	            "NOTE;QUOTED-PRINTABLE:line=0D=0Atwo\r\n"
	            "ORG;CHARSET=ISO-8859-1:Ib=E9rica\r\n"
	            "TITLE;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:Ib=E9rica\r\n"
	            "END:VCARD\r\n",
	            &err);
	is_str(crm_buf_str(&seen),
	       "-- v21 line 1\nN{p}=Ñ Ñ;á;;;@3\nNOTE{p}=line\r\ntwo@5\n"
	       "ORG{p}=Ib=E9rica@6\nTITLE{p}=Ibérica@7\n",
	       "soft line breaks joined, =XX decoded, bare 2.1 QUOTED-PRINTABLE, ISO-8859-1 "
	       "converted; the line is where the property starts");
	free(err);
}

static void test_charset_errors(void)
{
	char *err = NULL;
	read_string("BEGIN:VCARD\nVERSION:3.0\nFN;CHARSET=UTF-8:\xC3\x28\nEND:VCARD\n"
	            "BEGIN:VCARD\nVERSION:2.1\nFN:Jos\xE9\nEND:VCARD\n"
	            "BEGIN:VCARD\nVERSION:5.0\nEND:VCARD\n",
	            &err);
	is_str(crm_buf_str(&seen),
	       "-- v30 line 1 ERROR line 3: FN: not valid UTF-8\n"
	       "-- v21 line 5\nFN=José@7\n"
	       "-- v30 line 9 ERROR line 10: VERSION '5.0': crm reads vCard 2.1, 3.0 and 4.0\n",
	       "declared UTF-8 that is not: the card is invalid; 8-bit with no CHARSET: "
	       "Windows-1252; an unknown VERSION");
	is_str(crm_buf_str(&warnings), "line 7: FN: not UTF-8; read as Windows-1252",
	       "the Windows-1252 reading is said");
	free(err);
}

static void test_structure_errors(void)
{
	char *err = NULL;
	int rc = read_string("BEGIN:VCARD\nVERSION:3.0\nFN:A\n", &err);
	is_int(rc, -1, "a card never ended fails");
	is_str(err, "line 1: the vCard begun here never ends (no END:VCARD)", "and says where");
	free(err);
	err = NULL;
	rc = read_string("BEGIN:VCARD\nBEGIN:VCARD\n", &err);
	is_str(err, "line 2: BEGIN:VCARD inside the vCard of line 1", "nested cards fail");
	free(err);
	err = NULL;
	rc = read_string("END:VCARD\n", &err);
	is_str(err, "line 1: END:VCARD without a BEGIN:VCARD", "an END alone fails");
	free(err);
}

static void test_params_and_parts(void)
{
	struct vcard_prop p = {.params = "type=INTERNET;type=pref"};
	struct vcard_prop q = {.params = "TYPE=\"work,cell,voice\";PREF=1"};
	struct vcard_prop r = {.params = "CELL;PREF"};
	struct vcard_prop s = {.params = "TYPE=home"};
	struct crm_strv parts = CRM_STRV_INIT;
	char *t;

	ok(vcard_is_pref(&p) && vcard_has_type(&p, "INTERNET"), "3.0 type=a;type=b");
	ok(vcard_is_pref(&q) && vcard_has_type(&q, "CELL") && !vcard_has_type(&q, "HOME"),
	   "4.0 quoted comma list and PREF=1");
	ok(vcard_is_pref(&r) && vcard_has_type(&r, "CELL"), "2.1 bare parameters");
	ok(!vcard_is_pref(&s), "not preferred");
	vcard_parts("Doe;John;Richter\\, James;Mr.;Sr.", ';', &parts);
	is_int(parts.n, 5, "N has five parts");
	is_str(parts.v[2], "Richter, James", "an escaped comma stays in its part");
	crm_strv_release(&parts);
	vcard_parts(";;;", ';', &parts);
	is_int(parts.n, 4, "empty parts are kept");
	crm_strv_release(&parts);
	t = vcard_text("http\\://x \\\"AS IS\\\" C:\\temp\\n");
	is_str(t, "http://x \"AS IS\" C:\\temp\n", "lax escapes read, unknown ones kept");
	free(t);
}

static void test_write(void)
{
	char *s = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&s, &len);
	const char *n[5] = {"García", "Ana, María", NULL, NULL, NULL};
	const char *tags[2] = {"vip", "a;b"};

	vcard_begin(f);
	vcard_put(f, "FN", "Ana María García");
	vcard_put_parts(f, "N", n, 5, ';');
	vcard_put(f, "NOTE", "línea 1\nÑandú ÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑ");
	vcard_put(f, "TITLE", NULL);
	vcard_put_parts(f, "CATEGORIES", tags, 2, ',');
	vcard_end(f);
	fclose(f);
	is_str(s,
	       "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ana María García\r\n"
	       "N:García;Ana\\, María;;;\r\n"
	       "NOTE:línea 1\\nÑandú "
	       "ÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑ\r\n ÑÑÑÑÑÑÑÑÑÑÑÑ\r\n"
	       "CATEGORIES:vip,a\\;b\r\nEND:VCARD\r\n",
	       "CRLF, escaped, folded at 75 octets between characters, empty values left out");
	free(s);
}

static void test_round_trip_of_writer(void)
{
	char *s = NULL, *err = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&s, &len);
	const char *adr[7] = {NULL, NULL, "C/ Mayor, 1\n2º", "Madrid", NULL, "28013", "España"};

	vcard_begin(f);
	vcard_put_parts(f, "ADR", adr, 7, ';');
	vcard_end(f);
	fclose(f);
	read_string(s, &err);
	is_str(crm_buf_str(&seen),
	       "-- v40 line 1\nADR=;;C/ Mayor\\, 1\\n2º;Madrid;;28013;España@3\n",
	       "what is written reads back");
	free(s);
	free(err);
}

/* The error of reading len bytes (to free), or NULL. */
static char *read_error(const char *data, size_t len)
{
	FILE *f = tmpfile();
	char *err = NULL;

	fwrite(data, 1, len, f);
	rewind(f);
	crm_buf_reset(&seen);
	crm_buf_reset(&warnings);
	if (vcard_read(f, collect, NULL, collect_warning, &err) == 0) {
		free(err);
		err = NULL;
	}
	fclose(f);
	return err;
}

/* "line L: [FIELD: ]more than N WHAT (the limit)", as the readers say it (static buffer). */
static const char *over(long line, const char *field, long n, const char *what)
{
	static char msg[200];

	snprintf(msg, sizeof msg, "line %ld: %s%smore than %ld %s (the limit)", line,
	         field ? field : "", field ? ": " : "", n, what);
	return msg;
}

/* NUL bytes and input past the limits are refused, naming line and property. */
static void test_limits(void)
{
	static const char nul[] =
	    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana\r\nNOTE:a\0b\r\nEND:VCARD\r\n";
	/* room for 64 MiB of soft line breaks, of which 3 bytes a line do not count */
	size_t big = (size_t)CRM_LINE_MAX + CRM_LINE_MAX / 8, n;
	char *buf = malloc(big + 256), *err, want[300];

	err = read_error(nul, sizeof(nul) - 1);
	is_str(err, "line 4: NOTE: NUL byte in the data (not a text file?)", "NUL: refused");
	free(err);

	n = (size_t)sprintf(buf, "BEGIN:VCARD\r\nVERSION:3.0\r\nCATEGORIES:");
	memset(buf + n, ',', big);
	strcpy(buf + n + big, "\r\nEND:VCARD\r\n");
	err = read_error(buf, strlen(buf));
	is_str(err, over(3, "CATEGORIES", CRM_LINE_MAX, "bytes in a line"),
	       "limit: a line of commas");
	free(err);

	/* soft line breaks join lines into one: its limit holds for them all */
	n = (size_t)sprintf(buf, "BEGIN:VCARD\r\nVERSION:2.1\r\nNOTE;ENCODING=QUOTED-PRINTABLE:");
	for (size_t i = 0; n + 100 < big; i++)
		n += (size_t)sprintf(buf + n, "%060zu=\r\n", i);
	strcpy(buf + n, "x\r\nEND:VCARD\r\n");
	err = read_error(buf, strlen(buf));
	is_str(err, over(3, NULL, CRM_LINE_MAX, "bytes in a line"),
	       "limit: quoted-printable soft line breaks");
	free(err);

	/* a value too long, or of too many parts, makes its card invalid, not the file */
	n = (size_t)sprintf(buf, "BEGIN:VCARD\r\nVERSION:4.0\r\nNOTE:");
	memset(buf + n, 'x', CRM_FIELD_MAX + 1);
	strcpy(buf + n + CRM_FIELD_MAX + 1, "\r\nEND:VCARD\r\n");
	err = read_error(buf, strlen(buf));
	is_str(err, NULL, "limit: a long value makes the card invalid, not the file");
	snprintf(want, sizeof want, "-- v40 line 1 ERROR %s\n",
	         over(3, "NOTE", CRM_FIELD_MAX, "bytes in a field"));
	is_str(crm_buf_str(&seen), want, "limit: the card says why");
	n = (size_t)sprintf(buf, "BEGIN:VCARD\r\nVERSION:4.0\r\nCATEGORIES:");
	memset(buf + n, ',', CRM_FIELDS_MAX);
	strcpy(buf + n + CRM_FIELDS_MAX, "\r\nEND:VCARD\r\n");
	err = read_error(buf, strlen(buf));
	snprintf(want, sizeof want, "-- v40 line 1 ERROR %s\n",
	         over(3, "CATEGORIES", CRM_FIELDS_MAX, "parts in a value"));
	is_str(crm_buf_str(&seen), want, "limit: parts in a value");
	free(err);

	n = (size_t)sprintf(buf, "BEGIN:VCARD\r\nVERSION:4.0\r\n");
	for (int i = 0; i < CRM_FIELDS_MAX + 10; i++)
		n += (size_t)sprintf(buf + n, "X-A:%d\r\n", i);
	strcpy(buf + n, "END:VCARD\r\n");
	err = read_error(buf, strlen(buf));
	is_str(err, over(CRM_FIELDS_MAX + 3, NULL, CRM_FIELDS_MAX, "properties in a vCard"),
	       "limit: properties in a card");
	free(err);
	free(buf);
}

int main(void)
{
	test_versions_and_folding();
	test_quoted_printable();
	test_charset_errors();
	test_structure_errors();
	test_params_and_parts();
	test_write();
	test_round_trip_of_writer();
	test_limits();
	crm_buf_release(&seen);
	crm_buf_release(&warnings);
	return tap_done();
}
