#!/usr/bin/env bats
# One fold for all matching: the search, ~ and = filters, names that find a
# record (show NAME, account=NAME, contact=NAME) and duplicate keys agree on
# names beyond Latin-1 (Ștefan, Nguyễn), on decomposed text (NFD), on Greek
# and on ß/ss, ł, ø, æ, đ, þ; tables count columns as a terminal shows them.

load helper
bats_require_minimum_version 1.5.0

# People whose names the old Latin-1 table did not fold; García and José
# are typed decomposed (NFD), as macOS keyboards and files write them.
people() {
	crm-account add 'name=Nguyễn Trading' >/dev/null
	crm-contact add first_name=Ștefan last_name=Popescu >/dev/null
	crm-contact add first_name=An last_name=Nguyễn account='nguyen trading' >/dev/null
	crm-contact add "first_name=$(printf 'Jose\xcc\x81')" "last_name=$(printf 'Garci\xcc\x81a')" >/dev/null
	crm-contact add first_name=Σωκράτης last_name=Παπαδόπουλος >/dev/null
	crm-contact add first_name=Hans last_name=Weiß >/dev/null
	crm-contact add first_name=Łukasz last_name=Søgaard city=Ærøskøbing >/dev/null
	crm-contact add first_name=Đorđe last_name=Þórsson >/dev/null
}

@test "fold: ~ and = filters find names beyond Latin-1, NFD text, Greek, ß, ł, ø, æ, đ, þ" {
	people
	run crm-contact list first_name~stefan --fields id,first_name,last_name
	[ "$status" -eq 0 ]
	output_is <<<"1	Ștefan	Popescu"
	run crm-contact list last_name~NGUYEN --fields id,last_name,account
	output_is <<<"2	Nguyễn	Nguyễn Trading"
	run crm-contact list last_name=garcia --fields id
	output_is <<<"3"
	run crm-contact list 'last_name=García' --fields id
	output_is <<<"3"
	run crm-contact list first_name~σωκρατης --fields id
	output_is <<<"4"
	run crm-contact list last_name~weiss --fields id
	output_is <<<"5"
	run crm-contact list first_name~lukasz last_name~sogaard city~aeroskobing --fields id
	output_is <<<"6"
	run crm-contact list first_name=dorde last_name~thorsson --fields id
	output_is <<<"7"
	run crm-contact list first_name~stephan
	[ "$status" -eq 1 ]
	[ "$output" = "" ]
}

@test "fold: the search finds what the filters find" {
	people
	run crm-contact list stefan --fields id
	output_is <<<"1"
	run crm-contact list nguyen --fields id
	output_is <<<"2"
	run crm-contact list garc jose --fields id
	output_is <<<"3"
	run crm-contact list ΣΩΚΡΑΤΗΣ --fields id
	output_is <<<"4"
	run crm-contact list weiss --fields id
	output_is <<<"5"
	run crm-contact list lukasz aeroskobing --fields id
	output_is <<<"6"
	run crm-contact list dorde thors --fields id
	output_is <<<"7"
	run crm-account list nguyen --fields id,name
	output_is <<<"1	Nguyễn Trading"
}

@test "fold: names find their record in show and in references, whatever their spelling" {
	people
	run --separate-stderr crm-contact show 'stefan popescu'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "id:         1" ]
	run crm-contact show 'JOSÉ GARCÍA'
	[ "${lines[0]}" = "id:         3" ]
	run crm-contact show 'σωκρατης παπαδοπουλος'
	[ "${lines[0]}" = "id:         4" ]
	run crm-contact show 'hans weiss'
	[ "${lines[0]}" = "id:         5" ]
	run crm-task add subject=Llamar contact='LUKASZ SOGAARD'
	[ "$status" -eq 0 ]
	run crm-task list --fields id,subject,contact
	output_is <<<"1	Llamar	Łukasz Søgaard"
	run crm-opp add name=Trato account='NGUYEN TRADING' contact='an nguyen'
	[ "$status" -eq 0 ]
	run crm-opp list --fields id,account,contact
	output_is <<<"1	Nguyễn Trading	An Nguyễn"
	run --separate-stderr crm-contact show 'stefan popesco'
	[ "$status" -eq 1 ]
	[ "$stderr" = "crm-contact: no contact 'stefan popesco'" ]
}

@test "fold: names equal once folded are duplicates" {
	crm-account add 'name=Σωκράτης ΑΕ' >/dev/null
	crm-account add 'name=ΣΩΚΡΆΤΗΣ ΑΕ' >/dev/null
	crm-account add 'name=Στέφανος ΑΕ' >/dev/null
	run crm-account dupes -o ids
	[ "$status" -eq 0 ]
	output_is <<<"1"
}

@test "fold: a database whose keys an older fold made gets them made again on open" {
	people
	# what the older fold left: keys with the letters it did not know, search
	# entries of the text as typed, and no fold version yet
	raw_sql "UPDATE contact SET label_key = lower(first_name || last_name);
		UPDATE account SET label_key = lower(name);
		DELETE FROM contact_fts;
		INSERT INTO contact_fts (rowid, body) SELECT id, first_name || ' ' || last_name FROM contact;
		UPDATE fold_version SET version = 0"
	run crm-contact list weiss --fields id
	output_is <<<"5"
	run crm-contact show 'stefan popescu'
	[ "${lines[0]}" = "id:         1" ]
	run crm-contact list account='nguyen trading' --fields id
	output_is <<<"2"
	run crm sql "SELECT count(*) FROM contact WHERE label_key = 'stefanpopescu'"
	output_is <<<"1"
}

@test "fold: a table counts an emoji as two columns and a combining accent as none" {
	crm-account add 'name=Cohete 🚀' city=Lima >/dev/null
	crm-account add "name=$(printf 'Jose\xcc\x81 SL')" city=Cali >/dev/null
	crm-account add 'name=Nguyễn' city=Hanói >/dev/null
	run crm-account list -o table --fields id,name,city --sort id
	[ "$status" -eq 0 ]
	output_is <<EOF
id  name       city
 1  Cohete 🚀  Lima
 2  $(printf 'Jose\xcc\x81 SL')    Cali
 3  Nguyễn     Hanói
EOF
}

@test "fold: choice and yes/no values are read with the same fold" {
	crm field add contact etapa choice 'Atención,Cotización,Ganó'
	crm-contact add first_name=Ana etapa=ATENCIÓN optout=SÍ >/dev/null
	crm-contact add first_name=Eva etapa=cotizacion optout=no >/dev/null
	run crm-contact list --fields id,etapa,optout --sort id
	output_is <<'EOF'
1	Atención	yes
2	Cotización	no
EOF
	run crm-contact list etapa=COTIZACIÓN --fields id
	output_is <<<"2"
	fails_unchanged 3 "crm-contact: etapa: 'perdió' is not one of: Atención,Cotización,Ganó" \
		crm-contact add first_name=Leo etapa=perdió
}
