/*
 * crm - the front end: `crm CMD ...` runs `crm-CMD ...` (from beside this
 * program, then from PATH, so anyone can add a command), and holds the
 * whole-database verbs (init, backup, check, undo, history, sql, field).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <libintl.h>
#include <unistd.h>

#include "crm.h"

#define _(s) dgettext("crm", s)

/* Runs crm-NAME from the directory of this program, else from PATH. */
static int run_external(const char *name, char **argv)
{
	char *prog = crm_xasprintf("crm-%s", name);
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n > 0) {
		self[n] = '\0';
		char *slash = strrchr(self, '/');
		if (slash) {
			*slash = '\0';
			char *beside = crm_xasprintf("%s/%s", self, prog);
			argv[0] = prog;
			if (access(beside, X_OK) == 0)
				execv(beside, argv);
			free(beside);
		}
	}
	argv[0] = prog;
	execvp(prog, argv);
	int code = errno == ENOENT ? CRM_EXIT_USAGE : CRM_EXIT_DB;
	if (errno == ENOENT)
		crm_warn(_("'%s' is not a crm command (no %s); see 'crm help'"), name, prog);
	else
		crm_warn(_("cannot run %s: %s"), prog, strerror(errno));
	free(prog);
	return code;
}

/*
 * `crm --db PATH COMMAND ...`: the database option may come before the
 * command, as with git -C; it reaches crm-COMMAND through CRM_DB.
 */
static int take_db_option(int *argc, char ***argv)
{
	char **av = *argv;
	if (*argc < 2 || strncmp(av[1], "--db", 4) || (av[1][4] && av[1][4] != '='))
		return 0;
	const char *path = av[1][4] == '=' ? av[1] + 5 : *argc > 2 ? av[2] : NULL;
	if (!path || !*path) {
		crm_warn(_("--db needs a database file"));
		return -1;
	}
	setenv("CRM_DB", path, 1);
	int used = av[1][4] == '=' ? 1 : 2;
	av[used] = av[0];
	*argv = av + used;
	*argc -= used;
	return 0;
}

int main(int argc, char **argv)
{
	crm_set_progname(argv[0]);
	crm_i18n_init();
	if (take_db_option(&argc, &argv) < 0)
		return CRM_EXIT_USAGE;
	if (argc >= 3 && !strcmp(argv[1], "help")) {
		char *help[] = {argv[0], argv[2], "--help", NULL};
		int rc = crm_admin_main(3, help);
		return rc != -1 ? rc : run_external(argv[2], help + 1);
	}
	int rc = crm_admin_main(argc, argv);
	return rc != -1 ? rc : run_external(argv[1], argv + 1);
}
