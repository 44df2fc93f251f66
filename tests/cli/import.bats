#!/usr/bin/env bats
# CSV import and export, end to end (crm-formats(5)): header names and aliases,
# --map, --key upserts, --dry-run, all-or-nothing with every bad row named by
# its line, --skip-invalid --rejects, --create-refs, undo, byte-exact round
# trips, the csv-spectrum conformance cases and the 10,000-row datablist
# samples.
#
# Tests marked [heavy] import the 10,000-row samples (a few seconds each);
# CRM_SKIP_HEAVY=1 skips them.  Everything else runs on tiny fixtures in
# tests/data/import-*.csv.

bats_require_minimum_version 1.5.0
load helper

# same ACTUAL EXPECTED: equal strings, or a unified diff on stderr.
same() {
	if [ "$1" != "$2" ]; then
		diff -u <(printf '%s\n' "$2") <(printf '%s\n' "$1") | sed 's/^/# /' >&2
		return 1
	fi
}


heavy() {
	[ -z "${CRM_SKIP_HEAVY:-}" ] || skip "heavy test (CRM_SKIP_HEAVY is set)"
}

need_file() {
	need_testdata
	[ -f "$1" ] || skip "missing $1"
}

# ---------------------------------------------------------------- headers

@test "import: Spanish header aliases (Nombre, Apellidos, Correo, Teléfono, Empresa, Ciudad)" {
	crm-account add name=Acme >/dev/null
	run --separate-stderr crm-contact import "$FIXTURES/import-es.csv"
	[ "$status" -eq 0 ]
	[ "$output" = "" ]
	same "$stderr" "crm-contact: ignoring column 'Código interno' (no such field; use --map 'Código interno=FIELD')
crm-contact: 3 added, 0 updated, 0 unchanged, 0 invalid"
	run crm-contact export --fields id,first_name,last_name,email,phone,account,city
	[ "$status" -eq 0 ]
	same "$output" "id,first_name,last_name,email,phone,account,city
1,Ana,García López,ana.garcia@acme.es,+34 600 12 34 56,Acme,Madrid
2,José,Pérez,jose.perez@acme.es,912 345 678,Acme,Sevilla
3,Conceição,Araújo,conceicao@lisboa.pt,+351 912 345 678,,Lisboa"
	# the account is a real reference, not text
	run crm-contact list account=1 -o ids --sort id
	same "$output" "1
2"
}

@test "import: English header aliases (E-mail, Phone 1/2, Company, Town, Job Title, Zip Code, Date of Birth, Comments, Labels)" {
	crm-account add name=Acme >/dev/null
	run --separate-stderr crm-contact import "$FIXTURES/import-en.csv"
	[ "$status" -eq 0 ]
	same "$stderr" "crm-contact: 2 added, 0 updated, 0 unchanged, 0 invalid"
	run crm-contact export --fields first_name,last_name,title,account,email,phone,mobile,city,postcode,birthday,tags,notes
	same "$output" "first_name,last_name,title,account,email,phone,mobile,city,postcode,birthday,tags,notes
François,Dubois,Directeur,Acme,francois@example.fr,+33 1 23 45 67 89,06 12 34 56 78,Paris,75001,1975-04-12,\"fr,vip\",Prefers e-mail
Mary,O'Brien,CTO,,mary@example.ie,+353 1 234 5678,,Dublin,D02,1980-11-30,ie,"
	run crm-contact list tag=vip -o ids
	same "$output" "1"
}

@test "import: header names match without regard to case or accents; a second column for one field is warned about" {
	run --separate-stderr crm-contact import "$FIXTURES/import-header-case.csv"
	[ "$status" -eq 0 ]
	same "$stderr" "crm-contact: column 'e_mail' also maps to email; ignoring it
crm-contact: 1 added, 0 updated, 0 unchanged, 0 invalid"
	run crm-contact export --fields first_name,last_name,email,phone,city,country,postcode,birthday
	same "$output" "first_name,last_name,email,phone,city,country,postcode,birthday
Íñigo,Ortiz de Zárate,INIGO@EXAMPLE.ES,944 123 456,Bilbao,España,48001,1979-07-31"
}

@test "import --map: reads headers that have no alias; the header part ignores case and accents" {
	crm-account add name=Acme >/dev/null
	before=$(db_dump)
	# without --map nothing matches: exit 3, every column named, nothing written
	run --separate-stderr crm-contact import "$FIXTURES/import-map.csv"
	[ "$status" -eq 3 ]
	same "$stderr" "crm-contact: ignoring column 'Prénom' (no such field; use --map 'Prénom=FIELD')
crm-contact: ignoring column 'Nom' (no such field; use --map 'Nom=FIELD')
crm-contact: ignoring column 'Courriel' (no such field; use --map 'Courriel=FIELD')
crm-contact: ignoring column 'Société' (no such field; use --map 'Société=FIELD')
crm-contact: ignoring column 'Remarque' (no such field; use --map 'Remarque=FIELD')
crm-contact: line 1: no column matches a contact field"
	same "$(db_dump)" "$before"
	run --separate-stderr crm-contact import --map 'PRENOM=first_name' --map 'nom=last_name' \
		--map 'Courriel=email' --map 'Societe=account' --map 'Remarque=notes' "$FIXTURES/import-map.csv"
	[ "$status" -eq 0 ]
	same "$stderr" "crm-contact: 1 added, 0 updated, 0 unchanged, 0 invalid"
	run crm-contact export --fields first_name,last_name,email,account,notes
	same "$output" 'first_name,last_name,email,account,notes
Amélie,Lefèvre,amelie@example.fr,Acme,"à rappeler, jeudi"'
}

