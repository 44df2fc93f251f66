/*
 * team.c - the people who own records: users, their teams and managers.
 * Owner fields hold a user's login (core/grammar.c finds it, core/record.c
 * makes a new owner a user); this file keeps a user's own fields sound.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "domain/entities.h"

/*
 * A login is what filters and owner fields compare: a comma would split it
 * in a filter's any-of list, a control character would break a line of
 * output, and digits alone would read as a record number.
 */
static const char *login_fault(const char *login)
{
	if (strchr(login, ','))
		return _("a login holds no comma");
	for (const unsigned char *p = (const unsigned char *)login; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return _("a login holds no control character");
	if (login[strspn(login, "0123456789")] == '\0')
		return _("a login is not digits only");
	return NULL;
}

/*
 * crm user login LOGIN...: each user a login of the database server, with
 * the privileges of their role.  Run again after a role changes.
 */
int crm_verb_login(struct crm_ctx *ctx, int argc, char **argv)
{
	if (argc == 0)
		return cli_usage_error(ctx, _("give the logins of the users to make server logins of"));
	int rc = 0;
	for (int i = 0; i < argc && rc != CRM_EXIT_DB; i++) {
		char *login, *role;
		int found = db_user_role(ctx->db, argv[i], &login, &role);
		if (found < 0 || (found == 0 && db_grant_login(ctx->db, login, role) < 0)) {
			crm_warn("%s", db_error(ctx->db));
			rc = CRM_EXIT_DB;
		} else if (found == 1) {
			crm_warn(_("no user with login '%s'"), argv[i]);
			rc = CRM_EXIT_NOMATCH;
		} else if (!ctx->o.quiet)
			fprintf(stderr, _("%s: %s logs in to the server as %s\n"), crm_progname(), login,
			        role);
		free(login);
		free(role);
	}
	return rc;
}

/* The name without a login gives it, the login without a name gives that; one is needed. */
int crm_user_after_write(struct crm_ctx *ctx, long long id, char **cur, const char *assigned,
                         char **err)
{
	(void)assigned;
	int lf = rec_field(ctx, "login"), nf = rec_field(ctx, "name");
	if (!cur[lf] && !cur[nf]) {
		*err = crm_xstrdup(_("login: required (or a name to take it from)"));
		return CRM_EXIT_DATA;
	}
	const char *fault = login_fault(cur[lf] ? cur[lf] : cur[nf]);
	if (fault) {
		*err = crm_xasprintf("login: %s '%s'", fault, cur[lf] ? cur[lf] : cur[nf]);
		return CRM_EXIT_DATA;
	}
	if (!cur[lf])
		return rec_set(ctx, id, cur, "login", cur[nf], err);
	if (!cur[nf])
		return rec_set(ctx, id, cur, "name", cur[lf], err);
	return 0;
}
