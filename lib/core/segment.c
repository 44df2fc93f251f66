/*
 * segment.c - segments: filters saved by name for an entity (crm segment
 * add|list|show|rm).  The term segment=NAME (grammar.c) finds them when a
 * filter is used, so a segment is a query, never a frozen list of ids.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "core/verbs.h"

/* Names are typed in filters: segment=vip-madrid,vip-sevilla. */
int segment_name_valid(const char *n)
{
	if (!*n || strlen(n) > 64)
		return 0;
	for (const char *p = n; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || ((*p == '-' || *p == '_' || *p == '.') && p > n)))
			return 0;
	return 1;
}

/* The filter words as one text that crm_split_words gives back. */
static char *join_words(int argc, char **argv)
{
	if (argc == 1)
		return crm_xstrdup(argv[0]);
	struct crm_buf b = CRM_BUF_INIT;
	for (int i = 0; i < argc; i++) {
		int quote = strpbrk(argv[i], " \t'\"") != NULL;
		char q = strchr(argv[i], '\'') ? '"' : '\'';
		crm_buf_printf(&b, "%s%s%s%s", i ? " " : "", quote ? (char[]){q, 0} : "", argv[i],
		               quote ? (char[]){q, 0} : "");
	}
	return crm_buf_detach(&b);
}

int segment_check(struct crm_ctx *ctx, const struct crm_entity *ent, const char *text, long *count,
                  char **err)
{
	const struct crm_schema *s = db_schema(ctx->db, ent);
	struct crm_strv words = CRM_STRV_INIT;
	struct crm_filter f = {NULL, 0, 0};
	int rc = 0;
	*err = NULL;
	if (crm_split_words(text, &words) < 0) {
		*err = crm_xasprintf(_("a quote is not closed in '%s'"), text);
		rc = CRM_EXIT_USAGE;
	} else if (!words.n)
		rc = CRM_EXIT_USAGE;
	else
		rc = crm_filter_parse(ctx->db, s, words.n, words.v, &f, err);
	long long sum;
	if (!rc && count && db_sum(ctx->db, s, 0, &f, &sum, count) < 0) {
		*err = crm_xstrdup(db_error(ctx->db));
		rc = CRM_EXIT_DB;
	}
	crm_filter_release(&f);
	crm_strv_release(&words);
	return rc;
}

/* segment_check, saying what is wrong. */
static int check_filter(struct crm_ctx *ctx, const struct crm_entity *ent, const char *text,
                        long *count)
{
	char *err = NULL;
	int rc = segment_check(ctx, ent, text, count, &err);
	if (rc && !err)
		rc = cli_usage_error(ctx, _("a segment needs a filter: tag=vip city=Madrid"));
	else if (rc)
		crm_warn("%s", err);
	free(err);
	return rc;
}

static int segment_add(struct crm_ctx *ctx, int argc, char **argv)
{
	if (argc < 3)
		return cli_usage_error(ctx, _("expected 'add NAME ENTITY FILTER...'"));
	if (!segment_name_valid(argv[0])) {
		crm_warn(_("segment name: use letters, digits, '-', '_' and '.' '%s'"), argv[0]);
		return CRM_EXIT_DATA;
	}
	const struct crm_entity *ent = crm_entity_find(argv[1]);
	if (!ent || ent->part_of)
		return cli_usage_error(ctx, _("unknown entity '%s'"), argv[1]);
	char *text = join_words(argc - 2, argv + 2), *e = NULL, *f = NULL;
	int rc = check_filter(ctx, ent, text, NULL);
	int exists = rc ? 0 : db_segment_get(ctx->db, argv[0], &e, &f);
	if (exists == 0 && !rc) {
		crm_warn(_("segment '%s' exists (of %s: %s); rm it first"), argv[0],
		         crm_entity_find(e) ? crm_entity_find(e)->plural : e, f);
		rc = CRM_EXIT_DATA;
	}
	struct db_segment sg = {argv[0], ent->name, text, cli_user(), ctx->now};
	if (!rc && (exists < 0 || db_segment_put(ctx->db, &sg) < 0)) {
		crm_warn("%s", db_error(ctx->db));
		rc = CRM_EXIT_DB;
	}
	free(e);
	free(f);
	free(text);
	return rc;
}

