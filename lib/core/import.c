/*
 * import.c - CSV into records, streamed: headers mapped to fields by name
 * and alias (English and Spanish, case- and accent-insensitive) or --map;
 * --key makes it an upsert; one bad row fails the run unless --skip-invalid.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/behaviour.h"
#include "core/dupes.h"
#include "base/i18n.h"
#include "base/recode.h"
#include "core/verbs.h"

#define MAX_SHOWN_ERRORS 20

struct import {
	struct crm_ctx *ctx;
	int ncols;
	int *map; /* column -> field index, -1 ignored */
	char **header;
	int key; /* --key field, -1 none */
	long added, updated, unchanged, bad;
	FILE *rejects;
	int fatal;                  /* a database error: stop */
	long line;                  /* of the row being written */
	struct dupes_new added_ids; /* for --dedupe */
	struct crm_csv_in how;      /* --delimiter and --encoding, and what the reader found */
	int encoding_told;          /* the note on how.converted_from is out */
};

/* ------------------------------------------------------------- headers */

static int alias_matches(const char *aliases, const char *key)
{
	struct crm_strv av = CRM_STRV_INIT;
	crm_strv_split(&av, aliases ? aliases : "", '|');
	int hit = 0;
	for (int i = 0; i < av.n && !hit; i++) {
		char *k = crm_fold_key(av.v[i]);
		hit = !strcmp(k, key);
		free(k);
	}
	crm_strv_release(&av);
	return hit;
}

/* --map 'Header=field' wins; then field names; then aliases. -2: no field named. */
static int field_for_header(struct import *im, const char *header)
{
	const struct crm_schema *s = im->ctx->s;
	char *key = crm_fold_key(header);
	int found = -1;
	for (int i = 0; i < im->ctx->o.maps.n && found == -1; i++) {
		const char *m = im->ctx->o.maps.v[i];
		const char *eq = strrchr(m, '=');
		char *h = crm_xstrndup(m, eq - m);
		char *hk = crm_fold_key(h);
		if (!strcmp(hk, key))
			found = *(eq + 1) ? crm_schema_field(s, eq + 1) : -3;
		free(h);
		free(hk);
	}
	for (int f = 0; f < s->nfields && found == -1; f++) {
		char *fk = crm_fold_key(s->fields[f].name);
		if (!strcmp(fk, key))
			found = f;
		free(fk);
	}
	for (int f = 0; f < s->nfields && found == -1; f++)
		if (alias_matches(s->fields[f].aliases, key))
			found = f;
	free(key);
	return found;
}

static int check_maps(struct crm_ctx *ctx)
{
	for (int i = 0; i < ctx->o.maps.n; i++) {
		const char *m = ctx->o.maps.v[i];
		const char *eq = strrchr(m, '=');
		if (!eq || eq == m)
			return cli_usage_error(ctx, _("--map: expected HEADER=FIELD, got '%s'"), m);
		if (eq[1] && crm_schema_field(ctx->s, eq + 1) < 0)
			return cli_usage_error(ctx, _("--map: %s has no field '%s'"),
			                       ctx->ent->name, eq + 1);
	}
	return 0;
}

static int map_header(struct import *im, char **fields, int n)
{
	im->ncols = n;
	im->map = crm_xcalloc(n, sizeof(int));
	im->header = crm_xcalloc(n + 1, sizeof(char *));
	int mapped = 0, ignored = 0;
	for (int c = 0; c < n; c++) {
		im->header[c] = crm_xstrdup(fields[c]);
		int f = field_for_header(im, fields[c]);
		for (int prev = 0; prev < c && f >= 0; prev++)
			if (im->map[prev] == f) {
				if (!im->ctx->o.quiet)
					crm_warn(_("column '%s' also maps to %s; ignoring it"),
					         fields[c], im->ctx->s->fields[f].name);
				f = -3;
			}
		if (f == -1 && !im->ctx->o.quiet && *fields[c] && ++ignored <= MAX_SHOWN_ERRORS)
			crm_warn(_("ignoring column '%s' (no such field; use --map '%s=FIELD')"),
			         fields[c], fields[c]);
		im->map[c] = f < 0 ? -1 : f;
		mapped += f >= 0;
	}
	if (ignored > MAX_SHOWN_ERRORS)
		crm_warn(_("(%d more columns ignored)"), ignored - MAX_SHOWN_ERRORS);
	if (!mapped) {
		crm_warn(_("line 1: no column matches a %s field"), crm_noun(im->ctx->ent, 1));
		return CRM_EXIT_DATA;
	}
	if (im->key >= 0) {
		int have = 0;
		for (int c = 0; c < n; c++)
			have |= im->map[c] == im->key;
		if (!have) {
			crm_warn(_("--key %s: no column holds it"),
			         im->ctx->s->fields[im->key].name);
			return CRM_EXIT_USAGE;
		}
	}
	if (im->rejects) {
		const char **h = crm_xcalloc(n + 1, sizeof(char *));
		for (int c = 0; c < n; c++)
			h[c] = im->header[c];
		h[n] = "reason";
		crm_csv_write_record(im->rejects, h, n + 1);
		free(h);
	}
	return 0;
}

