/*
 * hooks.c - running the user's hook programs: JSON in on stdin, a JSON
 * object (or nothing) out on stdout, the exit status as the verdict, and a
 * time limit, so that a hook that hangs cannot hang crm with it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/i18n.h"
#include "core/hooks.h"
#include "base/input_limits.h"

static const char *const event_names[HOOK_NEVENTS] = {"add",     "modify",       "delete",
                                                      "convert", "stage-change", "close"};

/* ------------------------------------------------------------- finding */

/*
 * The run's database, for the hooks.dir setting; the directory is looked up
 * once per run, the first time a hook is looked for, so a run that changes
 * nothing never reads the setting.
 */
static struct crm_db *run_db;
static char *run_dir;
static int run_dir_shared;                 /* run_dir came from the database */
static signed char known[HOOK_NEVENTS][2]; /* 1: there is one, -1: none, 0: not looked */

static uid_t run_db_owner = (uid_t)-1; /* the database file's owner */

void hook_start_run(struct crm_db *db)
{
	struct stat st;
	run_db = db;
	run_db_owner = db_file(db) && stat(db_file(db), &st) == 0 ? st.st_uid : (uid_t)-1;
}

/* The user's own config file: $XDG_CONFIG_HOME/crm/config, else ~/.config/crm/config. */
static char *user_config_path(void)
{
	const char *config = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	return config && *config
	           ? crm_xasprintf("%s/crm/config", config)
	           : crm_xasprintf("%s/.config/crm/config", home && *home ? home : ".");
}

/*
 * 1 if the user's own config file lists dir as safe: a line
 * "safe.hooks = DIR" (or "safe.hooks = *" for any), as git's safe.directory.
 * The database cannot say so: only the person running crm.
 */
static int user_marked_safe(const char *dir)
{
	char *path = user_config_path(), *line = NULL;
	FILE *f = fopen(path, "r");
	size_t cap = 0, dlen = strlen(dir);
	int safe = 0;
	while (dlen > 1 && dir[dlen - 1] == '/')
		dlen--;
	while (f && !safe && getline(&line, &cap, f) > 0) {
		char *eq = strchr(line, '='), *key, *val;
		if (!eq || line[0] == '#')
			continue;
		*eq = '\0';
		key = crm_trim(line);
		val = crm_trim(eq + 1);
		size_t vlen = strlen(val);
		while (vlen > 1 && val[vlen - 1] == '/')
			vlen--;
		safe = !strcmp(key, "safe.hooks") &&
		       (!strcmp(val, "*") || (vlen == dlen && !strncmp(val, dir, dlen)));
		free(key);
		free(val);
	}
	if (f)
		fclose(f);
	free(line);
	free(path);
	return safe;
}

static int dir_row(void *arg, const char *const *vals, int n)
{
	/* the store matches keys by prefix: hooks.dir, not hooks.directory */
	if (n >= 2 && !strcmp(vals[0], HOOK_DIR_SETTING) && vals[1] && *vals[1])
		*(char **)arg = crm_xstrdup(vals[1]);
	return 0;
}

/* The hooks.dir setting of the run's database, ~/ read as $HOME; NULL if unset. */
static char *setting_dir(void)
{
	char *dir = NULL;
	const char *home = getenv("HOME");

	if (!run_db)
		return NULL;
	if (db_settings(run_db, HOOK_DIR_SETTING, dir_row, &dir) < 0) {
		crm_warn("%s: %s", HOOK_DIR_SETTING, db_error(run_db));
		return NULL;
	}
	if (dir && !strncmp(dir, "~/", 2)) {
		char *full = crm_xasprintf("%s%s", home && *home ? home : ".", dir + 1);
		free(dir);
		dir = full;
	} else if (dir && dir[0] != '/') {
		/* crm config refuses it, a restored dump may not: never run from where crm is run
		 */
		crm_warn(_("%s: not an absolute directory '%s'; ignored"), HOOK_DIR_SETTING, dir);
		free(dir);
		dir = NULL;
	}
	return dir;
}

