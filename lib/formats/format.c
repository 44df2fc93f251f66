/*
 * format.c - one printer, many formats (crm-formats(5)).
 *
 * Every format is a vtable of begin/row/end over the same printer, so a
 * command streams its rows without knowing how they are shown.  Only the
 * table keeps rows, and only its first TABLE_SAMPLE_ROWS, to size columns.
 */
#include "base/i18n.h"
#include "crm.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

enum {
	TABLE_SAMPLE_ROWS = 500, /* rows held back to size the table's columns */
	TABLE_MAX_WIDTH = 40,    /* widest column but the last, which may run on */
};

static const char *const format_names[] = {
    [CRM_FMT_TABLE] = "table", [CRM_FMT_TSV] = "tsv",     [CRM_FMT_CSV] = "csv",
    [CRM_FMT_JSON] = "json",   [CRM_FMT_JSONL] = "jsonl", [CRM_FMT_IDS] = "ids",
};
enum { NFORMATS = sizeof(format_names) / sizeof(format_names[0]) };

struct printer_ops {
	void (*begin)(struct crm_printer *p);
	void (*row)(struct crm_printer *p, const char *const *vals);
	void (*end)(struct crm_printer *p);
};

struct crm_printer {
	const struct printer_ops *ops;
	FILE *out;
	int header; /* 1 or 0, the format's default already applied */
	struct crm_column *cols;
	int ncols;
	long nrows;
	int write_errno; /* errno of the first failed write, 0 if none */
	struct crm_buf line;

	/* table only */
	char **sample; /* TABLE_SAMPLE_ROWS x ncols cleaned values, NULL for none */
	int nsample;
	size_t *width;
	int streaming; /* widths are fixed and the sample is printed */
	int own_names; /* the header as given, untranslated (crm sql's columns) */
};

int crm_format_parse(const char *name)
{
	for (int i = 0; i < NFORMATS; i++)
		if (name && strcmp(name, format_names[i]) == 0)
			return i;
	return -1;
}

const char *crm_format_names(void)
{
	return "table, tsv, csv, json, jsonl, ids";
}

/* ------------------------------------------------------------ output */

static void note_write_error(struct crm_printer *p)
{
	if (!p->write_errno)
		p->write_errno = errno ? errno : EIO;
}

/* Writes the line built so far and empties it. */
static void emit_line(struct crm_printer *p)
{
	if (p->line.len && fwrite(crm_buf_str(&p->line), 1, p->line.len, p->out) != p->line.len)
		note_write_error(p);
	crm_buf_reset(&p->line);
}

/* ------------------------------------------------------------- table */

/*
 * Tabs and line ends would break the grid: each becomes one space; other
 * control characters are shown, not obeyed (crm_visible): a table is for a
 * terminal.
 */
static char *table_clean(const char *s)
{
	char *c;

	if (!s)
		return NULL;
	c = crm_xstrdup(s);
	for (char *q = c; *q; q++)
		if (*q == '\t' || *q == '\n' || *q == '\r')
			*q = ' ';
	char *shown = crm_visible(c);
	free(c);
	if (!shown)
		crm_die(CRM_EXIT_DB, _("out of memory"));
	return shown;
}

static size_t cell_width(const char *s)
{
	return s ? crm_utf8_width(s) : 0;
}

static void table_begin(struct crm_printer *p)
{
	p->sample =
	    crm_xcalloc((size_t)TABLE_SAMPLE_ROWS * (p->ncols ? p->ncols : 1), sizeof(*p->sample));
	p->width = crm_xcalloc(p->ncols ? p->ncols : 1, sizeof(*p->width));
}

/* A column's name in a table's header: the reader's language, unless the names are the user's. */
static const char *table_label(const struct crm_printer *p, int i)
{
	return p->own_names ? p->cols[i].name : crm_field_label(p->cols[i].name);
}

void crm_printer_own_names(struct crm_printer *p)
{
	if (p)
		p->own_names = 1;
}

static void table_fix_widths(struct crm_printer *p)
{
	for (int i = 0; i < p->ncols; i++) {
		size_t w = p->header ? crm_utf8_width(table_label(p, i)) : 0;

		for (int r = 0; r < p->nsample; r++) {
			size_t v = cell_width(p->sample[r * p->ncols + i]);
			if (v > w)
				w = v;
		}
		if (i < p->ncols - 1 && w > TABLE_MAX_WIDTH)
			w = TABLE_MAX_WIDTH;
		p->width[i] = w;
	}
}

static void add_spaces(struct crm_buf *b, size_t n)
{
	while (n--)
		crm_buf_putc(b, ' ');
}

/*
 * Appends s cut to fit width columns, ending in "…", and returns the width
 * written.  A column of width 1 has no room for text and ellipsis, so such
 * values are left whole.
 */
