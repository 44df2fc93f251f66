/*
 * restore.c - `crm restore DIR`: a dump (dump.c says what its files hold)
 * read back into an empty database as one run: every file checked before
 * anything is written, the configuration first, then the records by id,
 * then what refers to them, each attachment proven by its SHA-256.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <libgen.h>
#include <stdio.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/i18n.h"
#include "domain/service.h"
#include "base/sha256.h"
#include "cli/dump.h"
#include "core/verbs.h"

/* One CSV file read whole: it is configuration or one entity's records. */
struct table {
	const char *dir, *name; /* DIR and the file's name without .csv, for messages */
	struct crm_strv header;
	struct crm_strv *rows;
	long *lines;
	long n;
	int absent; /* an optional file this dump does not have */
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

/*
 * Reads DIR/NAME.csv.  An optional file is one that dumps made before it
 * existed lack (service levels, segments, attachments): absent, it has no rows.
 */
static int read_table(const char *dir, const char *name, int optional, struct table *t)
{
	char *path = crm_xasprintf("%s/%s.csv", dir, name), *err = NULL;
	FILE *f = fopen(path, "r");
	int rc = 0;

	memset(t, 0, sizeof(*t));
	t->dir = dir;
	t->name = name;
	if (!f) {
		if (optional && errno == ENOENT) {
			t->absent = 1;
		} else {
			crm_warn(_("cannot open '%s': %s"), path, strerror(errno));
			rc = CRM_EXIT_DATA;
		}
		free(path);
		return rc;
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

/*
 * Row r has a cell for each column of the header: a row cut short would
 * restore as a record with its last fields empty.
 */
static int row_whole(const struct table *t, long r);

/* A cell of a row by its column's name; NULL when empty or absent. */
static const char *cell(const struct table *t, long r, const char *column)
{
	for (int c = 0; c < t->header.n; c++)
		if (!strcmp(t->header.v[c], column))
			return c < t->rows[r].n && *t->rows[r].v[c] ? t->rows[r].v[c] : NULL;
	return NULL;
}

/* "crm: DIR/NAME.csv: line N: what", for row r (-1: the header). */
static void bad(const struct table *t, long r, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void bad(const struct table *t, long r, const char *fmt, ...)
{
	va_list ap;
	char *what;

	va_start(ap, fmt);
	what = crm_xvasprintf(fmt, ap);
	va_end(ap);
	crm_warn(_("%s/%s.csv: line %ld: %s"), t->dir, t->name, r < 0 ? 1 : t->lines[r], what);
	free(what);
}

static int row_whole(const struct table *t, long r)
{
	if (t->rows[r].n == t->header.n)
		return 0;
	bad(t, r, "%d fields, but the header has %d", t->rows[r].n, t->header.n);
	return CRM_EXIT_DATA;
}

enum cell_kind {
	CELL_TEXT,   /* any UTF-8 text */
	CELL_INT,    /* a whole number, maybe negative */
	CELL_COUNT,  /* a whole number, not negative */
	CELL_NUMBER, /* a decimal number */
	CELL_STAMP,  /* a UTC timestamp */
};

/* A column of a configuration file. */
struct column {
	const char *name;
	enum cell_kind kind;
	int required;
};

enum { MAX_COLUMNS = 12 };

/* The header has the columns the file is made of, and no other: a column renamed by hand would
 * be lost. */
static int check_header(const struct table *t, const struct column *cols, int n)
{
	for (int c = 0; c < t->header.n; c++) {
		int known = 0;
		for (int i = 0; i < n && !known; i++)
			known = !strcmp(cols[i].name, t->header.v[c]);
		if (!known) {
			bad(t, -1, "unknown column '%s'", t->header.v[c]);
			return CRM_EXIT_DATA;
		}
	}
	for (int i = 0; i < n; i++) {
		int there = 0;
		for (int c = 0; c < t->header.n && !there; c++)
			there = !strcmp(cols[i].name, t->header.v[c]);
		if (!there && cols[i].required) {
			bad(t, -1, "no column '%s'", cols[i].name);
			return CRM_EXIT_DATA;
		}
	}
	return 0;
}

static void cells_free(char **v, int n)
{
	for (int i = 0; i < n; i++) {
		free(v[i]);
		v[i] = NULL;
	}
}

/* One cell checked for its kind: its normal form (NULL if empty), or a message in *err. */
static char *cell_value(struct crm_ctx *ctx, const struct column *col, const char *v, char **err)
{
	char *out = NULL;

	*err = NULL;
	switch (col->kind) {
	case CELL_TEXT:
		if (!crm_utf8_valid(v, strlen(v)))
			*err = crm_xasprintf(_("%s: not valid UTF-8"), col->name);
		else
			out = crm_xstrdup(v);
		break;
	case CELL_INT:
	case CELL_COUNT: {
		const char *digits = v + (col->kind == CELL_INT && *v == '-');
		/* 18 digits: what a long long holds whatever they are */
		if (col->kind == CELL_COUNT && *v == '-' && crm_is_uint(v + 1))
			*err = crm_xasprintf(_("%s: below 0 '%s'"), col->name, v);
		else if (!crm_is_uint(digits) || strlen(digits) > 18)
			*err = crm_xasprintf(_("%s: not a whole number '%s'"), col->name, v);
		else
			out = crm_xstrdup(v);
		break;
	}
	case CELL_NUMBER:
	case CELL_STAMP: {
		struct crm_field fd = {.name = col->name,
		                       .type = col->kind == CELL_NUMBER ? CRM_T_NUMBER
		                                                        : CRM_T_TIMESTAMP};
		crm_value_normal(ctx->db, &fd, v, &out, err);
		break;
	}
	}
	return out;
}

/*
 * The cells of row r, one per column, checked and in normal form (malloc'd,
 * NULL when empty): 0, or CRM_EXIT_DATA after a message naming the line and
 * the column.
 */
static int row_cells(struct crm_ctx *ctx, const struct table *t, long r, const struct column *cols,
                     int n, char **out)
{
	int rc = 0;

	for (int i = 0; i < n; i++)
		out[i] = NULL;
	for (int i = 0; i < n && !rc; i++) {
		const char *v = cell(t, r, cols[i].name);
		char *err = NULL;
		if (v)
			out[i] = cell_value(ctx, &cols[i], v, &err);
		if (err) {
			bad(t, r, "%s", err);
			rc = CRM_EXIT_DATA;
		} else if (!out[i] && cols[i].required) {
			bad(t, r, "%s: missing", cols[i].name);
			rc = CRM_EXIT_DATA;
		}
		free(err);
	}
	if (rc)
		cells_free(out, n);
	return rc;
}

/* How one configuration file goes back into the database. */
struct restorer {
	const char *name; /* NAME.csv */
	int optional;     /* older dumps lack it */
	const struct column *cols;
	int ncols;
	int (*begin)(struct crm_ctx *ctx); /* before its rows, if any */
	int (*row)(struct crm_ctx *ctx, const struct table *t, long r, char **v);
	int (*end)(struct crm_ctx *ctx, const struct table *t); /* after them */
};

static int restore_file(struct crm_ctx *ctx, const char *dir, const struct restorer *rs)
{
	char *v[MAX_COLUMNS];
	struct table t;
	int rc = read_table(dir, rs->name, rs->optional, &t);

	if (!rc && !t.absent)
		rc = check_header(&t, rs->cols, rs->ncols);
	if (!rc && !t.absent && rs->begin)
		rc = rs->begin(ctx);
	for (long r = 0; r < t.n && !rc; r++) {
		rc = row_whole(&t, r);
		if (!rc)
			rc = row_cells(ctx, &t, r, rs->cols, rs->ncols, v);
		if (!rc) {
			rc = rs->row(ctx, &t, r, v);
			cells_free(v, rs->ncols);
		}
	}
	if (!rc && !t.absent && rs->end)
		rc = rs->end(ctx, &t);
	table_release(&t);
	return rc;
}

/* A database error: said, and its exit code. */
static int db_failed(struct crm_ctx *ctx)
{
	crm_warn("%s", db_error(ctx->db));
	return CRM_EXIT_DB;
}

static const struct column field_cols[] = {{"entity", CELL_TEXT, 1},
                                           {"name", CELL_TEXT, 1},
                                           {"type", CELL_TEXT, 1},
                                           {"choices", CELL_TEXT, 0}};

static int field_in(struct crm_ctx *ctx, const struct table *t, long r, char **v)
{
	const struct crm_entity *ent = crm_entity_find(v[0]);
	int type = crm_type_parse(v[2]);

	if (!ent) {
		bad(t, r, "entity: no entity '%s'", v[0]);
		return CRM_EXIT_DATA;
	}
	if (type < 0) {
		bad(t, r, "type: no type '%s'", v[2]);
		return CRM_EXIT_DATA;
	}
	if (db_field_add(ctx->db, ent, v[1], type, v[3]) < 0) {
		bad(t, r, "%s", db_error(ctx->db));
		return CRM_EXIT_DATA;
	}
	return 0;
}

static const struct column stage_cols[] = {
    {"pipeline", CELL_TEXT, 1},     {"name", CELL_TEXT, 1},     {"position", CELL_COUNT, 1},
    {"probability", CELL_COUNT, 1}, {"category", CELL_TEXT, 1}, {"state", CELL_TEXT, 1}};

static int collect_stage(void *arg, const struct db_stage *st)
{
	struct crm_strv *sv = arg;

	crm_strv_push(sv, st->pipeline);
	crm_strv_push(sv, st->name);
	return 0;
}

/* The dump's stages replace the ones a new database starts with. */
static int stages_begin(struct crm_ctx *ctx)
{
	struct crm_strv old = CRM_STRV_INIT;
	int rc = db_stages(ctx->db, collect_stage, &old) < 0 ? CRM_EXIT_DB : 0;

	for (int i = 0; i + 1 < old.n && !rc; i += 2)
		if (db_stage_rm(ctx->db, old.v[i], old.v[i + 1]) < 0)
			rc = CRM_EXIT_DB;
	crm_strv_release(&old);
	return rc ? db_failed(ctx) : 0;
}

static int stage_in(struct crm_ctx *ctx, const struct table *t, long r, char **v)
{
	struct db_stage st = {v[0], v[1], v[4], v[5], atoi(v[2]), atoi(v[3])}, had = {0};
	int found;

	if (strlen(v[3]) > 3 || st.probability > 100) {
		bad(t, r, "probability: more than 100 '%s'", v[3]);
		return CRM_EXIT_DATA;
	}
	if (strcmp(st.state, "open") && strcmp(st.state, "won") && strcmp(st.state, "lost")) {
		bad(t, r, "state: not open, won or lost '%s'", st.state);
		return CRM_EXIT_DATA;
	}
	found = db_stage_get(ctx->db, st.pipeline, st.name, &had);
	db_stage_release(&had);
	if (found == 0) {
		bad(t, r, "name: stage '%s' of pipeline '%s' is there twice", st.name, st.pipeline);
		return CRM_EXIT_DATA;
	}
	if (found < 0 || db_stage_put(ctx->db, &st) < 0)
		return db_failed(ctx);
	return 0;
}

static const struct column rule_cols[] = {
    {"entity", CELL_TEXT, 1}, {"term", CELL_TEXT, 1}, {"points", CELL_INT, 1}};

static int rule_in(struct crm_ctx *ctx, const struct table *t, long r, char **v)
{
	if (!crm_entity_find(v[0])) {
		bad(t, r, "entity: no entity '%s'", v[0]);
		return CRM_EXIT_DATA;
	}
	return db_rule_add(ctx->db, v[0], v[1], atol(v[2])) < 0 ? db_failed(ctx) : 0;
}

/* A dump made before quotas had a currency has no such column: they were in EUR. */
static const struct column quota_cols[] = {{"owner", CELL_TEXT, 1},
                                           {"period", CELL_TEXT, 1},
                                           {"amount", CELL_INT, 1},
                                           {"currency", CELL_TEXT, 0}};

static int quota_in(struct crm_ctx *ctx, const struct table *t, long r, char **v)
{
	if (v[3] && (strlen(v[3]) != 3 || strspn(v[3], "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != 3)) {
		bad(t, r, "currency: not a currency code like EUR '%s'", v[3]);
		return CRM_EXIT_DATA;
	}
	return db_quota_set(ctx->db, v[0], v[1], v[3] ? v[3] : "EUR", atoll(v[2])) < 0
	           ? db_failed(ctx)
	           : 0;
}

static const struct column rate_cols[] = {
    {"owner", CELL_TEXT, 0}, {"attainment", CELL_NUMBER, 1}, {"rate", CELL_NUMBER, 1}};

static int rate_in(struct crm_ctx *ctx, const struct table *t, long r, char **v)
{
	(void)t, (void)r;
	return db_rate_add(ctx->db, v[0], v[1], v[2]) <= 0 ? db_failed(ctx) : 0;
}

static const struct column setting_cols[] = {{"key", CELL_TEXT, 1}, {"value", CELL_TEXT, 1}};

static int setting_in(struct crm_ctx *ctx, const struct table *t, long r, char **v)
{
	(void)t, (void)r;
	return db_setting_set(ctx->db, v[0], v[1]) < 0 ? db_failed(ctx) : 0;
}

static const struct column sla_cols[] = {
    {"priority", CELL_TEXT, 1}, {"respond", CELL_COUNT, 1}, {"resolve", CELL_COUNT, 1}};

static int collect_sla(void *arg, const char *priority, long respond, long resolve)
{
	(void)respond, (void)resolve;
	crm_strv_push(arg, priority);
	return 0;
}

/* The dump's service levels replace the ones a new database starts with. */
static int slas_begin(struct crm_ctx *ctx)
{
	struct crm_strv old = CRM_STRV_INIT;
	int rc = db_slas(ctx->db, collect_sla, &old) < 0 ? CRM_EXIT_DB : 0;

	for (int i = 0; i < old.n && !rc; i++)
		if (db_sla_rm(ctx->db, old.v[i]) < 0)
			rc = CRM_EXIT_DB;
	crm_strv_release(&old);
	return rc ? db_failed(ctx) : 0;
}

/* A priority a case can have, checked as crm-case sla set checks it. */
static int sla_in(struct crm_ctx *ctx, const struct table *t, long r, char **v)
{
	const struct crm_schema *cs = db_schema(ctx->db, &crm_entity_case);
	long respond = atol(v[1]), resolve = atol(v[2]), a, b;
	char *prio = NULL, *err = NULL;
	const char *problem = NULL;
	int rc = 0, had = 0;

	if (crm_value_normal(ctx->db, &cs->fields[crm_schema_field(cs, "priority")], v[0], &prio,
	                     &err) < 0 ||
	    !prio) {
		bad(t, r, "%s", err ? err : "priority: missing");
		rc = CRM_EXIT_DATA;
	} else if ((problem = sla_problem(respond, resolve))) {
		bad(t, r, "respond, resolve: %s", problem);
		rc = CRM_EXIT_DATA;
	} else if ((had = db_sla_get(ctx->db, prio, &a, &b)) == 0) {
		bad(t, r, "priority: '%s' is there twice", prio);
		rc = CRM_EXIT_DATA;
	} else if (had < 0 || db_sla_put(ctx->db, prio, respond, resolve) < 0) {
		rc = db_failed(ctx);
	}
	free(prio);
	free(err);
	return rc;
}

static const struct column segment_cols[] = {{"name", CELL_TEXT, 1},
                                             {"entity", CELL_TEXT, 1},
                                             {"filter", CELL_TEXT, 1},
                                             {"owner", CELL_TEXT, 0},
                                             {"created", CELL_STAMP, 1}};

static int segment_in(struct crm_ctx *ctx, const struct table *t, long r, char **v)
{
	const struct crm_entity *ent = crm_entity_find(v[1]);
	struct db_segment sg = {v[0], v[1], v[2], v[3], v[4]};
	struct crm_strv words = CRM_STRV_INIT;
	char *e = NULL, *f = NULL;
	int rc = 0, had;

	if (!segment_name_valid(v[0])) {
		bad(t, r, "name: use letters, digits, '-', '_' and '.' '%s'", v[0]);
		rc = CRM_EXIT_DATA;
	} else if (!ent || ent->part_of) {
		bad(t, r, "entity: no entity '%s' to keep segments of", v[1]);
		rc = CRM_EXIT_DATA;
	} else if (crm_split_words(v[2], &words) < 0) {
		bad(t, r, "filter: a quote is not closed in '%s'", v[2]);
		rc = CRM_EXIT_DATA;
	} else if ((had = db_segment_get(ctx->db, v[0], &e, &f)) == 0) {
		bad(t, r, "name: segment '%s' is there twice", v[0]);
		rc = CRM_EXIT_DATA;
	} else if (had < 0 || db_segment_put(ctx->db, &sg) < 0) {
		rc = db_failed(ctx);
	}
	crm_strv_release(&words);
	free(e);
	free(f);
	return rc;
}

/*
 * Once every segment is in (one may name another), each filter is parsed.
 * A filter that no longer parses (a segment or field it names was removed)
 * was kept so in the database that was dumped: it is restored as it is, and
 * said.
 */
static int segments_end(struct crm_ctx *ctx, const struct table *t)
{
	for (long r = 0; r < t->n; r++) {
		char *err = NULL;
		int rc = segment_check(ctx, crm_entity_find(cell(t, r, "entity")),
		                       cell(t, r, "filter"), NULL, &err);
		if (rc == CRM_EXIT_DB) {
			crm_warn("%s", err);
			free(err);
			return rc;
		}
		if (rc)
			bad(t, r, "filter: %s (restored as it is)", err ? err : "empty");
		free(err);
	}
	return 0;
}

static const struct column attachment_cols[] = {
    {"id", CELL_COUNT, 1},    {"entity", CELL_TEXT, 1}, {"record", CELL_COUNT, 1},
    {"name", CELL_TEXT, 1},   {"type", CELL_TEXT, 0},   {"size", CELL_COUNT, 1},
    {"sha256", CELL_TEXT, 1}, {"added", CELL_STAMP, 1}, {"who", CELL_TEXT, 0}};

static int seen_attachment(void *arg, const struct db_attachment *a)
{
	(void)a;
	*(int *)arg = 1;
	return 1;
}

/* 1 if the dump restored record id of ent, deleted or not. */
static int record_exists(struct crm_ctx *ctx, const struct crm_entity *ent, long long id)
{
	char *deleted = NULL;
	char **row = db_get(ctx->db, db_schema(ctx->db, ent), id, &deleted);

	if (row)
		db_row_free(db_schema(ctx->db, ent), row);
	free(deleted);
	return row != NULL;
}

/* Its bytes from DIR/attachments/SHA256, proved to be the ones the index names. */
static int attach_file(struct crm_ctx *ctx, const struct table *t, long r,
                       const struct db_attachment *a)
{
	char *path = crm_xasprintf("%s/attachments/%s", t->dir, a->sha256);
	FILE *in = fopen(path, "rb");
	struct stat sb;
	char sha[65], id[24];
	int rc = 0;

	if (!in || fstat(fileno(in), &sb) < 0) {
		bad(t, r, "sha256: cannot open '%s': %s", path, strerror(errno));
		rc = CRM_EXIT_DATA;
	} else if (sb.st_size != a->size) {
		bad(t, r, "size: %lld, but '%s' holds %lld bytes", a->size, path,
		    (long long)sb.st_size);
		rc = CRM_EXIT_DATA;
	} else if (!db_attach(ctx->db, a, in, sha)) {
		rc = db_failed(ctx);
	} else if (strcmp(sha, a->sha256)) {
		bad(t, r, "sha256: '%s' holds other bytes (their SHA-256 is %s)", path, sha);
		rc = CRM_EXIT_DATA;
	} else {
		/* logged as crm attach logs it: undo takes the restore back with its files */
		snprintf(id, sizeof(id), "%lld", a->id);
		if (db_log(ctx->db, a->entity, a->record, "attach", a->name, NULL, id) < 0)
			rc = db_failed(ctx);
	}
	if (in)
		fclose(in);
	free(path);
	return rc;
}

static int attachment_in(struct crm_ctx *ctx, const struct table *t, long r, char **v)
{
	struct db_attachment a = {.id = atoll(v[0]),
	                          .entity = v[1],
	                          .record = atoll(v[2]),
	                          .name = v[3],
	                          .type = v[4],
	                          .size = atoll(v[5]),
	                          .sha256 = v[6],
	                          .added = v[7],
	                          .who = v[8]};
	int seen = 0;

	if (!crm_entity_find(v[1])) {
		bad(t, r, "entity: no entity '%s'", v[1]);
		return CRM_EXIT_DATA;
	}
	if (!dump_is_sha256(v[6])) {
		bad(t, r, "sha256: not 64 hexadecimal digits '%s'", v[6]);
		return CRM_EXIT_DATA;
	}
	if (strchr(v[3], '/')) {
		bad(t, r, "name: a file name, without '/' '%s'", v[3]);
		return CRM_EXIT_DATA;
	}
	if (!record_exists(ctx, crm_entity_find(v[1]), a.record)) {
		bad(t, r, "record: no %s %lld", v[1], a.record);
		return CRM_EXIT_DATA;
	}
	if (db_attachments(ctx->db, NULL, a.id, seen_attachment, &seen) < 0)
		return db_failed(ctx);
	if (seen) {
		bad(t, r, "id: attachment %lld is there twice", a.id);
		return CRM_EXIT_DATA;
	}
	return attach_file(ctx, t, r, &a);
}

#define COLS(c) c, (int)(sizeof(c) / sizeof(c[0]))

/* The configuration, before the records: custom fields first, as the records have them. */
static const struct restorer config_files[] = {
    {"fields", 0, COLS(field_cols), NULL, field_in, NULL},
    {"stages", 0, COLS(stage_cols), stages_begin, stage_in, NULL},
    {"rules", 0, COLS(rule_cols), NULL, rule_in, NULL},
    {"quotas", 0, COLS(quota_cols), NULL, quota_in, NULL},
    {"rates", 0, COLS(rate_cols), NULL, rate_in, NULL},
    {"settings", 0, COLS(setting_cols), NULL, setting_in, NULL},
    {"slas", 1, COLS(sla_cols), slas_begin, sla_in, NULL},
};

/*
 * After the records: a segment's filter may name one (account=Acme), and
 * an attachment belongs to one.
 */
static const struct restorer after_records[] = {
    {"segments", 1, COLS(segment_cols), NULL, segment_in, segments_end},
    {"attachments", 1, COLS(attachment_cols), NULL, attachment_in, NULL},
};

/*
 * A dumped value checked as import checks what a person types: the
 * stored text is kept, but what import would refuse (bad UTF-8, a date that
 * is none, a reference to no record) is refused here.  Stamps and dates are
 * in their one stored form.
 */
static int record_exists(struct crm_ctx *ctx, const struct crm_entity *ent, long long id);

/*
 * A reference holds the id of a record restored before it, deleted or not
 * (a task of a deleted contact).  One to a record of its own entity may
 * name a later one: the foreign key checks it.
 */
static int ref_ok(struct crm_ctx *ctx, const struct crm_field *fd, const char *v, char **err)
{
	if (!crm_is_uint(v) || strlen(v) > 18)
		*err = crm_xasprintf(_("%s: not a record number '%s'"), fd->name, v);
	else if (strcmp(fd->ref, ctx->ent->name) &&
	         !record_exists(ctx, crm_entity_find(fd->ref), atoll(v)))
		*err = crm_xasprintf(_("%s: no %s %s"), fd->name, fd->ref, v);
	return *err ? -1 : 0;
}

static int value_ok(struct crm_ctx *ctx, const struct crm_field *fd, const char *v, char **err)
{
	char *normal = NULL;
	int rc = fd->type == CRM_T_REF ? ref_ok(ctx, fd, v, err)
	                               : crm_value_normal(ctx->db, fd, v, &normal, err);

	if (!rc && (fd->type == CRM_T_TIMESTAMP || fd->type == CRM_T_DATE) && normal &&
	    strcmp(normal, v)) {
		*err = crm_xasprintf(_("%s: not in the form %s '%s'"), fd->name,
		                     fd->type == CRM_T_DATE ? "YYYY-MM-DD" : "YYYY-MM-DDTHH:MM:SSZ",
		                     v);
		rc = -1;
	}
	free(normal);
	return rc;
}

/* The values of row r, checked: 0, or CRM_EXIT_DATA after a message naming the line. */
static int row_values(struct crm_ctx *ctx, const struct table *t, long r, char **vals)
{
	const struct crm_schema *s = ctx->s;
	const struct crm_field stamp = {.name = "deleted", .type = CRM_T_TIMESTAMP};
	const char *deleted = cell(t, r, "deleted");
	char *err = NULL;

	for (int f = 0; f < s->nfields && !err; f++) {
		const char *v = cell(t, r, s->fields[f].name);
		if (v && value_ok(ctx, &s->fields[f], v, &err) == 0)
			vals[f] = crm_xstrdup(v);
	}
	if (!err && deleted)
		value_ok(ctx, &stamp, deleted, &err);
	if (!err)
		return 0;
	bad(t, r, "%s", err);
	free(err);
	return CRM_EXIT_DATA;
}

static int restore_row(struct crm_ctx *ctx, const struct table *t, long r)
{
	const struct crm_schema *s = ctx->s;
	char **vals = crm_xcalloc(s->nfields, sizeof(char *)), *err = NULL;
	const char *deleted = cell(t, r, "deleted");
	long long id;
	int rc = row_whole(t, r);

	if (!rc)
		rc = row_values(ctx, t, r, vals);

	if (!rc && !(id = rec_restore(ctx, vals, &err))) {
		if (err)
			bad(t, r, "%s", err);
		rc = err ? CRM_EXIT_DATA : CRM_EXIT_DB;
	} else if (!rc && deleted && db_set_deleted(ctx->db, s, id, deleted) < 0) {
		rc = db_failed(ctx);
	}
	free(err);
	db_row_free(s, vals);
	return rc;
}

static int restore_entity(struct crm_ctx *ctx, const char *dir, const struct crm_entity *ent)
{
	struct crm_ctx sub = rec_other(ctx, ent);
	struct table t;
	int rc = read_table(dir, ent->name, 0, &t);

	for (int c = 0; c < t.header.n && !rc; c++)
		if (strcmp(t.header.v[c], "deleted") &&
		    crm_schema_field(sub.s, t.header.v[c]) < 0) {
			crm_warn(_("%s/%s.csv: line 1: %s has no field '%s'"), dir,
			         crm_noun(ent, 1), crm_noun(ent, 1), t.header.v[c]);
			rc = CRM_EXIT_DATA;
		}
	for (long r = 0; r < t.n && !rc; r++)
		rc = restore_row(&sub, &t, r);
	ctx->changed = sub.changed; /* sub started from ctx's count */
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

/* A file the manifest may name: a dump's own, never a path elsewhere. */
static int dump_file_name(const char *file)
{
	size_t n = strlen(file);
	char *name = n > 4 && !strcmp(file + n - 4, ".csv") ? crm_xstrndup(file, n - 4) : NULL;
	int known = name && !strcmp(name, "attachments");

	for (size_t i = 0; name && i < DUMP_NCONFIG; i++)
		known |= !strcmp(name, dump_config_names[i]);
	for (int e = 0; name && crm_entities[e]; e++)
		known |= !strcmp(name, crm_entities[e]->name);
	free(name);
	return known;
}

/* One line of the manifest against the file it names. */
static int verify_seal(const struct table *m, long r)
{
	const char *file = cell(m, r, "file"), *rows = cell(m, r, "rows"),
	           *sha = cell(m, r, "sha256");
	char *name, *err = NULL, got_sha[65];
	long got_rows;
	int rc = 0;

	if (!file || !rows || !sha) {
		bad(m, r, "file, rows, sha256: missing");
		return CRM_EXIT_DATA;
	}
	if (!dump_file_name(file)) {
		bad(m, r, "file: not a file of a dump '%s'", file);
		return CRM_EXIT_DATA;
	}
	name = crm_xstrndup(file, strlen(file) - 4);
	if (dump_file_seal(m->dir, name, &got_rows, got_sha, &err) < 0) {
		bad(m, r, "file: %s", err);
		rc = CRM_EXIT_DATA;
	} else if (!crm_is_uint(rows) || got_rows != atol(rows)) {
		bad(m, r, "rows: %s holds %ld records, the manifest says '%s'", file, got_rows,
		    rows);
		rc = CRM_EXIT_DATA;
	} else if (strcmp(got_sha, sha)) {
		bad(m, r, "sha256: %s is not the file dumped (its SHA-256 is %s)", file, got_sha);
		rc = CRM_EXIT_DATA;
	}
	free(err);
	free(name);
	return rc;
}

/*
 * Before anything is written: every file the manifest names holds the
 * records and the bytes it had when it was dumped, so a dump cut short or
 * changed since is refused whole.  Dumps made before manifests are taken as
 * they are, and said.
 */
static int verify_manifest(const char *dir, int *unsealed)
{
	static const struct column cols[] = {
	    {"file", CELL_TEXT, 1}, {"rows", CELL_COUNT, 1}, {"sha256", CELL_TEXT, 1}};
	struct table m;
	int rc = read_table(dir, "manifest", 1, &m);

	*unsealed = m.absent;
	if (!rc && !m.absent)
		rc = check_header(&m, cols, 3);
	if (!rc && !m.absent && m.header.n != 3) {
		bad(&m, -1, "the columns are file,rows,sha256");
		rc = CRM_EXIT_DATA;
	}
	for (long r = 0; r < m.n && !rc; r++)
		rc = row_whole(&m, r) ? CRM_EXIT_DATA : verify_seal(&m, r);
	table_release(&m);
	return rc;
}

int crm_verb_restore(struct crm_ctx *ctx, int argc, char **argv)
{
	const struct crm_entity *order[64];
	int n, rc = 0, unsealed = 0;

	if (argc != 1)
		return cli_usage_error(ctx, _("give the directory of a dump"));
	if (!database_empty(ctx)) {
		crm_warn(
		    _("restore needs an empty database; this one has records (use --db NEW.db)"));
		return CRM_EXIT_DATA;
	}
	rc = verify_manifest(argv[0], &unsealed);
	if (rc)
		return rc;
	n = restore_order(order);
	if (n < 0) {
		crm_warn(_("the entities refer to one another in a circle; nothing restored"));
		return CRM_EXIT_DATA;
	}
	for (size_t i = 0; i < sizeof(config_files) / sizeof(config_files[0]) && !rc; i++)
		rc = restore_file(ctx, argv[0], &config_files[i]);
	for (int i = 0; i < n && !rc; i++)
		rc = restore_entity(ctx, argv[0], order[i]);
	for (size_t i = 0; i < sizeof(after_records) / sizeof(after_records[0]) && !rc; i++)
		rc = restore_file(ctx, argv[0], &after_records[i]);
	if (!rc && unsealed)
		crm_warn(_("%s has no manifest.csv (an older dump): it could not be checked whole"),
		         argv[0]);
	if (!rc && !ctx->o.quiet)
		fprintf(stderr,
		        P_("%s: restored %ld record from %s\n",
		           "%s: restored %ld records from %s\n", ctx->changed),
		        crm_progname(), ctx->changed, argv[0]);
	return rc;
}
