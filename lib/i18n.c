/*
 * i18n.c - where the translations are: beside the running program in a
 * build tree ($(B)/bin/../locale), else the installed LOCALEDIR.
 */
#define _GNU_SOURCE
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "crm.h"
#include "i18n.h"

#ifndef LOCALEDIR
#define LOCALEDIR "/usr/local/share/locale"
#endif

/*
 * The entities' names, singular and plural: the descriptors keep them as
 * scripts use them, and messages print them through crm_noun().  Listed
 * here for the translators.
 */
__attribute__((unused)) static const char *const entity_nouns[] = {
    NP_("account", "accounts"),   NP_("contact", "contacts"),
    NP_("product", "products"),   NP_("lead", "leads"),
    NP_("opp", "opps"),           NP_("item", "items"),
    NP_("quote", "quotes"),       NP_("task", "tasks"),
    NP_("case", "cases"),         NP_("interaction", "interactions"),
    NP_("campaign", "campaigns"), NP_("member", "members"),
    NP_("asset", "assets"),
};

const char *crm_noun(const struct crm_entity *e, long n)
{
	return P_(e->name, e->plural, n);
}

/* The locale directory of the build tree the program runs from, or NULL. */
static const char *build_tree_locale(void)
{
	static char dir[PATH_MAX + 16];
	char self[PATH_MAX], mo[PATH_MAX + 64];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n <= 0)
		return NULL;
	self[n] = '\0';
	char *slash = strrchr(self, '/');
	if (!slash)
		return NULL;
	*slash = '\0';
	snprintf(dir, sizeof dir, "%s/../locale", self);
	snprintf(mo, sizeof mo, "%s/es/LC_MESSAGES/%s.mo", dir, CRM_DOMAIN);
	return access(mo, R_OK) == 0 ? dir : NULL;
}

void crm_i18n_init(void)
{
	static int done;
	if (done)
		return;
	done = 1;
	/* only the messages: LC_NUMERIC, LC_TIME and LC_CTYPE stay "C" */
	setlocale(LC_MESSAGES, "");
	const char *dir = build_tree_locale();
	bindtextdomain(CRM_DOMAIN, dir ? dir : LOCALEDIR);
	bind_textdomain_codeset(CRM_DOMAIN, "UTF-8");
}
