/* test_format.c - the exact bytes of every output format. */
#define _GNU_SOURCE
#include "crm.h"
#include "tap.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const struct crm_column people_cols[] = {
    {"id", 1},
    {"name", 0},
    {"city", 0},
};

static const char *const people[][3] = {
    {"1", "Ana García", "Ñuñoa"},
    {"22", NULL, "Madrid"},
    {"333", "a\tb\nc\\d\"e,f", "Sé"},
};

/* Prints rows (nrows x ncols values, row after row) and returns the bytes written. */
static char *render(enum crm_format fmt, int header, const struct crm_column *cols, int ncols,
                    const char *const *vals, int nrows)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	struct crm_printer *p = crm_printer_new(fmt, out, header);

	crm_printer_begin(p, cols, ncols);
	for (int r = 0; r < nrows; r++)
		crm_printer_row(p, vals + (size_t)r * ncols);
	if (crm_printer_end(p) != 0)
		printf("# crm_printer_end failed\n");
	fclose(out);
	return text;
}

static char *render_people(enum crm_format fmt, int header, int nrows)
{
	return render(fmt, header, people_cols, 3, &people[0][0], nrows);
}

/* Checks one rendering and frees it. */
static void check(char *got, const char *want, const char *what)
{
	is_str(got, want, "%s", what);
	free(got);
}

static void test_format_names(void)
{
	is_int(crm_format_parse("table"), CRM_FMT_TABLE, "parse table");
	is_int(crm_format_parse("tsv"), CRM_FMT_TSV, "parse tsv");
	is_int(crm_format_parse("csv"), CRM_FMT_CSV, "parse csv");
	is_int(crm_format_parse("json"), CRM_FMT_JSON, "parse json");
	is_int(crm_format_parse("jsonl"), CRM_FMT_JSONL, "parse jsonl");
	is_int(crm_format_parse("ids"), CRM_FMT_IDS, "parse ids");
	is_int(crm_format_parse("JSON"), -1, "format names are case-sensitive");
	is_int(crm_format_parse("xml"), -1, "unknown format");
	is_int(crm_format_parse(""), -1, "empty format name");
	is_str(crm_format_names(), "table, tsv, csv, json, jsonl, ids", "format names listed");
}

static void test_table(void)
{
	check(render_people(CRM_FMT_TABLE, -1, 3),
	      " id  name         city\n"
	      "  1  Ana García   Ñuñoa\n"
	      " 22               Madrid\n"
	      "333  a b c\\d\"e,f  Sé\n",
	      "table: header by default, UTF-8 widths, numbers right, tab/newline as space");
	check(render_people(CRM_FMT_TABLE, 0, 3),
	      "  1  Ana García   Ñuñoa\n"
	      " 22               Madrid\n"
	      "333  a b c\\d\"e,f  Sé\n",
	      "table: no header");
	check(render_people(CRM_FMT_TABLE, 1, 0), "id  name  city\n", "table: empty result");
	check(render_people(CRM_FMT_TABLE, 0, 0), "", "table: empty result, no header");
}

static void test_table_alignment(void)
{
	static const struct crm_column cols[] = {{"name", 0}, {"amount", 1}, {"note", 0}};
	static const char *const rows[][3] = {
	    {"Ana", "5", "x"},
	    {"Bob", "1234", NULL},
	    {"Zoë", NULL, "last"},
	};

	check(render(CRM_FMT_TABLE, -1, cols, 3, &rows[0][0], 3),
	      "name  amount  note\n"
	      "Ana        5  x\n"
	      "Bob     1234\n"
	      "Zoë           last\n",
	      "table: numeric column right-aligned, no trailing blanks after an empty last cell");

	static const struct crm_column two[] = {{"name", 0}, {"n", 1}};
	static const char *const tworows[][2] = {{"a", "7"}, {"bb", "123"}};
	check(render(CRM_FMT_TABLE, -1, two, 2, &tworows[0][0], 2),
	      "name    n\n"
	      "a       7\n"
	      "bb    123\n",
	      "table: a numeric last column is padded on the left only");

	static const char *const cjk[][2] = {{"漢字", "1"}, {"ab", "22"}};
	check(render(CRM_FMT_TABLE, -1, two, 2, &cjk[0][0], 2),
	      "name   n\n"
	      "漢字   1\n"
	      "ab    22\n",
	      "table: double-width characters take two columns");
}

static void test_table_wide_columns(void)
{
	static const struct crm_column cols[] = {{"a", 0}, {"b", 0}};
	const char *long50 = "0123456789012345678901234567890123456789012345678Z";
	const char *rows[2] = {long50, long50};

	check(render(CRM_FMT_TABLE, 0, cols, 2, rows, 1),
	      "012345678901234567890123456789012345678…  "
	      "0123456789012345678901234567890123456789012345678Z\n",
	      "table: columns but the last stop at 40, cut with an ellipsis");
}

