#!/usr/bin/env bats
# Crash safety: a command killed with SIGKILL at a random moment leaves its
# whole effect or none of it, a database that passes `crm check`, and one the
# next command works on without repair.
#
# CRASH_TRIALS (default 4) is the number of kills per command; for a long
# run:  CRASH_TRIALS=200 bats tests/cli/crash.bats

# An SQLite file's own (pg.bats has the server's): tagged so.
# bats file_tags=sqlite

load helper
bats_require_minimum_version 1.5.0

TRIALS=${CRASH_TRIALS:-4}

# The counts that tell whether a command's effect is there: one line.
counts() {
	crm sql "SELECT (SELECT count(*) FROM contact), (SELECT count(*) FROM account),
		(SELECT count(*) FROM opp), (SELECT count(*) FROM lead WHERE status = 'converted'),
		(SELECT count(*) FROM contact WHERE notes = 'bulk'), (SELECT count(*) FROM run)" -o tsv
}

now_ms() {
	date +%s%3N
}

# crash_trials NAME COMMAND...: on copies of $BASE, runs COMMAND once to the
# end (its duration and "after" counts), then TRIALS times killed with -9
# after a random part of that duration; each time the counts must be those
# before or those after, crm check must pass and a next write must work.
crash_trials() {
	local name=$1
	shift
	local before after t0 ms delay pid i got whole=0 none=0
	cp "$BASE" full.db
	before=$(CRM_DB=full.db counts)
	t0=$(now_ms)
	CRM_DB=full.db "$@" >/dev/null 2>&1
	ms=$(($(now_ms) - t0 + 1))
	after=$(CRM_DB=full.db counts)
	[ "$before" != "$after" ] || { echo "$name changed nothing" >&2; return 1; }
	for ((i = 1; i <= TRIALS; i++)); do
		rm -f trial.db trial.db-wal trial.db-shm
		cp "$BASE" trial.db
		delay=$((RANDOM % (ms + ms / 4 + 1)))
		# a session of its own, so the kill takes a whole pipeline down
		# (sh -c 'list | merge'), as a crash of the machine would
		CRM_DB=trial.db setsid "$@" >/dev/null 2>&1 &
		pid=$!
		sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
		kill -9 -- "-$pid" 2>/dev/null || kill -9 "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
		run crm --db trial.db check
		[ "$status" -eq 0 ] || { echo "$name trial $i (kill at ${delay}ms): check: $output" >&2; return 1; }
		got=$(CRM_DB=trial.db counts)
		if [ "$got" = "$after" ]; then
			whole=$((whole + 1))
		elif [ "$got" = "$before" ]; then
			none=$((none + 1))
		else
			echo "$name trial $i (kill at ${delay}ms): half applied: before [$before] after [$after] got [$got]" >&2
			return 1
		fi
		# the next command works without repair
		crm-contact add --db trial.db first_name=Next -q
		[ "$(CRM_DB=trial.db crm sql "SELECT count(*) FROM contact WHERE first_name = 'Next'")" = 1 ]
		run crm --db trial.db check
		[ "$status" -eq 0 ]
	done
	echo "# $name: $TRIALS kills in ${ms}ms runs: $whole whole, $none none" >&3
}

setup_base() {
	BASE="$BATS_TEST_TMPDIR/base.db"
	export CRM_DB="$BASE"
}

@test "crash: a large import killed at random is all there or not at all" {
	setup_base
	crm-account add name=Acme -q
	sh "$CRM_TOP/bench/gen-contacts" 8000 7 >big.csv
	crash_trials import crm-contact import -q big.csv
}

@test "crash: a bulk set --where killed at random changes every record or none" {
	setup_base
	sh "$CRM_TOP/bench/gen-contacts" 4000 3 >base.csv
	crm-contact import -q base.csv
	crash_trials "set --where" crm-contact set --where 'city!=' notes=bulk -q
}

@test "crash: a lead conversion killed at random converts every lead or none" {
	setup_base
	{
		echo first_name,last_name,company,email
		for i in $(seq 400); do echo "Lead$i,Last$i,Company $i,lead$i@example.es"; done
	} >leads.csv
	crm-lead import -q leads.csv
	crash_trials convert crm-lead convert --where status=new --opp amount=100 -q
}

# ---- dump and restore: a dump killed over an older one, a restore killed

# The contacts a restore of dump $1 gives, or "refused" when it refuses it.
restored_contacts() {
	rm -f r.db r.db-wal r.db-shm
	crm init -q --db r.db
	if crm restore -q --db r.db "$1" 2>/dev/null; then
		crm sql --db r.db "SELECT count(*) FROM contact"
	else
		echo refused
	fi
}

