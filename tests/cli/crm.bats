#!/usr/bin/env bats
# End-to-end tests of the crm front end: dispatch, help, init, backup, check,
# sql, custom fields, undo, history, schema versions, concurrent writers, and
# the usage errors every command shares.

load helper
bats_require_minimum_version 1.5.0



# Octal permission bits of a file.
mode_of() {
	stat -c '%a' "$1"
}

# --------------------------------------------------------- front end

@test "crm contact list runs crm-contact list" {
	seed
	run --separate-stderr crm contact list city=Madrid,Paris
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	output_is <<'EOF'
3	Françoise	Dubois		fd@example.fr		Paris	tester
1	Ana	García	Acme	ana@acme.es	+34 600 12 34 56	Madrid	tester
EOF
	# its errors carry the command's own name and exit code
	run --separate-stderr crm contact show 99
	[ "$status" -eq 1 ]
	[ "$stderr" = "crm-contact: no contact 99" ]
}

@test "crm --version and crm-contact --version print the version on stdout" {
	run --separate-stderr crm --version
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[[ "$output" =~ ^crm\ [0-9]+\.[0-9]+\.[0-9]+$ ]]
	local v=${output#crm }
	run --separate-stderr crm-contact --version
	[ "$status" -eq 0 ]
	[ "$output" = "crm-contact $v" ]
}

@test "crm --help prints usage on stdout, exit 0" {
	run --separate-stderr crm --help
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ "${lines[0]}" = "usage: crm COMMAND [OPTIONS] [ARGS...]" ]
	[[ "$output" == *$'\n  contact '*'(crm-contact)'* ]]
	[[ "$output" == *$'\n  account '*'(crm-account)'* ]]
	[[ "$output" == *$'\n  undo [--run ID] '*'revert the last run'* ]]
	[[ "$output" == *$'\n  sql QUERY '*'run a read-only SQL query'* ]]
	run --separate-stderr crm help
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "usage: crm COMMAND [OPTIONS] [ARGS...]" ]
}

@test "crm with no arguments: usage on stderr, exit 2" {
	run --separate-stderr crm
	[ "$status" -eq 2 ]
	[ "$output" = "" ]
	[[ "$stderr" == "usage: crm COMMAND [OPTIONS] [ARGS...]"* ]]
}

# bats test_tags=sqlite
@test "crm with an unknown command: exit 2 and a message on stderr" {
	rm "$CRM_DB"
	run --separate-stderr crm frob
	[ "$status" -eq 2 ]
	[ "$output" = "" ]
	[ "$stderr" = "crm: 'frob' is not a crm command (no crm-frob); see 'crm help'" ]
	[ ! -e "$CRM_DB" ]
}

@test "crm help contact prints crm-contact's usage on stdout" {
	run --separate-stderr crm help contact
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ "${lines[0]}" = "usage: crm-contact VERB [OPTIONS] [WORDS...]" ]
	[[ "$output" == *"  add [-] FIELD=VALUE..."*"add a record (one per id read with -); prints its id"* ]]
	[[ "$output" == *"  lookup PHONE|EMAIL"* ]]
	[[ "$output" == *"  forget ID..."* ]]
	run --separate-stderr crm help init
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == "usage: crm init [OPTIONS]"* ]]
	run --separate-stderr crm help frob
	[ "$status" -eq 2 ]
	[ "$output" = "" ]
	[ "$stderr" = "crm: 'frob' is not a crm command (no crm-frob); see 'crm help'" ]
}

# -------------------------------------------------------------- init

# bats test_tags=sqlite
@test "init creates the database 0600 in a 0700 directory under XDG_DATA_HOME" {
	rm "$CRM_DB"
	unset CRM_DB
	umask 022
	run --separate-stderr crm init
	[ "$status" -eq 0 ]
	[ "$output" = "" ]
	[ "$stderr" = "crm: database ready (schema version $(schema_version))" ]
	[ -f "$XDG_DATA_HOME/crm/crm.db" ]
	[ "$(mode_of "$XDG_DATA_HOME/crm/crm.db")" = 600 ]
	[ "$(mode_of "$XDG_DATA_HOME/crm")" = 700 ]
	# and the commands use it by default
	crm-contact add -q first_name=Ana >/dev/null
	run crm sql "SELECT first_name FROM contact" --db "$XDG_DATA_HOME/crm/crm.db"
	[ "$output" = "Ana" ]
	[ ! -e "$BATS_TEST_TMPDIR/crm.db" ]
}

