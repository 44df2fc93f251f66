/*
 * db_sales.c - the store layer's smaller tables: pipeline stages, sums,
 * scoring rules, record numbers, service levels and segments.  With db.c,
 * db_entity.c and db_report.c, the only files that speak SQL.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

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

static void read_stage(sqlite3_stmt *st, struct db_stage *out)
{
	out->pipeline = db_column_dup(st, 0);
	out->name = db_column_dup(st, 1);
	out->position = sqlite3_column_int(st, 2);
	out->probability = sqlite3_column_int(st, 3);
	out->category = db_column_dup(st, 4);
	out->state = db_column_dup(st, 5);
}

/* Stage names compare as people type them: "Won" is "won". */
int db_stage_get(struct crm_db *db, const char *pipeline, const char *name, struct db_stage *out)
{
	sqlite3_stmt *st =
	    db_prepare(db, STAGE_COLS "WHERE pipeline = ? AND crm_fold(name) = crm_fold(?)");
	if (!st)
		return -1;
	db_bind_text(st, 1, pipeline);
	db_bind_text(st, 2, name);
	int found = sqlite3_step(st) == SQLITE_ROW;
	if (found)
		read_stage(st, out);
	sqlite3_reset(st);
	return found ? 0 : 1;
}

int db_stage_first(struct crm_db *db, const char *pipeline, const char *state, char **name)
{
	sqlite3_stmt *st = db_prepare(
	    db,
	    "SELECT name FROM stage WHERE pipeline = ? AND state = ? ORDER BY position LIMIT 1");
	if (!st)
		return -1;
	db_bind_text(st, 1, pipeline);
	db_bind_text(st, 2, state);
	*name = sqlite3_step(st) == SQLITE_ROW ? db_column_dup(st, 0) : NULL;
	sqlite3_reset(st);
	return *name ? 0 : 1;
}

int db_stages(struct crm_db *db, db_stage_fn fn, void *ctx)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h, STAGE_COLS "ORDER BY pipeline, position", -1, &st, NULL) !=
	    SQLITE_OK) {
		db_fail(db, "stages");
		return -1;
	}
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct db_stage s;
		read_stage(st, &s);
		int stop = fn(ctx, &s);
		db_stage_release(&s);
		if (stop) {
			rc = SQLITE_DONE;
			break;
		}
	}
	if (rc != SQLITE_DONE)
		db_fail(db, "stages");
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int db_stage_put(struct crm_db *db, const struct db_stage *s)
{
	/* a stage put at a position moves the ones from there on down */
	sqlite3_stmt *st = db_prepare(db, "UPDATE stage SET position = position + 1 WHERE"
	                                  " pipeline = ? AND position >= ? AND name != ?");
	if (!st)
		return -1;
	db_bind_text(st, 1, s->pipeline);
	sqlite3_bind_int(st, 2, s->position);
	db_bind_text(st, 3, s->name);
	if (s->position > 0 && db_step_done(db, st, "stage") < 0)
		return -1;
	sqlite3_reset(st);
	st = db_prepare(
	    db, "INSERT OR REPLACE INTO stage (pipeline, name, position, probability, category,"
	        " state) VALUES (?1, ?2, coalesce(?3, (SELECT coalesce(max(position), 0) + 1"
	        " FROM stage WHERE pipeline = ?1)), ?4, ?5, ?6)");
	if (!st)
		return -1;
	db_bind_text(st, 1, s->pipeline);
	db_bind_text(st, 2, s->name);
	if (s->position > 0)
		sqlite3_bind_int(st, 3, s->position);
	sqlite3_bind_int(st, 4, s->probability);
	db_bind_text(st, 5, s->category);
	db_bind_text(st, 6, s->state);
	return db_step_done(db, st, "stage");
}

