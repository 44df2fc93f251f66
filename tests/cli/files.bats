#!/usr/bin/env bats
# The database file: private whatever the umask, refused when it is not
# crm's, readable when it may not be written.
# An SQLite file's own (pg.bats has the server's): tagged so.
# bats file_tags=sqlite

load helper
bats_require_minimum_version 1.5.0

teardown() {
	if [ -n "${MNT:-}" ]; then umount "$MNT" 2>/dev/null || true; fi
	if [ -n "${SHARED:-}" ]; then rm -rf "$SHARED"; fi
}

# Runs a command as an unprivileged user (root ignores file modes).
# Runs a built command as nobody, from the copy shared_dir made: the build may
# sit where nobody cannot reach it (a private temporary clone).
as_user() {
	local cmd="$SHARED/bin/${1##*/}"
	shift
	setpriv --reuid=nobody --regid=nogroup --clear-groups "$cmd" "$@"
}

# A directory another user may reach (bats' own temporary directory is
# private), with a copy of the commands and their library.
shared_dir() {
	SHARED=$(mktemp -d /tmp/crm-files.XXXXXX)
	cp -a "$CRM_BIN" "$SHARED/bin"
	cp -a "$CRM_BIN/../lib" "$SHARED/lib"
	chmod -R a+rX "$SHARED"
}

need_user_switch() {
	[ "$(id -u)" = 0 ] && command -v setpriv >/dev/null && getent passwd nobody >/dev/null ||
		skip "needs root and setpriv to test file modes"
}

@test "files: database and directories are private even with umask 000" {
	(
		umask 000
		crm --db "$BATS_TEST_TMPDIR/a/b/crm.db" init -q
		crm-contact add --db "$BATS_TEST_TMPDIR/a/b/crm.db" first_name=Ana -q
		env -u CRM_DB crm-contact add first_name=Bea -q
	)
	run stat -c '%a %n' "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/a/b" \
		"$BATS_TEST_TMPDIR/a/b/crm.db" "$XDG_DATA_HOME/crm" "$XDG_DATA_HOME/crm/crm.db"
	output_is <<EOF
700 $BATS_TEST_TMPDIR/a
700 $BATS_TEST_TMPDIR/a/b
600 $BATS_TEST_TMPDIR/a/b/crm.db
700 $XDG_DATA_HOME/crm
600 $XDG_DATA_HOME/crm/crm.db
EOF
	# crm backup makes a private file too
	(umask 000; crm --db "$BATS_TEST_TMPDIR/a/b/crm.db" backup "$BATS_TEST_TMPDIR/bk.db" -q)
	[ "$(stat -c %a "$BATS_TEST_TMPDIR/bk.db")" = 600 ]
}

@test "files: a file that is not a database is refused and left as it is" {
	printf 'Name,Phone\nAna,600\n' >notes.db
	head -c 16384 /dev/urandom >random.db
	cp notes.db notes.orig
	cp random.db random.orig
	for verb in "crm-contact add first_name=X" "crm-contact list" "crm check" "crm init"; do
		run --separate-stderr $verb --db notes.db
		[ "$status" -eq 4 ]
		[ "$stderr" = "${verb%% *}: notes.db: not a database (nor a crm one); left as it is" ]
		run --separate-stderr $verb --db random.db
		[ "$status" -eq 4 ]
		[ "$stderr" = "${verb%% *}: random.db: not a database (nor a crm one); left as it is" ]
	done
	cmp notes.db notes.orig
	cmp random.db random.orig
	[ ! -e notes.db-wal ] && [ ! -e random.db-wal ]
}

@test "files: another program's SQLite database is refused and left as it is" {
	sqlite3 photos.db "CREATE TABLE photo (id INTEGER PRIMARY KEY, path TEXT);
		INSERT INTO photo (path) VALUES ('a.jpg')"
	cp photos.db photos.orig
	run --separate-stderr crm-contact add --db photos.db first_name=X
	[ "$status" -eq 4 ]
	[ "$stderr" = "crm-contact: photos.db: not a crm database (an SQLite file with tables of its own); left as it is" ]
	run --separate-stderr crm-contact list --db photos.db
	[ "$status" -eq 4 ]
	cmp photos.db photos.orig
	# an empty file is an empty database: crm makes it one
	: >empty.db
	crm-contact add --db empty.db first_name=Ana -q
	run crm-contact list --db empty.db -o ids
	[ "$output" = 1 ]
}

@test "files: a damaged database is reported, not overwritten" {
	seed
	cp "$CRM_DB" bad.db
	# damage the pages after the header (the same bytes each time)
	head -c 32768 /dev/zero | tr '\0' '\377' | dd of=bad.db bs=1024 seek=8 conv=notrunc 2>/dev/null
	cp bad.db bad.orig
	run --separate-stderr crm --db bad.db check
	[ "$status" -eq 4 ]
	[[ "$stderr" == *"malformed"* ]]
	run --separate-stderr crm-contact add --db bad.db first_name=X
	[ "$status" -eq 4 ]
	cmp bad.db bad.orig
}