@test "init with CRM_DB in new directories creates them 0700, even with umask 000" {
	export CRM_DB="$BATS_TEST_TMPDIR/a/b/crm.db"
	umask 000
	run crm init -q
	[ "$status" -eq 0 ]
	[ "$output" = "" ]
	[ "$(mode_of "$BATS_TEST_TMPDIR/a")" = 700 ]
	[ "$(mode_of "$BATS_TEST_TMPDIR/a/b")" = 700 ]
	[ "$(mode_of "$CRM_DB")" = 600 ]
	crm-contact add -q first_name=Ana >/dev/null
	[ "$(mode_of "$CRM_DB")" = 600 ]
}

@test "init twice is harmless" {
	crm init -q
	seed
	run --separate-stderr crm init
	[ "$status" -eq 0 ]
	[ "$stderr" = "crm: database ready (schema version $(schema_version))" ]
	run crm-contact list -o ids
	[ "${lines[*]}" = "3 1 2" ]
}

@test "--db overrides CRM_DB" {
	seed
	run --separate-stderr crm-contact add --db other.db first_name=Otro
	[ "$status" -eq 0 ]
	[ "$output" = "1" ]
	[ "$stderr" = "crm-contact: created a new database at other.db" ]
	run crm-contact list --db other.db
	[ "$output" = "1	Otro						tester" ]
	run crm-contact list -o ids
	[ "${lines[*]}" = "3 1 2" ]
	run crm init --db new.db -q
	[ "$status" -eq 0 ]
	[ -f new.db ]
	[ "$(mode_of new.db)" = 600 ]
}

# bats test_tags=sqlite
@test "crm --db PATH COMMAND: the option before the command" {
	seed
	crm backup -q copy.db
	crm-contact set -q 1 city=Lisboa
	run --separate-stderr crm --db copy.db contact list city=Madrid -o ids
	[ "$status" -eq 0 ]
	[ "$output" = "1" ]
	run --separate-stderr crm --db copy.db check
	[ "$status" -eq 0 ]
	[ "$output" = "ok" ]
}

# ------------------------------------------------------ backup, check

# bats test_tags=sqlite
@test "backup creates a readable, private copy" {
	seed
	run --separate-stderr crm backup copy.db
	[ "$status" -eq 0 ]
	[ "$output" = "" ]
	[ "$stderr" = "crm: backed up to copy.db" ]
	[ "$(mode_of copy.db)" = 600 ]
	local want
	want="$(crm-contact list -o csv --fields all)"
	run crm-contact list -o csv --fields all --db copy.db
	[ "$status" -eq 0 ]
	[ "$output" = "$want" ]
	# later changes do not reach the copy
	crm-contact set -q 1 city=Lisboa
	run crm contact list --db copy.db -o ids city=Madrid
	[ "$output" = "1" ]
	run crm check --db copy.db
	[ "$output" = "ok" ]
}

# bats test_tags=sqlite
@test "backup refuses to overwrite a file" {
	seed
	echo precious >copy.db
	run --separate-stderr crm backup copy.db
	[ "$status" -eq 4 ]
	[ "$output" = "" ]
	[ "$stderr" = "crm: cannot create 'copy.db': File exists" ]
	[ "$(cat copy.db)" = "precious" ]
	run --separate-stderr crm backup
	[ "$status" -eq 2 ]
	stderr_is <<'EOF'
crm: give the backup file
usage: crm backup [OPTIONS] FILE
EOF
}

@test "migrate copies the whole database, history too, into a new one; a database with records is refused" {
	seed
	crm field add contact tier choice gold,silver -q
	crm-contact set 1 tier=gold notes='first' -q
	crm attach -q contact=1 "$FIXTURES/demo-contacts.csv"
	crm-contact rm 3 -q
	run --separate-stderr crm migrate new.db
	[ "$status" -eq 0 ]
	[[ "$stderr" == "crm: migrated "*" rows to new.db, every table counted in both" ]]
	# the same records, files and history: dumps and the change log agree
	crm dump -q a
	crm --db new.db dump -q b
	diff -r a b
	[ "$(crm history -o tsv)" = "$(crm --db new.db history -o tsv)" ]
	run crm --db new.db contact list last_name=garcia --fields id,tier
	[ "$output" = "1	gold" ]
	# undo goes on from the last run, and new runs and records take new ids
	crm --db new.db undo -q
	[ "$(crm --db new.db contact list -o ids --deleted)" = "" ]
	run crm --db new.db contact add first_name=Eva
	[ "$output" = 4 ]
	# into a database with records: refused, that database as it was
	before=$(crm --db new.db dump -q c && cat c/contact.csv)
	run --separate-stderr crm migrate new.db
	[ "$status" -eq 4 ]
	[ "$stderr" = "crm: new.db is not empty (user has rows); migrate into a new database" ]
	[ "$(crm --db new.db dump -q c && cat c/contact.csv)" = "$before" ]
	# a file it made for a copy that fails is removed: nothing half made stays
	run --separate-stderr crm migrate /nonexistent/dir/x.db
	[ "$status" -eq 4 ]
	[ ! -e /nonexistent/dir/x.db ]
	run --separate-stderr crm migrate
	[ "$status" -eq 2 ]
}

