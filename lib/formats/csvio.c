/*
 * csvio.c - CSV in and out, through libcsv only (crm-formats(5), "CSV for import").
 *
 * libcsv reports fields and record ends but no positions, so the reader feeds
 * it one physical line at a time and keeps its own line count: that is how a
 * record learns the line it starts on, even after a quoted multi-line field.
 */
#include "crm.h"

#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/i18n.h"
#include "base/input_limits.h"
#include "base/recode.h"

enum { READ_BUF_SIZE = 64 * 1024 };

/* One record in the making; the field buffers are reused from record to record. */
struct reader {
	crm_csv_record_fn cb;
	void *ctx;
	char **fields;
	size_t *caps;
	int nfields, alloc;
	int stop;              /* the user callback's non-zero return */
	int record_ended;      /* libcsv ended a record during the last segment */
	long line;             /* the line the next byte belongs to */
	long start_line;       /* the line of the record in progress */
	int in_record;         /* a record has begun and not ended yet */
	int after_cr;          /* the last byte fed was CR, so an LF now closes the same line */
	int delim;             /* the field delimiter, once the first text settled it */
	size_t record_bytes;   /* fed since the record in progress began */
	struct crm_strv names; /* the header line's fields, to name a field in a message */
	char *error;           /* why the input is refused, found while libcsv parsed */
};

static void reader_grow(struct reader *r)
{
	int alloc = r->alloc ? r->alloc * 2 : 16;

	r->fields = crm_xrealloc(r->fields, alloc * sizeof(*r->fields));
	r->caps = crm_xrealloc(r->caps, alloc * sizeof(*r->caps));
	for (int i = r->alloc; i < alloc; i++) {
		r->fields[i] = NULL;
		r->caps[i] = 0;
	}
	r->alloc = alloc;
}

/* A field as a message names it: by its header, else by its column. */
static char *field_label(const struct reader *r, int i)
{
	if (r->start_line > 1 && i < r->names.n && *r->names.v[i])
		return crm_xasprintf("%.60s", r->names.v[i]);
	return crm_xasprintf(_("column %d"), i + 1);
}

/*
 * A field libcsv completed is refused before it is kept when the record has
 * too many already (a line of commas is millions of empty fields), when it
 * is too long, or when it holds a NUL, which the C string the callback gets
 * would silently cut at.
 */
static int field_refused(struct reader *r, const char *s, size_t len)
{
	char *label;

	if (r->nfields == CRM_FIELDS_MAX) {
		r->error =
		    crm_limit_message(r->start_line, NULL, CRM_FIELDS_MAX, _("fields in a record"));
		return 1;
	}
	if (len <= CRM_FIELD_MAX && !memchr(s, '\0', len))
		return 0;
	label = field_label(r, r->nfields);
	r->error = len > CRM_FIELD_MAX
	               ? crm_limit_message(r->line, label, CRM_FIELD_MAX, _("bytes in a field"))
	               : crm_nul_message(r->line, label);
	free(label);
	return 1;
}

/* libcsv: one field is complete.  It is copied so the callback gets a C string. */
static void on_field(void *s, size_t len, void *data)
{
	struct reader *r = data;
	int i;

	if (r->error || field_refused(r, s, len))
		return;
	if (r->nfields == r->alloc)
		reader_grow(r);
	i = r->nfields++;
	if (r->caps[i] < len + 1) {
		free(r->fields[i]);
		r->caps[i] = len + 1;
		r->fields[i] = crm_xmalloc(r->caps[i]);
	}
	if (len)
		memcpy(r->fields[i], s, len);
	r->fields[i][len] = '\0';
}

/* libcsv: the record is complete. */
static void on_record(int c, void *data)
{
	struct reader *r = data;

	(void)c;
	r->record_ended = 1;
	if (r->error)
		return;
	if (r->start_line == 1 && !r->names.n)
		for (int i = 0; i < r->nfields; i++)
			crm_strv_push(&r->names, r->fields[i]);
	if (!r->stop)
		r->stop = r->cb(r->ctx, r->fields, r->nfields, r->start_line);
	r->nfields = 0;
}

