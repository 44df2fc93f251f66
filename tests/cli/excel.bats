#!/usr/bin/env bats
# Spreadsheets as Spanish (and other) businesses save them: ';'-separated
# Windows-1252 with CRLF, UTF-16 "Unicode text" with tabs, day-first dates,
# decimal commas, percentages, Excel's date serials and Spanish headers.
# The files in tests/data/excel-* are made byte for byte as Excel makes them.

load helper
bats_require_minimum_version 1.5.0

# The accounts the contact sheet names.
accounts() {
	local a
	for a in 'Ñandú Logística S.L.' 'Cervecería La Pequeña' 'Café Mañanitas' 'Librería Ü'; do
		crm-account add "name=$a" >/dev/null
	done
}

# The locale the day-first default comes from must exist, or these tests would prove nothing.
need_es_locale() {
	locale -a | grep -qix 'es_ES.utf-\?8' || {
		echo "the es_ES.UTF-8 locale is missing (tests/install-deps generates it)" >&2
		return 1
	}
}

CONTACT_FIELDS=first_name,last_name,account,title,email,phone,mobile,city,region,country,birthday,notes

@test "excel: a Spanish sheet (';', Windows-1252, CRLF, day-first) imports with no option where LC_TIME is Spanish" {
	need_es_locale
	accounts
	run --separate-stderr env -u LC_ALL LANG=C.UTF-8 LC_TIME=es_ES.UTF-8 \
		crm-contact import "$FIXTURES/excel-es-contacts.csv"
	[ "$status" -eq 0 ]
	stderr_is <<'OUT'
crm-contact: the file is not UTF-8: read it as Windows-1252 (--encoding names another)
crm-contact: reading columns separated by ';' (--delimiter gives another)
crm-contact: 5 added, 0 updated, 0 unchanged, 0 invalid
OUT
	run crm-contact export -o json --fields "$CONTACT_FIELDS" --sort birthday
	output_is <<'OUT'
[
{"first_name":"Óscar","last_name":"Peña","account":"Librería Ü","title":"Librero","email":"oscar.pena@libreria-u.co","phone":"601 234 5678","mobile":null,"city":"Bogotá","region":"Cundinamarca","country":"Colombia","birthday":"1975-10-31","notes":"Pagó el 50 % por adelantado"},
{"first_name":"María Ángeles","last_name":"Núñez","account":"Cervecería La Pequeña","title":"Gerente","email":"mangeles@lapequena.es","phone":"954 22 33 44","mobile":null,"city":"Sevilla","region":"Sevilla","country":"España","birthday":"1979-12-01","notes":"Prefiere llamadas por la mañana"},
{"first_name":"José","last_name":"García Pérez","account":"Ñandú Logística S.L.","title":"Director comercial","email":"jose.garcia@nandu.es","phone":"912 345 678","mobile":"+34 600 12 34 56","city":"Madrid","region":"Madrid","country":"España","birthday":"1985-03-15","notes":"Cliente desde 2019; pidió 1.234,56 € en marzo"},
{"first_name":"Íñigo","last_name":"Etxeberria Goñi","account":"Ñandú Logística S.L.","title":"Jefe de compras","email":"inigo.e@nandu.es","phone":null,"mobile":"+34 688 77 66 55","city":"Bilbao","region":"Vizcaya","country":"España","birthday":"1988-02-29","notes":"Dice \"urgente\" a todo"},
{"first_name":"Begoña","last_name":"López-Ibáñez","account":"Café Mañanitas","title":"Dueña","email":"bego@mananitas.mx","phone":"55 1234 5678","mobile":null,"city":"Ciudad de México","region":"CDMX","country":"México","birthday":"1990-08-07","notes":"Notas con\nsalto de línea"}
]
OUT
}