/* $CRM_HOOKS, else the database's hooks.dir, else $XDG_CONFIG_HOME/crm/hooks. */
static const char *hooks_dir(void)
{
	const char *env = getenv("CRM_HOOKS");
	const char *config = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");

	if (run_dir)
		return run_dir;
	if (env && *env)
		run_dir = crm_xstrdup(env);
	else if ((run_dir = setting_dir()))
		run_dir_shared = 1;
	else
		run_dir = config && *config
		              ? crm_xasprintf("%s/crm/hooks", config)
		              : crm_xasprintf("%s/.config/crm/hooks", home && *home ? home : ".");
	return run_dir;
}

/*
 * Whoever can write a shared database can name its hooks directory, so
 * what it names runs only if it belongs to root, to the user, or to the
 * owner of the database file, and nobody else may change it.
 */
static int trusted(const char *path)
{
	struct stat st, db;
	const char *file = db_file(run_db);
	if (stat(path, &st) < 0)
		return 0;
	int owner = st.st_uid == 0 || st.st_uid == geteuid() ||
	            (file && stat(file, &db) == 0 && st.st_uid == db.st_uid);
	return owner && !(st.st_mode & (S_IWGRP | S_IWOTH));
}

enum refusal { NOT_REFUSED, REFUSED_OWNER, REFUSED_FOREIGN_DB };

/*
 * The hook's path if it is an executable file that may run, else NULL
 * (*refused says why it may not).  A hooks directory the database names
 * runs only if its files are safe (trusted) and, when the database belongs
 * to someone else than the user and root, only if the user's own config
 * lists it (safe.hooks): whoever made the database must not choose what
 * runs as the user (the hole git closed with safe.directory).
 */
static char *hook_path_checked(const char *when, enum hook_event ev, enum refusal *refused)
{
	char *path = crm_xasprintf("%s/%s-%s", hooks_dir(), when, event_names[ev]);
	struct stat st;

	*refused = NOT_REFUSED;
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0) {
		if (!run_dir_shared)
			return path;
		if (!trusted(run_dir) || !trusted(path))
			*refused = REFUSED_OWNER;
		else if (run_db_owner != (uid_t)-1 && run_db_owner != 0 &&
		         run_db_owner != geteuid() && !user_marked_safe(run_dir))
			*refused = REFUSED_FOREIGN_DB;
		else
			return path;
	}
	free(path);
	return NULL;
}

static char *hook_path(const char *when, enum hook_event ev)
{
	enum refusal refused;
	return hook_path_checked(when, ev, &refused);
}

int hook_wanted(enum hook_event ev)
{
	/* looked up once per run: a run does not outlive a change of hooks */
	static const char *const whens[2] = {"pre", "post"};
	int any = 0;

	for (int w = 0; w < 2; w++) {
		if (!known[ev][w]) {
			enum refusal refused;
			char *p = hook_path_checked(whens[w], ev, &refused);
			/* 2: there is one, and it may not run */
			known[ev][w] = p ? 1 : refused ? 2 : -1;
			if (refused == REFUSED_OWNER)
				crm_warn(
				    _("%s: %s/%s-%s not run: it, or its directory, belongs to "
				      "someone other than root, you and the database's owner, or "
				      "others may change it"),
				    HOOK_DIR_SETTING, run_dir, whens[w], event_names[ev]);
			else if (refused == REFUSED_FOREIGN_DB)
				crm_warn(_("%s: %s/%s-%s not run: the database belongs to another "
				           "user, who chose that directory; if you trust it, add "
				           "'safe.hooks = %s' to your own %s"),
				         HOOK_DIR_SETTING, run_dir, whens[w], event_names[ev],
				         run_dir, "~/.config/crm/config");
			free(p);
		}
		/* one that may not run counts too: its pre- is a veto that fails the command */
		any |= known[ev][w] >= 1;
	}
	return any;
}

/* 1 if a change to a record may fire a hook that needs the record as it was. */
static int wants_old(void)
{
	return hook_wanted(HOOK_MODIFY) || hook_wanted(HOOK_STAGE_CHANGE) ||
	       hook_wanted(HOOK_CLOSE) || hook_wanted(HOOK_DELETE);
}

/* -------------------------------------------------------------- input */

