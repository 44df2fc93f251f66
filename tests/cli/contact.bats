#!/usr/bin/env bats
# End-to-end tests of crm-contact: add, list (formats, filters), show, set,
# rm/restore/purge, history, fields, lookup and forget.

load helper
bats_require_minimum_version 1.5.0




# ---------------------------------------------------------------- add

@test "add prints the new id on stdout and stores the values" {
	seed
	run --separate-stderr crm-contact add first_name=Luís last_name=Gomes email=luis@exemplo.pt \
		city=Porto birthday=1975-02-03 channel=WhatsApp optout=no tags=b,a
	[ "$status" -eq 0 ]
	[ "$output" = "4" ]
	[ "$stderr" = "" ]
	run crm-contact list -o csv --fields id,first_name,email,city,birthday,channel,optout,tags,owner,created email=luis@exemplo.pt
	[ "$status" -eq 0 ]
	output_is <<'EOF'
id,first_name,email,city,birthday,channel,optout,tags,owner,created
4,Luís,luis@exemplo.pt,Porto,1975-02-03,whatsapp,no,"a,b",tester,2026-03-01T09:00:00Z
EOF
}

@test "add: an e-mail already in use (any case) is refused, exit 3, nothing written" {
	seed
	fails_unchanged 3 "crm-contact: email: 'ana@acme.es' already belongs to contact 1" \
		crm-contact add first_name=Otra email=ana@acme.es
	fails_unchanged 3 "crm-contact: email: 'ANA@Acme.ES' already belongs to contact 1" \
		crm-contact add first_name=Otra email=ANA@Acme.ES
}

@test "add: invalid values are refused with the field named, exit 3, nothing written" {
	seed
	fails_unchanged 3 "crm-contact: email: invalid address 'ana@'" \
		crm-contact add first_name=X email=ana@
	fails_unchanged 3 "crm-contact: phone: invalid phone number 'abc'" \
		crm-contact add first_name=X phone=abc
	fails_unchanged 3 "crm-contact: birthday: invalid date '2026-13-45'" \
		crm-contact add first_name=X birthday=2026-13-45
	fails_unchanged 3 "crm-contact: channel: 'fax' is not one of: email,phone,mobile,sms,whatsapp,mail,visit" \
		crm-contact add first_name=X channel=fax
	fails_unchanged 3 "crm-contact: optout: not yes or no 'maybe'" \
		crm-contact add first_name=X optout=maybe
	fails_unchanged 3 "crm-contact: account: no account 'Nope'" \
		crm-contact add first_name=X account=Nope
}

@test "add: a required field left out is refused, exit 3, nothing written" {
	seed
	# contacts have no required field; the account they point to does
	fails_unchanged 3 "crm-account: name: required" crm-account add type=customer city=Madrid
	fails_unchanged 3 "crm-account: name: required" crm-account add name= type=customer
}

@test "add: an unknown field is a usage error, exit 2, nothing written" {
	seed
	fails_unchanged 2 "crm-contact: contact has no field 'foo' (see 'crm-contact fields')" \
		crm-contact add first_name=X foo=bar
}

@test "add: a read-only field is a usage error, exit 2, nothing written" {
	seed
	fails_unchanged 2 "crm-contact: id: set by crm, not by hand" crm-contact add id=7 first_name=X
	fails_unchanged 2 "crm-contact: created: set by crm, not by hand" \
		crm-contact add first_name=X created=2020-01-01
	fails_unchanged 2 "crm-contact: updated: set by crm, not by hand" \
		crm-contact add first_name=X updated=2020-01-01
}

@test "add: a word that is not an assignment is a usage error" {
	seed
	fails_unchanged 2 "crm-contact: expected field=value, got 'justaword'" \
		crm-contact add first_name=X justaword
	fails_unchanged 2 "crm-contact: city: only tags take += and -=" crm-contact add city+=Madrid
}

@test "add with nothing to add is a usage error and creates no empty contact" {
	seed
	local before
	before="$(db_dump)"
	run --separate-stderr crm-contact add
	[ "$status" -eq 2 ]
	[ "$output" = "" ]
	[[ "$stderr" == crm-contact:* ]]
	[[ "$stderr" == *"usage: crm-contact add [OPTIONS] [-] FIELD=VALUE..."* ]]
	[ "$(db_dump)" = "$before" ]
}

@test "add --dry-run prints the record it would add and writes nothing" {
	seed
	local before
	before="$(db_dump)"
	run --separate-stderr crm-contact add --dry-run first_name=New city=Lugo
	[ "$status" -eq 0 ]
	[ "$output" = "add contact 4: first_name=New city=Lugo owner=tester" ]
	[ "$stderr" = "crm-contact: dry run: 1 contact would change; nothing written" ]
	[ "$(db_dump)" = "$before" ]
}

# --------------------------------------------------------------- list

@test "list: default output in a pipe is tsv without header, sorted by last name" {
	seed
	run --separate-stderr crm-contact list
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	output_is <<'EOF'
3	Françoise	Dubois		fd@example.fr		Paris	tester
1	Ana	García	Acme	ana@acme.es	+34 600 12 34 56	Madrid	tester
2	José	Pérez	García y Asociados	jose@garcia.es		Sevilla	tester
EOF
}

@test "list -o table: aligned columns with a header, ids right-aligned" {
	seed
	run crm-contact list -o table
	[ "$status" -eq 0 ]
	output_is <<'EOF'
id  first_name  last_name  account             email           phone             city     owner
 3  Françoise   Dubois                         fd@example.fr                     Paris    tester
 1  Ana         García     Acme                ana@acme.es     +34 600 12 34 56  Madrid   tester
 2  José        Pérez      García y Asociados  jose@garcia.es                    Sevilla  tester
EOF
}

@test "list --header: tsv with a header line" {
	seed
	run crm-contact list --header
	[ "$status" -eq 0 ]
	output_is <<'EOF'
id	first_name	last_name	account	email	phone	city	owner
3	Françoise	Dubois		fd@example.fr		Paris	tester
1	Ana	García	Acme	ana@acme.es	+34 600 12 34 56	Madrid	tester
2	José	Pérez	García y Asociados	jose@garcia.es		Sevilla	tester
EOF
}

