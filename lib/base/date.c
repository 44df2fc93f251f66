/*
 * date.c - "now", timestamps and the date words users type.
 *
 * Stored times are UTC; what a person means by "today" or "10:30" is local
 * time, so words and bare times go through localtime_r/mktime and only the
 * result is turned into UTC.  CRM_NOW pins "now" so tests are repeatable.
 */

/* timegm, tzset and localtime_r are not in C11. */
#define _GNU_SOURCE

#include "crm.h"
#include "base/i18n.h"

#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

/* The years a four-digit "YYYY" can hold. */
#define YEAR_MIN 1
#define YEAR_MAX 9999

/* Relative offsets past this many digits are typing mistakes, not dates. */
#define OFFSET_DIGITS_MAX 6

/* The fields of "YYYY-MM-DD[( |T)HH:MM[:SS][Z]]". */
struct iso_time {
	int year, mon, day, hour, min, sec;
	int has_time, utc;
};

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int year_valid(int year)
{
	return year >= YEAR_MIN && year <= YEAR_MAX;
}

static int is_leap(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int days_in_month(int year, int mon)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	return mon == 2 && is_leap(year) ? 29 : days[mon - 1];
}

/* Reads exactly ndigits digits: "2026-3-1" is refused, not guessed at. */
static int read_number(const char **sp, int ndigits, int *val)
{
	const char *s = *sp;
	int i;

	*val = 0;
	for (i = 0; i < ndigits; i++) {
		if (!is_digit(s[i]))
			return -1;
		*val = *val * 10 + (s[i] - '0');
	}
	*sp = s + ndigits;
	return 0;
}

/* Steps over c when it is next; never moves past the terminating NUL. */
static int expect(const char **sp, char c)
{
	if (**sp != c)
		return -1;
	(*sp)++;
	return 0;
}

static int read_date(const char **sp, struct iso_time *t)
{
	if (read_number(sp, 4, &t->year) || expect(sp, '-') || read_number(sp, 2, &t->mon) ||
	    expect(sp, '-') || read_number(sp, 2, &t->day))
		return -1;
	return 0;
}

static int read_time(const char **sp, struct iso_time *t)
{
	if (read_number(sp, 2, &t->hour) || expect(sp, ':') || read_number(sp, 2, &t->min))
		return -1;
	if (expect(sp, ':') == 0 && read_number(sp, 2, &t->sec))
		return -1;
	if (expect(sp, 'Z') == 0 || expect(sp, 'z') == 0)
		t->utc = 1;
	t->has_time = 1;
	return 0;
}

static int iso_time_valid(const struct iso_time *t)
{
	if (!year_valid(t->year) || t->mon < 1 || t->mon > 12)
		return 0;
	if (t->day < 1 || t->day > days_in_month(t->year, t->mon))
		return 0;
	return t->hour <= 23 && t->min <= 59 && t->sec <= 59;
}

/* Parses the whole of s; anything left over makes it invalid. */
static int parse_iso(const char *s, struct iso_time *t)
{
	memset(t, 0, sizeof(*t));
	if (read_date(&s, t))
		return -1;
	if (*s == 'T' || *s == 't' || *s == ' ') {
		s++;
		if (read_time(&s, t))
			return -1;
	}
	if (*s || !iso_time_valid(t))
		return -1;
	return 0;
}

/* ---------------------------------------------------- spreadsheet dates */

/* How "15/03/1985" is read: not at all unless the user or the locale says. */
static enum crm_date_order date_order = CRM_DATES_ISO;

int crm_date_format_set(const char *name)
{
	static const char *const names[] = {
	    [CRM_DATES_ISO] = "iso", [CRM_DATES_DMY] = "dmy",     [CRM_DATES_MDY] = "mdy",
	    [CRM_DATES_YMD] = "ymd", [CRM_DATES_EXCEL] = "excel",
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(name, names[i])) {
			date_order = (enum crm_date_order)i;
			return 0;
		}
	return -1;
}

