/*
 * contentline.c - content lines as iCalendar and vCard write them: folding
 * and escaping out, unfolding, splitting and unescaping in.
 *
 * Writing builds each content line whole, then folds it at 75 octets on a
 * character boundary.  Reading turns the stream into unfolded "logical"
 * lines; what a property means is the caller's business.
 */
#define _GNU_SOURCE
#include "base/i18n.h"
#include "formats/contentline.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/input_limits.h"

static const char utf8_bom[] = "\xEF\xBB\xBF";

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

int cl_is_control(char c)
{
	return ((unsigned char)c < 0x20 && c != '\t') || c == 0x7F;
}

char cl_upper(char c)
{
	return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
}

int cl_same_name(const char *s, size_t n, const char *upper)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (upper[i] == '\0' || cl_upper(s[i]) != upper[i])
			return 0;
	return upper[n] == '\0';
}

int cl_name_is(const char *s, const char *upper)
{
	return cl_same_name(s, strlen(s), upper);
}

/* =============================================================== writing */

static int is_utf8_continuation(char c)
{
	return ((unsigned char)c & 0xC0) == 0x80;
}

/*
 * How many of s's bytes go on a line with room octets left (s is longer than
 * room): the cut backs off to the start of a character, so no UTF-8 sequence
 * is split across lines.  Bytes that are all continuations (invalid UTF-8)
 * are cut at room rather than not at all.
 */
static size_t fold_cut(const char *s, size_t room)
{
	size_t cut = room;

	while (cut > 0 && is_utf8_continuation(s[cut]))
		cut--;
	return cut ? cut : room;
}

void cl_put_folded(FILE *out, const char *s, size_t len)
{
	size_t room = CL_OCTETS_MAX, cut;

	while (len > room) {
		cut = fold_cut(s, room);
		fwrite(s, 1, cut, out);
		fputs("\r\n ", out);
		s += cut;
		len -= cut;
		room = CL_OCTETS_MAX - 1;
	}
	fwrite(s, 1, len, out);
	fputs("\r\n", out);
}

void cl_put_text(struct crm_buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\' || *s == ';' || *s == ',') {
			crm_buf_putc(b, '\\');
			crm_buf_putc(b, *s);
		} else if (*s == '\r' || *s == '\n') {
			if (s[0] == '\r' && s[1] == '\n')
				s++;
			crm_buf_puts(b, "\\n");
		} else if (!cl_is_control(*s)) {
			crm_buf_putc(b, *s);
		}
	}
}

void cl_put_plain(struct crm_buf *b, const char *s)
{
	for (; *s; s++)
		if (!cl_is_control(*s))
			crm_buf_putc(b, *s);
}

/* =============================================================== reading */

/*
 * Consumes the rest of a line end that began with c and says how many lines
 * it ends.  CR LF and LF end one; so does CR CR LF (a CRLF converted twice,
 * as some exporters do).  CRs not followed by LF are old Mac line ends, one
 * each.
 */
static long consume_line_end(FILE *in, int c)
{
	long crs = 1;

	if (c == '\n')
		return 1;
	for (;;) {
		c = getc(in);
		if (c == '\n')
			return 1;
		if (c != '\r')
			break;
		crs++;
	}
	if (c != EOF)
		ungetc(c, in);
	return crs;
}

/* A UTF-8 byte order mark is not part of the first line (Windows editors add one). */
static void strip_bom(struct crm_buf *line)
{
	size_t n = sizeof(utf8_bom) - 1;

	if (line->len >= n && memcmp(line->s, utf8_bom, n) == 0) {
		memmove(line->s, line->s + n, line->len - n + 1);
		line->len -= n;
	}
}

/* The name of the property being read, as far as the line shows it, or NULL. */
static char *name_so_far(const struct crm_buf *line)
{
	size_t n = line->len ? strcspn(line->s, ";:") : 0;

	return n < line->len ? crm_xasprintf("%.*s", (int)(n < 60 ? n : 60), line->s) : NULL;
}

/*
 * A byte the line cannot take: a NUL (text has none, and the value would be
 * cut at it) or one past the line's limit.  The reading stops here, so a
 * file of one endless line costs no more memory than the limit.
 */
static int refuse_byte(struct cl_reader *r, int c)
{
	char *name = name_so_far(&r->line);

	free(r->error);
	r->error = c == '\0' ? crm_nul_message(0, name)
	                     : crm_limit_message(0, name, CRM_LINE_MAX, _("bytes in a line"));
	free(name);
	return -1;
}

