/*
 * text.c - folding, UTF-8 measuring and the checks on text values.
 *
 * Users write Spanish, Portuguese and French names, so matching must not care
 * about case or accents.  The folding here is deliberately byte-safe: any
 * input, valid UTF-8 or not, comes out without a crash or an over-read.
 */
#include "base/i18n.h"
#include "crm.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

static int is_ascii_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_continuation(unsigned char c)
{
	return (c & 0xC0) == 0x80;
}

/*
 * Decodes the sequence at s, of which len bytes are readable.  Returns its
 * length with the code point in *cp, or 0 when the bytes are not valid UTF-8:
 * overlong forms, surrogates and values past U+10FFFF are refused, as a
 * strict decoder must, so that one character has only one spelling.
 */
static size_t utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	uint32_t c, min;
	size_t n, i;

	if (len == 0)
		return 0;
	c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		n = 2;
		c &= 0x1F;
		min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 3;
		c &= 0x0F;
		min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4;
		c &= 0x07;
		min = 0x10000;
	} else {
		return 0;
	}
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if (!is_continuation(s[i]))
			return 0;
		c = c << 6 | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return n;
}

/* ------------------------------------------------------------- folding */

/*
 * Folding is Unicode's, through utf8proc: compatibility decomposition
 * (NFKD: "ﬁ" is "fi", full-width "Ａ" is "A"), full case folding ("ß" is
 * "ss", final "ς" is "σ"), default ignorables dropped (a soft hyphen or a
 * zero-width space inside a name), look-alike punctuation lumped ("’" is
 * "'"), accents dropped, then canonical composition.  NFD text and NFC text
 * fold alike, so a name typed on a Mac is found as one typed elsewhere.
 */
#define FOLD_DECOMPOSE                                                                             \
	(UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD |              \
	 UTF8PROC_IGNORE | UTF8PROC_LUMP)
#define FOLD_COMPOSE (UTF8PROC_STABLE | UTF8PROC_COMPOSE)

/*
 * Letters Unicode does not decompose but readers take for plain Latin ones:
 * "Łódź" is looked for as "lodz", "Søren" as "soren".  Looked up after case
 * folding, so only the small letters are listed; none expands to more than
 * two letters.
 */
static const struct {
	uint32_t cp;
	const char *as;
} plain_latin[] = {
    {0x00DF, "ss"}, /* ß */
    {0x00E6, "ae"}, /* æ */
    {0x00F0, "d"},  /* ð */
    {0x00F8, "o"},  /* ø */
    {0x00FE, "th"}, /* þ */
    {0x0111, "d"},  /* đ */
    {0x0127, "h"},  /* ħ */
    {0x0131, "i"},  /* ı */
    {0x0138, "k"},  /* ĸ */
    {0x0142, "l"},  /* ł */
    {0x014B, "ng"}, /* ŋ */
    {0x0153, "oe"}, /* œ */
    {0x0167, "t"},  /* ŧ */
};
#define PLAIN_LATIN_MAX 2

static const char *plain_latin_of(uint32_t cp)
{
	for (size_t i = 0; i < sizeof plain_latin / sizeof plain_latin[0]; i++)
		if (plain_latin[i].cp == cp)
			return plain_latin[i].as;
	return NULL;
}

/*
 * The marks folding drops: accents and points, which decorate a letter
 * (acute, cedilla, Greek tonos, Vietnamese tones, Hebrew and Arabic vowel
 * points).  Marks of combining class 0 and 6 to 9 are kept: Indic vowel
 * signs, nukta and virama, and the kana voicing mark make another letter
 * (か and が are two syllables, not one with an accent).
 */
static int is_dropped_mark(utf8proc_int32_t cp)
{
	const utf8proc_property_t *p = utf8proc_get_property(cp);
	int mark = p->category == UTF8PROC_CATEGORY_MN || p->category == UTF8PROC_CATEGORY_MC ||
	           p->category == UTF8PROC_CATEGORY_ME;
	return mark && p->combining_class != 0 &&
	       !(p->combining_class >= 6 && p->combining_class <= 9);
}

/* The decomposed code points of cps[0..n) without dropped marks, plain Latin spelled out. */
static utf8proc_ssize_t strip_and_spell(const utf8proc_int32_t *cps, utf8proc_ssize_t n,
                                        utf8proc_int32_t *out)
{
	utf8proc_ssize_t o = 0;
	for (utf8proc_ssize_t i = 0; i < n; i++) {
		const char *as = plain_latin_of((uint32_t)cps[i]);
		if (as)
			while (*as)
				out[o++] = (unsigned char)*as++;
		else if (!is_dropped_mark(cps[i]))
			out[o++] = cps[i];
	}
	return o;
}

