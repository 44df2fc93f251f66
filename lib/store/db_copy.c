/*
 * db_copy.c - a whole database into an empty one, on either engine: the
 * records, their files, the change log and the configuration, row for row
 * with their ids, so that history, undo and references go on as they were.
 * The way a growing business moves its SQLite file to a PostgreSQL server
 * (crm migrate), and back.
 */
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "store/db_int.h"

/*
 * Every table of crm's but the search tables (made again from the records),
 * the schema's version and the fold's (the destination's own), and the
 * custom fields (added first, with their columns).  The keys between them
 * are checked at commit (defer_keys), so the order does not matter.
 */
static const char *const tables[] = {
    "user",   "account", "contact", "product",    "campaign",    "lead",
    "opp",    "quote",   "item",    "task",       "interaction", "case",
    "member", "asset",   "tag",     "attachment", "run",         "change",
    "stage",  "sla",     "setting", "segment",    "score_rule",  "commission_rate",
    "quota",  "id_mark",
};
#define NTABLES ((int)(sizeof tables / sizeof tables[0]))

/* What a new database holds of its own, which the source's replaces. */
static int seeded(const char *table)
{
	return !strcmp(table, "stage") || !strcmp(table, "sla");
}

static int fail(struct crm_db *db, char *msg)
{
	free(db->err);
	db->err = msg;
	return -1;
}

/* The rows of a table: their count, or -1. */
static long long count_rows(struct crm_db *db, const char *table)
{
	char *sql = crm_xasprintf("SELECT count(*) FROM \"%s\"", table);
	struct db_stmt *st = db_prepare(db, sql);
	free(sql);
	if (!st)
		return -1;
	long long n = st_step(st) == DB_ROW ? st_int(st, 0) : -1;
	st_reset(st);
	if (n < 0)
		db_fail(db, table);
	return n;
}

/* The destination holds nothing yet but what every new database has. */
static int check_empty(struct crm_db *to)
{
	for (int i = 0; i < NTABLES; i++) {
		long long n = seeded(tables[i]) ? 0 : count_rows(to, tables[i]);
		if (n < 0)
			return -1;
		if (n > 0)
			return fail(to, crm_xasprintf(_("%s is not empty (%s has rows); migrate "
			                                "into a new database"),
			                              to->name, tables[i]));
	}
	long long n = count_rows(to, "custom_field");
	if (n != 0)
		return n < 0 ? -1
		             : fail(to, crm_xasprintf(_("%s is not empty (custom_field has rows); "
		                                        "migrate into a new database"),
		                                      to->name));
	return 0;
}

/* The custom fields of the source, added to the destination with their columns. */
static int copy_fields(struct crm_db *from, struct crm_db *to)
{
	struct db_stmt *st =
	    db_prepare(from, "SELECT entity, name, type, choices FROM custom_field ORDER BY rowid");
	if (!st)
		return -1;
	int rc, ok = 0;
	while (ok == 0 && (rc = st_step(st)) == DB_ROW) {
		const struct crm_entity *ent = crm_entity_find(st_text(st, 0));
		int type = crm_type_parse(st_text(st, 2));
		if (!ent || type < 0) {
			ok = fail(to, crm_xasprintf(_("custom field %s of %s: unknown to this "
			                              "program"),
			                            st_text(st, 1), st_text(st, 0)));
			break;
		}
		char *name = db_column_dup(st, 1), *choices = db_column_dup(st, 3);
		ok = db_field_add(to, ent, name, type, choices);
		free(name);
		free(choices);
	}
	st_reset(st);
	if (ok == 0 && rc != DB_DONE)
		return db_fail(from, "custom_field"), -1;
	return ok;
}

