/*
 * money.c - amounts and numbers as people write them, and money in minor
 * units.  A base type beside dates: quotes, campaigns, reports and the
 * grammar all count money, none of them owns it.
 */
#define _GNU_SOURCE
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/money.h"

/* "1234.50" (normal form) to minor units. */
long long crm_money_minor(const char *v)
{
	if (!v)
		return 0;
	int neg = *v == '-';
	long long minor = 0;
	for (const char *p = v + neg; *p; p++)
		if (*p >= '0' && *p <= '9')
			minor = minor * 10 + (*p - '0');
	return neg ? -minor : minor;
}

char *crm_money_str(long long minor)
{
	long long a = minor < 0 ? -minor : minor;
	return crm_xasprintf("%s%lld.%02lld", minor < 0 ? "-" : "", a / 100, a % 100);
}

int crm_money_check(const char *field, double minor, char **err)
{
	if (fabs(minor) <= 1e17) /* doubles round 10^17 - 1 up to 10^17 */
		return 0;
	*err = crm_xasprintf(_("%s: too large (at most 999999999999999.99)"), field);
	return CRM_EXIT_DATA;
}

/* ------------------------------------------------- as people write them */

/*
 * A number as a spreadsheet in another language writes it, in the form
 * strtod reads: the marks follow money's rules (crm-formats(5)), so
 * "12,5" is 12.5, "1.234,5" and "1,234.5" are 1234.5, and "1,234" is 1234.
 */
static char *unmarked_number(const char *v)
{
	const char *dot = strrchr(v, '.'), *comma = strrchr(v, ',');
	char decimal = 0, *out = crm_xmalloc(strlen(v) + 1), *o = out;

	if (dot && comma)
		decimal = dot > comma ? '.' : ',';
	else if (comma && comma == strchr(v, ',') && strspn(comma + 1, "0123456789") != 3)
		decimal = ',';
	else if (dot && dot == strchr(v, '.') && strspn(dot + 1, "0123456789") != 3)
		decimal = '.';
	for (; *v; v++)
		if (*v == decimal)
			*o++ = '.';
		else if (*v != '.' && *v != ',')
			*o++ = *v;
	*o = '\0';
	return out;
}

/* "10%" and "10 %" are 10, as people write discounts and probabilities. */
static size_t without_percent(const char *v)
{
	size_t n = strlen(v);

	if (n && v[n - 1] == '%') {
		n--;
		while (n && v[n - 1] == ' ')
			n--;
		/* a no-break space, as French and Spanish spreadsheets put before % */
		if (n >= 2 && !memcmp(v + n - 2, "\xC2\xA0", 2))
			n -= 2;
	}
	return n;
}

int crm_number_normal(const char *v, char **out)
{
	char *text = crm_xstrndup(v, without_percent(v)), *end;
	char *plain = strpbrk(text, ",") ? unmarked_number(text) : crm_xstrdup(text);
	double d = strtod(plain, &end);
	int ok = end != plain && !*end && isfinite(d) && !strpbrk(plain, "xXnN");

	free(text);
	if (!ok) {
		free(plain);
		return -1;
	}
	*out = plain;
	return 0;
}

/*
 * Money in normal form "-1234.50", from what people write: "1234",
 * "1234.5", "1.234,50", "1,234.50", "1 234,50 €", "$3".  The rules, as
 * crm-formats(5) states them:
 *  - with both '.' and ',' the last one is the decimal mark and the other
 *    groups thousands;
 *  - one mark alone followed by exactly three digits groups thousands
 *    ("1.234" and "1,234" are 1234: no currency has three decimals), and a
 *    mark that comes more than once groups them too ("1.234.567");
 *  - otherwise a mark alone is the decimal mark;
 *  - thousands come in groups of exactly three digits after a first group
 *    of one to three, all with the same separator ('.', ',' or a space);
 *  - at most two decimals; more are accepted only when they are zeros
 *    ("1.2300"), since rounding an amount silently changes it.
 * Anything else ("0.005", "1.23456", "1..2", "1 2", "1.2.3", "1e3") is
 * refused, with why in *why.
 */
