/*
 * test_date.c - crm_now, timestamps, and the dates and date-times users type.
 *
 * "Now" is pinned through CRM_NOW, never taken from the clock, except in the
 * one test that checks the clock is the fallback.
 */

/* setenv and tzset are POSIX, hidden by -std=c11. */
#define _GNU_SOURCE

#include "crm.h"
#include "tap.h"

#include <stdlib.h>

/* A Sunday. */
#define SUNDAY "2026-03-01T09:00:00Z"

static void set_now(const char *now)
{
	setenv("CRM_NOW", now, 1);
}

static void set_tz(const char *tz)
{
	setenv("TZ", tz, 1);
	tzset();
}

/* want NULL: s must be refused. */
static void check_date(const char *s, const char *want)
{
	char out[11] = "";
	int rc = crm_parse_date(s, out);

	is_str(rc == 0 ? out : NULL, want, "date '%s' -> %s", s ? s : "(null)",
	       want ? want : "invalid");
}

static void check_datetime(const char *s, const char *want)
{
	char out[21] = "";
	int rc = crm_parse_datetime(s, out);

	is_str(rc == 0 ? out : NULL, want, "datetime '%s' -> %s", s ? s : "(null)",
	       want ? want : "invalid");
}

static void check_local(const char *ts, const char *want)
{
	char buf[17];

	crm_local_time(ts, buf, sizeof(buf));
	is_str(buf, want, "local time of '%s'", ts ? ts : "(null)");
}

static void test_now(void)
{
	char ts[21];

	set_now(SUNDAY);
	crm_timestamp(crm_now(), ts);
	is_str(ts, SUNDAY, "CRM_NOW with Z");
	set_now("2026-03-01T09:00:00");
	crm_timestamp(crm_now(), ts);
	is_str(ts, SUNDAY, "CRM_NOW without Z is local time (UTC here)");
	set_now("2026-03-01");
	crm_timestamp(crm_now(), ts);
	is_str(ts, "2026-03-01T00:00:00Z", "CRM_NOW date alone is local midnight");

	crm_timestamp(0, ts);
	is_str(ts, "1970-01-01T00:00:00Z", "timestamp of the epoch");
	crm_timestamp(-1, ts);
	is_str(ts, "1969-12-31T23:59:59Z", "timestamp before the epoch");
	crm_timestamp(253402300799, ts);
	is_str(ts, "9999-12-31T23:59:59Z", "timestamp of the last four-digit second");
	crm_timestamp(253402300800, ts);
	is_str(ts, "", "timestamp past year 9999 is empty");
}

static void test_words(void)
{
	set_now(SUNDAY);
	check_date("today", "2026-03-01");
	check_date("TODAY", "2026-03-01");
	check_date("now", "2026-03-01");
	check_date("tomorrow", "2026-03-02");
	check_date("yesterday", "2026-02-28");
	check_date("hoy", "2026-03-01");
	check_date("mañana", "2026-03-02");
	check_date("MAÑANA", "2026-03-02");
	check_date("manana", "2026-03-02");
	check_date("ayer", "2026-02-28");
	check_date("ahora", "2026-03-01");
	/* 2026-03-01 is a Sunday */
	check_date("pasado mañana", "2026-03-03");
	check_date("Pasado Mañana", "2026-03-03");
	check_date("day after tomorrow", "2026-03-03");
	check_date("próxima semana", "2026-03-02");
	check_date("next week", "2026-03-02");
	check_date("fin de mes", "2026-03-31");
	check_date("fin de año", "2026-12-31");
	check_date("fin de semana", "2026-03-01");
	check_date("pasado", NULL);

	check_date("+3d", "2026-03-04");
	check_date("-2w", "2026-02-15");
	check_date("+1m", "2026-04-01");
	check_date("-1m", "2026-02-01");
	check_date("+1y", "2027-03-01");
	check_date("+0d", "2026-03-01");
	check_date("+30D", "2026-03-31");
	check_date("+365d", "2027-03-01");

	/* Sunday: every weekday is ahead, and "sunday" means a week on. */
	check_date("monday", "2026-03-02");
	check_date("Monday", "2026-03-02");
	check_date("saturday", "2026-03-07");
	check_date("sunday", "2026-03-08");
	check_date("lunes", "2026-03-02");
	check_date("martes", "2026-03-03");
	check_date("miércoles", "2026-03-04");
	check_date("miercoles", "2026-03-04");
	check_date("jueves", "2026-03-05");
	check_date("viernes", "2026-03-06");
	check_date("sábado", "2026-03-07");
	check_date("SÁBADO", "2026-03-07");
	check_date("sabado", "2026-03-07");
	check_date("domingo", "2026-03-08");

	check_date("eow", "2026-03-01");
	check_date("eom", "2026-03-31");
	check_date("eoy", "2026-12-31");
	check_date("EOM", "2026-03-31");

	set_now("2026-03-04T09:00:00Z"); /* a Wednesday */
	check_date("eow", "2026-03-08");
	check_date("wednesday", "2026-03-11");
	check_date("thursday", "2026-03-05");
	check_date("tuesday", "2026-03-10");

	set_now("2026-01-31T12:00:00Z");
	check_date("+1m", "2026-02-28");
	check_date("+2m", "2026-03-31");
	check_date("-2m", "2025-11-30");
	check_date("eom", "2026-01-31");
	set_now("2024-01-31T12:00:00Z");
	check_date("+1m", "2024-02-29");
	set_now("2024-02-29T12:00:00Z");
	check_date("+1y", "2025-02-28");
	check_date("-4y", "2020-02-29");
	check_date("eom", "2024-02-29");
	set_now("2026-12-31T12:00:00Z");
	check_date("tomorrow", "2027-01-01");
	check_date("+1m", "2027-01-31");
	check_date("+2m", "2027-02-28");
	set_now(SUNDAY);
}

