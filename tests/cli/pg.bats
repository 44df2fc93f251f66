#!/usr/bin/env bats
# PostgreSQL: the schema of lib/store/pg/schema.sql against the one SQLite
# gets from the migrations, and the fold and name keys of both engines on
# real names.  Runs against $CRM_TEST_PG (tests/run starts a throwaway
# server); tagged so, and skipped without one.

load helper
bats_require_minimum_version 1.5.0

# Each test works in a PostgreSQL schema of its own, dropped at the end.
pg_setup() {
	[ -n "${CRM_TEST_PG:-}" ] || skip "no PostgreSQL server (CRM_TEST_PG)"
	command -v psql >/dev/null || skip "no psql"
	PGNS="t${BATS_TEST_NUMBER}_$$"
	export PGOPTIONS="-c search_path=$PGNS,public -c client_min_messages=warning"
	psql -q -v ON_ERROR_STOP=1 "$CRM_TEST_PG" -c "CREATE SCHEMA $PGNS"
}

teardown() {
	[ -z "${PGNS:-}" ] || psql -q "$CRM_TEST_PG" -c "DROP SCHEMA $PGNS CASCADE" >/dev/null 2>&1 || true
}

pg() {
	psql -X -q -tA -F $'\t' -v ON_ERROR_STOP=1 "$CRM_TEST_PG" "$@"
}

# bats test_tags=postgresql
@test "pg schema: every table and column SQLite has, and a version PostgreSQL keeps in a table" {
	pg_setup
	run pg -f "$CRM_TOP/lib/store/pg/schema.sql"
	[ "$status" -eq 0 ]
	[ "$(pg -c 'SELECT version FROM crm_schema')" = "$(schema_version)" ]
	# SQLite's tables and columns, the search tables' internals aside
	local want have
	want=$(sqlite3 "$CRM_DB" "SELECT m.name || ' ' || p.name FROM sqlite_master m,
		pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE '%\_fts%' ESCAPE '\\'
		ORDER BY 1")
	have=$(pg -c "SELECT table_name || ' ' || column_name FROM information_schema.columns
		WHERE table_schema = '$PGNS' AND table_name NOT LIKE '%\_fts' AND table_name != 'crm_schema'
		ORDER BY (table_name || ' ' || column_name) COLLATE \"C\"")
	diff <(echo "$want") <(echo "$have")
	want=$(sqlite3 "$CRM_DB" "SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%' ORDER BY 1")
	have=$(pg -c "SELECT table_name FROM information_schema.tables WHERE table_schema = '$PGNS'
		AND table_name LIKE '%\_fts' ORDER BY table_name::text COLLATE \"C\"")
	[ "$want" = "$have" ]
	# the seeded stages and service levels too
	[ "$(pg -c 'SELECT count(*) FROM stage')" = "$(sqlite3 "$CRM_DB" 'SELECT count(*) FROM stage')" ]
	[ "$(pg -c 'SELECT string_agg(priority, $$,$$ ORDER BY respond) FROM sla')" = "urgent,high,normal,low" ]
}

# bats test_tags=postgresql
@test "pg schema: triggers keep ids and last touches as SQLite's do" {
	pg_setup
	pg -f "$CRM_TOP/lib/store/pg/schema.sql"
	run pg -c "INSERT INTO contact (first_name, created, updated) VALUES ('Ana', 'x', 'x');
		INSERT INTO opp (name, created, updated) VALUES ('Deal', 'x', 'x');
		INSERT INTO interaction (at, contact, opp, created, updated)
			VALUES ('2026-03-01T09:00:00Z', 1, 1, 'x', 'x'), ('2026-03-02T09:00:00Z', 1, NULL, 'x', 'x');
		INSERT INTO task (subject, status, finished, opp, created, updated)
			VALUES ('Call', 'done', '2026-03-05T10:00:00Z', 1, 'x', 'x');
		SELECT touched FROM contact; SELECT touched FROM opp;
		DELETE FROM task; SELECT touched FROM opp;
		UPDATE interaction SET deleted = 'x' WHERE id = 2; SELECT touched FROM contact;
		DELETE FROM interaction; DELETE FROM opp; SELECT entity, high FROM id_mark ORDER BY 1"
	[ "$status" -eq 0 ]
	output_is <<'EOF'
2026-03-02T09:00:00Z
2026-03-05T10:00:00Z
2026-03-01T09:00:00Z
2026-03-01T09:00:00Z
interaction	2
opp	1
task	1
EOF
}

# bats test_tags=postgresql
@test "pg fold: crm_fold and crm_key give the program's keys on real names" {
	pg_setup
	pg -f "$CRM_TOP/lib/store/pg/schema.sql"
	local names="$BATS_TEST_TMPDIR/names.txt"
	# names, cities and companies of the sample files, and harder scripts
	# (fields with quotes or the import's separator left out: the names are what count)
	cut -d, -f3-7 "$CRM_TESTDATA/datablist-sample-csv/customers-10000.csv" | tr ',' '\n' |
		grep -v '["|\\]' | sort -u >"$names"
	printf '%s\n' 'José Núñez' 'Ærøskøbing' 'Œuvre' 'Straße' 'İstanbul' 'Ελληνικά Άλφα' \
		'Nguyễn Thị Minh Khai' 'Łódź' 'Đorđe' 'Þór' 'Ångström' 'Čeština Šťastný' \
		'Ｆｕｌｌｗｉｄｔｈ' 'Øresund' 'Москва Ёлка' 'Acme Ibérica, S.L.' >>"$names"
	sqlite3 "$CRM_DB" "CREATE TABLE names (t TEXT)" ".import $names names"
	crm sql "SELECT t, crm_fold(t), crm_key(t) FROM names" -o tsv | sort >sqlite.tsv
	pg -c "CREATE TABLE names (t TEXT)" -c "\\copy names FROM '$names'" \
		-c "SELECT t, crm_fold(t), crm_key(t) FROM names" | sort >pg.tsv
	[ "$(wc -l <sqlite.tsv)" -gt 1000 ]
	diff sqlite.tsv pg.tsv
}
