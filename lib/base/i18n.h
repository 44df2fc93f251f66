/*
 * i18n.h - libcrm's messages in the user's language: gettext in the text
 * domain "crm" (dgettext, never the program's own domain, so a program that
 * embeds libcrm keeps its own translations).
 *
 *   _("text")            a message, translated where it is used
 *   N_("text")           marks a string in a static table; translated where printed
 *   P_("one", "many", n) a message with a plural form
 */
#ifndef CRM_I18N_H
#define CRM_I18N_H

#include <libintl.h>

#define CRM_DOMAIN "crm"
#define _(s) dgettext(CRM_DOMAIN, s)
#define N_(s) s
#define P_(one, many, n) dngettext(CRM_DOMAIN, one, many, (unsigned long)(n))
/* Marks a singular and plural pair in a static table. */
#define NP_(one, many) one, many
/* Marks a string with a context (msgctxt) in a static table. */
#define NC_(context, s) s

struct crm_entity;
/* The entity's name for n records, in the user's language ("contacto", "contactos"). */
const char *crm_noun(const struct crm_entity *e, long n);
/* A field's name as a label for people (show); the name itself when untranslated. */
const char *crm_field_label(const char *name);
struct crm_printer;
/* A table's header as given, not translated: crm sql's columns are the query's own. */
void crm_printer_own_names(struct crm_printer *p);

#endif