@test "import --map 'Header=' drops a column without a warning; --map wins over an alias" {
	printf 'Nombre,Correo,Empresa,Ciudad\nAna,ana@example.es,Nadie SL,Madrid\n' >in.csv
	run --separate-stderr crm-contact import --map 'Empresa=' --map 'Ciudad=notes' in.csv
	[ "$status" -eq 0 ]
	same "$stderr" "crm-contact: 1 added, 0 updated, 0 unchanged, 0 invalid"
	run crm-contact export --fields first_name,email,account,city,notes
	same "$output" "first_name,email,account,city,notes
Ana,ana@example.es,,,Madrid"
}

@test "import --map: an unknown field or a missing '=' is a usage error (exit 2), nothing written" {
	seed
	before=$(db_dump)
	run --separate-stderr crm-contact import --map 'Prénom=nosuch' "$FIXTURES/import-map.csv"
	[ "$status" -eq 2 ]
	same "${stderr_lines[0]}" "crm-contact: --map: contact has no field 'nosuch'"
	[[ "${stderr_lines[1]}" == "usage: crm-contact import "* ]]
	run --separate-stderr crm-contact import --map 'Prénom' "$FIXTURES/import-map.csv"
	[ "$status" -eq 2 ]
	same "${stderr_lines[0]}" "crm-contact: --map: expected HEADER=FIELD, got 'Prénom'"
	same "$(db_dump)" "$before"
}

# ---------------------------------------------------------- bytes on disk

@test "import: a UTF-8 BOM and CRLF line ends are read as plain text" {
	run --separate-stderr crm-contact import "$FIXTURES/import-bom-crlf.csv"
	[ "$status" -eq 0 ]
	# a BOM left on the first header would have made 'Nombre' an unknown column
	same "$stderr" "crm-contact: 2 added, 0 updated, 0 unchanged, 0 invalid"
	run crm-contact list --fields id,first_name,last_name,email,city -o csv
	same "$output" "id,first_name,last_name,email,city
1,Ana,García,ana@example.es,Madrid
2,Luis,Gómez,luis@example.es,Bilbao"
	# no CR sticks to the last field of a line
	run crm-contact list city=Bilbao -o ids
	same "$output" "2"
	run crm-contact show 2 -o json --fields notes
	same "$output" '[
{"notes":"sin notas"}
]'
	# inside quotes the CRLF is data (RFC 4180), as csv-spectrum's newlines_crlf expects
	run crm-contact show 1 -o json --fields notes
	same "$output" '[
{"notes":"Primera línea\r\nsegunda línea"}
]'
}

@test "import: quoted newlines, commas and doubled quotes in notes are kept (show, -o json)" {
	run crm-contact import -q "$FIXTURES/import-multiline.csv"
	[ "$status" -eq 0 ]
	run crm-contact show 1
	[ "$status" -eq 0 ]
	same "$output" 'id:         1
first_name: Ana
last_name:  García
email:      ana@example.es
owner:      tester
notes:      Llamar el lunes.
            Dirección: C/ Mayor, 1
            Dice: "urgente"
created:    2026-03-01 09:00
updated:    2026-03-01 09:00'
	run crm-contact show 1 -o json --fields id,notes
	same "$output" '[
{"id":1,"notes":"Llamar el lunes.\nDirección: C/ Mayor, 1\nDice: \"urgente\""}
]'
	run crm-contact show 2 -o json --fields id,notes
	same "$output" '[
{"id":2,"notes":"una línea"}
]'
}

@test "import: a file that is not UTF-8 is read as Windows-1252, and says so once" {
	run --separate-stderr crm-contact import "$FIXTURES/import-latin1.csv"
	[ "$status" -eq 0 ]
	same "$stderr" "crm-contact: the file is not UTF-8: read it as Windows-1252 (--encoding names another)
crm-contact: 1 added, 0 updated, 0 unchanged, 0 invalid"
	run crm-contact list -o tsv --fields first_name,email
	same "$output" "José	jose@example.es"
}

@test "import: bytes that are text in no encoding it can tell are refused with their line (exit 3)" {
	run --separate-stderr crm-contact import "$FIXTURES/import-not-text.csv"
	[ "$status" -eq 3 ]
	same "$stderr" "crm-contact: the file is not UTF-8: read it as Windows-1252 (--encoding names another)
crm-contact: line 3: neither UTF-8 nor Windows-1252 text (byte 0x81); name the file's encoding with --encoding (iconv -l lists them)"
	run crm-contact list -o ids
	[ "$status" -eq 1 ]
	[ "$output" = "" ]
	# named, the encoding is used as it is: in ISO-8859-1 every byte is a character
	run --separate-stderr crm-contact import --encoding ISO-8859-1 "$FIXTURES/import-not-text.csv"
	[ "$status" -eq 0 ]
	same "$stderr" "crm-contact: 2 added, 0 updated, 0 unchanged, 0 invalid"
	run --separate-stderr crm-contact import --encoding KLINGON "$FIXTURES/import-not-text.csv"
	[ "$status" -eq 2 ]
	[[ "${stderr_lines[0]}" == "crm-contact: --encoding: iconv knows no encoding 'KLINGON' (iconv -l lists them)" ]]
}

@test "import that fails on a brand-new database leaves it readable by crm sql, not half made" {
	run crm-contact import "$FIXTURES/import-not-text.csv"
	[ "$status" -eq 3 ]
	run --separate-stderr crm sql "SELECT count(*) FROM contact" -o tsv
	same "$stderr" ""
	[ "$status" -eq 0 ]
	same "$output" "0"
}

