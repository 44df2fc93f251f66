/*
 * dump.c - `crm dump DIR` and `crm restore DIR`: the whole database as
 * plain CSV files, one per entity plus the configuration, in a stable order
 * (records by id, fields as the schema has them), so that a dump is
 * diffable and fit for git, and restoring it into an empty database and
 * dumping again gives the same bytes.
 *
 *   fields.csv   custom fields: entity,name,type,choices
 *   stages.csv   pipeline stages: pipeline,name,position,probability,category,state
 *   rules.csv    scoring rules: entity,term,points
 *   quotas.csv, rates.csv, settings.csv   what crm-report keeps: quotas,
 *                commission rates, settings
 *   ENTITY.csv   every record, deleted ones too: its fields, then deleted;
 *                references as ids, so nothing depends on names being unique
 *
 * The change log is not dumped: a restore is one new run, which crm undo
 * takes back whole.  Attachments' bytes are not either (crm backup keeps them).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "verbs.h"

static FILE *open_out(const char *dir, const char *name)
{
	char *path = crm_xasprintf("%s/%s.csv", dir, name);
	FILE *f = fopen(path, "w");

	if (!f)
		crm_warn("cannot create '%s': %s", path, strerror(errno));
	free(path);
	return f;
}

static int close_out(FILE *f, const char *dir, const char *name)
{
	if (fclose(f) != 0) {
		crm_warn("%s/%s.csv: %s", dir, name, strerror(errno));
		return CRM_EXIT_DB;
	}
	return 0;
}

/* ------------------------------------------------------------------ dump */

static int dump_fields(struct crm_ctx *ctx, const char *dir)
{
	const char *header[4] = {"entity", "name", "type", "choices"};
	FILE *f = open_out(dir, "fields");

	if (!f)
		return CRM_EXIT_DB;
	crm_csv_write_record(f, header, 4);
	for (int e = 0; crm_entities[e]; e++) {
		const struct crm_schema *s = db_schema(ctx->db, crm_entities[e]);
		for (int i = 0; i < s->nfields; i++) {
			const struct crm_field *fd = &s->fields[i];
			const char *row[4] = {s->ent->name, fd->name, crm_type_name(fd->type),
			                      fd->choices};
			if (fd->flags & CRM_F_CUSTOM)
				crm_csv_write_record(f, row, 4);
		}
	}
	return close_out(f, dir, "fields");
}

static int stage_row(void *arg, const struct db_stage *st)
{
	char pos[16], prob[16];
	const char *row[6] = {st->pipeline, st->name, pos, prob, st->category, st->state};

	snprintf(pos, sizeof(pos), "%d", st->position);
	snprintf(prob, sizeof(prob), "%d", st->probability);
	crm_csv_write_record(arg, row, 6);
	return 0;
}

static int dump_stages(struct crm_ctx *ctx, const char *dir)
{
	const char *header[6] = {"pipeline",    "name",     "position",
	                         "probability", "category", "state"};
	FILE *f = open_out(dir, "stages");
	int rc;

	if (!f)
		return CRM_EXIT_DB;
	crm_csv_write_record(f, header, 6);
	rc = db_stages(ctx->db, stage_row, f) < 0 ? CRM_EXIT_DB : 0;
	if (rc)
		crm_warn("%s", db_error(ctx->db));
	return close_out(f, dir, "stages") || rc ? CRM_EXIT_DB : 0;
}

struct rule_out {
	FILE *f;
	const char *entity;
};

static int rule_row(void *arg, long long id, const char *term, long points)
{
	struct rule_out *o = arg;
	char p[24];
	const char *row[3] = {o->entity, term, p};

	(void)id;
	snprintf(p, sizeof(p), "%ld", points);
	crm_csv_write_record(o->f, row, 3);
	return 0;
}

static int dump_rules(struct crm_ctx *ctx, const char *dir)
{
	const char *header[3] = {"entity", "term", "points"};
	struct rule_out o = {open_out(dir, "rules"), NULL};
	int rc = 0;

	if (!o.f)
		return CRM_EXIT_DB;
	crm_csv_write_record(o.f, header, 3);
	for (int e = 0; crm_entities[e] && !rc; e++) {
		o.entity = crm_entities[e]->name;
		if (db_rules(ctx->db, o.entity, rule_row, &o) < 0) {
			crm_warn("%s", db_error(ctx->db));
			rc = CRM_EXIT_DB;
		}
	}
	return close_out(o.f, dir, "rules") || rc ? CRM_EXIT_DB : 0;
}