static void test_iso(void)
{
	set_now(SUNDAY);
	check_date("2026-12-01", "2026-12-01");
	check_date("2024-02-29", "2024-02-29");
	check_date("2000-02-29", "2000-02-29");
	check_date("2026-02-30", NULL);
	check_date("2026-13-01", NULL);
	check_date("2026-00-10", NULL);
	check_date("2026-04-31", NULL);
	check_date("2026-04-00", NULL);
	check_date("2025-02-29", NULL);
	check_date("1900-02-29", NULL);
	check_date("0000-01-01", NULL);
	check_date("2026-12-01x", NULL);
	check_date("2026-12-01 ", NULL);
	check_date(" 2026-12-01", NULL);
	check_date("2026-12-01T10:30", NULL);
	check_date("2026-1-01", NULL);
	check_date("26-01-01", NULL);
	check_date("2026/12/01", NULL);
	check_date("20261201", NULL);
	check_date("2026-12", NULL);

	check_date("", NULL);
	check_date(NULL, NULL);
	check_date("todays", NULL);
	check_date("tomorrowx", NULL);
	check_date("+3", NULL);
	check_date("+d", NULL);
	check_date("3d", NULL);
	check_date("+3x", NULL);
	check_date("+3dd", NULL);
	check_date("+-3d", NULL);
	check_date("+9999999d", NULL);
	check_date("+999999y", NULL);
	check_date("mon", NULL);
	check_date("\xff", NULL);
}

static void test_datetime(void)
{
	set_now(SUNDAY);
	check_datetime("2026-12-01T10:30", "2026-12-01T10:30:00Z");
	check_datetime("2026-12-01 10:30:15", "2026-12-01T10:30:15Z");
	check_datetime("2026-12-01T10:30:15Z", "2026-12-01T10:30:15Z");
	check_datetime("2026-12-01T10:30Z", "2026-12-01T10:30:00Z");
	check_datetime("2026-12-01", "2026-12-01T00:00:00Z");
	check_datetime("now", SUNDAY);
	check_datetime("NOW", SUNDAY);
	check_datetime("today", "2026-03-01T00:00:00Z");
	check_datetime("tomorrow", "2026-03-02T00:00:00Z");
	check_datetime("+1w", "2026-03-08T00:00:00Z");
	check_datetime("lunes", "2026-03-02T00:00:00Z");

	check_datetime("2026-12-01T24:00", NULL);
	check_datetime("2026-12-01T10:60", NULL);
	check_datetime("2026-12-01T10:30:60", NULL);
	check_datetime("2026-12-01T10", NULL);
	check_datetime("2026-12-01T1:30", NULL);
	check_datetime("2026-12-01T10:30:1", NULL);
	check_datetime("2026-12-01T10:30:00Zjunk", NULL);
	check_datetime("2026-12-01T10:30:00+01:00", NULL);
	check_datetime("2026-02-30T10:30", NULL);
	check_datetime("2026-12-01T", NULL);
	check_datetime("", NULL);
	check_datetime(NULL, NULL);
	check_datetime("later", NULL);
}

