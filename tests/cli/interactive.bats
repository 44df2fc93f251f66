#!/usr/bin/env bats
# add -i at a readline prompt (through a pseudo-terminal) and edit in
# $EDITOR (scripted editors): checked values, completion, Ctrl-D, no lock
# held while a person types, conflicts with writes made meanwhile.

load helper
bats_require_minimum_version 1.5.0

# drafts go to the test's own directory, where the tests look for them
eval "helper_$(declare -f setup)"
setup() {
	helper_setup
	export TMPDIR="$BATS_TEST_TMPDIR"
}

teardown() {
	tty_stop
}

# An editor that runs the shell code in $1 on the file ($f), for EDITOR=.
editor() {
	local path="$BATS_TEST_TMPDIR/editor-$2"
	printf '#!/bin/sh\nf="$1"\n%s\n' "$1" >"$path"
	chmod +x "$path"
	echo "$path"
}

# ------------------------------------------------------------------ add -i

@test "add -i: every field asked for, defaults and given values shown, bad values asked again" {
	crm init -q
	crm-account add "name=Acme Ibérica S.L." >/dev/null
	crm-account add "name=Acme Corp" >/dev/null
	tty_start "crm-opp add -i name=Renewal >out"
	wait_for 'name*: Renewal'
	keys Enter
	wait_for 'account:'
	keys 'acme i' Tab
	wait_for 'account: Acme Ibérica S.L.'
	keys Enter
	wait_for 'contact:'
	keys 'Nadie' Enter
	wait_for "contact: no contact 'Nadie'"
	keys C-u Enter
	wait_for 'product:'
	keys Enter
	wait_for 'pipeline: default'
	keys Enter
	wait_for 'stage:'
	keys 'neg' Tab
	wait_for 'stage: negotiation'
	keys Enter
	wait_for 'amount:'
	keys 'mucho' Enter
	wait_for "amount: not an amount 'mucho'"
	keys C-u '12.500,50' Enter
	for i in $(seq 20); do
		screen | grep -q '^owner: tester' && break
		keys Enter
		sleep 0.1
	done
	keys Enter Enter Enter Enter Enter
	[ "$(tty_exit)" = 0 ]
	[ "$(cat out)" = 1 ]
	run crm-opp show 1 -o json --fields name,account,stage,amount,owner
	output_is <<'EOF'
[
{"name":"Renewal","account":"Acme Ibérica S.L.","stage":"negotiation","amount":12500.50,"owner":"tester"}
]
EOF
}

@test "add -i: a required field cannot be left empty" {
	crm init -q
	tty_start "crm-account add -i"
	wait_for 'name*:'
	keys Enter
	wait_for 'name: required'
	keys 'Beta' Enter
	wait_for 'type:'
	keys C-d
	[ "$(tty_exit)" = 1 ]
	[ "$(crm-account list)" = "" ]
}

@test "add -i: Ctrl-D gives up and writes nothing" {
	crm init -q
	crm-account add name=Acme >/dev/null
	local before
	before="$(db_dump)"
	tty_start "crm-contact add -i first_name=Eva"
	wait_for 'first_name: Eva'
	keys Enter
	wait_for 'last_name:'
	keys 'Martín' Enter
	wait_for 'title:'
	keys C-d
	wait_for 'crm-contact: nothing added'
	[ "$(tty_exit)" = 1 ]
	[ "$(db_dump)" = "$before" ]
}

@test "add -i: nothing is locked while the prompt waits" {
	crm init -q
	tty_start "crm-account add -i name=Slow"
	wait_for 'name*: Slow'
	CRM_BUSY_TIMEOUT=200 run crm-account add name=Quick
	[ "$status" -eq 0 ]
	keys C-d
	[ "$(tty_exit)" = 1 ]
	[ "$(crm-account list --fields name)" = Quick ]
}

@test "add -i: a unique value already taken is asked again; -i does not read ids" {
	crm init -q
	crm-contact add first_name=Ana email=ana@acme.es >/dev/null
	run crm-task add -i - subject=x </dev/null
	[ "$status" -eq 2 ]
	tty_start "crm-contact add -i first_name=Eva"
	wait_for 'first_name: Eva'
	for i in $(seq 10); do
		screen | grep -q '^email:' && break
		keys Enter
		sleep 0.1
	done
	keys 'ANA@acme.es' Enter
	wait_for "email: 'ANA@acme.es' already belongs to contact 1"
	keys C-d
	[ "$(tty_exit)" = 1 ]
}

# -------------------------------------------------------------------- edit

