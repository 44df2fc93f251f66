/*
 * vcard.c - vCard 2.1, 3.0 and 4.0 in, 4.0 out.
 *
 * Lines come unfolded from contentline.c.  What the versions disagree on is
 * settled here, before anyone looks at a value: 2.1's quoted-printable soft
 * line breaks are joined and decoded, and a CHARSET other than UTF-8 is
 * converted, so a card's properties all hold UTF-8 whatever wrote them.
 */
#define _GNU_SOURCE
#include "formats/vcard.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "formats/contentline.h"
#include "base/input_limits.h"
#include "base/recode.h"
#include "base/i18n.h"

/* User data quoted in a message is cut here: a message is one readable line. */
#define QUOTED "%.60s"

/* ============================================================ parameters */

int vcard_has_type(const struct vcard_prop *p, const char *type)
{
	struct crm_buf key = CRM_BUF_INIT, val = CRM_BUF_INIT;
	const char *params = p->params;
	int found = 0;

	while (!found && cl_next_param(&params, &key, &val)) {
		const char *k = crm_buf_str(&key), *v = crm_buf_str(&val);
		if (*k && strcmp(k, "TYPE") != 0)
			continue;
		while (*v && !found) {
			size_t n = strcspn(v, ",");
			found = cl_same_name(v, n, type);
			v += n + (v[n] == ',');
		}
	}
	crm_buf_release(&key);
	crm_buf_release(&val);
	return found;
}

int vcard_is_pref(const struct vcard_prop *p)
{
	char *pref = vcard_param(p, "PREF");
	int yes = pref != NULL || vcard_has_type(p, "PREF");

	free(pref);
	return yes;
}

char *vcard_param(const struct vcard_prop *p, const char *key)
{
	struct crm_buf out = CRM_BUF_INIT;

	if (cl_find_param(p->params, key, &out))
		return crm_buf_detach(&out);
	crm_buf_release(&out);
	return NULL;
}

/* ================================================================= text */

/* vCard 3.0 writers escape more than the RFC asks: "http\://", "\"AS IS\"". */
static size_t unescape_lax(struct crm_buf *b, const char *s)
{
	if (s[0] == '\\' && (s[1] == ':' || s[1] == '"')) {
		crm_buf_putc(b, s[1]);
		return 2;
	}
	return cl_unescape_one(b, s);
}

char *vcard_text(const char *value)
{
	struct crm_buf b = CRM_BUF_INIT;

	while (*value)
		value += unescape_lax(&b, value);
	crm_buf_str(&b);
	return crm_buf_detach(&b);
}

void vcard_parts(const char *value, char sep, struct crm_strv *out)
{
	struct crm_buf part = CRM_BUF_INIT;

	for (;;) {
		if (*value == sep || *value == '\0') {
			crm_strv_push_owned(out, crm_trim(crm_buf_str(&part)));
			crm_buf_reset(&part);
			if (*value == '\0')
				break;
			value++;
		} else {
			value += unescape_lax(&part, value);
		}
	}
	crm_buf_release(&part);
}

/* ============================================================== writing */

void vcard_begin(FILE *out)
{
	fputs("BEGIN:VCARD\r\nVERSION:4.0\r\n", out);
}

void vcard_put(FILE *out, const char *name, const char *value)
{
	struct crm_buf b = CRM_BUF_INIT;

	if (!value || !*value)
		return;
	crm_buf_puts(&b, name);
	crm_buf_putc(&b, ':');
	cl_put_text(&b, value);
	cl_put_folded(out, crm_buf_str(&b), b.len);
	crm_buf_release(&b);
}

void vcard_put_parts(FILE *out, const char *name, const char *const *parts, int n, char sep)
{
	struct crm_buf b = CRM_BUF_INIT;
	int i;

	crm_buf_puts(&b, name);
	crm_buf_putc(&b, ':');
	for (i = 0; i < n; i++) {
		if (i > 0)
			crm_buf_putc(&b, sep);
		if (parts[i])
			cl_put_text(&b, parts[i]);
	}
	cl_put_folded(out, crm_buf_str(&b), b.len);
	crm_buf_release(&b);
}

void vcard_end(FILE *out)
{
	fputs("END:VCARD\r\n", out);
}

/* ============================================================== reading */

