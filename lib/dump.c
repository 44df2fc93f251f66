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
 *   slas.csv     case service levels: priority,respond,resolve (seconds)
 *   segments.csv saved filters: name,entity,filter,owner,created
 *   ENTITY.csv   every record, deleted ones too: its fields, then deleted;
 *                references as ids, so nothing depends on names being unique
 *   attachments.csv and attachments/SHA256   files records carry: the index
 *                (id,entity,record,name,type,size,sha256,added,who), and each
 *                file's bytes named by their SHA-256, so that the same file
 *                attached twice is written once and a restore can prove it
 *                got the bytes the index names
 *
 * Search indexes, phone keys and last touches are worked out again from the
 * records.  The change log is not dumped: a restore is one new run, which
 * crm undo takes back.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "service.h"
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

static int sla_row(void *arg, const char *priority, long respond, long resolve)
{
	char a[24], b[24];
	const char *row[3] = {priority, a, b};

	snprintf(a, sizeof(a), "%ld", respond);
	snprintf(b, sizeof(b), "%ld", resolve);
	crm_csv_write_record(arg, row, 3);
	return 0;
}

/* The service levels in seconds: exact, where "1d 2h" would round. */
static int dump_slas(struct crm_ctx *ctx, const char *dir)
{
	const char *header[3] = {"priority", "respond", "resolve"};
	FILE *f = open_out(dir, "slas");
	int rc;

	if (!f)
		return CRM_EXIT_DB;
	crm_csv_write_record(f, header, 3);
	rc = db_slas(ctx->db, sla_row, f) < 0 ? CRM_EXIT_DB : 0;
	if (rc)
		crm_warn("%s", db_error(ctx->db));
	return close_out(f, dir, "slas") || rc ? CRM_EXIT_DB : 0;
}

static int segment_row(void *arg, const struct db_segment *sg)
{
	const char *row[5] = {sg->name, sg->entity, sg->filter, sg->owner, sg->created};

	crm_csv_write_record(arg, row, 5);
	return 0;
}

static int dump_segments(struct crm_ctx *ctx, const char *dir)
{
	const char *header[5] = {"name", "entity", "filter", "owner", "created"};
	FILE *f = open_out(dir, "segments");
	int rc;

	if (!f)
		return CRM_EXIT_DB;
	crm_csv_write_record(f, header, 5);
	rc = db_segments(ctx->db, NULL, segment_row, f) < 0 ? CRM_EXIT_DB : 0;
	if (rc)
		crm_warn("%s", db_error(ctx->db));
	return close_out(f, dir, "segments") || rc ? CRM_EXIT_DB : 0;
}

struct attach_out {
	struct crm_ctx *ctx;
	const char *dir;
	FILE *f;
	struct crm_strv files; /* the SHA-256 names written */
	int rc;
};

/* Writes one attachment's bytes to DIR/attachments/SHA256. */
static int write_attachment(struct attach_out *o, const struct db_attachment *a)
{
	char *sub = crm_xasprintf("%s/attachments", o->dir);
	char *path = crm_xasprintf("%s/%s", sub, a->sha256);
	FILE *f = NULL;
	int rc = 0, r = 0;

	if (mkdir(sub, 0700) < 0 && errno != EEXIST) {
		crm_warn("cannot create '%s': %s", sub, strerror(errno));
		rc = CRM_EXIT_DB;
	} else if (!(f = fopen(path, "w"))) {
		crm_warn("cannot create '%s': %s", path, strerror(errno));
		rc = CRM_EXIT_DB;
	} else if ((r = db_attachment_get(o->ctx->db, a->id, f)) != 0) {
		if (ferror(f))
			crm_warn("%s: %s", path, strerror(errno));
		else
			crm_warn("attachment %lld: %s", a->id,
			         r < 0 ? db_error(o->ctx->db) : "its bytes are gone");
		rc = CRM_EXIT_DB;
	}
	if (f && fclose(f) != 0 && !rc) {
		crm_warn("%s: %s", path, strerror(errno));
		rc = CRM_EXIT_DB;
	}
	free(path);
	free(sub);
	return rc;
}