/* ---------------------------------------------------------------- rows */

/* With --create-refs, a reference to a missing record creates it by name. */
static int create_ref(struct import *im, const struct crm_field *fd, const char *name, char **out)
{
	struct crm_ctx sub = *im->ctx;
	sub.ent = crm_entity_find(fd->ref);
	sub.s = db_schema(im->ctx->db, sub.ent);
	char **vals = crm_xcalloc(sub.s->nfields, sizeof(char *));
	for (int f = 0; f < sub.s->nfields; f++)
		if (sub.s->fields[f].flags & CRM_F_NAME) {
			vals[f] = crm_xstrdup(name);
			break;
		}
	char *err = NULL;
	long long id = rec_create(&sub, vals, &err);
	db_row_free(sub.s, vals);
	free(err);
	if (!id)
		return -1;
	*out = crm_xasprintf("%lld", id);
	return 0;
}

static void row_error(struct crm_buf *why, const char *msg)
{
	crm_buf_printf(why, "%s%s", why->len ? "; " : "", msg);
}

/* Normalises a row's cells into vals; reasons for bad cells go to why. */
static void read_cells(struct import *im, char **cells, int n, char **vals, struct crm_buf *why)
{
	const struct crm_schema *s = im->ctx->s;
	for (int c = 0; c < n && c < im->ncols; c++) {
		int f = im->map[c];
		if (f < 0)
			continue;
		const struct crm_field *fd = &s->fields[f];
		char *v = NULL, *err = NULL;
		int rc = crm_value_normal(im->ctx->db, fd, cells[c], &v, &err);
		if (rc < 0) {
			int missing_ref = rc == -2;
			if (missing_ref && im->ctx->o.create_refs) {
				free(err);
				err = NULL;
				char *name = crm_trim(cells[c]);
				if (create_ref(im, fd, name, &v) < 0)
					err = crm_xasprintf(_("%s: cannot create %s '%s'"),
					                    fd->name, fd->ref, name);
				free(name);
			}
			if (err)
				row_error(why, err);
			free(err);
		}
		free(vals[f]);
		vals[f] = v;
	}
	if (n > im->ncols)
		crm_buf_printf(why, _("%s%d fields, the header has %d"), why->len ? "; " : "", n,
		               im->ncols);
}

/* The record a row updates under --key: 0 for none, -1 with why set. */
static long long key_match(struct import *im, char **vals, struct crm_buf *why)
{
	const struct crm_schema *s = im->ctx->s;
	const char *kv = vals[im->key];
	if (!kv) {
		row_error(why, "");
		crm_buf_printf(why, _("%s: empty, and it is the --key"), s->fields[im->key].name);
		return -1;
	}
	if (s->fields[im->key].flags & CRM_F_UNIQUE || s->fields[im->key].type == CRM_T_ID) {
		if (s->fields[im->key].type == CRM_T_ID) {
			char **row = db_get(im->ctx->db, s, atoll(kv), NULL);
			db_row_free(s, row);
			return row ? atoll(kv) : 0;
		}
		return db_find_unique(im->ctx->db, s, im->key, kv, 0);
	}
	struct crm_term t = {.kind = CRM_TERM_FIELD, .field = im->key, .op = CRM_OP_EQ};
	crm_strv_push(&t.values, kv);
	struct crm_filter flt = {&t, 1, 0};
	struct crm_strv ids = CRM_STRV_INIT;
	struct db_query q = {.s = s, .filter = &flt, .sort_field = -1, .limit = 3};
	long long id = 0;
	db_select(im->ctx->db, &q, cli_push_id, &ids);
	if (ids.n == 1)
		id = atoll(ids.v[0]);
	else if (ids.n > 1) {
		crm_buf_printf(why, _("%s%s: '%s' matches several %s"), why->len ? "; " : "",
		               s->fields[im->key].name, kv, crm_noun(s->ent, 2));
		id = -1;
	}
	crm_strv_release(&t.values);
	crm_strv_release(&ids);
	return id;
}

