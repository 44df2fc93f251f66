/*
 * context.c - what every verb of a command run shares: its usage error,
 * the output format it prints in, the user it writes as, and the records
 * it works on (ids among its words, on stdin, or --where).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/input_limits.h"
#include "core/cli.h"

int cli_usage_error(struct crm_ctx *ctx, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "%s: ", crm_progname());
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, _("\nusage: %s %s [OPTIONS]%s%s\n"), crm_progname(), ctx->verb->name,
	        *ctx->verb->args ? " " : "", ctx->verb->args);
	return CRM_EXIT_USAGE;
}

int cli_local_times(enum crm_format fmt, int for_people)
{
	return fmt == CRM_FMT_TABLE || (for_people && (fmt == CRM_FMT_TSV || fmt == CRM_FMT_CSV));
}

enum crm_format cli_format(struct crm_ctx *ctx, enum crm_format fallback)
{
	if (ctx->o.format >= 0)
		return ctx->o.format;
	return isatty(STDOUT_FILENO) && fallback == CRM_FMT_TSV ? CRM_FMT_TABLE : fallback;
}

/* The login a database server says the session is, which CRM_USER does not change. */
static char *server_user;

void cli_set_user(const char *who)
{
	free(server_user);
	server_user = who ? crm_xstrdup(who) : NULL;
}

const char *cli_user(void)
{
	/* asked for every record an import adds: the password file is read once */
	static char login[256];
	if (server_user)
		return server_user;
	const char *u = getenv("CRM_USER");
	if (u && *u)
		return u;
	if (!login[0]) {
		struct passwd *pw = getpwuid(geteuid());
		if (pw && pw->pw_name)
			snprintf(login, sizeof login, "%s", pw->pw_name);
	}
	if (login[0])
		return login;
	u = getenv("USER");
	return u && *u ? u : "unknown";
}

int cli_finish_stdout(void)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		crm_warn(_("write error on standard output: %s"), strerror(errno));
		return CRM_EXIT_DB;
	}
	return 0;
}

/* ------------------------------------------------------------ targets */

/*
 * Why a line of stdin cannot be read as text (malloc'd), or NULL: one past
 * its limit, or one with a NUL, which would cut it short.
 */
static char *stdin_line_refused(int got, const struct crm_buf *line, long lineno)
{
	if (got == CRM_READ_TOO_LONG)
		return crm_limit_message(lineno, NULL, CRM_LINE_MAX, _("bytes in a line"));
	return got > 0 ? crm_nul_check(line->s, line->len, lineno, NULL) : NULL;
}

/* Reads ids from stdin: first field of each line; a header line "id..." is skipped. */
static int ids_from_stdin(struct crm_strv *ids)
{
	struct crm_buf buf = CRM_BUF_INIT;
	long lineno = 0;
	int rc = 0, got;
	while ((got = crm_read_line_max(stdin, &buf, CRM_LINE_MAX)) != 0) {
		char *why = stdin_line_refused(got, &buf, ++lineno);
		if (why || got < 0) {
			if (why)
				crm_warn(_("stdin %s"), why);
			else
				crm_warn(_("stdin: read error: %s"), strerror(errno));
			free(why);
			rc = why ? CRM_EXIT_DATA : CRM_EXIT_DB;
			break;
		}
		char *line = buf.s;
		line[strcspn(line, "\t,\r\n")] = '\0';
		char *id = crm_trim(line);
		if (*id == '"' && id[1] && id[strlen(id) - 1] == '"') {
			memmove(id, id + 1, strlen(id));
			id[strlen(id) - 1] = '\0';
		}
		if (!*id || (lineno == 1 && !strcasecmp(id, "id"))) {
			free(id);
			continue;
		}
		if (!crm_is_uint(id)) {
			crm_warn(_("stdin line %ld: not a record id '%s'"), lineno, id);
			free(id);
			rc = CRM_EXIT_DATA;
			break;
		}
		crm_strv_push_owned(ids, id);
	}
	crm_buf_release(&buf);
	return rc;
}

int cli_push_id(void *ids, const char *const *vals)
{
	crm_strv_push(ids, vals[0]);
	return 0;
}