@test "edit: the record as field: value lines; what changed is written and logged" {
	crm init -q
	seed
	EDITOR=cat run --separate-stderr crm-contact edit 1
	[ "$status" -eq 0 ]
	output_is <<'EOF'
# contact 1: Ana García
# Change the values and save.  An empty value clears a field; lines
# that begin with a space go on with the value above; lines that
# begin with '#' are not read.  Quit without saving to change nothing.
first_name: Ana
last_name: García
title:
account: Acme
email: ana@acme.es
phone: +34 600 12 34 56
mobile:
home_phone:
fax:
email2:
address:
city: Madrid
region:
postcode:
country:
birthday:
channel:
language:
source:
optout:
uid:
email_is:
email2_is:
address_is:
owner: tester
tags: madrid,vip
notes:
# id: 1
# created: 2026-03-01T09:00:00Z
# updated: 2026-03-01T09:00:00Z
EOF
	[ "$stderr" = "crm-contact: contact 1 unchanged; nothing written" ]
	local ed
	ed="$(editor 'sed -i -e "s/^title:.*/title: Jefa de compras/" -e "s/^city:.*/city:/" \
		-e "s/^account:.*/account: garcía y asociados/" -e "s/^notes:.*/notes: Prefers calls\n  before ten\n \n Spanish/" "$f"' a)"
	EDITOR="$ed" run --separate-stderr crm-contact edit "Ana García"
	[ "$status" -eq 0 ]
	[ "$stderr" = "crm-contact: contact 1 changed" ]
	run crm-contact show 1 -o json --fields title,city,account,notes
	output_is <<'EOF'
[
{"title":"Jefa de compras","city":null,"account":"García y Asociados","notes":"Prefers calls\n before ten\n\nSpanish"}
]
EOF
	run crm-contact history 1 -o tsv
	[ "$(grep -c $'\tset\t' <<<"$output")" = 4 ]
	# the value that goes on over lines reads back as it was written
	EDITOR=cat run crm-contact edit 1
	grep -qx 'notes: Prefers calls' <<<"$output"
	grep -qx '  before ten' <<<"$output"
	grep -qx ' Spanish' <<<"$output"
}

@test "edit: an unchanged file, or one changed only in comments, writes nothing" {
	crm init -q
	seed
	local before
	before="$(db_dump)"
	EDITOR=true run crm-contact edit 2
	[ "$status" -eq 0 ]
	EDITOR="$(editor 'echo "# a note to myself" >>"$f"; sed -i "s/^city: Sevilla/city:  Sevilla /" "$f"' a)" \
		run crm-contact edit 2
	[ "$status" -eq 0 ]
	[ "$(db_dump)" = "$before" ]
}

@test "edit: \$VISUAL wins over \$EDITOR, which may carry arguments" {
	crm init -q
	seed
	VISUAL="sed -i s/^city:.*/city:\ Lyon/" EDITOR=false run crm-contact edit 3
	[ "$status" -eq 0 ]
	EDITOR="sed -i s/^language:.*/language:\ es/" run crm-contact edit 3
	[ "$status" -eq 0 ]
	[ "$(crm-contact show 3 -o tsv --fields city,language --no-header)" = $'Lyon\tes' ]
}

@test "edit: a bad value brings the file back with the reason on top, the edits kept" {
	crm init -q
	seed
	local ed
	ed="$(editor 'if grep -q "^# ERROR" "$f"; then
	grep "^# ERROR" "$f" >"$f.errors"; grep -q "^title: Jefa" "$f" && echo kept >>"$f.errors"
	sed -i -e "s/^email:.*/email: ana@acme.com/" -e "/^shoe:/d" -e "s/^birthday:.*/birthday: 1990-02-28/" "$f"
else
	sed -i -e "s/^email:.*/email: ana@/" -e "s/^title:.*/title: Jefa/" -e "s/^birthday:.*/birthday: 1990-02-30/" "$f"
	echo "shoe: 42" >>"$f"
fi' a)"
	EDITOR="$ed" run --separate-stderr crm-contact edit 1
	[ "$status" -eq 0 ]
	run cat "$BATS_TEST_TMPDIR"/crm-contact-1-*.txt.errors
	output_is <<'EOF'
# ERROR: 'shoe' is not a field of a contact
# ERROR: email: invalid address 'ana@'
# ERROR: birthday: invalid date '1990-02-30'
kept
EOF
}

@test "edit: leaving the file as it came back gives up and writes nothing" {
	crm init -q
	seed
	local before ed
	before="$(db_dump)"
	ed="$(editor 'grep -q "^# ERROR" "$f" || sed -i "s/^email:.*/email: nobody/" "$f"' a)"
	EDITOR="$ed" run --separate-stderr crm-contact edit 1
	[ "$status" -eq 3 ]
	[ "$stderr" = "crm-contact: the file was left as it was; nothing written" ]
	[ "$(db_dump)" = "$before" ]
	ls "$BATS_TEST_TMPDIR" | grep -c 'crm-contact-1-' | grep -qx 0
}