@test "import: empty input is exit 3; a header alone adds nothing; stdin works with and without -" {
	: >empty.csv
	run --separate-stderr crm-contact import empty.csv
	[ "$status" -eq 3 ]
	same "$stderr" "crm-contact: no header line: the input is empty"
	run --separate-stderr crm-contact import <<<"first_name,email"
	[ "$status" -eq 0 ]
	same "$stderr" "crm-contact: 0 added, 0 updated, 0 unchanged, 0 invalid"
	run --separate-stderr crm-contact import - <"$FIXTURES/import-multiline.csv"
	[ "$status" -eq 0 ]
	same "$stderr" "crm-contact: 2 added, 0 updated, 0 unchanged, 0 invalid"
	run --separate-stderr crm-contact import <<<$'first_name,email\nRosa,rosa@example.es'
	[ "$status" -eq 0 ]
	run crm-contact list -o ids --sort id
	same "$output" "1
2
3"
}

# --------------------------------------------------------- all or nothing

@test "import: two bad rows among good ones: exit 3, each named with its line, nothing written" {
	seed
	before=$(db_dump)
	run --separate-stderr crm-contact import "$FIXTURES/import-2bad.csv"
	[ "$status" -eq 3 ]
	[ "$output" = "" ]
	# lines 2-3 and 5-7 are quoted multi-line notes: the bad rows are on lines 4 and 8
	same "$stderr" "crm-contact: line 4: email: invalid address 'x'
crm-contact: line 8: email: invalid address 'pedro@'
crm-contact: nothing imported: 2 invalid rows; fix them, or use --skip-invalid"
	same "$(db_dump)" "$before"
}

@test "import: line numbers stay right after CRLF multi-line quoted fields and a BOM" {
	seed
	before=$(db_dump)
	run --separate-stderr crm-contact import "$FIXTURES/import-crlf-2bad.csv"
	[ "$status" -eq 3 ]
	same "$stderr" "crm-contact: line 5: email: invalid address 'x'
crm-contact: line 8: email: invalid address 'pau@'
crm-contact: nothing imported: 2 invalid rows; fix them, or use --skip-invalid"
	same "$(db_dump)" "$before"
}

@test "import: every kind of bad row is named (email, date, unknown account, duplicate, too many fields)" {
	crm-account add name=Acme >/dev/null
	before=$(db_dump)
	run --separate-stderr crm-contact import "$FIXTURES/import-bad.csv"
	[ "$status" -eq 3 ]
	same "$stderr" "crm-contact: line 3: email: invalid address 'x'
crm-contact: line 4: birthday: invalid date '1985-13-40'
crm-contact: line 5: account: no account 'Nadie SL'
crm-contact: line 6: email: 'ANA@example.es' already belongs to contact 1
crm-contact: line 7: 7 fields, the header has 6
crm-contact: line 10: birthday: invalid date '1999-02-30'
crm-contact: nothing imported: 6 invalid rows; fix them, or use --skip-invalid"
	same "$(db_dump)" "$before"
}

@test "import --skip-invalid --rejects: good rows in; rejects keep the header plus a reason column" {
	crm-account add name=Acme >/dev/null
	run --separate-stderr crm-contact import --skip-invalid --rejects rejects.csv "$FIXTURES/import-bad.csv"
	[ "$status" -eq 0 ]
	[ "$output" = "" ]
	same "$stderr" "crm-contact: line 3: email: invalid address 'x'
crm-contact: line 4: birthday: invalid date '1985-13-40'
crm-contact: line 5: account: no account 'Nadie SL'
crm-contact: line 6: email: 'ANA@example.es' already belongs to contact 1
crm-contact: line 7: 7 fields, the header has 6
crm-contact: line 10: birthday: invalid date '1999-02-30'
crm-contact: 3 added, 0 updated, 0 unchanged, 6 invalid"
	same "$(cat rejects.csv)" "first_name,last_name,email,account,birthday,notes,reason
Luis,Gómez,x,Acme,,invalid email,email: invalid address 'x'
Eva,Ruiz,eva@example.es,Acme,1985-13-40,bad date,birthday: invalid date '1985-13-40'
Pau,Vidal,pau@example.es,Nadie SL,,unknown account,account: no account 'Nadie SL'
Ana,Duplicada,ANA@example.es,,,duplicate email,email: 'ANA@example.es' already belongs to contact 1
Rui,Costa,rui@example.pt,Acme,,too,\"7 fields, the header has 6\"
Marta,Sáez,marta@example.es,Acme,1999-02-30,\"fecha mala
en dos líneas\",birthday: invalid date '1999-02-30'"
	run crm-contact export --fields id,first_name,last_name,email,account,birthday,notes
	same "$output" 'id,first_name,last_name,email,account,birthday,notes
1,Ana,García,ana@example.es,Acme,1990-01-02,ok
2,Inês,Núñez,ines@example.pt,,,"varias
líneas"
3,Íñigo,Ortiz,inigo@example.es,,,last good'
	# the rejects, fixed, import cleanly with --map 'reason='
	sed -e 's/^Luis,Gómez,x,/Luis,Gómez,luis@example.es,/' -e 's/,1985-13-40,/,1985-12-04,/' \
		-e 's/,Nadie SL,/,,/' -e 's/ANA@example.es/ana.dup@example.es/' -e 's/,too,"7[^"]*"$/,too,/' \
		-e 's/,1999-02-30,/,1999-02-28,/' rejects.csv >fixed.csv
	run --separate-stderr crm-contact import --map 'reason=' fixed.csv
	[ "$status" -eq 0 ]
	same "$stderr" "crm-contact: 6 added, 0 updated, 0 unchanged, 0 invalid"
}

