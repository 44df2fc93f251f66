/* test_csv.c - the CSV reader and writer: conformance cases, line numbers, round trip. */
#define _GNU_SOURCE
#include "crm.h"
#include "base/input_limits.h"
#include "tap.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ------------------------------------------------------------ records */

struct record {
	char **f;
	int n;
	long line;
};

struct records {
	struct record *r;
	int n;
	int stop_after; /* the callback returns 7 after this many records; 0: never */
};

static int collect(void *ctx, char **fields, int n, long line)
{
	struct records *rs = ctx;
	struct record *r;

	rs->r = realloc(rs->r, (rs->n + 1) * sizeof(*rs->r));
	r = &rs->r[rs->n++];
	r->n = n;
	r->line = line;
	r->f = calloc(n ? n : 1, sizeof(*r->f));
	for (int i = 0; i < n; i++)
		r->f[i] = strdup(fields[i]);
	return rs->stop_after && rs->n == rs->stop_after ? 7 : 0;
}

static void records_free(struct records *rs)
{
	for (int i = 0; i < rs->n; i++) {
		for (int j = 0; j < rs->r[i].n; j++)
			free(rs->r[i].f[j]);
		free(rs->r[i].f);
	}
	free(rs->r);
	rs->r = NULL;
	rs->n = 0;
}

/* Reads len bytes of CSV into rs; returns crm_csv_read's result. */
static int read_bytes(const char *data, size_t len, struct records *rs, char **err)
{
	FILE *f = tmpfile();
	int rc;

	fwrite(data, 1, len, f);
	rewind(f);
	rc = crm_csv_read(f, collect, rs, err);
	fclose(f);
	return rc;
}

static int read_text(const char *data, struct records *rs)
{
	char *err = NULL;
	int rc = read_bytes(data, strlen(data), rs, &err);

	if (err)
		printf("# unexpected error: %s\n", err);
	free(err);
	return rc;
}

/* "a|b;c" style summary of records, fields joined by '|', records by ';'. */
static char *summary(const struct records *rs)
{
	char *s = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&s, &len);

	for (int i = 0; i < rs->n; i++) {
		if (i)
			fputc(';', out);
		for (int j = 0; j < rs->r[i].n; j++)
			fprintf(out, "%s%s", j ? "|" : "", rs->r[i].f[j]);
	}
	fclose(out);
	return s;
}

static char *lines(const struct records *rs)
{
	char *s = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&s, &len);

	for (int i = 0; i < rs->n; i++)
		fprintf(out, "%s%ld", i ? "," : "", rs->r[i].line);
	fclose(out);
	return s;
}

/* Reads data and checks the records and the lines they start on. */
static void check_read(const char *data, const char *want, const char *want_lines, const char *what)
{
	struct records rs = {0};
	char *got, *got_lines;

	is_int(read_text(data, &rs), 0, "%s: read succeeds", what);
	got = summary(&rs);
	got_lines = lines(&rs);
	is_str(got, want, "%s: records", what);
	is_str(got_lines, want_lines, "%s: lines", what);
	free(got);
	free(got_lines);
	records_free(&rs);
}

/* ---------------------------------------------- a tiny JSON reader */

/* One object of the csv-spectrum answers: string keys to string values. */
struct object {
	char **keys, **vals;
	int n;
};

static const char *json_ws(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	return s;
}

static void put_utf8(FILE *out, unsigned long cp)
{
	if (cp < 0x80) {
		fputc((int)cp, out);
	} else if (cp < 0x800) {
		fputc(0xc0 | (int)(cp >> 6), out);
		fputc(0x80 | (int)(cp & 0x3f), out);
	} else if (cp < 0x10000) {
		fputc(0xe0 | (int)(cp >> 12), out);
		fputc(0x80 | (int)((cp >> 6) & 0x3f), out);
		fputc(0x80 | (int)(cp & 0x3f), out);
	} else {
		fputc(0xf0 | (int)(cp >> 18), out);
		fputc(0x80 | (int)((cp >> 12) & 0x3f), out);
		fputc(0x80 | (int)((cp >> 6) & 0x3f), out);
		fputc(0x80 | (int)(cp & 0x3f), out);
	}
}

