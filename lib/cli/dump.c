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
#include "cli/dump.h"
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

int dump_is_sha256(const char *s)
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
const char *const dump_config_names[DUMP_NCONFIG] = {"fields", "stages",   "rules", "quotas",
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
int dump_file_seal(const char *dir, const char *name, long *rows, char sha[65], char **err)
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
	int rc = dump_file_seal(dir, name, &rows, sha, &err);

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
	for (size_t i = 0; i < DUMP_NCONFIG && !rc; i++)
		rc = seal_one(m, dir, dump_config_names[i]);
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
		return dump_is_sha256(name);
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