@test "edit: an editor that fails, a missing record, a field not to be changed" {
	crm init -q
	seed
	local before
	before="$(db_dump)"
	local failing
	failing="$(editor 'sed -i "s/^city:.*/city: X/" "$f"; exit 1' failing)"
	EDITOR="$failing" run --separate-stderr crm-contact edit 1
	[ "$status" -eq 4 ]
	[ "$stderr" = "crm-contact: the editor ($failing) failed; nothing written" ]
	EDITOR=cat run --separate-stderr crm-contact edit 99
	[ "$status" -eq 1 ]
	[ "$stderr" = "crm-contact: no contact '99'" ] || [ "$stderr" = "crm-contact: no contact 99" ]
	run crm-contact edit
	[ "$status" -eq 2 ]
	local ed
	ed="$(editor 'if grep -q "^# ERROR" "$f"; then grep "^# ERROR" "$f" >"$BATS_TEST_TMPDIR/errors"; else sed -i "s/^# id: 1/id: 7/" "$f"; fi' a)"
	EDITOR="$ed" run crm-contact edit 1
	[ "$status" -eq 3 ]
	[ "$(cat "$BATS_TEST_TMPDIR/errors")" = "# ERROR: id cannot be changed" ]
	[ "$(db_dump)" = "$before" ]
}

@test "edit: no lock while the editor is open; a field changed meanwhile on both sides is shown, others merge" {
	crm init -q
	seed
	local ed
	ed="$(editor 'if grep -q "^# ERROR" "$f"; then
	grep "^# ERROR" "$f" >"$BATS_TEST_TMPDIR/errors"
	touch "$f"   # saved as it is: the user keeps their value
	echo "# seen" >>"$f"
else
	CRM_BUSY_TIMEOUT=200 crm-contact set 1 title=Director city=Toledo -q || exit 9
	sed -i -e "s/^title:.*/title: Gerente/" -e "s/^region:.*/region: Castilla/" "$f"
fi' a)"
	EDITOR="$ed" run --separate-stderr crm-contact edit 1
	echo "$stderr" >&2
	[ "$status" -eq 0 ]
	[ "$(cat "$BATS_TEST_TMPDIR/errors")" = "# ERROR: title was changed to 'Director' by someone else meanwhile; save to put yours instead" ]
	[ "$(crm-contact show 1 -o tsv --no-header --fields title,city,region)" = $'Gerente\tToledo\tCastilla' ]
}

@test "edit: a pre-modify hook's refusal comes back in the file; post hooks run once, after the write" {
	crm init -q
	seed
	export XDG_CONFIG_HOME="$BATS_TEST_TMPDIR/config"
	mkdir -p "$XDG_CONFIG_HOME/crm/hooks"
	cat >"$XDG_CONFIG_HOME/crm/hooks/pre-modify" <<'EOF'
#!/bin/sh
grep -q '"title":"Boss"' && { echo "no bosses here" >&2; exit 1; }
exit 0
EOF
	cat >"$XDG_CONFIG_HOME/crm/hooks/post-modify" <<EOF
#!/bin/sh
cat >>"$BATS_TEST_TMPDIR/posted"
echo >>"$BATS_TEST_TMPDIR/posted"
EOF
	chmod +x "$XDG_CONFIG_HOME/crm/hooks/"*
	local ed
	ed="$(editor 'if grep -q "^# ERROR" "$f"; then
	grep "^# ERROR" "$f" >"$BATS_TEST_TMPDIR/errors"; sed -i "s/^title:.*/title: Manager/" "$f"
else
	sed -i "s/^title:.*/title: Boss/" "$f"
fi' a)"
	EDITOR="$ed" run --separate-stderr crm-contact edit 1
	[ "$status" -eq 0 ]
	grep -q '^# ERROR: .*no bosses here' "$BATS_TEST_TMPDIR/errors"
	[ "$(crm-contact show 1 -o tsv --no-header --fields title)" = Manager ]
	[ "$(grep -c . "$BATS_TEST_TMPDIR/posted")" = 1 ]
	grep -q '"title":"Manager"' "$BATS_TEST_TMPDIR/posted"
}

@test "edit: --dry-run shows the change and writes nothing; the draft is private and removed" {
	crm init -q
	seed
	local before ed
	before="$(db_dump)"
	ed="$(editor 'stat -c %a "$f" >"$BATS_TEST_TMPDIR/mode"; sed -i "s/^city:.*/city: Bilbao/" "$f"' a)"
	EDITOR="$ed" run --separate-stderr crm-contact edit 1 --dry-run
	[ "$status" -eq 0 ]
	[ "$output" = "set contact 1: city: Madrid → Bilbao" ]
	[ "$(db_dump)" = "$before" ]
	[ "$(cat "$BATS_TEST_TMPDIR/mode")" = 600 ]
	[ -z "$(ls "$TMPDIR" | grep 'crm-contact-1-' || true)" ]
}

@test "edit and add -i: an interaction's time is a person's to set, unlike the times crm keeps" {
	crm init -q
	crm-log add subject=Llamada channel=phone at=2026-02-27T10:00:00Z >/dev/null
	EDITOR=cat run crm-log edit 1
	grep -qx 'at: 2026-02-27T10:00:00Z' <<<"$output"
	grep -qx '# created: 2026-03-01T09:00:00Z' <<<"$output"
	EDITOR="sed -i s/^at:.*/at:\ 2026-02-26T16:30:00Z/" run crm-log edit 1
	[ "$status" -eq 0 ]
	[ "$(crm-log show 1 -o tsv --no-header --fields at)" = 2026-02-26T16:30:00Z ]
	run crm-log add -i subject=Visita </dev/null
	[[ "$output" == *"at:"* ]]
}