/* Rows of a listing kept by the store (quotas, rates, settings), all but its first skip columns. */
struct rows_out {
	FILE *f;
	int skip;
};

static int rows_row(void *arg, const char *const *vals, int n)
{
	struct rows_out *o = arg;

	crm_csv_write_record(o->f, vals + o->skip, n - o->skip);
	return 0;
}

/* The report configuration: quotas, commission rates (without their ids), settings. */
static int dump_listing(struct crm_ctx *ctx, const char *dir, const char *name,
                        const char *const *header, int n, int skip,
                        long (*list)(struct crm_db *, db_rows_fn, void *))
{
	struct rows_out o = {open_out(dir, name), skip};
	int rc = 0;

	if (!o.f)
		return CRM_EXIT_DB;
	crm_csv_write_record(o.f, header, n);
	if (list(ctx->db, rows_row, &o) < 0) {
		crm_warn("%s", db_error(ctx->db));
		rc = CRM_EXIT_DB;
	}
	return close_out(o.f, dir, name) || rc ? CRM_EXIT_DB : 0;
}

static long all_settings(struct crm_db *db, db_rows_fn fn, void *ctx)
{
	return db_settings(db, "", fn, ctx);
}

static int dump_report_config(struct crm_ctx *ctx, const char *dir)
{
	static const char *const quota[] = {"owner", "period", "amount"};
	static const char *const rate[] = {"owner", "attainment", "rate"};
	static const char *const setting[] = {"key", "value"};
	int rc = dump_listing(ctx, dir, "quotas", quota, 3, 0, db_quotas);

	if (!rc)
		rc = dump_listing(ctx, dir, "rates", rate, 3, 1, db_rates);
	if (!rc)
		rc = dump_listing(ctx, dir, "settings", setting, 2, 0, all_settings);
	return rc;
}

struct entity_out {
	FILE *f;
	int n; /* fields, then the deleted stamp */
};

static int record_row(void *arg, const char *const *vals)
{
	struct entity_out *o = arg;

	crm_csv_write_record(o->f, vals, o->n + 1);
	return 0;
}

static int dump_entity(struct crm_ctx *ctx, const char *dir, const struct crm_entity *ent)
{
	const struct crm_schema *s = db_schema(ctx->db, ent);
	const char **header = crm_xcalloc(s->nfields + 1, sizeof(char *));
	struct crm_filter all = {NULL, 0, 2};
	struct db_query q = {.s = s, .filter = &all, .sort_field = 0, .raw_refs = 1};
	struct entity_out o = {open_out(dir, ent->name), s->nfields};
	int rc = 0;

	if (!o.f) {
		free(header);
		return CRM_EXIT_DB;
	}
	for (int f = 0; f < s->nfields; f++)
		header[f] = s->fields[f].name;
	header[s->nfields] = "deleted";
	crm_csv_write_record(o.f, header, s->nfields + 1);
	if (db_select(ctx->db, &q, record_row, &o) < 0) {
		crm_warn("%s", db_error(ctx->db));
		rc = CRM_EXIT_DB;
	}
	free(header);
	return close_out(o.f, dir, ent->name) || rc ? CRM_EXIT_DB : 0;
}

int crm_verb_dump(struct crm_ctx *ctx, int argc, char **argv)
{
	int rc;

	if (argc != 1)
		return cli_usage_error(ctx, "give the directory to dump into");
	if (mkdir(argv[0], 0700) < 0 && errno != EEXIST) {
		crm_warn("cannot create '%s': %s", argv[0], strerror(errno));
		return CRM_EXIT_DB;
	}
	rc = dump_fields(ctx, argv[0]);
	if (!rc)
		rc = dump_stages(ctx, argv[0]);
	if (!rc)
		rc = dump_rules(ctx, argv[0]);
	if (!rc)
		rc = dump_report_config(ctx, argv[0]);
	for (int e = 0; crm_entities[e] && !rc; e++)
		rc = dump_entity(ctx, argv[0], crm_entities[e]);
	if (!rc && !ctx->o.quiet)
		fprintf(stderr, "%s: dumped to %s\n", crm_progname(), argv[0]);
	return rc;
}

