/*
 * test_text.c - folding, UTF-8 measuring, value checks, and the error and
 * memory helpers they are built on.
 */

/* fork, pipe and waitpid are POSIX, hidden by -std=c11. */
#define _GNU_SOURCE

#include "crm.h"
#include "tap.h"

#include <stdint.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

/*
 * Under AddressSanitizer a failed malloc aborts by default; the out-of-memory
 * test needs malloc to return NULL as it does in a normal build.
 */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "allocator_may_return_null=1";
}

/*
 * The input as a readable TAP description: control bytes, and every high byte
 * when the text is not UTF-8, become \xNN.  Two buffers so that a message
 * can show two values.
 */
static const char *show(const char *s)
{
	static char bufs[2][256];
	static int turn;
	char *out = bufs[turn ^= 1];
	size_t o = 0;
	int escape_high;

	if (!s)
		return "(null)";
	escape_high = !crm_utf8_valid(s, strlen(s));
	for (; *s && o + 5 < sizeof(bufs[0]); s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x20 || c == 0x7f || (c >= 0x80 && escape_high))
			o += (size_t)snprintf(out + o, 5, "\\x%02x", c);
		else
			out[o++] = *s;
	}
	out[o] = '\0';
	return out;
}

/*
 * Inputs are copied to the heap so that the sanitizers catch any read past
 * the terminating NUL, which a string literal's neighbours would hide.
 */
static void check_fold(const char *in, const char *want)
{
	char *copy = crm_xstrdup(in), *got = crm_fold(copy);

	is_str(got, want, "fold '%s'", show(in));
	free(got);
	free(copy);
}

static void check_fold_key(const char *in, const char *want)
{
	char *copy = crm_xstrdup(in), *got = crm_fold_key(copy);

	is_str(got, want, "fold_key '%s'", show(in));
	free(got);
	free(copy);
}

static void check_phone(const char *in, const char *want)
{
	char *got = crm_phone_key(in);

	is_str(got, want, "phone_key '%s'", show(in));
	free(got);
}

static void check_trim(const char *in, const char *want)
{
	char *got = crm_trim(in);

	is_str(got, want, "trim '%s'", show(in));
	free(got);
}

static void check_width(const char *in, size_t want)
{
	char *copy = crm_xstrdup(in);

	is_int(crm_utf8_width(copy), want, "width '%s'", show(in));
	free(copy);
}

static void check_prefix(const char *in, size_t cols, size_t want)
{
	char *copy = crm_xstrdup(in);

	is_int(crm_utf8_prefix(copy, cols), want, "prefix of '%s' in %zu columns", show(in), cols);
	free(copy);
}

static void test_fold(void)
{
	check_fold("García", "garcia");
	check_fold("GARCIA", "garcia");
	check_fold("JOÃO", "joao");
	check_fold("Françoise", "francoise");
	check_fold("FRANÇOISE", "francoise");
	check_fold("Ñuñoa", "nunoa");
	check_fold("Straße", "strasse");
	check_fold("ÀÁÂÄÃÅ àáâäãå", "aaaaaa aaaaaa");
	check_fold("Æsir Œuvre", "aesir oeuvre");
	check_fold("Søren Ørsted", "soren orsted");
	check_fold("Đorđe Łódź", "dorde lodz");
	check_fold("Þórr", "thorr");
	check_fold("Škoda Čapek Žižek", "skoda capek zizek");
	check_fold("Ÿ ÿ ſ", "y y s");
	check_fold("2 × 3 ÷ 4", "2 × 3 ÷ 4");
	check_fold("Ελλάδα Москва 東京", "ελλαδα москва 東京");
	check_fold("", "");
	is_str(crm_fold(NULL), NULL, "fold NULL is NULL");

	/* Bytes that are not UTF-8 pass through; the neighbours still fold. */
	check_fold("A\377B", "a\377b"); /* octal: "\xffB" would be one escape */
	check_fold("\xc3", "\xc3");
	check_fold("X\xc3", "x\xc3");
	check_fold("\xc3(É", "\xc3(e");
	check_fold("\xc0\x80Z", "\xc0\x80z");
	check_fold("\xed\xa0\x80", "\xed\xa0\x80");
	check_fold("\xe6\x97", "\xe6\x97");
	check_fold("\x80\x80\x80", "\x80\x80\x80");
}

