/*
 * db_sales.c - the store layer's smaller tables: pipeline stages, sums,
 * scoring rules, record numbers, service levels and segments; and users
 * found by what people call them.  With db.c,
 * db_entity.c and db_report.c, the only files that speak SQL.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/i18n.h"
#include "store/db_int.h"

void db_stage_release(struct db_stage *st)
{
	free(st->pipeline);
	free(st->name);
	free(st->category);
	free(st->state);
	memset(st, 0, sizeof *st);
}

#define STAGE_COLS "SELECT pipeline, name, position, probability, category, state FROM stage "

static void read_stage(struct db_stmt *st, struct db_stage *out)
{
	out->pipeline = db_column_dup(st, 0);
	out->name = db_column_dup(st, 1);
	out->position = (int)st_int(st, 2);
	out->probability = (int)st_int(st, 3);
	out->category = db_column_dup(st, 4);
	out->state = db_column_dup(st, 5);
}

/* Stage names compare as people type them: "Won" is "won". */
int db_stage_get(struct crm_db *db, const char *pipeline, const char *name, struct db_stage *out)
{
	struct db_stmt *st =
	    db_prepare(db, STAGE_COLS "WHERE pipeline = ? AND crm_fold(name) = crm_fold(?)");
	if (!st)
		return -1;
	db_bind_text(st, 1, pipeline);
	db_bind_text(st, 2, name);
	int found = st_step(st) == DB_ROW;
	if (found)
		read_stage(st, out);
	st_reset(st);
	return found ? 0 : 1;
}

int db_stage_first(struct crm_db *db, const char *pipeline, const char *state, char **name)
{
	struct db_stmt *st = db_prepare(
	    db,
	    "SELECT name FROM stage WHERE pipeline = ? AND state = ? ORDER BY position LIMIT 1");
	if (!st)
		return -1;
	db_bind_text(st, 1, pipeline);
	db_bind_text(st, 2, state);
	*name = st_step(st) == DB_ROW ? db_column_dup(st, 0) : NULL;
	st_reset(st);
	return *name ? 0 : 1;
}

int db_stages(struct crm_db *db, db_stage_fn fn, void *ctx)
{
	struct db_stmt *st;
	if (db->drv->prepare(db->h, STAGE_COLS "ORDER BY pipeline, position", NULL, &st) != DB_OK) {
		db_fail(db, "stages");
		return -1;
	}
	int rc;
	while ((rc = st_step(st)) == DB_ROW) {
		struct db_stage s;
		read_stage(st, &s);
		int stop = fn(ctx, &s);
		db_stage_release(&s);
		if (stop) {
			rc = DB_DONE;
			break;
		}
	}
	if (rc != DB_DONE)
		db_fail(db, "stages");
	st_free(st);
	return rc == DB_DONE ? 0 : -1;
}

int db_stage_put(struct crm_db *db, const struct db_stage *s)
{
	/* a stage put at a position moves the ones from there on down */
	struct db_stmt *st = db_prepare(db, "UPDATE stage SET position = position + 1 WHERE"
	                                    " pipeline = ? AND position >= ? AND name != ?");
	if (!st)
		return -1;
	db_bind_text(st, 1, s->pipeline);
	st_bind_int(st, 2, s->position);
	db_bind_text(st, 3, s->name);
	if (s->position > 0 && db_step_done(db, st, "stage") < 0)
		return -1;
	st_reset(st);
	st = db_prepare(
	    db, "INSERT INTO stage (pipeline, name, position, probability, category,"
	        " state) VALUES (?1, ?2, coalesce(?3, (SELECT coalesce(max(position), 0) + 1"
	        " FROM stage WHERE pipeline = ?1)), ?4, ?5, ?6)"
	        " ON CONFLICT (pipeline, name) DO UPDATE SET position = excluded.position,"
	        " probability = excluded.probability, category = excluded.category,"
	        " state = excluded.state");
	if (!st)
		return -1;
	db_bind_text(st, 1, s->pipeline);
	db_bind_text(st, 2, s->name);
	if (s->position > 0)
		st_bind_int(st, 3, s->position);
	st_bind_int(st, 4, s->probability);
	db_bind_text(st, 5, s->category);
	db_bind_text(st, 6, s->state);
	return db_step_done(db, st, "stage");
}