static const char *json_hex4(const char *s, unsigned long *cp)
{
	char hex[5] = {0};
	char *end;

	memcpy(hex, s, 4);
	*cp = strtoul(hex, &end, 16);
	return end == hex + 4 ? s + 4 : NULL;
}

static const char *json_escape(const char *s, FILE *out)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *c = *s ? strchr(from, *s) : NULL;
	unsigned long cp, lo;

	if (c) {
		fputc(to[c - from], out);
		return s + 1;
	}
	if (*s != 'u' || !(s = json_hex4(s + 1, &cp)))
		return NULL;
	if (cp >= 0xd800 && cp <= 0xdbff && s[0] == '\\' && s[1] == 'u' && json_hex4(s + 2, &lo) &&
	    lo >= 0xdc00 && lo <= 0xdfff) {
		cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
		s += 6;
	}
	put_utf8(out, cp);
	return s;
}

/* Parses a JSON string at s into *out; returns the rest, or NULL. */
static const char *json_string(const char *s, char **out)
{
	size_t len = 0;
	FILE *f;

	if (*s != '"')
		return NULL;
	f = open_memstream(out, &len);
	for (s++; s && *s && *s != '"';)
		s = *s == '\\' ? json_escape(s + 1, f) : (fputc(*s, f), s + 1);
	fclose(f);
	if (!s || *s != '"') {
		free(*out);
		*out = NULL;
		return NULL;
	}
	return s + 1;
}

static void object_add(struct object *o, char *key, char *val)
{
	o->keys = realloc(o->keys, (o->n + 1) * sizeof(*o->keys));
	o->vals = realloc(o->vals, (o->n + 1) * sizeof(*o->vals));
	o->keys[o->n] = key;
	o->vals[o->n++] = val;
}

static void objects_free(struct object *objs, int n)
{
	for (int i = 0; i < n; i++) {
		for (int j = 0; j < objs[i].n; j++) {
			free(objs[i].keys[j]);
			free(objs[i].vals[j]);
		}
		free(objs[i].keys);
		free(objs[i].vals);
	}
	free(objs);
}

static const char *json_object(const char *s, struct object *o)
{
	s = json_ws(s);
	if (*s++ != '{')
		return NULL;
	s = json_ws(s);
	if (*s == '}')
		return s + 1;
	for (;;) {
		char *key = NULL, *val = NULL;

		s = json_string(json_ws(s), &key);
		if (s && *(s = json_ws(s)) == ':')
			s = json_string(json_ws(s + 1), &val);
		else
			s = NULL;
		if (!s) {
			free(key);
			free(val);
			return NULL;
		}
		object_add(o, key, val);
		s = json_ws(s);
		if (*s == '}')
			return s + 1;
		if (*s++ != ',')
			return NULL;
	}
}

/* Parses an array of flat string objects; returns their number, or -1. */
static int json_objects(const char *s, struct object **objs)
{
	int n = 0;

	*objs = NULL;
	s = json_ws(s);
	if (*s++ != '[')
		return -1;
	if (*(s = json_ws(s)) == ']')
		return 0;
	for (;;) {
		*objs = realloc(*objs, (n + 1) * sizeof(**objs));
		memset(&(*objs)[n], 0, sizeof(**objs));
		s = json_object(s, &(*objs)[n++]);
		if (s)
			s = json_ws(s);
		if (s && *s == ']')
			return n;
		if (!s || *s++ != ',') {
			objects_free(*objs, n);
			*objs = NULL;
			return -1;
		}
	}
}