/* Streams attachment id's bytes from one database into the other, in place. */
static int copy_bytes(struct crm_db *from, struct crm_db *to, long long id)
{
	struct db_blob *in, *out;
	if (from->drv->blob_open(from->h, "attachment", "data", id, 0, &in) != DB_OK)
		return db_fail(from, "attachment"), -1;
	if (to->drv->blob_open(to->h, "attachment", "data", id, 1, &out) != DB_OK) {
		from->drv->blob_close(in);
		return db_fail(to, "attachment"), -1;
	}
	long long size = from->drv->blob_bytes(in);
	char chunk[65536];
	int rc = 0;
	for (long long off = 0; off < size && rc == 0;) {
		int n =
		    size - off < (long long)sizeof chunk ? (int)(size - off) : (int)sizeof chunk;
		if (from->drv->blob_read(in, chunk, n, off) != DB_OK)
			rc = (db_fail(from, "attachment"), -1);
		else if (to->drv->blob_write(out, chunk, n, off) != DB_OK)
			rc = (db_fail(to, "attachment"), -1);
		off += n;
	}
	from->drv->blob_close(in);
	to->drv->blob_close(out);
	return rc;
}

/*
 * "SELECT cols FROM t" on the source and "INSERT INTO t (cols) VALUES
 * (?...)" on the destination, for the columns the source has; an
 * attachment's bytes are a zero blob of their size, filled by copy_bytes.
 */
static int copy_statements(struct crm_db *from, const char *table, struct db_stmt **sel,
                           char **insert)
{
	int blobs = !strcmp(table, "attachment");
	char *sql = crm_xasprintf(blobs ? "SELECT id, entity, record, name, type, size, sha256,"
	                                  " added, who FROM \"%s\" ORDER BY id"
	                                : "SELECT * FROM \"%s\"",
	                          table);
	*sel = db_prepare(from, sql);
	free(sql);
	if (!*sel)
		return -1;
	struct crm_buf b = CRM_BUF_INIT, qs = CRM_BUF_INIT;
	crm_buf_printf(&b, "INSERT INTO \"%s\" (", table);
	for (int i = 0; i < st_columns(*sel); i++) {
		crm_buf_printf(&b, "%s\"%s\"", i ? ", " : "", from->drv->column_name(*sel, i));
		crm_buf_puts(&qs, i ? ", ?" : "?");
	}
	if (blobs)
		crm_buf_puts(&b, ", data");
	crm_buf_printf(&b, ") VALUES (%s%s)", crm_buf_str(&qs), blobs ? ", zeroblob(?6)" : "");
	crm_buf_release(&qs);
	*insert = crm_buf_detach(&b);
	return 0;
}

/* One table's rows, as text (numbers read back as numbers by the column): 0 or -1. */
static int copy_table(struct crm_db *from, struct crm_db *to, const char *table)
{
	struct db_stmt *sel;
	char *insert;
	if (copy_statements(from, table, &sel, &insert) < 0)
		return -1;
	struct db_stmt *ins = db_prepare(to, insert);
	free(insert);
	if (!ins) {
		st_reset(sel);
		return -1;
	}
	int n = st_columns(sel), rc = 0, step;
	while (rc == 0 && (step = st_step(sel)) == DB_ROW) {
		for (int i = 0; i < n; i++)
			db_bind_text(ins, i + 1, st_text(sel, i));
		rc = db_step_later(to, ins, table);
		if (rc == 0 && !strcmp(table, "attachment"))
			rc = copy_bytes(from, to, st_int(sel, 0));
	}
	st_reset(sel);
	if (rc == 0 && step != DB_DONE)
		rc = (db_fail(from, table), -1);
	return rc;
}

/*
 * A server hands out the ids of runs and changes from a sequence, which the
 * copied rows passed by: it starts again after the highest.
 */