static void test_fold_key(void)
{
	check_fold_key("E-mail", "email");
	check_fold_key("email", "email");
	check_fold_key("Teléfono", "telefono");
	check_fold_key("Código Postal", "codigopostal");
	check_fold_key("Address 2", "address2");
	check_fold_key("東京", "");
	check_fold_key("a\377b", "ab");
}

static void test_width(void)
{
	check_width("", 0);
	check_width("abc", 3);
	check_width("García", 6);
	check_width("e\xcc\x81", 1); /* e + U+0301 combining acute */
	check_width("日本", 4);
	check_width("한국어", 6);
	check_width("ｈｉ", 4);             /* fullwidth forms */
	check_width("\xf0\x9f\x98\x80", 2); /* U+1F600 */
	check_width("\xf0\xa0\x80\x80", 2); /* U+20000 */
	check_width("\xff\xfe", 2);
	check_width("ab\xe6\x97", 4);
	is_int(crm_utf8_width(NULL), 0, "width NULL");

	check_prefix("abcdef", 3, 3);
	check_prefix("abc", 10, 3);
	check_prefix("García", 4, 4);
	check_prefix("García", 5, 6);
	check_prefix("日本語", 3, 3);
	check_prefix("日本語", 4, 6);
	check_prefix("日本語", 1, 0);
	check_prefix("ae\xcc\x81x", 2, 4);
	check_prefix("abc", 0, 0);
}

static void test_utf8_valid(void)
{
	ok(crm_utf8_valid("García 日本 \xf0\x9f\x98\x80", strlen("García 日本 \xf0\x9f\x98\x80")),
	   "valid: mixed text");
	ok(crm_utf8_valid("", 0), "valid: empty");
	ok(!crm_utf8_valid("\xff", 1), "invalid: 0xff");
	ok(!crm_utf8_valid("\xc0\xaf", 2), "invalid: overlong '/'");
	ok(!crm_utf8_valid("\xe0\x80\xaf", 3), "invalid: overlong three-byte");
	ok(!crm_utf8_valid("\xed\xa0\x80", 3), "invalid: surrogate");
	ok(!crm_utf8_valid("\xf4\x90\x80\x80", 4), "invalid: past U+10FFFF");
	ok(!crm_utf8_valid("\xe6\x97", 2), "invalid: truncated");
	ok(!crm_utf8_valid("a\x80", 2), "invalid: lone continuation");
	ok(crm_utf8_valid("日本", 3), "valid: length stops after a whole character");
	ok(!crm_utf8_valid("日本", 4), "invalid: length cuts a character");
}

static void test_trim(void)
{
	check_trim("  a b \t\r\n", "a b");
	check_trim("abc", "abc");
	check_trim(" \t ", "");
	check_trim("", "");
	check_trim(NULL, NULL);
}

static void test_email(void)
{
	char long_addr[300];

	ok(crm_email_valid("ana@example.com"), "email good: ana@example.com");
	ok(crm_email_valid("a.b+c@sub.example.es"), "email good: a.b+c@sub.example.es");
	ok(crm_email_valid("josé@correo.es"), "email good: UTF-8 local part");
	ok(!crm_email_valid("ana@"), "email bad: ana@");
	ok(!crm_email_valid("@x.com"), "email bad: @x.com");
	ok(!crm_email_valid("a b@x.com"), "email bad: a b@x.com");
	ok(!crm_email_valid("a@x"), "email bad: a@x");
	ok(!crm_email_valid("a@@x.com"), "email bad: a@@x.com");
	ok(!crm_email_valid("a@x@y.com"), "email bad: a@x@y.com");
	ok(!crm_email_valid("a@x..com"), "email bad: a@x..com");
	ok(!crm_email_valid("a@.x.com"), "email bad: a@.x.com");
	ok(!crm_email_valid("a@x.com."), "email bad: a@x.com.");
	ok(!crm_email_valid("a@x .com"), "email bad: space in domain");
	ok(!crm_email_valid("a@x.com\n"), "email bad: trailing newline");
	ok(!crm_email_valid("ana.example.com"), "email bad: no @");
	ok(!crm_email_valid(""), "email bad: empty");
	ok(!crm_email_valid(NULL), "email bad: NULL");

	/* 254 characters is the limit: 248 + "@x.com". */
	memset(long_addr, 'a', 248);
	strcpy(long_addr + 248, "@x.com");
	ok(crm_email_valid(long_addr), "email good: 254 characters");
	memset(long_addr, 'a', 249);
	strcpy(long_addr + 249, "@x.com");
	ok(!crm_email_valid(long_addr), "email bad: 255 characters");
}