/* ------------------------------------------------------ csv-spectrum */

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *s = NULL;
	size_t len = 0;
	FILE *out;
	int c;

	if (!f)
		return NULL;
	out = open_memstream(&s, &len);
	while ((c = getc(f)) != EOF)
		fputc(c, out);
	fclose(out);
	fclose(f);
	return s;
}

static int read_file(const char *path, struct records *rs, char **err)
{
	FILE *f = fopen(path, "rb");
	int rc;

	if (!f)
		return -2;
	rc = crm_csv_read(f, collect, rs, err);
	fclose(f);
	return rc;
}

/* Whether the records (a header, then rows) say what the objects say; why not in *why. */
static int same_as_objects(const struct records *rs, const struct object *objs, int nobjs,
                           char *why, size_t size)
{
	if (rs->n != nobjs + 1) {
		snprintf(why, size, "%d records after the header, want %d", rs->n - 1, nobjs);
		return 0;
	}
	for (int i = 0; i < nobjs; i++) {
		const struct record *r = &rs->r[i + 1];

		if (r->n != objs[i].n || rs->r[0].n != objs[i].n) {
			snprintf(why, size, "row %d: %d fields, want %d", i + 1, r->n, objs[i].n);
			return 0;
		}
		for (int j = 0; j < r->n; j++) {
			if (strcmp(rs->r[0].f[j], objs[i].keys[j]) != 0 ||
			    strcmp(r->f[j], objs[i].vals[j]) != 0) {
				snprintf(why, size, "row %d field %d: '%s'='%s', want '%s'='%s'",
				         i + 1, j + 1, rs->r[0].f[j], r->f[j], objs[i].keys[j],
				         objs[i].vals[j]);
				return 0;
			}
		}
	}
	return 1;
}

static void check_spectrum_case(const char *dir, const char *name)
{
	char path[4096], why[512] = "";
	struct records rs = {0};
	struct object *objs = NULL;
	char *json, *err = NULL;
	int nobjs = -1, rc;

	snprintf(path, sizeof(path), "%s/csv-spectrum/json/%s.json", dir, name);
	json = slurp(path);
	if (json)
		nobjs = json_objects(json, &objs);
	snprintf(path, sizeof(path), "%s/csv-spectrum/csvs/%s.csv", dir, name);
	rc = read_file(path, &rs, &err);
	if (nobjs < 0)
		snprintf(why, sizeof(why), "cannot read the expected JSON");
	else if (rc != 0)
		snprintf(why, sizeof(why), "read failed (%d): %s", rc, err ? err : "");
	ok(nobjs >= 0 && rc == 0 && same_as_objects(&rs, objs, nobjs, why, sizeof(why)),
	   "csv-spectrum %s", name);
	if (*why)
		printf("#   %s\n", why);
	free(err);
	free(json);
	if (nobjs > 0)
		objects_free(objs, nobjs);
	records_free(&rs);
}

/* Its JSON is wrong (see testdata/SOURCES.md): only the reading itself is checked. */
static void check_location_coordinates(const char *dir)
{
	char path[4096];
	struct records rs = {0};
	char *err = NULL;
	int rc;

	snprintf(path, sizeof(path), "%s/csv-spectrum/csvs/location_coordinates.csv", dir);
	rc = read_file(path, &rs, &err);
	ok(rc == 0 && rs.n == 2 && rs.r[1].n == 4,
	   "csv-spectrum location_coordinates: read, 1 record after the header");
	ok(rs.n == 2 && rs.r[1].n == 4 && strstr(rs.r[1].f[1], "37.8\"N") &&
	       strcmp(rs.r[1].f[2], "Modesto") == 0,
	   "csv-spectrum location_coordinates: a bare quote in an unquoted field is data");
	free(err);
	records_free(&rs);
}

static const char *const spectrum_cases[] = {
    "comma_in_quotes",
    "empty",
    "empty_crlf",
    "escaped_quotes",
    "json",
    "newlines",
    "newlines_crlf",
    "quotes_and_newlines",
    "simple",
    "simple_crlf",
    "utf8",
};
enum { NSPECTRUM = sizeof(spectrum_cases) / sizeof(spectrum_cases[0]) };

