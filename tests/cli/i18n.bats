#!/usr/bin/env bats
# Messages in Spanish (gettext, po/es.po): help, errors and plurals follow
# LANG / LC_MESSAGES, while everything a script reads stays byte for byte
# the same whatever the locale; po/es.po translates every message.

load helper
bats_require_minimum_version 1.5.0

TOP=${CRM_TOP:-$BATS_TEST_DIRNAME/../..}
COMMANDS="crm crm-contact crm-account crm-lead crm-opp crm-product crm-quote crm-task crm-log crm-report crm-case crm-campaign crm-asset"

# Runs a command with Spanish messages (LANG, as a person sets it).
es() {
	env -u LC_ALL LANG=es_ES.UTF-8 "$@"
}

# The Spanish locale must exist, or every Spanish test would pass in English.
spanish_locale() {
	locale -a | grep -qi '^es_ES\.utf-\?8$' || {
		echo "the es_ES.UTF-8 locale is missing: run 'make deps' as root" >&2
		return 1
	}
}

@test "i18n: the es_ES.UTF-8 locale exists (make deps makes it)" {
	spanish_locale
}

@test "i18n: --help is Spanish under LANG=es_ES.UTF-8, English under LANG=C" {
	spanish_locale
	run es crm-contact --help
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == "uso: crm-contact VERBO [OPCIONES] [PALABRAS...]" ]]
	[[ "$output" == *"Trabaja con los contactos de la base de datos crm."* ]]
	[[ "$output" == *"  list [FILTER...]"*"lista los registros que cumplen un filtro"* ]]
	run es crm-contact add --help
	[[ "$output" == *"  --dry-run"*"imprime lo que cambiaría; no escribe nada"* ]]
	run env -u LC_ALL LANG=C crm-contact --help
	[ "${lines[0]}" = "usage: crm-contact VERB [OPTIONS] [WORDS...]" ]
	[ "${lines[1]}" = "Work with the contacts in the crm database." ]
	# LC_MESSAGES alone is enough, and LC_ALL wins over it
	run env -u LC_ALL LANG=C LC_MESSAGES=es_ES.UTF-8 crm-task --help
	[[ "$output" == *"tareas abiertas: atrasadas, hoy, mañana"* ]]
	run env LC_ALL=C.UTF-8 LC_MESSAGES=es_ES.UTF-8 crm-task --help
	[[ "$output" == *"open tasks: overdue, today"* ]]
}

@test "i18n: the Spanish help of every command and verb lists the same options as the English" {
	spanish_locale
	local c v n=0
	for c in $COMMANDS; do
		for v in "" $("$c" --complete=verbs); do
			# shellcheck disable=SC2086
			diff <("$c" $v --help | grep -o -- '--[a-z][a-z-]*' | sort -u) \
				<(es "$c" $v --help | grep -o -- '--[a-z][a-z-]*' | sort -u) || {
				echo "$c $v: the options differ" >&2
				return 1
			}
			n=$((n + 1))
		done
	done
	[ "$n" -gt 100 ]
}

# Adds records, lists, shows, reports, exports and dumps: what scripts read,
# with each command's exit code.
script() {
	local x
	for x in \
		"crm-account add name=Acme type=customer city=Madrid 'country=Spain'" \
		"crm-contact add first_name=Ana last_name=García email=ana@acme.es account=Acme" \
		"crm-contact add first_name=José last_name=Pérez email=jose@acme.es account=1" \
		"crm-lead add first_name=Laura last_name=Vidal company=Vinhos email=laura@vinhos.pt" \
		"crm-opp add 'name=Acme: 40 puestos' account=Acme amount=1234.5 stage=proposal close=+30d" \
		"crm-task add 'subject=Llamar' due=tomorrow contact=1" \
		"crm-case add 'subject=Factura' kind=complaint priority=high contact=1" \
		"crm-contact list" "crm-contact list -o tsv --header" "crm-contact list -o csv" \
		"crm-contact list -o json" "crm-contact list -o ids" "crm-opp list -o jsonl" \
		"crm-contact show -o json 1" "crm-opp show -o json 1" "crm-task agenda -o tsv" \
		"crm-report pipeline -o tsv" "crm-report pipeline -o json" "crm-report forecast -o tsv" \
		"crm-report sales -o json" "crm-case sla -o tsv" \
		"crm-contact export" "crm-opp export -o json" \
		"crm dump out && cat out/*.csv" \
		"crm-contact show 99" "crm-contact add bogus=1" "crm-contact list --nope" \
		"crm-opp add name=X amount=abc" "crm-contact set 1"; do
		echo "\$ $x"
		sh -c "$x" 2>/dev/null
		echo "exit $?"
	done
}

