/*
 * shell.c - `crm shell`: a readline prompt that runs crm commands without
 * the crm- prefix ("contact list city=Madrid"), with the history kept in
 * $XDG_STATE_HOME/crm/history and tab completion asked of the commands
 * themselves (--complete=verbs, --complete=VERB, --complete=fields), so
 * the shell completes exactly what the command line does.  Each line runs
 * as its own crm process: the same output, the same exit codes, one run
 * and one transaction per line.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "base/i18n.h"
#include "core/verbs.h"

enum { HISTORY_MAX = 1000 };

/* The directory this program lives in: the crm-* commands are beside it. */
static char bindir[PATH_MAX];

static void find_bindir(void)
{
	ssize_t n = readlink("/proc/self/exe", bindir, sizeof(bindir) - 1);
	char *slash;

	bindir[n > 0 ? n : 0] = '\0';
	slash = strrchr(bindir, '/');
	if (slash)
		*slash = '\0';
}

/* crm-NAME beside this program, else as PATH finds it. */
static char *command_path(const char *name)
{
	char *beside = crm_xasprintf("%s/%s", bindir, name);

	if (access(beside, X_OK) == 0)
		return beside;
	free(beside);
	return crm_xstrdup(name);
}

/* ------------------------------------------------------------- history */

static char *history_path(void)
{
	const char *state = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	char *dir = state && *state ? crm_xasprintf("%s/crm", state)
	                            : crm_xasprintf("%s/.local/state/crm", home ? home : ".");
	char *parent = crm_xstrdup(dir), *path;

	/* the history holds names and addresses: private, like the database */
	*strrchr(parent, '/') = '\0';
	mkdir(parent, 0700);
	mkdir(dir, 0700);
	path = crm_xasprintf("%s/history", dir);
	free(parent);
	free(dir);
	return path;
}

/* ----------------------------------------------------------- the words */

/* A line split as a shell would: blanks separate, quotes and backslashes protect. */
static int split_words(const char *line, struct crm_strv *words)
{
	struct crm_buf w = CRM_BUF_INIT;
	int in_word = 0;
	char quote = 0;

	for (const char *p = line;; p++) {
		if (*p == '\0') {
			if (quote) {
				crm_buf_release(&w);
				return -1;
			}
			if (in_word)
				crm_strv_push(words, crm_buf_str(&w));
			break;
		}
		if (quote) {
			if (*p == quote)
				quote = 0;
			else if (quote == '"' && *p == '\\' && p[1] && strchr("\"\\$`", p[1]))
				crm_buf_putc(&w, *++p);
			else
				crm_buf_putc(&w, *p);
		} else if (*p == ' ' || *p == '\t') {
			if (in_word)
				crm_strv_push(words, crm_buf_str(&w));
			crm_buf_reset(&w);
			in_word = 0;
		} else if (*p == '\'' || *p == '"') {
			quote = *p;
			in_word = 1;
		} else if (*p == '\\' && p[1]) {
			crm_buf_putc(&w, *++p);
			in_word = 1;
		} else {
			crm_buf_putc(&w, *p);
			in_word = 1;
		}
	}
	crm_buf_release(&w);
	return 0;
}

/* Runs `crm WORDS...` and waits; its exit status. */
static int run_line(struct crm_strv *words)
{
	char *crm = command_path("crm");
	char **argv = crm_xcalloc(words->n + 2, sizeof(char *));
	int st = 0;
	pid_t pid;

	argv[0] = "crm";
	for (int i = 0; i < words->n; i++)
		argv[i + 1] = words->v[i];
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		execv(crm, argv);
		crm_warn(_("cannot run %s: %s"), crm, strerror(errno));
		_exit(CRM_EXIT_DB);
	}
	while (pid > 0 && waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	free(argv);
	free(crm);
	return pid < 0 ? CRM_EXIT_DB : WIFEXITED(st) ? WEXITSTATUS(st) : CRM_EXIT_DB;
}

/* ----------------------------------------------------------- completion */