/* --------------------------------------------------------------- restore */

/* One CSV file read whole: it is configuration or one entity's records. */
struct table {
	struct crm_strv header;
	struct crm_strv *rows;
	long *lines;
	long n;
};

static int table_row(void *arg, char **fields, int n, long line)
{
	struct table *t = arg;
	struct crm_strv *row;

	if (!t->header.n && !t->n) {
		for (int i = 0; i < n; i++)
			crm_strv_push(&t->header, fields[i]);
		return 0;
	}
	t->rows = crm_xrealloc(t->rows, (t->n + 1) * sizeof(*t->rows));
	t->lines = crm_xrealloc(t->lines, (t->n + 1) * sizeof(*t->lines));
	row = &t->rows[t->n];
	memset(row, 0, sizeof(*row));
	for (int i = 0; i < n; i++)
		crm_strv_push(row, fields[i]);
	t->lines[t->n++] = line;
	return 0;
}

static void table_release(struct table *t)
{
	crm_strv_release(&t->header);
	for (long i = 0; i < t->n; i++)
		crm_strv_release(&t->rows[i]);
	free(t->rows);
	free(t->lines);
	memset(t, 0, sizeof(*t));
}

static int read_table(const char *dir, const char *name, struct table *t)
{
	char *path = crm_xasprintf("%s/%s.csv", dir, name), *err = NULL;
	FILE *f = fopen(path, "r");
	int rc = 0;

	memset(t, 0, sizeof(*t));
	if (!f) {
		crm_warn("cannot open '%s': %s", path, strerror(errno));
		free(path);
		return CRM_EXIT_DATA;
	}
	if (crm_csv_read(f, table_row, t, &err) < 0) {
		crm_warn("%s: %s", path, err);
		rc = CRM_EXIT_DATA;
	}
	free(err);
	fclose(f);
	free(path);
	return rc;
}

/* A cell of a row by its column's name; NULL when empty or absent. */
static const char *cell(const struct table *t, long r, const char *column)
{
	for (int c = 0; c < t->header.n; c++)
		if (!strcmp(t->header.v[c], column))
			return c < t->rows[r].n && *t->rows[r].v[c] ? t->rows[r].v[c] : NULL;
	return NULL;
}

static int restore_fields(struct crm_ctx *ctx, const char *dir)
{
	struct table t;
	int rc = read_table(dir, "fields", &t);

	for (long r = 0; r < t.n && !rc; r++) {
		const struct crm_entity *ent =
		    crm_entity_find(cell(&t, r, "entity") ? cell(&t, r, "entity") : "");
		int type = crm_type_parse(cell(&t, r, "type") ? cell(&t, r, "type") : "");
		if (!ent || type < 0 || !cell(&t, r, "name")) {
			crm_warn("%s/fields.csv: line %ld: not an entity, a name and a type", dir,
			         t.lines[r]);
			rc = CRM_EXIT_DATA;
		} else if (db_field_add(ctx->db, ent, cell(&t, r, "name"), type,
		                        cell(&t, r, "choices")) < 0) {
			crm_warn("%s/fields.csv: line %ld: %s", dir, t.lines[r], db_error(ctx->db));
			rc = CRM_EXIT_DATA;
		}
	}
	table_release(&t);
	return rc;
}

static int collect_stage(void *arg, const struct db_stage *st)
{
	struct crm_strv *sv = arg;

	crm_strv_push(sv, st->pipeline);
	crm_strv_push(sv, st->name);
	return 0;
}