static int money_number(const char *p, const char *end, struct crm_buf *digits, const char **why)
{
	const char *last_dot = NULL, *last_comma = NULL;
	int dots = 0, commas = 0;
	for (const char *q = p; q < end; q++) {
		if (*q == '.')
			dots++, last_dot = q;
		else if (*q == ',')
			commas++, last_comma = q;
		else if (*q != ' ' && (*q < '0' || *q > '9'))
			return *why = N_("not an amount"), -1;
	}
	const char *mark = NULL; /* the decimal mark, if any */
	if (dots && commas)
		mark = last_dot > last_comma ? last_dot : last_comma;
	else if (dots + commas == 1) {
		const char *m = dots ? last_dot : last_comma;
		size_t after = (size_t)(end - m - 1);
		if (!(after == 3 && strspn(m + 1, "0123456789") == 3 && *p != '0'))
			mark = m;
	}
	if (mark && ((*mark == '.' && dots > 1) || (*mark == ',' && commas > 1)))
		return *why = N_("more than one decimal mark"), -1;
	const char *int_end = mark ? mark : end;
	/* the whole part: plain digits, or groups of three after a first of 1-3 */
	char sep = 0;
	int group = 0, groups = 0;
	for (const char *q = p; q < int_end; q++) {
		if (*q >= '0' && *q <= '9') {
			crm_buf_putc(digits, *q);
			group++;
			continue;
		}
		if ((sep && *q != sep) || group == 0 || (groups ? group != 3 : group > 3))
			return *why = N_("thousands are grouped by three with one separator"), -1;
		if (!groups && *p == '0')
			return *why = N_("thousands are grouped by three with one separator"), -1;
		sep = *q;
		groups++;
		group = 0;
	}
	if (!group || (groups && group != 3))
		return *why = groups ? N_("thousands are grouped by three with one separator")
		                     : N_("not an amount"),
		       -1;
	if (!mark)
		return 0;
	size_t frac = (size_t)(end - mark - 1);
	if (!frac || strspn(mark + 1, "0123456789") != frac)
		return *why = N_("not an amount"), -1;
	if (frac > 2 && strspn(mark + 3, "0") != frac - 2)
		return *why = N_("more decimals than a currency has (2)"), -1;
	crm_buf_putc(digits, '.');
	crm_buf_printf(digits, "%.*s", (int)(frac < 2 ? frac : 2), mark + 1);
	return 0;
}

/* Length of a currency sign or space at p, 0 if none. */
static size_t money_sign(const char *p)
{
	return *p == ' ' || *p == '$' ? 1 : !strncmp(p, "£", 2) ? 2 : !strncmp(p, "€", 3) ? 3 : 0;
}

int crm_money_normal(const char *v, char **out, const char **why)
{
	/* the number itself, without signs and spaces around it */
	const char *p = v, *end = v + strlen(v);
	while (money_sign(p))
		p += money_sign(p);
	int neg = 0;
	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	for (int cut = 1; cut && end > p;) {
		cut = 0;
		static const char *const signs[] = {" ", "$", "£", "€"};
		for (int k = 0; k < 4; k++) {
			size_t n = strlen(signs[k]);
			if ((size_t)(end - p) >= n && !strncmp(end - n, signs[k], n)) {
				end -= n;
				cut = 1;
			}
		}
	}
	struct crm_buf digits = CRM_BUF_INIT;
	*why = N_("not an amount");
	int ok = end > p && money_number(p, end, &digits, why) == 0;
	if (ok) {
		const char *d = crm_buf_str(&digits);
		const char *dot = strchr(d, '.');
		size_t whole = dot ? (size_t)(dot - d) : strlen(d);
		const char *frac = dot ? dot + 1 : "";
		while (whole > 1 && *d == '0')
			d++, whole--;
		ok = whole <= 15;
		if (!ok)
			*why = N_("too large (at most 999999999999999.99)");
		/* "-0" is zero: one normal form, the one minor units give back */
		if (!d[strspn(d, "0.")])
			neg = 0;
		if (ok)
			*out = crm_xasprintf("%s%.*s.%c%c", neg ? "-" : "", (int)whole, d,
			                     frac[0] ? frac[0] : '0',
			                     frac[0] && frac[1] ? frac[1] : '0');
	}
	crm_buf_release(&digits);
	return ok ? 0 : -1;
}