int rec_update_from(struct crm_ctx *ctx, long long id, char **vals, int keep, struct crm_buf *why)
{
	const struct crm_schema *s = ctx->s;
	char *deleted = NULL;
	char **cur = db_get(ctx->db, s, id, &deleted);
	char *assigned = crm_xcalloc(s->nfields, 1);
	int rc = 0;
	if (deleted) {
		crm_buf_printf(why, _("%s%s %lld is deleted (restore it first)"),
		               why->len ? "; " : "", crm_noun(s->ent, 1), id);
		rc = -1;
	}
	ctx->touched = 0;
	for (int f = 0; f < s->nfields && rc == 0; f++) {
		if (!vals[f] || !crm_field_settable(&s->fields[f]) || f == keep)
			continue;
		assigned[f] = 1;
		char *err = NULL;
		int r = rec_change(ctx, id, cur, f, vals[f], &err);
		if (r == -1)
			row_error(why, err);
		free(err);
		if (r < 0)
			rc = r;
	}
	long before = ctx->changed;
	if (rc == 0) {
		char *err = NULL;
		int r = rec_finish(ctx, id, cur, assigned, &err);
		if (err)
			row_error(why, err);
		free(err);
		rc = r == 0 ? 0 : r == CRM_EXIT_DATA ? -1 : -2;
	}
	if (rc == 0)
		rc = ctx->changed > before;
	free(assigned);
	db_row_free(s, cur);
	free(deleted);
	return rc;
}

/* Updates record id with the row's non-empty cells; the key matched ignoring case: kept as stored.
 */
static int update_row(struct import *im, long long id, char **vals, struct crm_buf *why)
{
	int rc = rec_update_from(im->ctx, id, vals, im->key, why);
	if (rc >= 0)
		rc ? im->updated++ : im->unchanged++;
	return rc < 0 ? rc : 0;
}

static int write_row(struct import *im, char **vals, struct crm_buf *why)
{
	long long id = im->key >= 0 ? key_match(im, vals, why) : 0;
	if (id < 0)
		return -1;
	if (id > 0)
		return update_row(im, id, vals, why);
	char *err = NULL;
	long long nid = rec_create(im->ctx, vals, &err);
	if (nid) {
		im->added++;
		if (im->ctx->o.dedupe)
			dupes_new_add(&im->added_ids, nid, im->line);
		return 0;
	}
	if (!err)
		return -2;
	row_error(why, err);
	free(err);
	return -1;
}

static void reject(struct import *im, char **cells, int n, long line, const char *why)
{
	im->bad++;
	if (im->bad <= MAX_SHOWN_ERRORS || im->ctx->o.skip_invalid)
		crm_warn(_("line %ld: %s"), line, why);
	if (!im->rejects)
		return;
	const char **rec = crm_xcalloc(im->ncols + 1, sizeof(char *));
	for (int c = 0; c < im->ncols; c++)
		rec[c] = c < n ? cells[c] : "";
	rec[im->ncols] = why;
	crm_csv_write_record(im->rejects, rec, im->ncols + 1);
	free(rec);
}

static int repeats_header(const struct import *im, char **cells, int n)
{
	if (n != im->ncols)
		return 0;
	for (int c = 0; c < n; c++)
		if (strcmp(cells[c], im->header[c]))
			return 0;
	return 1;
}

/* The encoding the reader settled on when the file did not say; once, however many rows. */
static void note_encoding(struct import *im)
{
	if (im->how.converted_from && !im->encoding_told && !im->ctx->o.quiet)
		crm_warn(_("the file is not UTF-8: read it as %s (--encoding names another)"),
		         im->how.converted_from);
	im->encoding_told = im->how.converted_from != NULL;
}

/* A spreadsheet's own delimiter is found, and said: a wrong guess is then plain to see. */
static void note_delimiter(struct import *im)
{
	note_encoding(im);
	int d = im->how.delimiter_used;

	if (im->how.delimiter || d == ',' || im->ctx->o.quiet)
		return;
	if (d == '\t')
		crm_warn(_("reading columns separated by tabs (--delimiter gives another)"));
	else
		crm_warn(_("reading columns separated by '%c' (--delimiter gives another)"), d);
}

