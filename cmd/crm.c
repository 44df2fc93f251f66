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
#include <unistd.h>

#include "crm.h"

static void usage(FILE *out)
{
	fprintf(out, "usage: crm COMMAND [ARGS...]\n\n"
	             "commands:\n"
	             "  contact ...    people (crm-contact)\n"
	             "  account ...    organisations (crm-account)\n"
	             "  init           create or migrate the database\n"
	             "  backup FILE    copy the database to FILE, online\n"
	             "  check          check integrity, foreign keys and schema\n"
	             "  undo           revert the last run (--run ID for another)\n"
	             "  history        list the runs that changed data\n"
	             "  sql QUERY      run a read-only SQL query\n"
	             "  field add|rm   manage custom fields\n"
	             "  help [COMMAND] show help for a command\n\n"
	             "'crm COMMAND --help' lists a command's options; see crm(1).\n");
}

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
		crm_warn("'%s' is not a crm command (no %s); see 'crm help'", name, prog);
	else
		crm_warn("cannot run %s: %s", prog, strerror(errno));
	free(prog);
	return code;
}

int main(int argc, char **argv)
{
	crm_set_progname(argv[0]);
	if (argc < 2) {
		usage(stderr);
		return CRM_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("crm %s\n", CRM_VERSION);
		return 0;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    (!strcmp(argv[1], "help") && argc == 2)) {
		usage(stdout);
		return fflush(stdout) ? CRM_EXIT_DB : 0;
	}
	if (!strcmp(argv[1], "help")) {
		char *help[] = {argv[0], argv[2], "--help", NULL};
		int rc = crm_admin_main(3, help);
		return rc != -1 ? rc : run_external(argv[2], help + 1);
	}
	int rc = crm_admin_main(argc, argv);
	if (rc != -1)
		return rc;
	return run_external(argv[1], argv + 1);
}