static void test_phone_key(void)
{
	check_phone("+34 600 12 34 56", "600123456");
	check_phone("600123456", "600123456");
	check_phone("0034-600-123-456", "600123456");
	check_phone("(209)172-7124x3651", "091727124");
	check_phone("001-758-441-9302x53127", "584419302");
	check_phone("+1 555 0100 ext 12", "15550100");
	check_phone("+1 555 0100 EXT. 12", "15550100");
	check_phone("600 123 456; 611 222 333", "600123456");
	check_phone("600 123 456, 611 222 333", "600123456");
	check_phone("+44 20 7946 0958", "079460958");
	check_phone(" +0034 600", "0034600"); /* after '+', "00" is not a prefix */
	check_phone("91 555", "91555");
	check_phone("12", NULL);
	check_phone("00123", NULL);
	check_phone("x1234", NULL);
	check_phone("", NULL);
	check_phone(NULL, NULL);
}

static void test_is_uint(void)
{
	ok(crm_is_uint("0"), "uint: 0");
	ok(crm_is_uint("12345678901234567890"), "uint: long");
	ok(!crm_is_uint(""), "uint: empty");
	ok(!crm_is_uint("12a"), "uint: 12a");
	ok(!crm_is_uint("-1"), "uint: -1");
	ok(!crm_is_uint(" 1"), "uint: leading space");
	ok(!crm_is_uint(NULL), "uint: NULL");
}