@test "import --skip-invalid --create-refs: a rejected row's new account is not kept; the next rows go in" {
	printf 'Nombre,Empresa,Correo\nAna,Otra SL,malo@\nLuis,Buena SA,luis@example.es\n' >in.csv
	run --separate-stderr crm-contact import --create-refs --skip-invalid in.csv
	same "$stderr" "crm-contact: line 2: email: invalid address 'malo@'
crm-contact: 1 added, 0 updated, 0 unchanged, 1 invalid"
	[ "$status" -eq 0 ]
	run crm-account export --fields id,name
	same "$output" "id,name
1,Buena SA"
	run crm-contact export --fields id,first_name,account,email
	same "$output" "id,first_name,account,email
1,Luis,Buena SA,luis@example.es"
}

@test "import --skip-invalid --key: a row rejected half-way through its update leaves no trace" {
	crm-contact add first_name=Ana email=ana@example.es >/dev/null
	crm-contact add first_name=Bea email=bea@example.es >/dev/null
	before=$(crm-contact export)
	# row 2 sets first_name, then fails on the e-mail that belongs to contact 2
	printf 'id,first_name,email\n1,Nuevo,bea@example.es\n2,Beatriz,\n' >in.csv
	run --separate-stderr crm-contact import --key id --skip-invalid in.csv
	same "$stderr" "crm-contact: line 2: email: 'bea@example.es' already belongs to contact 2
crm-contact: 0 added, 1 updated, 0 unchanged, 1 invalid"
	[ "$status" -eq 0 ]
	run crm-contact export --fields id,first_name,email
	same "$output" "id,first_name,email
1,Ana,ana@example.es
2,Beatriz,bea@example.es"
	run crm-contact history 1
	same "$(cut -f4 <<<"$output")" "add"
}

@test "import: line numbers across 64 KiB read boundaries (a CRLF split in two, a 200 KB quoted field)" {
	# the header and Ana's row end with the CR at byte 65,535 and the LF at byte 65,536
	{
		printf 'first_name,email,notes\r\nAna,ana@example.es,'
		head -c $((65535 - 24 - 19)) /dev/zero | tr '\0' x
		printf '\r\nLuis,x,n\r\nEva,eva@example.es,"'
		head -c 200000 /dev/zero | tr '\0' y
		printf '\r\nz"\r\nPau,pau@,n\r\n'
	} >big.csv
	[ "$(od -An -c -j 65535 -N 2 big.csv | tr -d ' ')" = '\r\n' ]
	run --separate-stderr crm-contact import --skip-invalid big.csv
	[ "$status" -eq 0 ]
	same "$stderr" "crm-contact: line 3: email: invalid address 'x'
crm-contact: line 6: email: invalid address 'pau@'
crm-contact: 2 added, 0 updated, 0 unchanged, 2 invalid"
	run crm sql "SELECT first_name, length(notes) FROM contact ORDER BY id" -o tsv
	same "$output" "Ana	65492
Eva	200003"
}

@test "import --rejects without --skip-invalid is a usage error; no file is created" {
	run --separate-stderr crm-contact import --rejects rejects.csv "$FIXTURES/import-bad.csv"
	[ "$status" -eq 2 ]
	same "${stderr_lines[0]}" "crm-contact: --rejects needs --skip-invalid"
	[ ! -e rejects.csv ]
}

# ----------------------------------------------------------------- upsert

@test "import --key email: changed fields only, empty cells keep old values, exact summary and history" {
	crm-contact import -q "$FIXTURES/import-upsert-base.csv"
	run --separate-stderr env CRM_NOW=2026-03-02T10:00:00Z crm-contact import --key email "$FIXTURES/import-upsert.csv"
	[ "$status" -eq 0 ]
	[ "$output" = "" ]
	same "$stderr" "crm-contact: 1 added, 2 updated, 1 unchanged, 0 invalid"
	run crm-contact export
	same "$output" 'id,first_name,last_name,title,account,email,phone,mobile,home_phone,fax,email2,address,city,region,postcode,country,birthday,channel,language,source,optout,uid,email_is,email2_is,address_is,owner,tags,notes,created,updated
1,Ana,García,,,ana@example.es,+34 600 12 34 56,,,,,,Toledo,,,,,,,,,,,,,tester,vip,cliente antigua,2026-03-01T09:00:00Z,2026-03-02T10:00:00Z
2,Luis,Gómez Ruiz,,,luis@example.es,944 00 00 00,,,,,,Bilbao,,,,,,,,,,,,,tester,nuevo,,2026-03-01T09:00:00Z,2026-03-02T10:00:00Z
3,Eva,Ruiz,,,eva@example.es,611 22 33 44,,,,,,León,,,,,,,,,,,,,tester,"norte,vip",,2026-03-01T09:00:00Z,2026-03-01T09:00:00Z
4,Nadia,Benali,,,nadia@example.es,,,,,,,Vigo,,,,,,,,,,,,,tester,,primera vez,2026-03-02T10:00:00Z,2026-03-02T10:00:00Z'
	run crm-contact history 1
	same "$output" "1	2026-03-01T09:00:00Z	tester	add			
2	2026-03-02T10:00:00Z	tester	set	city	Madrid	Toledo"
	run crm-contact history 2
	same "$output" "1	2026-03-01T09:00:00Z	tester	add			
2	2026-03-02T10:00:00Z	tester	set	last_name	Gómez	Gómez Ruiz
2	2026-03-02T10:00:00Z	tester	set	phone		944 00 00 00
2	2026-03-02T10:00:00Z	tester	set	tags		nuevo"
	run crm-contact history 3
	same "$output" "1	2026-03-01T09:00:00Z	tester	add			"
	# the phone set by the upsert is found by lookup
	run crm-contact lookup -o ids 944000000
	same "$output" "2"
	# the same file again changes nothing
	run --separate-stderr crm-contact import --key email "$FIXTURES/import-upsert.csv"
	[ "$status" -eq 0 ]
	same "$stderr" "crm-contact: 0 added, 0 updated, 4 unchanged, 0 invalid"
	# and so does the database's own export, piped back in
	crm-contact export >all.csv
	run --separate-stderr crm-contact import --key email all.csv
	[ "$status" -eq 0 ]
	same "$stderr" "crm-contact: 0 added, 0 updated, 4 unchanged, 0 invalid"
	run crm-contact export
	same "$output" "$(cat all.csv)"
}