enum crm_date_order crm_date_format(void)
{
	return date_order;
}

/* The locale that names how dates are written: LC_ALL, else LC_TIME, else LANG. */
static const char *time_locale_name(void)
{
	static const char *const vars[] = {"LC_ALL", "LC_TIME", "LANG"};

	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			return v;
	}
	return "C";
}

/* Languages written day first, for a locale this system has not generated. */
static int day_first_language(const char *name)
{
	static const char *const langs[] = {
	    "es", "fr", "de",    "it",    "pt",    "nl",    "ca",    "gl",   "eu", "da",
	    "nb", "nn", "no",    "fi",    "pl",    "cs",    "sk",    "ro",   "ru", "uk",
	    "el", "tr", "hr",    "sl",    "sr",    "bg",    "is",    "et",   "lv", "lt",
	    "ga", "cy", "en_GB", "en_IE", "en_AU", "en_NZ", "en_IN", "en_ZA"};

	for (size_t i = 0; i < sizeof(langs) / sizeof(langs[0]); i++) {
		size_t n = strlen(langs[i]);
		if (!strncmp(name, langs[i], n) && (!name[n] || strchr("_.@", name[n])))
			return 1;
	}
	return 0;
}

/* 1 if the locale's date format puts the day before the month and the year last. */
static int day_first_format(const char *fmt)
{
	const char *d = strstr(fmt, "%d"), *e = strstr(fmt, "%e"), *m = strstr(fmt, "%m");
	const char *y = strstr(fmt, "%y"), *Y = strstr(fmt, "%Y");

	if (!d || (e && e < d))
		d = e;
	if (!y || (Y && Y < y))
		y = Y;
	return d && m && y && d < m && m < y;
}

void crm_date_format_from_locale(void)
{
	const char *name = time_locale_name();
	locale_t loc;

	date_order = CRM_DATES_ISO;
	if (!strcmp(name, "C") || !strcmp(name, "POSIX") || !strncmp(name, "C.", 2))
		return;
	loc = newlocale(LC_TIME_MASK, name, (locale_t)0);
	if (loc) {
		if (day_first_format(nl_langinfo_l(D_FMT, loc)))
			date_order = CRM_DATES_DMY;
		freelocale(loc);
	} else if (day_first_language(name)) {
		date_order = CRM_DATES_DMY;
	}
}

/* 1 or 2 digits: a day or a month as spreadsheets write it ("3/15/1985"). */
static int read_short(const char **sp, int *val)
{
	if (!is_digit(**sp))
		return -1;
	*val = *(*sp)++ - '0';
	if (is_digit(**sp))
		*val = *val * 10 + (*(*sp)++ - '0');
	return 0;
}

/* "15/03/1985", "15-03-1985", "15.03.1985", "3/15/1985" or "1985/03/15", as date_order says. */
static int read_ordered_date(const char **sp, struct iso_time *t)
{
	const char *s = *sp;
	char sep;
	int *first = date_order == CRM_DATES_MDY ? &t->mon : &t->day;
	int *second = date_order == CRM_DATES_MDY ? &t->day : &t->mon;

	if (date_order == CRM_DATES_YMD) {
		if (read_number(&s, 4, &t->year) || !*s || !strchr("/-.", *s))
			return -1;
		sep = *s++;
		if (read_short(&s, &t->mon) || expect(&s, sep) || read_short(&s, &t->day))
			return -1;
	} else {
		if (read_short(&s, first) || !*s || !strchr("/-.", *s))
			return -1;
		sep = *s++;
		if (read_short(&s, second) || expect(&s, sep) || read_number(&s, 4, &t->year))
			return -1;
	}
	*sp = s;
	return 0;
}