static size_t add_cut(struct crm_buf *b, const char *s, size_t width)
{
	size_t n = crm_utf8_prefix(s, width - 1);
	char *prefix = crm_xstrndup(s, n);
	size_t w = crm_utf8_width(prefix) + 1;

	crm_buf_puts(b, prefix);
	crm_buf_puts(b, "…");
	free(prefix);
	return w;
}

/* The last column never needs cutting or trailing padding: nothing follows it. */
static void table_add_cell(struct crm_printer *p, int i, const char *s)
{
	struct crm_buf text = CRM_BUF_INIT;
	size_t width = p->width[i], w = cell_width(s);
	int last = i == p->ncols - 1;

	if (i > 0)
		crm_buf_puts(&p->line, "  ");
	if (!last && w > width && width > 1)
		w = add_cut(&text, s, width);
	else if (s)
		crm_buf_puts(&text, s);
	if (p->cols[i].numeric && w < width)
		add_spaces(&p->line, width - w);
	crm_buf_add(&p->line, crm_buf_str(&text), text.len);
	if (!p->cols[i].numeric && !last && w < width)
		add_spaces(&p->line, width - w);
	crm_buf_release(&text);
}

/* Ends the line, dropping the blanks an empty last cell leaves behind. */
static void table_end_line(struct crm_printer *p)
{
	while (p->line.len && p->line.s[p->line.len - 1] == ' ')
		p->line.len--;
	crm_buf_putc(&p->line, '\n');
	emit_line(p);
}

static void table_print_row(struct crm_printer *p, const char *const *vals)
{
	for (int i = 0; i < p->ncols; i++)
		table_add_cell(p, i, vals[i]);
	table_end_line(p);
}

static void table_print_header(struct crm_printer *p)
{
	for (int i = 0; i < p->ncols; i++) {
		/* a table is for people: its header in their language */
		char *name = table_clean(table_label(p, i));
		table_add_cell(p, i, name);
		free(name);
	}
	table_end_line(p);
}

/* Sizes the columns from what was held back, prints it, and lets later rows stream. */
static void table_flush_sample(struct crm_printer *p)
{
	table_fix_widths(p);
	if (p->header && p->ncols > 0)
		table_print_header(p);
	for (int r = 0; r < p->nsample; r++) {
		char **row = p->sample + (size_t)r * p->ncols;

		table_print_row(p, (const char *const *)row);
		for (int i = 0; i < p->ncols; i++)
			free(row[i]);
	}
	p->nsample = 0;
	p->streaming = 1;
}

static void table_row(struct crm_printer *p, const char *const *vals)
{
	if (p->streaming) {
		for (int i = 0; i < p->ncols; i++) {
			char *v = table_clean(vals[i]);
			table_add_cell(p, i, v);
			free(v);
		}
		table_end_line(p);
		return;
	}
	for (int i = 0; i < p->ncols; i++)
		p->sample[(size_t)p->nsample * p->ncols + i] = table_clean(vals[i]);
	if (++p->nsample == TABLE_SAMPLE_ROWS)
		table_flush_sample(p);
}

static void table_end(struct crm_printer *p)
{
	if (!p->streaming)
		table_flush_sample(p);
	free(p->sample);
	free(p->width);
}

/* ------------------------------------------------------ excel safety */

/* --excel-safe: set once per run, before any printing, so a process-wide flag */
static int excel_safe;

void crm_printer_excel_safe(int on)
{
	excel_safe = on != 0;
}

/* --delimiter: the same, for what separates csv fields */
static int csv_delimiter = ',';

void crm_printer_csv_delimiter(int delim)
{
	csv_delimiter = delim ? delim : ',';
}

/*
 * 1 if a spreadsheet would read v as a formula: it starts with = + - @, a
 * tab or a CR.  A plain number or phone number ("-12.50", "+34 600 12 34 56")
 * cannot call anything and is left as it is.
 */
static int formula_like(const char *v)
{
	if (!v || !*v || !strchr("=+-@\t\r", *v))
		return 0;
	if (*v == '-' || *v == '+')
		return v[1 + strspn(v + 1, "0123456789., ")] != '\0' || !v[1];
	return 1;
}

/* The values as written: with --excel-safe, formula-like ones behind a quote. */
static const char *const *safe_values(const struct crm_printer *p, const char *const *vals,
                                      char ***copies)
{
	*copies = NULL;
	if (!excel_safe)
		return vals;
	char **c = crm_xcalloc(p->ncols ? p->ncols : 1, sizeof(*c));
	const char **out = crm_xcalloc(p->ncols ? p->ncols : 1, sizeof(*out));
	for (int i = 0; i < p->ncols; i++) {
		if (formula_like(vals[i]))
			c[i] = crm_xasprintf("'%s", vals[i]);
		out[i] = c[i] ? c[i] : vals[i];
	}
	*copies = c;
	return out;
}