/* What a command answers to --complete=WHAT, one word a line. */
static void ask(const char *command, const char *what, struct crm_strv *out)
{
	char *path = command_path(command);
	char *flag = crm_xasprintf("--complete=%s", what);
	char *line = NULL;
	size_t cap = 0;
	int fds[2];
	pid_t pid;

	if (pipe(fds) < 0)
		goto done;
	pid = fork();
	if (pid == 0) {
		dup2(fds[1], STDOUT_FILENO);
		close(fds[0]);
		close(fds[1]);
		execl(path, command, flag, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	FILE *in = fdopen(fds[0], "r");
	while (in && getline(&line, &cap, in) > 0) {
		line[strcspn(line, "\n")] = '\0';
		if (*line)
			crm_strv_push(out, line);
	}
	if (in)
		fclose(in);
	else
		close(fds[0]);
	while (pid > 0 && waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
done:
	free(line);
	free(flag);
	free(path);
}

/* The first word: crm's own verbs and the entity commands. */
static void first_words(struct crm_strv *out)
{
	ask("crm", "verbs", out);
	for (int e = 0; crm_entities[e]; e++)
		if (!crm_entities[e]->part_of)
			crm_strv_push(out, crm_entities[e]->command ? crm_entities[e]->command
			                                            : crm_entities[e]->name);
	crm_strv_push(out, "report");
	crm_strv_push(out, "exit");
}

static struct crm_strv candidates;
static int next_candidate;
/* the command chose the candidates for the text already (values: "garc" finds "García") */
static int chosen;

static char *candidate(const char *text, int state)
{
	if (!state)
		next_candidate = 0;
	while (next_candidate < candidates.n) {
		const char *c = candidates.v[next_candidate++];
		if (chosen || !strncmp(c, text, strlen(text)))
			return strdup(c);
	}
	return NULL;
}

/* 1 for the verbs whose word is a record's id or name. */
static int names_a_record(const char *verb)
{
	return !strcmp(verb, "show") || !strcmp(verb, "edit") || !strcmp(verb, "history");
}

/*
 * FIELD=VALUE: the values the command offers for the field.  A name with
 * spaces is one word only in quotes: it gets an opening quote, and readline
 * closes it once one name is left.  Takes what (a --complete= word) and frees it.
 */
static void value_words(const char *cmd, char *what)
{
	struct crm_strv values = CRM_STRV_INIT;
	ask(cmd, what, &values);
	int quote = !rl_completion_quote_character;
	for (int i = 0; i < values.n; i++)
		if (quote && strpbrk(values.v[i], " \t'\"\\"))
			crm_strv_push_owned(&candidates, crm_xasprintf("\"%s%s", values.v[i],
			                                               values.n == 1 ? "\"" : ""));
		else
			crm_strv_push(&candidates, values.v[i]);
	chosen = 1;
	free(what);
	crm_strv_release(&values);
}

/* Completes the word at start..end of the line from what the commands say. */
static char **complete(const char *text, int start, int end)
{
	struct crm_strv words = CRM_STRV_INIT;
	/* inside an open quote the word begins after it */
	char *before =
	    strndup(rl_line_buffer, (size_t)(start - (start > 0 && rl_completion_quote_character)));
	int admin;
	size_t nb = before ? strlen(before) : 0;

	(void)end;
	rl_attempted_completion_over = 1;
	crm_strv_release(&candidates);
	chosen = 0;
	if (before && split_words(before, &words) == 0) {
		admin = words.n > 0 && !crm_entity_find(words.v[0]) && strcmp(words.v[0], "report");
		char *cmd = words.n ? crm_xasprintf("crm-%s", words.v[0]) : NULL;
		if (words.n == 0)
			first_words(&candidates);
		else if (words.n == 1 && !admin)
			ask(cmd, "verbs", &candidates);
		else if (text[0] == '-')
			ask(admin ? "crm" : cmd, admin ? words.v[0] : words.v[1], &candidates);
		else if (!admin && nb && before[nb - 1] == '=' && words.n > 2)
			value_words(cmd, crm_xasprintf("value:%.*s:%s",
			                               (int)strlen(words.v[words.n - 1]) - 1,
			                               words.v[words.n - 1], text));
		else if (!admin && words.n == 2 && names_a_record(words.v[1]))
			value_words(cmd, crm_xasprintf("name:%s", text));
		else if (!admin) {
			/* after --fields, --sort or --key a field name; else field= to assign or
			 * filter */
			const char *prev = words.v[words.n - 1];
			int bare = !strcmp(prev, "--fields") || !strcmp(prev, "--sort") ||
			           !strcmp(prev, "--key");
			struct crm_strv fields = CRM_STRV_INIT;
			ask(cmd, "fields", &fields);
			for (int i = 0; i < fields.n; i++)
				crm_strv_push_owned(&candidates, crm_xasprintf("%s%s", fields.v[i],
				                                               bare ? "" : "="));
			crm_strv_release(&fields);
			/* field=VALUE is one word: no space after the '=' */
			if (!bare)
				rl_completion_append_character = '\0';
		}
		free(cmd);
	}
	free(before);
	crm_strv_release(&words);
	return rl_completion_matches(text, candidate);
}

/* ---------------------------------------------------------------- loop */

static int shell_loop(struct crm_ctx *ctx, const char *history)
{
	char *line;
	int last = 0;

	while ((line = readline(isatty(STDIN_FILENO) ? "crm> " : ""))) {
		struct crm_strv words = CRM_STRV_INIT;
		rl_completion_append_character = ' ';
		if (split_words(line, &words) < 0) {
			crm_warn(_("a quote is not closed"));
		} else if (words.n &&
		           (!strcmp(words.v[0], "exit") || !strcmp(words.v[0], "quit"))) {
			crm_strv_release(&words);
			free(line);
			return last;
		} else if (words.n) {
			add_history(line);
			append_history(1, history);
			history_truncate_file(history, HISTORY_MAX);
			last = run_line(&words);
		}
		crm_strv_release(&words);
		free(line);
	}
	/* Ctrl-D at the prompt: the end, on a line of its own */
	if (!ctx->o.quiet && isatty(STDOUT_FILENO))
		putchar('\n');
	return last;
}

int crm_verb_shell(struct crm_ctx *ctx, int argc, char **argv)
{
	char *history;
	int rc;

	(void)argv;
	if (argc)
		return cli_usage_error(ctx, _("shell takes no arguments"));
	/* each line is a run of its own: the shell holds no transaction open */
	db_close(ctx->db, 0);
	ctx->db = NULL;
	find_bindir();
	history = history_path();
	using_history();
	stifle_history(HISTORY_MAX);
	read_history(history);
	if (access(history, F_OK) != 0) {
		FILE *f = fopen(history, "a");
		if (f)
			fclose(f);
		chmod(history, 0600);
	}
	rl_readline_name = "crm";
	rl_attempted_completion_function = complete;
	rl_completer_quote_characters = "\"'";
	rc = shell_loop(ctx, history);
	crm_strv_release(&candidates);
	clear_history();
	free(history);
	return rc;
}
