#!/usr/bin/env bats
# Concurrency: writers and readers on one database at once, as cron jobs and
# people at a prompt do.  Nobody gets "database is locked" within the busy
# timeout, no change is lost, and a reminder is reported once.
#
# CONC_OPS (default 25) is the number of operations per writer; for a long
# run:  CONC_OPS=300 bats tests/cli/concurrency.bats

load helper
bats_require_minimum_version 1.5.0

OPS=${CONC_OPS:-25}

# writer NAME COMMAND...: runs COMMAND with its arguments, where {} is the
# round number, OPS times; stops at and reports the first failure.
writer() {
	local name=$1 i
	shift
	for ((i = 1; i <= OPS; i++)); do
		if ! "${@//\{\}/$i}" >>"out.$name" 2>>"err.$name"; then
			echo "$name round $i failed: $*" >>"err.$name"
			return 1
		fi
	done
}

# reader NAME COMMAND...: the same, for readers (exit 1, nothing found, is fine).
reader() {
	local name=$1 i rc
	shift
	for ((i = 1; i <= OPS; i++)); do
		"$@" >/dev/null 2>>"err.$name"
		rc=$?
		if [ "$rc" -gt 1 ]; then
			echo "$name round $i failed ($rc): $*" >>"err.$name"
			return 1
		fi
	done
}

@test "concurrency: 9 writers and 2 readers at once: no lock errors, nothing lost, reminders and breaches once" {
	# writers queue for the lock; under sanitizers or on a slow machine one
	# may wait longer than the default 5 s, which is not what this tests
	export CRM_BUSY_TIMEOUT=120
	crm-contact add first_name=Shared email=shared@example.es -q
	# tasks for done and for remind, reminders due now
	for ((i = 1; i <= OPS; i++)); do
		echo "Done me $i,2026-03-02,"
		echo "Remind me $i,2026-03-02,2026-03-01T08:00:00Z"
	done | { echo subject,due,remind; cat; } >tasks.csv
	crm-task import -q tasks.csv
	# urgent cases, each overdue twice (response, resolution) a week on
	for ((i = 1; i <= OPS; i++)); do echo "Case $i,urgent"; done |
		{ echo subject,priority; cat; } | crm-case import -q -
	for ((i = 1; i <= OPS; i++)); do
		{
			echo first_name,email
			for ((j = 1; j <= 20; j++)); do echo "Imp$i-$j,imp$i-$j@example.es"; done
		} >"imp$i.csv"
	done
	local pids=() late=2026-03-08T09:00:00Z
	writer add crm-contact add 'first_name=Added {}' -q &
	pids+=($!)
	writer tags1 crm-contact set 1 'tags+=a{}' -q &
	pids+=($!)
	writer tags2 crm-contact set 1 'tags+=b{}' -q &
	pids+=($!)
	writer done crm-task done --where 'subject=Done me {}' -q &
	pids+=($!)
	writer remind1 crm-task remind -o ids &
	pids+=($!)
	writer remind2 crm-task remind -o ids &
	pids+=($!)
	writer import crm-contact import -q 'imp{}.csv' &
	pids+=($!)
	writer breaches1 env CRM_NOW=$late crm-case breaches &
	pids+=($!)
	writer breaches2 env CRM_NOW=$late crm-case breaches &
	pids+=($!)
	reader list crm-contact list 'first_name~a' &
	pids+=($!)
	reader agenda crm-task agenda &
	pids+=($!)
	local failed=0 p
	for p in "${pids[@]}"; do
		wait "$p" || failed=1
	done
	cat err.* >&2
	[ "$failed" -eq 0 ]
	! grep -q . err.* || false
	# exact counts: nothing lost
	[ "$(crm sql "SELECT count(*) FROM contact WHERE first_name LIKE 'Added %'")" -eq "$OPS" ]
	[ "$(crm sql "SELECT count(*) FROM contact WHERE first_name LIKE 'Imp%'")" -eq $((OPS * 20)) ]
	[ "$(crm sql "SELECT count(*) FROM tag WHERE entity = 'contact' AND record = 1")" -eq $((OPS * 2)) ]
	[ "$(crm sql "SELECT count(*) FROM task WHERE status = 'done'")" -eq "$OPS" ]
	# every reminder reported, each exactly once, and marked
	[ "$(cat out.remind1 out.remind2 | sort | uniq -d | wc -l)" -eq 0 ]
	[ "$(cat out.remind1 out.remind2 | wc -l)" -eq "$OPS" ]
	[ "$(crm sql "SELECT count(*) FROM task WHERE reminded IS NOT NULL")" -eq "$OPS" ]
	# every breach told, each exactly once
	[ "$(cat out.breaches1 out.breaches2 | cut -f 1,2 | sort | uniq -d | wc -l)" -eq 0 ]
	[ "$(cat out.breaches1 out.breaches2 | wc -l)" -eq $((OPS * 2)) ]
	run crm check
	[ "$status" -eq 0 ]
	echo "# $((9 * OPS)) writes by 9 writers, $((2 * OPS)) reads, none lost" >&3
}