long db_stage_uses(struct crm_db *db, const char *pipeline, const char *name)
{
	struct db_stmt *st = db_prepare(
	    db, "SELECT count(*) FROM opp WHERE coalesce(pipeline, 'default') = ? AND stage = ?");
	if (!st)
		return -1;
	db_bind_text(st, 1, pipeline);
	db_bind_text(st, 2, name);
	long n = st_step(st) == DB_ROW ? st_int(st, 0) : -1;
	st_reset(st);
	return n;
}

int db_stage_rm(struct crm_db *db, const char *pipeline, const char *name)
{
	struct db_stmt *st = db_prepare(db, "DELETE FROM stage WHERE pipeline = ? AND name = ?");
	if (!st)
		return -1;
	db_bind_text(st, 1, pipeline);
	db_bind_text(st, 2, name);
	return db_step_done(db, st, "stage");
}

int db_sum(struct crm_db *db, const struct crm_schema *s, int field, const struct crm_filter *f,
           long long *sum, long *count)
{
	struct crm_buf sql = CRM_BUF_INIT;
	struct binds bv = {CRM_STRV_INIT};
	crm_buf_printf(&sql, "SELECT coalesce(sum(t.\"%s\"), 0), count(*) FROM \"%s\" t",
	               s->fields[field].name, s->ent->name);
	db_build_where(db, &sql, &bv, s, f);
	struct db_stmt *st = db_prepare(db, crm_buf_str(&sql));
	crm_buf_release(&sql);
	int rc = -1;
	if (st) {
		db_bind_all(st, &bv);
		if (st_step(st) == DB_ROW) {
			*sum = st_int(st, 0);
			*count = st_int(st, 1);
			rc = 0;
		} else
			db_fail(db, "sum");
		st_reset(st);
	}
	crm_strv_release(&bv.v);
	return rc;
}

int db_rule_add(struct crm_db *db, const char *entity, const char *term, long points)
{
	struct db_stmt *st =
	    db_prepare(db, "INSERT INTO score_rule (entity, term, points) VALUES (?, ?, ?)");
	if (!st)
		return -1;
	db_bind_text(st, 1, entity);
	db_bind_text(st, 2, term);
	st_bind_int(st, 3, points);
	return db_step_done(db, st, "rule");
}

int db_rule_rm(struct crm_db *db, const char *entity, long long id)
{
	struct db_stmt *st = db_prepare(db, "DELETE FROM score_rule WHERE entity = ? AND id = ?");
	if (!st)
		return -1;
	db_bind_text(st, 1, entity);
	st_bind_int(st, 2, id);
	if (db_step_done(db, st, "rule") < 0)
		return -1;
	return db->drv->changes(db->h) ? 0 : 1;
}

int db_rules(struct crm_db *db, const char *entity, db_rule_fn fn, void *ctx)
{
	struct db_stmt *st;
	if (db->drv->prepare(db->h,
	                     "SELECT id, term, points FROM score_rule WHERE entity = ?"
	                     " ORDER BY id",
	                     NULL, &st) != DB_OK) {
		db_fail(db, "rules");
		return -1;
	}
	db_bind_text(st, 1, entity);
	int rc;
	while ((rc = st_step(st)) == DB_ROW)
		if (fn(ctx, st_int(st, 0), st_text(st, 1), st_int(st, 2))) {
			rc = DB_DONE;
			break;
		}
	if (rc != DB_DONE)
		db_fail(db, "rules");
	st_free(st);
	return rc == DB_DONE ? 0 : -1;
}

long db_next_number(struct crm_db *db, const char *table, const char *field, const char *prefix)
{
	/* the numeric tail of the greatest number with this prefix, plus one */
	char *sql = crm_xasprintf("SELECT coalesce(max(CAST(substr(\"%s\", length(?1) + 1) AS "
	                          "INTEGER)), 0) + 1 FROM \"%s\" WHERE substr(\"%s\", 1, "
	                          "length(?1)) = ?1",
	                          field, table, field);
	struct db_stmt *st = db_prepare(db, sql);
	free(sql);
	if (!st)
		return -1;
	db_bind_text(st, 1, prefix);
	long n = st_step(st) == DB_ROW ? st_int(st, 0) : -1;
	st_reset(st);
	return n;
}