/* Prints 500 alike rows then the later ones, and returns what follows the 500. */
static char *render_streamed(int header, const char *const *later, int nlater)
{
	static const struct crm_column cols[] = {{"id", 1}, {"name", 0}, {"x", 0}, {"note", 0}};
	enum { NFIRST = 500 };
	const char **vals = calloc((NFIRST + nlater) * 4, sizeof(*vals));
	char *text, *tail;

	for (int r = 0; r < NFIRST; r++) {
		vals[r * 4] = "7";
		vals[r * 4 + 1] = "ab";
		vals[r * 4 + 2] = "";
		vals[r * 4 + 3] = "n";
	}
	memcpy(vals + NFIRST * 4, later, nlater * 4 * sizeof(*vals));
	text = render(CRM_FMT_TABLE, header, cols, 4, vals, NFIRST + nlater);
	free(vals);
	/* skip the header (if any) and the 500 first rows */
	tail = text;
	for (int i = 0; i < NFIRST + (header != 0) && tail; i++) {
		tail = strchr(tail, '\n');
		if (tail)
			tail++;
	}
	tail = strdup(tail ? tail : "");
	free(text);
	return tail;
}

static void test_table_streaming(void)
{
	const char *later[] = {
	    "8",     "abcdef",       "",   "a much longer note than before",
	    "12345", "Ñuñoa García", "xy", "n",
	    "9",     "abcd",         NULL, NULL,
	};
	char *text;

	check(render_streamed(1, later, 3),
	      " 8  abc…     a much longer note than before\n"
	      "1…  Ñuñ…  xy  n\n"
	      " 9  abcd\n",
	      "table: rows after the first 500 keep the widths, wider values cut with …");

	/* Without a header the widths come from the values alone. */
	check(render_streamed(0, later, 3),
	      "8  a…    a much longer note than before\n"
	      "12345  Ñ…  xy  n\n"
	      "9  a…\n",
	      "table: no header, narrower columns, a 1-wide column is not cut");

	const char *wide[] = {"9", "漢字漢字", "", "n"};
	check(render_streamed(1, wide, 1), " 9  漢…      n\n",
	      "table: a cut before a double-width character is padded to the column");

	text = render_streamed(1, later, 0);
	is_str(text, "", "table: exactly 500 rows print nothing more");
	free(text);
}

static void test_tsv(void)
{
	check(render_people(CRM_FMT_TSV, -1, 3),
	      "1\tAna García\tÑuñoa\n"
	      "22\t\tMadrid\n"
	      "333\ta\\tb\\nc\\\\d\"e,f\tSé\n",
	      "tsv: no header by default, escapes, NULL empty");
	check(render_people(CRM_FMT_TSV, 1, 1), "id\tname\tcity\n1\tAna García\tÑuñoa\n",
	      "tsv: header on request");
	check(render_people(CRM_FMT_TSV, -1, 0), "", "tsv: empty result");
	check(render_people(CRM_FMT_TSV, 1, 0), "id\tname\tcity\n", "tsv: empty result, header");

	static const struct crm_column col[] = {{"v", 0}};
	const char *cr[] = {"a\r\nb"};
	check(render(CRM_FMT_TSV, 0, col, 1, cr, 1), "a\\r\\nb\n", "tsv: CR escaped");
}

static void test_csv(void)
{
	check(render_people(CRM_FMT_CSV, -1, 3),
	      "id,name,city\n"
	      "1,Ana García,Ñuñoa\n"
	      "22,,Madrid\n"
	      "333,\"a\tb\nc\\d\"\"e,f\",Sé\n",
	      "csv: header by default, quoting only where needed, NULL empty");
	check(render_people(CRM_FMT_CSV, 0, 1), "1,Ana García,Ñuñoa\n", "csv: no header");
	check(render_people(CRM_FMT_CSV, -1, 0), "id,name,city\n", "csv: empty result");
	check(render_people(CRM_FMT_CSV, 0, 0), "", "csv: empty result, no header");
}

