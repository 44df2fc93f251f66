#!/bin/sh
# migrations.sh DIR [FIRST] - writes the schema migrations DIR/NNN-name.sql
# to standard output as C string literals, one per file in version order,
# each followed by a comma: the body of db.c's migrations[] (lib/store/sql),
# or of pg_migrations[] (lib/store/pg/sql, whose first is 021).
#
# NNN is the schema version the file brings a database to; the files must
# run FIRST (default 1), FIRST + 1, ... without a gap or a repeat, or nothing
# is written.
#
# A file becomes one string, run as a whole by sqlite3_exec: "--" comments
# and each line's leading and trailing blanks go, a line break within a
# statement is one space, and a blank line adds nothing.  SQLite keeps each
# CREATE statement's text as written, so these rules decide what every
# database records; a change to a released file that alters its string is a
# change to the schema (tests/unit/test_migrations.c).
set -eu
LC_ALL=C
export LC_ALL

dir=${1:?usage: migrations.sh DIR [FIRST]}
first=${2:-1}
n=$((first - 1))
for f in "$dir"/*.sql; do
	if [ ! -e "$f" ]; then
		echo "$dir: no migrations (NNN-name.sql)" >&2
		exit 1
	fi
	if [ ! -s "$f" ]; then
		echo "$f: empty: a migration has SQL in it" >&2
		exit 1
	fi
	base=${f##*/}
	case $base in
	[0-9][0-9][0-9]-?*.sql) ;;
	*)
		echo "$f: a migration is named NNN-name.sql, NNN the schema version it brings" >&2
		exit 1
		;;
	esac
	n=$((n + 1))
	want=$(printf %03d "$n")
	if [ "${base%%-*}" != "$want" ]; then
		echo "$f: migration $want expected here: versions run $(printf %03d "$first"), $(printf %03d $((first + 1))), ... without a gap or a repeat" >&2
		exit 1
	fi
done

awk '
function fail(msg) {
	printf "%s:%d: %s\n", FILENAME, FNR, msg | "cat 1>&2"
	bad = 1
	exit 1
}
function finish() {
	if (!lines) {
		printf "%s: no SQL in this migration\n", file | "cat 1>&2"
		bad = 1
		exit 1
	}
	print ","
}
BEGIN {
	print "/* Made by lib/store/migrations.sh from NNN-name.sql files: edit those. */"
}
FNR == 1 {
	if (NR > 1)
		finish()
	file = FILENAME
	name = file
	sub(/.*\//, "", name)
	printf "/* %s */\n", name
	lines = 0
	joined = 0
}
{
	# The line without its comment, escaped for C; quotes are followed so
	# that "--" inside a string or a quoted name is kept.
	line = $0
	sub(/\r$/, "", line)
	q = ""
	out = ""
	comment = 0
	for (i = 1; i <= length(line); i++) {
		c = substr(line, i, 1)
		if (q != "") {
			if (c == q)
				q = ""
		} else if (c == "\047" || c == "\"") {
			q = c
		} else if (c == "-" && substr(line, i + 1, 1) == "-") {
			comment = 1
			break
		}
		if (c == "\\")
			c = "\\\\"
		else if (c == "\"")
			c = "\\\""
		else if (c == "?")
			c = "\\?"
		out = out c
	}
	if (q != "")
		fail("a string or quoted name must end on the line it starts on")
	sub(/^[ \t]+/, "", out)
	sub(/[ \t]+$/, "", out)
	if (out == "") {
		# a blank line ends the statement; a comment line is not there
		if (!comment)
			joined = 0
		next
	}
	printf "\"%s%s\"\n", joined ? " " : "", out
	joined = 1
	lines++
}
END {
	if (bad)
		exit 1
	finish()
}
' "$dir"/*.sql