struct reader {
	struct cl_reader cl;
	vcard_fn fn;
	void *ctx;
	struct cl_diag diag; /* where notes and the error go */
	struct vcard card;
	int in_card;
	struct crm_buf joined; /* scratch for joining soft line breaks */
};

static void card_error(struct reader *r, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The first problem of a card is the one reported: later ones are often its echoes. */
static void card_error(struct reader *r, long line, const char *fmt, ...)
{
	va_list ap;

	if (r->card.error)
		return;
	va_start(ap, fmt);
	r->card.error = cl_vmessage(line, fmt, ap);
	va_end(ap);
}

static void card_release(struct vcard *c)
{
	for (int i = 0; i < c->n; i++) {
		free(c->props[i].group);
		free(c->props[i].name);
		free(c->props[i].params);
		free(c->props[i].value);
	}
	free(c->props);
	free(c->error);
	memset(c, 0, sizeof(*c));
}

/* ---------------------------------------------------- decoding a value */

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = cl_upper(c);
	return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* "=C3=91" -> "Ñ"; an '=' that starts no escape is kept as it is. */
static char *qp_decode(const char *s)
{
	struct crm_buf b = CRM_BUF_INIT;

	while (*s) {
		int hi, lo;
		if (s[0] == '=' && (hi = hex_digit(s[1])) >= 0 && (lo = hex_digit(s[2])) >= 0) {
			crm_buf_putc(&b, (char)(hi * 16 + lo));
			s += 3;
		} else {
			crm_buf_putc(&b, *s++);
		}
	}
	crm_buf_str(&b);
	return crm_buf_detach(&b);
}

/* The value as UTF-8, or NULL with the card marked invalid. */
static char *decode_value(struct reader *r, const struct cl_line *cl, long line)
{
	struct crm_buf param = CRM_BUF_INIT;
	struct vcard_prop probe = {.params = cl->params};
	char *raw, *out = NULL;
	int qp = vcard_has_type(&probe, "QUOTED-PRINTABLE");

	if (cl_find_param(cl->params, "ENCODING", &param))
		qp = !strcasecmp(crm_buf_str(&param), "QUOTED-PRINTABLE");
	raw = qp ? qp_decode(cl->value) : crm_xstrdup(cl->value);
	int charset = cl_find_param(cl->params, "CHARSET", &param);
	if (charset && !crm_is_utf8_name(crm_buf_str(&param))) {
		out = crm_recode_str(raw, crm_buf_str(&param));
		if (!out)
			card_error(r, line, "%s: not text in CHARSET " QUOTED, cl->name,
			           crm_buf_str(&param));
	} else if (crm_utf8_valid(raw, strlen(raw))) {
		out = raw;
		raw = NULL;
	} else if (!charset && (out = crm_recode_str(raw, "WINDOWS-1252"))) {
		cl_note(&r->diag, line, "%s: not UTF-8; read as Windows-1252", cl->name);
	} else {
		card_error(r, line, "%s: not valid UTF-8", cl->name);
	}
	free(raw);
	crm_buf_release(&param);
	return out;
}

/* ---------------------------------------------------- lines and cards */

/*
 * 1 if the line's parameters (between the name and the first ':') ask for
 * quoted-printable: a parameter "ENCODING=QUOTED-PRINTABLE" or 2.1's bare
 * "QUOTED-PRINTABLE".  Only whole parameters count: a name or another
 * parameter that merely contains the word does not make the next line part
 * of this one.
 */
static int line_is_qp(const char *s)
{
	size_t head = strcspn(s, ":");
	const char *p = memchr(s, ';', head);

	while (p && (size_t)(p - s) < head) {
		const char *start = p + 1, *end = start;
		while ((size_t)(end - s) < head && *end != ';' && *end != ',')
			end++;
		size_t n = (size_t)(end - start);
		if (n >= 9 && !strncasecmp(start, "ENCODING=", 9)) {
			start += 9;
			n -= 9;
		}
		if (n == 16 && !strncasecmp(start, "QUOTED-PRINTABLE", 16))
			return 1;
		p = (size_t)(end - s) < head ? end : NULL;
	}
	return 0;
}

/*
 * vCard 2.1 quoted-printable ends a line with '=' where the value goes on
 * on the next line, which is not indented: those lines are joined here.
 */
static int join_soft_breaks(struct reader *r)
{
	struct crm_buf *line = &r->cl.line, swap;
	long no = r->cl.line_no;
	int got;

	if (!line_is_qp(crm_buf_str(line)) || line->len == 0 || line->s[line->len - 1] != '=')
		return 0;
	/* the pieces gather in one buffer: many soft line breaks cost linear time */
	crm_buf_reset(&r->joined);
	while (line->len > 0 && line->s[line->len - 1] == '=') {
		crm_buf_add(&r->joined, line->s, line->len - 1);
		got = cl_read_line(&r->cl);
		if (got < 0)
			return -1;
		/* joined lines are one line: its limit holds for them all */
		if (r->joined.len + line->len > CRM_LINE_MAX) {
			r->cl.line_no = no;
			return cl_refuse(
			    &r->cl, crm_limit_message(0, NULL, CRM_LINE_MAX, _("bytes in a line")));
		}
	}
	crm_buf_add(&r->joined, line->s, line->len);
	swap = *line;
	*line = r->joined;
	r->joined = swap;
	r->cl.line_no = no;
	return 0;
}

static int version_of(const char *v)
{
	char *t = crm_trim(v);
	int version = !strcmp(t, "2.1") ? 21 : !strcmp(t, "3.0") ? 30 : !strcmp(t, "4.0") ? 40 : 0;

	free(t);
	return version;
}

static int count_separators(const char *s, char sep)
{
	int n = 0;

	for (; *s; s++) {
		if (s[0] == '\\' && s[1]) {
			s++;
			continue;
		}
		n += *s == sep;
	}
	return n;
}

/*
 * Some writers put a ':' in a parameter without quoting it and mark the
 * quotes they meant with RFC 6868's ^' ("ADR;LABEL=... ^': x:...:;;street;...").
 * For an address, the value starts after the last ':' that leaves it its
 * seven parts: found by putting the line back together and looking again.
 */
static void resplit_unquoted(struct cl_line *cl, const char *name)
{
	char *p, *best = NULL;

	if (!strstr(cl->params, "^'") || !cl_name_is(name, "ADR"))
		return;
	cl->value[-1] = ':';
	for (p = cl->params; *p; p++)
		if (*p == ':' && count_separators(p + 1, ';') == 6)
			best = p;
	if (!best)
		best = cl->value - 1;
	*best = '\0';
	cl->value = best + 1;
}

/* A card past a limit is invalid, as one with a value that cannot be decoded is. */
static void card_refused(struct reader *r, char *msg)
{
	card_error(r, r->cl.line_no, "%s", msg);
	free(msg);
}

static void add_prop(struct reader *r, struct cl_line *cl)
{
	struct vcard *c = &r->card;
	char *dot = strrchr(cl->name, '.');
	struct vcard_prop *p;
	char *value;

	if (cl_name_is(dot ? dot + 1 : cl->name, "VERSION")) {
		c->version = version_of(cl->value);
		if (!c->version)
			card_error(r, r->cl.line_no,
			           "VERSION '" QUOTED "': crm reads vCard 2.1, 3.0 and 4.0",
			           cl->value);
		return;
	}
	resplit_unquoted(cl, dot ? dot + 1 : cl->name);
	if (strlen(cl->value) > CRM_FIELD_MAX) {
		card_refused(r,
		             crm_limit_message(0, cl->name, CRM_FIELD_MAX, _("bytes in a field")));
		return;
	}
	/* vcard_parts makes a string of each part: their number is what bounds its memory */
	if (count_separators(cl->value, ';') + count_separators(cl->value, ',') >= CRM_FIELDS_MAX) {
		card_refused(r, crm_limit_message(0, cl->name, CRM_FIELDS_MAX, "parts in a value"));
		return;
	}
	value = decode_value(r, cl, r->cl.line_no);
	if (!value)
		return;
	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 16;
		c->props = crm_xrealloc(c->props, c->cap * sizeof(*c->props));
	}
	p = &c->props[c->n++];
	p->group = dot ? crm_xstrndup(cl->name, dot - cl->name) : NULL;
	p->name = crm_xstrdup(dot ? dot + 1 : cl->name);
	for (char *q = p->name; *q; q++)
		*q = cl_upper(*q);
	p->params = crm_xstrdup(cl->params);
	p->value = value;
	p->line = r->cl.line_no;
}