@test "import --key email: matches without regard to case and does not rewrite the key" {
	crm-contact import -q "$FIXTURES/import-upsert-base.csv"
	printf 'email,city\nANA@Example.ES,Toledo\n' >up.csv
	run --separate-stderr crm-contact import --key email up.csv
	[ "$status" -eq 0 ]
	same "$stderr" "crm-contact: 0 added, 1 updated, 0 unchanged, 0 invalid"
	run crm-contact export --fields id,email,city
	same "$output" "id,email,city
1,ana@example.es,Toledo
2,luis@example.es,Bilbao
3,eva@example.es,León"
	same "$(crm-contact history 1 | cut -f4-7)" "add			
set	city	Madrid	Toledo"
}

@test "import --key: an unknown field, a tags field or a key with no column is a usage error; an empty key cell is a bad row" {
	crm-contact import -q "$FIXTURES/import-upsert-base.csv"
	before=$(db_dump)
	run --separate-stderr crm-contact import --key nosuch "$FIXTURES/import-upsert.csv"
	[ "$status" -eq 2 ]
	same "${stderr_lines[0]}" "crm-contact: --key: contact has no field 'nosuch'"
	run --separate-stderr crm-contact import --key tags "$FIXTURES/import-upsert.csv"
	[ "$status" -eq 2 ]
	run --separate-stderr crm-contact import --key mobile "$FIXTURES/import-upsert.csv"
	[ "$status" -eq 2 ]
	same "${stderr_lines[0]}" "crm-contact: --key mobile: no column holds it"
	printf 'email,city\nluis@example.es,Soria\n,Soria\n' >up.csv
	run --separate-stderr crm-contact import --key email up.csv
	[ "$status" -eq 3 ]
	same "${stderr_lines[0]}" "crm-contact: line 3: email: empty, and it is the --key"
	same "$(db_dump)" "$before"
}

# ---------------------------------------------------------------- dry run

@test "import --dry-run: prints the planned adds and writes nothing" {
	crm-account add name=Acme >/dev/null
	before=$(db_dump)
	run --separate-stderr crm-contact import --dry-run "$FIXTURES/import-en.csv"
	[ "$status" -eq 0 ]
	same "$output" "add contact 1: first_name=François last_name=Dubois title=Directeur account=Acme email=francois@example.fr phone=+33 1 23 45 67 89 mobile=06 12 34 56 78 city=Paris postcode=75001 birthday=1975-04-12 owner=tester tags=fr,vip notes=Prefers e-mail
add contact 2: first_name=Mary last_name=O'Brien title=CTO email=mary@example.ie phone=+353 1 234 5678 city=Dublin postcode=D02 birthday=1980-11-30 owner=tester tags=ie"
	same "${stderr_lines[0]}" "crm-contact: dry run: 2 added, 0 updated, 0 unchanged, 0 invalid"
	same "$(db_dump)" "$before"
	run crm-contact list -o ids
	[ "$status" -eq 1 ]
	[ "$output" = "" ]
}

@test "import --dry-run --key: prints the planned changes and writes nothing" {
	crm-contact import -q "$FIXTURES/import-upsert-base.csv"
	before=$(db_dump)
	run --separate-stderr crm-contact import --dry-run --key email "$FIXTURES/import-upsert.csv"
	[ "$status" -eq 0 ]
	same "$output" "set contact 1: city: Madrid → Toledo
set contact 2: last_name: Gómez → Gómez Ruiz
set contact 2: phone: (empty) → 944 00 00 00
set contact 2: tags: (empty) → nuevo
add contact 4: first_name=Nadia last_name=Benali email=nadia@example.es city=Vigo owner=tester notes=primera vez"
	same "${stderr_lines[0]}" "crm-contact: dry run: 1 added, 2 updated, 1 unchanged, 0 invalid"
	same "$(db_dump)" "$before"
}

@test "import --dry-run with a bad row: the errors, exit 3, nothing written" {
	crm-account add name=Acme >/dev/null
	before=$(db_dump)
	run --separate-stderr crm-contact import --dry-run "$FIXTURES/import-2bad.csv"
	[ "$status" -eq 3 ]
	same "${stderr_lines[0]}" "crm-contact: line 4: email: invalid address 'x'"
	same "${stderr_lines[1]}" "crm-contact: line 8: email: invalid address 'pedro@'"
	same "$(db_dump)" "$before"
}

# ------------------------------------------------------------- references