/* The dump's stages replace the ones a new database starts with. */
static int restore_stages(struct crm_ctx *ctx, const char *dir)
{
	struct crm_strv old = CRM_STRV_INIT;
	struct table t;
	int rc = read_table(dir, "stages", &t);

	if (!rc && db_stages(ctx->db, collect_stage, &old) < 0)
		rc = CRM_EXIT_DB;
	for (int i = 0; i + 1 < old.n && !rc; i += 2)
		if (db_stage_rm(ctx->db, old.v[i], old.v[i + 1]) < 0)
			rc = CRM_EXIT_DB;
	for (long r = 0; r < t.n && !rc; r++) {
		const char *pos = cell(&t, r, "position"), *prob = cell(&t, r, "probability");
		struct db_stage st = {
		    .pipeline = (char *)cell(&t, r, "pipeline"),
		    .name = (char *)cell(&t, r, "name"),
		    .category = (char *)cell(&t, r, "category"),
		    .state = (char *)cell(&t, r, "state"),
		    .position = pos ? atoi(pos) : 0,
		    .probability = prob ? atoi(prob) : 0,
		};
		if (!st.pipeline || !st.name || !st.category || !st.state) {
			crm_warn(
			    "%s/stages.csv: line %ld: a stage needs a pipeline, a name, a category "
			    "and a state",
			    dir, t.lines[r]);
			rc = CRM_EXIT_DATA;
		} else if (db_stage_put(ctx->db, &st) < 0) {
			rc = CRM_EXIT_DB;
		}
	}
	if (rc == CRM_EXIT_DB)
		crm_warn("%s", db_error(ctx->db));
	crm_strv_release(&old);
	table_release(&t);
	return rc;
}

static int restore_rules(struct crm_ctx *ctx, const char *dir)
{
	struct table t;
	int rc = read_table(dir, "rules", &t);

	for (long r = 0; r < t.n && !rc; r++) {
		const char *ent = cell(&t, r, "entity"), *term = cell(&t, r, "term"),
		           *points = cell(&t, r, "points");
		if (!ent || !crm_entity_find(ent) || !term || !points) {
			crm_warn(
			    "%s/rules.csv: line %ld: a rule needs an entity, a term and points",
			    dir, t.lines[r]);
			rc = CRM_EXIT_DATA;
		} else if (db_rule_add(ctx->db, ent, term, atol(points)) < 0) {
			crm_warn("%s", db_error(ctx->db));
			rc = CRM_EXIT_DB;
		}
	}
	table_release(&t);
	return rc;
}

/* Quotas, commission rates and settings, as dump_report_config wrote them. */
static int restore_report_config(struct crm_ctx *ctx, const char *dir)
{
	const char *names[3] = {"quotas", "rates", "settings"};
	int rc = 0;

	for (int i = 0; i < 3 && !rc; i++) {
		struct table t;
		rc = read_table(dir, names[i], &t);
		for (long r = 0; r < t.n && !rc; r++) {
			int bad = 0;
			if (i == 0) {
				const char *amount = cell(&t, r, "amount");
				bad = !cell(&t, r, "owner") || !cell(&t, r, "period") || !amount ||
				      db_quota_set(ctx->db, cell(&t, r, "owner"),
				                   cell(&t, r, "period"), atoll(amount)) < 0;
			} else if (i == 1) {
				bad = !cell(&t, r, "attainment") || !cell(&t, r, "rate") ||
				      db_rate_add(ctx->db, cell(&t, r, "owner"),
				                  cell(&t, r, "attainment"),
				                  cell(&t, r, "rate")) <= 0;
			} else {
				bad = !cell(&t, r, "key") || !cell(&t, r, "value") ||
				      db_setting_set(ctx->db, cell(&t, r, "key"),
				                     cell(&t, r, "value")) < 0;
			}
			if (bad) {
				crm_warn("%s/%s.csv: line %ld: %s", dir, names[i], t.lines[r],
				         db_error(ctx->db) ? db_error(ctx->db)
				                           : "a value is missing");
				rc = CRM_EXIT_DATA;
			}
		}
		table_release(&t);
	}
	return rc;
}

static int restore_row(struct crm_ctx *ctx, const char *dir, const struct table *t, long r)
{
	const struct crm_schema *s = ctx->s;
	char **vals = crm_xcalloc(s->nfields, sizeof(char *)), *err = NULL;
	const char *deleted = cell(t, r, "deleted");
	long long id;
	int rc = 0;

	for (int f = 0; f < s->nfields; f++) {
		const char *v = cell(t, r, s->fields[f].name);
		vals[f] = v ? crm_xstrdup(v) : NULL;
	}
	id = rec_create(ctx, vals, &err);
	if (!id) {
		if (err)
			crm_warn("%s/%s.csv: line %ld: %s", dir, s->ent->name, t->lines[r], err);
		rc = err ? CRM_EXIT_DATA : CRM_EXIT_DB;
	} else if (deleted && db_set_deleted(ctx->db, s, id, deleted) < 0) {
		crm_warn("%s", db_error(ctx->db));
		rc = CRM_EXIT_DB;
	}
	free(err);
	db_row_free(s, vals);
	return rc;
}