/*
 * Appends the folded form of s[0..len), valid UTF-8, to b.  utf8proc then
 * refuses only a text past its size limit, which is kept as it is.
 */
static void fold_run(struct crm_buf *b, const char *s, size_t len)
{
	const utf8proc_uint8_t *in = (const utf8proc_uint8_t *)s;
	utf8proc_ssize_t n = utf8proc_decompose(in, (utf8proc_ssize_t)len, NULL, 0, FOLD_DECOMPOSE);
	if (n < 0) {
		crm_buf_add(b, s, len);
		return;
	}
	utf8proc_int32_t *cps = crm_xcalloc((size_t)n + 1, sizeof *cps);
	/* reencoding writes UTF-8 over the same array: one int32 per code point fits */
	utf8proc_int32_t *kept = crm_xcalloc((size_t)n * PLAIN_LATIN_MAX + 1, sizeof *kept);
	utf8proc_decompose(in, (utf8proc_ssize_t)len, cps, n, FOLD_DECOMPOSE);
	utf8proc_ssize_t bytes =
	    utf8proc_reencode(kept, strip_and_spell(cps, n, kept), FOLD_COMPOSE);
	if (bytes < 0)
		crm_buf_add(b, s, len);
	else
		crm_buf_add(b, (const char *)kept, (size_t)bytes);
	free(cps);
	free(kept);
}

/* The length of the valid UTF-8 at the start of s[0..len). */
static size_t valid_prefix(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;
	uint32_t cp;

	while (i < len && (n = utf8_decode(p + i, len - i, &cp)) > 0)
		i += n;
	return i;
}

/* Most values are plain ASCII: lowering them is all their folding does. */
static int lower_if_ascii(char *s)
{
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p >= 0x80)
			return 0;
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
	return 1;
}

char *crm_fold(const char *s)
{
	struct crm_buf b = CRM_BUF_INIT;
	size_t len, i = 0, n;

	if (!s)
		return NULL;
	char *ascii = crm_xstrdup(s);
	if (lower_if_ascii(ascii))
		return ascii;
	free(ascii);
	len = strlen(s);
	while (i < len) {
		n = valid_prefix(s + i, len - i);
		if (n)
			fold_run(&b, s + i, n);
		i += n;
		/* a byte that is not UTF-8 is kept as it is; folding goes on after it */
		if (i < len)
			crm_buf_putc(&b, s[i++]);
	}
	return crm_buf_detach(&b);
}

char *crm_fold_key(const char *s)
{
	char *key = crm_fold(s);
	size_t i, o = 0;

	if (!key)
		return NULL;
	for (i = 0; key[i]; i++)
		if ((key[i] >= 'a' && key[i] <= 'z') || is_digit(key[i]))
			key[o++] = key[i];
	key[o] = '\0';
	return key;
}

char *crm_name_key(const char *s)
{
	char *key = crm_fold(s);
	size_t i, o = 0;

	if (!key)
		return NULL;
	for (i = 0; key[i]; i++)
		if ((unsigned char)key[i] >= 0x80 || (key[i] >= 'a' && key[i] <= 'z') ||
		    is_digit(key[i]))
			key[o++] = key[i];
	key[o] = '\0';
	return key;
}

/* ------------------------------------------------------------ measuring */

/*
 * Columns as Unicode's tables give them (utf8proc): East Asian wide
 * characters and emoji take two, combining marks none.  A control character
 * never reaches a terminal raw (crm_visible shows it as ^X), so it counts as
 * the one column it is given there.
 */
static size_t codepoint_width(uint32_t cp)
{
	const utf8proc_property_t *p = utf8proc_get_property((utf8proc_int32_t)cp);
	if (p->category == UTF8PROC_CATEGORY_CC)
		return 1;
	return (size_t)utf8proc_charwidth((utf8proc_int32_t)cp);
}

/*
 * The byte length of the character at s (len bytes left) and its width in
 * *cols.  A byte that is not UTF-8 counts as one column: a terminal shows it
 * as one replacement character.
 */
static size_t next_char(const char *s, size_t len, size_t *cols)
{
	uint32_t cp;
	size_t n = utf8_decode((const unsigned char *)s, len, &cp);

	if (n == 0) {
		*cols = 1;
		return 1;
	}
	*cols = codepoint_width(cp);
	return n;
}

size_t crm_utf8_width(const char *s)
{
	size_t len, i = 0, cols, width = 0;

	if (!s)
		return 0;
	len = strlen(s);
	while (i < len) {
		i += next_char(s + i, len - i, &cols);
		width += cols;
	}
	return width;
}