@test "excel: in the C locale day-first dates are refused with how to say them, nothing written; --date-format dmy imports" {
	accounts
	before=$(crm-contact list -o ids | wc -l)
	run --separate-stderr crm-contact import "$FIXTURES/excel-es-contacts.csv"
	[ "$status" -eq 3 ]
	[[ "$stderr" == *"crm-contact: line 2: birthday: date in day or month order '15/03/1985' (import with --date-format dmy or mdy, or write YYYY-MM-DD)"* ]]
	[[ "$stderr" == *"crm-contact: nothing imported: 5 invalid rows; fix them, or use --skip-invalid" ]]
	[ "$(crm-contact list -o ids | wc -l)" -eq "$before" ]
	run --separate-stderr crm-contact import -q --date-format dmy "$FIXTURES/excel-es-contacts.csv"
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	run crm-contact list -o tsv --fields first_name,birthday --sort birthday
	output_is <<'OUT'
Óscar	1975-10-31
María Ángeles	1979-12-01
José	1985-03-15
Íñigo	1988-02-29
Begoña	1990-08-07
OUT
}

@test "excel: the UTF-16 'Unicode text' sheet (BOM, tabs) gives the same records as the Windows-1252 one" {
	accounts
	crm-contact import -q --date-format dmy "$FIXTURES/excel-es-contacts.csv"
	crm-contact export -o csv --fields "$CONTACT_FIELDS" --sort email >cp1252.csv
	empty_database
	accounts
	run --separate-stderr crm-contact import --date-format dmy "$FIXTURES/excel-es-contacts-utf16.txt"
	[ "$status" -eq 0 ]
	stderr_is <<'OUT'
crm-contact: reading columns separated by tabs (--delimiter gives another)
crm-contact: 5 added, 0 updated, 0 unchanged, 0 invalid
OUT
	crm-contact export -o csv --fields "$CONTACT_FIELDS" --sort email >utf16.csv
	cmp cp1252.csv utf16.csv
	[ "$(wc -l <utf16.csv)" -eq 7 ] # the header, five rows, one line break inside a note
}

@test "excel: --delimiter forces the delimiter on import; export -o csv stays comma unless told" {
	accounts
	printf 'first_name|last_name|email\nAna|Ruiz, hija|ana@x.es\n' >pipes.csv
	run --separate-stderr crm-contact import pipes.csv
	[ "$status" -eq 0 ]
	stderr_is <<'OUT'
crm-contact: reading columns separated by '|' (--delimiter gives another)
crm-contact: 1 added, 0 updated, 0 unchanged, 0 invalid
OUT
	# told a comma, the same file is one column no field has
	run --separate-stderr crm-contact import --delimiter , pipes.csv
	[ "$status" -eq 3 ]
	[[ "$stderr" == *"line 1: no column matches a contact field" ]]
	run crm-contact export --fields first_name,last_name,email
	output_is <<'OUT'
first_name,last_name,email
Ana,"Ruiz, hija",ana@x.es
OUT
	run crm-contact export --delimiter ';' --fields first_name,last_name,email
	output_is <<'OUT'
first_name;last_name;email
Ana;"Ruiz, hija";ana@x.es
OUT
	run crm-contact list -o csv --delimiter tab --fields first_name,last_name
	output_is <<'OUT'
first_name	last_name
Ana	"Ruiz, hija"
OUT
	# what export wrote with ';' imports back as it was
	crm-contact export --delimiter ';' --fields first_name,last_name,email >semi.csv
	run --separate-stderr crm-contact import -q --key email semi.csv
	[ "$status" -eq 0 ]
	run crm-contact list -o tsv --fields first_name,last_name
	output_is <<<"Ana	Ruiz, hija"
	run --separate-stderr crm-contact export --delimiter '"'
	[ "$status" -eq 2 ]
	[[ "${stderr_lines[0]}" == "crm-contact: --delimiter: not one character other than a quote or a line end '\"'" ]]
}