static void test_madrid(void)
{
	set_tz("Europe/Madrid");
	set_now(SUNDAY);
	check_datetime("2026-12-01T10:30", "2026-12-01T09:30:00Z");
	check_datetime("2026-07-01T10:30", "2026-07-01T08:30:00Z");
	check_datetime("2026-12-01T10:30Z", "2026-12-01T10:30:00Z");
	check_datetime("2026-12-01", "2026-11-30T23:00:00Z");
	check_datetime("today", "2026-02-28T23:00:00Z");
	check_datetime("now", SUNDAY);
	check_local("2026-03-01T09:00:00Z", "2026-03-01 10:00");
	check_local("2026-07-01T08:30:00Z", "2026-07-01 10:30");
	check_local("2026-12-31T23:30:00Z", "2027-01-01 00:30");

	/* Late on Sunday in UTC is already Monday in Madrid. */
	set_now("2026-03-01T23:30:00Z");
	check_date("today", "2026-03-02");
	check_date("tomorrow", "2026-03-03");
	check_date("eow", "2026-03-08");

	/* Summer time starts on 2026-03-29: "+1d" still lands on the next day. */
	set_now("2026-03-28T23:30:00Z");
	check_date("today", "2026-03-29");
	check_date("+1d", "2026-03-30");
	check_datetime("today", "2026-03-28T23:00:00Z");
	check_datetime("tomorrow", "2026-03-29T22:00:00Z");

	set_tz("UTC");
	set_now(SUNDAY);
	check_local("2026-03-01T09:00:00Z", "2026-03-01 09:00");
}

static void test_local_time_fallback(void)
{
	char small[8];

	check_local("2026-03-01", "2026-03-01");
	check_local("garbage", "garbage");
	check_local(NULL, "");
	crm_local_time("2026-03-01T09:00:00Z", small, sizeof(small));
	is_str(small, "2026-03", "local time truncated to the buffer");
}

static void test_bad_now(void)
{
	time_t before = time(NULL), now;

	set_now("2026-02-30T09:00:00Z");
	now = crm_now();
	ok(now >= before && now <= time(NULL), "invalid CRM_NOW falls back to the clock");
	set_now("yesterday");
	now = crm_now();
	ok(now >= before && now <= time(NULL), "CRM_NOW takes no words");
	unsetenv("CRM_NOW");
	now = crm_now();
	ok(now >= before && now <= time(NULL), "no CRM_NOW: the clock");
}

static void check_duration(const char *in, long want)
{
	long secs = -7;
	int rc = crm_parse_duration(in, &secs);
	if (want < 0)
		ok(rc == -1, "duration '%s' is refused", in);
	else
		ok(rc == 0 && secs == want, "duration '%s' is %ld s (got %ld)", in, want, secs);
}

static void check_duration_str(long secs, const char *want)
{
	char buf[32];
	crm_duration_str(secs, buf, sizeof buf);
	is_str(buf, want, "duration string");
}

static void test_durations(void)
{
	check_duration("90m", 5400);
	check_duration("4h", 14400);
	check_duration("5d", 432000);
	check_duration("2w", 1209600);
	check_duration("1d12h", 129600);
	check_duration("0m", 0);
	check_duration("", -1);
	check_duration("h", -1);
	check_duration("4", -1);
	check_duration("4x", -1);
	check_duration("-1h", -1);
	check_duration("1h ", -1);
	check_duration("99999999d", -1);
	check_duration_str(0, "0m");
	check_duration_str(59, "1m");
	check_duration_str(3600, "1h");
	check_duration_str(5400, "1h 30m");
	check_duration_str(-5400, "1h 30m");
	check_duration_str(86400 + 3600 + 60, "1d 1h");
	check_duration_str(86400 + 60, "1d");
	check_duration_str(10 * 86400, "10d");
}

static void test_time_of(void)
{
	time_t t = 0;
	ok(crm_time_of("2026-03-01T09:00:00Z", &t) == 0 && t == 1772355600,
	   "a UTC timestamp's moment");
	ok(crm_time_of("2026-03-01", &t) == 0 && t == 1772323200, "a date is its local midnight");
	ok(crm_time_of("soon", &t) == -1 && crm_time_of(NULL, &t) == -1, "not a time");
}

static void test_day_number(void)
{
	double d;
	ok(crm_day_number("1970-01-01", &d) == 0 && d == 0, "the epoch is day 0");
	ok(crm_day_number("2026-03-01", &d) == 0 && d == 20513, "2026-03-01 is day 20513");
	ok(crm_day_number("2024-02-29", &d) == 0 && d == 19782, "a leap day");
	ok(crm_day_number("1969-12-31", &d) == 0 && d == -1, "before the epoch");
	ok(crm_day_number("2026-03-01T12:00:00Z", &d) == 0 && d == 20513.5, "noon is half a day");
	double a, b;
	crm_day_number("2025-12-31", &a);
	crm_day_number("2026-01-01", &b);
	ok(b - a == 1, "across a year");
	ok(crm_day_number("2026-02-30", &d) < 0, "an impossible date is refused");
	ok(crm_day_number("tomorrow", &d) < 0, "words are not day numbers");
	ok(crm_day_number(NULL, &d) < 0, "no value");
}

