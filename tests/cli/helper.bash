# Shared set-up for the end-to-end tests: every test gets a fresh, empty
# database in its own temporary directory, a fixed clock, time zone and user.
# CRM_BIN (set by tests/run) holds the built commands; default: ./bin.

# Nothing of the caller's environment reaches a test: every CRM_* variable
# but the harness's own is unset, and HOME and every XDG directory lie in
# the folder given ($1), so a caller's hooks, config or database never run.
clean_env() {
	local v
	for v in $(compgen -e); do
		case $v in
		CRM_BIN | CRM_TOP | CRM_TESTDATA | CRM_SKIP_HEAVY | CRM_TEST_PG | CRM_TEST_ENGINE) ;;
		CRM_* | XDG_* | LC_* | LANG | LANGUAGE | VISUAL | EDITOR | PG*) unset "$v" ;;
		esac
	done
	export HOME="$1/home" XDG_DATA_HOME="$1/home/data" XDG_CONFIG_HOME="$1/home/.config"
	export XDG_STATE_HOME="$1/home/.local/state" XDG_CACHE_HOME="$1/home/.cache"
	export TZ=UTC LC_ALL=C.UTF-8
}
# setup_file and the tests of a file start clean too.
clean_env "${BATS_FILE_TMPDIR:-${TMPDIR:-/tmp}/crm-test-none}"

setup() {
	: "${CRM_BIN:=$BATS_TEST_DIRNAME/../../bin}"
	: "${CRM_TESTDATA:=$BATS_TEST_DIRNAME/../../../shared/testdata}"
	PATH="$CRM_BIN:$PATH"
	clean_env "$BATS_TEST_TMPDIR"
	export CRM_NOW=2026-03-01T09:00:00Z CRM_USER=tester
	if [ "${CRM_TEST_ENGINE:-sqlite}" = postgresql ]; then
		pg_database
	else
		export CRM_DB="$BATS_TEST_TMPDIR/crm.db"
		# a fresh, empty database (crm init once a file, then copies): commands
		# other than init, add and import never create one
		[ -e "$BATS_FILE_TMPDIR/fresh.db" ] || crm --db "$BATS_FILE_TMPDIR/fresh.db" init -q
		cp "$BATS_FILE_TMPDIR/fresh.db" "$CRM_DB"
	fi
	FIXTURES="$BATS_TEST_DIRNAME/../data"
	cd "$BATS_TEST_TMPDIR" || return 1
}

# Tests tagged sqlite (# bats test_tags=sqlite) are of what only an SQLite
# file has (its bytes, locks, pragmas, permissions, invalid UTF-8) and do
# not run on PostgreSQL (tests/run).
#
# With CRM_TEST_ENGINE=postgresql the test's database is a schema of its own
# on the server of $CRM_TEST_PG (tests/pg-server), made by crm init; the
# schema of the file's test before is dropped first.
pg_database() {
	[ -n "${CRM_TEST_PG:-}" ] || skip "no PostgreSQL server (CRM_TEST_PG)"
	local last="$BATS_FILE_TMPDIR/pg-schema"
	if [ -s "$last" ]; then
		psql -X -q "$CRM_TEST_PG" -c "DROP SCHEMA $(cat "$last") CASCADE" >/dev/null 2>&1 || true
	fi
	PGNS="t${BATS_TEST_NUMBER}_$$_${RANDOM}"
	echo "$PGNS" >"$last"
	export PGOPTIONS="-c search_path=$PGNS,public"
	psql -X -q -v ON_ERROR_STOP=1 "$CRM_TEST_PG" -c "CREATE SCHEMA $PGNS" >/dev/null
	export CRM_DB="$CRM_TEST_PG"
	crm init -q
}

# Runs SQL on the test's database past crm, as another program or a person
# at the engine's own shell would: to plant what crm would refuse to write.
raw_sql() {
	if [[ "$CRM_DB" == postgres* ]]; then
		psql -X -q -v ON_ERROR_STOP=1 "$CRM_DB" -c "$1" >/dev/null
	else
		sqlite3 "$CRM_DB" "$1"
	fi
}

# Starts the test's database again, empty, on its engine.
empty_database() {
	if [[ "$CRM_DB" == postgres* ]]; then
		pg_database
	else
		rm -f "$CRM_DB" "$CRM_DB-wal" "$CRM_DB-shm"
		crm init -q
	fi
}

# Compares $output with the expected text on stdin; shows a diff when they differ.
output_is() {
	local want
	want="$(cat)"
	if [ "$output" != "$want" ]; then
		diff -u <(printf '%s\n' "$want") <(printf '%s\n' "$output") >&2 || true
		return 1
	fi
}

# Same for $stderr (after run --separate-stderr).
stderr_is() {
	local want
	want="$(cat)"
	if [ "$stderr" != "$want" ]; then
		diff -u <(printf '%s\n' "$want") <(printf '%s\n' "$stderr") >&2 || true
		return 1
	fi
}

# The schema version this build creates: what init reports and newer databases are measured by.
schema_version() {
	local db="$BATS_TEST_TMPDIR/version.db"
	[ -e "$db" ] || crm --db "$db" init -q
	crm --db "$db" sql "PRAGMA user_version"
}

