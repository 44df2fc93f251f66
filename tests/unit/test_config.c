/* Unit tests of the checks on names and text given to the configuration. */
#define _GNU_SOURCE
#include <stdlib.h>

#include "crm.h"
#include "tap.h"

/* The message of check on s, or "ok". */
static char *result(int (*check)(const char *, const char *, char **), const char *s)
{
	char *err = NULL;
	return check("stage", s, &err) == 0 ? crm_xstrdup("ok") : err;
}

static void name(const char *s, const char *want)
{
	char *got = result(crm_config_name_check, s);
	is_str(got, want, "name: %s", want);
	free(got);
}

static void text(const char *s, const char *want)
{
	char *got = result(crm_config_text_check, s);
	is_str(got, want, "text: %s", want);
	free(got);
}

int main(void)
{
	name("negotiation", "ok");
	name("best case", "ok");
	name("Négociation", "ok");
	name("", "stage: empty name ''");
	name("a,b", "stage: a name cannot hold a comma 'a,b'");
	name(" demo", "stage: blanks around the name ' demo'");
	name("demo ", "stage: blanks around the name 'demo '");
	name("de\tmo", "stage: holds a control character 'de\\x09mo'");
	name("de\x7fmo", "stage: holds a control character 'de\\x7fmo'");
	name("d\xc3", "stage: not valid UTF-8");
	text("a, b", "ok");
	text("", "ok");
	text("line\nbreak", "stage: holds a control character 'line\\x0abreak'");
	text("\x1b[31mred", "stage: holds a control character '\\x1b[31mred'");
	text("\xff", "stage: not valid UTF-8");
	return tap_done();
}
