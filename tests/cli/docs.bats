#!/usr/bin/env bats
# The documentation and completions against the commands: every verb, option
# and field the commands report is in their man page; the pages render
# without warnings; the shell completions complete from the commands,
# custom fields included, and parse in every shell.

load helper
bats_require_minimum_version 1.5.0

TOP=${CRM_TOP:-$BATS_TEST_DIRNAME/../..}
MAN=$TOP/man
COMPLETIONS=$TOP/completions
PAGES="crm.1 crm-contact.1 crm-account.1 crm-formats.5 crm-filter.7"


# The .It lines of section (.Sh) $2, or with $3 of subsection (.Ss) $3, of page $1.
items() {
	awk -v sh="$2" -v ss="${3:-}" '
		/^\.Sh / { insh = ($0 == ".Sh " sh); inss = (ss == ""); next }
		/^\.Ss / { inss = (ss == "" || $0 == ".Ss " ss); next }
		insh && inss && /^\.It /' "$MAN/$1"
}

# The words W of the ".It Cm W ..." lines of a section, sorted, once each.
item_words() {
	items "$@" | awk '$2 == "Cm" { print $3 }' | sort -u
}

# Fails, naming them, if some of the --options on stdin have no .It entry in
# the OPTIONS section of page $1.
options_documented() {
	local page=$1 opt missing=
	local its
	its=$(items "$page" OPTIONS)
	while read -r opt; do
		case $opt in --*) ;; *) continue ;; esac
		grep -Eq "Fl \\\\-${opt#--}( |\$)" <<<"$its" || missing+=" $opt"
	done
	if [ -n "$missing" ]; then
		echo "$page: options without an .It entry in OPTIONS:$missing" >&2
		return 1
	fi
}

# Runs the bash completion on the words given (the last one is the word being
# completed) and prints COMPREPLY, one word a line.
complete_bash() {
	bash -c '
		source "$1" || exit 9
		shift
		COMP_WORDS=("$@")
		COMP_CWORD=$(($# - 1))
		COMP_LINE="$*"
		COMP_POINT=${#COMP_LINE}
		COMPREPLY=()
		_crm
		printf "%s\n" "${COMPREPLY[@]}"' _ "$COMPLETIONS/crm.bash" "$@"
}

# ------------------------------------------------------ verbs (a)

@test "docs: the verbs of crm-contact(1) are exactly those of crm-contact" {
	run crm-contact --complete=verbs
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -ge 11 ]
	[[ " ${lines[*]} " == *" lookup "* ]]
	[[ " ${lines[*]} " == *" forget "* ]]
	want=$(printf '%s\n' "${lines[@]}" | sort)
	run item_words crm-contact.1 DESCRIPTION Verbs
	[ "$status" -eq 0 ]
	output_is <<<"$want"
}

@test "docs: the verbs of crm-account(1) are exactly those of crm-account" {
	run crm-account --complete=verbs
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -ge 11 ]
	[[ " ${lines[*]} " == *" lookup "* ]]
	want=$(printf '%s\n' "${lines[@]}" | sort)
	run item_words crm-account.1 DESCRIPTION Verbs
	[ "$status" -eq 0 ]
	output_is <<<"$want"
}

@test "docs: every command and verb of 'crm --help' has an .It entry in crm(1)" {
	run crm --help
	[ "$status" -eq 0 ]
	words=$(printf '%s\n' "${lines[@]}" | awk '/^commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 }')
	# the entity commands and the whole-database verbs are all there
	for w in contact account init backup check undo history sql field; do
		grep -qx "$w" <<<"$words"
	done
	documented=$(item_words crm.1 DESCRIPTION)
	missing=
	for w in $words help; do
		grep -qx "$w" <<<"$documented" || missing+=" $w"
	done
	[ -z "$missing" ] || { echo "not in crm.1:$missing" >&2; false; }
}

@test "docs: crm(1) documents exactly the verbs of crm --complete=verbs, and help" {
	run crm --complete=verbs
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -ge 7 ]
	want=$(printf '%s\n' "${lines[@]}" help $(crm --help | sed -n 's/.*(crm-\(.*\))$/\1/p') | sort)
	run item_words crm.1 DESCRIPTION
	[ "$status" -eq 0 ]
	output_is <<<"$want"
}

# ---------------------------------------------------- options (b)