@test "import: an unknown account is an error; --create-refs creates each missing account once" {
	crm-account add name=Acme >/dev/null
	before=$(db_dump)
	run --separate-stderr crm-contact import "$FIXTURES/import-refs.csv"
	[ "$status" -eq 3 ]
	same "$(printf '%s\n' "${stderr_lines[@]:0:3}")" "crm-contact: line 3: account: no account 'Nueva Empresa SL'
crm-contact: line 4: account: no account 'nueva empresa sl'
crm-contact: line 5: account: no account 'Hermanos Pérez, S.A.'"
	same "$(db_dump)" "$before"
	run --separate-stderr crm-contact import --create-refs "$FIXTURES/import-refs.csv"
	[ "$status" -eq 0 ]
	same "${stderr_lines[-1]}" "crm-contact: 5 added, 0 updated, 0 unchanged, 0 invalid"
	run crm-account export --fields id,name --sort id
	same "$output" 'id,name
1,Acme
2,Nueva Empresa SL
3,"Hermanos Pérez, S.A."'
	run crm-contact export --fields id,first_name,account
	same "$output" 'id,first_name,account
1,Ana,Acme
2,Luis,Nueva Empresa SL
3,Eva,Nueva Empresa SL
4,Pau,"Hermanos Pérez, S.A."
5,Íñigo,'
	run crm-contact list account=2 -o ids --sort id
	same "$output" "2
3"
}

@test "import --create-refs with a bad row creates no account either" {
	crm-account add name=Acme >/dev/null
	before=$(db_dump)
	{ cat "$FIXTURES/import-refs.csv"; echo 'Malo,malo@,Otra SL'; } >in.csv
	run --separate-stderr crm-contact import --create-refs in.csv
	[ "$status" -eq 3 ]
	same "${stderr_lines[0]}" "crm-contact: line 7: email: invalid address 'malo@'"
	same "$(db_dump)" "$before"
}

# ------------------------------------------------------------------- undo

@test "crm undo after an import removes every imported record, created accounts and tags included" {
	seed
	before=$(data_dump)
	{ cat "$FIXTURES/import-refs.csv" | sed '1s/$/,Etiquetas/;2,$s/$/,"nuevo,feria"/'; } >in.csv
	run crm-contact import -q --create-refs in.csv
	[ "$status" -eq 0 ]
	run crm-contact list -o ids
	[ "${#lines[@]}" -eq 8 ]
	run crm-contact list tag=feria -o ids
	[ "${#lines[@]}" -eq 5 ]
	run --separate-stderr crm undo
	[ "$status" -eq 0 ]
	[[ "$stderr" == "crm: undid run "* ]]
	same "$(data_dump)" "$before"
	run crm-contact list -o ids --sort id
	same "$output" "1
2
3"
}

@test "crm undo after an upsert puts the old values back" {
	crm-contact import -q "$FIXTURES/import-upsert-base.csv"
	f=id,first_name,last_name,email,phone,city,tags,notes,created
	crm-contact export --fields $f >before.csv
	crm-contact import -q --key email "$FIXTURES/import-upsert.csv"
	run crm undo
	[ "$status" -eq 0 ]
	run crm-contact export --fields $f
	same "$output" "$(cat before.csv)"
}

# ------------------------------------------------------------- round trip

# Copies the database's contacts and accounts through CSV into a fresh one and
# checks the second export is byte for byte the first.  $1: commands to run
# on the new database first (custom fields).
round_trip() {
	crm-account export >accounts1.csv
	crm-contact export >contacts1.csv
	export CRM_DB="$BATS_TEST_TMPDIR/copy.db"
	crm init -q
	eval "$1"
	# a later clock: created/updated must come from the file, not from now
	run --separate-stderr env CRM_NOW=2027-06-01T12:00:00Z crm-account import accounts1.csv
	[ "$status" -eq 0 ]
	run --separate-stderr env CRM_NOW=2027-06-01T12:00:00Z crm-contact import contacts1.csv
	echo "# $stderr" >&2
	[ "$status" -eq 0 ]
	crm-account export >accounts2.csv
	crm-contact export >contacts2.csv
	cmp accounts1.csv accounts2.csv
	cmp contacts1.csv contacts2.csv
}

tricky_data() {
	crm-account add name=Acme city=Madrid tags=vip,clave >/dev/null
	crm-account add 'name=Pérez, Hijos y "Cía"' type=customer website=https://perez.example \
		employees=12 $'notes=línea 1\nlínea 2' >/dev/null
	crm-account add 'name=Ωmega 東京' country=Japan >/dev/null
	crm-contact import -q "$FIXTURES/import-multiline.csv"
	crm-contact add first_name=Zoë last_name='Ñúñez-Çelik' email=zoe@example.es account=2 \
		tags=vip,'zz top',madrid 'mobile=(209)172-7124x3651' birthday=1990-02-03 optout=yes \
		channel=email language=es $'notes=tab\there, comma; CRLF\r\nnext "line"' >/dev/null
	crm-contact add first_name=Borrado email=gone@example.es >/dev/null
	crm-contact rm 4 2>/dev/null
	crm-contact add 'first_name=Ωmega worker' account=3 'city=São Paulo' >/dev/null
}

@test "export → import into an empty database → export: the same bytes (tags, unicode, quotes, newlines)" {
	tricky_data
	# the export really holds the hard cases
	grep -q '"Pérez, Hijos y ""Cía"""' <(crm-contact export)
	grep -q '"madrid,vip,zz top"' <(crm-contact export)
	grep -q '^5,Ωmega worker,' <(crm-contact export)
	! grep -q 'gone@example.es' <(crm-contact export) || false
	round_trip ""
}

