/*
 * text.c - folding, UTF-8 measuring and the checks on text values.
 *
 * Users write Spanish, Portuguese and French names, so matching must not care
 * about case or accents.  The folding here is deliberately byte-safe: any
 * input, valid UTF-8 or not, comes out without a crash or an over-read.
 */
#include "crm.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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

#define FOLD_FIRST 0xC0
#define FOLD_LAST 0x17F

/*
 * The folded form of U+00C0..U+017F; NULL keeps the character (× and ÷).
 * Every entry is at most two bytes, like the UTF-8 it replaces, so folding
 * never makes a string longer.  Kept out of clang-format, which would break
 * the rows of sixteen that line up with the comments.
 */
/* clang-format off */
static const char *const latin_fold[FOLD_LAST - FOLD_FIRST + 1] = {
	/* U+00C0 À Á Â Ã Ä Å Æ Ç È É Ê Ë Ì Í Î Ï */
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	/* U+00D0 Ð Ñ Ò Ó Ô Õ Ö × Ø Ù Ú Û Ü Ý Þ ß */
	"d", "n", "o", "o", "o", "o", "o", NULL, "o", "u", "u", "u", "u", "y", "th", "ss",
	/* U+00E0 à á â ã ä å æ ç è é ê ë ì í î ï */
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	/* U+00F0 ð ñ ò ó ô õ ö ÷ ø ù ú û ü ý þ ÿ */
	"d", "n", "o", "o", "o", "o", "o", NULL, "o", "u", "u", "u", "u", "y", "th", "y",
	/* U+0100 Ā ā Ă ă Ą ą Ć ć Ĉ ĉ Ċ ċ Č č Ď ď */
	"a", "a", "a", "a", "a", "a", "c", "c", "c", "c", "c", "c", "c", "c", "d", "d",
	/* U+0110 Đ đ Ē ē Ĕ ĕ Ė ė Ę ę Ě ě Ĝ ĝ Ğ ğ */
	"d", "d", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "g", "g", "g", "g",
	/* U+0120 Ġ ġ Ģ ģ Ĥ ĥ Ħ ħ Ĩ ĩ Ī ī Ĭ ĭ Į į */
	"g", "g", "g", "g", "h", "h", "h", "h", "i", "i", "i", "i", "i", "i", "i", "i",
	/* U+0130 İ ı Ĳ ĳ Ĵ ĵ Ķ ķ ĸ Ĺ ĺ Ļ ļ Ľ ľ Ŀ */
	"i", "i", "ij", "ij", "j", "j", "k", "k", "k", "l", "l", "l", "l", "l", "l", "l",
	/* U+0140 ŀ Ł ł Ń ń Ņ ņ Ň ň ŉ Ŋ ŋ Ō ō Ŏ ŏ */
	"l", "l", "l", "n", "n", "n", "n", "n", "n", "n", "ng", "ng", "o", "o", "o", "o",
	/* U+0150 Ő ő Œ œ Ŕ ŕ Ŗ ŗ Ř ř Ś ś Ŝ ŝ Ş ş */
	"o", "o", "oe", "oe", "r", "r", "r", "r", "r", "r", "s", "s", "s", "s", "s", "s",
	/* U+0160 Š š Ţ ţ Ť ť Ŧ ŧ Ũ ũ Ū ū Ŭ ŭ Ů ů */
	"s", "s", "t", "t", "t", "t", "t", "t", "u", "u", "u", "u", "u", "u", "u", "u",
	/* U+0170 Ű ű Ų ų Ŵ ŵ Ŷ ŷ Ÿ Ź ź Ż ż Ž ž ſ */
	"u", "u", "u", "u", "w", "w", "y", "y", "y", "z", "z", "z", "z", "z", "z", "s",
};
/* clang-format on */

static const char *latin_folded(uint32_t cp)
{
	if (cp < FOLD_FIRST || cp > FOLD_LAST)
		return NULL;
	return latin_fold[cp - FOLD_FIRST];
}

char *crm_fold(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	const char *folded;
	size_t len, i = 0, n, o = 0;
	uint32_t cp;
	char *out;

	if (!s)
		return NULL;
	len = strlen(s);
	out = crm_xmalloc(len + 1);
	while (i < len) {
		n = utf8_decode(p + i, len - i, &cp);
		if (n == 0) {
			/* Not UTF-8: keep the byte as it is and resynchronise. */
			out[o++] = s[i++];
			continue;
		}
		folded = latin_folded(cp);
		if (cp >= 'A' && cp <= 'Z') {
			out[o++] = (char)(cp - 'A' + 'a');
		} else if (folded) {
			memcpy(out + o, folded, strlen(folded));
			o += strlen(folded);
		} else {
			memcpy(out + o, s + i, n);
			o += n;
		}
		i += n;
	}
	out[o] = '\0';
	return out;
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

struct width_range {
	uint32_t first, last;
};

/* East Asian wide characters and the common emoji: two terminal columns. */
static const struct width_range wide_ranges[] = {
    {0x1100, 0x115F}, {0x2E80, 0xA4CF}, {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},   {0xFE30, 0xFE4F},
    {0xFF00, 0xFF60}, {0xFFE0, 0xFFE6}, {0x1F300, 0x1F64F}, {0x20000, 0x3FFFD},
};

static size_t codepoint_width(uint32_t cp)
{
	size_t i;

	if (cp >= 0x0300 && cp <= 0x036F)
		return 0;
	for (i = 0; i < sizeof(wide_ranges) / sizeof(wide_ranges[0]); i++)
		if (cp >= wide_ranges[i].first && cp <= wide_ranges[i].last)
			return 2;
	return 1;
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
		*err = crm_xasprintf("%s: not valid UTF-8", what);
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