static void reader_release(struct reader *r)
{
	for (int i = 0; i < r->alloc; i++)
		free(r->fields[i]);
	free(r->fields);
	free(r->caps);
	crm_strv_release(&r->names);
	free(r->error);
}

/*
 * Length of the segment at s: up to and including the first line end, or all
 * of it.  A CRLF is kept whole so that it counts as one line end.
 */
static size_t segment_len(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			return i + 1;
		if (s[i] == '\r')
			return (i + 1 < n && s[i + 1] == '\n') ? i + 2 : i + 1;
	}
	return n;
}

/* Whether libcsv would start a record on these bytes (it skips blanks and line ends). */
static int has_content(const struct reader *r, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && (s[i] != '\t' || r->delim == '\t') && s[i] != '\r' &&
		    s[i] != '\n')
			return 1;
	return 0;
}

static void count_line_ends(struct reader *r, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\r')
			r->line++;
		else if (s[i] == '\n' && !r->after_cr)
			r->line++;
		r->after_cr = s[i] == '\r';
	}
}

static char *parse_error(struct csv_parser *p, long line)
{
	return crm_xasprintf(_("line %ld: malformed CSV (%s)"), line, csv_strerror(csv_error(p)));
}

/*
 * A record is refused as soon as it passes its limit, before libcsv gathers
 * the next bytes: memory stays bounded by the limits whatever the file holds.
 */
static int record_too_long(struct reader *r, size_t len)
{
	r->record_bytes += len;
	if (r->record_bytes > CRM_LINE_MAX)
		r->error =
		    crm_limit_message(r->start_line, NULL, CRM_LINE_MAX, _("bytes in a record"));
	return r->error != NULL;
}

/* A field libcsv is still gathering (a quoted one goes on over lines) may be too long already. */
static int partial_field_too_long(const struct csv_parser *p, struct reader *r)
{
	char *label;

	if (r->error || p->entry_pos <= CRM_FIELD_MAX)
		return r->error != NULL;
	label = field_label(r, r->nfields);
	r->error = crm_limit_message(r->line, label, CRM_FIELD_MAX, _("bytes in a field"));
	free(label);
	return 1;
}

/* Feeds one buffer to libcsv a line at a time; returns -1 with *err on a parse error. */
static int feed(struct csv_parser *p, struct reader *r, const char *s, size_t n, char **err)
{
	while (n > 0 && !r->stop) {
		size_t len = segment_len(s, n);

		if (!r->in_record) {
			r->start_line = r->line;
			r->record_bytes = 0;
		}
		if (record_too_long(r, len)) {
			*err = r->error;
			r->error = NULL;
			return -1;
		}
		r->record_ended = 0;
		/* libcsv grows a field's buffer by blk_size: growing by what it holds
		   keeps a 10 MB field linear, not a copy per 128 bytes */
		csv_set_blk_size(p, p->entry_size > READ_BUF_SIZE ? p->entry_size : READ_BUF_SIZE);
		if (csv_parse(p, s, len, on_field, on_record, r) != len) {
			*err = parse_error(p, r->start_line);
			return -1;
		}
		if (partial_field_too_long(p, r)) {
			*err = r->error;
			r->error = NULL;
			return -1;
		}
		if (r->record_ended)
			r->in_record = 0;
		else if (has_content(r, s, len))
			r->in_record = 1;
		count_line_ends(r, s, len);
		s += len;
		n -= len;
	}
	return 0;
}

/*
 * Delivers a last record that has no line end.  Strict checking is switched on
 * for this call only: in it libcsv checks nothing but an unterminated quoted
 * field, which would otherwise swallow the rest of the file without a word.
 */