static int parse_ordered(const char *s, struct iso_time *t)
{
	memset(t, 0, sizeof(*t));
	if (read_ordered_date(&s, t))
		return -1;
	if (*s == ' ' || *s == 'T') {
		s++;
		if (read_time(&s, t))
			return -1;
	}
	return *s || !iso_time_valid(t) ? -1 : 0;
}

/* Days from 1970-01-01 to a civil date and back (Howard Hinnant's algorithms). */
static void civil_from_days(long z, int *y, int *m, int *d)
{
	long era, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	yoe = z - era * 146097;
	yoe = (yoe - yoe / 1460 + yoe / 36524 - yoe / 146096) / 365;
	doy = z - era * 146097 - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* Excel's serial 61 is 1900-03-01; before it Excel counts a 29 February 1900 that was not. */
#define EXCEL_FIRST 61
#define EXCEL_LAST 2958465         /* 9999-12-31 */
#define EXCEL_EPOCH_DAYS (-25569L) /* serial 0 taken as 1899-12-30 */

/* An Excel serial number: days, and a fraction of a day for the time ("46000.4375"). */
static int parse_serial(const char *s, struct iso_time *t)
{
	long days = 0;
	int digits = 0;

	memset(t, 0, sizeof(*t));
	for (; is_digit(*s) && digits < 7; s++, digits++)
		days = days * 10 + (*s - '0');
	if (!digits || days < EXCEL_FIRST || days > EXCEL_LAST)
		return -1;
	if (*s == '.' && is_digit(s[1])) {
		double frac = strtod(s, (char **)&s);
		long secs = (long)(frac * 86400 + 0.5);
		if (secs >= 86400)
			secs = 86399;
		t->hour = (int)(secs / 3600);
		t->min = (int)(secs / 60 % 60);
		t->sec = (int)(secs % 60);
		t->has_time = 1;
	}
	if (*s)
		return -1;
	civil_from_days(days + EXCEL_EPOCH_DAYS, &t->year, &t->mon, &t->day);
	return 0;
}

/* ISO, else the form the date format names. */
static int parse_written(const char *s, struct iso_time *t)
{
	if (parse_iso(s, t) == 0)
		return 0;
	if (date_order == CRM_DATES_EXCEL)
		return parse_serial(s, t);
	if (date_order != CRM_DATES_ISO)
		return parse_ordered(s, t);
	return -1;
}

int crm_date_is_ordered(const char *s)
{
	enum crm_date_order was = date_order;
	struct iso_time t;
	int yes = 0;

	for (int o = CRM_DATES_DMY; o <= CRM_DATES_MDY && !yes; o++) {
		date_order = (enum crm_date_order)o;
		yes = parse_ordered(s, &t) == 0;
	}
	date_order = was;
	return yes;
}

/*
 * mktime on a local broken-down time; tm_isdst = -1 lets the zone rules say
 * whether summer time applies.  -1 is also a real time (one second before
 * the epoch), so only errno tells a failure apart.
 */
static int local_mktime(struct tm *tm, time_t *when)
{
	tm->tm_isdst = -1;
	errno = 0;
	*when = mktime(tm);
	return *when == (time_t)-1 && errno ? -1 : 0;
}

static int iso_to_time(const struct iso_time *t, time_t *when)
{
	struct tm tm = {0};

	tm.tm_year = t->year - 1900;
	tm.tm_mon = t->mon - 1;
	tm.tm_mday = t->day;
	tm.tm_hour = t->hour;
	tm.tm_min = t->min;
	tm.tm_sec = t->sec;
	if (t->utc) {
		*when = timegm(&tm);
		return 0;
	}
	return local_mktime(&tm, when);
}

time_t crm_now(void)
{
	static int warned;
	const char *env = getenv("CRM_NOW");
	struct iso_time t;
	time_t when;

	if (env && *env) {
		if (parse_iso(env, &t) == 0 && iso_to_time(&t, &when) == 0)
			return when;
		if (!warned) {
			crm_warn(
			    _("invalid CRM_NOW '%s' (want YYYY-MM-DDTHH:MM:SSZ): using the clock"),
			    env);
			warned = 1;
		}
	}
	return time(NULL);
}

/* Fixed-width digits: the output size is then plain, whatever the value. */
static char *put_digits(char *p, int val, int width)
{
	int i;

	for (i = width - 1; i >= 0; i--) {
		p[i] = (char)('0' + val % 10);
		val /= 10;
	}
	return p + width;
}

/* "YYYY-MM-DD" into out (11 bytes); returns the end, to append a time. */
static char *format_date(char *out, int year, int mon, int day)
{
	out = put_digits(out, year, 4);
	*out++ = '-';
	out = put_digits(out, mon, 2);
	*out++ = '-';
	out = put_digits(out, day, 2);
	*out = '\0';
	return out;
}

void crm_timestamp(time_t t, char *buf)
{
	struct tm tm;
	char *p;

	/* An empty string rather than a date that does not fit the format. */
	if (!gmtime_r(&t, &tm) || !year_valid(tm.tm_year + 1900)) {
		buf[0] = '\0';
		return;
	}
	p = format_date(buf, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	*p++ = 'T';
	p = put_digits(p, tm.tm_hour, 2);
	*p++ = ':';
	p = put_digits(p, tm.tm_min, 2);
	*p++ = ':';
	p = put_digits(p, tm.tm_sec, 2);
	*p++ = 'Z';
	*p = '\0';
}

/* ------------------------------------------------------ relative dates */

/*
 * localtime_r, unlike mktime, need not look at TZ again; tzset first so a
 * zone changed since the last call is honoured.
 */
static int local_tm(time_t when, struct tm *tm)
{
	tzset();
	return localtime_r(&when, tm) ? 0 : -1;
}

/*
 * Today's date in local time, at noon: day arithmetic then never crosses a
 * midnight, whatever a summer-time change does to the length of the day.
 */
static int local_today(struct tm *tm)
{
	if (local_tm(crm_now(), tm))
		return -1;
	tm->tm_hour = 12;
	tm->tm_min = tm->tm_sec = 0;
	return 0;
}

/* Lets mktime carry overflowing days and months into a real date. */
static int normalise(struct tm *tm)
{
	time_t when;

	if (local_mktime(tm, &when))
		return -1;
	return year_valid(tm->tm_year + 1900) ? 0 : -1;
}

/* Month arithmetic clamps the day: Jan 31 plus a month is Feb 28 (or 29). */
static void add_months(struct tm *tm, long months)
{
	long total = tm->tm_year * 12L + tm->tm_mon + months;
	long year = total / 12, mon = total % 12;
	int last;

	if (mon < 0) {
		mon += 12;
		year--;
	}
	tm->tm_year = (int)year;
	tm->tm_mon = (int)mon;
	last = days_in_month(tm->tm_year + 1900, tm->tm_mon + 1);
	if (tm->tm_mday > last)
		tm->tm_mday = last;
}

/* "+3d", "-2w", "+1m", "+1y". */
static int add_offset(const char *w, struct tm *tm)
{
	long n = 0, sign = w[0] == '-' ? -1 : 1;
	const char *p = w + 1;
	int digits = 0;

	for (; is_digit(*p); p++) {
		if (++digits > OFFSET_DIGITS_MAX)
			return -1;
		n = n * 10 + (*p - '0');
	}
	if (digits == 0 || p[0] == '\0' || p[1] != '\0')
		return -1;
	switch (*p) {
	case 'd':
		tm->tm_mday += (int)(sign * n);
		break;
	case 'w':
		tm->tm_mday += (int)(sign * n * 7);
		break;
	case 'm':
		add_months(tm, sign * n);
		break;
	case 'y':
		add_months(tm, sign * n * 12);
		break;
	default:
		return -1;
	}
	return normalise(tm);
}

struct day_name {
	const char *name; /* folded: "miércoles" is matched as "miercoles" */
	int wday;
};

static const struct day_name day_names[] = {
    {"sunday", 0},    {"monday", 1},   {"tuesday", 2}, {"wednesday", 3}, {"thursday", 4},
    {"friday", 5},    {"saturday", 6}, {"domingo", 0}, {"lunes", 1},     {"martes", 2},
    {"miercoles", 3}, {"jueves", 4},   {"viernes", 5}, {"sabado", 6},
};

static int weekday_of(const char *w)
{
	size_t i;

	for (i = 0; i < sizeof(day_names) / sizeof(day_names[0]); i++)
		if (!strcmp(w, day_names[i].name))
			return day_names[i].wday;
	return -1;
}

static int word_in(const char *w, const char *const *words)
{
	for (; *words; words++)
		if (!strcmp(w, *words))
			return 1;
	return 0;
}

static const char *const words_now[] = {"now", "ahora", NULL};
static const char *const words_today[] = {"today", "hoy", "now", "ahora", NULL};
static const char *const words_tomorrow[] = {"tomorrow", "manana", NULL};
static const char *const words_yesterday[] = {"yesterday", "ayer", NULL};
static const char *const words_overmorrow[] = {"pasado manana", "day after tomorrow", NULL};
static const char *const words_next_week[] = {"proxima semana", "next week", NULL};
static const char *const words_eow[] = {"eow", "fin de semana", NULL};
static const char *const words_eom[] = {"eom", "fin de mes", "end of month", NULL};
static const char *const words_eoy[] = {"eoy", "fin de ano", "end of year", NULL};

/* Sets tm to the date a folded word names, counted from today in local time. */
static int resolve_word(const char *w, struct tm *tm)
{
	int wday = weekday_of(w), ahead;

	if (local_today(tm))
		return -1;
	if (word_in(w, words_today))
		return normalise(tm);
	if (w[0] == '+' || w[0] == '-')
		return add_offset(w, tm);
	if (word_in(w, words_tomorrow)) {
		tm->tm_mday++;
	} else if (word_in(w, words_overmorrow)) {
		tm->tm_mday += 2;
	} else if (word_in(w, words_yesterday)) {
		tm->tm_mday--;
	} else if (wday >= 0) {
		/* The next such day: "monday" said on a Monday means a week on. */
		ahead = (wday - tm->tm_wday + 7) % 7;
		tm->tm_mday += ahead ? ahead : 7;
	} else if (word_in(w, words_next_week)) {
		/* The Monday that starts next week. */
		tm->tm_mday += 7 - (tm->tm_wday + 6) % 7;
	} else if (word_in(w, words_eow)) {
		/* The end of this week, which on a Sunday is today. */
		tm->tm_mday += (7 - tm->tm_wday) % 7;
	} else if (word_in(w, words_eom)) {
		/* Day 0 of next month is the last day of this one. */
		tm->tm_mon++;
		tm->tm_mday = 0;
	} else if (word_in(w, words_eoy)) {
		tm->tm_mon = 11;
		tm->tm_mday = 31;
	} else {
		return -1;
	}
	return normalise(tm);
}

/* Folding makes the words case- and accent-blind: "MAÑANA", "Sábado". */
static int relative_date(const char *s, struct tm *tm)
{
	char *w = crm_fold(s);
	int rc = resolve_word(w, tm);

	free(w);
	return rc;
}

int crm_parse_date(const char *s, char *out)
{
	struct iso_time t;
	struct tm tm;

	if (!s || !*s)
		return -1;
	if (parse_written(s, &t) == 0) {
		if (t.has_time)
			return -1;
		format_date(out, t.year, t.mon, t.day);
		return 0;
	}
	if (relative_date(s, &tm))
		return -1;
	format_date(out, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	return 0;
}

static int is_now_word(const char *s)
{
	char *w = crm_fold(s);
	int now = word_in(w, words_now);

	free(w);
	return now;
}

int crm_parse_datetime(const char *s, char *out)
{
	struct iso_time t;
	struct tm tm;
	time_t when;

	if (!s || !*s)
		return -1;
	if (parse_written(s, &t) == 0) {
		if (iso_to_time(&t, &when))
			return -1;
	} else if (is_now_word(s)) {
		when = crm_now();
	} else {
		if (relative_date(s, &tm))
			return -1;
		/* A date alone means the start of that day where the user is. */
		tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
		if (local_mktime(&tm, &when))
			return -1;
	}
	crm_timestamp(when, out);
	return 0;
}

void crm_local_time(const char *utc_ts, char *buf, size_t size)
{
	struct iso_time t;
	struct tm tm;
	time_t when;

	if (!buf || size == 0)
		return;
	if (utc_ts && parse_iso(utc_ts, &t) == 0 && t.utc && iso_to_time(&t, &when) == 0 &&
	    local_tm(when, &tm) == 0) {
		snprintf(buf, size, "%04d-%02d-%02d %02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1,
		         tm.tm_mday, tm.tm_hour, tm.tm_min);
		return;
	}
	/* Not a timestamp of ours: showing it as stored beats showing nothing. */
	snprintf(buf, size, "%s", utc_ts ? utc_ts : "");
}

int crm_day_number(const char *s, double *days)
{
	struct iso_time t;
	if (!s || parse_iso(s, &t))
		return -1;
	/* days from 1970-01-01 in the proleptic Gregorian calendar (Hinnant's days_from_civil) */
	int y = t.year - (t.mon <= 2);
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (t.mon + (t.mon > 2 ? -3 : 9)) + 2) / 5 + t.day - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	*days =
	    (double)era * 146097 + doe - 719468 + (t.hour * 3600 + t.min * 60 + t.sec) / 86400.0;
	return 0;
}
int crm_time_of(const char *ts, time_t *when)
{
	struct iso_time t;

	if (!ts || parse_iso(ts, &t) || iso_to_time(&t, when))
		return -1;
	return 0;
}

/* ------------------------------------------------------------ durations */

int crm_parse_duration(const char *s, long *secs)
{
	static const struct {
		char unit;
		long secs;
	} units[] = {{'w', 604800}, {'d', 86400}, {'h', 3600}, {'m', 60}};
	long total = 0;
	const char *p = s;

	if (!s || !*s)
		return -1;
	/* "2h", "90m", "5d", "1d12h": numbers each followed by its unit */
	while (*p) {
		char *end;
		long n;
		size_t u;

		if (!is_digit(*p))
			return -1;
		n = strtol(p, &end, 10);
		for (u = 0; u < sizeof units / sizeof units[0]; u++)
			if (*end == units[u].unit)
				break;
		if (u == sizeof units / sizeof units[0] || n > 100000)
			return -1;
		total += n * units[u].secs;
		if (total > 3650L * 86400)
			return -1;
		p = end + 1;
	}
	*secs = total;
	return 0;
}

void crm_duration_str(long secs, char *buf, size_t size)
{
	static const struct {
		const char *unit;
		long secs;
	} units[] = {{"d", 86400}, {"h", 3600}, {"m", 60}};
	size_t len = 0;

	if (size == 0)
		return;
	buf[0] = '\0';
	if (secs < 0)
		secs = -secs;
	/* whole minutes: the two largest units that are not zero, as people say it */
	secs = (secs + 59) / 60 * 60;
	for (size_t u = 0, shown = 0; u < sizeof units / sizeof units[0] && shown < 2; u++) {
		long n = secs / units[u].secs;
		if (!n && !shown)
			continue;
		secs -= n * units[u].secs;
		if (n)
			len += snprintf(buf + len, len < size ? size - len : 0, "%s%ld%s",
			                len ? " " : "", n, units[u].unit);
		shown++;
	}
	if (!len)
		snprintf(buf, size, "0m");
}