long db_stage_uses(struct crm_db *db, const char *pipeline, const char *name)
{
	sqlite3_stmt *st = db_prepare(
	    db, "SELECT count(*) FROM opp WHERE coalesce(pipeline, 'default') = ? AND stage = ?");
	if (!st)
		return -1;
	db_bind_text(st, 1, pipeline);
	db_bind_text(st, 2, name);
	long n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	return n;
}

int db_stage_rm(struct crm_db *db, const char *pipeline, const char *name)
{
	sqlite3_stmt *st = db_prepare(db, "DELETE FROM stage WHERE pipeline = ? AND name = ?");
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
	sqlite3_stmt *st = db_prepare(db, crm_buf_str(&sql));
	crm_buf_release(&sql);
	int rc = -1;
	if (st) {
		db_bind_all(st, &bv);
		if (sqlite3_step(st) == SQLITE_ROW) {
			*sum = sqlite3_column_int64(st, 0);
			*count = sqlite3_column_int64(st, 1);
			rc = 0;
		} else
			db_fail(db, "sum");
		sqlite3_reset(st);
	}
	crm_strv_release(&bv.v);
	return rc;
}

int db_rule_add(struct crm_db *db, const char *entity, const char *term, long points)
{
	sqlite3_stmt *st =
	    db_prepare(db, "INSERT INTO score_rule (entity, term, points) VALUES (?, ?, ?)");
	if (!st)
		return -1;
	db_bind_text(st, 1, entity);
	db_bind_text(st, 2, term);
	sqlite3_bind_int64(st, 3, points);
	return db_step_done(db, st, "rule");
}

int db_rule_rm(struct crm_db *db, const char *entity, long long id)
{
	sqlite3_stmt *st = db_prepare(db, "DELETE FROM score_rule WHERE entity = ? AND id = ?");
	if (!st)
		return -1;
	db_bind_text(st, 1, entity);
	sqlite3_bind_int64(st, 2, id);
	if (db_step_done(db, st, "rule") < 0)
		return -1;
	return sqlite3_changes(db->h) ? 0 : 1;
}

int db_rules(struct crm_db *db, const char *entity, db_rule_fn fn, void *ctx)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h,
	                       "SELECT id, term, points FROM score_rule WHERE entity = ?"
	                       " ORDER BY id",
	                       -1, &st, NULL) != SQLITE_OK) {
		db_fail(db, "rules");
		return -1;
	}
	db_bind_text(st, 1, entity);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (fn(ctx, sqlite3_column_int64(st, 0), (const char *)sqlite3_column_text(st, 1),
		       sqlite3_column_int64(st, 2))) {
			rc = SQLITE_DONE;
			break;
		}
	if (rc != SQLITE_DONE)
		db_fail(db, "rules");
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

long db_next_number(struct crm_db *db, const char *table, const char *field, const char *prefix)
{
	/* the numeric tail of the greatest number with this prefix, plus one */
	char *sql = crm_xasprintf("SELECT coalesce(max(CAST(substr(\"%s\", length(?1) + 1) AS "
	                          "INTEGER)), 0) + 1 FROM \"%s\" WHERE substr(\"%s\", 1, "
	                          "length(?1)) = ?1",
	                          field, table, field);
	sqlite3_stmt *st = db_prepare(db, sql);
	free(sql);
	if (!st)
		return -1;
	db_bind_text(st, 1, prefix);
	long n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	return n;
}

long db_next_version(struct crm_db *db, const char *table, const char *number)
{
	char *sql = crm_xasprintf(
	    "SELECT coalesce(max(version), 0) + 1 FROM \"%s\" WHERE number = ?", table);
	sqlite3_stmt *st = db_prepare(db, sql);
	free(sql);
	if (!st)
		return -1;
	db_bind_text(st, 1, number);
	long n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	return n;
}

/* ------------------------------------------------------- service levels */