/* Spreadsheet dates: each order reads its own form and refuses the others. */
static void test_orders(void)
{
	check_date("15/03/1985", NULL);
	ok(crm_date_is_ordered("15/03/1985") && crm_date_is_ordered("3/15/1985") &&
	       !crm_date_is_ordered("2026-03-01") && !crm_date_is_ordered("15/03/85"),
	   "a date in day or month order is told apart, for the message");
	is_int(crm_date_format_set("dmy"), 0, "dmy is a date format");
	check_date("15/03/1985", "1985-03-15");
	check_date("15-03-1985", "1985-03-15");
	check_date("15.03.1985", "1985-03-15");
	check_date("1/2/1990", "1990-02-01");
	check_date("15/03-1985", NULL);
	check_date("3/15/1985", NULL);
	check_date("15/03/85", NULL);
	check_date("29/02/1985", NULL);
	check_date("29/02/1988", "1988-02-29");
	check_date("2026-03-01", "2026-03-01");
	check_date("mañana", "2026-03-02");
	check_date("15/03/2026 10:30", NULL);
	check_datetime("15/03/2026 10:30", "2026-03-15T10:30:00Z");
	check_datetime("15/03/2026", "2026-03-15T00:00:00Z");
	crm_date_format_set("mdy");
	check_date("3/15/1985", "1985-03-15");
	check_date("15/03/1985", NULL);
	crm_date_format_set("ymd");
	check_date("1985/03/15", "1985-03-15");
	check_date("1985.3.5", "1985-03-05");
	check_date("15/03/1985", NULL);
	crm_date_format_set("excel");
	check_date("31121", "1985-03-15");
	check_date("61", "1900-03-01");
	check_date("60", NULL);
	check_date("2958466", NULL);
	check_date("46096.4375", NULL);
	check_datetime("46096.4375", "2026-03-15T10:30:00Z");
	check_date("15/03/1985", NULL);
	is_int(crm_date_format_set("dym"), -1, "dym is no date format");
	crm_date_format_set("iso");
	check_date("15/03/1985", NULL);
}

/* The default: dmy where LC_ALL, LC_TIME or LANG names a day-first locale, else ISO only. */
static void test_locale_default(void)
{
	static const struct {
		const char *all, *time, *lang;
		enum crm_date_order want;
	} cases[] = {
	    {NULL, NULL, NULL, CRM_DATES_ISO},
	    {NULL, NULL, "es_ES.UTF-8", CRM_DATES_DMY},
	    {NULL, "de_DE.UTF-8@nowhere", "C", CRM_DATES_DMY},
	    {"C.UTF-8", "es_ES.UTF-8", NULL, CRM_DATES_ISO},
	    {NULL, NULL, "en_US.UTF-8", CRM_DATES_ISO},
	    {NULL, NULL, "en_GB.UTF-8@nowhere", CRM_DATES_DMY},
	    {NULL, NULL, "POSIX", CRM_DATES_ISO},
	    {NULL, NULL, "esperanto", CRM_DATES_ISO},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *vals[] = {cases[i].all, cases[i].time, cases[i].lang};
		const char *names[] = {"LC_ALL", "LC_TIME", "LANG"};
		for (int k = 0; k < 3; k++)
			if (vals[k])
				setenv(names[k], vals[k], 1);
			else
				unsetenv(names[k]);
		crm_date_format_from_locale();
		is_int(crm_date_format(), cases[i].want, "LC_ALL=%s LC_TIME=%s LANG=%s",
		       vals[0] ? vals[0] : "", vals[1] ? vals[1] : "", vals[2] ? vals[2] : "");
	}
	unsetenv("LC_ALL");
	unsetenv("LC_TIME");
	unsetenv("LANG");
	crm_date_format_set("iso");
}

int main(void)
{
	set_tz("UTC");
	test_now();
	test_words();
	test_iso();
	test_datetime();
	test_madrid();
	test_local_time_fallback();
	test_bad_now();
	test_durations();
	test_time_of();
	test_day_number();
	set_now("2026-03-01T09:00:00Z");
	test_orders();
	test_locale_default();
	return tap_done();
}
