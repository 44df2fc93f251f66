/*
 * util.c - errors and memory: the small helpers every other file leans on,
 * and what keeps a terminal safe from the control characters in data.
 *
 * Allocation never returns NULL: a command that runs out of memory cannot do
 * anything useful, so it says so and exits with the system-error code.
 */

/* strnlen is POSIX, fopencookie GNU: hidden by -std=c11 without this. */
#define _GNU_SOURCE

#include "crm.h"
#include "base/i18n.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A copy, not a pointer into argv0, so callers may pass any string. */
static char progname[256] = "crm";

/* ---------------------------------------------------------------- errors */

void crm_set_progname(const char *argv0)
{
	const char *base;

	if (!argv0)
		return;
	base = strrchr(argv0, '/');
	base = base ? base + 1 : argv0;
	if (*base)
		snprintf(progname, sizeof(progname), "%s", base);
}

const char *crm_progname(void)
{
	return progname;
}

/*
 * Formats the whole line first and writes it with one call, so that messages
 * from processes sharing a terminal or a log file do not interleave.
 */
static void vwarn(const char *fmt, va_list ap)
{
	char small[512], *msg = small, *big = NULL;
	va_list aq;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	if (n >= (int)sizeof(small)) {
		/* Plain malloc: failing here must still print the truncated text. */
		big = malloc((size_t)n + 1);
		if (big) {
			vsnprintf(big, (size_t)n + 1, fmt, aq);
			msg = big;
		}
	}
	va_end(aq);
	/* a message may quote a value from a file or the database: escaped */
	char *shown = crm_visible(n < 0 ? fmt : msg);
	fprintf(stderr, "%s: %s\n", progname, shown ? shown : n < 0 ? fmt : msg);
	free(shown);
	free(big);
}

void crm_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
}

void crm_die(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
	exit(code);
}

/* --------------------------------------------------------------- memory */

/* Writes directly: crm_warn could itself need memory for a long message. */
__attribute__((noreturn)) static void out_of_memory(void)
{
	fprintf(stderr, "%s: %s\n", progname, _("out of memory"));
	exit(CRM_EXIT_DB);
}

/* Zero-byte requests ask for one byte: malloc(0) may legally return NULL. */
void *crm_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		out_of_memory();
	return p;
}

void *crm_xcalloc(size_t n, size_t size)
{
	void *p;

	if (n == 0 || size == 0)
		n = size = 1;
	p = calloc(n, size);
	if (!p)
		out_of_memory();
	return p;
}

/* realloc(p, 0) frees p on glibc; asking for one byte keeps p alive. */
void *crm_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		out_of_memory();
	return q;
}

/* NULL, the library's "no value", copies to NULL. */
char *crm_xstrdup(const char *s)
{
	return s ? crm_xstrndup(s, strlen(s)) : NULL;
}

char *crm_xstrndup(const char *s, size_t n)
{
	char *d;

	if (!s)
		return NULL;
	n = strnlen(s, n);
	d = crm_xmalloc(n + 1);
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

/* vsnprintf fails only on a bad format or a result past INT_MAX bytes. */
__attribute__((noreturn)) static void format_failed(const char *fmt)
{
	crm_die(CRM_EXIT_DB, _("cannot format '%s'"), fmt);
}

char *crm_xvasprintf(const char *fmt, va_list ap)
{
	va_list again;
	char *s;
	int n;

	va_copy(again, ap);
	n = vsnprintf(NULL, 0, fmt, ap);
	if (n < 0)
		format_failed(fmt);
	s = crm_xmalloc((size_t)n + 1);
	vsnprintf(s, (size_t)n + 1, fmt, again);
	va_end(again);
	return s;
}

char *crm_xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = crm_xvasprintf(fmt, ap);
	va_end(ap);
	return s;
}

/* Makes room for extra more bytes plus the terminating NUL. */
static void buf_grow(struct crm_buf *b, size_t extra)
{
	size_t need, cap;

	if (extra > SIZE_MAX - b->len - 1)
		out_of_memory();
	need = b->len + extra + 1;
	if (need <= b->cap)
		return;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	b->s = crm_xrealloc(b->s, cap);
	b->cap = cap;
}

void crm_buf_add(struct crm_buf *b, const char *s, size_t n)
{
	buf_grow(b, n);
	if (n)
		memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

int crm_buf_read(struct crm_buf *b, FILE *in)
{
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, in)) > 0)
		crm_buf_add(b, chunk, n);
	return ferror(in) ? -1 : 0;
}

void crm_buf_puts(struct crm_buf *b, const char *s)
{
	crm_buf_add(b, s, strlen(s));
}

void crm_buf_putc(struct crm_buf *b, char c)
{
	crm_buf_add(b, &c, 1);
}

