#!/usr/bin/env bats
# crm shell through a pseudo-terminal (tmux): commands without the crm-
# prefix, tab completion from the commands themselves, history, Ctrl-D.

load helper
bats_require_minimum_version 1.5.0

TMUX_SOCK=""

teardown() {
	[ -n "$TMUX_SOCK" ] && tmux -S "$TMUX_SOCK" kill-server 2>/dev/null || true
}

# Starts `crm shell` in a detached tmux session; its exit status lands in ./exit.
start_shell() {
	TMUX_SOCK="$BATS_TEST_TMPDIR/tmux.sock"
	export XDG_STATE_HOME="$BATS_TEST_TMPDIR/state"
	tmux -S "$TMUX_SOCK" -f /dev/null new-session -d -x 150 -y 40 \
		"env PATH='$PATH' CRM_DB='$CRM_DB' CRM_NOW=$CRM_NOW TZ=UTC CRM_USER=tester LC_ALL=C.UTF-8 HOME='$HOME' XDG_STATE_HOME='$XDG_STATE_HOME' TERM=xterm crm shell; echo \$? >'$BATS_TEST_TMPDIR/exit'; sleep 30"
	wait_for 'crm>'
}

screen() {
	tmux -S "$TMUX_SOCK" capture-pane -p -J | sed -e 's/[[:space:]]*$//' | sed -e '/^$/d'
}

# Waits (5 s at most) until the screen holds the text.
wait_for() {
	local i
	for i in $(seq 50); do
		screen | grep -qF -- "$1" && return 0
		sleep 0.1
	done
	echo "screen never showed '$1':" >&2
	screen >&2
	return 1
}

keys() {
	tmux -S "$TMUX_SOCK" send-keys -- "$@"
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
	for i in $(seq 50); do [ -s exit ] && break; sleep 0.1; done
	[ "$(cat exit)" = 1 ]
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
	for i in $(seq 50); do [ -s exit ] && break; sleep 0.1; done
	[ "$(cat exit)" = 0 ]
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
	for i in $(seq 50); do [ -s exit ] && break; sleep 0.1; done
	[ "$(cat exit)" = 0 ]
	[ "$(db_dump)" = "$before" ]
}

@test "shell: takes no arguments" {
	crm init -q
	fails_unchanged 2 "crm: shell takes no arguments
usage: crm shell [OPTIONS]" crm shell now
}