long db_next_version(struct crm_db *db, const char *table, const char *number)
{
	char *sql = crm_xasprintf(
	    "SELECT coalesce(max(version), 0) + 1 FROM \"%s\" WHERE number = ?", table);
	struct db_stmt *st = db_prepare(db, sql);
	free(sql);
	if (!st)
		return -1;
	db_bind_text(st, 1, number);
	long n = st_step(st) == DB_ROW ? st_int(st, 0) : -1;
	st_reset(st);
	return n;
}

/* ------------------------------------------------------- service levels */

int db_sla_get(struct crm_db *db, const char *priority, long *respond, long *resolve)
{
	struct db_stmt *st = db_prepare(db, "SELECT respond, resolve FROM sla WHERE priority = ?");
	if (!st)
		return -1;
	db_bind_text(st, 1, priority);
	int rc = st_step(st);
	if (rc == DB_ROW) {
		*respond = (long)st_int(st, 0);
		*resolve = (long)st_int(st, 1);
	}
	st_reset(st);
	if (rc != DB_ROW && rc != DB_DONE) {
		db_fail(db, "sla");
		return -1;
	}
	return rc == DB_ROW ? 0 : 1;
}

int db_sla_put(struct crm_db *db, const char *priority, long respond, long resolve)
{
	struct db_stmt *st =
	    db_prepare(db, "INSERT INTO sla (priority, respond, resolve) VALUES (?, ?, ?)"
	                   " ON CONFLICT (priority) DO UPDATE SET respond = excluded.respond,"
	                   " resolve = excluded.resolve");
	if (!st)
		return -1;
	db_bind_text(st, 1, priority);
	st_bind_int(st, 2, respond);
	st_bind_int(st, 3, resolve);
	return db_step_done(db, st, "sla");
}

int db_sla_rm(struct crm_db *db, const char *priority)
{
	struct db_stmt *st = db_prepare(db, "DELETE FROM sla WHERE priority = ?");
	if (!st)
		return -1;
	db_bind_text(st, 1, priority);
	if (db_step_done(db, st, "sla") < 0)
		return -1;
	return db->drv->changes(db->h) ? 0 : 1;
}