/* A record as one JSON object: the printer's jsonl, so values read as everywhere. */
static char *record_json(struct crm_ctx *ctx, char **vals)
{
	const struct crm_schema *s = ctx->s;
	struct crm_column *cols;
	char *text = NULL;
	size_t len = 0;
	FILE *f;
	struct crm_printer *p;

	if (!vals)
		return crm_xstrdup("null");
	cols = crm_xcalloc(s->nfields, sizeof(*cols));
	for (int i = 0; i < s->nfields; i++) {
		enum crm_type t = s->fields[i].type;
		cols[i].name = s->fields[i].name;
		cols[i].numeric = t == CRM_T_ID || t == CRM_T_NUMBER || t == CRM_T_MONEY;
	}
	f = open_memstream(&text, &len);
	p = crm_printer_new(CRM_FMT_JSONL, f, 0);
	crm_printer_begin(p, cols, s->nfields);
	crm_printer_row(p, (const char *const *)vals);
	crm_printer_end(p);
	fclose(f);
	free(cols);
	if (len && text[len - 1] == '\n')
		text[len - 1] = '\0';
	return text;
}

static char *event_json(struct crm_ctx *ctx, enum hook_event ev, long long id, char **old,
                        char **new_)
{
	char *o = record_json(ctx, old), *n = record_json(ctx, new_), *all;

	all = id ? crm_xasprintf("{\"event\":\"%s\",\"entity\":\"%s\",\"id\":%lld,\"old\":%s,"
	                         "\"new\":%s}\n",
	                         event_names[ev], ctx->ent->name, id, o, n)
	         : crm_xasprintf("{\"event\":\"%s\",\"entity\":\"%s\",\"id\":null,\"old\":%s,"
	                         "\"new\":%s}\n",
	                         event_names[ev], ctx->ent->name, o, n);
	free(o);
	free(n);
	return all;
}

/* ---------------------------------------------------------- running */

/* What a hook prints is kept up to this much a stream; the rest is counted. */
#define HOOK_OUTPUT_KEPT 65536

struct result {
	struct crm_buf out, err;
	long long more_out, more_err; /* bytes printed past HOOK_OUTPUT_KEPT */
	int status;                   /* the exit status, or -1 when killed or not run */
	int timed_out;
};

static double timeout_seconds(void)
{
	const char *t = getenv("CRM_HOOK_TIMEOUT");
	double s = t && *t ? atof(t) : 10;
	return s > 0 ? s : 10;
}

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void child(const char *path, int in, int out, int err, const char *ev, const char *entity)
{
	dup2(in, STDIN_FILENO);
	dup2(out, STDOUT_FILENO);
	dup2(err, STDERR_FILENO);
	/* its own session and process group: a timeout stops what it started too,
	   and it has no terminal to read from */
	setsid();
	setenv("CRM_HOOK_EVENT", ev, 1);
	setenv("CRM_ENTITY", entity, 1);
	execl(path, path, (char *)NULL);
	dprintf(STDERR_FILENO, "cannot run: %s", strerror(errno));
	_exit(127);
}

/* Feeds input, gathers output, until the hook closes both or time is up. */
static void exchange(pid_t pid, int in, int out, int err, const char *input, struct result *r)
{
	size_t sent = 0, len = strlen(input);
	long long deadline = now_ms() + (long long)(timeout_seconds() * 1000);
	struct pollfd fds[3] = {{in, POLLOUT, 0}, {out, POLLIN, 0}, {err, POLLIN, 0}};
	int open_fds = 3;

	while (open_fds > 0) {
		long long left = deadline - now_ms();
		if (left <= 0) {
			r->timed_out = 1;
			kill(-pid, SIGKILL);
			break;
		}
		if (poll(fds, 3, (int)(left > 1000 ? 1000 : left)) < 0 && errno != EINTR)
			break;
		if (fds[0].fd >= 0 && fds[0].revents) {
			ssize_t n =
			    (fds[0].revents & POLLOUT) ? write(in, input + sent, len - sent) : -1;
			sent += n > 0 ? (size_t)n : 0;
			if (n < 0 || sent == len) {
				close(in);
				fds[0].fd = -1;
				open_fds--;
			}
		}
		for (int i = 1; i < 3; i++) {
			char chunk[4096];
			ssize_t n;
			if (fds[i].fd < 0 || !fds[i].revents)
				continue;
			n = read(fds[i].fd, chunk, sizeof(chunk));
			if (n > 0) {
				/* a hook that prints a gigabyte must not take a gigabyte */
				struct crm_buf *b = i == 1 ? &r->out : &r->err;
				size_t room =
				    b->len < HOOK_OUTPUT_KEPT ? HOOK_OUTPUT_KEPT - b->len : 0;
				size_t keep = (size_t)n < room ? (size_t)n : room;
				crm_buf_add(b, chunk, keep);
				*(i == 1 ? &r->more_out : &r->more_err) +=
				    (long long)((size_t)n - keep);
			} else {
				close(fds[i].fd);
				fds[i].fd = -1;
				open_fds--;
			}
		}
	}
	for (int i = 0; i < 3; i++)
		if (fds[i].fd >= 0)
			close(fds[i].fd);
}