static int on_record(void *arg, char **cells, int n, long line)
{
	struct import *im = arg;
	if (!im->map) {
		note_delimiter(im);
		return map_header(im, cells, n);
	}
	if (repeats_header(im, cells, n)) {
		/* files joined with cat: the rows below are data again, this line never is */
		reject(im, cells, n, line, _("the header line again"));
		return 0;
	}
	const struct crm_schema *s = im->ctx->s;
	char **vals = crm_xcalloc(s->nfields, sizeof(char *));
	struct crm_buf why = CRM_BUF_INIT;
	int skip = im->ctx->o.skip_invalid;
	if (skip && db_savepoint(im->ctx->db) < 0)
		im->fatal = 1;
	im->line = line;
	db_set_row(im->ctx->db, line);
	read_cells(im, cells, n, vals, &why);
	int rc = why.len ? -1 : write_row(im, vals, &why);
	long failed = rc ? db_error_row(im->ctx->db) : 0;
	if (failed) {
		/* the server refused a write of an earlier row, which the run cannot outlive */
		crm_warn(_("line %ld: %s"), failed, db_error(im->ctx->db));
		rc = -2;
	}
	if (rc == -2)
		im->fatal = 1;
	if (skip && !im->fatal && db_savepoint_end(im->ctx->db, rc == 0) < 0)
		im->fatal = 1;
	if (rc == -1)
		reject(im, cells, n, line, crm_buf_str(&why));
	crm_buf_release(&why);
	db_row_free(s, vals);
	return im->fatal ? CRM_EXIT_DB : 0;
}

/* ------------------------------------------------------------- the verb */

static void summary(struct import *im)
{
	struct crm_ctx *ctx = im->ctx;
	if (ctx->o.quiet)
		return;
	fprintf(stderr, _("%s: %s%ld added, %ld updated, %ld unchanged, %ld invalid\n"),
	        crm_progname(), ctx->o.dry_run ? _("dry run: ") : "", im->added, im->updated,
	        im->unchanged, im->bad);
}

/* All or nothing: the run rolls back, so only the invalid rows are worth counting. */
static void failure(struct import *im)
{
	if (im->bad > MAX_SHOWN_ERRORS)
		crm_warn(_("(%ld more invalid rows not shown)"), im->bad - MAX_SHOWN_ERRORS);
	crm_warn(P_("nothing imported: %ld invalid row; fix it, or use --skip-invalid",
	            "nothing imported: %ld invalid rows; fix them, or use --skip-invalid", im->bad),
	         im->bad);
}

static int open_input(struct crm_ctx *ctx, int argc, char **argv, FILE **in)
{
	if (argc > 1)
		return cli_usage_error(ctx, _("one input file at most"));
	if (argc == 0 || !strcmp(argv[0], "-")) {
		*in = stdin;
		return 0;
	}
	if (!(*in = fopen(argv[0], "r"))) {
		crm_warn(_("cannot open '%s': %s"), argv[0], strerror(errno));
		return CRM_EXIT_DB;
	}
	return 0;
}

int import_dedupe(struct crm_ctx *ctx, struct dupes_new *added)
{
	long n = 0, twins = 0;
	int rc = ctx->o.dedupe ? dupes_report_new(ctx, added, &n, &twins) : 0;
	if (!rc && ctx->o.dedupe && !ctx->o.quiet)
		fprintf(
		    stderr,
		    P_("%s: %ld added record looks like existing ones, %ld like an earlier row\n",
		       "%s: %ld added records look like existing ones, %ld like an earlier row\n",
		       n),
		    crm_progname(), n, twins);
	return rc;
}

static int has_suffix(const char *path, const char *suffix)
{
	size_t n = strlen(path), k = strlen(suffix);
	return n > k && !strcasecmp(path + n - k, suffix);
}

/*
 * The interchange format an import reads: --format, else the file's name
 * (.ics for a calendar's tasks, .vcf for an address book); NULL for CSV.
 */
static const char *interchange_of(struct crm_ctx *ctx, int argc, char **argv)
{
	if (ctx->o.render)
		return ctx->o.render;
	if (ctx->o.format >= 0 || argc != 1)
		return NULL;
	if (crm_entity_ops(ctx->ent)->ics_import && has_suffix(argv[0], ".ics"))
		return "ics";
	if (crm_entity_ops(ctx->ent)->vcard_import &&
	    (has_suffix(argv[0], ".vcf") || has_suffix(argv[0], ".vcard")))
		return "vcard";
	return NULL;
}