@test "docs: every option of every crm-contact verb is in crm-contact(1)" {
	run crm-contact --complete=verbs
	[ "$status" -eq 0 ]
	n=0
	for v in "${lines[@]}"; do
		opts=$(crm-contact --complete="$v")
		n=$((n + $(grep -c -e '^--' <<<"$opts" || true)))
		options_documented crm-contact.1 <<<"$opts"
	done
	# the verbs report options at all (13 verbs, 5 or more each but fields)
	[ "$n" -ge 60 ]
}

@test "docs: every option of every crm-account verb is in crm-account(1)" {
	run crm-account --complete=verbs
	[ "$status" -eq 0 ]
	n=0
	for v in "${lines[@]}"; do
		opts=$(crm-account --complete="$v")
		n=$((n + $(grep -c -e '^--' <<<"$opts" || true)))
		options_documented crm-account.1 <<<"$opts"
	done
	[ "$n" -ge 55 ]
}

@test "docs: every option of every crm verb is in crm(1)" {
	run crm --complete=verbs
	[ "$status" -eq 0 ]
	n=0
	for v in "${lines[@]}"; do
		opts=$(crm --complete="$v")
		n=$((n + $(grep -c -e '^--' <<<"$opts" || true)))
		options_documented crm.1 <<<"$opts"
	done
	[ "$n" -ge 30 ]
}

@test "docs: the option check finds an undocumented option" {
	run options_documented crm.1 <<<"--no-such-option"
	[ "$status" -eq 1 ]
	[[ "$output" == *"options without an .It entry in OPTIONS: --no-such-option"* ]]
}

# -------------------------------------------------- fields and more

@test "docs: crm-contact(1) describes exactly the fields of a contact" {
	run --separate-stderr crm-contact fields -o tsv
	[ "$status" -eq 0 ]
	want=$(printf '%s\n' "${lines[@]}" | cut -f1 | sort)
	[ "$(wc -l <<<"$want")" -eq 23 ]
	run item_words crm-contact.1 DESCRIPTION Fields
	output_is <<<"$want"
}

@test "docs: crm-account(1) describes exactly the fields of an account" {
	run --separate-stderr crm-account fields -o tsv
	[ "$status" -eq 0 ]
	want=$(printf '%s\n' "${lines[@]}" | cut -f1 | sort)
	[ "$(wc -l <<<"$want")" -eq 18 ]
	run item_words crm-account.1 DESCRIPTION Fields
	output_is <<<"$want"
}

@test "docs: the command pages document the environment and the exit codes 0-4" {
	for page in crm.1 crm-contact.1 crm-account.1; do
		run item_words "$page" ENVIRONMENT
		[ "$status" -eq 0 ]
		run bash -c "awk '/^\\.Sh ENVIRONMENT/,/^\\.Sh FILES/' '$MAN/$page' | awk '/^\\.It Ev / { print \$3 }'"
		for v in CRM_DB CRM_USER CRM_NOW CRM_BUSY_TIMEOUT XDG_DATA_HOME TZ; do
			grep -qx "$v" <<<"$output" || { echo "$page: no $v" >&2; false; }
		done
		run bash -c "awk '/^\\.Sh EXIT STATUS/,/^\\.Sh EXAMPLES/' '$MAN/$page' | awk '/^\\.It [0-9]/ { print \$2 }'"
		output_is <<'EOF'
0
1
2
3
4
EOF
	done
}

@test "docs: crm-formats(5) lists every output format the commands accept" {
	run crm-contact list -o nosuch
	[ "$status" -eq 2 ]
	formats=$(sed -n "s/.*unknown format 'nosuch' (use \(.*\))/\1/p" <<<"$output" | tr -d ,)
	[ "$formats" = "table tsv csv json jsonl ids" ]
	documented=$(item_words crm-formats.5 DESCRIPTION Formats | tr '\n' ' ')
	[ "$documented" = "csv ids json jsonl table tsv " ]
}

# ------------------------------------------------------ rendering (c)