@test "check prints ok on a sound database" {
	seed
	run --separate-stderr crm check
	[ "$status" -eq 0 ]
	[ "$output" = "ok" ]
	[ "$stderr" = "" ]
}

# ---------------------------------------------------------------- sql

@test "sql runs read-only queries in any format" {
	seed
	run --separate-stderr crm sql "SELECT id, first_name FROM contact ORDER BY id"
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	output_is <<'EOF'
1	Ana
2	José
3	Françoise
EOF
	run crm sql "SELECT id, first_name FROM contact ORDER BY id" -o csv
	output_is <<'EOF'
id,first_name
1,Ana
2,José
3,Françoise
EOF
	run crm sql "SELECT id FROM contact WHERE city = 'Paris'" -o json
	output_is <<'EOF'
[
{"id":3}
]
EOF
	run crm sql "SELECT id FROM contact WHERE id = 99"
	[ "$status" -eq 1 ]
	[ "$output" = "" ]
}

@test "sql refuses writes: exit 4 and nothing changes" {
	seed
	local before q
	before="$(db_dump)"
	local writes=("DELETE FROM contact" "UPDATE contact SET city = 'x'" "DROP TABLE contact"
		"INSERT INTO tag VALUES ('contact', 1, 'x')" "SELECT 1; DELETE FROM contact")
	[ "${CRM_TEST_ENGINE:-sqlite}" = postgresql ] || writes+=("PRAGMA user_version = 5")
	for q in "${writes[@]}"; do
		run --separate-stderr crm sql "$q"
		echo "$q: status=$status stderr=$stderr" >&2
		[ "$status" -eq 4 ]
		[[ "$stderr" == "crm: only read-only statements are allowed; change data with the crm commands" ]]
	done
	[ "$(db_dump)" = "$before" ]
	run crm sql "SELECT count(*) FROM contact"
	[ "$output" = "3" ]
	[ "${CRM_TEST_ENGINE:-sqlite}" = postgresql ] && return
	run crm sql "PRAGMA user_version"
	[ "$output" = "$(schema_version)" ]
}

# bats test_tags=sqlite
@test "sql: a syntax error is exit 4, a missing query exit 2" {
	seed
	run --separate-stderr crm sql "SELEC x"
	[ "$status" -eq 4 ]
	[ "$stderr" = 'crm: sql: near "SELEC": syntax error' ]
	run --separate-stderr crm sql
	[ "$status" -eq 2 ]
	[ "$output" = "" ]
	stderr_is <<'EOF'
crm: give one SQL query (quoted)
usage: crm sql [OPTIONS] QUERY
EOF
}

# ------------------------------------------------------ custom fields

@test "field add: text, number, date, bool and choice fields work in add, set, list and export" {
	seed
	run --separate-stderr crm field add contact shoe number
	[ "$status" -eq 0 ]
	[ "$output" = "" ]
	crm field add contact vip_since date
	crm field add contact active bool
	crm field add contact nick text
	crm field add contact size choice S,M,L
	run --separate-stderr crm-contact add first_name=Q shoe=42 vip_since=2020-01-02 active=yes \
		nick=Kiki size=m
	[ "$status" -eq 0 ]
	[ "$output" = "4" ]
	run crm-contact set -q 1 shoe=38 size=S active=no vip_since=yesterday
	[ "$status" -eq 0 ]
	run crm-contact list --fields id,shoe,size,vip_since,active,nick --sort id
	output_is <<'EOF'
1	38	S	2026-02-28	no	
2					
3					
4	42	M	2020-01-02	yes	Kiki
EOF
	run crm-contact list -o ids 'shoe>40'
	[ "$output" = "4" ]
	run crm-contact list -o ids size=s
	[ "$output" = "1" ]
	run crm-contact list -o ids --sort id 'vip_since<today'
	output_is <<'EOF'
1
4
EOF
	run crm-contact list -o ids active=yes
	[ "$output" = "4" ]
	run crm-contact list -o ids kiki
	[ "$output" = "4" ]
	run crm-contact export -o csv shoe=42
	output_is <<'EOF'
id,first_name,last_name,title,account,email,phone,mobile,home_phone,fax,email2,address,city,region,postcode,country,birthday,channel,language,source,optout,uid,email_is,email2_is,address_is,shoe,vip_since,active,nick,size,owner,tags,notes,created,updated
4,Q,,,,,,,,,,,,,,,,,,,,,,,,42,2020-01-02,yes,Kiki,M,tester,,,2026-03-01T09:00:00Z,2026-03-01T09:00:00Z
EOF
	run crm-contact show 4
	output_is <<'EOF'
id:         4
first_name: Q
shoe:       42
vip_since:  2020-01-02
active:     yes
nick:       Kiki
size:       M
owner:      tester
created:    2026-03-01 09:00
updated:    2026-03-01 09:00
EOF
	run crm check
	[ "$output" = "ok" ]
}