static void test_buf(void)
{
	struct crm_buf b = CRM_BUF_INIT;
	char big[300];
	char *s;

	is_str(crm_buf_str(&b), "", "buf: empty buffer gives \"\"");
	crm_buf_puts(&b, "abc");
	crm_buf_putc(&b, '-');
	crm_buf_add(&b, "xyz", 2);
	crm_buf_printf(&b, "%d:%s", 42, "ok");
	is_str(crm_buf_str(&b), "abc-xy42:ok", "buf: puts, putc, add, printf");
	is_int(b.len, 11, "buf: length");

	memset(big, 'z', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	crm_buf_printf(&b, "[%s]", big);
	is_int(b.len, 11 + 301, "buf: printf past the capacity");
	ok(b.s[b.len] == '\0' && b.s[b.len - 1] == ']', "buf: still terminated");

	crm_buf_reset(&b);
	is_str(crm_buf_str(&b), "", "buf: reset empties");
	crm_buf_puts(&b, "kept");
	s = crm_buf_detach(&b);
	is_str(s, "kept", "buf: detach hands the string over");
	ok(b.s == NULL && b.len == 0, "buf: detach leaves it empty");
	free(s);
	s = crm_buf_detach(&b);
	is_str(s, "", "buf: detaching an empty buffer gives \"\"");
	free(s);
	crm_buf_puts(&b, "x");
	crm_buf_release(&b);
	ok(b.s == NULL && b.cap == 0, "buf: release frees");
}

static void test_strv(void)
{
	struct crm_strv sv = CRM_STRV_INIT;
	int i;

	crm_strv_split(&sv, " vip , madrid,,\tclientes ,  ,", ',');
	is_int(sv.n, 3, "split: empty items dropped");
	if (sv.n == 3) {
		is_str(sv.v[0], "vip", "split: item 1 trimmed");
		is_str(sv.v[1], "madrid", "split: item 2");
		is_str(sv.v[2], "clientes", "split: item 3 trimmed");
	}
	ok(sv.v[sv.n] == NULL, "strv: NULL-terminated");
	crm_strv_split(&sv, "a|b", '|');
	is_int(sv.n, 5, "split: appends to what is there");
	crm_strv_split(&sv, NULL, ',');
	crm_strv_split(&sv, " , ", ',');
	is_int(sv.n, 5, "split: nothing from NULL or blanks");
	crm_strv_release(&sv);
	ok(sv.v == NULL && sv.n == 0, "strv: release empties");

	for (i = 0; i < 100; i++)
		crm_strv_push(&sv, "x");
	crm_strv_push_owned(&sv, crm_xasprintf("n=%d", i));
	is_int(sv.n, 101, "strv: grows");
	is_str(sv.v[100], "n=100", "strv: push_owned and xasprintf");
	crm_strv_release(&sv);
}

static void test_alloc(void)
{
	char *s = crm_xstrndup("abcdef", 3), *t = crm_xstrndup("ab", 10);
	int *z = crm_xcalloc(4, sizeof(int));
	void *p = crm_xmalloc(0);

	is_str(s, "abc", "xstrndup: cut at n");
	is_str(t, "ab", "xstrndup: stops at the NUL");
	ok(z[0] == 0 && z[3] == 0, "xcalloc: zeroed");
	ok(p != NULL, "xmalloc(0): a real pointer");
	p = crm_xrealloc(p, 0);
	ok(p != NULL, "xrealloc(p, 0): still a real pointer");
	ok(crm_xstrdup(NULL) == NULL, "xstrdup(NULL) is NULL");
	free(s);
	free(t);
	free(z);
	free(p);
}

/*
 * Runs fn in a child with its stderr captured into err; returns its exit
 * status, or -1 if it did not exit normally.
 */
static int run_captured(void (*fn)(void), char *err, size_t size)
{
	int fd[2], status;
	size_t got = 0;
	ssize_t n;
	pid_t pid;

	err[0] = '\0';
	fflush(stdout); /* or the child would print our TAP lines again */
	if (pipe(fd) < 0)
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		close(fd[0]);
		dup2(fd[1], 2);
		fn();
		_exit(0);
	}
	close(fd[1]);
	while (got + 1 < size && (n = read(fd[0], err + got, size - 1 - got)) > 0)
		got += (size_t)n;
	err[got] = '\0';
	close(fd[0]);
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

static void warn_something(void)
{
	crm_warn("line %d: email: invalid address '%s'", 12, "ana@");
}

static void die_with_data_error(void)
{
	crm_die(CRM_EXIT_DATA, "bad %s", "thing");
}

static void allocate_too_much(void)
{
	void *p = crm_xmalloc(SIZE_MAX / 2);

	free(p);
}

static void warn_long(void)
{
	char msg[2001];

	memset(msg, 'm', sizeof(msg) - 1);
	msg[sizeof(msg) - 1] = '\0';
	crm_warn("%s", msg);
}

static void test_errors(void)
{
	char err[4096];
	const char *tail;
	int rc;

	is_str(crm_progname(), "crm", "progname: 'crm' until set");
	crm_set_progname("/usr/local/bin/crm-contact");
	is_str(crm_progname(), "crm-contact", "progname: basename of argv0");
	crm_set_progname("crm-task");
	is_str(crm_progname(), "crm-task", "progname: plain name");

	rc = run_captured(warn_something, err, sizeof(err));
	is_int(rc, 0, "warn: returns");
	is_str(err, "crm-task: line 12: email: invalid address 'ana@'\n", "warn: message");

	rc = run_captured(warn_long, err, sizeof(err));
	ok(strlen(err) == strlen("crm-task: ") + 2000 + 1, "warn: long message whole");

	rc = run_captured(die_with_data_error, err, sizeof(err));
	is_int(rc, CRM_EXIT_DATA, "die: exit code");
	is_str(err, "crm-task: bad thing\n", "die: message");

	rc = run_captured(allocate_too_much, err, sizeof(err));
	is_int(rc, CRM_EXIT_DB, "xmalloc: exits 4 when memory runs out");
	/* The last line only: a sanitizer may have its own say before it. */
	tail = strrchr(err, '\n');
	while (tail && tail > err && tail[-1] != '\n')
		tail--;
	is_str(tail, "crm-task: out of memory\n", "xmalloc: says so");
}

static void test_name_key(void)
{
	const char *cases[][2] = {
	    {"GTX Pro", "gtxpro"},     {"GTXPro", "gtxpro"},
	    {"gtx-pro", "gtxpro"},     {"Acme Ibérica S.L.", "acmeibericasl"},
	    {"東京 商事", "東京商事"}, {"", ""},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *k = crm_name_key(cases[i][0]);
		is_str(k, cases[i][1], "name_key('%s')", cases[i][0]);
		free(k);
	}
}

int main(void)
{
	test_fold();
	test_fold_key();
	test_name_key();
	test_width();
	test_utf8_valid();
	test_trim();
	test_email();
	test_phone_key();
	test_is_uint();
	test_buf();
	test_strv();
	test_alloc();
	test_errors();
	return tap_done();
}
