#!/usr/bin/env bats
# crm dump DIR / crm restore DIR: one CSV per entity plus the configuration,
# a stable order, dump → restore → dump the same bytes; crm check on the data.

load helper
bats_require_minimum_version 1.5.0

everything() {
	seed
	crm field add contact shoe number
	crm field add account tier choice gold,silver
	crm-account set 1 tier=gold >/dev/null
	crm-contact set 1 shoe=38 notes=$'dos líneas\ny "comillas", comas' >/dev/null
	crm-lead rule add source=web 10 >/dev/null
	crm-opp stages add default demo 2 30 >/dev/null 2>&1 || true
	crm-product add sku=GTX-PRO name='GTX Pro' price=4821.00 >/dev/null
	crm-opp add name='Acme: 40 seats' account=Acme contact=1 close=2026-04-01 >/dev/null
	crm-opp item add 1 product=GTX-PRO qty=3 discount=10% >/dev/null
	crm-quote add opp=1 >/dev/null
	crm-lead add first_name=Laura company=Acme email=laura@acme.es source=web >/dev/null
	crm-lead convert 1 --opp name='Second deal' amount=100 >/dev/null
	crm-task add subject='Call Ana' due=2026-03-05 contact=1 tags=calls >/dev/null
	crm-log add contact=2 channel=phone direction=in subject='Pregunta' >/dev/null
	crm-contact rm 3 >/dev/null
	crm-report quota set tester 2026-Q2 50000 >/dev/null
	crm-report rate add 5 >/dev/null
	crm-report rate add 8 from=100 owner=tester >/dev/null
	crm-report weights amount=3 >/dev/null
}

@test "dump: one CSV per entity and the configuration, records by id, references as ids, deleted ones too" {
	everything
	run --separate-stderr crm dump out
	[ "$status" -eq 0 ]
	stderr_is <<<"crm: dumped to out"
	run ls out
	output_is <<'EOF2'
account.csv
asset.csv
campaign.csv
case.csv
contact.csv
fields.csv
interaction.csv
item.csv
lead.csv
member.csv
opp.csv
product.csv
quotas.csv
quote.csv
rates.csv
rules.csv
settings.csv
stages.csv
task.csv
EOF2
	[ "$(cat out/fields.csv)" = 'entity,name,type,choices
account,tier,choice,"gold,silver"
contact,shoe,number,' ]
	[ "$(cat out/rules.csv)" = 'entity,term,points
lead,source=web,10' ]
	[ "$(cat out/quotas.csv)" = 'owner,period,amount
tester,2026-Q2,5000000' ]
	[ "$(head -1 out/rates.csv)" = 'owner,attainment,rate' ]
	[ "$(wc -l <out/rates.csv)" -eq 3 ]
	[ "$(head -1 out/settings.csv)" = 'key,value' ]
	[ "$(head -1 out/contact.csv)" = "$(crm-contact fields -o csv --no-header | cut -d, -f1 | paste -sd,),deleted" ]
	# references are ids: José's account is 2, Laura's (a converted lead) 1
	grep -q '^2,José,Pérez,,2,' out/contact.csv
	grep -q '^4,Laura,,,1,' out/contact.csv
	# a deleted record is there, with its deleted stamp last
	grep -q '^3,Françoise,Dubois,.*,2026-03-01T09:00:00Z$' out/contact.csv
}

@test "dump → restore into an empty database → dump: the same bytes; the restore is one run undo takes back" {
	everything
	crm dump first
	run --separate-stderr crm restore --db new.db first
	[ "$status" -eq 0 ]
	[[ "$stderr" == "crm: restored "*" records from first" ]]
	crm dump --db new.db second -q
	diff -r first second
	run crm-contact list --db new.db --deleted -o ids
	output_is <<<"3"
	crm undo --db new.db -q
	[ "$(crm sql --db new.db 'SELECT count(*) FROM contact')" = 0 ]
}

@test "restore refuses a database with records, and a dump that is not one, writing nothing" {
	everything
	crm dump d
	fails_unchanged 3 "crm: restore needs an empty database; this one has records (use --db NEW.db)" crm restore d
	rm -f "$CRM_DB"*
	crm init -q
	sed -i 's/^id,/id,nonsense,/' d/product.csv
	fails_unchanged 3 "crm: d/product.csv: line 1: product has no field 'nonsense'" crm restore d
	fails_unchanged 3 "crm: cannot open 'nowhere/fields.csv': No such file or directory" crm restore nowhere
	fails_unchanged 2 "crm: give the directory of a dump
usage: crm restore [OPTIONS] DIR" crm restore
}

@test "check: impossible dates, bad timestamps and stages that contradict probability, with exit 3 for cron" {
	everything
	run crm check
	[ "$status" -eq 0 ]
	output_is <<<"ok"
	sqlite3 "$CRM_DB" "UPDATE contact SET birthday = '2026-02-30' WHERE id = 1;
		UPDATE opp SET stage = 'won', closed = NULL, probability = 40 WHERE id = 2;
		UPDATE task SET created = 'yesterday' WHERE id = 1;"
	run crm check
	[ "$status" -eq 3 ]
	output_is <<'EOF2'
contact 1: birthday: impossible date '2026-02-30'
opp 2: won (stage 'won') at probability 40, not 100
opp 2: won (stage 'won') without a closed date
task 1: created: not a UTC timestamp 'yesterday'
EOF2
}