@test "field add: bad values for custom fields are refused, exit 3, nothing written" {
	seed
	crm field add contact size choice S,M,L
	crm field add contact shoe number
	local before
	before="$(db_dump)"
	run --separate-stderr crm-contact add first_name=Q size=XL
	[ "$status" -eq 3 ]
	[ "$stderr" = "crm-contact: size: 'XL' is not one of: S,M,L" ]
	run --separate-stderr crm-contact set 1 shoe=big
	[ "$status" -eq 3 ]
	[ "$stderr" = "crm-contact: shoe: not a number 'big'" ]
	[ "$(db_dump)" = "$before" ]
}

@test "field add: usage errors (bad type, choice without values, values on a non-choice)" {
	seed
	run --separate-stderr crm field add contact x blob
	[ "$status" -eq 2 ]
	[ "$output" = "" ]
	[ "${stderr%%$'\n'*}" = "crm: type must be text, number, money, date, bool or choice, not 'blob'" ]
	[[ "$stderr" == *$'\nusage: crm field [OPTIONS] '* ]]
	run --separate-stderr crm field add contact y choice
	[ "$status" -eq 2 ]
	[ "${stderr%%$'\n'*}" = "crm: a choice field needs its values: a,b,c" ]
	run --separate-stderr crm field add contact z text a,b
	[ "$status" -eq 2 ]
	[ "${stderr%%$'\n'*}" = "crm: only a choice field takes values" ]
	run --separate-stderr crm field add nope z text
	[ "$status" -eq 2 ]
	[ "${stderr%%$'\n'*}" = "crm: unknown entity 'nope'" ]
	run --separate-stderr crm field frob
	[ "$status" -eq 2 ]
	run crm-contact fields
	[ "${#lines[@]}" -eq 30 ]
}

@test "field add: an existing or badly named field is refused" {
	crm field add contact shoe number
	run --separate-stderr crm field add contact shoe text
	[ "$status" -eq 3 ]
	[ "$stderr" = "crm: contact already has a field 'shoe'" ]
	run --separate-stderr crm field add contact email text
	[ "$status" -eq 3 ]
	[ "$stderr" = "crm: contact already has a field 'email'" ]
	run --separate-stderr crm field add contact Bad-Name text
	[ "$status" -eq 3 ]
	[ "$stderr" = "crm: invalid field name 'Bad-Name' (use a-z, 0-9 and _, starting with a letter)" ]
}

@test "field rm removes a custom field, never a built-in one" {
	seed
	crm field add contact shoe number
	crm-contact set -q 1 shoe=40
	run --separate-stderr crm field rm contact shoe
	[ "$status" -eq 0 ]
	[ "$output" = "" ]
	run crm-contact fields
	[ "${#lines[@]}" -eq 30 ]
	[[ "$output" != *shoe* ]]
	run --separate-stderr crm-contact list shoe=40
	[ "$status" -eq 2 ]
	[ "$stderr" = "crm-contact: contact has no field 'shoe' (see 'crm-contact fields')" ]
	run --separate-stderr crm field rm contact email
	[ "$status" -eq 3 ]
	[ "$stderr" = "crm: contact field 'email' is built in and cannot be removed" ]
	run crm-contact fields
	[[ "$output" == *$'\nemail\temail\t'* ]]
}

# --------------------------------------------------------------- undo