/* The parent of a process, from /proc/PID/stat; -1 if it is gone. */
static pid_t parent_of(const char *pid)
{
	char path[64], buf[512];
	snprintf(path, sizeof path, "/proc/%s/stat", pid);
	FILE *f = fopen(path, "r");
	size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
	if (f)
		fclose(f);
	buf[n] = '\0';
	/* pid (comm) state ppid: comm may hold spaces and parentheses */
	char *close = strrchr(buf, ')');
	int ppid = -1;
	if (!close || sscanf(close + 1, " %*c %d", &ppid) != 1)
		return -1;
	return (pid_t)ppid;
}

/*
 * Kills what a timed-out hook left behind, however it hid: crm is a child
 * subreaper while hooks run, so whatever the hook started that outlives it,
 * setsid or double fork included, becomes crm's child, and is killed here
 * until none is left.
 */
static void kill_leftovers(void)
{
	for (int round = 0; round < 100; round++) {
		DIR *d = opendir("/proc");
		struct dirent *e;
		int found = 0;
		while (d && (e = readdir(d))) {
			if (e->d_name[0] < '1' || e->d_name[0] > '9' ||
			    parent_of(e->d_name) != getpid())
				continue;
			kill((pid_t)atoi(e->d_name), SIGKILL);
			found++;
		}
		if (d)
			closedir(d);
		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
		if (!found)
			break;
		/* the killed ones' own children come to crm next */
		struct timespec pause = {0, 10 * 1000 * 1000};
		nanosleep(&pause, NULL);
	}
}

static int run(const char *path, enum hook_event ev, const char *entity, const char *input,
               struct result *r)
{
	int pin[2], pout[2], perr[2], st = 0;
	void (*old_pipe)(int);
	pid_t pid;

	memset(r, 0, sizeof(*r));
	r->status = -1;
	/* close-on-exec: the hook holds only its own ends, so it sees the end of its input */
	if (pipe2(pin, O_CLOEXEC) < 0 || pipe2(pout, O_CLOEXEC) < 0 || pipe2(perr, O_CLOEXEC) < 0)
		return -1;
	fflush(NULL);
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0)
		child(path, pin[0], pout[1], perr[1], event_names[ev], entity);
	close(pin[0]);
	close(pout[1]);
	close(perr[1]);
	/* a hook that reads nothing must not kill crm with SIGPIPE */
	old_pipe = signal(SIGPIPE, SIG_IGN);
	exchange(pid, pin[1], pout[0], perr[0], input, r);
	signal(SIGPIPE, old_pipe);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (r->timed_out)
		kill_leftovers();
	if (!r->timed_out && WIFEXITED(st))
		r->status = WEXITSTATUS(st);
	crm_buf_str(&r->out);
	crm_buf_str(&r->err);
	return 0;
}

static void result_release(struct result *r)
{
	crm_buf_release(&r->out);
	crm_buf_release(&r->err);
}