@test "i18n: what scripts read is the same bytes under C and Spanish locales, exit codes too" {
	spanish_locale
	local env want got
	want=$(env -u LC_ALL LANG=C bash -c "$(declare -f script); script")
	[[ "$want" == *'"amount": "1234.50"'* || "$want" == *'1234.50'* ]]
	for env in "LANG=es_ES.UTF-8" "LC_ALL=es_ES.UTF-8" "LANG=C LC_NUMERIC=es_ES.UTF-8" \
		"LANG=C LC_MESSAGES=es_ES.UTF-8 LC_TIME=es_ES.UTF-8 LC_CTYPE=es_ES.UTF-8"; do
		empty_database
		rm -rf out
		got=$(env -u LC_ALL $env bash -c "$(declare -f script); script")
		diff -u <(echo "$want") <(echo "$got") || {
			echo "under $env: the output differs" >&2
			return 1
		}
	done
}

@test "i18n: an error message is Spanish, its exit code the same" {
	spanish_locale
	run --separate-stderr es crm-contact list --nope
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "crm-contact: opción desconocida «--nope»" ]
	[ "${stderr_lines[1]}" = "uso: crm-contact list [OPCIONES] [FILTER...]" ]
	run --separate-stderr es crm-contact frobnicate
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "crm-contact: verbo desconocido «frobnicate»" ]
}

@test "i18n: plural forms: one record and two" {
	spanish_locale
	seed
	run --separate-stderr es crm-contact set --dry-run 1 city=Toledo
	[ "$status" -eq 0 ]
	[[ "$stderr" == *"crm-contact: simulación: cambiaría 1 contacto; no se ha escrito nada" ]]
	run --separate-stderr es crm-contact set --dry-run 1 2 city=Toledo
	[[ "$stderr" == *"crm-contact: simulación: cambiarían 2 contactos; no se ha escrito nada" ]]
	run --separate-stderr crm-contact set --dry-run 1 2 city=Toledo
	[[ "$stderr" == *"crm-contact: dry run: 2 contacts would change; nothing written" ]]
}

@test "i18n: show labels, table headers, the agenda's groups and report titles are Spanish for people, not in tsv" {
	spanish_locale
	seed
	crm-task add subject=Llamar due=tomorrow contact=1 >/dev/null
	run es crm-contact show 1
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "nombre:            Ana" ]
	[[ "$output" == *$'\ntareas:\n'* ]]
	run es crm-task agenda -o table
	[[ "${lines[1]}" == *"  mañana  "*"  contacto Ana García  "* ]]
	run es crm-task agenda -o tsv
	[ "$output" = $'1\ttomorrow\t2026-03-02\tLlamar\tnormal\tcontact Ana García\ttester' ]
	run es crm-contact list -o table --fields id,first_name,city 1
	[ "${lines[0]}" = "id  nombre  ciudad" ]
	run es crm-contact list -o tsv --header --fields id,first_name,city 1
	[ "${lines[0]}" = $'id\tfirst_name\tcity' ]
	run es crm sql -o table "SELECT first_name FROM contact WHERE id = 1"
	[ "${lines[0]}" = "first_name" ]
	run es crm-report pipeline -o html
	[[ "$output" == *'<html lang="es">'* ]]
	[[ "$output" == *"<h1>Embudo abierto</h1>"* ]]
}

# xgettext over the sources, msgmerge with po/es.po: nothing untranslated or fuzzy.
@test "i18n: po/es.po translates every message of the sources, none fuzzy" {
	command -v xgettext >/dev/null || {
		echo "xgettext is missing: run 'make deps' as root" >&2
		return 1
	}
	sh "$TOP/po/make-pot" "$BATS_TEST_TMPDIR/crm.pot"
	msgmerge -q "$TOP/po/es.po" "$BATS_TEST_TMPDIR/crm.pot" -o "$BATS_TEST_TMPDIR/es.po"
	run msgfmt --check --statistics -o /dev/null "$BATS_TEST_TMPDIR/es.po"
	echo "$output" >&2
	[ "$status" -eq 0 ]
	[[ "$output" == *"translated message"* ]]
	[[ "$output" != *untranslated* ]]
	[[ "$output" != *fuzzy* ]]
}
