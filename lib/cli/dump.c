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
#include "core/verbs.h"

/*
 * A new file of a dump, 0600: it holds personal data.  Dumps are written
 * into a fresh directory of their own, so O_EXCL and O_NOFOLLOW refuse
 * whatever is already there, a planted symbolic link included.
 */
static FILE *create_private(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	FILE *f = fd < 0 ? NULL : fdopen(fd, "w");

	if (!f) {
		crm_warn(_("cannot create '%s': %s"), path, strerror(errno));
		if (fd >= 0)
			close(fd);
	}
	return f;
}

static FILE *open_out(const char *dir, const char *name)
{
	char *path = crm_xasprintf("%s/%s.csv", dir, name);
	FILE *f = create_private(path);

	free(path);
	return f;
}

/* Flushed to the disk before the dump is renamed into place. */
static int close_private(FILE *f)
{
	int rc = fflush(f) != 0 || fsync(fileno(f)) != 0;

	return fclose(f) != 0 || rc ? -1 : 0;
}

static int close_out(FILE *f, const char *dir, const char *name)
{
	if (close_private(f) != 0) {
		crm_warn(_("%s/%s.csv: %s"), dir, name, strerror(errno));
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
	static const char *const quota[] = {"owner", "period", "currency", "amount"};
	static const char *const rate[] = {"owner", "attainment", "rate"};
	static const char *const setting[] = {"key", "value"};
	int rc = dump_listing(ctx, dir, "quotas", quota, 4, 0, db_quotas);

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

	for (int i = 0; i < o->files.n; i++)
		if (!strcmp(o->files.v[i], a->sha256))
			goto done; /* the same bytes, attached twice, are written once */
	if (mkdir(sub, 0700) < 0 && errno != EEXIST) {
		crm_warn(_("cannot create '%s': %s"), sub, strerror(errno));
		rc = CRM_EXIT_DB;
	} else if (!(f = create_private(path))) {
		rc = CRM_EXIT_DB;
	} else if ((r = db_attachment_get(o->ctx->db, a->id, f)) != 0) {
		if (ferror(f))
			crm_warn("%s: %s", path, strerror(errno));
		else
			crm_warn(_("attachment %lld: %s"), a->id,
			         r < 0 ? db_error(o->ctx->db) : "its bytes are gone");
		rc = CRM_EXIT_DB;
	}
	if (f && close_private(f) != 0 && !rc) {
		crm_warn("%s: %s", path, strerror(errno));
		rc = CRM_EXIT_DB;
	}
done:
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

static int is_sha256(const char *s)
{
	return strlen(s) == 64 && strspn(s, "0123456789abcdef") == 64;
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

/* The files of a dump, in the order they are written and restored. */
static const char *const config_names[] = {"fields", "stages",   "rules", "quotas",
                                           "rates",  "settings", "slas",  "segments"};

static int count_record(void *arg, char **fields, int n, long line)
{
	(void)fields, (void)n, (void)line;
	++*(long *)arg;
	return 0;
}

/*
 * What the manifest says of DIR/NAME.csv: its records after the header and
 * the SHA-256 of its bytes.  0, or -1 with *err.
 */
static int file_seal(const char *dir, const char *name, long *rows, char sha[65], char **err)
{
	char *path = crm_xasprintf("%s/%s.csv", dir, name), buf[65536];
	FILE *f = fopen(path, "rb");
	struct crm_sha256 c;
	size_t got;
	int rc = 0;

	*rows = -1;
	*err = NULL;
	if (!f) {
		*err = crm_xasprintf(_("cannot open '%s': %s"), path, strerror(errno));
		free(path);
		return -1;
	}
	crm_sha256_init(&c);
	while ((got = fread(buf, 1, sizeof(buf), f)) > 0)
		crm_sha256_update(&c, buf, got);
	crm_sha256_final(&c, sha);
	rewind(f);
	if (ferror(f) || crm_csv_read(f, count_record, rows, err) < 0) {
		char *why = *err ? *err : crm_xstrdup(strerror(errno));
		*err = crm_xasprintf("%s: %s", path, why);
		free(why);
		rc = -1;
	}
	if (*rows > 0)
		--*rows; /* the header */
	else
		*rows = 0;
	fclose(f);
	free(path);
	return rc;
}

/* One line of manifest.csv for DIR/NAME.csv. */
static int seal_one(FILE *m, const char *dir, const char *name)
{
	char sha[65], rows_s[24], *file = crm_xasprintf("%s.csv", name), *err = NULL;
	const char *row[3] = {file, rows_s, sha};
	long rows;
	int rc = file_seal(dir, name, &rows, sha, &err);

	if (rc < 0) {
		crm_warn("%s", err);
	} else {
		snprintf(rows_s, sizeof(rows_s), "%ld", rows);
		crm_csv_write_record(m, row, 3);
	}
	free(err);
	free(file);
	return rc < 0 ? CRM_EXIT_DB : 0;
}

/*
 * manifest.csv: file,rows,sha256 for every CSV file of the dump, written
 * last, so that restore can prove it has the whole dump before it writes.
 */
static int write_manifest(const char *dir)
{
	static const char *const header[3] = {"file", "rows", "sha256"};
	FILE *m = open_out(dir, "manifest");
	int rc = 0;

	if (!m)
		return CRM_EXIT_DB;
	crm_csv_write_record(m, header, 3);
	for (size_t i = 0; i < sizeof(config_names) / sizeof(config_names[0]) && !rc; i++)
		rc = seal_one(m, dir, config_names[i]);
	for (int e = 0; crm_entities[e] && !rc; e++)
		rc = seal_one(m, dir, crm_entities[e]->name);
	if (!rc)
		rc = seal_one(m, dir, "attachments");
	return close_out(m, dir, "manifest") || rc ? CRM_EXIT_DB : 0;
}

static int dump_files(struct crm_ctx *ctx, const char *dir)
{
	int rc = dump_fields(ctx, dir);

	if (!rc)
		rc = dump_stages(ctx, dir);
	if (!rc)
		rc = dump_rules(ctx, dir);
	if (!rc)
		rc = dump_report_config(ctx, dir);
	if (!rc)
		rc = dump_slas(ctx, dir);
	if (!rc)
		rc = dump_segments(ctx, dir);
	for (int e = 0; crm_entities[e] && !rc; e++)
		rc = dump_entity(ctx, dir, crm_entities[e]);
	if (!rc)
		rc = dump_attachments(ctx, dir);
	if (!rc)
		rc = write_manifest(dir);
	return rc;
}

static int remove_entry(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
	(void)sb, (void)ftw;
	if ((type == FTW_DP ? rmdir(path) : unlink(path)) < 0 && errno != ENOENT)
		crm_warn(_("cannot remove '%s': %s"), path, strerror(errno));
	return 0;
}

static void remove_tree(const char *dir)
{
	nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* A name crm dump writes in DIR or DIR/attachments: the rest is the user's. */
static int dump_owns(const char *name, int in_attachments)
{
	size_t n = strlen(name);

	if (in_attachments)
		return is_sha256(name);
	return !strcmp(name, "attachments") || (n > 4 && !strcmp(name + n - 4, ".csv"));
}

/*
 * Files the user keeps in an older dump (a .git, notes) go on into the new
 * one: files by a second link, so the old dump stays whole until the swap;
 * directories are moved.
 */
static int carry_over(const char *old, const char *new_, int in_attachments)
{
	DIR *d = opendir(old);
	struct dirent *e;
	int rc = 0;

	while (d && !rc && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
		    dump_owns(e->d_name, in_attachments))
			continue;
		char *from = crm_xasprintf("%s/%s", old, e->d_name);
		char *to = crm_xasprintf("%s/%s", new_, e->d_name);
		struct stat sb;
		if (lstat(from, &sb) == 0 && !S_ISDIR(sb.st_mode) ? link(from, to) < 0
		                                                  : rename(from, to) < 0) {
			crm_warn(_("cannot keep '%s' in the new dump: %s"), from, strerror(errno));
			rc = CRM_EXIT_DB;
		}
		free(from);
		free(to);
	}
	if (d)
		closedir(d);
	if (!rc && !in_attachments) {
		char *a = crm_xasprintf("%s/attachments", old),
		     *b = crm_xasprintf("%s/attachments", new_);
		if (mkdir(b, 0700) < 0 && errno != EEXIST)
			rc = CRM_EXIT_DB;
		else
			rc = carry_over(a, b, 1);
		rmdir(b); /* left only when it holds something */
		free(a);
		free(b);
	}
	return rc;
}

/*
 * The complete dump in tmp takes the place of dir in one rename: a dump
 * killed half-way leaves dir as it was.  An older dump at dir is swapped
 * out whole (RENAME_EXCHANGE), then removed.
 */
static int put_in_place(const char *tmp, const char *dir)
{
	struct stat sb;

	if (lstat(dir, &sb) < 0) {
		if (errno == ENOENT && rename(tmp, dir) == 0)
			return 0;
		crm_warn(_("cannot create '%s': %s"), dir, strerror(errno));
		return CRM_EXIT_DB;
	}
	if (!S_ISDIR(sb.st_mode)) {
		crm_warn(_("cannot dump into '%s': not a directory"), dir);
		return CRM_EXIT_DB;
	}
	if (carry_over(dir, tmp, 0))
		return CRM_EXIT_DB;
	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, dir, RENAME_EXCHANGE) < 0) {
		crm_warn(_("cannot replace '%s': %s"), dir, strerror(errno));
		return CRM_EXIT_DB;
	}
	remove_tree(tmp); /* now the older dump */
	return 0;
}

/* A fresh 0700 directory beside dir (same file system, so rename works): NULL on error. */
static char *temp_beside(const char *dir)
{
	char *copy = crm_xstrdup(dir), *base = basename(copy);
	char *copy2 = crm_xstrdup(dir), *parent = dirname(copy2);
	char *tmp = crm_xasprintf("%s/.%s.dump-XXXXXX", parent, base);

	free(copy);
	free(copy2);
	if (!mkdtemp(tmp)) {
		crm_warn(_("cannot create a directory beside '%s': %s"), dir, strerror(errno));
		free(tmp);
		return NULL;
	}
	return tmp;
}

int crm_verb_dump(struct crm_ctx *ctx, int argc, char **argv)
{
	char *tmp;
	int rc;

	if (argc != 1)
		return cli_usage_error(ctx, _("give the directory to dump into"));
	if (!(tmp = temp_beside(argv[0])))
		return CRM_EXIT_DB;
	rc = dump_files(ctx, tmp);
	if (!rc)
		rc = put_in_place(tmp, argv[0]);
	if (rc)
		remove_tree(tmp);
	free(tmp);
	if (!rc && !ctx->o.quiet)
		fprintf(stderr, _("%s: dumped to %s\n"), crm_progname(), argv[0]);
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
	if (!is_sha256(v[6])) {
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

	for (size_t i = 0; name && i < sizeof(config_names) / sizeof(config_names[0]); i++)
		known |= !strcmp(name, config_names[i]);
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
	if (file_seal(m->dir, name, &got_rows, got_sha, &err) < 0) {
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
