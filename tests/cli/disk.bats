#!/usr/bin/env bats
# A full disk: the database lives on a small tmpfs that is filled up.  A write
# fails with a clear message and exit 4, and the database is intact.  Needs
# root and a kernel that lets it mount; skipped elsewhere.

# An SQLite file's own (pg.bats has the server's): tagged so.
# bats file_tags=sqlite

load helper
bats_require_minimum_version 1.5.0

setup_file() {
	export DISK_SKIP=""
	if [ "$(id -u)" != 0 ]; then
		DISK_SKIP="not root: cannot mount a small file system"
	fi
}

teardown() {
	if [ -n "${MNT:-}" ]; then umount "$MNT" 2>/dev/null || true; fi
}

# Mounts a 2 MB tmpfs for the database, or skips.
small_disk() {
	[ -z "$DISK_SKIP" ] || skip "$DISK_SKIP"
	MNT="$BATS_TEST_TMPDIR/mnt"
	mkdir -p "$MNT"
	mount -t tmpfs -o size=2m tmpfs "$MNT" 2>/dev/null || {
		MNT=
		skip "cannot mount a tmpfs here"
	}
	export CRM_DB="$MNT/crm.db"
}

# Fills the disk, leaving about $1 KiB free.
fill_disk() {
	local free
	free=$(df -k --output=avail "$MNT" | tail -n 1)
	if [ "$free" -gt "$1" ]; then
		dd if=/dev/zero of="$MNT/fill" bs=1k count=$((free - $1)) 2>/dev/null || true
	fi
}

@test "disk: a large import on a nearly full disk fails with exit 4; nothing written" {
	small_disk
	seed
	sh "$CRM_TOP/bench/gen-contacts" 3000 5 >big.csv
	local before
	before=$(db_dump)
	fill_disk 200
	run --separate-stderr crm-contact import -q big.csv
	[ "$status" -eq 4 ]
	[ "$output" = "" ]
	[ "$stderr" = "crm-contact: $CRM_DB: commit failed, nothing written: database or disk is full" ] ||
		[[ "$stderr" == "crm-contact: $CRM_DB: "*"disk"* ]]
	[ "$(db_dump)" = "$before" ]
	run crm check
	[ "$status" -eq 0 ]
	# room again: the next command works, without repair
	rm "$MNT/fill"
	crm-contact add first_name=Next -q
	[ "$(crm-contact list -o ids | wc -l)" -eq 4 ]
	run crm check
	[ "$status" -eq 0 ]
}

@test "disk: a completely full disk: writes fail with exit 4 and a reason; data intact" {
	small_disk
	seed
	local before
	before=$(db_dump)
	fill_disk 0
	run --separate-stderr crm-contact set --where 'city!=' "notes=$(head -c 100000 /dev/zero | tr '\0' n)"
	[ "$status" -eq 4 ]
	[ "$output" = "" ]
	# it fails on opening (the shared-memory index cannot grow) or on commit
	case ${stderr_lines[-1]} in
	"crm-contact: $CRM_DB: disk I/O error (No space left on device)") ;;
	"crm-contact: $CRM_DB: commit failed, nothing written: database or disk is full") ;;
	*) echo "unclear: $stderr" >&2 && false ;;
	esac
	rm "$MNT/fill"
	[ "$(db_dump)" = "$before" ]
	run crm check
	[ "$status" -eq 0 ]
	crm-contact add first_name=Next -q
}
