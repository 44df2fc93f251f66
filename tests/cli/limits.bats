#!/usr/bin/env bats
# Outside input past the limits of crm-formats(5), or holding a NUL byte:
# refused early, naming line and field, exit 3, the database unchanged.

bats_require_minimum_version 1.5.0
load helper

# The caller's hooks and editor are not this file's: each test sets its own.
eval "helper_$(declare -f setup)"
setup() {
	helper_setup
	export XDG_CONFIG_HOME="$HOME/.config"
	unset CRM_HOOKS VISUAL
}

# same ACTUAL EXPECTED: equal strings, or a unified diff on stderr.
same() {
	if [ "$1" != "$2" ]; then
		diff -u <(printf '%s\n' "$2") <(printf '%s\n' "$1") | sed 's/^/# /' >&2
		return 1
	fi
}

# N bytes of c (a single character) on stdout.
repeat() {
	head -c "$1" /dev/zero | tr '\0' "$2"
}

@test "limits: a CSV record of 20 MB of commas is refused at its 16385th field" {
	crm init -q
	{ printf 'first_name,last_name\n'; repeat 20000000 ,; printf '\n'; } >commas.csv
	fails_unchanged 3 "crm-contact: line 2: more than 16384 fields in a record (the limit)" \
		crm-contact import commas.csv
	# 16384 fields are still a record (an invalid row here: the header has 2)
	{ printf 'first_name,last_name\n'; repeat 16383 ,; printf '\n'; } >16384.csv
	run --separate-stderr crm-contact import 16384.csv
	[ "$status" -eq 3 ]
	same "${stderr_lines[0]}" "crm-contact: line 2: 16384 fields, the header has 2"
}

@test "limits: a CSV field over 16 MiB, and a record over 64 MiB, are refused naming them" {
	crm init -q
	{ printf 'first_name,notes\nAna,'; repeat 16777217 x; printf '\n'; } >field.csv
	fails_unchanged 3 "crm-contact: line 2: notes: more than 16777216 bytes in a field (the limit)" \
		crm-contact import field.csv
	# five fields short enough, a record too long
	{ printf 'first_name,notes,city,title,phone\n'; for i in 1 2 3 4; do repeat 15000000 y; printf ,; done
	  repeat 15000000 y; printf '\n'; } >record.csv
	fails_unchanged 3 "crm-contact: line 2: more than 67108864 bytes in a record (the limit)" \
		crm-contact import record.csv
	# exactly 16 MiB is taken
	{ printf 'first_name,notes\nAna,'; repeat 16777216 x; printf '\n'; } >max.csv
	run --separate-stderr crm-contact import max.csv
	[ "$status" -eq 0 ]
	run crm sql "SELECT length(notes) FROM contact"
	same "$output" "16777216"
}

@test "limits: a NUL byte in a CSV field is refused naming its line and column" {
	crm init -q
	printf 'first_name,email\nAna,ana@x.es\nJo\0se,jose@x.es\n' >nul.csv
	fails_unchanged 3 "crm-contact: line 3: first_name: NUL byte in the data (not a text file?)" \
		crm-contact import nul.csv
}

@test "limits: a NUL byte in a vCard or iCalendar value is refused, not cut short" {
	crm init -q
	printf 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana\r\nNOTE:call\0 her\r\nEND:VCARD\r\n' >nul.vcf
	fails_unchanged 3 "crm-contact: line 4: NOTE: NUL byte in the data (not a text file?)" \
		crm-contact import nul.vcf
	printf 'BEGIN:VCALENDAR\r\nBEGIN:VTODO\r\nUID:a\r\nSUMMARY:call\0 her\r\nEND:VTODO\r\nEND:VCALENDAR\r\n' >nul.ics
	fails_unchanged 3 "crm-task: line 4: SUMMARY: NUL byte in the data (not a text file?)" \
		crm-task import nul.ics
}