/* The hook's own words, on one line: what it printed on stderr, else on stdout. */
static char *hook_message(struct result *r)
{
	const char *s = r->err.len ? r->err.s : r->out.len ? r->out.s : "";
	long long more = r->err.len ? r->more_err : r->more_out;
	char *m = crm_trim(s);

	for (char *p = m; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	if (more) {
		char *all = crm_xasprintf(_("%s ... (%lld bytes more)"), m, more);
		free(m);
		m = all;
	}
	return m;
}

/* --------------------------------------------------------- JSON out */

static const char *skip_ws(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return p;
}

static void put_utf8(struct crm_buf *b, uint32_t c)
{
	if (c < 0x80) {
		crm_buf_putc(b, (char)c);
	} else if (c < 0x800) {
		crm_buf_putc(b, (char)(0xC0 | (c >> 6)));
		crm_buf_putc(b, (char)(0x80 | (c & 0x3F)));
	} else if (c < 0x10000) {
		crm_buf_putc(b, (char)(0xE0 | (c >> 12)));
		crm_buf_putc(b, (char)(0x80 | ((c >> 6) & 0x3F)));
		crm_buf_putc(b, (char)(0x80 | (c & 0x3F)));
	} else {
		crm_buf_putc(b, (char)(0xF0 | (c >> 18)));
		crm_buf_putc(b, (char)(0x80 | ((c >> 12) & 0x3F)));
		crm_buf_putc(b, (char)(0x80 | ((c >> 6) & 0x3F)));
		crm_buf_putc(b, (char)(0x80 | (c & 0x3F)));
	}
}

static int hex4(const char *p, uint32_t *out)
{
	*out = 0;
	for (int i = 0; i < 4; i++) {
		char c = p[i];
		int d = c >= '0' && c <= '9'   ? c - '0'
		        : c >= 'a' && c <= 'f' ? c - 'a' + 10
		        : c >= 'A' && c <= 'F' ? c - 'A' + 10
		                               : -1;
		if (d < 0)
			return -1;
		*out = *out * 16 + (uint32_t)d;
	}
	return 0;
}

/* A JSON string at p (after its quote) into b; returns the byte after the closing quote. */
static const char *json_string(const char *p, struct crm_buf *b)
{
	while (*p && *p != '"') {
		uint32_t c, lo;
		if (*p != '\\') {
			crm_buf_putc(b, *p++);
			continue;
		}
		p++;
		switch (*p) {
		case 'n':
			crm_buf_putc(b, '\n');
			break;
		case 't':
			crm_buf_putc(b, '\t');
			break;
		case 'r':
			crm_buf_putc(b, '\r');
			break;
		case 'b':
			crm_buf_putc(b, '\b');
			break;
		case 'f':
			crm_buf_putc(b, '\f');
			break;
		case '"':
		case '\\':
		case '/':
			crm_buf_putc(b, *p);
			break;
		case 'u':
			if (hex4(p + 1, &c) < 0)
				return NULL;
			p += 4;
			if (c >= 0xD800 && c < 0xDC00 && p[1] == '\\' && p[2] == 'u' &&
			    hex4(p + 3, &lo) == 0 && lo >= 0xDC00 && lo < 0xE000) {
				c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
				p += 6;
			}
			put_utf8(b, c);
			break;
		default:
			return NULL;
		}
		p++;
	}
	return *p == '"' ? p + 1 : NULL;
}

/* A scalar: string, number, true, false or null ("" for null). */
static const char *json_scalar(const char *p, struct crm_buf *b)
{
	size_t n;

	if (*p == '"')
		return json_string(p + 1, b);
	if (!strncmp(p, "null", 4))
		return p + 4;
	if (!strncmp(p, "true", 4) || !strncmp(p, "false", 5)) {
		crm_buf_puts(b, *p == 't' ? "yes" : "no");
		return p + (*p == 't' ? 4 : 5);
	}
	n = strspn(p, "-+.0123456789eE");
	if (!n)
		return NULL;
	crm_buf_add(b, p, n);
	return p + n;
}

/* The line of text that p is on, counted from 1. */
static long line_at(const char *text, const char *p)
{
	long line = 1;

	for (; text < p; text++)
		line += *text == '\n';
	return line;
}

/*
 * Why a field of the answer cannot be taken (malloc'd), or NULL: a NUL
 * (written \u0000) would cut it short; and the answer is held to the limits
 * of any outside input.
 */
static char *amend_refused(const struct crm_buf *k, const struct crm_buf *v, int nfields, long line)
{
	const char *name = crm_buf_str((struct crm_buf *)k);

	if (nfields == CRM_FIELDS_MAX)
		return crm_limit_message(line, NULL, CRM_FIELDS_MAX, _("fields in an answer"));
	if (memchr(k->s, '\0', k->len))
		return crm_nul_message(line, NULL);
	if (v->len > CRM_FIELD_MAX)
		return crm_limit_message(line, name, CRM_FIELD_MAX, _("bytes in a field"));
	return v->len ? crm_nul_check(v->s, v->len, line, name) : NULL;
}

/*
 * A flat JSON object into name, value pairs; an empty text is no change.
 * 0, or -1 (with *why set when a field is refused rather than malformed).
 */
static int parse_object(const char *text, struct crm_strv *pairs, char **why)
{
	const char *p = skip_ws(text);

	if (!*p)
		return 0;
	if (*p++ != '{')
		return -1;
	p = skip_ws(p);
	while (*p && *p != '}') {
		struct crm_buf k = CRM_BUF_INIT, v = CRM_BUF_INIT;
		long line = line_at(text, p);
		if (*p != '"' || !(p = json_string(p + 1, &k)) || *(p = skip_ws(p)) != ':' ||
		    !(p = json_scalar(skip_ws(p + 1), &v)) ||
		    (*why = amend_refused(&k, &v, pairs->n / 2, line))) {
			crm_buf_release(&k);
			crm_buf_release(&v);
			return -1;
		}
		crm_strv_push(pairs, crm_buf_str(&k));
		crm_strv_push(pairs, crm_buf_str(&v));
		crm_buf_release(&k);
		crm_buf_release(&v);
		p = skip_ws(p);
		if (*p == ',')
			p = skip_ws(p + 1);
		else if (*p != '}')
			return -1;
	}
	return *p == '}' && !*skip_ws(p + 1) ? 0 : -1;
}

/*
 * A pre-hook's answer into name, value pairs: 0, or -1 with *why (malloc'd)
 * saying what is wrong with it.  A NUL anywhere would end the text early,
 * and what follows it unread, so it is refused first.
 */
static int parse_amend(const struct crm_buf *out, struct crm_strv *pairs, char **why)
{
	const char *text = out->s ? out->s : "";

	*why = crm_nul_in_text(text, out->len, NULL);
	if (!*why && out->len > CRM_LINE_MAX)
		*why = crm_limit_message(0, NULL, CRM_LINE_MAX, _("bytes in an answer"));
	if (!*why && parse_object(text, pairs, why) < 0 && !*why)
		*why = crm_xstrdup(_("its output is not a JSON object of fields"));
	return *why ? -1 : 0;
}

/* ------------------------------------------------------------ pre and post */

int hook_pre(struct crm_ctx *ctx, enum hook_event ev, long long id, char **old, char **new_,
             struct crm_strv *amend, char **err)
{
	char *path = hook_wanted(ev) ? hook_path("pre", ev) : NULL, *input, *msg;
	struct result r;
	int rc = 0;

	*err = NULL;
	if (!path && known[ev][0] == 2) {
		/* the team's veto cannot be skipped by a hook that may not run: a
		   system error (exit 4), said here, not a refusal of the data */
		crm_warn(_("pre-%s hook not run (see above): nothing written"), event_names[ev]);
		return CRM_EXIT_DB;
	}
	if (!path)
		return 0;
	input = event_json(ctx, ev, id, old, new_);
	if (run(path, ev, ctx->ent->name, input, &r) < 0) {
		*err = crm_xasprintf(_("pre-%s hook: cannot run it: %s"), event_names[ev],
		                     strerror(errno));
		rc = CRM_EXIT_DATA;
	} else if (r.timed_out) {
		*err = crm_xasprintf(_("pre-%s hook: stopped after %g seconds (CRM_HOOK_TIMEOUT)"),
		                     event_names[ev], timeout_seconds());
		rc = CRM_EXIT_DATA;
	} else if (r.status != 0) {
		msg = hook_message(&r);
		*err = crm_xasprintf(_("pre-%s hook refused%s%s"), event_names[ev],
		                     *msg ? ": " : "", msg);
		free(msg);
		rc = CRM_EXIT_DATA;
	} else if (r.more_out) {
		*err = crm_xasprintf(_("pre-%s hook: printed more than %d bytes of fields"),
		                     event_names[ev], HOOK_OUTPUT_KEPT);
		rc = CRM_EXIT_DATA;
	} else if (parse_amend(&r.out, amend, &msg) < 0) {
		*err = crm_xasprintf(_("pre-%s hook: %s"), event_names[ev], msg);
		free(msg);
		rc = CRM_EXIT_DATA;
	}
	result_release(&r);
	free(input);
	free(path);
	return rc;
}

struct snapshot {
	const struct crm_entity *ent;
	long long id;
	char **vals; /* NULL: added by this run */
	int nfields;
};
static struct snapshot *snaps;
static int nsnaps;

struct posted {
	enum hook_event ev;
	char *entity, *input;
};
static struct posted *queue;
static int nqueue;

void hook_post(struct crm_ctx *ctx, enum hook_event ev, long long id, char **old, char **new_)
{
	char *path = hook_wanted(ev) ? hook_path("post", ev) : NULL;

	if (!path)
		return;
	free(path);
	queue = crm_xrealloc(queue, (nqueue + 1) * sizeof(*queue));
	queue[nqueue].ev = ev;
	queue[nqueue].entity = crm_xstrdup(ctx->ent->name);
	queue[nqueue].input = event_json(ctx, ev, id, old, new_);
	nqueue++;
}

void hook_end_run(int committed)
{
	/* the database is closed: what the queue needs was found while it was open */
	run_db = NULL;
	for (int i = 0; i < nqueue; i++) {
		char *path = committed ? hook_path("post", queue[i].ev) : NULL;
		struct result r;
		if (path && run(path, queue[i].ev, queue[i].entity, queue[i].input, &r) == 0) {
			/* the write stands whatever the hook says: it can only be told */
			if (r.timed_out || r.status != 0) {
				char *msg = hook_message(&r);
				crm_warn(_("post-%s hook %s%s%s"), event_names[queue[i].ev],
				         r.timed_out ? "stopped after the timeout" : "failed",
				         *msg ? ": " : "", msg);
				free(msg);
			}
			result_release(&r);
		}
		free(path);
		free(queue[i].entity);
		free(queue[i].input);
	}
	free(queue);
	queue = NULL;
	nqueue = 0;
	for (int i = 0; i < nsnaps; i++) {
		for (int f = 0; snaps[i].vals && f < snaps[i].nfields; f++)
			free(snaps[i].vals[f]);
		free(snaps[i].vals);
	}
	free(snaps);
	snaps = NULL;
	nsnaps = 0;
	free(run_dir);
	run_dir = NULL;
	memset(known, 0, sizeof(known));
}

/* ------------------------------------------------------------ snapshots */

static struct snapshot *find_snapshot(const struct crm_entity *ent, long long id)
{
	for (int i = 0; i < nsnaps; i++)
		if (snaps[i].ent == ent && snaps[i].id == id)
			return &snaps[i];
	return NULL;
}

static void add_snapshot(struct crm_ctx *ctx, long long id, char **vals)
{
	snaps = crm_xrealloc(snaps, (nsnaps + 1) * sizeof(*snaps));
	snaps[nsnaps++] = (struct snapshot){ctx->ent, id, vals, ctx->s->nfields};
}

void hook_remember(struct crm_ctx *ctx, long long id, char **cur)
{
	char **copy;

	if (find_snapshot(ctx->ent, id) || !wants_old())
		return;
	copy = crm_xcalloc(ctx->s->nfields, sizeof(char *));
	for (int f = 0; f < ctx->s->nfields; f++)
		copy[f] = cur[f] ? crm_xstrdup(cur[f]) : NULL;
	add_snapshot(ctx, id, copy);
}

void hook_added(struct crm_ctx *ctx, long long id)
{
	if (wants_old())
		add_snapshot(ctx, id, NULL);
}

char **hook_recall(struct crm_ctx *ctx, long long id)
{
	struct snapshot *s = find_snapshot(ctx->ent, id);
	char **vals;

	if (!s || !s->vals)
		return NULL;
	vals = s->vals;
	*s = snaps[--nsnaps];
	return vals;
}