@test "undo after a bulk set through a pipe restores every old value exactly" {
	seed
	local before
	before="$(crm-contact list -o csv --fields all --sort id)"
	run --separate-stderr bash -c 'crm-contact list city=Madrid,Sevilla | crm-contact set - city=Lisboa tags+=moved title=X account= birthday='
	[ "$status" -eq 0 ]
	[ "$stderr" = "crm-contact: 2 of 2 contacts changed" ]
	[ "$(crm-contact list -o csv --fields all --sort id)" != "$before" ]
	run --separate-stderr crm undo
	[ "$status" -eq 0 ]
	[ "$output" = "" ]
	[ "$stderr" = "crm: undid run 6 (9 changes by tester at 2026-03-01T09:00:00Z)" ]
	run crm-contact list -o csv --fields all --sort id
	[ "$output" = "$before" ]
	# search follows the restored values too
	run crm-contact list -o ids lisboa
	[ "$status" -eq 1 ]
	run crm-contact list -o ids sevilla
	[ "$output" = "2" ]
}

@test "undo of an add erases the record" {
	seed
	crm-contact add first_name=Nuevo email=nuevo@x.es tags=a >/dev/null
	run --separate-stderr crm undo
	[ "$status" -eq 0 ]
	[ "$stderr" = "crm: undid run 6 (1 change by tester at 2026-03-01T09:00:00Z)" ]
	run crm sql "SELECT count(*) FROM contact WHERE id = 4"
	[ "$output" = "0" ]
	run crm sql "SELECT count(*) FROM tag WHERE entity = 'contact' AND record = 4"
	[ "$output" = "0" ]
	run crm-contact list nuevo
	[ "$status" -eq 1 ]
	# the e-mail address is free again
	run crm-contact add first_name=Nuevo email=nuevo@x.es
	[ "$status" -eq 0 ]
}

@test "undo of rm restores the record" {
	seed
	crm-contact rm -q 2 3
	run --separate-stderr crm undo
	[ "$status" -eq 0 ]
	run crm-contact list -o ids
	[ "${lines[*]}" = "3 1 2" ]
	run crm-contact list --deleted
	[ "$status" -eq 1 ]
}

@test "undo refuses when a record changed after the run, and changes nothing" {
	seed
	crm-contact set -q 1 city=Lisboa
	crm-contact set -q 1 title=Boss
	local before
	before="$(db_dump)"
	run --separate-stderr crm undo --run 6
	[ "$status" -eq 3 ]
	[ "$output" = "" ]
	[ "$stderr" = "crm: contact 1 changed after run 6; undo the later runs first (see 'crm history')" ]
	[ "$(db_dump)" = "$before" ]
}

@test "undo refuses to erase an account that records made later refer to" {
	seed
	local before
	before="$(db_dump)"
	# run 1 added Acme; contact 1 (run 3) points to it
	run --separate-stderr crm undo --run 1
	echo "stderr: $stderr" >&2
	[ "$status" -eq 3 ]
	[[ "$stderr" == crm:*"contact 1"* ]]
	[ "$(db_dump)" = "$before" ]
}

@test "undo of a purge is refused: erased data cannot come back" {
	seed
	crm-contact purge -q 3
	local before
	before="$(db_dump)"
	run --separate-stderr crm undo
	[ "$status" -eq 3 ]
	[ "$output" = "" ]
	[ "$stderr" = "crm: run 6 erased data (purge contact 3); that cannot be undone" ]
	[ "$(db_dump)" = "$before" ]
}

@test "crm undo twice walks back two runs" {
	seed
	crm-contact set -q 1 city=Lisboa
	crm-contact set -q 2 city=Roma
	run --separate-stderr crm undo
	[ "$stderr" = "crm: undid run 7 (1 change by tester at 2026-03-01T09:00:00Z)" ]
	run --separate-stderr crm undo
	[ "$status" -eq 0 ]
	[ "$stderr" = "crm: undid run 6 (1 change by tester at 2026-03-01T09:00:00Z)" ]
	run crm-contact list --fields id,city --sort id
	output_is <<'EOF'
1	Madrid
2	Sevilla
3	Paris
EOF
}