static int restore_entity(struct crm_ctx *ctx, const char *dir, const struct crm_entity *ent)
{
	struct crm_ctx sub = rec_other(ctx, ent);
	struct table t;
	int rc = read_table(dir, ent->name, &t);

	for (int c = 0; c < t.header.n && !rc; c++)
		if (strcmp(t.header.v[c], "deleted") &&
		    crm_schema_field(sub.s, t.header.v[c]) < 0) {
			crm_warn("%s/%s.csv: line 1: %s has no field '%s'", dir, ent->name,
			         ent->name, t.header.v[c]);
			rc = CRM_EXIT_DATA;
		}
	for (long r = 0; r < t.n && !rc; r++)
		rc = restore_row(&sub, dir, &t, r);
	ctx->changed += sub.changed;
	table_release(&t);
	return rc;
}

/* 1 if every entity ent refers to comes before position upto of order. */
static int refs_placed(const struct crm_entity *ent, const struct crm_entity **order, int upto)
{
	for (int f = 0; f < ent->nfields; f++) {
		const struct crm_field *fd = &ent->fields[f];
		int placed = fd->type != CRM_T_REF || !strcmp(fd->ref, ent->name);
		for (int i = 0; i < upto && !placed; i++)
			placed = !strcmp(order[i]->name, fd->ref);
		if (!placed)
			return 0;
	}
	return 1;
}

/*
 * The entities in an order where every record's references already exist
 * when it is restored: what the descriptors' reference fields say, so a new
 * entity needs nothing here.  -1 for a cycle.
 */
static int restore_order(const struct crm_entity **order)
{
	int n = 0, total = 0;

	while (crm_entities[total])
		total++;
	while (n < total) {
		int progress = 0;
		for (int e = 0; crm_entities[e]; e++) {
			int done = 0;
			for (int i = 0; i < n && !done; i++)
				done = order[i] == crm_entities[e];
			if (!done && refs_placed(crm_entities[e], order, n)) {
				order[n++] = crm_entities[e];
				progress = 1;
			}
		}
		if (!progress)
			return -1;
	}
	return n;
}

static int count_row(void *arg, const char *const *vals)
{
	(void)vals;
	++*(long *)arg;
	return 1;
}

static int database_empty(struct crm_ctx *ctx)
{
	for (int e = 0; crm_entities[e]; e++) {
		struct crm_filter all = {NULL, 0, 2};
		struct db_query q = {.s = db_schema(ctx->db, crm_entities[e]),
		                     .filter = &all,
		                     .sort_field = -1,
		                     .limit = 1};
		long n = 0;
		if (db_select(ctx->db, &q, count_row, &n) < 0 || n)
			return 0;
	}
	return 1;
}

int crm_verb_restore(struct crm_ctx *ctx, int argc, char **argv)
{
	const struct crm_entity *order[64];
	int n, rc;

	if (argc != 1)
		return cli_usage_error(ctx, "give the directory of a dump");
	if (!database_empty(ctx)) {
		crm_warn("restore needs an empty database; this one has records (use --db NEW.db)");
		return CRM_EXIT_DATA;
	}
	n = restore_order(order);
	if (n < 0) {
		crm_warn("the entities refer to one another in a circle; nothing restored");
		return CRM_EXIT_DATA;
	}
	rc = restore_fields(ctx, argv[0]);
	if (!rc)
		rc = restore_stages(ctx, argv[0]);
	if (!rc)
		rc = restore_rules(ctx, argv[0]);
	if (!rc)
		rc = restore_report_config(ctx, argv[0]);
	for (int i = 0; i < n && !rc; i++)
		rc = restore_entity(ctx, argv[0], order[i]);
	if (!rc && !ctx->o.quiet)
		fprintf(stderr, "%s: restored %ld records from %s\n", crm_progname(), ctx->changed,
		        argv[0]);
	return rc;
}