@test "docs: every man page renders with man -l without warnings" {
	command -v man >/dev/null || skip "man is not installed"
	for page in $PAGES; do
		[ -f "$MAN/$page" ]
		run --separate-stderr env LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$MAN/$page"
		[ "$status" -eq 0 ]
		[ "$stderr" = "" ] || { echo "$page: $stderr" >&2; false; }
		name=${page%.*}
		section=${page##*.}
		[[ "${lines[0]}" == "${name^^}($section)"* ]]
		grep -q '^NAME' <<<"$output"
		grep -q '^SEE ALSO' <<<"$output"
	done
}

@test "docs: every man page passes mandoc -T lint (warnings and worse)" {
	command -v mandoc >/dev/null || skip "mandoc is not installed"
	for page in $PAGES; do
		run mandoc -T lint -W warning "$MAN/$page"
		[ "$status" -eq 0 ] || { echo "$output" >&2; false; }
		[ "$output" = "" ]
	done
}

# ------------------------------------------------- bash completion (d)

@test "bash completion: one function completes crm, crm-contact and crm-account" {
	run bash -c 'source "$1" && complete -p crm crm-contact crm-account' _ "$COMPLETIONS/crm.bash"
	[ "$status" -eq 0 ]
	output_is <<'EOF'
complete -F _crm crm
complete -F _crm crm-contact
complete -F _crm crm-account
EOF
}

@test "bash completion: crm-contact li completes to list" {
	run complete_bash crm-contact li
	[ "$status" -eq 0 ]
	output_is <<<"list"
}

@test "bash completion: crm-contact list --fo completes to --format, then its values" {
	run complete_bash crm-contact list --fo
	[ "$status" -eq 0 ]
	output_is <<<"--format"
	run complete_bash crm-contact list --format j
	output_is <<'EOF'
json
jsonl
EOF
}

@test "bash completion: a custom field is offered as field= once it exists" {
	run complete_bash crm-contact list reg
	[ "$status" -eq 0 ]
	output_is <<<"region="
	run crm field add contact region_code text
	[ "$status" -eq 0 ]
	run complete_bash crm-contact list reg
	[ "$status" -eq 0 ]
	output_is <<'EOF'
region=
region_code=
EOF
	run complete_bash crm contact set 1 region_
	output_is <<<"region_code="
}

@test "bash completion: fields come from the database given by --db" {
	crm --db "$BATS_TEST_TMPDIR/other.db" field add account zona text
	run complete_bash crm-account list zo
	[ "$status" -eq 0 ]
	[ "$output" = "" ]
	run complete_bash crm-account list --db "$BATS_TEST_TMPDIR/other.db" zo
	output_is <<<"zona="
	run complete_bash crm --db "$BATS_TEST_TMPDIR/other.db" account list zo
	output_is <<<"zona="
}

@test "bash completion: assignments are not offered for fields crm sets" {
	run complete_bash crm-contact add ''
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 20 ]
	[[ " ${lines[*]} " == *" first_name= "* ]]
	[[ " ${lines[*]} " != *" id= "* && " ${lines[*]} " != *" created= "* ]]
	run complete_bash crm-contact list cre
	output_is <<<"created="
}

@test "bash completion: crm completes its verbs and the entity commands" {
	run complete_bash crm ''
	[ "$status" -eq 0 ]
	for w in init backup check undo history sql field help contact account; do
		[[ " ${lines[*]} " == *" $w "* ]] || { echo "missing $w" >&2; false; }
	done
	run complete_bash crm co
	output_is <<<"contact"
	run complete_bash crm contact li
	output_is <<<"list"
	run complete_bash crm undo --
	output_is <<'EOF'
--db
--dry-run
--run
--quiet
--help
--version
EOF
	run complete_bash crm field add contact x ''
	output_is <<'EOF'
text
number
date
bool
choice
EOF
}

# --------------------------------------------- zsh and fish (e)

@test "zsh completion parses" {
	command -v zsh >/dev/null || skip "zsh is not installed"
	run zsh -n "$COMPLETIONS/_crm"
	[ "$status" -eq 0 ]
	[ "$output" = "" ]
	[ "$(head -n 1 "$COMPLETIONS/_crm")" = "#compdef crm crm-contact crm-account" ]
}

@test "fish completion parses" {
	command -v fish >/dev/null || skip "fish is not installed"
	run fish -n "$COMPLETIONS/crm.fish"
	[ "$status" -eq 0 ]
	[ "$output" = "" ]
}

@test "fish completion completes verbs, options and custom fields" {
	command -v fish >/dev/null || skip "fish is not installed"
	crm field add contact region_code text
	run fish -c "source '$COMPLETIONS/crm.fish'; complete -C 'crm-contact li'"
	[ "$status" -eq 0 ]
	output_is <<<"list"
	run fish -c "source '$COMPLETIONS/crm.fish'; complete -C 'crm-contact list --fo'"
	output_is <<<"--format"
	run fish -c "source '$COMPLETIONS/crm.fish'; complete -C 'crm-contact list reg'"
	output_is <<'EOF'
region=
region_code=
EOF
}
