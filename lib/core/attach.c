/*
 * attach.c - files a record carries (a signed offer, a photo of a damaged
 * delivery): stored in the database with name, type, size and SHA-256,
 * streamed in and out, logged so that `crm undo` takes one back.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/i18n.h"
#include "core/verbs.h"

/* The media type by the file's extension; what is unknown is plain bytes. */
static const char *media_type(const char *path)
{
	static const struct {
		const char *ext, *type;
	} types[] = {
	    {"pdf", "application/pdf"},
	    {"png", "image/png"},
	    {"jpg", "image/jpeg"},
	    {"jpeg", "image/jpeg"},
	    {"gif", "image/gif"},
	    {"webp", "image/webp"},
	    {"txt", "text/plain"},
	    {"csv", "text/csv"},
	    {"html", "text/html"},
	    {"ics", "text/calendar"},
	    {"vcf", "text/vcard"},
	    {"eml", "message/rfc822"},
	    {"zip", "application/zip"},
	    {"odt", "application/vnd.oasis.opendocument.text"},
	    {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
	    {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
	};
	const char *dot = strrchr(path, '.');
	for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
		if (!strcasecmp(dot + 1, types[i].ext))
			return types[i].type;
	return "application/octet-stream";
}

/* Stores size bytes read from in as a file of the record, logged: 0 or an exit code. */
static int attach_from(struct crm_ctx *ctx, const struct crm_entity *ent, long long id,
                       const char *name, const char *type, long long size, FILE *in)
{
	struct db_attachment a = {.entity = ent->name,
	                          .record = id,
	                          .name = name,
	                          .type = type,
	                          .size = size,
	                          .added = ctx->now,
	                          .who = cli_user()};
	char sha[65], idbuf[32];
	long long aid = db_attach(ctx->db, &a, in, sha);
	snprintf(idbuf, sizeof idbuf, "%lld", aid);
	if (!aid || db_log(ctx->db, ent->name, id, "attach", a.name, NULL, idbuf) < 0) {
		crm_warn("%s", db_error(ctx->db));
		return CRM_EXIT_DB;
	}
	if (ctx->o.dry_run)
		printf("attach %s %lld: %s (%lld bytes)\n", ent->name, id, a.name, a.size);
	else if (!ctx->o.quiet)
		fprintf(stderr, _("%s: attachment %lld: %s, %lld bytes, sha256 %s\n"),
		        crm_progname(), aid, a.name, a.size, sha);
	ctx->changed++;
	return 0;
}

int rec_attach(struct crm_ctx *ctx, const struct crm_entity *ent, long long id, const char *path)
{
	/* O_NONBLOCK: opening a FIFO must not wait for a writer while the
	   run holds the write lock; only regular files are attached */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	struct stat sb;
	int regular = fd >= 0 && fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode);
	FILE *in = regular && fcntl(fd, F_SETFL, 0) == 0 ? fdopen(fd, "rb") : NULL;
	if (!in) {
		crm_warn(_("cannot attach '%s': %s"), path,
		         fd < 0 ? strerror(errno) : "not a regular file");
		if (fd >= 0)
			close(fd);
		return CRM_EXIT_DATA;
	}
	const char *base = strrchr(path, '/');
	int rc =
	    attach_from(ctx, ent, id, base ? base + 1 : path, media_type(path), sb.st_size, in);
	fclose(in);
	return rc;
}

int rec_attach_bytes(struct crm_ctx *ctx, const struct crm_entity *ent, long long id,
                     const char *name, const char *type, const void *data, size_t len)
{
	/* an empty file has nothing fmemopen could read */
	FILE *in = len ? fmemopen((void *)data, len, "rb") : fopen("/dev/null", "rb");
	if (!in) {
		crm_warn(_("cannot attach '%s': %s"), name, strerror(errno));
		return CRM_EXIT_DB;
	}
	int rc = attach_from(ctx, ent, id, name, type && *type ? type : media_type(name),
	                     (long long)len, in);
	fclose(in);
	return rc;
}

/* crm attach RECORD FILE... */
int crm_verb_attach(struct crm_ctx *ctx, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error(ctx, _("give a record and a file: contact=12 offer.pdf"));
	const struct crm_entity *ent;
	long long id;
	int rc = rec_parse_ref(ctx, argv[0], &ent, &id);
	for (int i = 1; !rc && i < argc; i++)
		rc = rec_attach(ctx, ent, id, argv[i]);
	return rc;
}

static int list_row(void *arg, const struct db_attachment *a)
{
	char id[32], rec[64], size[32];
	snprintf(id, sizeof id, "%lld", a->id);
	snprintf(rec, sizeof rec, "%s=%lld", a->entity, a->record);
	snprintf(size, sizeof size, "%lld", a->size);
	const char *row[] = {id, rec, a->name, a->type, size, a->sha256, a->added, a->who};
	crm_printer_row(arg, row);
	return 0;
}

/* crm attachment list RECORD | get ID | rm ID */
int crm_verb_attachment(struct crm_ctx *ctx, int argc, char **argv)
{
	const char *sub = argc ? argv[0] : "";
	if (!strcmp(sub, "list") && argc == 2) {
		const struct crm_entity *ent;
		long long id;
		int rc = rec_parse_ref(ctx, argv[1], &ent, &id);
		if (rc)
			return rc;
		static const struct crm_column cols[] = {{"id", 1},    {"record", 0}, {"name", 0},
		                                         {"type", 0},  {"size", 1},   {"sha256", 0},
		                                         {"added", 0}, {"who", 0}};
		struct crm_printer *p =
		    crm_printer_new(cli_format(ctx, CRM_FMT_TSV), stdout, ctx->o.header);
		crm_printer_begin(p, cols, 8);
		rc = db_attachments(ctx->db, ent->name, id, list_row, p) < 0 ? CRM_EXIT_DB : 0;
		return crm_printer_end(p) < 0 && !rc ? CRM_EXIT_DB : rc;
	}
	if ((!strcmp(sub, "get") || !strcmp(sub, "rm")) && argc == 2 && crm_is_uint(argv[1])) {
		long long id = atoll(argv[1]);
		int r = !strcmp(sub, "get") ? db_attachment_get(ctx->db, id, stdout)
		                            : db_attachment_rm(ctx->db, id);
		if (r == 1)
			crm_warn(_("no attachment %s"), argv[1]);
		else if (r < 0)
			crm_warn("%s", db_error(ctx->db));
		if (r == 0 && !strcmp(sub, "rm") &&
		    db_log(ctx->db, "attachment", id, "detach", NULL, NULL, NULL) < 0)
			r = -1;
		return r == 0 ? 0 : r == 1 ? CRM_EXIT_NOMATCH : CRM_EXIT_DB;
	}
	return cli_usage_error(ctx, _("expected 'list RECORD', 'get ID' or 'rm ID'"));
}