static int attachment_row(void *arg, const struct db_attachment *a)
{
	struct attach_out *o = arg;
	char id[24], record[24], size[24];
	const char *row[9] = {id,   a->entity, record,   a->name, a->type,
	                      size, a->sha256, a->added, a->who};

	snprintf(id, sizeof(id), "%lld", a->id);
	snprintf(record, sizeof(record), "%lld", a->record);
	snprintf(size, sizeof(size), "%lld", a->size);
	crm_csv_write_record(o->f, row, 9);
	o->rc = write_attachment(o, a);
	crm_strv_push(&o->files, a->sha256);
	return o->rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int is_sha256(const char *s)
{
	return strlen(s) == 64 && strspn(s, "0123456789abcdef") == 64;
}

/*
 * Removes from DIR/attachments the files of attachments the database no
 * longer has, so that a dump kept in git shows them gone; other files are
 * left alone.
 */
static int prune_attachments(const char *dir, struct crm_strv *files)
{
	char *sub = crm_xasprintf("%s/attachments", dir);
	DIR *d = opendir(sub);
	struct dirent *e;
	int rc = 0;

	if (files->n)
		qsort(files->v, files->n, sizeof(char *), cmp_str);
	while (d && !rc && (e = readdir(d))) {
		const char *name = e->d_name;
		if (!is_sha256(name) ||
		    (files->n && bsearch(&name, files->v, files->n, sizeof(char *), cmp_str)))
			continue;
		char *path = crm_xasprintf("%s/%s", sub, name);
		if (unlink(path) < 0) {
			crm_warn("cannot remove '%s': %s", path, strerror(errno));
			rc = CRM_EXIT_DB;
		}
		free(path);
	}
	if (d)
		closedir(d);
	free(sub);
	return rc;
}

static int dump_attachments(struct crm_ctx *ctx, const char *dir)
{
	const char *header[9] = {"id",   "entity", "record", "name", "type",
	                         "size", "sha256", "added",  "who"};
	struct attach_out o = {ctx, dir, open_out(dir, "attachments"), CRM_STRV_INIT, 0};

	if (!o.f)
		return CRM_EXIT_DB;
	crm_csv_write_record(o.f, header, 9);
	if (db_attachments(ctx->db, NULL, 0, attachment_row, &o) < 0 && !o.rc) {
		crm_warn("%s", db_error(ctx->db));
		o.rc = CRM_EXIT_DB;
	}
	if (close_out(o.f, dir, "attachments"))
		o.rc = CRM_EXIT_DB;
	if (!o.rc)
		o.rc = prune_attachments(dir, &o.files);
	crm_strv_release(&o.files);
	return o.rc;
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
	if (!rc)
		rc = dump_slas(ctx, argv[0]);
	if (!rc)
		rc = dump_segments(ctx, argv[0]);
	for (int e = 0; crm_entities[e] && !rc; e++)
		rc = dump_entity(ctx, argv[0], crm_entities[e]);
	if (!rc)
		rc = dump_attachments(ctx, argv[0]);
	if (!rc && !ctx->o.quiet)
		fprintf(stderr, "%s: dumped to %s\n", crm_progname(), argv[0]);
	return rc;
}

/* --------------------------------------------------------------- restore */

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
			crm_warn("cannot open '%s': %s", path, strerror(errno));
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
	crm_warn("%s/%s.csv: line %ld: %s", t->dir, t->name, r < 0 ? 1 : t->lines[r], what);
	free(what);
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
			*err = crm_xasprintf("%s: not valid UTF-8", col->name);
		else
			out = crm_xstrdup(v);
		break;
	case CELL_INT:
	case CELL_COUNT: {
		const char *digits = v + (col->kind == CELL_INT && *v == '-');
		/* 18 digits: what a long long holds whatever they are */
		if (col->kind == CELL_COUNT && *v == '-' && crm_is_uint(v + 1))
			*err = crm_xasprintf("%s: below 0 '%s'", col->name, v);
		else if (!crm_is_uint(digits) || strlen(digits) > 18)
			*err = crm_xasprintf("%s: not a whole number '%s'", col->name, v);
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

static const struct column quota_cols[] = {
    {"owner", CELL_TEXT, 1}, {"period", CELL_TEXT, 1}, {"amount", CELL_INT, 1}};

static int quota_in(struct crm_ctx *ctx, const struct table *t, long r, char **v)
{
	(void)t, (void)r;
	return db_quota_set(ctx->db, v[0], v[1], atoll(v[2])) < 0 ? db_failed(ctx) : 0;
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
	if (!is_sha256(v[6])) {
		bad(t, r, "sha256: not 64 hexadecimal digits '%s'", v[6]);
		return CRM_EXIT_DATA;
	}
	if (strchr(v[3], '/')) {
		bad(t, r, "name: a file name, without '/' '%s'", v[3]);
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
	int rc = read_table(dir, ent->name, 0, &t);

	for (int c = 0; c < t.header.n && !rc; c++)
		if (strcmp(t.header.v[c], "deleted") &&
		    crm_schema_field(sub.s, t.header.v[c]) < 0) {
			crm_warn("%s/%s.csv: line 1: %s has no field '%s'", dir, ent->name,
			         ent->name, t.header.v[c]);
			rc = CRM_EXIT_DATA;
		}
	for (long r = 0; r < t.n && !rc; r++)
		rc = restore_row(&sub, dir, &t, r);
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

int crm_verb_restore(struct crm_ctx *ctx, int argc, char **argv)
{
	const struct crm_entity *order[64];
	int n, rc = 0;

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
	for (size_t i = 0; i < sizeof(config_files) / sizeof(config_files[0]) && !rc; i++)
		rc = restore_file(ctx, argv[0], &config_files[i]);
	for (int i = 0; i < n && !rc; i++)
		rc = restore_entity(ctx, argv[0], order[i]);
	for (size_t i = 0; i < sizeof(after_records) / sizeof(after_records[0]) && !rc; i++)
		rc = restore_file(ctx, argv[0], &after_records[i]);
	if (!rc && !ctx->o.quiet)
		fprintf(stderr, "%s: restored %ld records from %s\n", crm_progname(), ctx->changed,
		        argv[0]);
	return rc;
}