static int finish(struct csv_parser *p, struct reader *r, char **err)
{
	if (!r->in_record)
		r->start_line = r->line;
	csv_set_opts(p, CSV_STRICT | CSV_STRICT_FINI);
	if (csv_fini(p, on_field, on_record, r) != 0) {
		*err = crm_xasprintf(_("line %ld: malformed CSV (%s): unterminated quoted field"),
		                     r->start_line, csv_strerror(csv_error(p)));
		return -1;
	}
	/* the last field may be refused too, now that libcsv hands it over */
	if (r->error) {
		*err = r->error;
		r->error = NULL;
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------ decoding */

/* How the bytes read become the UTF-8 text libcsv parses. */
enum decode_mode {
	DECODE_START, /* nothing read yet: a byte order mark may say what follows */
	DECODE_SNIFF, /* ASCII so far: UTF-8 unless a byte says otherwise */
	DECODE_PASS,  /* UTF-8, as it is */
	DECODE_ICONV, /* another encoding, converted */
};

/* What a spreadsheet saves as "CSV" when the user does not pick UTF-8. */
static const char spreadsheet_encoding[] = "Windows-1252";

struct decoder {
	enum decode_mode mode;
	struct crm_csv_in *opt;  /* NULL: UTF-8 only, as a dump is */
	struct crm_recoder *rec; /* DECODE_ICONV */
	const char *from;        /* the encoding converted from */
	int guessed;             /* from was not named, but found */
	struct crm_buf out;      /* what the last call decoded */
};

static int start_iconv(struct decoder *d, const char *from, int guessed)
{
	if (!(d->rec = crm_recoder_new(from)))
		return -1;
	d->mode = DECODE_ICONV;
	d->from = from;
	d->guessed = guessed;
	if (guessed && d->opt)
		d->opt->converted_from = from;
	return 0;
}

/*
 * The first bytes: a byte order mark says UTF-8 or UTF-16 (a spreadsheet's
 * "Unicode text"); a named encoding is used as it is.  Returns the bytes the
 * mark takes, or -1 with *err.
 */
static int decode_start(struct decoder *d, const char *s, size_t n, char **err)
{
	int le = n >= 2 && s[0] == '\xff' && s[1] == '\xfe';
	int be = n >= 2 && s[0] == '\xfe' && s[1] == '\xff';

	d->mode = DECODE_SNIFF;
	if (d->opt && d->opt->encoding && !crm_is_utf8_name(d->opt->encoding)) {
		if (start_iconv(d, d->opt->encoding, 0) < 0) {
			*err = crm_xasprintf(_("--encoding: iconv knows no encoding '%.60s'"),
			                     d->opt->encoding);
			return -1;
		}
		return 0;
	}
	if (n >= 3 && !memcmp(s, CRM_UTF8_BOM, 3)) {
		d->mode = DECODE_PASS;
		return 3;
	}
	if (le || be) {
		if (!d->opt || start_iconv(d, le ? "UTF-16LE" : "UTF-16BE", 0) < 0) {
			*err = crm_xstrdup(_("line 1: UTF-16 text; save the file as CSV in UTF-8"));
			return -1;
		}
		return 2;
	}
	if (!d->opt || d->opt->encoding)
		d->mode = DECODE_PASS;
	return 0;
}

/* The length a UTF-8 sequence's first byte announces; 0 for a byte no sequence starts with. */
static size_t utf8_seq_len(unsigned char c)
{
	return c >= 0xC2 && c <= 0xDF   ? 2
	       : c >= 0xE0 && c <= 0xEF ? 3
	       : c >= 0xF0 && c <= 0xF4 ? 4
	                                : 0;
}

/*
 * ASCII is the same in UTF-8 and Windows-1252: the first other byte decides.
 * A valid UTF-8 sequence makes the file UTF-8 (a later invalid byte is an
 * error in its field); anything else makes it Windows-1252 from there on.
 * Returns the bytes taken; a sequence cut by the end of the read is left for
 * the next.
 */
static size_t decode_sniff(struct decoder *d, const char *s, size_t n, int last)
{
	size_t i = 0, len;

	while (i < n && !(s[i] & 0x80))
		i++;
	crm_buf_add(&d->out, s, i);
	if (i == n)
		return n;
	len = utf8_seq_len((unsigned char)s[i]);
	if (len && i + len > n && !last)
		return i;
	if (len && i + len <= n && crm_utf8_valid(s + i, len)) {
		d->mode = DECODE_PASS;
		crm_buf_add(&d->out, s + i, n - i);
		return n;
	}
	if (start_iconv(d, spreadsheet_encoding, 1) < 0)
		d->mode = DECODE_PASS; /* no iconv for it: the bytes are refused field by field */
	return i;
}

static char *not_text_message(const struct decoder *d, long line, unsigned char byte)
{
	if (d->guessed)
		return crm_xasprintf(
		    _("line %ld: neither UTF-8 nor %s text (byte 0x%02X); name the "
		      "file's encoding with --encoding (iconv -l lists them)"),
		    line, d->from, byte);
	return crm_xasprintf(_("line %ld: not %s text (byte 0x%02X); name the file's encoding with "
	                       "--encoding"),
	                     line, d->from, byte);
}

/*
 * Decodes what was read into d->out.  Returns the bytes taken (the rest is
 * read again with what follows), or -1 when they are not text: *bad then
 * points at the byte, and d->out holds the text before it.
 */
static long decode(struct decoder *d, const char *s, size_t n, int last, const char **bad,
                   char **err)
{
	size_t taken = 0;

	crm_buf_release(&d->out);
	*bad = NULL;
	if (d->mode == DECODE_START) {
		int skip = decode_start(d, s, n, err);
		if (skip < 0)
			return -1;
		taken = (size_t)skip;
	}
	if (d->mode == DECODE_SNIFF)
		taken += decode_sniff(d, s + taken, n - taken, last);
	if (d->mode == DECODE_PASS) {
		crm_buf_add(&d->out, s + taken, n - taken);
		taken = n;
	} else if (d->mode == DECODE_ICONV) {
		if (crm_recode(d->rec, s + taken, n - taken, last, &d->out, bad) < 0)
			return -1;
		taken = n;
	}
	return (long)taken;
}

/* ----------------------------------------------------------- delimiter */

/* The delimiter a header line uses most, outside quotes: , ; TAB or |, a comma when none. */
static int header_delimiter(const char *s, size_t n)
{
	static const char cands[] = ",;\t|";
	int count[4] = {0}, quoted = 0, best = 0;

	for (size_t i = 0; i < n && (quoted || (s[i] != '\n' && s[i] != '\r')); i++) {
		const char *c = s[i] ? strchr(cands, s[i]) : NULL;
		if (s[i] == '"')
			quoted = !quoted;
		else if (c && !quoted)
			count[c - cands]++;
	}
	for (int k = 1; k < 4; k++)
		if (count[k] > count[best])
			best = k;
	return cands[best];
}

/* A tab that separates fields is not a blank libcsv may trim. */
static int space_only(unsigned char c)
{
	return c == CSV_SPACE;
}

static void use_delimiter(struct csv_parser *p, struct reader *r, int delim)
{
	r->delim = delim;
	csv_set_delim(p, (unsigned char)delim);
	if (delim == '\t')
		csv_set_space_func(p, space_only);
}

/* ------------------------------------------------------------- reading */

/* Feeds the decoded text; the first of it settles the delimiter. */
static int feed_decoded(struct csv_parser *p, struct reader *r, struct decoder *d, char **err)
{
	const char *s = d->out.s;
	size_t n = d->out.len;

	if (!n)
		return 0;
	if (!r->delim) {
		int delim = d->opt && d->opt->delimiter ? d->opt->delimiter : ',';
		/* a UTF-16 file's own byte order mark, converted */
		if (n >= 3 && !memcmp(s, CRM_UTF8_BOM, 3) && r->line == 1 && !r->in_record) {
			s += 3;
			n -= 3;
		}
		if (d->opt && !d->opt->delimiter)
			delim = header_delimiter(s, n);
		use_delimiter(p, r, delim);
		if (d->opt)
			d->opt->delimiter_used = delim;
	}
	return feed(p, r, s, n, err);
}

enum { CARRY_MAX = 8 };

static int read_all(FILE *in, struct csv_parser *p, struct reader *r, struct decoder *d, char **err)
{
	char *buf = crm_xmalloc(READ_BUF_SIZE + CARRY_MAX);
	size_t have = 0;
	int rc = 0, last = 0;

	while (rc == 0 && !r->stop && !last) {
		size_t n = fread(buf + have, 1, READ_BUF_SIZE, in);
		const char *bad;
		long taken;

		last = n == 0;
		have += n;
		taken = decode(d, buf, have, last, &bad, err);
		if (taken < 0 && !bad)
			rc = -1;
		if (!rc)
			rc = feed_decoded(p, r, d, err);
		if (!rc && taken < 0) {
			*err = not_text_message(d, r->line,
			                        bad < buf + have ? (unsigned char)*bad : 0);
			rc = -1;
		}
		if (!rc) {
			memmove(buf, buf + taken, have - (size_t)taken);
			have -= (size_t)taken;
		}
	}
	free(buf);
	if (rc == 0 && !r->stop && ferror(in)) {
		*err = crm_xasprintf(_("line %ld: read error: %s"), r->line, strerror(errno));
		rc = -1;
	}
	if (rc == 0 && !r->stop)
		rc = finish(p, r, err);
	return rc;
}

int crm_csv_read_with(FILE *in, struct crm_csv_in *opt, crm_csv_record_fn cb, void *ctx, char **err)
{
	struct reader r = {.cb = cb, .ctx = ctx, .line = 1, .start_line = 1};
	struct decoder d = {.opt = opt};
	struct csv_parser p;
	char *msg = NULL;
	int rc;

	/* Relaxed mode: a stray quote inside an unquoted field is data, not an error. */
	if (csv_init(&p, 0) != 0) {
		msg = crm_xstrdup(_("cannot start the CSV parser"));
		rc = -1;
	} else {
		rc = read_all(in, &p, &r, &d, &msg);
		csv_free(&p);
	}
	crm_recoder_free(d.rec);
	crm_buf_release(&d.out);
	reader_release(&r);
	if (rc == 0)
		return r.stop;
	if (err)
		*err = msg;
	else
		free(msg);
	return -1;
}

int crm_csv_read(FILE *in, crm_csv_record_fn cb, void *ctx, char **err)
{
	return crm_csv_read_with(in, NULL, cb, ctx, err);
}

/* The reader drops blanks around unquoted fields, so those must be quoted to survive. */
static int needs_quotes(const char *s, int delim)
{
	size_t n = strlen(s);

	if (n == 0)
		return 0;
	if (strpbrk(s, ",\"\r\n") || strchr(s, delim))
		return 1;
	return s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t';
}

static int write_field(FILE *out, const char *s, int lone, int delim)
{
	if (!s)
		s = "";
	/* A record of one empty field would be a blank line, which reads back as nothing. */
	if (needs_quotes(s, delim) || (lone && !*s))
		return csv_fwrite(out, s, strlen(s)) == 0 ? 0 : -1;
	return fputs(s, out) == EOF ? -1 : 0;
}

int crm_csv_write_delimited(FILE *out, const char *const *fields, int n, int delim)
{
	for (int i = 0; i < n; i++) {
		if (i > 0 && putc(delim, out) == EOF)
			return -1;
		if (write_field(out, fields[i], n == 1, delim) != 0)
			return -1;
	}
	return putc('\n', out) == EOF ? -1 : 0;
}

int crm_csv_write_record(FILE *out, const char *const *fields, int n)
{
	return crm_csv_write_delimited(out, fields, n, ',');
}