static void test_spectrum(void)
{
	const char *dir = getenv("CRM_TESTDATA");
	char probe[4096];
	struct stat st;

	if (!dir || !*dir)
		dir = "../shared/testdata";
	snprintf(probe, sizeof(probe), "%s/csv-spectrum/csvs", dir);
	if (stat(probe, &st) != 0 || !S_ISDIR(st.st_mode)) {
		for (int i = 0; i < NSPECTRUM + 2; i++)
			printf("ok %d # SKIP testdata absent\n", ++tap_n);
		return;
	}
	for (int i = 0; i < NSPECTRUM; i++)
		check_spectrum_case(dir, spectrum_cases[i]);
	check_location_coordinates(dir);
}

/* ------------------------------------------------------- edge cases */

static void test_edges(void)
{
	check_read("\xEF\xBB\xBFid,name\n1,Ana\n", "id|name;1|Ana", "1,2", "BOM at the start");
	check_read("a\n\xEF\xBB\xBF"
	           "b\n",
	           "a;\xEF\xBB\xBF"
	           "b",
	           "1,2", "BOM elsewhere is data");
	check_read("\xEF\xBB\xBF", "", "", "a BOM alone");
	check_read("", "", "", "empty input");
	check_read("a,b\r\n1,2\r\n", "a|b;1|2", "1,2", "CRLF");
	check_read("a,b\r1,2\r", "a|b;1|2", "1,2", "lone CR ends a line");
	check_read("a,b\n1,2", "a|b;1|2", "1,2", "no final newline");
	check_read("a\n\"x,y\"", "a;x,y", "1,2", "no final newline after a quoted field");
	check_read("a\n\n  \n\r\n\nb\n\n", "a;b", "1,6", "blank lines give no record");
	check_read(",\"\",x\n\"\"\n", "||x;", "1,2", "empty and empty quoted fields are both \"\"");
	check_read("ab\"c,d\"e\"\n", "ab\"c|d\"e\"", "1", "stray quotes in unquoted fields");
	check_read("h1,h2\n\"multi\nline\nvalue\",x\nnext,row\n\n\nlast,1\n",
	           "h1|h2;multi\nline\nvalue|x;next|row;last|1", "1,2,5,8",
	           "lines after a quoted multi-line field");
	check_read("a\r\n\"b\r\nc\",\"d\re\"\r\nf\r\n", "a;b\r\nc|d\re;f", "1,2,5",
	           "CRLF and CR inside quotes count as line ends");
	check_read(" a , b \n", "a|b", "1", "blanks around unquoted fields are dropped");
	check_read("\" a \",\"\tb\"\n", " a |\tb", "1", "blanks inside quotes are kept");
}

static void test_stop_and_errors(void)
{
	struct records rs = {.stop_after = 1};
	char *err = NULL;
	int rc;

	rc = read_bytes("a\nb\nc\n", 6, &rs, &err);
	is_int(rc, 7, "a callback's non-zero return stops reading and is returned");
	is_int(rs.n, 1, "no record after the stop");
	records_free(&rs);

	rs.stop_after = 0;
	rc = read_bytes("a,b\nc,\"d\ne\n", 11, &rs, &err);
	is_int(rc, -1, "an unterminated quoted field is an error");
	is_str(err,
	       "line 2: malformed CSV (error parsing data while strict checking enabled): "
	       "unterminated quoted field",
	       "its message names the line");
	free(err);
	records_free(&rs);

	rc = read_bytes("a\n\"b", 4, &rs, NULL);
	is_int(rc, -1, "errors are reported without a message pointer too");
	records_free(&rs);
}