/*
 * Into an empty table, the indexes are built after the load (at commit),
 * unless the rows are matched by a --key that only such an index finds.
 */
static int bulk_load(struct import *im)
{
	const struct crm_field *key = im->key >= 0 ? &im->ctx->s->fields[im->key] : NULL;
	if (key && !(key->flags & CRM_F_UNIQUE) && key->type != CRM_T_ID)
		return 0;
	return db_bulk_begin(im->ctx->db, im->ctx->s) < 0 ? -1 : 0;
}

static int check_encoding(struct crm_ctx *ctx)
{
	struct crm_recoder *r = crm_recoder_new(ctx->o.encoding);

	if (!r)
		return cli_usage_error(ctx,
		                       _("--encoding: iconv knows no encoding '%s' (iconv -l lists "
		                         "them)"),
		                       ctx->o.encoding);
	crm_recoder_free(r);
	return 0;
}

int verb_import(struct crm_ctx *ctx, int argc, char **argv)
{
	struct import im = {.ctx = ctx, .key = -1};
	FILE *in = NULL;
	int rc = check_maps(ctx);
	im.how.delimiter = ctx->o.delimiter;
	im.how.encoding = ctx->o.encoding;
	if (!rc && ctx->o.encoding)
		rc = check_encoding(ctx);
	if (!rc && ctx->o.rejects && !ctx->o.skip_invalid)
		rc = cli_usage_error(ctx, _("--rejects needs --skip-invalid"));
	if (!rc && ctx->o.key) {
		im.key = crm_schema_field(ctx->s, ctx->o.key);
		if (im.key < 0 || ctx->s->fields[im.key].type == CRM_T_TAGS)
			rc = cli_usage_error(ctx, _("--key: %s has no field '%s'"), ctx->ent->name,
			                     ctx->o.key);
	}
	if (!rc && ctx->o.format >= 0 && ctx->o.format != CRM_FMT_CSV)
		rc = cli_usage_error(ctx, _("import reads csv%s%s"),
		                     crm_entity_ops(ctx->ent)->vcard_import ? ", vcard" : "",
		                     crm_entity_ops(ctx->ent)->ics_import ? ", ics" : "");
	const char *fmt = rc ? NULL : interchange_of(ctx, argc, argv);
	if (fmt) {
		rc = open_input(ctx, argc, argv, &in);
		if (!rc)
			rc = !strcmp(fmt, "ics") ? crm_entity_ops(ctx->ent)->ics_import(ctx, in)
			                         : crm_entity_ops(ctx->ent)->vcard_import(ctx, in);
		if (in && in != stdin)
			fclose(in);
		return rc;
	}
	if (!rc)
		rc = open_input(ctx, argc, argv, &in);
	if (!rc && ctx->o.rejects && !(im.rejects = fopen(ctx->o.rejects, "w"))) {
		crm_warn(_("cannot create '%s': %s"), ctx->o.rejects, strerror(errno));
		rc = CRM_EXIT_DB;
	}
	if (!rc && bulk_load(&im) < 0) {
		crm_warn("%s", db_error(ctx->db));
		rc = CRM_EXIT_DB;
	}
	if (!rc) {
		char *err = NULL;
		rc = crm_csv_read_with(in, &im.how, on_record, &im, &err);
		note_encoding(&im);
		if (rc < 0) {
			crm_warn("%s", err);
			free(err);
			rc = CRM_EXIT_DATA;
		} else if (!rc && !im.map) {
			crm_warn(_("no header line: the input is empty"));
			rc = CRM_EXIT_DATA;
		}
		if (!rc && im.bad && !ctx->o.skip_invalid) {
			rc = CRM_EXIT_DATA;
			failure(&im);
		} else if (!rc) {
			rc = import_dedupe(ctx, &im.added_ids);
			summary(&im);
		}
	}
	if (in && in != stdin)
		fclose(in);
	if (im.rejects && fclose(im.rejects) != 0 && !rc) {
		crm_warn("%s: %s", ctx->o.rejects, strerror(errno));
		rc = CRM_EXIT_DB;
	}
	dupes_new_release(&im.added_ids);
	for (int c = 0; c < im.ncols; c++)
		free(im.header[c]);
	free(im.header);
	free(im.map);
	return rc;
}