void crm_buf_printf(struct crm_buf *b, const char *fmt, ...)
{
	va_list ap;
	size_t room = b->s ? b->cap - b->len : 0;
	int n;

	/* First try in the space already there: most calls fit. */
	va_start(ap, fmt);
	n = vsnprintf(b->s ? b->s + b->len : NULL, room, fmt, ap);
	va_end(ap);
	if (n < 0)
		format_failed(fmt);
	if ((size_t)n >= room) {
		buf_grow(b, (size_t)n);
		va_start(ap, fmt);
		vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	b->len += (size_t)n;
}

const char *crm_buf_str(struct crm_buf *b)
{
	return b->s ? b->s : "";
}

char *crm_buf_detach(struct crm_buf *b)
{
	char *s = b->s ? b->s : crm_xstrdup("");

	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

void crm_buf_reset(struct crm_buf *b)
{
	b->len = 0;
	if (b->s)
		b->s[0] = '\0';
}

void crm_buf_release(struct crm_buf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

/* Keeps a spare slot so that v stays NULL-terminated and can serve as argv. */
static void strv_grow(struct crm_strv *sv)
{
	int cap;

	if (sv->n + 1 < sv->cap)
		return;
	if (sv->cap > INT_MAX / 2)
		out_of_memory();
	cap = sv->cap ? sv->cap * 2 : 8;
	sv->v = crm_xrealloc(sv->v, (size_t)cap * sizeof(*sv->v));
	sv->cap = cap;
}

void crm_strv_push(struct crm_strv *sv, const char *s)
{
	crm_strv_push_owned(sv, crm_xstrdup(s));
}

void crm_strv_push_owned(struct crm_strv *sv, char *s)
{
	strv_grow(sv);
	sv->v[sv->n++] = s;
	sv->v[sv->n] = NULL;
}

void crm_strv_release(struct crm_strv *sv)
{
	int i;

	for (i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	sv->v = NULL;
	sv->n = sv->cap = 0;
}

static int is_ascii_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static void push_trimmed(struct crm_strv *sv, const char *s, size_t n)
{
	while (n && is_ascii_space(*s)) {
		s++;
		n--;
	}
	while (n && is_ascii_space(s[n - 1]))
		n--;
	if (n)
		crm_strv_push_owned(sv, crm_xstrndup(s, n));
}

void crm_strv_split(struct crm_strv *sv, const char *s, char sep)
{
	const char *end;

	if (!s)
		return;
	for (;;) {
		/* sep == '\0' finds the terminator: the whole string is one item. */
		end = strchr(s, sep);
		if (!end)
			end = s + strlen(s);
		push_trimmed(sv, s, (size_t)(end - s));
		if (!*end)
			break;
		s = end + 1;
	}
}

/*
 * Appends the visible form of the bytes at s (n of them) to out, which has
 * room for 3 n bytes; *c2 carries a UTF-8 lead byte 0xC2 cut off at the
 * end of the last call (a C1 control is C2 80 to C2 9F).  The length written.
 */
static size_t visible_bytes(const unsigned char *s, size_t n, char *out, int *c2)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char b = s[i];
		if (*c2) {
			*c2 = 0;
			if (b >= 0x80 && b <= 0x9f) {
				out[o++] = '^', out[o++] = '[', out[o++] = (char)(b - 0x80 + 0x40);
				continue;
			}
			out[o++] = (char)0xc2;
		}
		if (b == 0xc2)
			*c2 = 1;
		else if ((b < 0x20 && b != '\n' && b != '\t') || b == 0x7f)
			out[o++] = '^', out[o++] = b == 0x7f ? '?' : (char)(b + 0x40);
		else
			out[o++] = (char)b;
	}
	return o;
}

char *crm_visible(const char *s)
{
	size_t n = strlen(s);
	char *out = malloc(3 * n + 2);
	int c2 = 0;
	if (!out)
		return NULL;
	size_t o = visible_bytes((const unsigned char *)s, n, out, &c2);
	if (c2)
		out[o++] = (char)0xc2;
	out[o] = '\0';
	return out;
}

/* ------------------------------------------- standard output for people */

struct people_out {
	int fd, c2;
};

static ssize_t people_write(void *cookie, const char *buf, size_t n)
{
	struct people_out *po = cookie;
	char *out = malloc(3 * n + 1);
	if (!out)
		return -1;
	size_t len = visible_bytes((const unsigned char *)buf, n, out, &po->c2);
	for (size_t done = 0; done < len;) {
		ssize_t w = write(po->fd, out + done, len - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			free(out);
			return -1;
		}
		done += (size_t)w;
	}
	free(out);
	return (ssize_t)n;
}

static int people_close(void *cookie)
{
	struct people_out *po = cookie;
	if (po->c2 && write(po->fd, "\xc2", 1) != 1)
		return -1;
	return 0; /* the descriptor is standard output's own: it stays open */
}

int crm_stdout_for_people(void)
{
	/* one per process, never freed: it lives as long as standard output */
	static struct people_out po;
	static FILE *wrapped;
	if (wrapped && stdout == wrapped)
		return 0; /* already for people */
	if (fflush(stdout) != 0)
		return -1;
	/* the same descriptor: never closed, so no file the run opens later
	   (the database) can take its number and receive what is printed */
	po.fd = fileno(stdout);
	po.c2 = 0;
	cookie_io_functions_t io = {.write = people_write, .close = people_close};
	FILE *f = fopencookie(&po, "w", io);
	if (!f)
		return -1;
	stdout = wrapped = f;
	return 0;
}