/* Builds a file whose line ends fall across the reader's 64 KiB buffer boundary. */
static void test_buffer_boundary(void)
{
	enum { CHUNK = 64 * 1024 };
	size_t n = 3 * CHUNK;
	char *data = malloc(n + 1);
	struct records rs = {0};
	size_t pos = 0;
	int rc;

	/* a CRLF split by the first boundary */
	memset(data, 'a', CHUNK - 1);
	pos = CHUNK - 1;
	data[pos++] = '\r';
	data[pos++] = '\n';
	pos += (size_t)sprintf(data + pos, "b\n\"");
	/* a quoted field with a newline right on the second boundary */
	memset(data + pos, 'q', 2 * CHUNK - 1 - pos);
	pos = 2 * CHUNK - 1;
	data[pos++] = '\n';
	pos += (size_t)sprintf(data + pos, "z\",y\nlast\n");

	rc = read_bytes(data, pos, &rs, NULL);
	is_int(rc, 0, "64 KiB boundary: read succeeds");
	ok(rs.n == 4 && strlen(rs.r[0].f[0]) == CHUNK - 1 && strcmp(rs.r[1].f[0], "b") == 0 &&
	       rs.r[2].n == 2 && strcmp(rs.r[3].f[0], "last") == 0,
	   "64 KiB boundary: fields intact");
	if (rs.n == 4) {
		char *got = lines(&rs);
		is_str(got, "1,2,3,5", "64 KiB boundary: a split CRLF counts once");
		free(got);
	} else {
		ok(0, "64 KiB boundary: a split CRLF counts once");
	}
	records_free(&rs);
	free(data);
}

/* ------------------------------------------- spreadsheets' files */

/* Reads len bytes as an import does; *how holds what it forces and what it found. */
static int read_how(const char *data, size_t len, struct crm_csv_in *how, struct records *rs,
                    char **err)
{
	FILE *f = tmpfile();
	int rc;

	fwrite(data, 1, len, f);
	rewind(f);
	rc = crm_csv_read_with(f, how, collect, rs, err);
	fclose(f);
	return rc;
}

/* Reads data as an import does and checks the records, the delimiter and the encoding found. */
static void check_found(const char *data, size_t len, const char *want, int want_delim,
                        const char *want_from, const char *what)
{
	struct crm_csv_in how = {0};
	struct records rs = {0};
	char *err = NULL, *got;
	int rc = read_how(data, len, &how, &rs, &err);

	is_int(rc, 0, "%s: read succeeds%s%s", what, err ? ": " : "", err ? err : "");
	got = summary(&rs);
	is_str(got, want, "%s: records", what);
	is_int(how.delimiter_used, want_delim, "%s: delimiter", what);
	is_str(how.converted_from ? how.converted_from : "UTF-8", want_from, "%s: encoding", what);
	free(got);
	free(err);
	records_free(&rs);
}

static void test_delimiters(void)
{
	check_found("a;b;c\r\n1;2,5;3\r\n", 16, "a|b|c;1|2,5|3", ';', "UTF-8", "semicolons");
	check_found("a\tb c\tc\n1\t 2\t3\n", 15, "a|b c|c;1|2|3", '\t', "UTF-8",
	            "tabs: a tab is a delimiter, not a blank to trim");
	check_found("a|b\n1|2\n", 8, "a|b;1|2", '|', "UTF-8", "pipes");
	check_found("\"x;y;z\",b\n1,2\n", 14, "x;y;z|b;1|2", ',', "UTF-8",
	            "a delimiter inside quotes does not count");
	check_found("name\nAna\n", 9, "name;Ana", ',', "UTF-8", "one column: a comma");
	check_found("a;b,c\n", 6, "a;b|c", ',', "UTF-8", "a tie goes to the first of , ; tab |");

	struct crm_csv_in how = {.delimiter = ','};
	struct records rs = {0};
	is_int(read_how("a;b\n1;2\n", 8, &how, &rs, NULL), 0, "forced comma: read succeeds");
	char *got = summary(&rs);
	is_str(got, "a;b;1;2", "forced comma: the semicolons are data");
	free(got);
	records_free(&rs);
}

