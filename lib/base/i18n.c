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
#include "base/i18n.h"

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
    NP_("asset", "assets"),       NP_("user", "users"),
};

const char *crm_noun(const struct crm_entity *e, long n)
{
	return P_(e->name, e->plural, n);
}

/*
 * The fields' names as show labels them ("first_name": "nombre"), and the
 * other columns of tables for people, in the context "field"; a field
 * without a translation (a custom one) keeps its name.  Listed here for the
 * translators.
 */
__attribute__((unused)) static const char *const field_labels[] = {
    NC_("field", "about"),        NC_("field", "account"),      NC_("field", "active"),
    NC_("field", "added"),        NC_("field", "address"),      NC_("field", "address_is"),
    NC_("field", "amount"),       NC_("field", "anchor"),       NC_("field", "asset"),
    NC_("field", "at"),           NC_("field", "average"),      NC_("field", "avg_days"),
    NC_("field", "birthday"),     NC_("field", "body"),         NC_("field", "budget"),
    NC_("field", "campaign"),     NC_("field", "category"),     NC_("field", "changes"),
    NC_("field", "channel"),      NC_("field", "city"),         NC_("field", "close"),
    NC_("field", "closed"),       NC_("field", "command"),      NC_("field", "company"),
    NC_("field", "contact"),      NC_("field", "contract_end"), NC_("field", "cost"),
    NC_("field", "count"),        NC_("field", "country"),      NC_("field", "created"),
    NC_("field", "csat"),         NC_("field", "currency"),     NC_("field", "deals"),
    NC_("field", "deleted"),      NC_("field", "description"),  NC_("field", "direction"),
    NC_("field", "discount"),     NC_("field", "drop"),         NC_("field", "drop_name"),
    NC_("field", "due"),          NC_("field", "email"),        NC_("field", "email_is"),
    NC_("field", "employees"),    NC_("field", "end"),          NC_("field", "ends"),
    NC_("field", "entity"),       NC_("field", "expected"),     NC_("field", "family"),
    NC_("field", "fax"),          NC_("field", "field"),        NC_("field", "filter"),
    NC_("field", "finished"),     NC_("field", "first_name"),   NC_("field", "flags"),
    NC_("field", "held"),         NC_("field", "help"),         NC_("field", "home_phone"),
    NC_("field", "id"),           NC_("field", "industry"),     NC_("field", "installed"),
    NC_("field", "interactions"), NC_("field", "keep"),         NC_("field", "keep_name"),
    NC_("field", "key"),          NC_("field", "kind"),         NC_("field", "language"),
    NC_("field", "last_name"),    NC_("field", "lead"),         NC_("field", "leads"),
    NC_("field", "left"),         NC_("field", "location"),     NC_("field", "lost"),
    NC_("field", "lost_reason"),  NC_("field", "median_days"),  NC_("field", "members"),
    NC_("field", "met"),          NC_("field", "mobile"),       NC_("field", "name"),
    NC_("field", "new"),          NC_("field", "next_step"),    NC_("field", "notes"),
    NC_("field", "nps"),          NC_("field", "number"),       NC_("field", "old"),
    NC_("field", "op"),           NC_("field", "opp"),          NC_("field", "opps"),
    NC_("field", "optout"),       NC_("field", "outcome"),      NC_("field", "owner"),
    NC_("field", "partner"),      NC_("field", "paused"),       NC_("field", "per_lead"),
    NC_("field", "period"),       NC_("field", "phone"),        NC_("field", "pipeline"),
    NC_("field", "points"),       NC_("field", "position"),     NC_("field", "postcode"),
    NC_("field", "price"),        NC_("field", "priority"),     NC_("field", "probability"),
    NC_("field", "product"),      NC_("field", "qty"),          NC_("field", "quota"),
    NC_("field", "quote"),        NC_("field", "rate"),         NC_("field", "reason"),
    NC_("field", "reasons"),      NC_("field", "record"),       NC_("field", "recur"),
    NC_("field", "region"),       NC_("field", "remind"),       NC_("field", "reminded"),
    NC_("field", "resolution"),   NC_("field", "resolve"),      NC_("field", "resolve_by"),
    NC_("field", "resolved"),     NC_("field", "respond"),      NC_("field", "respond_by"),
    NC_("field", "responded"),    NC_("field", "responses"),    NC_("field", "revenue"),
    NC_("field", "roi"),          NC_("field", "rule"),         NC_("field", "run"),
    NC_("field", "score"),        NC_("field", "section"),      NC_("field", "serial"),
    NC_("field", "size"),         NC_("field", "sku"),          NC_("field", "source"),
    NC_("field", "stage"),        NC_("field", "start"),        NC_("field", "state"),
    NC_("field", "status"),       NC_("field", "subject"),      NC_("field", "subtotal"),
    NC_("field", "tags"),         NC_("field", "tasks_done"),   NC_("field", "tax"),
    NC_("field", "tax_amount"),   NC_("field", "term"),         NC_("field", "terms"),
    NC_("field", "title"),        NC_("field", "total"),        NC_("field", "type"),
    NC_("field", "uid"),          NC_("field", "updated"),      NC_("field", "valid_until"),
    NC_("field", "value"),        NC_("field", "values"),       NC_("field", "version"),
    NC_("field", "warned"),       NC_("field", "warranty_end"), NC_("field", "website"),
    NC_("field", "week"),         NC_("field", "weighted"),     NC_("field", "what"),
    NC_("field", "when"),         NC_("field", "who"),          NC_("field", "why"),
    NC_("field", "won"),          NC_("field", "login"),        NC_("field", "team"),
    NC_("field", "manager"),      NC_("field", "role")};

const char *crm_field_label(const char *name)
{
	char key[128];
	if (snprintf(key, sizeof key, "field\004%s", name) >= (int)sizeof key)
		return name;
	const char *label = dgettext(CRM_DOMAIN, key);
	return label == key ? name : label;
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
