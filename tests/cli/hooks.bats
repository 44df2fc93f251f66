#!/usr/bin/env bats
# Hooks: programs in $XDG_CONFIG_HOME/crm/hooks run when records change;
# pre- may veto or amend inside the transaction, post- runs after commit.

load helper
bats_require_minimum_version 1.5.0

# Writes hook $1 from stdin into the default place: $HOME/.config/crm/hooks.
hook() {
	mkdir -p "$HOME/.config/crm/hooks"
	cat >"$HOME/.config/crm/hooks/$1"
	chmod +x "$HOME/.config/crm/hooks/$1"
}

@test "post-add gets the event, the entity and the new record as JSON, after the commit" {
	hook post-add <<'EOF2'
#!/bin/sh
cat >>"$HOME/events.jsonl"
# the record is committed: another crm run sees it
crm-contact list -o ids >>"$HOME/seen"
EOF2
	crm-contact add first_name=Ana email=ana@x.es >/dev/null
	run jq -c '[.event, .entity, .id, .old, .new.first_name, .new.email, .new.id]' "$HOME/events.jsonl"
	output_is <<<'["add","contact",1,null,"Ana","ana@x.es",1]'
	[ "$(cat "$HOME/seen")" = 1 ]
}

@test "pre-add refuses: nothing written, its message shown, exit 3" {
	crm init -q
	hook pre-add <<'EOF2'
#!/bin/sh
echo "no contacts without an e-mail address" >&2
jq -e '.new.email != null' >/dev/null
EOF2
	fails_unchanged 3 "crm-contact: pre-add hook refused: no contacts without an e-mail address" \
		crm-contact add first_name=Ana
	run crm-contact add first_name=Ana email=ana@x.es
	[ "$status" -eq 0 ]
}

@test "pre-add amends: the fields it prints as JSON are set, checked like any value" {
	hook pre-add <<'EOF2'
#!/bin/sh
jq -c '{city: (.new.city // "Madrid" | ascii_upcase), tags: "hooked"}'
EOF2
	crm-contact add first_name=Ana city=Toledo >/dev/null
	run crm-contact list --fields first_name,city,tags
	output_is <<<"Ana	TOLEDO	hooked"
	hook pre-add <<'EOF2'
#!/bin/sh
cat >/dev/null
echo '{"birthday": "2026-02-30"}'
EOF2
	fails_unchanged 3 "crm-contact: pre-add hook: birthday: invalid date '2026-02-30'" crm-contact add first_name=Eva
	hook pre-add <<'EOF2'
#!/bin/sh
cat >/dev/null
echo 'not json'
EOF2
	fails_unchanged 3 "crm-contact: pre-add hook: its output is not a JSON object of fields" crm-contact add first_name=Eva
}

@test "pre-modify and post-modify see the old and the new record; a veto undoes the whole set" {
	crm-contact add first_name=Ana city=Madrid >/dev/null
	crm-contact add first_name=Luis city=Madrid >/dev/null
	hook post-modify <<'EOF2'
#!/bin/sh
jq -c '[.id, .old.city, .new.city]' >>"$HOME/modified"
EOF2
	crm-contact set 1 city=Bilbao >/dev/null
	[ "$(cat "$HOME/modified")" = '[1,"Madrid","Bilbao"]' ]
	hook pre-modify <<'EOF2'
#!/bin/sh
jq -e '.id != 2' >/dev/null || { echo "Luis stays in Madrid"; exit 1; }
EOF2
	fails_unchanged 3 "crm-contact: contact 2: pre-modify hook refused: Luis stays in Madrid" \
		crm-contact set --where city~a city=Vigo
}

@test "a hook that hangs is stopped after CRM_HOOK_TIMEOUT; a pre- one then vetoes" {
	crm init -q
	hook pre-add <<'EOF2'
#!/bin/sh
sleep 30
EOF2
	export CRM_HOOK_TIMEOUT=0.5
	local start=$SECONDS
	fails_unchanged 3 "crm-contact: pre-add hook: stopped after 0.5 seconds (CRM_HOOK_TIMEOUT)" \
		crm-contact add first_name=Ana
	[ $((SECONDS - start)) -lt 10 ]
}

@test "a post- hook that fails or hangs cannot lose the write: it is only reported" {
	hook post-add <<'EOF2'
#!/bin/sh
echo "chat is down" >&2
exit 1
EOF2
	run --separate-stderr crm-contact add first_name=Ana
	[ "$status" -eq 0 ]
	stderr_is <<<"crm-contact: post-add hook failed: chat is down"
	[ "$(crm-contact list -o ids)" = 1 ]
}