@test "excel: dates in every order a sheet writes, refused rather than guessed when they cannot be placed" {
	printf 'first_name,birthday\nA,15/03/1985\nB,15-03-1985\nC,15.03.1985\nD,1/2/1990\n' >dmy.csv
	crm-contact import -q --date-format dmy dmy.csv
	run crm-contact list -o tsv --fields first_name,birthday
	output_is <<'OUT'
A	1985-03-15
B	1985-03-15
C	1985-03-15
D	1990-02-01
OUT
	printf 'first_name,birthday\nE,3/15/1985\n' >mdy.csv
	run --separate-stderr crm-contact import --date-format dmy mdy.csv
	[ "$status" -eq 3 ]
	[ "${stderr_lines[0]}" = "crm-contact: line 2: birthday: not a date in day-month-year order '3/15/1985'" ]
	crm-contact import -q --date-format mdy mdy.csv
	printf 'first_name,birthday\nF,1985/03/15\nG,1985-03-15\n' >ymd.csv
	crm-contact import -q --date-format ymd ymd.csv
	run crm-contact list -o tsv --fields first_name,birthday first_name=E,F,G
	output_is <<'OUT'
E	1985-03-15
F	1985-03-15
G	1985-03-15
OUT
	# two-digit years, 29 February of a common year and 31 April are no dates in any order
	printf 'first_name,birthday\nH,15/03/85\nI,29/02/1985\nJ,31/04/1990\n' >bad.csv
	run --separate-stderr crm-contact import --date-format dmy bad.csv
	[ "$status" -eq 3 ]
	[ "${stderr_lines[0]}" = "crm-contact: line 2: birthday: invalid date '15/03/85'" ]
	[ "${stderr_lines[1]}" = "crm-contact: line 3: birthday: invalid date '29/02/1985'" ]
	[ "${stderr_lines[2]}" = "crm-contact: line 4: birthday: invalid date '31/04/1990'" ]
	run --separate-stderr crm-contact import --date-format dym bad.csv
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "crm-contact: --date-format: not dmy, mdy, ymd, excel or iso 'dym'" ]
}

@test "excel: the locale's day-first order works in due=, close= and times too, and never in C" {
	need_es_locale
	crm-account add name=Acme >/dev/null
	export LC_ALL=es_ES.UTF-8
	crm-task add subject=Llamar due='15/03/2026 10:30' >/dev/null
	crm-opp add name=Flota account=Acme close=30/06/2026 amount='12.500,00 €' probability='60 %' >/dev/null
	run crm-task list -o tsv --fields subject,due
	output_is <<<"Llamar	2026-03-15T10:30:00Z"
	run crm-opp list -o tsv --fields name,close,amount,probability
	output_is <<<"Flota	2026-06-30	12500.00	60"
	# LC_ALL wins over LC_TIME and LANG, as everywhere
	export LC_ALL=C.UTF-8 LC_TIME=es_ES.UTF-8
	run --separate-stderr crm-task add subject=Otra due=15/03/2026
	[ "$status" -eq 3 ]
	[ "$stderr" = "crm-task: due: date in day or month order '15/03/2026' (import with --date-format dmy or mdy, or write YYYY-MM-DD)" ]
	# a day-first locale this system has not generated is still known by its name
	run --separate-stderr env -u LC_ALL LANG=C.UTF-8 LC_TIME=fr_FR.UTF-8@nowhere crm-task add subject=Otra due=15/03/2026
	[ "$status" -eq 0 ]
}