@test "export → import → export: the same bytes with custom fields" {
	run crm field add contact region2 text
	[ "$status" -eq 0 ]
	run crm field add account tier choice gold,silver,bronze
	[ "$status" -eq 0 ]
	tricky_data
	run crm-contact set 3 'region2=Norte, "alto"'
	[ "$status" -eq 0 ]
	run crm-account set 2 tier=gold
	[ "$status" -eq 0 ]
	run crm-contact export --fields id,region2
	same "${lines[3]}" '3,"Norte, ""alto"""'
	round_trip "crm field add contact region2 text && crm field add account tier choice gold,silver,bronze"
}

@test "export → import → export: contacts of accounts with the same name, or a numeric name, keep their account" {
	crm-account add name=Acme city=Madrid >/dev/null
	crm-account add name=Acme city=Lima >/dev/null
	crm-account add name=1 >/dev/null
	crm-contact add first_name=Ana account=2 >/dev/null
	crm-contact add first_name=Luis account=3 >/dev/null
	round_trip ""
	run crm-contact list account=2 -o ids
	same "$output" "1"
	run crm-contact list account=3 -o ids
	same "$output" "2"
}

# ----------------------------------------------------------- csv-spectrum

# Imports one csv-spectrum case with its columns mapped, in order, to text
# fields, and prints what landed as JSON keyed by the original headers.
spectrum_fields=(notes title city region source)
spectrum_import() {
	local csv=$1 header maps=() keys=() i
	IFS=, read -r -a header < <(head -n 1 "$csv" | tr -d '\r')
	for i in "${!header[@]}"; do
		maps+=(--map "${header[$i]}=${spectrum_fields[$i]}")
	done
	empty_database
	run --separate-stderr crm-contact import "${maps[@]}" "$csv"
}

spectrum_json() {
	local csv=$1 header i expr="" fields
	IFS=, read -r -a header < <(head -n 1 "$csv" | tr -d '\r')
	for i in "${!header[@]}"; do
		expr+="$(jq -n --arg k "${header[$i]}" '$k'): (.${spectrum_fields[$i]} // \"\"),"
	done
	fields=$(IFS=,; echo "${spectrum_fields[*]:0:${#header[@]}}")
	crm-contact export -o json --fields "$fields" | jq -S "[.[] | {${expr%,}}]"
}

@test "csv-spectrum: every conformant case lands exactly (json/*.json), row counts and values" {
	need_testdata
	local dir="$CRM_TESTDATA/csv-spectrum" name n bad=""
	[ -d "$dir/csvs" ] || skip "no csv-spectrum in $CRM_TESTDATA"
	declare -A rows=([comma_in_quotes]=1 [empty]=2 [empty_crlf]=2 [escaped_quotes]=2 [json]=1
		[newlines]=3 [newlines_crlf]=3 [quotes_and_newlines]=2 [simple]=1 [simple_crlf]=1 [utf8]=2)
	for name in "${!rows[@]}"; do
		spectrum_import "$dir/csvs/$name.csv"
		if [ "$status" -ne 0 ]; then
			bad+=" $name(exit $status: $stderr)"
			continue
		fi
		n=$(crm-contact list -o ids | wc -l)
		[ "$n" -eq "${rows[$name]}" ] || bad+=" $name(rows $n, want ${rows[$name]})"
		if command -v jq >/dev/null; then
			got=$(spectrum_json "$dir/csvs/$name.csv")
			want=$(jq -S . "$dir/json/$name.json")
			[ "$got" = "$want" ] || { bad+=" $name(values)"; diff <(echo "$want") <(echo "$got") | sed 's/^/# /' >&2; }
		fi
	done
	[ -z "$bad" ] || { echo "# failed:$bad" >&2; false; }
	# a few exact values without jq
	spectrum_import "$dir/csvs/escaped_quotes.csv"
	same "$(crm-contact export --fields notes,title)" 'notes,title
1,"ha ""ha"" ha"
3,4'
	spectrum_import "$dir/csvs/newlines_crlf.csv"
	same "$(crm-contact export -o jsonl --fields notes | sed -n 2p)" '{"notes":"Once upon \r\na time"}'
	spectrum_import "$dir/csvs/quotes_and_newlines.csv"
	same "$(crm-contact export -o jsonl --fields title | sed -n 1p)" '{"title":"ha \n\"ha\" \nha"}'
	spectrum_import "$dir/csvs/comma_in_quotes.csv"
	same "$(crm-contact export --fields notes,title,city,region,source)" 'notes,title,city,region,source
John,Doe,120 any st.,"Anytown, WW",08123'
	spectrum_import "$dir/csvs/utf8.csv"
	same "$(crm-contact export --fields city | tail -n 1)" 'ʤ'
	spectrum_import "$dir/csvs/empty.csv"
	same "$(crm-contact export --fields notes,title,city)" 'notes,title,city
1,,
2,3,4'
}

@test "csv-spectrum: the same cases imported by header name (first, last, address, city, zip)" {
	need_testdata
	local csv="$CRM_TESTDATA/csv-spectrum/csvs/comma_in_quotes.csv"
	[ -f "$csv" ] || skip "missing $csv"
	run --separate-stderr crm-contact import "$csv"
	[ "$status" -eq 0 ]
	same "$stderr" "crm-contact: 1 added, 0 updated, 0 unchanged, 0 invalid"
	same "$(crm-contact export --fields first_name,last_name,address,city,postcode)" 'first_name,last_name,address,city,postcode
John,Doe,120 any st.,"Anytown, WW",08123'
}