@test "post-stage-change and the worked example: refuse opportunities without a close date" {
	crm init -q
	hook pre-add <<'EOF2'
#!/bin/sh
# crm-hooks(5): refuse opportunities without a close date
[ "$CRM_ENTITY" = opp ] || exit 0
jq -e '.new.close != null' >/dev/null || {
	echo "an opportunity needs a close date (close=YYYY-MM-DD)" >&2
	exit 1
}
EOF2
	hook post-stage-change <<'EOF2'
#!/bin/sh
jq -r '"\(.new.name): \(.old.stage) -> \(.new.stage)"' >>"$HOME/stages"
EOF2
	fails_unchanged 3 "crm-opp: pre-add hook refused: an opportunity needs a close date (close=YYYY-MM-DD)" \
		crm-opp add name=Deal
	crm-opp add name=Deal close=2026-04-01 >/dev/null
	crm-opp stage 1 proposal >/dev/null
	crm-opp win 1 >/dev/null
	[ "$(cat "$HOME/stages")" = $'Deal: prospecting -> proposal\nDeal: proposal -> won' ]
}

@test "pre-delete refuses an rm; post-delete is told of it" {
	crm-contact add first_name=Ana >/dev/null
	hook pre-delete <<'EOF2'
#!/bin/sh
echo "contacts are never deleted here"
exit 1
EOF2
	fails_unchanged 3 "crm-contact: pre-delete hook refused: contacts are never deleted here" crm-contact rm 1
}

@test "delete hooks of a merge's dropped record see it as it was, its e-mail included" {
	crm-contact add first_name=Ana email=ana@acme.es >/dev/null
	crm-contact add first_name=Ana >/dev/null
	hook pre-delete <<'EOF2'
#!/bin/sh
jq -c '[.event, .old.id, .old.email]' >>"$HOME/deleted"
EOF2
	hook post-delete <<'EOF2'
#!/bin/sh
jq -c '[.event, .old.id, .old.email]' >>"$HOME/deleted"
EOF2
	crm-contact merge -q 2 1
	run cat "$HOME/deleted"
	output_is <<'EOF2'
["delete",1,"ana@acme.es"]
["delete",1,"ana@acme.es"]
EOF2
	[ "$(crm-contact list --fields email)" = ana@acme.es ]
}

@test "pre-convert refuses a conversion; post-convert gets the lead before and after" {
	crm-lead add first_name=Laura company=Acme email=laura@acme.es >/dev/null
	hook post-convert <<'EOF2'
#!/bin/sh
jq -c '[.event, .old.status, .new.status, .new.contact]' >"$HOME/converted"
EOF2
	hook pre-convert <<'EOF2'
#!/bin/sh
jq -e '.old.email | endswith("@acme.es")' >/dev/null || { echo "only Acme people"; exit 1; }
EOF2
	crm-lead add first_name=Otto email=otto@else.de >/dev/null
	fails_unchanged 3 "crm-lead: lead 2: pre-convert hook refused: only Acme people; nothing converted" crm-lead convert 2
	crm-lead convert -q 1
	[ "$(cat "$HOME/converted")" = '["convert","new","converted","Laura"]' ]
}

@test "pre-close refuses a close: nothing written, its message shown, exit 3; resolve is no close" {
	crm-case add subject='Printer jams' >/dev/null
	crm-case add subject='Screen flickers' >/dev/null
	crm-case set -q 1 csat=4
	hook pre-close <<'EOF2'
#!/bin/sh
jq -e '.new.csat != null' >/dev/null || { echo "ask the customer first: --csat" >&2; exit 1; }
EOF2
	fails_unchanged 3 "crm-case: case 2: pre-close hook refused: ask the customer first: --csat" \
		crm-case close 2
	# case 1 may close, case 2 may not: one run, so neither is closed
	fails_unchanged 3 "crm-case: case 2: pre-close hook refused: ask the customer first: --csat" \
		crm-case close 1 2
	# closing by any verb is a close
	fails_unchanged 3 "crm-case: case 2: pre-close hook refused: ask the customer first: --csat" \
		crm-case set 2 status=closed
	crm-case resolve -q 2 --resolution 'Replaced the cable'
	crm-case close -q 1
	run crm-case list --fields id,status status=resolved,closed
	output_is <<'EOF2'
1	closed
2	resolved
EOF2
}