static int segment_rm(struct crm_ctx *ctx, int argc, char **argv)
{
	if (argc < 1)
		return cli_usage_error(ctx, _("which segment? 'rm NAME...'"));
	for (int i = 0; i < argc; i++) {
		int r = db_segment_rm(ctx->db, argv[i]);
		if (r < 0) {
			crm_warn("%s", db_error(ctx->db));
			return CRM_EXIT_DB;
		}
		if (r == 1) {
			crm_warn(_("no segment '%s'"), argv[i]);
			return CRM_EXIT_NOMATCH;
		}
	}
	return 0;
}

struct seg_out {
	struct crm_ctx *ctx;
	struct crm_printer *p;
	int n, local;
};

static int list_row(void *arg, const struct db_segment *sg)
{
	struct seg_out *o = arg;
	const struct crm_entity *ent = crm_entity_find(sg->entity);
	char at[32];
	if (o->local)
		crm_local_time(sg->created, at, sizeof at);
	const char *row[] = {sg->name, ent ? ent->name : sg->entity, sg->filter, sg->owner,
	                     o->local ? at : sg->created};
	crm_printer_row(o->p, row);
	o->n++;
	return 0;
}

static int segment_list(struct crm_ctx *ctx, int argc)
{
	if (argc)
		return cli_usage_error(ctx, _("list takes no arguments"));
	static const struct crm_column cols[] = {
	    {"name", 0}, {"entity", 0}, {"filter", 0}, {"owner", 0}, {"created", 0}};
	enum crm_format fmt = cli_format(ctx, CRM_FMT_TSV);
	struct seg_out o = {ctx, crm_printer_new(fmt, stdout, ctx->o.header), 0,
	                    fmt == CRM_FMT_TABLE};
	crm_printer_begin(o.p, cols, 5);
	int rc = db_segments(ctx->db, NULL, list_row, &o) < 0 ? CRM_EXIT_DB : 0;
	if (rc)
		crm_warn("%s", db_error(ctx->db));
	if (crm_printer_end(o.p) < 0 && !rc)
		rc = CRM_EXIT_DB;
	return rc ? rc : o.n ? 0 : CRM_EXIT_NOMATCH;
}

static int show_row(void *arg, const struct db_segment *sg)
{
	struct seg_out *o = arg;
	const struct crm_entity *ent = crm_entity_find(sg->entity);
	long count = 0;
	char at[32];
	crm_local_time(sg->created, at, sizeof at);
	printf("%sname:    %s\nentity:  %s\nfilter:  %s\nowner:   %s\ncreated: %s\n",
	       o->n ? "\n" : "", sg->name, sg->entity, sg->filter, sg->owner ? sg->owner : "", at);
	/* how many records it holds now: a saved filter that broke says why */
	int rc = ent ? check_filter(o->ctx, ent, sg->filter, &count) : CRM_EXIT_DATA;
	if (!rc)
		printf("records: %ld\n", count);
	o->n++;
	return 0;
}

static int segment_show(struct crm_ctx *ctx, int argc, char **argv)
{
	if (argc < 1)
		return cli_usage_error(ctx, _("which segment? 'show NAME...'"));
	struct seg_out o = {ctx, NULL, 0, 0};
	for (int i = 0; i < argc; i++) {
		int before = o.n;
		if (db_segments(ctx->db, argv[i], show_row, &o) < 0) {
			crm_warn("%s", db_error(ctx->db));
			return CRM_EXIT_DB;
		}
		if (o.n == before) {
			crm_warn(_("no segment '%s'"), argv[i]);
			return CRM_EXIT_NOMATCH;
		}
	}
	return 0;
}

int crm_verb_segment(struct crm_ctx *ctx, int argc, char **argv)
{
	const char *sub = argc ? argv[0] : "list";
	int n = argc ? argc - 1 : 0;
	char **rest = argc ? argv + 1 : argv;
	if (!strcmp(sub, "list"))
		return segment_list(ctx, n);
	if (!strcmp(sub, "show"))
		return segment_show(ctx, n, rest);
	if (!strcmp(sub, "add"))
		return segment_add(ctx, n, rest);
	if (!strcmp(sub, "rm"))
		return segment_rm(ctx, n, rest);
	return cli_usage_error(ctx,
	                       _("expected list, show NAME, add NAME ENTITY FILTER... or rm NAME"));
}