int db_sla_get(struct crm_db *db, const char *priority, long *respond, long *resolve)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT respond, resolve FROM sla WHERE priority = ?");
	if (!st)
		return -1;
	db_bind_text(st, 1, priority);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*respond = (long)sqlite3_column_int64(st, 0);
		*resolve = (long)sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_fail(db, "sla");
		return -1;
	}
	return rc == SQLITE_ROW ? 0 : 1;
}

int db_sla_put(struct crm_db *db, const char *priority, long respond, long resolve)
{
	sqlite3_stmt *st = db_prepare(
	    db, "INSERT OR REPLACE INTO sla (priority, respond, resolve) VALUES (?, ?, ?)");
	if (!st)
		return -1;
	db_bind_text(st, 1, priority);
	sqlite3_bind_int64(st, 2, respond);
	sqlite3_bind_int64(st, 3, resolve);
	return db_step_done(db, st, "sla");
}

int db_sla_rm(struct crm_db *db, const char *priority)
{
	sqlite3_stmt *st = db_prepare(db, "DELETE FROM sla WHERE priority = ?");
	if (!st)
		return -1;
	db_bind_text(st, 1, priority);
	if (db_step_done(db, st, "sla") < 0)
		return -1;
	return sqlite3_changes(db->h) ? 0 : 1;
}

int db_slas(struct crm_db *db, db_sla_fn fn, void *ctx)
{
	sqlite3_stmt *st = db_prepare(
	    db,
	    "SELECT priority, respond, resolve FROM sla ORDER BY CASE priority WHEN 'urgent' THEN "
	    "1 WHEN 'high' THEN 2 WHEN 'normal' THEN 3 WHEN 'low' THEN 4 ELSE 5 END, priority");
	if (!st)
		return -1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (fn(ctx, (const char *)sqlite3_column_text(st, 0),
		       (long)sqlite3_column_int64(st, 1), (long)sqlite3_column_int64(st, 2))) {
			rc = SQLITE_DONE;
			break;
		}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_fail(db, "sla");
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------- segments */

#define SEGMENT_COLS "SELECT name, entity, filter, owner, created FROM segment "

static void read_segment(sqlite3_stmt *st, struct db_segment *out)
{
	out->name = (const char *)sqlite3_column_text(st, 0);
	out->entity = (const char *)sqlite3_column_text(st, 1);
	out->filter = (const char *)sqlite3_column_text(st, 2);
	out->owner = (const char *)sqlite3_column_text(st, 3);
	out->created = (const char *)sqlite3_column_text(st, 4);
}

int db_segment_get(struct crm_db *db, const char *name, char **entity, char **filter)
{
	sqlite3_stmt *st = db_prepare(db, SEGMENT_COLS "WHERE name = ?");
	if (!st)
		return -1;
	db_bind_text(st, 1, name);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*entity = db_column_dup(st, 1);
		*filter = db_column_dup(st, 2);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_fail(db, "segment");
		return -1;
	}
	return rc == SQLITE_ROW ? 0 : 1;
}

int db_segment_put(struct crm_db *db, const struct db_segment *sg)
{
	sqlite3_stmt *st = db_prepare(
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
	sqlite3_stmt *st = db_prepare(db, "DELETE FROM segment WHERE name = ?");
	if (!st)
		return -1;
	db_bind_text(st, 1, name);
	if (db_step_done(db, st, "segment") < 0)
		return -1;
	return sqlite3_changes(db->h) ? 0 : 1;
}

int db_segments(struct crm_db *db, const char *name, db_segment_fn fn, void *ctx)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h, SEGMENT_COLS "WHERE ?1 IS NULL OR name = ?1 ORDER BY name",
	                       -1, &st, NULL) != SQLITE_OK) {
		db_fail(db, "segments");
		return -1;
	}
	db_bind_text(st, 1, name);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct db_segment sg;
		read_segment(st, &sg);
		if (fn(ctx, &sg)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	if (rc != SQLITE_DONE)
		db_fail(db, "segments");
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}