size_t crm_utf8_prefix(const char *s, size_t cols)
{
	size_t len, i = 0, n, w, width = 0;

	if (!s)
		return 0;
	len = strlen(s);
	while (i < len) {
		n = next_char(s + i, len - i, &w);
		if (width + w > cols)
			break;
		width += w;
		i += n;
	}
	return i;
}

int crm_utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;
	uint32_t cp;

	while (i < len) {
		n = utf8_decode(p + i, len - i, &cp);
		if (n == 0)
			return 0;
		i += n;
	}
	return 1;
}

/* --------------------------------------------------------------- values */

char *crm_trim(const char *s)
{
	size_t n;

	if (!s)
		return NULL;
	while (is_ascii_space(*s))
		s++;
	n = strlen(s);
	while (n && is_ascii_space(s[n - 1]))
		n--;
	return crm_xstrndup(s, n);
}

/* A copy of s with control characters as \xNN, so a message cannot move the cursor. */
static char *shown(const char *s)
{
	struct crm_buf b = CRM_BUF_INIT;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			crm_buf_printf(&b, "\\x%02x", (unsigned char)*p);
		else
			crm_buf_putc(&b, *p);
	char *r = crm_xstrdup(crm_buf_str(&b));
	crm_buf_release(&b);
	return r;
}

static int config_fail(const char *what, const char *reason, const char *s, char **err)
{
	char *v = shown(s);
	*err = crm_xasprintf("%s: %s '%s'", what, reason, v);
	free(v);
	return -1;
}

int crm_config_text_check(const char *what, const char *s, char **err)
{
	if (!crm_utf8_valid(s, strlen(s))) {
		*err = crm_xasprintf(_("%s: not valid UTF-8"), what);
		return -1;
	}
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return config_fail(what, "holds a control character", s, err);
	return 0;
}

int crm_config_name_check(const char *what, const char *s, char **err)
{
	if (crm_config_text_check(what, s, err) < 0)
		return -1;
	size_t n = strlen(s);
	if (!n)
		return config_fail(what, "empty name", s, err);
	if (strchr(s, ','))
		return config_fail(what, "a name cannot hold a comma", s, err);
	if (is_ascii_space(s[0]) || is_ascii_space(s[n - 1]))
		return config_fail(what, "blanks around the name", s, err);
	return 0;
}

/* Spaces and control characters never belong in an address. */
static int has_blank(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s <= ' ' || *s == 0x7F)
			return 1;
	return 0;
}

/* At least two labels, none empty: "example.com", not "x", ".x" or "x..y". */
static int domain_valid(const char *d)
{
	size_t n = strlen(d);

	if (n == 0 || d[0] == '.' || d[n - 1] == '.')
		return 0;
	return strchr(d, '.') && !strstr(d, "..");
}

int crm_email_valid(const char *s)
{
	const char *at;
	size_t len;

	if (!s)
		return 0;
	len = strlen(s);
	/* 254 is the longest address SMTP can carry (RFC 5321 path limit). */
	if (len == 0 || len > 254 || has_blank(s))
		return 0;
	at = strchr(s, '@');
	if (!at || at == s || strchr(at + 1, '@'))
		return 0;
	return domain_valid(at + 1);
}

/*
 * Where the number proper ends.  "ext" needs no test of its own: its 'x'
 * already ends the number, and the 'e' before it is no digit.
 */
static int ends_number(char c)
{
	return c == 'x' || c == 'X' || c == ';' || c == ',';
}

static int starts_with_plus(const char *s)
{
	while (is_ascii_space(*s))
		s++;
	return *s == '+';
}

/*
 * The last 9 digits identify a number whatever the country code or trunk
 * prefix it was written with, so "+34 600..." and "600..." meet.  A key
 * shorter than 4 digits would match far too much, so there is none.
 */
char *crm_phone_key(const char *s)
{
	const char *p;
	size_t n = 0, skip = 0;
	char *key;

	if (!s)
		return NULL;
	key = crm_xmalloc(strlen(s) + 1);
	for (p = s; *p && !ends_number(*p); p++)
		if (is_digit(*p))
			key[n++] = *p;
	if (!starts_with_plus(s) && n >= 2 && key[0] == '0' && key[1] == '0')
		skip = 2;
	if (n - skip > 9)
		skip = n - 9;
	n -= skip;
	if (n < 4) {
		free(key);
		return NULL;
	}
	memmove(key, key + skip, n);
	key[n] = '\0';
	return key;
}

int crm_is_uint(const char *s)
{
	if (!s || !*s)
		return 0;
	for (; *s; s++)
		if (!is_digit(*s))
			return 0;
	return 1;
}