@test "limits: 10 MB of commas in a vCard CATEGORIES, 20 MB in an iCalendar one, are refused" {
	crm init -q
	{ printf 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana\r\nCATEGORIES:'; repeat 10000000 ,; printf '\r\nEND:VCARD\r\n'; } >commas.vcf
	fails_unchanged 3 "crm-contact: line 4: CATEGORIES: more than 16384 parts in a value (the limit)
crm-contact: nothing imported: 1 invalid vCard; fix it, or use --skip-invalid" \
		crm-contact import commas.vcf
	{ printf 'BEGIN:VCALENDAR\r\nBEGIN:VTODO\r\nUID:a\r\nCATEGORIES:'; repeat 20000000 ,; printf '\r\nEND:VTODO\r\nEND:VCALENDAR\r\n'; } >commas.ics
	fails_unchanged 3 "crm-task: line 4: CATEGORIES: more than 16777216 bytes in a field (the limit)" \
		crm-task import commas.ics
}

@test "limits: a vCard value over 16 MiB makes its card invalid; --skip-invalid imports the others" {
	crm init -q
	{ printf 'BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ana\r\nNOTE:'; repeat 16777217 x; printf '\r\nEND:VCARD\r\n'
	  printf 'BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Eva\r\nEND:VCARD\r\n'; } >long.vcf
	before=$(db_dump)
	run --separate-stderr crm-contact import long.vcf
	[ "$status" -eq 3 ]
	same "$stderr" "crm-contact: line 4: NOTE: more than 16777216 bytes in a field (the limit)
crm-contact: nothing imported: 1 invalid vCard; fix it, or use --skip-invalid"
	same "$(db_dump)" "$before"
	run --separate-stderr crm-contact import --skip-invalid -q long.vcf
	[ "$status" -eq 0 ]
	run crm-contact list -o tsv --fields first_name
	same "$output" "Eva"
}

@test "limits: ids on stdin with a NUL byte, or a line over 64 MiB, are refused" {
	crm init -q
	crm-contact add first_name=Ana -q
	crm-contact add first_name=Eva -q
	# "2<NUL>..." read as a C string was id 2
	printf '1\n2\0junk\n' >ids
	fails_unchanged 3 "crm-contact: stdin line 2: NUL byte in the data (not a text file?)" \
		sh -c 'crm-contact rm - <ids'
	{ printf '1\n'; repeat 67108865 1; printf '\n'; } >long
	fails_unchanged 3 "crm-contact: stdin line 2: more than 67108864 bytes in a line (the limit)" \
		sh -c 'crm-contact rm - <long'
	printf '1\t2\0\n' >pairs
	fails_unchanged 3 "crm-contact: stdin line 1: NUL byte in the data (not a text file?)" \
		sh -c 'crm-contact merge - <pairs'
}

@test "limits: a value on stdin with a NUL byte, or over 16 MiB, is refused" {
	crm init -q
	crm-contact add first_name=Ana -q
	printf 'first line\nsecond\0 line\n' >body
	fails_unchanged 3 "crm-log: line 2: body: standard input: NUL byte in the data (not a text file?)" \
		sh -c 'crm-log add contact=1 channel=email body=- <body'
	repeat 16777217 b >body
	fails_unchanged 3 "crm-log: body: standard input: more than 16777216 bytes in a field (the limit)" \
		sh -c 'crm-log add contact=1 channel=email body=- <body'
}

# An editor that runs the shell code in $1 on the file ($f), for EDITOR=.
editor() {
	printf '#!/bin/sh\nf="$1"\n%s\n' "$1" >"$BATS_TEST_TMPDIR/editor"
	chmod +x "$BATS_TEST_TMPDIR/editor"
	echo "$BATS_TEST_TMPDIR/editor"
}

@test "limits: edit refuses a draft with a NUL byte, naming the file and line" {
	crm init -q
	crm-contact add first_name=Ana city=Madrid -q
	before=$(db_dump)
	export TMPDIR=$BATS_TEST_TMPDIR
	EDITOR=$(editor "sed -i 's/^city: Madrid/city: Sevilla\\x00 x/' \"\$f\"") \
		run --separate-stderr crm-contact edit 1
	[ "$status" -eq 3 ]
	[[ "$stderr" =~ ^crm-contact:\ $BATS_TEST_TMPDIR/crm-contact-1-[A-Za-z0-9]{6}\.txt:\ line\ ([0-9]+):\ NUL\ byte\ in\ the\ data\ \(not\ a\ text\ file\?\)\;\ nothing\ written$ ]]
	nul_line=${BASH_REMATCH[1]}
	# the line the NUL is on is the city's
	EDITOR=cat run crm-contact edit 1
	same "$nul_line" "$(printf '%s\n' "$output" | grep -n '^city:' | cut -d: -f1)"
	same "$(db_dump)" "$before"
}

@test "limits: edit brings back a value over 16 MiB with the reason on top" {
	crm init -q
	crm-contact add first_name=Ana -q
	before=$(db_dump)
	export TMPDIR=$BATS_TEST_TMPDIR
	# the first time a note of 16 MiB and 1 byte; then the file is left as it was
	{ printf 'notes: '; repeat 16777217 n; echo; } >note
	ed=$(editor "grep '^# ERROR' \"\$f\" >\"$BATS_TEST_TMPDIR/errors\" && exit 0
		grep -v '^notes:' \"\$f\" | cat - \"$BATS_TEST_TMPDIR/note\" >\"\$f.new\" && mv \"\$f.new\" \"\$f\"")
	EDITOR=$ed run --separate-stderr crm-contact edit 1
	[ "$status" -eq 3 ]
	same "$stderr" "crm-contact: the file was left as it was; nothing written"
	same "$(cat errors)" "# ERROR: notes: more than 16777216 bytes in a field (the limit)"
	same "$(db_dump)" "$before"
}

# Writes hook $1 from stdin into this test's hooks directory.
hook() {
	mkdir -p "$XDG_CONFIG_HOME/crm/hooks"
	cat >"$XDG_CONFIG_HOME/crm/hooks/$1"
	chmod +x "$XDG_CONFIG_HOME/crm/hooks/$1"
}

@test "limits: a pre-hook's answer with a NUL, written or escaped, is refused naming the field" {
	crm init -q
	hook pre-add <<'EOF2'
#!/bin/sh
cat >/dev/null
printf '{"city": "Madrid",\n "notes": "call\\u0000 her"}'
EOF2
	fails_unchanged 3 "crm-contact: pre-add hook: line 2: notes: NUL byte in the data (not a text file?)" \
		crm-contact add first_name=Eva
	hook pre-add <<'EOF2'
#!/bin/sh
cat >/dev/null
printf '{"city": "Madrid"}\n\0{"notes": "unread"}'
EOF2
	fails_unchanged 3 "crm-contact: pre-add hook: line 2: NUL byte in the data (not a text file?)" \
		crm-contact add first_name=Eva
}