static int read_unfolded(struct cl_reader *r)
{
	int c, got = 0;

	crm_buf_reset(&r->line);
	r->line_no = r->physical + 1;
	while ((c = getc(r->in)) != EOF) {
		got = 1;
		if (c != '\n' && c != '\r') {
			if (c == '\0' || r->line.len == CRM_LINE_MAX)
				return refuse_byte(r, c);
			crm_buf_putc(&r->line, (char)c);
			continue;
		}
		r->physical += consume_line_end(r->in, c);
		c = getc(r->in);
		if (is_blank((char)c))
			continue;
		if (c != EOF)
			ungetc(c, r->in);
		return 1;
	}
	if (ferror(r->in))
		return -1;
	/* A last line without a line end still counts. */
	if (got)
		r->physical++;
	return got;
}

int cl_read_line(struct cl_reader *r)
{
	int got = read_unfolded(r);

	if (got > 0 && r->line_no == 1)
		strip_bom(&r->line);
	return got;
}

void cl_reader_release(struct cl_reader *r)
{
	crm_buf_release(&r->line);
	free(r->error);
	r->error = NULL;
}

int cl_refuse(struct cl_reader *r, char *msg)
{
	free(r->error);
	r->error = msg;
	return -1;
}

int cl_read_failed(struct cl_reader *r, const struct cl_diag *d)
{
	if (r->error)
		return cl_fail(d, r->line_no, "%s", r->error);
	return cl_fail(d, r->physical + 1, _("read error: %s"), strerror(errno));
}

int cl_split(char *s, struct cl_line *cl)
{
	char *p = s + strcspn(s, ";:");
	int quoted = 0;

	cl->name = s;
	if (*p == '\0' || p == s)
		return -1;
	if (*p == ':') {
		*p = '\0';
		cl->params = p; /* the empty string */
		cl->value = p + 1;
		return 0;
	}
	*p++ = '\0';
	cl->params = p;
	for (; *p; p++) {
		if (*p == '"') {
			quoted = !quoted;
		} else if (*p == ':' && !quoted) {
			*p = '\0';
			cl->value = p + 1;
			return 0;
		}
	}
	return -1;
}

int cl_next_param(const char **pp, struct crm_buf *key, struct crm_buf *value)
{
	const char *p = *pp, *close;
	size_t n;

	if (!*p)
		return 0;
	crm_buf_reset(key);
	crm_buf_reset(value);
	n = strcspn(p, "=;");
	if (p[n] == '=') {
		for (size_t i = 0; i < n; i++)
			crm_buf_putc(key, cl_upper(p[i]));
		p += n + 1;
	}
	while (*p && *p != ';') {
		if (*p == '"') {
			close = strchr(p + 1, '"');
			n = close ? (size_t)(close - p - 1) : strlen(p + 1);
			crm_buf_add(value, p + 1, n);
			p += n + (close ? 2 : 1);
		} else {
			crm_buf_putc(value, *p++);
		}
	}
	if (*p == ';')
		p++;
	*pp = p;
	crm_buf_str(key);
	crm_buf_str(value);
	return 1;
}

int cl_find_param(const char *params, const char *key, struct crm_buf *out)
{
	struct crm_buf k = CRM_BUF_INIT;
	int found = 0;

	while (!found && cl_next_param(&params, &k, out))
		found = !strcmp(crm_buf_str(&k), key);
	crm_buf_release(&k);
	return found;
}

size_t cl_unescape_one(struct crm_buf *b, const char *s)
{
	if (s[0] != '\\' || s[1] == '\0') {
		crm_buf_putc(b, s[0]);
		return 1;
	}
	switch (s[1]) {
	case 'n':
	case 'N':
		crm_buf_putc(b, '\n');
		return 2;
	case '\\':
	case ';':
	case ',':
		crm_buf_putc(b, s[1]);
		return 2;
	default:
		crm_buf_putc(b, '\\');
		return 1;
	}
}

char *cl_unescape(const char *s)
{
	struct crm_buf b = CRM_BUF_INIT;

	while (*s)
		s += cl_unescape_one(&b, s);
	crm_buf_str(&b);
	return crm_buf_detach(&b);
}

char *cl_vmessage(long line, const char *fmt, va_list ap)
{
	char *body = crm_xvasprintf(fmt, ap);
	char *msg = crm_xasprintf(_("line %ld: %s"), line, body);
	free(body);
	return msg;
}

void cl_note(const struct cl_diag *d, long line, const char *fmt, ...)
{
	if (!d->warn)
		return;
	va_list ap;
	va_start(ap, fmt);
	char *msg = cl_vmessage(line, fmt, ap);
	va_end(ap);
	d->warn(msg);
	free(msg);
}

int cl_fail(const struct cl_diag *d, long line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = cl_vmessage(line, fmt, ap);
	va_end(ap);
	if (d->err) {
		free(*d->err);
		*d->err = msg;
	} else
		free(msg);
	return -1;
}