@test "history is kept: no program rewrites or deletes the change log; values may be blanked, runs marked undone once" {
	seed
	crm-contact set -q 1 city=Lisboa
	local before
	before=$(crm history -o tsv | md5sum)
	local sql
	for sql in "UPDATE change SET new = 'Faro' WHERE field = 'city'" \
		"UPDATE change SET record = 2 WHERE field = 'city'" \
		"DELETE FROM change" "DELETE FROM run" \
		"UPDATE run SET who = 'ana'" "UPDATE run SET at = '2020-01-01T00:00:00Z'" \
		"UPDATE run SET command = 'crm-contact list'"; do
		run --separate-stderr raw_sql "$sql"
		[ "$status" -ne 0 ]
		[[ "$stderr" == *"the change log is history"* ]]
	done
	[ "$(crm history -o tsv | md5sum)" = "$before" ]
	# what crm itself does to the log still works: undo marks runs, forget blanks
	crm undo -q
	[ "$(crm-contact show 1 --fields city -o tsv)" = Madrid ]
	run raw_sql "UPDATE run SET undone_by = NULL WHERE undone_by IS NOT NULL"
	[ "$status" -ne 0 ]
	raw_sql "UPDATE change SET old = NULL, new = NULL WHERE field = 'city'"
	raw_sql "UPDATE run SET command = NULL"
	[ "$(crm sql "SELECT count(*) FROM change WHERE field = 'city' AND new IS NOT NULL")" = 0 ]
}

@test "undo --run ID reverts that run when later runs touched other records" {
	seed
	crm-contact set -q 1 city=Lisboa
	crm-contact set -q 2 city=Roma
	run --separate-stderr crm undo --run 6
	[ "$status" -eq 0 ]
	[ "$stderr" = "crm: undid run 6 (1 change by tester at 2026-03-01T09:00:00Z)" ]
	run crm-contact list --fields id,city --sort id
	output_is <<'EOF'
1	Madrid
2	Roma
3	Paris
EOF
	run --separate-stderr crm undo --run 6
	[ "$status" -eq 3 ]
	[ "$stderr" = "crm: run 6 was already undone by run 8" ]
	run --separate-stderr crm undo --run 99
	[ "$status" -eq 1 ]
	[ "$stderr" = "crm: no run 99" ]
}

@test "undo with nothing to undo -> exit 1" {
	crm init -q
	run --separate-stderr crm undo
	[ "$status" -eq 1 ]
	[ "$output" = "" ]
	[ "$stderr" = "crm: nothing of tester's to undo; another user's run needs --run ID (see crm history)" ]
}

# bats test_tags=sqlite
@test "undo without --run reverts the caller's own last run, not the cron job's nor a colleague's" {
	crm-task add subject=Call due=2026-03-01 remind=2026-03-01T08:00 >/dev/null
	CRM_USER=cron crm-task remind >/dev/null
	CRM_USER=luis crm-contact add first_name=Luis >/dev/null
	crm-contact add first_name=Ana >/dev/null
	CRM_USER=luis crm-contact add first_name=Eva >/dev/null
	# tester's last run is run 4, Ana: not Eva, Luis's
	run --separate-stderr crm undo
	[ "$status" -eq 0 ]
	[ "$stderr" = "crm: undid run 4 (1 change by tester at 2026-03-01T09:00:00Z)" ]
	[ "$(crm-contact list -o tsv --fields first_name --sort id | tr '\n' ' ')" = "Luis Eva " ]
	# next, tester's task: refused, since the cron job reminded it since; the
	# cron job's run is never picked without --run, so the reminder stays printed
	run --separate-stderr crm undo
	[ "$status" -eq 3 ]
	[ "$(crm-task list -o tsv --fields reminded)" = "2026-03-01T09:00:00Z" ]
	run --separate-stderr env CRM_USER=luis crm undo
	[ "$stderr" = "crm: undid run 5 (1 change by luis at 2026-03-01T09:00:00Z)" ]
	run --separate-stderr env CRM_USER=nobody-here crm undo
	[ "$status" -eq 1 ]
	[ "$stderr" = "crm: nothing of nobody-here's to undo; another user's run needs --run ID (see crm history)" ]
	# anyone's run by its id
	run --separate-stderr env CRM_USER=nobody-here crm undo --run 2
	[ "$status" -eq 0 ]
	[ "$(crm-task list -o tsv --fields reminded)" = "" ]
}

@test "undo --dry-run prints the plan and writes nothing" {
	seed
	crm-contact list city=Madrid,Sevilla | crm-contact set -q - city=Lisboa tags+=moved
	local before
	before="$(db_dump)"
	run --separate-stderr crm undo --dry-run
	[ "$status" -eq 0 ]
	output_is <<'EOF'
set contact 2: tags: moved → (empty)
set contact 2: city: Lisboa → Sevilla
set contact 1: tags: madrid,moved,vip → madrid,vip
set contact 1: city: Lisboa → Madrid
EOF
	[ "$stderr" = "crm: dry run: would undo run 6 (4 changes by tester at 2026-03-01T09:00:00Z)" ]
	[ "$(db_dump)" = "$before" ]
}