@test "pre-close amends the case; post-close sees it as committed, once per case closed" {
	crm-case add subject='Printer jams' >/dev/null
	crm-case add subject='Screen flickers' >/dev/null
	hook pre-close <<'EOF2'
#!/bin/sh
[ "$CRM_HOOK_EVENT" = close ] || exit 1
jq -c '{tags: (if .new.csat >= 4 then "happy" else "follow-up" end)}'
EOF2
	hook post-close <<'EOF2'
#!/bin/sh
event=$(cat)
printf '%s\n' "$event" | jq -c '[.event, .id, .old.status, .new.status, .new.csat, .new.tags]' >>"$HOME/closed"
# another run reads what was committed
crm-case list -o tsv --fields status,csat,tags,closed status=closed id="$(printf '%s' "$event" | jq .id)" >>"$HOME/closed"
EOF2
	crm-case close -q 1 --csat 5
	crm-case resolve -q 2 --resolution 'New cable'
	crm-case set -q 2 status=closed csat=2
	run cat "$HOME/closed"
	output_is <<'EOF2'
["close",1,"new","closed",5,"happy"]
closed	5	happy	2026-03-01T09:00:00Z
["close",2,"resolved","closed",2,"follow-up"]
closed	2	follow-up	2026-03-01T09:00:00Z
EOF2
	# a closed case reopened and closed again is closed again, with new answers
	crm-case reopen -q 1
	crm-case close -q 1 --csat 4
	[ "$(tail -n 1 "$HOME/closed")" = $'closed\t4\thappy\t2026-03-01T09:00:00Z' ]
}

@test "hooks.dir in the database names the hooks directory for everyone; CRM_HOOKS still comes first" {
	local team="$BATS_TEST_TMPDIR/team" other="$BATS_TEST_TMPDIR/other"
	mkdir -p "$team" "$other" "$HOME/shared" "$HOME/.config/crm/hooks"
	for d in "$team" "$other" "$HOME/shared" "$HOME/.config/crm/hooks"; do
		printf '#!/bin/sh\necho %s >>"$HOME/ran"\n' "$d" >"$d/post-add"
		chmod +x "$d/post-add"
	done
	crm config set hooks.dir "$team"
	run crm config get hooks.dir
	output_is <<<"$team"
	crm-contact add -q first_name=Ana
	CRM_HOOKS="$other" crm-contact add -q first_name=Eva
	crm config set hooks.dir '~/shared'
	crm-contact add -q first_name=Luis
	crm config unset hooks.dir
	crm-contact add -q first_name=Rosa
	run cat "$HOME/ran"
	output_is <<EOF2
$team
$other
$HOME/shared
$HOME/.config/crm/hooks
EOF2
	run crm config get hooks.dir
	[ "$status" -eq 1 ] && [ "$output" = "" ]
	# a relative directory, which crm config refuses but a dump may hold, is ignored
	command -v sqlite3 >/dev/null || skip "sqlite3 CLI absent"
	crm --db copy.db init -q
	sqlite3 copy.db "INSERT INTO setting (key, value) VALUES ('hooks.dir', 'team')"
	run --separate-stderr env CRM_DB=copy.db crm-contact add first_name=Pia
	[ "$status" -eq 0 ]
	stderr_is <<<"crm-contact: hooks.dir: not an absolute directory 'team'; ignored"
	[ "$(tail -n 1 "$HOME/ran")" = "$HOME/.config/crm/hooks" ]
}

@test "hooks.dir: hooks others may change, or that belong to someone else, do not run" {
	local team="$BATS_TEST_TMPDIR/team"
	mkdir -p "$team" "$HOME"
	printf '#!/bin/sh\necho ran >>"$HOME/ran"\n' >"$team/post-add"
	chmod 755 "$team/post-add"
	crm config set hooks.dir "$team"
	chmod g+w "$team/post-add"
	run --separate-stderr crm-contact add first_name=Ana
	[ "$status" -eq 0 ]
	stderr_is <<<"crm-contact: hooks.dir: $team/post-add not run: it, or its directory, belongs to someone other than root, you and the database's owner, or others may change it"
	chmod g-w "$team/post-add"
	chmod o+w "$team"
	run --separate-stderr crm-contact add first_name=Eva
	[[ "$stderr" == *"not run"* ]]
	chmod o-w "$team"
	crm-contact add -q first_name=Luis
	[ "$(cat "$HOME/ran")" = ran ]
	# a hook of another user's (not root's, not the database owner's)
	[ "$(id -u)" = 0 ] || return 0
	chown nobody "$team/post-add"
	run --separate-stderr crm-contact add first_name=Rosa
	[[ "$stderr" == *"not run"* ]]
	[ "$(cat "$HOME/ran")" = ran ]
	# CRM_HOOKS, the user's own choice, is not second-guessed
	CRM_HOOKS="$team" crm-contact add -q first_name=Pia
	[ "$(grep -c ran "$HOME/ran")" = 2 ]
}