@test "files: a read-only database serves reads and refuses writes with exit 4" {
	need_user_switch
	shared_dir
	local db="$SHARED/d/crm.db"
	seed
	crm --db "$db" init -q
	crm-contact add --db "$db" first_name=Ana city=Madrid -q
	chown -R nobody: "$SHARED/d"
	chmod 400 "$db"
	for dmode in 700 500; do
		chmod "$dmode" "$SHARED/d"
		rm -f "$db-wal" "$db-shm"
		run --separate-stderr as_user "$CRM_BIN/crm-contact" list --db "$db" --fields id,first_name,city
		[ "$status" -eq 0 ]
		[ "$output" = "1	Ana	Madrid" ]
		run --separate-stderr as_user "$CRM_BIN/crm-contact" show 1 --db "$db"
		[ "$status" -eq 0 ]
		run --separate-stderr as_user "$CRM_BIN/crm" --db "$db" check
		[ "$status" -eq 0 ]
		run --separate-stderr as_user "$CRM_BIN/crm-contact" set 1 city=Paris --db "$db"
		[ "$status" -eq 4 ]
		[ "$output" = "" ]
		[ "$stderr" = "crm-contact: cannot write database '$db': Permission denied (nothing written)" ]
		run --separate-stderr as_user "$CRM_BIN/crm-contact" import --db "$db" - <<<"first_name
Bea"
		[ "$status" -eq 4 ]
		run --separate-stderr as_user "$CRM_BIN/crm" --db "$db" undo
		[ "$status" -eq 4 ]
	done
	run crm-contact list --db "$db" -o tsv --fields first_name,city
	[ "$output" = "Ana	Madrid" ]
}

@test "files: a database on a read-only file system serves reads" {
	[ "$(id -u)" = 0 ] || skip "needs root to mount a file system"
	MNT="$BATS_TEST_TMPDIR/mnt"
	mkdir -p "$MNT"
	mount -t tmpfs -o size=4m tmpfs "$MNT" 2>/dev/null || { MNT=; skip "cannot mount tmpfs here"; }
	crm-contact add --db "$MNT/crm.db" first_name=Ana -q
	mount -o remount,ro "$MNT"
	run --separate-stderr crm-contact list --db "$MNT/crm.db" -o tsv --fields first_name
	[ "$status" -eq 0 ]
	[ "$output" = "Ana" ]
	run --separate-stderr crm-contact add --db "$MNT/crm.db" first_name=Bea
	[ "$status" -eq 4 ]
	[ "$stderr" = "crm-contact: cannot write database '$MNT/crm.db': Read-only file system (nothing written)" ]
	run --separate-stderr crm --db "$MNT/crm.db" backup "$BATS_TEST_TMPDIR/copy.db"
	[ "$status" -eq 0 ]
}

@test "files: a mistyped --db or CRM_DB is an error every time, never a new empty database" {
	crm-task add subject=Call due=2026-03-01 remind=2026-03-01T08:00 >/dev/null
	# a cron job with a typo in its path: exit 4, naming the path, and nothing made
	for cmd in "crm-task remind" "crm-contact list" "crm-report digest" "crm check" \
		"crm-contact set 1 city=X" "crm history" "crm undo"; do
		run --separate-stderr env CRM_DB="$BATS_TEST_TMPDIR/crn.db" $cmd
		[ "$status" -eq 4 ]
		[ "$output" = "" ]
		[ "$stderr" = "${cmd%% *}: no database at $BATS_TEST_TMPDIR/crn.db (crm init creates one)" ]
		[ ! -e "$BATS_TEST_TMPDIR/crn.db" ]
	done
	run --separate-stderr crm-contact list --db "$BATS_TEST_TMPDIR/nodir/crm.db"
	[ "$status" -eq 4 ]
	[ ! -e "$BATS_TEST_TMPDIR/nodir" ]
	# adding data starts a database, and says so once; a dry run does not
	run --separate-stderr crm-contact add --dry-run --db new.db first_name=Ana
	[ "$status" -eq 4 ]
	[ ! -e new.db ]
	run --separate-stderr crm-contact add --db new.db first_name=Ana
	[ "$status" -eq 0 ]
	[ "$stderr" = "crm-contact: created a new database at new.db" ]
	run --separate-stderr crm-contact add --db new.db first_name=Eva
	[ "$stderr" = "" ]
	crm-contact add -q --db quiet.db first_name=Ana
	printf 'first_name\nAna\n' | crm-contact import -q --db imported.db
	[ "$(crm-contact list --db imported.db -o ids)" = 1 ]
	# but not in a directory that is not there: only crm init makes directories
	run --separate-stderr crm-contact add --db "$BATS_TEST_TMPDIR/x/y/crm.db" first_name=Ana
	[ "$status" -eq 4 ]
	[ ! -e "$BATS_TEST_TMPDIR/x" ]
	crm --db "$BATS_TEST_TMPDIR/x/y/crm.db" init -q
	[ "$(stat -c %a "$BATS_TEST_TMPDIR/x/y")" = 700 ]
}

@test "files: --db that is not a regular file (/dev/null, a directory, a FIFO) is refused before SQLite opens it" {
	mkdir dir.db
	mkfifo fifo.db
	for p in /dev/null "$BATS_TEST_TMPDIR/dir.db" "$BATS_TEST_TMPDIR/fifo.db"; do
		for cmd in "crm-contact add first_name=Ana" "crm-contact list" "crm init"; do
			run --separate-stderr timeout 5 $cmd --db "$p"
			[ "$status" -eq 4 ]
			[[ "$stderr" == *"'$p': not a regular file"* ]]
		done
	done
	[ ! -e /dev/null-journal ] && [ ! -e /dev/null-wal ]
	[ -c /dev/null ]
}