static int cli_targets_listed(struct crm_ctx *ctx, int argc, char **argv, int deleted,
                              struct crm_strv *ids, struct crm_strv *rest);

struct seen_id {
	long long id;
	int at;
};

static int by_id_then_place(const void *a, const void *b)
{
	const struct seen_id *x = a, *y = b;
	return x->id != y->id ? (x->id > y->id) - (x->id < y->id)
	                      : (x->at > y->at) - (x->at < y->at);
}

/* Each record once, where it first came: "1 1 1" changes record 1 once. */
static void drop_repeated_ids(struct crm_strv *ids)
{
	if (ids->n < 2)
		return;
	struct seen_id *seen = crm_xcalloc((size_t)ids->n, sizeof *seen);
	char *repeat = crm_xcalloc((size_t)ids->n, 1);
	for (int i = 0; i < ids->n; i++)
		seen[i] = (struct seen_id){atoll(ids->v[i]), i};
	qsort(seen, (size_t)ids->n, sizeof *seen, by_id_then_place);
	for (int i = 1; i < ids->n; i++)
		repeat[seen[i].at] = seen[i].id == seen[i - 1].id;
	int kept = 0;
	for (int i = 0; i < ids->n; i++) {
		if (repeat[i])
			free(ids->v[i]);
		else
			ids->v[kept++] = ids->v[i];
	}
	ids->n = kept;
	ids->v[kept] = NULL;
	free(seen);
	free(repeat);
}

int cli_targets(struct crm_ctx *ctx, int argc, char **argv, int deleted, struct crm_strv *ids,
                struct crm_strv *rest)
{
	int rc = cli_targets_listed(ctx, argc, argv, deleted, ids, rest);
	if (!rc)
		drop_repeated_ids(ids);
	return rc;
}

/* A record named by its key (set luis team=east): its id, or no such record. */
static int key_target(struct crm_ctx *ctx, const char *word, struct crm_strv *ids)
{
	int f = crm_schema_field(ctx->s, ctx->ent->key);
	long long id = db_find_unique(ctx->db, ctx->s, f, word, 0);
	if (id < 0) {
		crm_warn("%s", db_error(ctx->db));
		return CRM_EXIT_DB;
	}
	if (!id) {
		crm_warn(_("no %s with %s '%s'"), crm_noun(ctx->ent, 1), ctx->ent->key, word);
		return CRM_EXIT_NOMATCH;
	}
	crm_strv_push_owned(ids, crm_xasprintf("%lld", id));
	return 0;
}

static int cli_targets_listed(struct crm_ctx *ctx, int argc, char **argv, int deleted,
                              struct crm_strv *ids, struct crm_strv *rest)
{
	int from_stdin = 0, rc = 0;
	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "-"))
			from_stdin = 1;
		else if (crm_is_uint(argv[i]))
			crm_strv_push(ids, argv[i]);
		else if (ctx->ent && ctx->ent->key && !strpbrk(argv[i], "=~<>!"))
			rc = key_target(ctx, argv[i], ids);
		else
			crm_strv_push(rest, argv[i]);
		if (rc)
			return rc;
	}
	if (from_stdin && (rc = ids_from_stdin(ids)))
		return rc;
	if (ctx->o.where.n) {
		struct crm_filter f = {NULL, 0, deleted};
		char *err = NULL;
		rc = crm_filter_parse(ctx->db, ctx->s, ctx->o.where.n, ctx->o.where.v, &f, &err);
		if (rc) {
			crm_warn("--where: %s", err);
			free(err);
		} else {
			char *want = crm_xcalloc(ctx->s->nfields, 1);
			want[0] = 1;
			struct db_query q = {
			    .s = ctx->s, .filter = &f, .want = want, .sort_field = -1};
			if (db_select(ctx->db, &q, cli_push_id, ids) < 0) {
				crm_warn("%s", db_error(ctx->db));
				rc = CRM_EXIT_DB;
			}
			free(want);
		}
		crm_filter_release(&f);
		return rc;
	}
	if (!ids->n && !from_stdin)
		return cli_usage_error(ctx, _("no records given (ids, - for stdin, or --where)"));
	return 0;
}