@test "crash: a dump killed at random over an older dump leaves a dump that restores whole" {
	setup_base
	sh "$CRM_TOP/bench/gen-contacts" 3000 5 >base.csv
	crm-contact import -q base.csv
	crm dump -q prev
	local old new t0 ms delay pid i got kept=0 replaced=0 torn=0
	old=$(restored_contacts prev)
	sh "$CRM_TOP/bench/gen-contacts" 1000 9 | sed 's/@/+more@/' >more.csv
	crm-contact import -q more.csv
	cp -r prev full
	t0=$(now_ms)
	crm dump -q full
	ms=$(($(now_ms) - t0 + 1))
	new=$(restored_contacts full)
	[ "$old" != "$new" ]
	for ((i = 1; i <= TRIALS; i++)); do
		rm -rf trial .trial.dump-*
		cp -r prev trial
		delay=$((RANDOM % (ms + ms / 4 + 1)))
		crm dump -q trial >/dev/null 2>&1 &
		pid=$!
		sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
		kill -9 "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
		got=$(restored_contacts trial)
		if [ "$got" = "$old" ]; then
			kept=$((kept + 1))
		elif [ "$got" = "$new" ]; then
			replaced=$((replaced + 1))
		else
			torn=$((torn + 1))
			echo "dump trial $i (kill at ${delay}ms): restore gave [$got], not [$old] or [$new]" >&2
		fi
	done
	echo "# dump: $TRIALS kills in ${ms}ms runs: $kept older dump whole, $replaced new dump whole, $torn torn dumps restored" >&3
	[ "$torn" -eq 0 ]
}

@test "crash: a restore killed at random restores every record or none" {
	setup_base
	sh "$CRM_TOP/bench/gen-contacts" 3000 5 >base.csv
	crm-account add name=Acme -q
	crm-contact import -q base.csv
	crm dump -q d
	rm -f "$BASE" "$BASE"-wal "$BASE"-shm
	crm init -q
	crash_trials restore crm restore -q "$PWD/d"
}

# Hook for merging duplicates: runs when crm-contact has a merge verb.
@test "crash: a merge of duplicates killed at random merges or does not" {
	crm-contact --complete=verbs | grep -qx merge || skip "crm-contact has no merge verb"
	setup_base
	for i in $(seq 300); do
		crm-contact add first_name="Dup$i" email="dup$i@example.es" -q
		crm-contact add first_name="Dup$i" email="DUP$i@example.es.invalid" -q
	done
	crash_trials merge sh -c 'crm-contact list -o ids first_name~Dup | crm-contact merge - -q'
}

@test "crash: crm undo of a bulk set killed at random reverts every record or none" {
	setup_base
	sh "$CRM_TOP/bench/gen-contacts" 4000 5 >base.csv
	crm-contact import -q base.csv
	crm-contact set --where 'city!=' notes=bulk -q
	crash_trials undo crm undo -q
}

# ------------------------------------------------ reminders across a kill

@test "crash: crm-task remind killed at random never loses a reminder; it prints one twice only if killed between printing and committing" {
	setup_base
	local n=300 i delay pid t0 ms lost=0 twice=0
	for i in $(seq $n); do echo "Task $i,2026-03-01T10:00,2026-03-01T08:00"; done |
		sed '1i subject,due,remind' >tasks.csv
	crm-task import -q tasks.csv
	cp "$BASE" full.db
	t0=$(now_ms)
	CRM_DB=full.db crm-task remind -o ids >full.out
	ms=$(($(now_ms) - t0 + 1))
	[ "$(wc -l <full.out)" -eq $n ]
	for ((i = 1; i <= TRIALS; i++)); do
		rm -f trial.db trial.db-wal trial.db-shm first.out second.out
		cp "$BASE" trial.db
		delay=$((RANDOM % (ms + ms / 4 + 1)))
		CRM_DB=trial.db crm-task remind -o ids >first.out 2>/dev/null &
		pid=$!
		sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
		kill -9 "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
		# the next cron run prints what is left
		CRM_DB=trial.db crm-task remind -o ids >second.out
		# whole lines only: a line cut by the kill was not printed
		local printed
		printed=$(cat first.out second.out | grep -xE '[0-9]+' | sort -n | uniq | wc -l)
		lost=$((lost + n - printed))
		twice=$((twice + $(cat first.out second.out | grep -xE '[0-9]+' | sort -n | uniq -d | wc -l)))
		[ "$(CRM_DB=trial.db crm sql "SELECT count(*) FROM task WHERE reminded IS NULL")" = 0 ]
	done
	echo "# remind: $TRIALS kills in ${ms}ms runs: $lost reminders lost, $twice printed twice" >&3
	[ "$lost" -eq 0 ]
}
