/*
 * mailquery.c - `crm-contact query TEXT`: address completion for mail
 * clients.  mutt, neomutt and aerc run a query command and read its output:
 * a first line they show as a message, then one address a line,
 * "email<TAB>name<TAB>extra".  A contact with two addresses gives two lines.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "core/verbs.h"

struct query {
	struct crm_ctx *ctx;
	struct crm_buf out; /* the lines, held until their count is known for the first */
	long lines;
	int email, email2, first, last, account, title;
};

/* A value on one line of the format: tabs and line breaks would split it. */
static void put_clean(struct crm_buf *b, const char *v)
{
	for (; v && *v; v++)
		crm_buf_putc(b, *v == '\t' || *v == '\n' || *v == '\r' ? ' ' : *v);
}

static void put_address(struct query *q, const char *const *vals, const char *email)
{
	const char *first = vals[q->first], *last = vals[q->last];
	const char *account = vals[q->account], *title = vals[q->title];

	put_clean(&q->out, email);
	crm_buf_putc(&q->out, '\t');
	put_clean(&q->out, first);
	if (first && last)
		crm_buf_putc(&q->out, ' ');
	put_clean(&q->out, last);
	crm_buf_putc(&q->out, '\t');
	put_clean(&q->out, title);
	if (title && account)
		crm_buf_puts(&q->out, ", ");
	put_clean(&q->out, account);
	crm_buf_putc(&q->out, '\n');
	q->lines++;
}

static int query_row(void *arg, const char *const *vals)
{
	struct query *q = arg;

	/* --limit N; without it (-1) every address */
	long limit = q->ctx->o.limit;
	if (vals[q->email] && (limit < 0 || q->lines < limit))
		put_address(q, vals, vals[q->email]);
	if (vals[q->email2] && (limit < 0 || q->lines < limit))
		put_address(q, vals, vals[q->email2]);
	return 0;
}

int crm_verb_query(struct crm_ctx *ctx, int argc, char **argv)
{
	struct query q = {.ctx = ctx, .out = CRM_BUF_INIT};
	struct crm_filter f = {NULL, 0, 0};
	struct db_query dq = {.s = ctx->s, .filter = &f, .sort_field = -1};
	struct crm_buf text = CRM_BUF_INIT;
	char *err = NULL;
	int rc;

	if (argc == 0)
		return cli_usage_error(ctx, _("give the text to look for"));
	if (ctx->o.format >= 0)
		return cli_usage_error(ctx,
		                       _("query prints what mail clients read; 'list -o' prints "
		                         "the other formats"));
	q.email = rec_field(ctx, "email");
	q.email2 = rec_field(ctx, "email2");
	q.first = rec_field(ctx, "first_name");
	q.last = rec_field(ctx, "last_name");
	q.account = rec_field(ctx, "account");
	q.title = rec_field(ctx, "title");
	rc = crm_filter_parse(ctx->db, ctx->s, argc, argv, &f, &err);
	if (rc) {
		crm_warn("%s", err);
		free(err);
	} else if (db_select(ctx->db, &dq, query_row, &q) < 0) {
		crm_warn("%s", db_error(ctx->db));
		rc = CRM_EXIT_DB;
	}
	for (int i = 0; i < argc; i++)
		crm_buf_printf(&text, "%s%s", i ? " " : "", argv[i]);
	if (!rc && ctx->o.header != 0)
		printf(P_("crm: %ld address for '%s'\n", "crm: %ld addresses for '%s'\n", q.lines),
		       q.lines, crm_buf_str(&text));
	if (!rc)
		fputs(crm_buf_str(&q.out), stdout);
	crm_buf_release(&q.out);
	crm_buf_release(&text);
	crm_filter_release(&f);
	return rc ? rc : q.lines ? 0 : CRM_EXIT_NOMATCH;
}