# ------------------------------------------------------------ history

@test "history lists the runs with their command and status" {
	seed
	crm-contact set -q 1 city=Lisboa
	crm undo -q
	run --separate-stderr crm history --limit 3
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	output_is <<'EOF'
7	2026-03-01T09:00:00Z	tester	1	undoes 6	crm undo -q
6	2026-03-01T09:00:00Z	tester	1	undone by 7	crm-contact set -q 1 city=Lisboa
5	2026-03-01T09:00:00Z	tester	1		crm-contact add first_name=… last_name=… email=… city=Paris language=fr optout=yes
EOF
	run crm history -o csv --limit 1
	output_is <<'EOF'
run,when,who,changes,status,command
7,2026-03-01T09:00:00Z,tester,1,undoes 6,crm undo -q
EOF
	# reads and refused writes are not runs
	crm-contact list >/dev/null
	crm-contact add email=bad@ 2>/dev/null || true
	run crm history -o ids --limit 1
	[ "$output" = "7" ]
}

# ---------------------------------------------------- schema versions

# bats test_tags=sqlite
@test "a database newer than the program is refused, exit 4, with a clear message" {
	command -v sqlite3 >/dev/null || skip "sqlite3 CLI not installed"
	seed
	sqlite3 "$CRM_DB" "PRAGMA user_version = 99"
	local msg="$CRM_DB: database schema version 99 is newer than this program understands ($(schema_version)); upgrade crm"
	run --separate-stderr crm-contact list
	[ "$status" -eq 4 ]
	[ "$output" = "" ]
	[ "$stderr" = "crm-contact: $msg" ]
	run --separate-stderr crm-contact add first_name=X
	[ "$status" -eq 4 ]
	[ "$stderr" = "crm-contact: $msg" ]
	run --separate-stderr crm init
	[ "$status" -eq 4 ]
	[ "$stderr" = "crm: $msg" ]
	run --separate-stderr crm check
	[ "$status" -eq 4 ]
	[ "$stderr" = "crm: $msg" ]
	[ "$(sqlite3 "$CRM_DB" 'PRAGMA user_version')" = 99 ]
	[ "$(sqlite3 "$CRM_DB" 'SELECT count(*) FROM contact')" = 3 ]
}

# bats test_tags=sqlite
@test "crm sql refuses a database newer than the program too" {
	command -v sqlite3 >/dev/null || skip "sqlite3 CLI not installed"
	seed
	sqlite3 "$CRM_DB" "PRAGMA user_version = 99"
	run --separate-stderr crm sql "SELECT count(*) FROM contact"
	[ "$status" -eq 4 ]
	[ "$output" = "" ]
	[ "$stderr" = "crm: $CRM_DB: database schema version 99 is newer than this program understands ($(schema_version)); upgrade crm" ]
}

# -------------------------------------------------------- concurrency

@test "20 writers at once: all succeed and all 20 records exist" {
	local i pids=() rc=0
	for i in $(seq 1 20); do
		crm-contact add first_name="P$i" email="p$i@example.com" >"out.$i" 2>"err.$i" &
		pids+=($!)
	done
	for i in "${!pids[@]}"; do
		wait "${pids[$i]}" || { rc=1; echo "writer $((i + 1)) failed: $(cat "err.$((i + 1))")" >&2; }
	done
	[ "$rc" -eq 0 ]
	[ "$(cat err.*)" = "" ]
	run bash -c 'cat out.* | sort -n | tr "\n" " "'
	[ "$output" = "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 " ]
	run crm sql "SELECT count(*), count(DISTINCT email) FROM contact"
	[ "$output" = "20	20" ]
	run crm sql "SELECT count(*) FROM run"
	[ "$output" = "20" ]
	run crm check
	[ "$output" = "ok" ]
}

# bats test_tags=sqlite
@test "a writer locked out past CRM_BUSY_TIMEOUT gets exit 4; within it, it waits and succeeds" {
	command -v sqlite3 >/dev/null || skip "sqlite3 CLI not installed"
	seed
	# another program holds the write lock for 2 seconds
	(echo "BEGIN IMMEDIATE;"; sleep 2; echo "COMMIT;") | sqlite3 "$CRM_DB" &
	local holder=$!
	sleep 0.5
	local before
	before="$(crm sql 'SELECT count(*) FROM contact')"
	CRM_BUSY_TIMEOUT=0.2 run --separate-stderr crm-contact add first_name=X
	[ "$status" -eq 4 ]
	[ "$output" = "" ]
	[ "$stderr" = "crm-contact: $CRM_DB: database is locked by another writer; try again (or raise CRM_BUSY_TIMEOUT)" ]
	run --separate-stderr crm-contact add first_name=Y
	[ "$status" -eq 0 ]
	[ "$output" = "4" ]
	wait "$holder"
	[ "$before" = 3 ]
	run crm-contact list -o ids first_name=X,Y
	[ "$output" = "4" ]
}

