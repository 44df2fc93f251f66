#!/usr/bin/env bats
# crm shell through a pseudo-terminal (tmux): commands without the crm-
# prefix, tab completion from the commands themselves, history, Ctrl-D.

load helper
bats_require_minimum_version 1.5.0

teardown() {
	tty_stop
}

# Starts `crm shell` in a pseudo-terminal; its exit status lands in ./exit.
start_shell() {
	export XDG_STATE_HOME="$BATS_TEST_TMPDIR/state"
	tty_start "crm shell"
	wait_for 'crm>'
}

@test "shell: commands run without the crm- prefix, with the commands' own output; history is kept" {
	crm init -q
	start_shell
	keys 'contact add first_name=Ana "last_name=García Ruiz" city=Madrid' Enter
	wait_for 'crm> contact add'
	keys 'contact list -o csv --fields id,last_name' Enter
	wait_for '1,García Ruiz'
	keys 'contact show 99' Enter
	wait_for 'crm-contact: no contact'
	keys 'exit' Enter
	[ "$(tty_exit)" = 1 ]
	[ "$(crm-contact list --fields first_name,last_name)" = $'Ana\tGarcía Ruiz' ]
	run cat "$XDG_STATE_HOME/crm/history"
	output_is <<'EOF2'
contact add first_name=Ana "last_name=García Ruiz" city=Madrid
contact list -o csv --fields id,last_name
contact show 99
EOF2
	[ "$(stat -c %a "$XDG_STATE_HOME/crm/history")" = 600 ]
}

@test "shell: tab completes commands, verbs, options and field names" {
	crm init -q
	crm field add contact shoe number
	start_shell
	keys 'cont' Tab
	wait_for 'crm> contact'
	keys 'li' Tab
	wait_for 'crm> contact list'
	keys '--fie' Tab
	wait_for 'crm> contact list --fields'
	keys 'sh' Tab
	wait_for 'crm> contact list --fields shoe'
	keys C-u 'contact add fir' Tab
	wait_for 'crm> contact add first_name='
	keys C-u 'undo --dr' Tab
	wait_for 'crm> undo --dry-run'
	keys C-u
	keys C-d
	[ "$(tty_exit)" = 0 ]
}

@test "shell: Ctrl-D at the prompt ends it, writing nothing; a line left open is not run" {
	crm init -q
	local before
	before="$(db_dump)"
	start_shell
	keys "contact add 'first_name=Eva"
	keys Enter
	wait_for 'crm: a quote is not closed'
	keys C-d
	[ "$(tty_exit)" = 0 ]
	[ "$(db_dump)" = "$before" ]
}

@test "shell: takes no arguments" {
	crm init -q
	fails_unchanged 2 "crm: shell takes no arguments
usage: crm shell [OPTIONS]" crm shell now
}

@test "shell: tab completes values: stages, and record names whatever their case and accents" {
	crm init -q
	crm-account add "name=Acme Ibérica S.L." >/dev/null
	crm-account add "name=Acme Corp" >/dev/null
	crm-account add "name=Álvarez e Hijos" >/dev/null
	start_shell
	keys 'opp list stage=pro' Tab Tab
	wait_for 'proposal'
	screen | grep -q 'prospecting'
	keys C-u 'opp add name=Deal account=alv' Tab
	wait_for 'crm> opp add name=Deal account="Álvarez e Hijos"'
	keys C-u 'opp add name=Deal account=acm' Tab
	wait_for 'crm> opp add name=Deal account="Acme'
	keys 'c' Tab
	wait_for 'crm> opp add name=Deal account="Acme Corp"'
	keys C-u 'account show álv' Tab
	wait_for 'crm> account show "Álvarez e Hijos"'
	keys C-u 'opp add name=Deal account=acm'  Tab
	wait_for 'crm> opp add name=Deal account="Acme'
	keys 'c' Tab
	keys Enter
	wait_for $'1\ncrm>'
	keys C-d
	[ "$(tty_exit)" = 0 ]
	[ "$(crm-opp list --fields name,account)" = $'Deal\tAcme Corp' ]
}

@test "--complete=value: the values a field takes, for shells and prompts" {
	crm init -q
	crm-account add "name=Acme Ibérica S.L." >/dev/null
	crm-account add "name=Álvarez e Hijos" >/dev/null
	run crm-contact --complete=value:account:alv
	output_is <<<'Álvarez e Hijos'
	run crm-opp --complete=value:stage:PRO
	output_is <<'EOF2'
prospecting
proposal
EOF2
	run crm-contact --complete=value:optout:
	output_is <<'EOF2'
yes
no
EOF2
	run crm-contact --complete=value:city:Ma
	output_is <<<''
	run crm-contact --complete=value:nosuchfield:x
	output_is <<<''
	run crm-account --complete=name:ACME
	output_is <<<'Acme Ibérica S.L.'
}