int db_slas(struct crm_db *db, db_sla_fn fn, void *ctx)
{
	struct db_stmt *st = db_prepare(
	    db,
	    "SELECT priority, respond, resolve FROM sla ORDER BY CASE priority WHEN 'urgent' THEN "
	    "1 WHEN 'high' THEN 2 WHEN 'normal' THEN 3 WHEN 'low' THEN 4 ELSE 5 END, priority");
	if (!st)
		return -1;
	int rc;
	while ((rc = st_step(st)) == DB_ROW)
		if (fn(ctx, st_text(st, 0), (long)st_int(st, 1), (long)st_int(st, 2))) {
			rc = DB_DONE;
			break;
		}
	st_reset(st);
	if (rc != DB_DONE) {
		db_fail(db, "sla");
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------- segments */

#define SEGMENT_COLS "SELECT name, entity, filter, owner, created FROM segment "

static void read_segment(struct db_stmt *st, struct db_segment *out)
{
	out->name = st_text(st, 0);
	out->entity = st_text(st, 1);
	out->filter = st_text(st, 2);
	out->owner = st_text(st, 3);
	out->created = st_text(st, 4);
}

int db_segment_get(struct crm_db *db, const char *name, char **entity, char **filter)
{
	struct db_stmt *st = db_prepare(db, SEGMENT_COLS "WHERE lower(name) = lower(?)");
	if (!st)
		return -1;
	db_bind_text(st, 1, name);
	int rc = st_step(st);
	if (rc == DB_ROW) {
		*entity = db_column_dup(st, 1);
		*filter = db_column_dup(st, 2);
	}
	st_reset(st);
	if (rc != DB_ROW && rc != DB_DONE) {
		db_fail(db, "segment");
		return -1;
	}
	return rc == DB_ROW ? 0 : 1;
}

int db_segment_put(struct crm_db *db, const struct db_segment *sg)
{
	struct db_stmt *st = db_prepare(
	    db,
	    "INSERT INTO segment (name, entity, filter, owner, created) VALUES (?, ?, ?, ?, ?)");
	if (!st)
		return -1;
	db_bind_text(st, 1, sg->name);
	db_bind_text(st, 2, sg->entity);
	db_bind_text(st, 3, sg->filter);
	db_bind_text(st, 4, sg->owner);
	db_bind_text(st, 5, sg->created);
	return db_step_done(db, st, "segment");
}

int db_segment_rm(struct crm_db *db, const char *name)
{
	struct db_stmt *st = db_prepare(db, "DELETE FROM segment WHERE lower(name) = lower(?)");
	if (!st)
		return -1;
	db_bind_text(st, 1, name);
	if (db_step_done(db, st, "segment") < 0)
		return -1;
	return db->drv->changes(db->h) ? 0 : 1;
}

int db_segments(struct crm_db *db, const char *name, db_segment_fn fn, void *ctx)
{
	struct db_stmt *st;
	/* names are one in any case, as the table's collation says on SQLite */
	if (db->drv->prepare(db->h,
	                     SEGMENT_COLS
	                     "WHERE CAST(?1 AS TEXT) IS NULL OR lower(name) = lower(?1)"
	                     " ORDER BY lower(name)",
	                     NULL, &st) != DB_OK) {
		db_fail(db, "segments");
		return -1;
	}
	db_bind_text(st, 1, name);
	int rc;
	while ((rc = st_step(st)) == DB_ROW) {
		struct db_segment sg;
		read_segment(st, &sg);
		if (fn(ctx, &sg)) {
			rc = DB_DONE;
			break;
		}
	}
	if (rc != DB_DONE)
		db_fail(db, "segments");
	st_free(st);
	return rc == DB_DONE ? 0 : -1;
}

/* ------------------------------------------------------------------ users */

int db_user_role(struct crm_db *db, const char *text, char **login, char **role)
{
	*login = *role = NULL;
	struct db_stmt *st = db_prepare(db, "SELECT login, coalesce(role, 'rep') FROM \"user\""
	                                    " WHERE lower(login) = lower(?) AND deleted IS NULL");
	if (!st)
		return -1;
	db_bind_text(st, 1, text);
	int rc = st_step(st);
	if (rc == DB_ROW) {
		*login = db_column_dup(st, 0);
		*role = db_column_dup(st, 1);
	}
	st_reset(st);
	if (rc != DB_ROW && rc != DB_DONE)
		return db_fail(db, "user"), -1;
	return rc == DB_ROW ? 0 : 1;
}

int db_grant_login(struct crm_db *db, const char *login, const char *role)
{
	if (!db->sql->server) {
		free(db->err);
		db->err = crm_xstrdup(_("a login is a role of a database server; this database is a "
		                        "file, whose permissions are its only boundary"));
		return -1;
	}
	struct db_stmt *st = db_prepare(db, "SELECT crm_grant(?, ?)");
	if (!st)
		return -1;
	db_bind_text(st, 1, login);
	db_bind_text(st, 2, role);
	return db_step_done(db, st, "login");
}

int db_user_login(struct crm_db *db, const char *text, char **login, struct crm_strv *cands)
{
	*login = NULL;
	/* the login itself first (even a deleted user's: it is still taken), then
	   a live user's name or e-mail; the users of a CRM are few: no index needed */
	struct db_stmt *st =
	    db_prepare(db, "SELECT login, coalesce(name, '') FROM \"user\""
	                   " WHERE lower(login) = lower(?1)"
	                   " OR (deleted IS NULL AND (label_key = ?2 OR lower(email) = lower(?1)))"
	                   " ORDER BY lower(login) = lower(?1) DESC, login LIMIT 3");
	if (!st)
		return -1;
	char *key = crm_name_key(text);
	db_bind_text(st, 1, text);
	db_bind_text(st, 2, key);
	int n = 0, exact = 0, rc;
	while ((rc = st_step(st)) == DB_ROW) {
		const char *l = st_text(st, 0);
		if (n == 0) {
			*login = crm_xstrdup(l);
			exact = !strcasecmp(l, text);
		}
		if (cands)
			crm_strv_push_owned(cands, crm_xasprintf("%s (%s)", l, st_text(st, 1)));
		n++;
	}
	st_reset(st);
	free(key);
	if (rc != DB_DONE) {
		db_fail(db, "user");
		free(*login);
		*login = NULL;
		return -1;
	}
	if (n > 1 && !exact) {
		free(*login);
		*login = NULL;
		return 2;
	}
	return n ? 0 : 1;
}