static int begin_card(struct reader *r)
{
	if (r->in_card)
		return cl_fail(&r->diag, r->cl.line_no, "BEGIN:VCARD inside the vCard of line %ld",
		               r->card.line);
	card_release(&r->card);
	r->in_card = 1;
	r->card.line = r->cl.line_no;
	return 0;
}

static int end_card(struct reader *r)
{
	int rc;

	if (!r->in_card)
		return cl_fail(&r->diag, r->cl.line_no, "END:VCARD without a BEGIN:VCARD");
	if (!r->card.version) {
		if (!r->card.error)
			cl_note(&r->diag, r->card.line, "a vCard without VERSION: read as 3.0");
		r->card.version = 30;
	}
	rc = r->fn ? r->fn(r->ctx, &r->card) : 0;
	card_release(&r->card);
	r->in_card = 0;
	return rc;
}

static int is_vcard(const char *value)
{
	char *t = crm_trim(value);
	int yes = cl_name_is(t, "VCARD");

	free(t);
	return yes;
}

/*
 * A property name is letters, digits and '-' (RFC 6350's token; '_' too, as
 * some writers use it), after a group and '.': anything else is not a
 * name, and kept as one it would not read back as the same property.
 */
static int name_ok(const char *name)
{
	static const char token[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	const char *dot = strrchr(name, '.');
	size_t n = strlen(name);

	if (strspn(name, token) == n)
		return n > 0;
	if (!dot || dot == name || !dot[1] || strspn(dot + 1, token) != strlen(dot + 1))
		return 0;
	return strspn(name, token) == (size_t)(dot - name);
}

static int handle_line(struct reader *r)
{
	struct cl_line cl;

	if (r->cl.line.len == 0 || strspn(r->cl.line.s, " \t") == r->cl.line.len)
		return 0;
	if (cl_split(r->cl.line.s, &cl) != 0 || !name_ok(cl.name)) {
		if (r->in_card)
			cl_note(&r->diag, r->cl.line_no, "not a property (no NAME:value); ignored");
		return 0;
	}
	if (cl_name_is(cl.name, "BEGIN") && is_vcard(cl.value))
		return begin_card(r);
	if (cl_name_is(cl.name, "END") && is_vcard(cl.value))
		return end_card(r);
	if (!r->in_card) {
		cl_note(&r->diag, r->cl.line_no, "outside a vCard; ignored");
		return 0;
	}
	/* BEGIN and END are structure, never a card's data: written back, they would be */
	if (cl_name_is(cl.name, "BEGIN") || cl_name_is(cl.name, "END")) {
		cl_note(&r->diag, r->cl.line_no, "%s of something that is not a vCard; ignored",
		        cl_name_is(cl.name, "BEGIN") ? "BEGIN" : "END");
		return 0;
	}
	/* a card's properties are all kept until its END: their number is what bounds memory */
	if (r->card.n == CRM_FIELDS_MAX) {
		cl_refuse(&r->cl,
		          crm_limit_message(0, NULL, CRM_FIELDS_MAX, "properties in a vCard"));
		return cl_read_failed(&r->cl, &r->diag);
	}
	add_prop(r, &cl);
	return 0;
}

static int read_all(struct reader *r)
{
	int got, rc;

	while ((got = cl_read_line(&r->cl)) > 0) {
		if (join_soft_breaks(r) < 0) {
			got = -1;
			break;
		}
		rc = handle_line(r);
		if (rc != 0)
			return rc;
	}
	if (got < 0)
		return cl_read_failed(&r->cl, &r->diag);
	if (r->in_card)
		return cl_fail(&r->diag, r->card.line,
		               "the vCard begun here never ends (no END:VCARD)");
	return 0;
}

int vcard_read(FILE *in, vcard_fn fn, void *ctx, void (*warn)(const char *msg), char **err)
{
	struct reader r;
	int rc;

	memset(&r, 0, sizeof(r));
	r.cl.in = in;
	r.fn = fn;
	r.ctx = ctx;
	r.diag.warn = warn;
	r.diag.err = err;
	if (err)
		*err = NULL;
	rc = read_all(&r);
	card_release(&r.card);
	cl_reader_release(&r.cl);
	crm_buf_release(&r.joined);
	return rc;
}