@test "csv-spectrum: location_coordinates (a bare quote, U+FFFD) does not crash: exit 0 or 3 with a message" {
	need_testdata
	local csv="$CRM_TESTDATA/csv-spectrum/csvs/location_coordinates.csv"
	[ -f "$csv" ] || skip "missing $csv"
	run --separate-stderr crm-contact import --map 'Contact Phone Number=phone' \
		--map 'Location Coordinates=notes' --map Cities=city --map Counties=region "$csv"
	[ "$status" -eq 0 ] || [ "$status" -eq 3 ]
	if [ "$status" -eq 0 ]; then
		same "$(crm-contact export --fields phone,city,region)" "phone,city,region
2095257564,Modesto,Stanislaus"
		run crm-contact lookup -o ids 209-525-7564
		same "$output" "1"
	else
		[[ "$stderr" == "crm-contact: line 2: "* ]]
		run crm-contact list -o ids
		[ "$status" -eq 1 ]
	fi
}

# ------------------------------------------------- the datablist samples

@test "[heavy] customers-10000.csv --create-refs: 10000 contacts, exact rows, lookup, counts" {
	heavy
	local f="$CRM_TESTDATA/datablist-sample-csv/customers-10000.csv"
	need_file "$f"
	run --separate-stderr crm-contact import --create-refs "$f"
	[ "$status" -eq 0 ]
	same "$stderr" "crm-contact: ignoring column 'Index' (no such field; use --map 'Index=FIELD')
crm-contact: ignoring column 'Customer Id' (no such field; use --map 'Customer Id=FIELD')
crm-contact: ignoring column 'Subscription Date' (no such field; use --map 'Subscription Date=FIELD')
crm-contact: ignoring column 'Website' (no such field; use --map 'Website=FIELD')
crm-contact: 10000 added, 0 updated, 0 unchanged, 0 invalid"
	same "$(crm sql 'SELECT count(*) FROM contact' -o tsv)" "10000"
	same "$(crm-contact list -o ids | wc -l)" "10000"
	# one account per distinct company (9,215 in the file; names with commas included)
	same "$(crm-account list -o ids | wc -l)" "9215"
	local fl=id,first_name,last_name,account,city,country,phone,mobile,email
	same "$(crm-contact export --fields $fl id=1,2,10000)" "id,first_name,last_name,account,city,country,phone,mobile,email
1,Heather,Callahan,Mosley-David,Lake Jeffborough,Norway,043-797-5229,915.112.1727,urangel@espinoza-francis.net
2,Kristina,Ferrell,\"Horn, Shepard and Watson\",Aaronville,Andorra,932-062-1802,(209)172-7124x3651,xreese@hall-donovan.com
10000,Melissa,Montgomery,Burns-Holden,Sparkstown,Tunisia,+1-889-682-9490x65400,423.632.2539x98740,ngallagher@martinez.com"
	# a quoted company with a comma is one account, found by its name
	run crm-account list 'name=Horn\, Shepard and Watson' -o ids
	[ "${#lines[@]}" -eq 1 ]
	run crm-contact list "account=${lines[0]}" -o ids
	same "$output" "2"
	# messy phones: the same number written another way finds its person
	run crm-contact lookup -o ids '(209)172-7124x3651'
	[ "$status" -eq 0 ]
	same "$output" "2"
	run crm-contact lookup -o ids '209-172-7124'
	same "$output" "2"
	run crm-contact lookup -o ids '+1 889 682 9490'
	same "$output" "10000"
	run crm-contact lookup -o ids XREESE@Hall-Donovan.com
	same "$output" "2"
	# a filter count agrees with grep on the file
	same "$(crm-contact list country=Norway -o ids | wc -l)" "$(grep -c ',Norway,' "$f")"
	same "$(crm-contact list country=Korea -o ids | wc -l)" "$(grep -c ',Korea,' "$f")"
	# and the 10,000 contacts with their 9,215 accounts round-trip byte for byte
	round_trip ""
	same "$(wc -l <contacts2.csv)" "10001"
}

@test "[heavy] organizations-10000.csv into crm-account: 10000 accounts, duplicate names kept apart" {
	heavy
	local f="$CRM_TESTDATA/datablist-sample-csv/organizations-10000.csv"
	need_file "$f"
	run --separate-stderr crm-account import --map Name=name --map Industry=industry \
		--map 'Number of employees=employees' --map Country=country --map Website=website "$f"
	[ "$status" -eq 0 ]
	same "$stderr" "crm-account: ignoring column 'Index' (no such field; use --map 'Index=FIELD')
crm-account: ignoring column 'Organization Id' (no such field; use --map 'Organization Id=FIELD')
crm-account: ignoring column 'Founded' (no such field; use --map 'Founded=FIELD')
crm-account: 10000 added, 0 updated, 0 unchanged, 0 invalid"
	same "$(crm sql 'SELECT count(*) FROM account' -o tsv)" "10000"
	# names are not unique in this file (9,210 distinct): each row is its own account
	same "$(crm sql 'SELECT count(DISTINCT name) FROM account' -o tsv)" "9210"
	same "$(crm-account export --fields id,name,website,country,industry,employees,notes id=1,2,1571)" \
		"id,name,website,country,industry,employees,notes
1,Mckinney PLC,http://soto.com/,Sri Lanka,Dairy,3930,Synergized global system engine
2,Cunningham LLC,http://harding-duffy.com/,Namibia,Library,7871,Team-oriented fault-tolerant adapter
1571,Cunningham LLC,http://goodman.net/,Sierra Leone,Real Estate / Mortgage,5529,Diverse optimal capacity"
	# a shared name is ambiguous where a single record is wanted, and the error lists both
	run --separate-stderr crm-account show 'Cunningham LLC'
	[ "$status" -eq 3 ]
	same "$stderr" "crm-account: 'Cunningham LLC' matches several accounts; use the id:
  2 Cunningham LLC
  1571 Cunningham LLC"
	round_trip ""
}