static void test_encodings(void)
{
	check_found("n\nJos\xe9\n", 7, "n;José", ',', "Windows-1252", "Windows-1252");
	check_found("n\n\x80 10\n", 7, "n;€ 10", ',', "Windows-1252", "the euro sign is 0x80");
	check_found("n\nJos\xc3\xa9\n", 8, "n;José", ',', "UTF-8", "UTF-8");
	check_found("\xef\xbb\xbfn\nA\n", 7, "n;A", ',', "UTF-8", "a UTF-8 BOM");
	check_found("\xff\xfen\0\t\0m\0\n\0\xd1\0\t\0\xac\x20\n\0", 18, "n|m;Ñ|€", '\t', "UTF-8",
	            "UTF-16LE by its BOM (not a guess: no note)");
	check_found("\xfe\xff\0n\0\n\0\xd1", 8, "n;Ñ", ',', "UTF-8", "UTF-16BE by its BOM");

	struct crm_csv_in how = {0};
	struct records rs = {0};
	char *err = NULL;
	is_int(read_how("n\nA\n\x81\n", 6, &how, &rs, &err), -1, "0x81: neither encoding");
	is_str(err,
	       "line 3: neither UTF-8 nor Windows-1252 text (byte 0x81); name the file's encoding "
	       "with --encoding (iconv -l lists them)",
	       "0x81: the message names the line, the byte and --encoding");
	free(err);
	records_free(&rs);

	struct crm_csv_in latin9 = {.encoding = "ISO-8859-15"};
	is_int(read_how("n\n\xa4\n", 4, &latin9, &rs, NULL), 0, "a named encoding: read succeeds");
	ok(rs.n == 2 && !strcmp(rs.r[1].f[0], "€") && !latin9.converted_from,
	   "a named encoding is used, and needs no note");
	records_free(&rs);

	struct crm_csv_in bogus = {.encoding = "NO-SUCH-ENCODING"};
	err = NULL;
	is_int(read_how("n\n", 2, &bogus, &rs, &err), -1, "an unknown encoding is refused");
	free(err);
	records_free(&rs);
}

/* A character cut by the 64 KiB read boundary is read whole, whatever the encoding. */
static void test_encoding_boundary(void)
{
	enum { CHUNK = 64 * 1024 };
	char *data = malloc(2 * CHUNK + 16);
	struct crm_csv_in how = {0};
	struct records rs = {0};
	size_t pos;

	/* UTF-8: an "é" split by the boundary, the file's first non-ASCII */
	memcpy(data, "n\n", 2);
	memset(data + 2, 'a', CHUNK - 3);
	pos = CHUNK - 1;
	memcpy(data + pos, "\xc3\xa9\n", 3);
	pos += 3;
	is_int(read_how(data, pos, &how, &rs, NULL), 0, "UTF-8 at the boundary: read succeeds");
	ok(rs.n == 2 && strlen(rs.r[1].f[0]) == CHUNK - 1 &&
	       !strcmp(rs.r[1].f[0] + CHUNK - 3, "\xc3\xa9") && !how.converted_from,
	   "UTF-8 at the boundary: the character whole, no conversion");
	records_free(&rs);

	/* UTF-16LE: a character whose two bytes the boundary splits */
	memcpy(data, "\xff\xfen\0\n\0", 6);
	for (pos = 6; pos < CHUNK + 1; pos += 2)
		memcpy(data + pos, "a\0", 2);
	memcpy(data + pos, "\xd1\0\n\0", 4);
	pos += 4;
	is_int(read_how(data, pos, &how, &rs, NULL), 0, "UTF-16 at the boundary: read succeeds");
	ok(rs.n == 2 && !strcmp(rs.r[1].f[0] + strlen(rs.r[1].f[0]) - 2, "Ñ"),
	   "UTF-16 at the boundary: the character whole");
	records_free(&rs);
	free(data);
}

/* ------------------------------------------------------------ writer */