static void free_safe_values(const struct crm_printer *p, const char *const *vals, char **copies)
{
	if (!copies)
		return;
	for (int i = 0; i < p->ncols; i++)
		free(copies[i]);
	free(copies);
	free((void *)vals);
}

/* --------------------------------------------------------------- tsv */

static void tsv_add(struct crm_buf *b, const char *s)
{
	for (; s && *s; s++) {
		/* runs with nothing to escape go in whole: most values are one run */
		size_t run = strcspn(s, "\t\n\r\\");
		crm_buf_add(b, s, run);
		s += run;
		if (!*s)
			break;
		switch (*s) {
		case '\t':
			crm_buf_puts(b, "\\t");
			break;
		case '\n':
			crm_buf_puts(b, "\\n");
			break;
		case '\r':
			crm_buf_puts(b, "\\r");
			break;
		case '\\':
			crm_buf_puts(b, "\\\\");
			break;
		default:
			crm_buf_putc(b, *s);
		}
	}
}

static void tsv_record(struct crm_printer *p, const char *const *raw)
{
	char **copies;
	const char *const *vals = safe_values(p, raw, &copies);
	for (int i = 0; i < p->ncols; i++) {
		if (i > 0)
			crm_buf_putc(&p->line, '\t');
		tsv_add(&p->line, vals[i]);
	}
	crm_buf_putc(&p->line, '\n');
	emit_line(p);
	free_safe_values(p, vals, copies);
}

static const char **column_names(const struct crm_printer *p)
{
	const char **names = crm_xcalloc(p->ncols ? p->ncols : 1, sizeof(*names));

	for (int i = 0; i < p->ncols; i++)
		names[i] = p->cols[i].name;
	return names;
}

static void tsv_begin(struct crm_printer *p)
{
	const char **names;

	if (!p->header)
		return;
	names = column_names(p);
	tsv_record(p, names);
	free(names);
}

static void nothing_to_end(struct crm_printer *p)
{
	(void)p;
}

/* --------------------------------------------------------------- csv */

static void csv_record(struct crm_printer *p, const char *const *raw)
{
	char **copies;
	const char *const *vals = safe_values(p, raw, &copies);
	if (crm_csv_write_delimited(p->out, vals, p->ncols, csv_delimiter) != 0)
		note_write_error(p);
	free_safe_values(p, vals, copies);
}

static void csv_begin(struct crm_printer *p)
{
	const char **names;

	if (!p->header)
		return;
	names = column_names(p);
	csv_record(p, names);
	free(names);
}

/* -------------------------------------------------------------- json */

