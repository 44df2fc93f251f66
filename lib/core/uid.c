/*
 * uid.c - the UIDs address books and calendars know records by.
 *
 * A vCard or a VTODO without a UID is one a client cannot tell from the next
 * (khard leaves such a card out; CardDAV and CalDAV name the resource after
 * it), and a UID that changes from one export to the next makes every
 * export a new set of records.  So a record exported without one gets a
 * random one, once, kept in its uid field as any change is kept.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "base/i18n.h"
#include "core/verbs.h"

/* A random (version 4) UUID as RFC 9562 writes it, after prefix. */
static int new_uuid(const char *prefix, char *out, size_t size)
{
	unsigned char r[16];

	if (getrandom(r, sizeof r, 0) != (ssize_t)sizeof r)
		return -1;
	r[6] = (r[6] & 0x0f) | 0x40; /* version 4 */
	r[8] = (r[8] & 0x3f) | 0x80; /* the RFC's variant */
	snprintf(out, size,
	         "%s%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", prefix,
	         r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11], r[12],
	         r[13], r[14], r[15]);
	return 0;
}

struct no_uid {
	int uid;             /* the field */
	struct crm_strv ids; /* records that have none */
};

static int push_if_no_uid(void *arg, const char *const *vals)
{
	struct no_uid *w = arg;

	if (!vals[w->uid] || !*vals[w->uid])
		crm_strv_push(&w->ids, vals[0]);
	return 0;
}

/* Gives record id a new UID, logged as any change is: 0 or an exit code. */
static int give_uid(struct crm_ctx *ctx, long long id, int uid, const char *prefix)
{
	char uuid[64], *err = NULL;
	char **cur = db_get(ctx->db, ctx->s, id, NULL);
	int rc = 0;

	if (!cur)
		return 0; /* gone since the filter read it */
	if (new_uuid(prefix, uuid, sizeof uuid) < 0) {
		crm_warn(_("cannot make a UID: %s"), strerror(errno));
		rc = CRM_EXIT_DB;
	} else if (rec_change(ctx, id, cur, uid, uuid, &err) < 0) {
		crm_warn("%s %lld: %s", ctx->ent->name, id, err ? err : db_error(ctx->db));
		rc = CRM_EXIT_DB;
	}
	free(err);
	db_row_free(ctx->s, cur);
	return rc;
}

int rec_give_uids(struct crm_ctx *ctx, const struct crm_filter *f, const char *prefix)
{
	struct no_uid w = {.uid = rec_field(ctx, "uid"), .ids = CRM_STRV_INIT};
	struct db_query q = {.s = ctx->s, .filter = f, .sort_field = 0};
	const char *path = db_file(ctx->db);
	int rc = 0, keep = 0;

	if (db_select(ctx->db, &q, push_if_no_uid, &w) < 0) {
		crm_warn("%s", db_error(ctx->db));
		rc = CRM_EXIT_DB;
	} else if (w.ids.n && path && access(path, W_OK) != 0) {
		crm_warn(P_("%d %s without a UID, and '%s' cannot be written to keep new ones",
		            "%d %s without a UID, and '%s' cannot be written to keep new ones",
		            w.ids.n),
		         w.ids.n, crm_noun(ctx->ent, w.ids.n), path);
	} else if (w.ids.n && db_write_now(ctx->db) < 0) {
		crm_warn("%s", db_error(ctx->db));
		rc = CRM_EXIT_DB;
	} else {
		keep = 1;
	}
	for (int i = 0; keep && !rc && i < w.ids.n; i++)
		rc = give_uid(ctx, atoll(w.ids.v[i]), w.uid, prefix);
	crm_strv_release(&w.ids);
	return rc;
}