@test "crm config: list, bad keys and values refused, nothing written" {
	crm config set hooks.dir /srv/crm/hooks
	crm-report weights idle=2
	run crm config list -o csv
	output_is <<'EOF2'
key,value
hooks.dir,/srv/crm/hooks
next.idle,2
EOF2
	fails_unchanged 3 "crm: hooks.dir: not an absolute directory 'hooks' (/srv/crm/hooks, ~/crm-hooks)" \
		crm config set hooks.dir hooks
	fails_unchanged 2 "crm: unknown setting 'hooks.dirs' (hooks.dir, mail.self, mail.support, mail.unknown, sharing.ENTITY; next.* is set by crm-report weights)
usage: crm config [OPTIONS] [list | get KEY | set KEY VALUE | unset KEY]" crm config set hooks.dirs /x
	# sharing.ENTITY for each kind of record with an owner (users have none)
	fails_unchanged 3 "crm: sharing.opp: not private, read or write 'secret'" \
		crm config set sharing.opp secret
	fails_unchanged 2 "crm: unknown setting 'sharing.user' (hooks.dir, mail.self, mail.support, mail.unknown, sharing.ENTITY; next.* is set by crm-report weights)
usage: crm config [OPTIONS] [list | get KEY | set KEY VALUE | unset KEY]" crm config set sharing.user read
	crm config set sharing.case private
	[ "$(crm config get sharing.case)" = private ]
	fails_unchanged 2 "crm: expected list, get KEY, set KEY VALUE or unset KEY
usage: crm config [OPTIONS] [list | get KEY | set KEY VALUE | unset KEY]" crm config set hooks.dir
	run crm config --dry-run unset hooks.dir
	output_is <<<"unset hooks.dir"
	[ "$(crm config get hooks.dir)" = /srv/crm/hooks ]
}

# bats test_tags=sqlite
@test "hooks.dir of a database another user owns does not run, unless your own config says safe.hooks; a pre- hook refused fails the command" {
	[ "$(id -u)" = 0 ] || skip "needs root to give the database to another user"
	local team="$BATS_TEST_TMPDIR/team"
	mkdir -p "$team"
	printf '#!/bin/sh\necho ran >>"%s/ran"\n' "$BATS_TEST_TMPDIR" >"$team/pre-add"
	chmod 755 "$team/pre-add"
	crm config set hooks.dir "$team"
	# the database and the hooks directory belong to nobody: another user
	chown nobody "$team" "$team/pre-add" "$CRM_DB"
	fails_unchanged 4 "crm-contact: hooks.dir: $team/pre-add not run: the database belongs to another user, who chose that directory; if you trust it, add 'safe.hooks = $team' to your own ~/.config/crm/config
crm-contact: pre-add hook not run (see above): nothing written" crm-contact add first_name=Ana
	[ ! -e "$BATS_TEST_TMPDIR/ran" ]
	# the user says the directory is safe, in a file only they control
	mkdir -p "$XDG_CONFIG_HOME/crm"
	printf '# mine\nsafe.hooks = %s/\n' "$team" >"$XDG_CONFIG_HOME/crm/config"
	crm-contact add -q first_name=Ana
	[ "$(cat "$BATS_TEST_TMPDIR/ran")" = ran ]
	# the database's own setting cannot say it
	rm "$XDG_CONFIG_HOME/crm/config"
	crm config set safe.hooks "$team" 2>/dev/null || true
	run crm-contact add first_name=Eva
	[ "$status" -eq 4 ]
}

@test "a hook stopped at the timeout takes everything it started with it, setsid children too" {
	hook pre-add <<'EOF2'
#!/bin/sh
setsid sleep 317 &
sh -c 'sleep 318' &
sleep 319
EOF2
	run --separate-stderr env CRM_HOOK_TIMEOUT=1 crm-contact add first_name=Ana
	[ "$status" -eq 3 ]
	[ "$stderr" = "crm-contact: pre-add hook: stopped after 1 seconds (CRM_HOOK_TIMEOUT)" ]
	sleep 0.2
	run pgrep -f 'sleep 31[789]'
	[ "$output" = "" ]
}

@test "a hook that prints a flood: 64 KiB kept, the rest counted, memory stays small" {
	hook post-add <<'EOF2'
#!/bin/sh
head -c 200000000 /dev/zero | tr '\0' x >&2
exit 1
EOF2
	run --separate-stderr /usr/bin/time -f 'rss %M' crm-contact add first_name=Ana
	[ "$status" -eq 0 ]
	[[ "${stderr_lines[0]}" == "crm-contact: post-add hook failed: xxx"*"... (199934464 bytes more)" ]]
	[ "${#stderr_lines[0]}" -lt 70000 ]
	local rss=${stderr_lines[1]#rss }
	echo "max RSS: $rss KB" >&3
	[ "$rss" -lt 100000 ]
}