/* Length of the well-formed UTF-8 sequence at s, or 0 if there is none. */
static size_t utf8_seq_len(const unsigned char *s)
{
	unsigned cp, min;
	size_t n;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, min = 0x80, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, min = 0x800, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, min = 0x10000, cp = s[0] & 0x07;
	else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

static const char *json_short_escape(unsigned char c)
{
	switch (c) {
	case '"':
		return "\\\"";
	case '\\':
		return "\\\\";
	case '\n':
		return "\\n";
	case '\t':
		return "\\t";
	case '\r':
		return "\\r";
	case '\b':
		return "\\b";
	case '\f':
		return "\\f";
	}
	return NULL;
}

/* A JSON string; bytes that are not UTF-8 become U+FFFD so the output stays valid JSON. */
static void json_add_string(struct crm_buf *b, const char *s)
{
	const unsigned char *u = (const unsigned char *)s;

	crm_buf_putc(b, '"');
	while (*u) {
		const char *esc = json_short_escape(*u);
		size_t n;

		if (esc) {
			crm_buf_puts(b, esc);
			u++;
		} else if (*u < 0x20) {
			crm_buf_printf(b, "\\u%04x", *u);
			u++;
		} else if ((n = utf8_seq_len(u)) > 0) {
			crm_buf_add(b, (const char *)u, n);
			u += n;
		} else {
			crm_buf_puts(b, "\\ufffd");
			u++;
		}
	}
	crm_buf_putc(b, '"');
}

static const char *skip_digits(const char *s)
{
	while (*s >= '0' && *s <= '9')
		s++;
	return s;
}

/* The JSON number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
static int is_json_number(const char *s)
{
	const char *t;

	if (*s == '-')
		s++;
	if (*s == '0')
		s++;
	else if (*s >= '1' && *s <= '9')
		s = skip_digits(s);
	else
		return 0;
	if (*s == '.') {
		t = skip_digits(s + 1);
		if (t == s + 1)
			return 0;
		s = t;
	}
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '+' || *s == '-')
			s++;
		t = skip_digits(s);
		if (t == s)
			return 0;
		s = t;
	}
	return *s == '\0';
}

static void json_add_value(struct crm_buf *b, const struct crm_column *col, const char *v)
{
	if (!v)
		crm_buf_puts(b, "null");
	else if (col->numeric && is_json_number(v))
		crm_buf_puts(b, v);
	else
		json_add_string(b, v);
}

static void json_add_object(struct crm_printer *p, const char *const *vals)
{
	crm_buf_putc(&p->line, '{');
	for (int i = 0; i < p->ncols; i++) {
		if (i > 0)
			crm_buf_putc(&p->line, ',');
		json_add_string(&p->line, p->cols[i].name);
		crm_buf_putc(&p->line, ':');
		json_add_value(&p->line, &p->cols[i], vals[i]);
	}
	crm_buf_putc(&p->line, '}');
}

static void no_begin(struct crm_printer *p)
{
	(void)p;
}

static void json_row(struct crm_printer *p, const char *const *vals)
{
	crm_buf_puts(&p->line, p->nrows == 0 ? "[\n" : ",\n");
	json_add_object(p, vals);
	emit_line(p);
}

static void json_end(struct crm_printer *p)
{
	crm_buf_puts(&p->line, p->nrows == 0 ? "[]\n" : "\n]\n");
	emit_line(p);
}

static void jsonl_row(struct crm_printer *p, const char *const *vals)
{
	json_add_object(p, vals);
	crm_buf_putc(&p->line, '\n');
	emit_line(p);
}

/* --------------------------------------------------------------- ids */

static void ids_row(struct crm_printer *p, const char *const *vals)
{
	if (p->ncols == 0)
		return;
	if (vals[0])
		crm_buf_puts(&p->line, vals[0]);
	crm_buf_putc(&p->line, '\n');
	emit_line(p);
}

/* ----------------------------------------------------------- printer */

static const struct printer_ops printer_ops[NFORMATS] = {
    [CRM_FMT_TABLE] = {table_begin, table_row, table_end},
    [CRM_FMT_TSV] = {tsv_begin, tsv_record, nothing_to_end},
    [CRM_FMT_CSV] = {csv_begin, csv_record, nothing_to_end},
    [CRM_FMT_JSON] = {no_begin, json_row, json_end},
    [CRM_FMT_JSONL] = {no_begin, jsonl_row, nothing_to_end},
    [CRM_FMT_IDS] = {no_begin, ids_row, nothing_to_end},
};

static int default_header(enum crm_format fmt)
{
	return fmt == CRM_FMT_TABLE || fmt == CRM_FMT_CSV;
}

struct crm_printer *crm_printer_new(enum crm_format fmt, FILE *out, int header)
{
	struct crm_printer *p;

	if ((unsigned)fmt >= NFORMATS)
		return NULL;
	p = crm_xcalloc(1, sizeof(*p));
	p->ops = &printer_ops[fmt];
	p->out = out;
	p->header = header < 0 ? default_header(fmt) : header != 0;
	return p;
}

/* The columns are copied: callers often build them for the call only. */
void crm_printer_begin(struct crm_printer *p, const struct crm_column *cols, int ncols)
{
	p->ncols = ncols > 0 ? ncols : 0;
	p->cols = crm_xcalloc(p->ncols ? p->ncols : 1, sizeof(*p->cols));
	for (int i = 0; i < p->ncols; i++) {
		p->cols[i].name = crm_xstrdup(cols[i].name ? cols[i].name : "");
		p->cols[i].numeric = cols[i].numeric;
	}
	p->ops->begin(p);
}

void crm_printer_row(struct crm_printer *p, const char *const *vals)
{
	p->ops->row(p, vals);
	p->nrows++;
}

static void printer_free(struct crm_printer *p)
{
	for (int i = 0; i < p->ncols; i++)
		free((char *)p->cols[i].name);
	free(p->cols);
	crm_buf_release(&p->line);
	free(p);
}

int crm_printer_end(struct crm_printer *p)
{
	int rc = 0, saved;

	if (!p)
		return 0;
	if (!p->cols)
		crm_printer_begin(p, NULL, 0);
	p->ops->end(p);
	if (fflush(p->out) == EOF) {
		rc = -1;
	} else if (p->write_errno || ferror(p->out)) {
		errno = p->write_errno ? p->write_errno : EIO;
		rc = -1;
	}
	saved = errno;
	printer_free(p);
	errno = saved;
	return rc;
}

void crm_html_text(FILE *out, const char *s, int br)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&':
			fputs("&amp;", out);
			break;
		case '<':
			fputs("&lt;", out);
			break;
		case '>':
			fputs("&gt;", out);
			break;
		case '"':
			fputs("&quot;", out);
			break;
		case '\n':
			fputs(br ? "<br>" : "\n", out);
			break;
		default:
			fputc(*s, out);
		}
	}
}