static char *write_record(const char *const *fields, int n)
{
	char *s = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&s, &len);

	if (crm_csv_write_record(out, fields, n) != 0)
		printf("# crm_csv_write_record failed\n");
	fclose(out);
	return s;
}

static void check_write(const char *const *fields, int n, const char *want, const char *what)
{
	char *got = write_record(fields, n);

	is_str(got, want, "write: %s", what);
	free(got);
}

static void test_writer(void)
{
	const char *plain[] = {"1", "Ana García", "x y"};
	const char *nulls[] = {NULL, "", "z"};
	const char *special[] = {"a,b", "say \"hi\"", "l1\nl2", "cr\rx"};
	const char *blanks[] = {" lead", "trail ", "\ttab", "mid dle"};
	const char *lone_empty[] = {""};
	const char *lone_null[] = {NULL};

	check_write(plain, 3, "1,Ana García,x y\n", "plain fields are not quoted");
	check_write(nulls, 3, ",,z\n", "NULL and \"\" are empty fields");
	check_write(special, 4, "\"a,b\",\"say \"\"hi\"\"\",\"l1\nl2\",\"cr\rx\"\n",
	            "comma, quote, LF and CR are quoted");
	check_write(blanks, 4, "\" lead\",\"trail \",\"\ttab\",mid dle\n",
	            "leading and trailing blanks are quoted");
	check_write(lone_empty, 1, "\"\"\n", "a lone empty field is quoted to stay a record");
	check_write(lone_null, 1, "\"\"\n", "a lone NULL field too");
	check_write(NULL, 0, "\n", "no fields");

	FILE *full = fopen("/dev/full", "w");
	if (full) {
		char big[8192];

		memset(big, 'x', sizeof(big) - 1);
		big[sizeof(big) - 1] = '\0';
		const char *f[] = {big};
		int rc = 0;

		for (int i = 0; i < 4 && rc == 0; i++)
			rc = crm_csv_write_record(full, f, 1);
		is_int(rc, -1, "write: a write error is reported");
		fclose(full);
	} else {
		printf("ok %d # SKIP /dev/full absent\n", ++tap_n);
	}
}

static void test_round_trip(void)
{
	static const char *const awkward[] = {
	    "plain",     "a,b",         "say \"hi\"", "\"",     "\"\"",  "line1\nline2",
	    "crlf\r\nx", "cr\rx",       " lead",      "trail ", "\ttab", "",
	    "García",    "back\\slash", ",",          "\n",     "x\"y",  "  ",
	};
	enum { N = sizeof(awkward) / sizeof(awkward[0]) };
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	const char *empty[] = {""};
	struct records rs = {0};
	int same = 1;

	crm_csv_write_record(out, awkward, N);
	crm_csv_write_record(out, empty, 1);
	crm_csv_write_record(out, awkward + 1, N - 1);
	fclose(out);
	is_int(read_bytes(text, len, &rs, NULL), 0, "round trip: read back");
	is_int(rs.n, 3, "round trip: three records");
	if (rs.n == 3) {
		for (int i = 0; i < N; i++)
			same = same && rs.r[0].n == N && strcmp(rs.r[0].f[i], awkward[i]) == 0;
		for (int i = 1; i < N; i++)
			same =
			    same && rs.r[2].n == N - 1 && strcmp(rs.r[2].f[i - 1], awkward[i]) == 0;
		ok(same, "round trip: awkward values come back the same");
		ok(rs.r[1].n == 1 && strcmp(rs.r[1].f[0], "") == 0,
		   "round trip: a record of one empty field");
		is_int(rs.r[2].line, 7, "round trip: line numbers count quoted line ends");
	} else {
		ok(0, "round trip: awkward values come back the same");
		ok(0, "round trip: a record of one empty field");
		ok(0, "round trip: line numbers count quoted line ends");
	}
	records_free(&rs);
	free(text);
}