static void test_json(void)
{
	check(render_people(CRM_FMT_JSON, -1, 3),
	      "[\n"
	      "{\"id\":1,\"name\":\"Ana García\",\"city\":\"Ñuñoa\"},\n"
	      "{\"id\":22,\"name\":null,\"city\":\"Madrid\"},\n"
	      "{\"id\":333,\"name\":\"a\\tb\\nc\\\\d\\\"e,f\",\"city\":\"Sé\"}\n"
	      "]\n",
	      "json: array of one-line objects");
	check(render_people(CRM_FMT_JSON, 1, 1),
	      "[\n{\"id\":1,\"name\":\"Ana García\",\"city\":\"Ñuñoa\"}\n]\n",
	      "json: one row, header flag ignored");
	check(render_people(CRM_FMT_JSON, -1, 0), "[]\n", "json: empty result");
	check(render_people(CRM_FMT_JSONL, -1, 3),
	      "{\"id\":1,\"name\":\"Ana García\",\"city\":\"Ñuñoa\"}\n"
	      "{\"id\":22,\"name\":null,\"city\":\"Madrid\"}\n"
	      "{\"id\":333,\"name\":\"a\\tb\\nc\\\\d\\\"e,f\",\"city\":\"Sé\"}\n",
	      "jsonl: one object per line");
	check(render_people(CRM_FMT_JSONL, 1, 0), "", "jsonl: empty result");
}

static void test_json_numbers(void)
{
	static const struct crm_column cols[] = {{"n", 1}};
	static const struct {
		const char *in, *out;
	} cases[] = {
	    {"0", "0"},         {"-12", "-12"},         {"3.25", "3.25"},
	    {"1e5", "1e5"},     {"-0.5E-3", "-0.5E-3"}, {"007", "\"007\""},
	    {"1.", "\"1.\""},   {".5", "\".5\""},       {"", "\"\""},
	    {"12 ", "\"12 \""}, {"abc", "\"abc\""},     {"+1", "\"+1\""},
	    {"1e", "\"1e\""},   {"-", "\"-\""},         {"0x10", "\"0x10\""},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *v[] = {cases[i].in};
		char want[64], what[64];

		snprintf(want, sizeof(want), "{\"n\":%s}\n", cases[i].out);
		snprintf(what, sizeof(what), "json: numeric column, value '%s'", cases[i].in);
		check(render(CRM_FMT_JSONL, -1, cols, 1, v, 1), want, what);
	}
}

static void test_json_strings(void)
{
	static const struct crm_column cols[] = {{"k\"ey", 0}};
	const char *ctl[] = {"\x01\b\f\r\x1f/\x7f"};
	const char *bad[] = {"a\xff"
	                     "b\xc3"
	                     "c\xed\xa0\x80"
	                     "d"};
	const char *wide[] = {"ʤ 漢字 😀"};

	check(render(CRM_FMT_JSONL, -1, cols, 1, ctl, 1),
	      "{\"k\\\"ey\":\"\\u0001\\b\\f\\r\\u001f/\x7f\"}\n",
	      "json: control characters escaped, key escaped");
	check(render(CRM_FMT_JSONL, -1, cols, 1, bad, 1),
	      "{\"k\\\"ey\":\"a\\ufffdb\\ufffdc\\ufffd\\ufffd\\ufffdd\"}\n",
	      "json: invalid UTF-8 bytes become U+FFFD");
	check(render(CRM_FMT_JSONL, -1, cols, 1, wide, 1), "{\"k\\\"ey\":\"ʤ 漢字 😀\"}\n",
	      "json: valid UTF-8 passes through");
}

static void test_ids(void)
{
	check(render_people(CRM_FMT_IDS, 1, 3), "1\n22\n333\n",
	      "ids: first column, never a header");
	check(render_people(CRM_FMT_IDS, -1, 0), "", "ids: empty result");
}

static void test_write_error(void)
{
	FILE *full = fopen("/dev/full", "w");
	struct crm_printer *p;
	int rc;

	if (!full) {
		printf("ok %d # SKIP /dev/full absent\n", ++tap_n);
		return;
	}
	p = crm_printer_new(CRM_FMT_TSV, full, 1);
	crm_printer_begin(p, people_cols, 3);
	crm_printer_row(p, people[0]);
	errno = 0;
	rc = crm_printer_end(p);
	is_int(rc, -1, "a write error is reported by crm_printer_end");
	is_int(errno, ENOSPC, "with errno set");
	fclose(full);
}

static void test_columns_copied(void)
{
	struct crm_column cols[] = {{NULL, 0}};
	char name[] = "first";
	const char *v[] = {"x"};
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	struct crm_printer *p = crm_printer_new(CRM_FMT_CSV, out, 1);

	cols[0].name = name;
	crm_printer_begin(p, cols, 1);
	strcpy(name, "XXXXX");
	crm_printer_row(p, v);
	crm_printer_end(p);
	fclose(out);
	is_str(text, "first\nx\n", "column names are copied at begin");
	free(text);
	ok(crm_printer_new((enum crm_format)42, stdout, -1) == NULL, "unknown format: no printer");
}

int main(void)
{
	test_format_names();
	test_table();
	test_table_alignment();
	test_table_wide_columns();
	test_table_streaming();
	test_tsv();
	test_csv();
	test_json();
	test_json_numbers();
	test_json_strings();
	test_ids();
	test_write_error();
	test_columns_copied();
	return tap_done();
}