@test "list -o csv: RFC 4180 with a header" {
	seed
	run crm-contact list -o csv
	[ "$status" -eq 0 ]
	output_is <<'EOF'
id,first_name,last_name,account,email,phone,city,owner
3,Françoise,Dubois,,fd@example.fr,,Paris,tester
1,Ana,García,Acme,ana@acme.es,+34 600 12 34 56,Madrid,tester
2,José,Pérez,García y Asociados,jose@garcia.es,,Sevilla,tester
EOF
	run crm-contact list -o csv --no-header city=Paris
	[ "$output" = "3,Françoise,Dubois,,fd@example.fr,,Paris,tester" ]
}

@test "list -o json: one array, numbers as numbers, empty as null" {
	seed
	run crm-contact list -o json
	[ "$status" -eq 0 ]
	output_is <<'EOF'
[
{"id":3,"first_name":"Françoise","last_name":"Dubois","account":null,"email":"fd@example.fr","phone":null,"city":"Paris","owner":"tester"},
{"id":1,"first_name":"Ana","last_name":"García","account":"Acme","email":"ana@acme.es","phone":"+34 600 12 34 56","city":"Madrid","owner":"tester"},
{"id":2,"first_name":"José","last_name":"Pérez","account":"García y Asociados","email":"jose@garcia.es","phone":null,"city":"Sevilla","owner":"tester"}
]
EOF
}

@test "list -o jsonl: one object per line" {
	seed
	run crm-contact list -o jsonl
	[ "$status" -eq 0 ]
	output_is <<'EOF'
{"id":3,"first_name":"Françoise","last_name":"Dubois","account":null,"email":"fd@example.fr","phone":null,"city":"Paris","owner":"tester"}
{"id":1,"first_name":"Ana","last_name":"García","account":"Acme","email":"ana@acme.es","phone":"+34 600 12 34 56","city":"Madrid","owner":"tester"}
{"id":2,"first_name":"José","last_name":"Pérez","account":"García y Asociados","email":"jose@garcia.es","phone":null,"city":"Sevilla","owner":"tester"}
EOF
}

@test "list -o ids: ids only, one a line" {
	seed
	run crm-contact list -o ids
	[ "$status" -eq 0 ]
	output_is <<'EOF'
3
1
2
EOF
}

@test "list -o ids prints ids even when --fields does not start with id" {
	seed
	run crm-contact list -o ids --fields email,city
	[ "$status" -eq 0 ]
	output_is <<'EOF'
3
1
2
EOF
}