/* A reader's error for len bytes of CSV (malloc'd), or NULL when it took them. */
static char *error_of(const char *data, size_t len, struct records *rs)
{
	char *err = NULL;

	if (read_bytes(data, len, rs, &err) >= 0) {
		free(err);
		err = NULL;
	}
	records_free(rs);
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

/* Input past input_limits.h's limits, and NUL bytes, are refused naming line and field. */
static void test_limits(void)
{
	struct records rs = {0};
	size_t big = 5 * (size_t)CRM_FIELD_MAX;
	char *buf = malloc(big + 64), *err;
	int n;

	/* a record of commas: each one a field */
	n = sprintf(buf, "a,b\n");
	memset(buf + n, ',', CRM_FIELDS_MAX + 10);
	strcpy(buf + n + CRM_FIELDS_MAX + 10, "\n");
	err = error_of(buf, strlen(buf), &rs);
	is_str(err, over(2, NULL, CRM_FIELDS_MAX, "fields in a record"), "limit: fields");
	free(err);
	n = sprintf(buf, "a\n");
	memset(buf + n, ',', CRM_FIELDS_MAX - 1);
	strcpy(buf + n + CRM_FIELDS_MAX - 1, "\n");
	err = error_of(buf, strlen(buf), &rs);
	is_str(err, NULL, "limit: as many fields as the limit are taken");
	free(err);

	/* one field too long, unquoted and quoted over lines */
	n = sprintf(buf, "name,notes\nx,");
	memset(buf + n, 'y', CRM_FIELD_MAX + 1);
	strcpy(buf + n + CRM_FIELD_MAX + 1, "\n");
	err = error_of(buf, strlen(buf), &rs);
	is_str(err, over(2, "notes", CRM_FIELD_MAX, "bytes in a field"),
	       "limit: a field, named by its header");
	free(err);
	n = sprintf(buf, "name,notes\nx,\"");
	for (int i = 0; i < CRM_FIELD_MAX / 4 + 1000; i++)
		memcpy(buf + n + 4 * i, "abc\n", 4);
	strcpy(buf + n + 4 * (CRM_FIELD_MAX / 4 + 1000), "\"\n");
	err = error_of(buf, strlen(buf), &rs);
	ok(err && strstr(err, over(0, "notes", CRM_FIELD_MAX, "bytes in a field") + 8),
	   "limit: a quoted field over lines: %s", err ? err : "(none)");
	free(err);

	/* a record too long, made of fields that are each short enough */
	n = sprintf(buf, "a,b,c,d,e\n");
	for (int i = 0; i < 5; i++) {
		memset(buf + n, 'z', CRM_FIELD_MAX - 1);
		n += CRM_FIELD_MAX - 1;
		buf[n++] = i < 4 ? ',' : '\n';
	}
	buf[n] = '\0';
	err = error_of(buf, (size_t)n, &rs);
	is_str(err, over(2, NULL, CRM_LINE_MAX, "bytes in a record"), "limit: a record");
	free(err);

	/* NUL bytes: named by header, or by column in the header line */
	err = error_of("name,email\nAna,a\0b@x.es\n", 25, &rs);
	is_str(err, "line 2: email: NUL byte in the data (not a text file?)", "NUL: in a field");
	free(err);
	err = error_of("name,email\nAna,a\0b", 19, &rs);
	is_str(err, "line 2: email: NUL byte in the data (not a text file?)",
	       "NUL: in the last field, with no line end");
	free(err);
	err = error_of("name,em\0ail\n", 13, &rs);
	is_str(err, "line 1: column 2: NUL byte in the data (not a text file?)",
	       "NUL: in the header line");
	free(err);
	free(buf);
}

int main(void)
{
	test_spectrum();
	test_edges();
	test_stop_and_errors();
	test_buffer_boundary();
	test_delimiters();
	test_encodings();
	test_encoding_boundary();
	test_writer();
	test_round_trip();
	test_limits();
	return tap_done();
}