# bats test_tags=sqlite
@test "concurrency: a writer that waits past the busy timeout fails clearly with exit 4" {
	crm init -q
	# another connection holds the write lock until told to let go
	mkfifo hold
	sqlite3 "$CRM_DB" <hold >/dev/null &
	exec 9>hold
	echo "BEGIN IMMEDIATE; INSERT INTO run (at) VALUES ('x');" >&9
	sleep 0.3
	CRM_BUSY_TIMEOUT=0.2 run --separate-stderr crm-contact add first_name=Late
	echo "ROLLBACK;" >&9
	exec 9>&-
	wait
	[ "$status" -eq 4 ]
	[ "$stderr" = "crm-contact: $CRM_DB: database is locked by another writer; try again (or raise CRM_BUSY_TIMEOUT)" ]
	# within the default timeout it would have waited and succeeded
	run crm-contact add first_name=OnTime -q
	[ "$status" -eq 0 ]
}

# ------------------------------------------- stdin is read before the lock

# Runs "$@" with a producer that writes $1 to it after 2 seconds, in the
# background, and meanwhile two writers with a 0.3 s busy timeout: both
# must get through while the slow one waits for its input.
while_slow_producer() {
	local input=$1
	shift
	(
		sleep 2
		printf '%b' "$input"
	) | "$@" >slow.out 2>slow.err &
	local pid=$!
	sleep 0.5
	CRM_BUSY_TIMEOUT=0.3 crm-account add name="Meanwhile $RANDOM" >/dev/null
	CRM_BUSY_TIMEOUT=0.3 crm-task remind >/dev/null
	wait "$pid"
}

@test "writers that read stdin take the write lock only after it ends: set -, task add -, merge -, import -, body=-, reply" {
	crm-contact add first_name=Ana >/dev/null
	crm-contact add first_name=Ana2 >/dev/null
	crm-case add subject=Waiting >/dev/null
	while_slow_producer '1\n' crm-contact set - city=Madrid
	[ "$(crm-contact list -o tsv --fields city id=1)" = Madrid ]
	while_slow_producer '1\n' crm-task add - subject=Call
	[ "$(crm-task list -o tsv --fields subject,contact)" = "Call	Ana" ]
	while_slow_producer 'first_name,email\nEva,eva@x.es\n' crm-contact import -q -
	[ "$(crm-contact list -o tsv --fields first_name email=eva@x.es)" = Eva ]
	while_slow_producer 'Said yes\n' crm-log add contact=1 subject=Call body=-
	[ "$(crm-log list -o tsv --fields body)" = "Said yes" ]
	while_slow_producer 'On its way\n' crm-case reply 1
	[ "$(crm-log list -o tsv --fields body case=1)" = "On its way" ]
	while_slow_producer '1\t2\n' crm-contact merge -q -
	[ "$(crm-contact list -o ids --deleted)" = 2 ]
	[ "$(crm-account list -o ids | wc -l)" = 6 ]
}

@test "attach of a FIFO is refused at once, not waited on with the lock held" {
	crm-contact add first_name=Ana >/dev/null
	mkfifo pipe
	run --separate-stderr timeout 5 crm attach contact=1 pipe
	[ "$status" -eq 3 ]
	[ "$stderr" = "crm: cannot attach 'pipe': not a regular file" ]
	CRM_BUSY_TIMEOUT=0.3 crm-account add name=Other >/dev/null
}