@test "list: tab, newline and backslash are escaped in tsv, quoted in csv and json" {
	seed
	crm-contact set -q 1 "$(printf 'notes=a\tb\nc\\d "q"')"
	run crm-contact list --fields id,notes city=Madrid
	[ "$status" -eq 0 ]
	[ "$output" = '1	a\tb\nc\\d "q"' ]
	run crm-contact list -o json --fields id,notes city=Madrid
	output_is <<'EOF'
[
{"id":1,"notes":"a\tb\nc\\d \"q\""}
]
EOF
	run crm-contact list -o csv --fields id,notes city=Madrid
	[ "$output" = "$(printf 'id,notes\n1,"a\tb\nc\\d ""q"""')" ]
}

@test "list --fields picks and orders the columns" {
	seed
	run crm-contact list --fields email,id,birthday,tags
	[ "$status" -eq 0 ]
	output_is <<'EOF'
fd@example.fr	3		
ana@acme.es	1		madrid,vip
jose@garcia.es	2	1980-05-17	
EOF
}

@test "list --fields with an unknown field is a usage error" {
	seed
	run --separate-stderr crm-contact list --fields id,nope
	[ "$status" -eq 2 ]
	[ "$output" = "" ]
	stderr_is <<'EOF'
crm-contact: --fields: contact has no field 'nope'
usage: crm-contact list [OPTIONS] [FILTER...]
EOF
}

@test "list --sort FIELD and --sort -FIELD" {
	seed
	run crm-contact list --sort first_name --fields id,first_name
	[ "$status" -eq 0 ]
	output_is <<'EOF'
1	Ana
3	Françoise
2	José
EOF
	run crm-contact list --sort -first_name --fields id,first_name
	[ "$status" -eq 0 ]
	output_is <<'EOF'
2	José
3	Françoise
1	Ana
EOF
	run crm-contact list --sort -last_name -o ids
	output_is <<'EOF'
2
1
3
EOF
	run crm-account list --sort -name --fields id,name
	output_is <<'EOF'
2	García y Asociados
1	Acme
EOF
}

@test "list sorts names the way people read them: accents do not push a name to the end" {
	seed
	crm-contact add -q first_name=Íñigo last_name=Álvarez >/dev/null
	crm-contact add -q first_name=eva last_name=zapata >/dev/null
	crm-contact add -q first_name=Óscar last_name=Ortiz >/dev/null
	run crm-contact list --fields id,first_name,last_name
	[ "$status" -eq 0 ]
	output_is <<'EOF'
4	Íñigo	Álvarez
3	Françoise	Dubois
1	Ana	García
6	Óscar	Ortiz
2	José	Pérez
5	eva	zapata
EOF
	run crm-contact list --sort first_name -o ids
	[ "${lines[*]}" = "1 5 3 4 2 6" ]
}

@test "list --sort with an unknown field is a usage error" {
	seed
	run --separate-stderr crm-contact list --sort nope
	[ "$status" -eq 2 ]
	[ "$output" = "" ]
	stderr_is <<'EOF'
crm-contact: --sort: contact has no sortable field 'nope'
usage: crm-contact list [OPTIONS] [FILTER...]
EOF
}

@test "list --limit N prints at most N records" {
	seed
	run crm-contact list --limit 2 --sort first_name -o ids
	[ "$status" -eq 0 ]
	output_is <<'EOF'
1
3
EOF
	run --separate-stderr crm-contact list --limit abc
	[ "$status" -eq 2 ]
	[ "$output" = "" ]
	[[ "$stderr" == "crm-contact: --limit: not a positive number 'abc'"* ]]
}

@test "list: nothing matches -> exit 1 and no records" {
	seed
	run --separate-stderr crm-contact list city=Nowhere
	[ "$status" -eq 1 ]
	[ "$output" = "" ]
	[ "$stderr" = "" ]
	run crm-contact list -o json city=Nowhere
	[ "$status" -eq 1 ]
	[ "$output" = "[]" ]
	run crm-contact list -o csv city=Nowhere
	[ "$status" -eq 1 ]
	[ "$output" = "id,first_name,last_name,account,email,phone,city,owner" ]
}

@test "list: an unknown format is a usage error" {
	seed
	run --separate-stderr crm-contact list -o xml
	[ "$status" -eq 2 ]
	[ "$output" = "" ]
	stderr_is <<'EOF'
crm-contact: unknown format 'xml' (use table, tsv, csv, json, jsonl, ids)
usage: crm-contact list [OPTIONS] [FILTER...]
EOF
}

# ------------------------------------------------------------ filters

@test "filter: = and != (!= includes empty values)" {
	seed
	run crm-contact list -o ids city=Madrid
	[ "$status" -eq 0 ]
	[ "$output" = "1" ]
	crm-contact add -q first_name=Sin >/dev/null
	run crm-contact list -o ids city!=Madrid
	[ "$status" -eq 0 ]
	# sorted by last name; a contact without one comes last
	output_is <<'EOF'
3
2
4
EOF
}

@test "filter: > >= < <= on dates" {
	seed
	crm-contact set -q 1 birthday=1990-01-01
	run crm-contact list -o ids 'birthday>1980-05-17'
	[ "$output" = "1" ]
	run crm-contact list -o ids --sort id 'birthday>=1980-05-17'
	output_is <<'EOF'
1
2
EOF
	run crm-contact list -o ids 'birthday<1990-01-01'
	[ "$output" = "2" ]
	run crm-contact list -o ids --sort id 'birthday<=1990-01-01'
	output_is <<'EOF'
1
2
EOF
	run crm-contact list -o ids 'birthday<1980-05-17'
	[ "$status" -eq 1 ]
	[ "$output" = "" ]
}

@test "filter: ~ contains, accent- and case-insensitive" {
	seed
	run crm-contact list -o ids email~ACME
	[ "$output" = "1" ]
	run crm-contact list -o ids last_name~garc
	[ "$output" = "1" ]
	run crm-contact list -o ids first_name~JOSÉ
	[ "$output" = "2" ]
	run crm-contact list -o ids city~ILL
	[ "$output" = "2" ]
	run crm-contact list -o ids account~asociados
	[ "$output" = "2" ]
}

@test "filter: any of a,b" {
	seed
	run crm-contact list -o ids --sort id city=Madrid,Paris
	[ "$status" -eq 0 ]
	output_is <<'EOF'
1
3
EOF
	run crm-contact list -o ids --sort id account=Acme,2
	output_is <<'EOF'
1
2
EOF
}

@test "filter: field= is empty, field!= is not empty" {
	seed
	run crm-contact list -o ids account=
	[ "$status" -eq 0 ]
	[ "$output" = "3" ]
	run crm-contact list -o ids --sort id phone=
	output_is <<'EOF'
2
3
EOF
	run crm-contact list -o ids --sort id account!=
	output_is <<'EOF'
1
2
EOF
}

@test "filter: tag=, tags~ and tag!=" {
	seed
	run crm-contact list -o ids tag=vip
	[ "$status" -eq 0 ]
	[ "$output" = "1" ]
	run crm-contact list -o ids tag=VIP
	[ "$output" = "1" ]
	run crm-contact list -o ids tags~mad
	[ "$output" = "1" ]
	run crm-contact list -o ids --sort id tag!=vip
	output_is <<'EOF'
2
3
EOF
	run crm-contact list -o ids tag=nothing
	[ "$status" -eq 1 ]
}

@test "filter: bare words are full-text search, accent- and case-insensitive" {
	seed
	run crm-contact list -o ids --sort id garcia
	[ "$status" -eq 0 ]
	# Ana García, and José whose account is García y Asociados
	output_is <<'EOF'
1
2
EOF
	run crm-contact list -o ids --sort id GARCÍA
	output_is <<'EOF'
1
2
EOF
	run crm-contact list -o ids franc
	[ "$output" = "3" ]
	run crm-contact list -o ids perez
	[ "$output" = "2" ]
	# words are ANDed
	run crm-contact list -o ids garcia madrid
	[ "$output" = "1" ]
	run crm-contact list -o ids sevilla madrid
	[ "$status" -eq 1 ]
	[ "$output" = "" ]
}

@test "filter: field=value ignores case and accents (city=sevilla matches Sevilla)" {
	seed
	run crm-contact list -o ids city=sevilla
	[ "$status" -eq 0 ]
	[ "$output" = "2" ]
	run crm-contact list -o ids last_name=garcia
	[ "$output" = "1" ]
	run crm-contact list -o ids city=MADRID
	[ "$output" = "1" ]
}

@test "filter: relative dates (today, tomorrow, +Nd, -Nw) follow CRM_NOW" {
	seed
	crm-contact set -q 3 birthday=tomorrow
	crm-contact set -q 1 birthday=-2w
	run crm-contact list --fields id,birthday --sort id
	output_is <<'EOF'
1	2026-02-15
2	1980-05-17
3	2026-03-02
EOF
	run crm-contact list -o ids --sort id 'birthday<today'
	[ "$status" -eq 0 ]
	output_is <<'EOF'
1
2
EOF
	run crm-contact list -o ids 'birthday>today'
	[ "$output" = "3" ]
	run crm-contact list -o ids 'birthday>=yesterday'
	[ "$output" = "3" ]
	run crm-contact list -o ids --sort id 'birthday<-1w'
	output_is <<'EOF'
1
2
EOF
}

@test "filter: references by name or by id" {
	seed
	run crm-contact list -o ids account=Acme
	[ "$status" -eq 0 ]
	[ "$output" = "1" ]
	run crm-contact list -o ids account=acme
	[ "$output" = "1" ]
	run crm-contact list -o ids account=2
	[ "$output" = "2" ]
	run crm-contact list -o ids "account=García y Asociados"
	[ "$output" = "2" ]
	run --separate-stderr crm-contact list account=Nope
	[ "$status" -eq 3 ]
	[ "$stderr" = "crm-contact: account: no account 'Nope'" ]
}

@test "filter and add: an ambiguous reference is an error listing the candidates" {
	seed
	crm-account add name=acme city=Bilbao >/dev/null
	run --separate-stderr crm-contact list account=Acme
	[ "$status" -eq 3 ]
	[ "$output" = "" ]
	[ "$stderr" = "crm-contact: account: 'Acme' is ambiguous: 1 Acme; 3 acme (use the id)" ]
	fails_unchanged 3 "crm-contact: account: 'ACME' is ambiguous: 1 Acme; 3 acme (use the id)" \
		crm-contact add first_name=Z account=ACME
	run crm-contact list -o ids account=3
	[ "$status" -eq 1 ]
}

@test "filter: an unknown field is a usage error, a bad value is invalid data" {
	seed
	run --separate-stderr crm-contact list foo=1
	[ "$status" -eq 2 ]
	[ "$output" = "" ]
	[ "$stderr" = "crm-contact: contact has no field 'foo' (see 'crm-contact fields')" ]
	run --separate-stderr crm-contact list 'birthday>nonsense'
	[ "$status" -eq 3 ]
	[ "$stderr" = "crm-contact: birthday: invalid date 'nonsense'" ]
	run --separate-stderr crm-contact list 'birthday>'
	[ "$status" -eq 2 ]
	[ "$stderr" = "crm-contact: birthday: a comparison needs a value" ]
}

# --------------------------------------------------------------- show

@test "show: field: value lines, the account by name and id" {
	seed
	run --separate-stderr crm-contact show 1
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	output_is <<'EOF'
id:         1
first_name: Ana
last_name:  García
account:    Acme (1)
email:      ana@acme.es
phone:      +34 600 12 34 56
city:       Madrid
owner:      tester
tags:       madrid,vip
created:    2026-03-01 09:00
updated:    2026-03-01 09:00
EOF
}

@test "show: by unique e-mail address" {
	seed
	run crm-contact show ana@acme.es
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "id:         1" ]
	[ "${lines[3]}" = "account:    Acme (1)" ]
	run crm-contact show JOSE@garcia.es
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "id:         2" ]
}

@test "show of an account lists its contacts" {
	seed
	run crm-account show 1
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "id:        1" ]
	[ "${lines[1]}" = "name:      Acme" ]
	[[ "$output" == *$'\n\ncontacts:\n  1  Ana'*'ana@acme.es'*'Madrid' ]]
	run crm-account show 2
	[[ "$output" == *$'\n\ncontacts:\n  2  José'*'Pérez'*'jose@garcia.es'*'Sevilla' ]]
	# a deleted contact is not listed
	crm-contact rm -q 1
	run crm-account show 1
	[[ "$output" != *contacts:* ]]
}

@test "show of a deleted record lists what really points at it, not what points at nothing" {
	seed
	crm-contact add first_name=Nadie >/dev/null  # no account
	crm-account rm -q 1
	run crm-account show 1
	[ "$status" -eq 0 ]
	[[ "$output" == *$'\n\ncontacts:\n  1  Ana'* ]]
	[[ "$output" != *Nadie* ]]
	[[ "$output" == *"deleted:"* ]]
}

@test "show of an account: the tasks and interactions logged on its contacts, as a case's" {
	seed
	crm-task add subject='Call Ana back' contact=1 >/dev/null
	crm-log add contact=1 channel=phone subject='Asked for prices' >/dev/null
	crm-task add subject='Not about Acme' contact=2 >/dev/null
	[ "$(crm-task list -o tsv --fields subject,account --sort id)" = $'Call Ana back\tAcme\nNot about Acme\tGarcía y Asociados' ]
	run crm-account show 1
	[[ "$output" == *$'\n\ntasks:\n  1  Call Ana back'* ]]
	[[ "$output" == *$'\n\ninteractions:\n  1  Asked for prices'* ]]
	[[ "$output" != *"Not about Acme"* ]]
	# a task that says its account keeps it
	crm-task add subject=Other contact=1 account=2 >/dev/null
	[ "$(crm-task list -o tsv --fields account subject=Other)" = "García y Asociados" ]
}

@test "show -o json prints every field" {
	seed
	run crm-contact show 1 -o json
	[ "$status" -eq 0 ]
	output_is <<'EOF'
[
{"id":1,"first_name":"Ana","last_name":"García","title":null,"account":"Acme","email":"ana@acme.es","phone":"+34 600 12 34 56","mobile":null,"home_phone":null,"fax":null,"email2":null,"address":null,"city":"Madrid","region":null,"postcode":null,"country":null,"birthday":null,"channel":null,"language":null,"source":null,"optout":null,"uid":null,"email_is":null,"email2_is":null,"address_is":null,"owner":"tester","tags":"madrid,vip","notes":null,"created":"2026-03-01T09:00:00Z","updated":"2026-03-01T09:00:00Z"}
]
EOF
}

@test "show by full name, accent-insensitive; an ambiguous name lists the candidates" {
	seed
	run crm-contact show "jose perez"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "id:         2" ]
	crm-contact add -q first_name=Ana last_name=García email=ana2@x.es >/dev/null
	run --separate-stderr crm-contact show "ana garcia"
	[ "$status" -eq 3 ]
	[ "$output" = "" ]
	stderr_is <<'EOF'
crm-contact: 'ana garcia' matches several contacts; use the id:
  1 Ana García
  4 Ana García
EOF
}

@test "show: unknown record -> exit 1; no argument -> exit 2" {
	seed
	run --separate-stderr crm-contact show 99
	[ "$status" -eq 1 ]
	[ "$output" = "" ]
	[ "$stderr" = "crm-contact: no contact 99" ]
	run --separate-stderr crm-contact show nobody@nowhere.es
	[ "$status" -eq 1 ]
	[ "$stderr" = "crm-contact: no contact 'nobody@nowhere.es'" ]
	run --separate-stderr crm-contact show
	[ "$status" -eq 2 ]
	[ "$output" = "" ]
	stderr_is <<'EOF'
crm-contact: which contact? give an id or a name
usage: crm-contact show [OPTIONS] ID|NAME...
EOF
}

# ---------------------------------------------------------------- set

@test "set by ids changes the fields and reports on stderr" {
	seed
	run --separate-stderr crm-contact set 1 3 title=CEO city=Lisboa
	[ "$status" -eq 0 ]
	[ "$output" = "" ]
	[ "$stderr" = "crm-contact: 2 of 2 contacts changed" ]
	run crm-contact list --fields id,title,city --sort id
	output_is <<'EOF'
1	CEO	Lisboa
2		Sevilla
3	CEO	Lisboa
EOF
}

@test "set - reads ids from a list pipeline (default tsv output)" {
	seed
	run --separate-stderr bash -c 'crm-contact list city=Madrid,Sevilla | crm-contact set - tags+=spain'
	[ "$status" -eq 0 ]
	[ "$output" = "" ]
	[ "$stderr" = "crm-contact: 2 of 2 contacts changed" ]
	run crm-contact list --fields id,tags --sort id
	output_is <<'EOF'
1	madrid,spain,vip
2	spain
3	
EOF
	# a tag already there is no change
	run --separate-stderr bash -c 'crm-contact list city=Madrid | crm-contact set - tags+=madrid'
	[ "$status" -eq 0 ]
	[ "$stderr" = "crm-contact: 0 of 1 contacts changed" ]
}

@test "set - skips the header of csv and tsv --header output" {
	seed
	run --separate-stderr bash -c 'crm-contact list -o csv city=Madrid | crm-contact set - title=Boss'
	[ "$status" -eq 0 ]
	[ "$stderr" = "crm-contact: 1 of 1 contacts changed" ]
	run --separate-stderr bash -c 'crm-contact list --header city=Paris | crm-contact set - title=Chef'
	[ "$status" -eq 0 ]
	[ "$stderr" = "crm-contact: 1 of 1 contacts changed" ]
	run --separate-stderr bash -c 'crm-contact list -o ids city=Sevilla | crm-contact set - title=Jefe'
	[ "$status" -eq 0 ]
	run crm-contact list --fields id,title --sort id
	output_is <<'EOF'
1	Boss
2	Jefe
3	Chef
EOF
}

@test "set - with a line that is not an id writes nothing, exit 3" {
	seed
	local before
	before="$(db_dump)"
	run --separate-stderr bash -c 'printf "1\nfoo\n" | crm-contact set - title=X'
	[ "$status" -eq 3 ]
	[ "$stderr" = "crm-contact: stdin line 2: not a record id 'foo'" ]
	[ "$(db_dump)" = "$before" ]
}

@test "set --where FILTER" {
	seed
	run --separate-stderr crm-contact set --where city=Madrid title=Boss
	[ "$status" -eq 0 ]
	[ "$stderr" = "crm-contact: 1 of 1 contacts changed" ]
	run crm-contact list -o ids title=Boss
	[ "$output" = "1" ]
	run --separate-stderr crm-contact set --where city=Nowhere title=Boss
	[ "$status" -eq 1 ]
}

@test "set tags+= and tags-= add and remove tags; tags-= ignores case" {
	seed
	crm-contact set -q 1 tags+=new,zeta
	run crm-contact list --fields tags city=Madrid
	[ "$output" = "madrid,new,vip,zeta" ]
	crm-contact set -q 1 tags-=VIP,zeta
	run crm-contact list --fields tags city=Madrid
	[ "$output" = "madrid,new" ]
	crm-contact set -q 1 tags=
	run crm-contact list -o ids tag=
	[ "${lines[*]}" = "3 1 2" ]
}

@test "set tags+= of a tag already there in another case adds no duplicate" {
	seed
	run --separate-stderr crm-contact set 1 tags+=VIP
	[ "$status" -eq 0 ]
	[ "$stderr" = "crm-contact: 0 of 1 contacts changed" ]
	run crm-contact list --fields tags city=Madrid
	[ "$output" = "madrid,vip" ]
}

@test "set field= clears the field" {
	seed
	crm-contact set -q 1 city= phone= account=
	run crm-contact list --header --fields id,account,phone,city city=
	output_is <<'EOF'
id	account	phone	city
1			
EOF
	run crm-contact list -o ids account=
	[ "${lines[*]}" = "3 1" ]
}

@test "set: a missing id -> exit 1 and nothing written" {
	seed
	fails_unchanged 1 "crm-contact: no contact 99" crm-contact set 1 99 title=X
}

@test "set: a bad value in a bulk change writes nothing" {
	seed
	fails_unchanged 3 "crm-contact: contact 2: email: 'same@x.es' already belongs to contact 1" \
		crm-contact set 1 2 email=same@x.es
	fails_unchanged 3 "crm-contact: birthday: invalid date 'soon'" crm-contact set 1 2 birthday=soon
}

@test "set: usage errors (unknown field, read-only, += on text, nothing to set, no ids)" {
	seed
	fails_unchanged 2 "crm-contact: contact has no field 'foo' (see 'crm-contact fields')" \
		crm-contact set 1 foo=1
	fails_unchanged 2 "crm-contact: id: set by crm, not by hand" crm-contact set 1 id=9
	fails_unchanged 2 "crm-contact: city: only tags take += and -=" crm-contact set 1 city+=x
	fails_unchanged 2 "crm-contact: nothing to set (give field=value)
usage: crm-contact set [OPTIONS] ID...|-|--where TERM FIELD=VALUE..." crm-contact set 1
	fails_unchanged 2 "crm-contact: no records given (ids, - for stdin, or --where)
usage: crm-contact set [OPTIONS] ID...|-|--where TERM FIELD=VALUE..." crm-contact set title=X
}

@test "set on a deleted contact is refused" {
	seed
	crm-contact rm -q 2
	fails_unchanged 3 "crm-contact: contact 2 is deleted (restore it first)" crm-contact set 2 title=X
}

@test "set --dry-run prints 'set contact N: field: old → new' and writes nothing" {
	seed
	local before
	before="$(db_dump)"
	run --separate-stderr crm-contact set --dry-run 1 2 city=Lisboa title=CEO
	[ "$status" -eq 0 ]
	output_is <<'EOF'
set contact 1: city: Madrid → Lisboa
set contact 1: title: (empty) → CEO
set contact 2: city: Sevilla → Lisboa
set contact 2: title: (empty) → CEO
EOF
	[ "$stderr" = "crm-contact: dry run: 2 contacts would change; nothing written" ]
	[ "$(db_dump)" = "$before" ]
}

# ---------------------------------------------------- rm, restore, purge

@test "rm hides a contact, list --deleted shows it, restore brings it back" {
	seed
	run --separate-stderr crm-contact rm 2
	[ "$status" -eq 0 ]
	[ "$output" = "" ]
	[ "$stderr" = "crm-contact: rm: 1 contact" ]
	run crm-contact list -o ids
	[ "${lines[*]}" = "3 1" ]
	run crm-contact list sevilla
	[ "$status" -eq 1 ]
	run crm-contact list --deleted
	[ "$status" -eq 0 ]
	[ "$output" = "2	José	Pérez	García y Asociados	jose@garcia.es		Sevilla	tester" ]
	run crm-contact lookup jose@garcia.es
	[ "$status" -eq 1 ]
	run --separate-stderr crm-contact restore 2
	[ "$status" -eq 0 ]
	[ "$stderr" = "crm-contact: restore: 1 contact" ]
	run crm-contact list -o ids
	[ "${lines[*]}" = "3 1 2" ]
	run crm-contact list --deleted
	[ "$status" -eq 1 ]
	[ "$output" = "" ]
}

@test "rm of a deleted contact and restore of a live one are refused" {
	seed
	crm-contact rm -q 2
	fails_unchanged 3 "crm-contact: contact 2 is deleted (restore it first)" crm-contact rm 2
	fails_unchanged 3 "crm-contact: contact 1 is not deleted" crm-contact restore 1
	fails_unchanged 1 "crm-contact: no contact 42" crm-contact rm 42
}

@test "rm --where and rm -" {
	seed
	run --separate-stderr crm-contact rm --where city=Paris
	[ "$status" -eq 0 ]
	[ "$stderr" = "crm-contact: rm: 1 contact" ]
	run bash -c 'crm-contact list city=Madrid | crm-contact rm -q -'
	[ "$status" -eq 0 ]
	run crm-contact list --deleted -o ids
	[ "${lines[*]}" = "3 1" ]
}

@test "purge erases the row for good" {
	seed
	run --separate-stderr crm-contact purge 3
	[ "$status" -eq 0 ]
	[ "$stderr" = "crm-contact: purge: 1 contact" ]
	run crm sql "SELECT count(*) FROM contact WHERE id = 3"
	[ "$output" = "0" ]
	run crm-contact list --deleted
	[ "$status" -eq 1 ]
	run crm-contact show 3
	[ "$status" -eq 1 ]
	run crm-contact list franc
	[ "$status" -eq 1 ]
}

@test "purge of an account clears its contacts' account field, and logs it" {
	seed
	run --separate-stderr crm-account purge 1
	[ "$status" -eq 0 ]
	[ "$stderr" = "crm-account: purge: 1 account" ]
	run crm-account list -o ids
	[ "$output" = "2" ]
	run crm-contact list --fields id,account --sort id
	output_is <<'EOF'
1	
2	García y Asociados
3	
EOF
	run crm sql "SELECT account FROM contact WHERE id = 1"
	[ "$output" = "" ]
	run crm-contact history 1
	output_is <<'EOF'
3	2026-03-01T09:00:00Z	tester	add			
6	2026-03-01T09:00:00Z	tester	set	account	1	
EOF
	run crm check
	[ "$status" -eq 0 ]
	[ "$output" = "ok" ]
}

# ------------------------------------------------------------ history

@test "history: exact rows for a record after add and set" {
	seed
	CRM_NOW=2026-03-02T10:00:00Z crm-contact set -q 1 city=Toledo tags+=x title=CEO account=2
	run --separate-stderr crm-contact history 1
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	output_is <<'EOF'
3	2026-03-01T09:00:00Z	tester	add			
6	2026-03-02T10:00:00Z	tester	set	city	Madrid	Toledo
6	2026-03-02T10:00:00Z	tester	set	tags	madrid,vip	madrid,vip,x
6	2026-03-02T10:00:00Z	tester	set	title		CEO
6	2026-03-02T10:00:00Z	tester	set	account	1	2
EOF
	run crm-contact history -o csv ana@acme.es
	output_is <<'EOF'
run,when,who,op,field,old,new
3,2026-03-01T09:00:00Z,tester,add,,,
6,2026-03-02T10:00:00Z,tester,set,city,Madrid,Toledo
6,2026-03-02T10:00:00Z,tester,set,tags,"madrid,vip","madrid,vip,x"
6,2026-03-02T10:00:00Z,tester,set,title,,CEO
6,2026-03-02T10:00:00Z,tester,set,account,1,2
EOF
	run crm-contact history -o table 1
	output_is <<'EOF'
run  when              who     op   field    old         new
  3  2026-03-01 09:00  tester  add
  6  2026-03-02 10:00  tester  set  city     Madrid      Toledo
  6  2026-03-02 10:00  tester  set  tags     madrid,vip  madrid,vip,x
  6  2026-03-02 10:00  tester  set  title                CEO
  6  2026-03-02 10:00  tester  set  account  1           2
EOF
}

@test "history: rm and restore are logged" {
	seed
	crm-contact rm -q 2
	crm-contact restore -q 2
	run crm-contact history 2
	output_is <<'EOF'
4	2026-03-01T09:00:00Z	tester	add			
6	2026-03-01T09:00:00Z	tester	rm			2026-03-01T09:00:00Z
7	2026-03-01T09:00:00Z	tester	restore		2026-03-01T09:00:00Z	
EOF
}

@test "history of a record that never existed -> exit 1 with a message" {
	seed
	run --separate-stderr crm-contact history 99
	[ "$status" -eq 1 ]
	[ "$output" = "" ]
	[ "$stderr" = "crm-contact: no contact 99" ]
}

# ------------------------------------------------------------- fields

@test "fields lists every field with its type and flags" {
	run --separate-stderr crm-contact fields
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	output_is <<'EOF'
id	id	list,readonly		record number
first_name	text	list,search,personal		given name
last_name	text	list,search,personal		family name
title	text	search		job title
account	ref	list,search	account	the organisation, by id or name
email	email	list,search,unique,personal		e-mail address (unique)
phone	phone	list,search,personal		phone number
mobile	phone	search,personal		mobile phone number
home_phone	phone	search,personal		home phone number
fax	phone	personal		fax number
email2	email	search,personal		another e-mail address
address	text	personal		street address
city	text	list,search		city
region	text	search		state, province or region
postcode	text	personal		postal code
country	text	search		country
birthday	date	personal		date of birth
channel	choice		email,phone,mobile,sms,whatsapp,mail,visit	preferred channel
language	text			preferred language (es, en, pt ...)
source	text			where the contact came from
optout	bool			no marketing messages (yes/no)
uid	text	unique		the id address books know the contact by (vCard UID)
email_is	choice		work,home	what email is: work or home (vCard TYPE)
email2_is	choice		work,home	what email2 is: work or home (vCard TYPE)
address_is	choice		work,home	what the address is: work or home (vCard TYPE)
owner	text	list		user who owns the record (default $CRM_USER)
tags	tags	search		labels, comma-separated
notes	text	search,personal		free text
created	timestamp	readonly		when the record was added (UTC)
updated	timestamp	readonly		when the record last changed (UTC)
EOF
}

@test "fields lists custom fields too" {
	crm field add contact shoe number
	crm field add contact size choice S,M,L
	crm field add contact nick text
	run --separate-stderr crm-contact fields
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ "${#lines[@]}" -eq 33 ]
	[ "${lines[20]}" = "optout	bool			no marketing messages (yes/no)" ]
	[ "${lines[21]}" = "uid	text	unique		the id address books know the contact by (vCard UID)" ]
	[ "${lines[24]}" = "address_is	choice		work,home	what the address is: work or home (vCard TYPE)" ]
	[ "${lines[25]}" = "shoe	number	custom		custom field" ]
	[ "${lines[26]}" = "size	choice	custom	S,M,L	custom field" ]
	[ "${lines[27]}" = "nick	text	search,custom		custom field" ]
	[ "${lines[28]}" = "owner	text	list		user who owns the record (default \$CRM_USER)" ]
}

# ------------------------------------------------------------- lookup

@test "lookup finds the caller however the number is written" {
	seed
	local n
	for n in "+34 600 12 34 56" 600123456 0034-600-123-456 "(+34) 600.123.456"; do
		run --separate-stderr crm-contact lookup -o ids "$n"
		echo "lookup '$n': status=$status output=$output stderr=$stderr" >&2
		[ "$status" -eq 0 ]
		[ "$output" = "1" ]
		[ "$stderr" = "" ]
	done
	run crm-contact lookup 600123456
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "id:         1" ]
	[ "${lines[1]}" = "first_name: Ana" ]
	[ "${lines[3]}" = "account:    Acme (1)" ]
	run crm-contact lookup -o ids ANA@ACME.ES
	[ "$output" = "1" ]
}

@test "lookup: unknown number -> exit 1; not a number -> exit 2" {
	seed
	run --separate-stderr crm-contact lookup 611111111
	[ "$status" -eq 1 ]
	[ "$output" = "" ]
	[ "$stderr" = "crm-contact: no contact with phone '611111111'" ]
	run --separate-stderr crm-contact lookup nobody@nowhere.es
	[ "$status" -eq 1 ]
	[ "$stderr" = "crm-contact: no contact with e-mail 'nobody@nowhere.es'" ]
	run --separate-stderr crm-contact lookup abc
	[ "$status" -eq 2 ]
	stderr_is <<'EOF'
crm-contact: not a phone number or e-mail address 'abc'
usage: crm-contact lookup [OPTIONS] PHONE|EMAIL
EOF
}

# ------------------------------------------------------------- forget

@test "forget erases personal fields and tags, keeps the record, blanks history values" {
	seed
	CRM_NOW=2026-03-02T10:00:00Z crm-contact set -q 1 title=CEO birthday=1990-01-01 notes=secret
	run --separate-stderr crm-contact forget 1
	[ "$status" -eq 0 ]
	[ "$output" = "" ]
	[ "$stderr" = "crm-contact: forgot 1 contact: 7 personal fields, 0 attached files, their past values and the commands that gave them; 0 linked records kept, no longer found by the person's name; 0 leads forgotten too; this cannot be undone" ]
	run crm-contact show 1
	[ "$status" -eq 0 ]
	output_is <<'EOF'
id:         1
title:      CEO
account:    Acme (1)
city:       Madrid
owner:      tester
created:    2026-03-01 09:00
updated:    2026-03-01 09:00
EOF
	run crm-contact history 1
	output_is <<'EOF'
3	2026-03-01T09:00:00Z	tester	add			
6	2026-03-02T10:00:00Z	tester	set	title		
6	2026-03-02T10:00:00Z	tester	set	birthday		
6	2026-03-02T10:00:00Z	tester	set	notes		
7	2026-03-01T09:00:00Z	tester	forget			
EOF
	# nothing personal is left anywhere in the database
	run crm sql "SELECT count(*) FROM change WHERE old LIKE '%secret%' OR new LIKE '%secret%' OR new LIKE '%1990%'"
	[ "$output" = "0" ]
	run crm-contact lookup 600123456
	[ "$status" -eq 1 ]
	run crm-contact list -o ids --sort id garcia
	[ "$output" = "2" ]
	run crm-contact list ana
	[ "$status" -eq 1 ]
}

@test "filter: a reference whose name holds commas is one value; in a list its commas are escaped" {
	crm-account add "name=Abbott, Berg and Gay" >/dev/null
	crm-account add name=Acme >/dev/null
	crm-contact add first_name=Ana account=1 >/dev/null
	crm-contact add first_name=Eva account=2 >/dev/null
	run crm-contact list "account=Abbott, Berg and Gay" --fields first_name
	output_is <<<Ana
	run crm-contact list 'account=Abbott\, Berg and Gay,Acme' --fields first_name --sort first_name
	output_is <<'EOF'
Ana
Eva
EOF
	fails_unchanged 3 "crm-contact: account: no account 'Abbott' (commas separate values: write \\, for a comma inside one)" \
		crm-contact list "account=Abbott, Berg and Gay,Acme"
}

@test "purge and forget erase the record's attachments; a later record inherits none" {
	seed
	printf 'scan of an id card' >dni.txt
	printf 'signed consent' >consent.txt
	crm attach -q contact=3 dni.txt
	crm attach -q contact=2 consent.txt
	crm attach -q account=1 consent.txt
	crm-contact forget -q 2
	crm-contact purge -q 3
	run crm sql "SELECT entity, record, name FROM attachment ORDER BY id" -o tsv
	output_is <<<$'account\t1\tconsent.txt'
	# ids are never given twice: the new record is 4, with nothing of 3's
	[ "$(crm-contact add first_name=Nuevo)" = 4 ]
	run crm attachment list contact=4
	[ "$output" = "" ]
}

@test "forget cannot be undone: crm undo refuses with exit 3 and changes nothing" {
	seed
	crm-contact forget -q 1
	local before
	before="$(db_dump)"
	run --separate-stderr crm undo
	[ "$status" -eq 3 ]
	[ "$output" = "" ]
	[ "$stderr" = "crm: run 6 erased data (forget contact 1); that cannot be undone" ]
	[ "$(db_dump)" = "$before" ]
}

@test "forget --dry-run writes nothing" {
	seed
	local before
	before="$(db_dump)"
	run --separate-stderr crm-contact forget --dry-run 1
	[ "$status" -eq 0 ]
	[ "$output" = "forget contact 1: Ana García" ]
	[ "$(db_dump)" = "$before" ]
}

@test "phone filters compare numbers however they are written" {
	seed
	run crm-contact list -o ids phone=0034600123456
	[ "$status" -eq 0 ]
	output_is <<<'1'
	run crm-contact list -o ids 'phone=600 12 34 56'
	output_is <<<'1'
	run crm-contact list -o ids --sort id phone!=600123456
	output_is <<'OUT'
2
3
OUT
	run crm-contact list -o ids phone~600
	output_is <<<'1'
}

@test "dry-run plans name referenced records and keep each change on one line" {
	seed
	run --separate-stderr crm-contact add --dry-run first_name=Eva account=Acme \
		"notes=$(printf 'line one\nline two')"
	[ "$status" -eq 0 ]
	output_is <<<'add contact 4: first_name=Eva account=Acme owner=tester notes=line one\nline two'
	run --separate-stderr crm-contact set --dry-run 1 account=2
	output_is <<<'set contact 1: account: Acme → García y Asociados'
}

@test "ids repeated on stdin change each record once: one change logged, counted once" {
	crm-contact add first_name=Ana city=Lima >/dev/null
	crm-contact add first_name=Eva >/dev/null
	run --separate-stderr bash -c "printf '1\\n1\\n2\\n1\\n' | crm-contact set - city=Madrid"
	[ "$status" -eq 0 ]
	[ "$stderr" = "crm-contact: 2 of 2 contacts changed" ]
	[ "$(crm-contact history 1 | grep -c $'\tcity\t')" = 1 ]
	[ "$(crm-contact history 1 | grep $'\tcity\t' | cut -f6,7)" = $'Lima\tMadrid' ]
	# ids on the command line too
	crm-contact set -q 2 2 city=Bogotá
	[ "$(crm-contact history 2 | grep -c $'\tcity\t')" = 2 ]
	printf '1\n1\n' | crm-task add -q - subject=Call
	[ "$(crm-task list -o ids | wc -l)" = 1 ]
}

@test "ids are never given twice: after purge, or the undo of an add, the next record has a new id and no one's history" {
	crm-contact add first_name=Ana email=ana@x.es >/dev/null
	crm-contact add first_name=Eva >/dev/null
	crm-contact purge -q 2
	[ "$(crm-contact add first_name=Luz)" = 3 ]
	run crm-contact history 3
	[ "${#lines[@]}" -eq 1 ]
	[[ "${lines[0]}" == *"add"* ]]
	[[ "$output" != *purge* ]]
	# the undo of an add erases the record; its id stays spent
	crm-contact add first_name=Sol >/dev/null
	crm undo -q
	[ "$(crm-contact add first_name=Mar)" = 5 ]
	# every entity: an opportunity's stage history stays its own
	crm-opp add name=Old >/dev/null
	crm-opp stage -q 1 proposal
	crm-opp purge -q 1
	[ "$(crm-opp add name=New)" = 2 ]
	run crm-opp show 2
	[[ "$output" != *proposal* ]]
	# forget erases too
	crm-contact forget -q 5
	[ "$(crm-contact add first_name=Paz)" = 6 ]
}

# bats test_tags=sqlite
@test "forget leaves nothing of the person in the database file: log, command lines, linked records' search, lead, files" {
	command -v sqlite3 >/dev/null || skip "sqlite3 CLI absent"
	crm-account add name=Acme >/dev/null
	crm-lead add first_name=Zebulon last_name=Quixwell company=Acme email=zq@quixwell.example \
		phone=611987654 >/dev/null
	crm-lead convert -q 1 >/dev/null
	crm-contact set -q 1 birthday=1971-07-29 notes='Zebulon said hi'
	crm-task add subject='Call back' contact=1 >/dev/null
	crm-log add contact=1 channel=phone subject='Spoke' body='agreed' >/dev/null
	crm-case add subject='Broken' contact=1 >/dev/null
	printf 'scan' >quixwell-passport.pdf
	crm attach -q contact=1 quixwell-passport.pdf
	# found by the name before, through their contact
	[ "$(crm-task list -o ids quixwell)" = 1 ]
	[ "$(crm-log list -o ids zebulon)" = 1 ]
	run --separate-stderr crm-contact forget 1
	[ "$status" -eq 0 ]
	[[ "$stderr" == *"1 attached files"*"4 linked records kept"*"1 leads forgotten too"* ]]
	# the linked records stay, and are no longer found by the name
	[ "$(crm-task list -o ids)" = 1 ]
	run crm-task list quixwell
	[ "$status" -eq 1 ]
	run crm-log list zebulon
	[ "$status" -eq 1 ]
	# and the file itself holds none of it, once checkpointed and vacuumed
	sqlite3 "$CRM_DB" 'PRAGMA wal_checkpoint(TRUNCATE); VACUUM;' >/dev/null
	for v in Zebulon Quixwell quixwell 611987654 1971-07-29 zq@; do
		run grep -c -a -i "$v" "$CRM_DB"
		echo "$v: $output" >&2
		[ "$output" = 0 ]
	done
	# and new commands log no personal value either
	crm-contact add first_name=Ana email=ana@secret.example >/dev/null
	[ "$(crm history -o tsv | grep -c 'secret.example')" = 0 ]
}
