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
	[ -z "${KILLED:-}" ] || sh "$CRM_TOP/tests/pg-server" stop "$KILLED"
}

pg() {
	psql -X -q -tA -F $'\t' -v ON_ERROR_STOP=1 "$CRM_TEST_PG" "$@"
}

# bats test_tags=postgresql
@test "pg schema: every table and column SQLite has, and a version PostgreSQL keeps in a table" {
	pg_setup
	# schema.sql is version 20; the first command brings it up to date with
	# the migrations of lib/store/pg/sql, as it would a database made then
	run pg -f "$CRM_TOP/lib/store/pg/schema.sql"
	[ "$status" -eq 0 ]
	[ "$(pg -c 'SELECT version FROM crm_schema')" = 20 ]
	[ "$(CRM_DB=$CRM_TEST_PG crm-contact list -o ids)" = "" ]
	[ "$(pg -c 'SELECT version FROM crm_schema')" = "$(schema_version)" ]
	[ "$(pg -c "SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
		WHERE c.relnamespace = '$PGNS'::regnamespace AND tgname IN ('change_kept', 'run_kept')")" = 2 ]
	# SQLite's tables and columns, the search tables' internals aside
	local want have
	want=$(sqlite3 "$CRM_DB" "SELECT m.name || ' ' || p.name FROM sqlite_master m,
		pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE '%\_fts%' ESCAPE '\\'
		ORDER BY 1")
	have=$(pg -c "SELECT table_name || ' ' || column_name FROM information_schema.columns
		WHERE table_schema = '$PGNS' AND table_name NOT LIKE '%\_fts' AND table_name != 'crm_schema'
		AND column_name != 'rowid'
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
	need_testdata
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

# The same session on both engines, for the commands every user types.
session() {
	crm-account add name=Acme type=customer city=Madrid country=Spain tags=vip >/dev/null
	crm-account add "name=García y Asociados" type=prospect city=Sevilla >/dev/null
	crm-contact add first_name=Ana last_name=García email=ana@acme.es account=Acme \
		"phone=+34 600 12 34 56" tags=vip,madrid >/dev/null
	crm-contact add first_name=José last_name="O'Brien" email=jose@garcia.es account=2 \
		birthday=1980-05-17 >/dev/null
	crm-opp add name="Acme renewal" account=Acme amount=1234.50 stage=proposal close=2026-04-01 >/dev/null
	crm-opp add name="Big deal" account=2 amount=99.99 probability=35 >/dev/null
	crm-opp win 1 -q
	crm-task add subject="Call Ana" contact=1 due=2026-03-05 >/dev/null
	crm-log add channel=phone subject="Called" contact=2 at=2026-02-27T16:00 >/dev/null
	crm-case add subject="Printer jams" contact=1 priority=high >/dev/null
	crm-contact set 2 city=Sevilla -q
	crm-contact rm 2 -q
	crm-contact restore 2 -q
	crm-quote add opp=2 >/dev/null
	crm-product add sku=GTX name="GTX Pro" price=10.5 >/dev/null
	crm attach -q contact=1 "$CRM_TOP/tests/data/demo-contacts.csv"
	crm user add ana name='Ana García' team=east >/dev/null
	crm undo -q
	crm-contact list garcia
	crm-contact list "o'bri" -o json
	crm-contact list city~SEVI tag!=vip -o csv
	crm-opp list -o csv
	crm-report pipeline
	crm-report sales --by owner,month
	crm-report forecast
	crm-report activity
	crm history -o tsv
	crm-contact show 1
	crm-contact history 2
	crm check
	crm dump -q dump
}

# bats test_tags=postgresql
@test "pg: the same commands print the same and dump the same bytes on SQLite and PostgreSQL" {
	[ -n "${CRM_TEST_PG:-}" ] || skip "no PostgreSQL server (CRM_TEST_PG)"
	mkdir sqlite postgresql
	(cd sqlite && session >out 2>err)
	pg_database
	(cd postgresql && session >out 2>err)
	[ "$(wc -l <sqlite/out)" -gt 40 ]
	diff sqlite/out postgresql/out
	diff sqlite/err postgresql/err
	diff -r sqlite/dump postgresql/dump
	# and a dump of one restores into the other, the same again
	crm restore -q sqlite/dump 2>&1 | grep -q 'needs an empty database'
	empty_database
	crm restore -q sqlite/dump
	crm dump -q again
	diff -r --exclude=manifest.csv sqlite/dump again
}

# bats test_tags=postgresql
@test "pg: crm init makes the schema once; a newer one, or a schema of another program, is refused" {
	pg_database
	run --separate-stderr crm init
	[ "$status" -eq 0 ]
	[ "$stderr" = "crm: database ready (schema version $(schema_version))" ]
	raw_sql "UPDATE crm_schema SET version = 99"
	run --separate-stderr crm-contact list
	[ "$status" -eq 4 ]
	[[ "$stderr" == *"database schema version 99 is newer than this program understands ($(schema_version)); upgrade crm" ]]
	run --separate-stderr crm sql "SELECT 1"
	[ "$status" -eq 4 ]
	# a schema of tables that are not crm's is left as it is
	PGNS="other_$$"
	psql -X -q "$CRM_TEST_PG" -c "CREATE SCHEMA $PGNS" -c "CREATE TABLE $PGNS.orders (id int)"
	export PGOPTIONS="-c search_path=$PGNS,public"
	run --separate-stderr crm init
	[ "$status" -eq 4 ]
	[[ "$stderr" == *"not a crm database (a PostgreSQL schema with tables of its own); left as it is" ]]
	[ "$(psql -X -tA "$CRM_TEST_PG" -c "SELECT count(*) FROM pg_tables WHERE schemaname = '$PGNS'")" = 1 ]
}

# bats test_tags=postgresql
@test "pg: crm sql is read-only on the server, not by its first word; backup says pg_dump" {
	pg_database
	crm-contact add first_name=Ana >/dev/null
	run --separate-stderr crm sql "WITH d AS (DELETE FROM contact RETURNING 1) SELECT count(*) FROM d"
	[ "$status" -eq 4 ]
	[[ "$stderr" == *"read-only transaction"* ]]
	run crm sql "SELECT count(*) FROM contact"
	[ "$output" = 1 ]
	run --separate-stderr crm backup copy.dump
	[ "$status" -eq 4 ]
	[[ "$stderr" == "crm: a database on a server is backed up by the server's tool: pg_dump -Fc -f copy.dump"* ]]
	[ ! -e copy.dump ]
}

# bats test_tags=postgresql
@test "pg: writers queue on the server's lock: past CRM_BUSY_TIMEOUT exit 4, readers never wait" {
	pg_database
	crm-contact add first_name=Ana >/dev/null
	# another writer holds the lock for two seconds
	psql -X -q "$CRM_TEST_PG" -c "BEGIN" \
		-c "SELECT pg_advisory_xact_lock(7499629, hashtext('$PGNS'))" -c "SELECT pg_sleep(2)" \
		-c "COMMIT" >/dev/null &
	sleep 0.5
	run --separate-stderr env CRM_BUSY_TIMEOUT=0.2 crm-contact add first_name=Eva
	[ "$status" -eq 4 ]
	[[ "$stderr" == *"database is locked by another writer; try again (or raise CRM_BUSY_TIMEOUT)" ]]
	run crm-contact list -o ids
	[ "$output" = 1 ]
	run env CRM_BUSY_TIMEOUT=10 crm-contact add first_name=Eva
	[ "$status" -eq 0 ]
	wait
	run crm-contact list -o ids
	[ "${lines[*]}" = "1 2" ]
}

# bats test_tags=postgresql
@test "pg: a password in the connection string never shows in a message" {
	[ -n "${CRM_TEST_PG:-}" ] || skip "no PostgreSQL server (CRM_TEST_PG)"
	run --separate-stderr crm --db 'postgresql://ana:s3cret@127.0.0.1:1/crm' contact list
	[ "$status" -eq 4 ]
	[[ "$stderr" == "crm-contact: cannot open database 'postgresql://ana:***@127.0.0.1:1/crm': "* ]]
	[[ "$stderr" != *s3cret* ]]
	run --separate-stderr crm --db 'host=127.0.0.1 port=1 password=s3cret dbname=crm' contact list
	[ "$status" -eq 4 ]
	[[ "$stderr" != *s3cret* ]]
	[[ "$stderr" == *"password=***"* ]]
}

# bats test_tags=postgresql
@test "pg: the change log names the server's login, which CRM_USER cannot change; undo takes back one's own" {
	pg_database
	local as_luis="${CRM_TEST_PG/user=tester/user=luis}"
	crm user add luis team=east >/dev/null
	crm user login -q luis
	CRM_DB="$as_luis" CRM_USER=tester crm-contact add first_name=Eva >/dev/null
	CRM_USER=luis crm-contact add first_name=Ana >/dev/null
	run crm history -o tsv
	[ "$(cut -f1,3 <<<"$output" | tr '\t\n' ': ')" = "3:tester 2:luis 1:tester " ]
	# each one is a user, the owner of what they add; each one's undo takes
	# back their own run, whatever CRM_USER says
	[ "$(crm-contact list -o tsv --fields first_name,owner --sort id | tr '\t\n' ': ')" = "Eva:luis Ana:tester " ]
	run --separate-stderr env CRM_USER=luis crm undo
	[ "$stderr" = "crm: undid run 3 (2 changes by tester at 2026-03-01T09:00:00Z)" ]
	run --separate-stderr env CRM_DB="$as_luis" crm undo
	[ "$stderr" = "crm: undid run 2 (1 change by luis at 2026-03-01T09:00:00Z)" ]
	run crm-contact list
	[ "$output" = "" ]
}

# bats test_tags=postgresql
@test "pg: crm migrate moves a whole database, history included, to the server and back" {
	[ -n "${CRM_TEST_PG:-}" ] || skip "no PostgreSQL server (CRM_TEST_PG)"
	local file="$CRM_DB"
	session >/dev/null 2>&1
	crm field add contact tier choice gold,silver -q
	crm-contact set 1 tier=gold -q
	pg_database
	local server="$CRM_DB"
	run --separate-stderr crm --db "$file" migrate "$server"
	[ "$status" -eq 0 ]
	[[ "$stderr" == "crm: migrated "*" rows to $server, every table counted in both" ]]
	# the same records, files, configuration and change log
	crm --db "$file" dump -q a
	crm dump -q b
	diff -r a b
	[ "$(crm --db "$file" history -o tsv)" = "$(crm history -o tsv)" ]
	run crm-contact list last_name~garcia --fields id,tier
	[ "$output" = "1	gold" ]
	# work goes on on the server: new runs and records after the old ones
	run crm-contact add first_name=Eva
	[ "$output" = 3 ]
	[ "$(crm history -o tsv | head -n 1 | cut -f1)" = "$(($(crm --db "$file" history -o tsv | wc -l) + 1))" ]
	crm undo -q
	# and back to a file, the same again
	crm migrate -q back.db
	crm --db back.db dump -q c
	diff -r a c
	[ "$(crm --db back.db history -o tsv)" = "$(crm history -o tsv)" ]
	# a server database with records is refused
	run --separate-stderr crm --db back.db migrate "$server"
	[ "$status" -eq 4 ]
	[[ "$stderr" == *" is not empty ("*" has rows); migrate into a new database" ]]
}

# bats test_tags=postgresql
@test "pg: a writer killed at any moment, or cut off by the server, leaves all of its run or none" {
	pg_database
	{
		echo first_name,last_name,email
		for i in $(seq 1500); do echo "Ana$i,García,ana$i@example.com"; done
	} >many.csv
	local i n t0 ms delay
	t0=$(date +%s%3N)
	crm-contact import -q many.csv
	ms=$(($(date +%s%3N) - t0 + 1))
	for i in 1 2 3 4; do
		empty_database
		delay=$((RANDOM % (ms + ms / 4 + 1)))
		setsid crm-contact import -q many.csv >/dev/null 2>&1 &
		sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
		kill -9 -- "-$!" 2>/dev/null || true
		wait "$!" 2>/dev/null || true
		n=$(crm sql "SELECT count(*) FROM contact")
		echo "# trial $i: $n contacts" >&3
		[ "$n" = 0 ] || [ "$n" = 1500 ]
		run crm check
		[ "$status" -eq 0 ]
	done
	# the server ends the session in the middle of a run: exit 4, libpq's
	# message, nothing of the run written
	empty_database
	{
		echo first_name,last_name,email
		for i in $(seq 20000); do echo "Ana$i,García,ana$i@example.com"; done
	} >more.csv
	psql -X -q "$CRM_TEST_PG" -c "DO \$\$ BEGIN FOR i IN 1..400 LOOP PERFORM pg_sleep(0.01), pg_stat_clear_snapshot();
		IF (SELECT bool_or(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'crm'
			AND xact_start < clock_timestamp() - interval '0.1 s') THEN EXIT; END IF;
		END LOOP; END \$\$" >/dev/null &
	run --separate-stderr crm-contact import more.csv
	wait
	[ "$status" -eq 4 ]
	echo "cut off: $stderr" >&2
	[[ "$stderr" == *"terminat"* || "$stderr" == *"connection"* ]]
	[ "$(crm sql "SELECT count(*) FROM contact")" = 0 ]
}

# bats test_tags=postgresql
@test "pg: the server killed in the middle of an import: after its restart the run is not there, what came before is" {
	[ -n "${CRM_TEST_PG:-}" ] || skip "no PostgreSQL server (CRM_TEST_PG)"
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || skip "no PostgreSQL server of our own to kill"
	# a server of the test's own, which it kills
	KILLED=$(mktemp -u /tmp/crm-pgkill.XXXXXX)
	export CRM_DB
	CRM_DB=$(sh "$CRM_TOP/tests/pg-server" start "$KILLED")
	unset PGOPTIONS
	crm init -q
	crm-contact add -q first_name=Kept email=kept@example.com
	{
		echo first_name,last_name,email
		for i in $(seq 20000); do echo "Ana$i,García,ana$i@example.com"; done
	} >many.csv
	crm-contact import -q many.csv 2>import.err &
	local job=$! backend="" i
	# the import's session, once it has written for a while
	for i in $(seq 400); do
		backend=$(psql -X -tA "$CRM_DB" -c "SELECT pid FROM pg_stat_activity WHERE
			application_name = 'crm' AND xact_start < clock_timestamp() - interval '0.1 s'")
		[ -z "$backend" ] || break
		sleep 0.02
	done
	[ -n "$backend" ]
	# the server and the session's process, as a crash or the OOM killer would
	kill -9 "$(head -n 1 "$KILLED/data/postmaster.pid")" "$backend"
	local rc=0
	wait "$job" || rc=$?
	cat import.err >&2
	[ "$rc" -eq 4 ]
	sh "$CRM_TOP/tests/pg-server" restart "$KILLED"
	[ "$(crm sql "SELECT count(*) FROM contact")" = 1 ]
	[ "$(crm-contact list -o tsv --fields first_name)" = Kept ]
	run crm check
	[ "$status" -eq 0 ]
	# and the same import again goes through whole
	crm-contact import -q many.csv
	[ "$(crm sql "SELECT count(*) FROM contact")" = 20001 ]
}

# A team on the server: an admin, a manager of east, a rep of east led by
# them, a rep of west, someone who only reads; each one a login of the
# server (crm user login), with which "as WHO CMD..." runs a command.
team() {
	pg_database
	crm user add adm role=admin >/dev/null
	crm user add mgr role=manager team=east >/dev/null
	crm user add rep1 role=rep team=east manager=mgr >/dev/null
	crm user add rep2 role=rep team=west >/dev/null
	crm user add ro role=readonly >/dev/null
	crm user login -q adm mgr rep1 rep2 ro
}

as() {
	local who=$1
	shift
	CRM_DB="${CRM_TEST_PG/user=tester/user=$who}" "$@"
}

# bats test_tags=postgresql
@test "pg permissions: each role under each sharing rule, through the commands and psql alike" {
	team
	as rep1 crm-opp add name='East one' amount=100 >/dev/null
	as rep2 crm-opp add name='West secret' amount=999 >/dev/null
	local rule who sees changes id got=""
	for rule in private read write; do
		crm config set sharing.opp "$rule"
		for who in adm mgr rep1 rep2 ro; do
			sees=$(as "$who" crm-opp list -o ids --sort id | paste -sd, -)
			# psql sees the same rows as the commands
			[ "$(psql -X -tA "${CRM_TEST_PG/user=tester/user=$who}" \
				-c "SELECT string_agg(id::text, ',' ORDER BY id) FROM opp")" = "$sees" ]
			changes=""
			for id in 1 2; do
				as "$who" crm-opp set -q "$id" "notes=$who $rule" 2>/dev/null && changes="$changes$id,"
			done
			got="$got$rule $who sees:$sees changes:${changes%,}"$'\n'
		done
	done
	diff - <(printf '%s' "$got") <<'EOF2'
private adm sees:1,2 changes:1,2
private mgr sees:1 changes:1
private rep1 sees:1 changes:1
private rep2 sees:2 changes:2
private ro sees: changes:
read adm sees:1,2 changes:1,2
read mgr sees:1,2 changes:1
read rep1 sees:1,2 changes:1
read rep2 sees:1,2 changes:2
read ro sees:1,2 changes:
write adm sees:1,2 changes:1,2
write mgr sees:1,2 changes:1,2
write rep1 sees:1,2 changes:1,2
write rep2 sees:1,2 changes:1,2
write ro sees:1,2 changes:
EOF2
}

# bats test_tags=postgresql
@test "pg permissions: a private deal of another team shows by no filter, search, report, export, history or undo" {
	team
	crm config set sharing.opp private
	as rep2 crm-opp add name='West secret' amount=999 notes='codename bluebird' >/dev/null
	as rep1 crm-opp add name='East one' amount=100 >/dev/null
	run as rep1 crm-opp list name~secret
	[ "$status" -eq 1 ]
	run as rep1 crm-opp list bluebird
	[ "$status" -eq 1 ]
	run as rep1 crm-opp show 1
	[ "$status" -eq 1 ]
	run as rep1 crm-report pipeline
	[ "$output" = "default	prospecting	EUR	1	100.00	10.00" ]
	run as rep1 crm-opp export -o csv
	[[ "$output" != *secret* ]]
	run as rep1 crm history -o tsv
	[[ "$output" != *secret* ]]
	[ "${#lines[@]}" -eq "$(($(crm history -o tsv | wc -l) - 1))" ]
	run as rep1 crm undo --run "$(crm history -o tsv | grep -F "West secret" | cut -f1)"
	[ "$status" -ne 0 ]
	run as rep1 crm sql "SELECT count(*) FROM opp"
	[ "$output" = 1 ]
	# nor from psql, in any table that carries its words
	run psql -X -tA "${CRM_TEST_PG/user=tester/user=rep1}" \
		-c "SELECT count(*) FROM opp_fts WHERE body LIKE '%bluebird%'" \
		-c "SELECT count(*) FROM change WHERE new LIKE '%secret%'" \
		-c "SELECT count(*) FROM run WHERE command LIKE '%secret%'"
	[ "${lines[*]}" = "0 0 0" ]
	# the deal's manager sees it through none of them either; its owner does
	run as rep2 crm-opp list bluebird -o ids
	[ "$output" = 1 ]
}

# bats test_tags=postgresql
@test "pg permissions: the configuration is the admins'; the identity is the server's" {
	team
	run --separate-stderr as rep1 crm config set sharing.opp write
	[ "$status" -eq 4 ]
	[[ "$stderr" == *"permission denied for table setting" ]]
	run as mgr crm-opp stages set default closing position=5 probability=90
	[ "$status" -eq 4 ]
	run as rep1 crm-report quota set rep1 2026-03 1000
	[ "$status" -eq 4 ]
	run as rep1 crm-user set rep1 role=admin
	[ "$status" -eq 4 ]
	as adm crm config set sharing.opp read
	[ "$(crm config get sharing.opp)" = read ]
	# readonly changes nothing
	run as ro crm-contact add first_name=Eva
	[ "$status" -eq 4 ]
	# whatever CRM_USER says, the log and the owner are the login
	CRM_USER=adm as rep1 crm-contact add first_name=Ana >/dev/null
	[ "$(crm-contact list -o tsv --fields owner)" = rep1 ]
	[ "$(crm history -o tsv | head -n 1 | cut -f3)" = rep1 ]
	# on a file, a login is refused
	run --separate-stderr crm --db "$BATS_TEST_TMPDIR/f.db" user login adm
	[ "$status" -eq 4 ]
	# a copy of the database takes every row: not a rep's to make
	run --separate-stderr as rep1 crm migrate copy.db
	[ "$status" -eq 4 ]
	[[ "$stderr" == *"a copy takes every row, and the server's rules hide some from this login; run it as the owner of crm's tables" ]]
	[ ! -e copy.db ]
}

# bats test_tags=postgresql
@test "pg permissions: the change log is the server's record: no login adds to another's runs, rewrites or deletes" {
	team
	crm config set sharing.opp read
	as rep1 crm-opp add name='East one' amount=100 tags=hot >/dev/null
	local url="${CRM_TEST_PG/user=tester/user=rep2}"
	# a run in another's name, or changes added to another's run
	run psql -X -q -v ON_ERROR_STOP=1 "$url" -c "INSERT INTO run (at, who) VALUES ('2026-03-01T09:00:00Z', 'rep1')"
	[ "$status" -ne 0 ]
	[[ "$output" == *"row-level security"* ]]
	run psql -X -q -v ON_ERROR_STOP=1 "$url" -c "INSERT INTO change (run, entity, record, op)
		SELECT id, 'opp', 1, 'set' FROM run WHERE who = 'rep1'"
	[ "$status" -ne 0 ]
	# a deal they may only read: no tag added or taken away either
	run psql -X -q -v ON_ERROR_STOP=1 "$url" -c "INSERT INTO tag (entity, record, tag) VALUES ('opp', 1, 'lost')"
	[ "$status" -ne 0 ]
	psql -X -q "$url" -c "DELETE FROM tag"
	[ "$(crm-opp show 1 --fields tags -o tsv)" = hot ]
	# nobody rewrites or deletes, an admin and the owner of the tables
	# included: the rules find no row an admin may delete, the trigger stops
	# the owner
	local log
	log=$(crm history -o tsv)
	for url in "${CRM_TEST_PG/user=tester/user=adm}" "$CRM_TEST_PG"; do
		psql -X -q "$url" -c "DELETE FROM change" -c "DELETE FROM run" 2>/dev/null || true
		run psql -X -q -v ON_ERROR_STOP=1 "$url" -c "UPDATE run SET who = 'adm'"
		[[ "$output" == *"the change log is history"* ]]
	done
	run psql -X -q -v ON_ERROR_STOP=1 "$CRM_TEST_PG" -c "DELETE FROM change"
	[[ "$output" == *"the change log is history: nothing in it is deleted"* ]]
	[ "$(crm history -o tsv)" = "$log" ]
	# nor marks another's run undone from psql; crm undo of one's own still works
	run psql -X -q -v ON_ERROR_STOP=1 "${CRM_TEST_PG/user=tester/user=rep1}" -c "UPDATE run SET undone_by = id"
	[ "$status" -ne 0 ]
	as rep1 crm undo -q
	[ "$(crm-opp list -o ids)" = "" ]
	[ "$(crm history -o tsv | head -n 2 | cut -f 3,5)" = $'rep1\tundoes 6\nrep1\tundone by 8' ]
}

# bats test_tags=postgresql
@test "pg permissions: an import's row the server refuses is named by its line, and nothing is imported" {
	team
	crm config set sharing.contact read
	{
		echo first_name,owner
		for i in $(seq 200); do
			if [ "$i" = 150 ]; then echo "Eva,rep2"; else echo "Ana$i,rep1"; fi
		done
	} >rows.csv
	run --separate-stderr as rep1 crm-contact import rows.csv
	[ "$status" -eq 4 ]
	[ "$stderr" = 'crm-contact: line 151: write: new row violates row-level security policy for table "contact"' ]
	[ "$(crm sql 'SELECT count(*) FROM contact')" = 0 ]
	# without it, all of them
	sed -i '/^Eva,/d' rows.csv
	as rep1 crm-contact import -q rows.csv
	[ "$(crm sql 'SELECT count(*) FROM contact')" = 199 ]
}

# bats test_tags=postgresql
@test "pg permissions: a manager hands a private deal over within their team, not outside it" {
	team
	crm config set sharing.opp private
	as rep1 crm-opp add name='East one' >/dev/null
	run as mgr crm-opp set -q 1 owner=mgr
	[ "$status" -eq 0 ]
	run as rep1 crm-opp list -o ids
	[ "$output" = "" ]
	as mgr crm-opp set -q 1 owner=rep1
	run --separate-stderr as mgr crm-opp set 1 owner=rep2
	[ "$status" -eq 4 ]
	[[ "$stderr" == *"row-level security"* ]]
	[ "$(crm-opp list -o tsv --fields owner)" = rep1 ]
	# nor may a rep give their deal away
	run as rep1 crm-opp set -q 1 owner=rep2
	[ "$status" -eq 4 ]
}