@test "excel: a Spanish sales sheet: headers, 1.234,56 €, percentages with and without a space, day-first close" {
	need_es_locale
	accounts
	run --separate-stderr env -u LC_ALL LANG=C.UTF-8 LC_TIME=es_ES.UTF-8 \
		crm-opp import "$FIXTURES/excel-es-opps.csv"
	[ "$status" -eq 0 ]
	stderr_is <<'OUT'
crm-opp: the file is not UTF-8: read it as Windows-1252 (--encoding names another)
crm-opp: reading columns separated by ';' (--delimiter gives another)
crm-opp: 2 added, 0 updated, 0 unchanged, 0 invalid
OUT
	run crm-opp list -o tsv --fields name,account,stage,amount,probability,close,owner --sort close
	output_is <<'OUT'
Cafeteras para 3 locales	Café Mañanitas	qualification	1234.56	25	2027-01-15	andres
Renovación flota 2027	Ñandú Logística S.L.	proposal	12500.00	60	2027-06-30	lucia
OUT
	# numbers as people write them: "1,234.5", a decimal comma, a percent sign after a space
	crm-product add sku=X1 name=Tornillo price=2 >/dev/null
	crm-opp item add 1 product=X1 'qty=1,234.5' 'discount=0,5 %' >/dev/null
	crm-opp item add 1 product=X1 'qty=2,5' 'discount=10%' >/dev/null
	run crm-opp item list 1 -o tsv --fields qty,discount
	output_is <<'OUT'
1234.5	0.5
2.5	10
OUT
}

@test "excel: --date-format excel reads date serials; before March 1900 they are refused" {
	run --separate-stderr crm-contact import --date-format excel "$FIXTURES/excel-serial-dates.csv"
	[ "$status" -eq 0 ]
	run crm-contact list -o tsv --fields first_name,birthday
	output_is <<'OUT'
José	1985-03-15
Ana	1980-03-01
OUT
	printf 'subject,due\nA,46096.4375\nB,60\n' >serials.csv
	run --separate-stderr crm-task import --date-format excel serials.csv
	[ "$status" -eq 3 ]
	[ "${stderr_lines[0]}" = "crm-task: line 3: due: invalid date '60'" ]
	printf 'subject,due\nA,46096.4375\n' >serials.csv
	crm-task import -q --date-format excel serials.csv
	run crm-task list -o tsv --fields subject,due
	output_is <<<"A	2026-03-15T10:30:00Z"
}

@test "excel: in a Spanish locale import speaks Spanish, --create-refs still creates, and the data are the same" {
	need_es_locale
	run --separate-stderr env LC_ALL=es_ES.UTF-8 crm-contact import --create-refs "$FIXTURES/excel-es-contacts.csv"
	[ "$status" -eq 0 ]
	stderr_is <<'OUT'
crm-contact: el archivo no es UTF-8: se lee como Windows-1252 (--encoding indica otra)
crm-contact: se leen columnas separadas por ';' (--delimiter indica otro)
crm-contact: 5 añadidos, 0 actualizados, 0 sin cambios, 0 no válidos
OUT
	run crm-account list -o tsv --fields name --sort name
	output_is <<'OUT'
Café Mañanitas
Cervecería La Pequeña
Librería Ü
Ñandú Logística S.L.
OUT
	run --separate-stderr env LC_ALL=es_ES.UTF-8 crm-contact add first_name=Ana account=Nada
	[ "$status" -eq 3 ]
	[ "$stderr" = "crm-contact: account: no hay cuenta 'Nada'" ]
	run --separate-stderr env LC_ALL=es_ES.UTF-8 crm-contact add first_name=Ana birthday=3/15/1985
	[ "$status" -eq 3 ]
	[ "$stderr" = "crm-contact: birthday: no es una fecha en el orden día-mes-año '3/15/1985'" ]
}

@test "excel: fields describes each field in Spanish in a table, in English in tsv" {
	need_es_locale
	run env LC_ALL=es_ES.UTF-8 crm-contact fields -o table
	[[ "${lines[0]}" == "nombre"*"tipo"*"ayuda" ]]
	[[ "${lines[2]}" == "first_name"*"nombre de pila" ]]
	run env LC_ALL=es_ES.UTF-8 crm-contact fields
	[ "${lines[1]}" = "first_name	text	list,search,personal		given name" ]
}