# A database fingerprint: every row of every table crm keeps (search indexes
# aside; attachments without their bytes), to prove "nothing changed".  With
# table names as arguments, those are left out.
db_dump() {
	local t n order sql=""
	while read -r t n; do
		case " $* " in *" $t "*) continue ;; esac
		if [ "$t" = attachment ]; then
			sql="$sql SELECT '== $t'; SELECT id, entity, record, name, type, size, sha256 FROM attachment ORDER BY 1;"
		else
			order="1"
			[ "$n" -ge 2 ] && order="$order, 2"
			[ "$n" -ge 3 ] && order="$order, 3"
			sql="$sql SELECT '== $t'; SELECT * FROM \"$t\" ORDER BY $order;"
		fi
	done < <(crm sql "$(tables_sql)" -o tsv)
	crm sql "$sql" -o tsv
}

# The tables of the database and their column counts, search tables aside.
tables_sql() {
	if [[ "$CRM_DB" == postgres* ]]; then
		echo "SELECT table_name, (SELECT count(*) FROM information_schema.columns c
			WHERE c.table_schema = t.table_schema AND c.table_name = t.table_name)
			FROM information_schema.tables t WHERE table_schema = current_schema()
			AND table_name NOT LIKE '%fts%' ORDER BY table_name COLLATE \"C\""
	else
		echo "SELECT name, (SELECT count(*) FROM pragma_table_info(name)) FROM sqlite_master
			WHERE type = 'table' AND name NOT LIKE '%fts%' AND name NOT LIKE 'sqlite%' ORDER BY name"
	fi
}

# The records only, without the change log and runs: what an undo must give back.
data_dump() {
	db_dump change run id_mark
}

# Runs a command and checks it failed with the given code, printed nothing on
# stdout, printed exactly the given message on stderr and left the database as it was.
fails_unchanged() {
	local code=$1 msg=$2
	shift 2
	local before
	before="$(db_dump)"
	run --separate-stderr "$@"
	echo "status=$status stdout=[$output] stderr=[$stderr]" >&2
	[ "$status" -eq "$code" ]
	[ "$output" = "" ]
	[ "$stderr" = "$msg" ]
	[ "$(db_dump)" = "$before" ]
}

# Skips the test when the shared test data is absent.
need_testdata() {
	[ -d "$CRM_TESTDATA" ] || skip "shared testdata absent ($CRM_TESTDATA)"
}

# Two accounts and three contacts, used by many tests.
seed() {
	crm-account add name=Acme type=customer city=Madrid country=Spain tags=vip >/dev/null
	crm-account add "name=García y Asociados" type=prospect city=Sevilla country=Spain >/dev/null
	crm-contact add first_name=Ana last_name=García email=ana@acme.es account=Acme \
		"phone=+34 600 12 34 56" city=Madrid tags=vip,madrid >/dev/null
	crm-contact add first_name=José last_name=Pérez email=jose@garcia.es account=2 \
		city=Sevilla birthday=1980-05-17 >/dev/null
	crm-contact add first_name=Françoise last_name=Dubois email=fd@example.fr city=Paris \
		language=fr optout=yes >/dev/null
}

# ---- a pseudo-terminal (tmux) for the interactive parts

TMUX_SOCK=""

# Runs a command line in a detached tmux pseudo-terminal, 150 columns by 40,
# with the test's environment; its exit status lands in ./exit.
tty_start() {
	TMUX_SOCK="$BATS_TEST_TMPDIR/tmux.sock"
	tmux -S "$TMUX_SOCK" -f /dev/null new-session -d -x 150 -y 40 \
		"env PATH='$PATH' CRM_DB='$CRM_DB' CRM_NOW=$CRM_NOW TZ=UTC CRM_USER=tester LC_ALL=C.UTF-8 HOME='$HOME' XDG_STATE_HOME='${XDG_STATE_HOME:-}' EDITOR='${EDITOR:-}' TERM=xterm $1; echo \$? >'$BATS_TEST_TMPDIR/exit'; sleep 30"
}

tty_stop() {
	[ -n "$TMUX_SOCK" ] && tmux -S "$TMUX_SOCK" kill-server 2>/dev/null || true
}

# The exit status of the command tty_start ran, once it has ended (10 s at most).
tty_exit() {
	local i
	for i in $(seq 100); do
		[ -s "$BATS_TEST_TMPDIR/exit" ] && break
		sleep 0.1
	done
	cat "$BATS_TEST_TMPDIR/exit"
}

screen() {
	tmux -S "$TMUX_SOCK" capture-pane -p -J | sed -e 's/[[:space:]]*$//' | sed -e '/^$/d'
}

# Waits (10 s at most) until the screen holds the text (lines in a row if it has several).
wait_for() {
	local i
	for i in $(seq 100); do
		[[ "$(screen)" == *"$1"* ]] && return 0
		sleep 0.1
	done
	echo "screen never showed '$1':" >&2
	screen >&2
	return 1
}

keys() {
	tmux -S "$TMUX_SOCK" send-keys -- "$@"
}