# -------------------------------------------------------- usage errors

@test "an option that does not apply to a verb is a usage error, exit 2" {
	seed
	local before
	before="$(db_dump)"
	run --separate-stderr crm-contact add --key email first_name=X
	[ "$status" -eq 2 ]
	[ "$output" = "" ]
	stderr_is <<'EOF'
crm-contact: option --key does not apply to 'add'
usage: crm-contact add [OPTIONS] [-] FIELD=VALUE...
EOF
	run --separate-stderr crm-contact list --dry-run
	[ "$status" -eq 2 ]
	[ "${stderr%%$'\n'*}" = "crm-contact: option --dry-run does not apply to 'list'" ]
	run --separate-stderr crm-contact show 1 --where city=Madrid
	[ "$status" -eq 2 ]
	[ "${stderr%%$'\n'*}" = "crm-contact: option --where does not apply to 'show'" ]
	run --separate-stderr crm-contact add first_name=X --deleted
	[ "$status" -eq 2 ]
	[ "${stderr%%$'\n'*}" = "crm-contact: option --deleted does not apply to 'add'" ]
	run --separate-stderr crm init --run 3
	[ "$status" -eq 2 ]
	[ "${stderr%%$'\n'*}" = "crm: option --run does not apply to 'init'" ]
	[ "$(db_dump)" = "$before" ]
}

# bats test_tags=sqlite
@test "--help on every verb prints its usage on stdout, exit 0, and opens no database" {
	local v
	rm "$CRM_DB"
	for v in add list show set rm restore purge import export history fields lookup forget; do
		run --separate-stderr crm-contact "$v" --help
		echo "crm-contact $v --help: status=$status stderr=$stderr" >&2
		[ "$status" -eq 0 ]
		[ "$stderr" = "" ]
		[[ "${lines[0]}" == "usage: crm-contact $v [OPTIONS]"* ]]
		[[ "$output" == *"  -h, --help               print this help and exit"* ]]
	done
	for v in init backup check undo history sql field; do
		run --separate-stderr crm "$v" --help
		echo "crm $v --help: status=$status stderr=$stderr" >&2
		[ "$status" -eq 0 ]
		[ "$stderr" = "" ]
		[[ "${lines[0]}" == "usage: crm $v [OPTIONS]"* ]]
	done
	run --separate-stderr crm-contact --help
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "usage: crm-contact VERB [OPTIONS] [WORDS...]" ]
	[ ! -e "$CRM_DB" ]
}

@test "usage errors print a short usage on stderr, exit 2, nothing on stdout" {
	seed
	run --separate-stderr crm-contact list --bogus
	[ "$status" -eq 2 ]
	[ "$output" = "" ]
	stderr_is <<'EOF'
crm-contact: unknown option '--bogus'
usage: crm-contact list [OPTIONS] [FILTER...]
EOF
	run --separate-stderr crm-contact list -o
	[ "$status" -eq 2 ]
	[ "$output" = "" ]
	[ "${stderr%%$'\n'*}" = "crm-contact: missing value for '-o'" ]
	run --separate-stderr crm-contact frob
	[ "$status" -eq 2 ]
	[ "$output" = "" ]
	[ "${stderr%%$'\n'*}" = "crm-contact: unknown verb 'frob'" ]
	[[ "$stderr" == *$'\nusage: crm-contact VERB [OPTIONS] [WORDS...]\n'* ]]
	run --separate-stderr crm-contact
	[ "$status" -eq 2 ]
	[ "$output" = "" ]
	[ "${lines[0]:-}" = "" ]
	[[ "$stderr" == "usage: crm-contact VERB [OPTIONS] [WORDS...]"* ]]
	run --separate-stderr crm undo extra
	[ "$status" -eq 2 ]
	stderr_is <<'EOF'
crm: undo takes no arguments (use --run ID)
usage: crm undo [OPTIONS] [--run ID]
EOF
	run --separate-stderr crm undo --run abc
	[ "$status" -eq 2 ]
	[ "${stderr%%$'\n'*}" = "crm: --run: not a positive number 'abc'" ]
}