static int restart_ids(struct crm_db *to)
{
	if (!to->sql->server)
		return 0;
	return db_exec(to, "DO $$ DECLARE t TEXT; BEGIN"
	                   " FOR t IN SELECT table_name FROM information_schema.columns"
	                   " WHERE table_schema = current_schema() AND column_name = 'id'"
	                   " AND is_identity = 'YES' LOOP"
	                   " EXECUTE format('SELECT setval(pg_get_serial_sequence(%L, ''id''),"
	                   " max(id)) FROM %I HAVING max(id) IS NOT NULL', quote_ident(t), t);"
	                   " END LOOP; END $$");
}

/* Every table holds as many rows in both: 0, or -1 naming the first that does not. */
static int compare_counts(struct crm_db *from, struct crm_db *to, long long *rows)
{
	*rows = 0;
	for (int i = 0; i < NTABLES; i++) {
		long long a = count_rows(from, tables[i]), b = count_rows(to, tables[i]);
		if (a < 0 || b < 0)
			return -1;
		if (a != b)
			return fail(
			    to, crm_xasprintf(_("%s: %lld rows copied of %lld; nothing written"),
			                      tables[i], b, a));
		*rows += a;
	}
	return 0;
}

/*
 * On a server the row rules hide from a session what it may not see, and a
 * copy of what one login sees is not the database: only the tables' owner,
 * a role above the rules or an admin (who sees every row) may copy it.
 */
static int sees_everything(struct crm_db *from)
{
	if (!from->sql->server)
		return 0;
	struct db_stmt *st = db_prepare(
	    from, "SELECT pg_has_role(current_user, (SELECT relowner FROM pg_class"
	          " WHERE oid = to_regclass('contact')), 'MEMBER')"
	          " OR (SELECT rolbypassrls OR rolsuper FROM pg_roles WHERE rolname = current_user)"
	          " OR crm_role() = 'admin'");
	if (!st)
		return -1;
	int all = st_step(st) == DB_ROW && !strcmp(st_text(st, 0), "t");
	st_reset(st);
	if (all)
		return 0;
	return fail(from, crm_xasprintf(_("%s: a copy takes every row, and the server's rules "
	                                  "hide some from this login; run it as the owner of "
	                                  "crm's tables"),
	                                from->name));
}

static int copy_all(struct crm_db *from, struct crm_db *to, long long *rows)
{
	if (sees_everything(from) < 0)
		return -1;
	if (check_empty(to) < 0 || db_exec(to, to->sql->defer_keys) < 0)
		return -1;
	for (int i = 0; i < NTABLES; i++) {
		if (!seeded(tables[i]))
			continue;
		char *sql = crm_xasprintf("DELETE FROM \"%s\"", tables[i]);
		int rc = db_exec(to, sql);
		free(sql);
		if (rc < 0)
			return -1;
	}
	if (copy_fields(from, to) < 0)
		return -1;
	for (int i = 0; i < NTABLES; i++)
		if (copy_table(from, to, tables[i]) < 0)
			return -1;
	/* names and search entries as the destination's engine folds them */
	if (restart_ids(to) < 0 || db_refold(to) < 0)
		return -1;
	/* a server plans by its statistics of the tables: new ones for the new rows */
	for (int i = 0; to->sql->server && i < NTABLES + DB_MAX_ENTITIES; i++) {
		if (i >= NTABLES && !crm_entities[i - NTABLES])
			break;
		char *sql = i < NTABLES ? crm_xasprintf("ANALYZE \"%s\"", tables[i])
		                        : crm_xasprintf("ANALYZE \"%s_fts\"",
		                                        crm_entities[i - NTABLES]->name);
		int rc = db_exec(to, sql);
		free(sql);
		if (rc < 0)
			return -1;
	}
	return compare_counts(from, to, rows);
}

int db_copy(struct crm_db *from, struct crm_db *to, long long *rows)
{
	free(to->err);
	to->err = NULL;
	free(from->err);
	from->err = NULL;
	if (copy_all(from, to, rows) == 0)
		return 0;
	/* what went wrong on either side is said by the destination */
	if (!to->err)
		to->err = crm_xstrdup(db_error(from));
	return -1;
}
