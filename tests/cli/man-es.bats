#!/usr/bin/env bats
# The Spanish man pages against the English ones.  po4a merges each English
# page of po/man/po4a.cfg into a copy of its catalogue, po/man/PAGE.es.po, as
# `make po-man` would, and makes the Spanish page from it: the tree is never
# written.  A catalogue with an entry untranslated or fuzzy (an English
# paragraph added or changed since it was translated) fails, and so does a
# Spanish page that renders less cleanly than its English one.

load helper
bats_require_minimum_version 1.5.0

TOP=${CRM_TOP:-$BATS_TEST_DIRNAME/../..}

# The English pages that have a Spanish one, from po4a.cfg.
pages() {
	sed -n 's|^\[type: *man\] *man/\([^ ]*\) .*|\1|p' "$1/po/man/po4a.cfg"
}

# Copies the pages and the catalogues of tree $1 into $2, and runs po4a there:
# the catalogues brought up to date with the English pages, and the Spanish
# pages made in $2/man/es.
po4a_copy() {
	mkdir -p "$2/po"
	cp -R "$1/man" "$2/"
	cp -R "$1/po/man" "$2/po/"
	(cd "$2" && po4a -q po/man/po4a.cfg)
}

# Fails, naming the entries, unless the catalogue $1 is wholly translated,
# with nothing fuzzy.
complete_catalogue() {
	local stats
	stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$1" 2>&1) || {
		echo "$1: $stats" >&2
		return 1
	}
	case $stats in
	*fuzzy* | *untranslated*)
		echo "${1##*/}: $stats; out of date:" >&2
		msgattrib --only-fuzzy --no-wrap "$1" | grep '^msgid' | sed 1d >&2
		msgattrib --untranslated --no-wrap "$1" | grep '^msgid' | sed 1d >&2
		echo "(make po-man, then translate these in po/man/${1##*/})" >&2
		return 1
		;;
	esac
}

# The kinds of message mandoc -T lint gives page $1, warnings and worse, once each.
lint_kinds() {
	mandoc -T lint -W warning "$1" | sed 's/^mandoc: [^:]*:[0-9]*:[0-9]*: //; s/:.*//' | sort -u
}

setup_file() {
	command -v po4a >/dev/null || skip "po4a is not installed"
	po4a_copy "$TOP" "$BATS_FILE_TMPDIR/w"
}

setup() {
	command -v po4a >/dev/null || skip "po4a is not installed"
	W=$BATS_FILE_TMPDIR/w
	PAGES=$(pages "$TOP")
}

@test "man-es: po4a.cfg lists crm(1), crm-contact(1) and crm-filter(7), each with its catalogue, and no other catalogue" {
	for p in crm.1 crm-contact.1 crm-filter.7; do
		grep -qx "$p" <<<"$PAGES" || { echo "po4a.cfg has no $p" >&2; false; }
	done
	for p in $PAGES; do
		[ -f "$TOP/man/$p" ] || { echo "po4a.cfg: no man/$p" >&2; false; }
		[ -f "$TOP/po/man/$p.es.po" ] || { echo "no po/man/$p.es.po" >&2; false; }
	done
	for po in "$TOP"/po/man/*.es.po; do
		p=${po##*/}
		grep -qx "${p%.es.po}" <<<"$PAGES" || { echo "$p: not in po4a.cfg" >&2; false; }
	done
}

@test "man-es: every catalogue translates the whole of its English page as it is now" {
	for p in $PAGES; do
		complete_catalogue "$W/po/man/$p.es.po"
	done
}

@test "man-es: the check finds a sentence changed in an English page" {
	cp -R "$W" "$BATS_TEST_TMPDIR/changed"
	# po4a compares whole seconds: the copied Spanish pages must be older
	# than the edit below, or within one second they pass for up to date
	touch -d '1 hour ago' "$BATS_TEST_TMPDIR/changed/man/es/"*
	# the first line of text of the DESCRIPTION, a word longer
	awk '/^\.Sh DESCRIPTION/ { on = 1 } on == 1 && !/^\./ { $0 = $0 " changed,"; on = 2 } 1' \
		"$W/man/crm.1" >"$BATS_TEST_TMPDIR/changed/man/crm.1"
	! cmp -s "$W/man/crm.1" "$BATS_TEST_TMPDIR/changed/man/crm.1" || false
	(cd "$BATS_TEST_TMPDIR/changed" && po4a -q po/man/po4a.cfg)
	run complete_catalogue "$BATS_TEST_TMPDIR/changed/po/man/crm.1.es.po"
	[ "$status" -eq 1 ]
	[[ "$output" == *"1 fuzzy translation"* ]]
	[[ "$output" == *"changed,"* ]]
	# and the Spanish page keeps that paragraph in English, not the old Spanish
	grep -q 'changed,' "$BATS_TEST_TMPDIR/changed/man/es/crm.1"
}

@test "man-es: the Spanish pages pass mandoc -T lint as cleanly as the English ones" {
	command -v mandoc >/dev/null || skip "mandoc is not installed"
	for p in $PAGES; do
		[ -s "$W/man/es/$p" ]
		new=$(comm -13 <(lint_kinds "$TOP/man/$p") <(lint_kinds "$W/man/es/$p"))
		[ -z "$new" ] || { mandoc -T lint -W warning "$W/man/es/$p" >&2; false; }
	done
}

@test "man-es: the Spanish pages render with man -l without warnings, in Spanish" {
	command -v man >/dev/null || skip "man is not installed"
	for p in $PAGES; do
		run --separate-stderr env LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$W/man/es/$p"
		[ "$status" -eq 0 ]
		[ "$stderr" = "" ] || { echo "$p: $stderr" >&2; false; }
		name=${p%.*}
		[[ "${lines[0]}" == "${name^^}(${p##*.})"* ]]
		# NAME and SYNOPSIS stay so for mdoc; the others are Spanish
		grep -qx 'NAME' <<<"$output"
		grep -qx 'DESCRIPCIÓN' <<<"$output"
		grep -qx 'VÉASE TAMBIÉN' <<<"$output"
		! grep -qx 'DESCRIPTION' <<<"$output" || false
	done
}

@test "man-es: the Spanish pages keep every command, verb, option and field of the English ones" {
	for p in $PAGES; do
		want=$(grep -E '^\.It (Cm|Fl|Ev|Pa|Ic) ' "$TOP/man/$p")
		run grep -E '^\.It (Cm|Fl|Ev|Pa|Ic) ' "$W/man/es/$p"
		output_is <<<"$want"
		want=$(grep -c '^\.Xr ' "$TOP/man/$p")
		[ "$(grep -c '^\.Xr ' "$W/man/es/$p")" -eq "$want" ]
	done
}

@test "man-es: make builds the Spanish pages into the build directory alone" {
	# (not the make of make check's own: its flags stay there)
	run env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$TOP" B="$BATS_TEST_TMPDIR/b" man-es
	[ "$status" -eq 0 ]
	for p in $PAGES; do
		[ -s "$BATS_TEST_TMPDIR/b/man/es/$p" ]
		cmp "$BATS_TEST_TMPDIR/b/man/es/$p" "$W/man/es/$p"
	done
}
