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
	crm-case sla set urgent respond=2h resolve=1d
	crm segment add vip contact tag=vip
	crm segment add vip-madrid contact 'segment=vip city=Madrid'
	printf 'signed offer\n' >offer.txt
	printf '\211PNG\r\n\032\n\000\001binary' >photo.png
	crm attach -q contact=1 offer.txt photo.png
	crm attach -q contact=2 photo.png
	crm attachment rm 2
	crm attach -q account=1 offer.txt
}

OFFER=dfe39a55ceb1d036ec8dd44183e76d1a1d8bb8954c6aae50f52fba1fcd7e80b1

@test "dump: one CSV per entity and the configuration, records by id, references as ids, deleted ones too" {
	everything
	run --separate-stderr crm dump out
	[ "$status" -eq 0 ]
	stderr_is <<<"crm: dumped to out"
	run ls out
	output_is <<'EOF2'
account.csv
asset.csv
attachments
attachments.csv
campaign.csv
case.csv
contact.csv
fields.csv
interaction.csv
item.csv
lead.csv
manifest.csv
member.csv
opp.csv
product.csv
quotas.csv
quote.csv
rates.csv
rules.csv
segments.csv
settings.csv
slas.csv
stages.csv
task.csv
user.csv
EOF2
	[ "$(cat out/fields.csv)" = 'entity,name,type,choices
account,tier,choice,"gold,silver"
contact,shoe,number,' ]
	[ "$(cat out/rules.csv)" = 'entity,term,points
lead,source=web,10' ]
	[ "$(cat out/quotas.csv)" = 'owner,period,currency,amount
tester,2026-Q2,EUR,5000000' ]
	[ "$(head -1 out/rates.csv)" = 'owner,attainment,rate' ]
	[ "$(wc -l <out/rates.csv)" -eq 3 ]
	[ "$(head -1 out/settings.csv)" = 'key,value' ]
	[ "$(head -1 out/contact.csv)" = "$(crm-contact fields -o csv --no-header | cut -d, -f1 | paste -sd,),deleted" ]
	# references are ids: José's account is 2, Laura's (a converted lead) 1
	grep -q '^2,José,Pérez,,2,' out/contact.csv
	grep -q '^4,Laura,,,1,' out/contact.csv
	# a deleted record is there, with its deleted stamp last
	grep -q '^3,Françoise,Dubois,.*,2026-03-01T09:00:00Z$' out/contact.csv
	# service levels in seconds, segments by name
	[ "$(cat out/slas.csv)" = 'priority,respond,resolve
urgent,7200,86400
high,28800,259200
normal,86400,432000
low,259200,864000' ]
	[ "$(cat out/segments.csv)" = 'name,entity,filter,owner,created
vip,contact,tag=vip,tester,2026-03-01T09:00:00Z
vip-madrid,contact,segment=vip city=Madrid,tester,2026-03-01T09:00:00Z' ]
	# attachments: an index, and each file's bytes once, named by their SHA-256
	local photo
	photo=$(sha256sum photo.png | cut -d' ' -f1)
	[ "$(sha256sum offer.txt | cut -d' ' -f1)" = "$OFFER" ]
	[ "$(cat out/attachments.csv)" = "id,entity,record,name,type,size,sha256,added,who
1,contact,1,offer.txt,text/plain,13,$OFFER,2026-03-01T09:00:00Z,tester
3,contact,2,photo.png,image/png,16,$photo,2026-03-01T09:00:00Z,tester
4,account,1,offer.txt,text/plain,13,$OFFER,2026-03-01T09:00:00Z,tester" ]
	[ "$(ls out/attachments | sort)" = "$(printf '%s\n' "$OFFER" "$photo" | sort)" ]
	cmp out/attachments/"$photo" photo.png
	cmp out/attachments/"$OFFER" offer.txt
}

@test "dump into an older dump: files of attachments removed since are removed, other files stay" {
	everything
	crm dump -q out
	touch out/attachments/notes.txt
	crm attachment rm 3
	crm dump -q out
	[ "$(ls out/attachments)" = "$OFFER
notes.txt" ]
	[ "$(wc -l <out/attachments.csv)" -eq 3 ]
}

@test "dump → restore into an empty database → dump: the same bytes; the restore is one run undo takes back" {
	everything
	crm dump first
	run --separate-stderr crm restore --db new.db first
	[ "$status" -eq 0 ]
	stderr_is <<'EOF'
crm: created a new database at new.db
crm: restored 16 records from first
EOF
	crm dump --db new.db second -q
	diff -r first second
	run crm-contact list --db new.db --deleted -o ids
	output_is <<<"3"
	# what came back works: service levels, segments within segments, attachments' bytes
	[ "$(crm-case sla --db new.db | head -1)" = "urgent	2h	1d" ]
	[ "$(crm-contact list --db new.db segment=vip-madrid -o ids)" = 1 ]
	crm attachment get --db new.db 3 | cmp - photo.png
	[ "$(crm attachment list --db new.db account=1 | cut -f1,3)" = "4	offer.txt" ]
	crm undo --db new.db -q
	[ "$(crm sql --db new.db 'SELECT count(*) FROM contact')" = 0 ]
	[ "$(crm sql --db new.db 'SELECT count(*) FROM attachment')" = 0 ]
}

@test "restore: a dump made before service levels, segments and attachments were dumped still restores" {
	everything
	crm dump -q old
	rm -r old/slas.csv old/segments.csv old/attachments.csv old/attachments old/manifest.csv
	crm restore -q --db new.db old
	[ "$(crm-case sla --db new.db | head -1)" = "urgent	4h	1d" ]
	[ "$(crm sql --db new.db 'SELECT count(*) FROM segment')" = 0 ]
}

@test "restore: a segment whose filter no longer parses comes back as it was, and is said; one naming a record parses" {
	everything
	crm segment add tall contact shoe'>'44
	crm segment add acme-people contact account=Acme
	crm field rm contact shoe >/dev/null
	crm dump -q d
	run --separate-stderr crm restore -q --db new.db d
	[ "$status" -eq 0 ]
	stderr_is <<<"crm: d/segments.csv: line 3: filter: contact has no field 'shoe' (see 'crm-contact fields') (restored as it is)"
	[ "$(crm-contact list --db new.db segment=acme-people -o ids | paste -sd,)" = "1,4" ]
	crm dump -q --db new.db d2
	diff -r d d2
}

# Restores a copy of dump d changed by a command, into an empty database:
# it must fail with exit 3 and the message, writing nothing.
# reseal DIR: the manifest's checksums made those of the files as they are
# now, for tests of what restore checks beyond the manifest.
reseal() {
	local file rows sum
	{
		echo file,rows,sha256
		tail -n +2 "$1/manifest.csv" | while IFS=, read -r file rows sum; do
			echo "$file,$rows,$(sha256sum "$1/$file" | cut -d' ' -f1)"
		done
	} >"$1/manifest.new"
	mv "$1/manifest.new" "$1/manifest.csv"
}

refused() {
	local msg=$1
	shift
	rm -rf e
	cp -r d e
	"$@"
	reseal e
	empty_database
	fails_unchanged 3 "$msg" crm restore e
}

@test "restore: bad service levels, segments and attachments are refused with the line and field, writing nothing" {
	everything
	crm dump -q d
	local photo
	photo=$(sha256sum photo.png | cut -d' ' -f1)
	refused "crm: e/slas.csv: line 2: respond: not a whole number '2h'" \
		sed -i 's/^urgent,7200,/urgent,2h,/' e/slas.csv
	refused "crm: e/slas.csv: line 3: resolve: below 0 '-1'" \
		sed -i 's/^high,28800,259200/high,28800,-1/' e/slas.csv
	refused "crm: e/slas.csv: line 2: priority: 'extreme' is not one of: urgent,high,normal,low" \
		sed -i 's/^urgent,/extreme,/' e/slas.csv
	refused "crm: e/slas.csv: line 2: respond, resolve: the response time is longer than the resolution time" \
		sed -i 's/^urgent,7200,/urgent,90000,/' e/slas.csv
	refused "crm: e/slas.csv: line 3: priority: 'urgent' is there twice" \
		sed -i 's/^high,/urgent,/' e/slas.csv
	refused "crm: e/slas.csv: line 1: unknown column 'prio'" \
		sed -i 's/^priority,/prio,/' e/slas.csv
	refused "crm: e/segments.csv: line 1: no column 'filter'" \
		sed -i '1s/filter,//; s/,tag=vip,/,/; s/,segment=vip city=Madrid,/,/' e/segments.csv
	refused "crm: e/segments.csv: line 2: entity: no entity 'people' to keep segments of" \
		sed -i 's/^vip,contact/vip,people/' e/segments.csv
	refused "crm: e/segments.csv: line 3: name: segment 'VIP' is there twice" \
		sed -i 's/^vip-madrid,/VIP,/' e/segments.csv
	refused "crm: e/segments.csv: line 2: name: use letters, digits, '-', '_' and '.' 'v i p'" \
		sed -i 's/^vip,/v i p,/' e/segments.csv
	refused "crm: e/segments.csv: line 2: filter: a quote is not closed in 'tag=vip \"x'" \
		sed -i 's/^vip,contact,tag=vip/vip,contact,"tag=vip ""x"/' e/segments.csv
	refused "crm: e/segments.csv: line 2: created: invalid date and time 'someday'" \
		sed -i '2s/2026-03-01T09:00:00Z$/someday/' e/segments.csv
	refused "crm: e/attachments.csv: line 2: sha256: 'e/attachments/$OFFER' holds other bytes (their SHA-256 is f11ec9369d0595f276163aff7b698da167355d2beb406de2ef1ccacb37b2ae64)" \
		sh -c "printf 'signed offeR\n' >e/attachments/$OFFER"
	refused "crm: e/attachments.csv: line 2: size: 13, but 'e/attachments/$OFFER' holds 15 bytes" \
		sh -c "printf 'signed offer!!\n' >e/attachments/$OFFER"
	refused "crm: e/attachments.csv: line 3: sha256: cannot open 'e/attachments/$photo': No such file or directory" \
		rm e/attachments/"$photo"
	refused "crm: e/attachments.csv: line 3: id: attachment 1 is there twice" \
		sed -i 's/^3,contact,2/1,contact,2/' e/attachments.csv
	refused "crm: e/attachments.csv: line 3: entity: no entity 'people'" \
		sed -i 's/^3,contact,2/3,people,2/' e/attachments.csv
	refused "crm: e/attachments.csv: line 4: sha256: not 64 hexadecimal digits 'abc'" \
		sed -i "4s/$OFFER/abc/" e/attachments.csv
	refused "crm: e/quotas.csv: line 2: amount: not a whole number 'lots'" \
		sed -i 's/^tester,2026-Q2,EUR,5000000/tester,2026-Q2,EUR,lots/' e/quotas.csv
	refused "crm: e/quotas.csv: line 2: currency: not a currency code like EUR 'euros'" \
		sed -i 's/^tester,2026-Q2,EUR,/tester,2026-Q2,euros,/' e/quotas.csv
	refused "crm: e/stages.csv: line 2: state: not open, won or lost 'maybe'" \
		sed -i '2s/,open$/,maybe/' e/stages.csv
}

@test "restore refuses a database with records, and a dump that is not one, writing nothing" {
	everything
	crm dump d
	fails_unchanged 3 "crm: restore needs an empty database; this one has records (use --db NEW.db)" crm restore d
	empty_database
	sed -i 's/^id,/id,nonsense,/' d/product.csv
	reseal d
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
	raw_sql "UPDATE contact SET birthday = '2026-02-30' WHERE id = 1;
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

@test "restore gives back what was dumped: stamps, worked-out due times, owners; it runs no hooks" {
	everything
	crm-case add subject='Printer jams' contact=1 priority=high >/dev/null
	crm-case add subject='Old one' contact=2 priority=urgent >/dev/null
	crm-case set 2 status=closed >/dev/null
	crm dump -q first
	# months later, other service levels, someone else, and hooks that would tell
	mkdir -p "$HOME/.config/crm/hooks"
	for h in pre-add post-add post-modify; do
		printf '#!/bin/sh\necho %s >>"%s/hooks.log"\n' "$h" "$BATS_TEST_TMPDIR" >"$HOME/.config/crm/hooks/$h"
		chmod +x "$HOME/.config/crm/hooks/$h"
	done
	CRM_NOW=2026-09-15T12:00:00Z CRM_USER=someone-else crm restore -q --db new.db first
	[ ! -e "$BATS_TEST_TMPDIR/hooks.log" ]
	crm dump --db new.db -q second
	diff -r first second
}

@test "dump: files 0600 in a 0700 directory, whatever the umask; a planted symbolic link is not followed" {
	everything
	umask 000
	crm dump -q out
	[ "$(stat -c %a out)" = 700 ]
	[ "$(stat -c %a out/attachments)" = 700 ]
	[ -z "$(find out -type f ! -perm 600)" ]
	# a link planted where a file of the dump goes is replaced, its target untouched
	echo precious >target.txt
	rm out/contact.csv
	ln -s "$PWD/target.txt" out/contact.csv
	crm dump -q out
	[ "$(cat target.txt)" = precious ]
	[ ! -L out/contact.csv ]
	[ "$(stat -c %a out/contact.csv)" = 600 ]
	# nothing is left beside the dump
	[ "$(ls -a | grep -c '\.dump-')" = 0 ]
}

@test "dump into an existing dump replaces it whole; files kept in it stay; one not put in place leaves nothing" {
	everything
	crm dump -q out
	mkdir out/.git
	echo keep >out/.git/HEAD
	echo mine >out/README
	cp -r out before
	crm-contact add first_name=Nueva -q
	crm dump -q out
	[ "$(cat out/.git/HEAD)" = keep ]
	[ "$(cat out/README)" = mine ]
	[ "$(grep -c Nueva out/contact.csv)" = 1 ]
	# a dump that cannot be put in place leaves what is there, and nothing beside it
	echo text >notdir
	run --separate-stderr crm dump notdir
	[ "$status" -eq 4 ]
	stderr_is <<<"crm: cannot dump into 'notdir': not a directory"
	[ "$(cat notdir)" = text ]
	[ "$(ls -a | grep -c '\.dump-')" = 0 ]
}

@test "restore refuses a dump cut short or changed since, by its manifest, writing nothing" {
	everything
	crm dump -q d
	crm init -q --db empty.db
	cp -r d cut
	sed '$d' d/contact.csv >cut/contact.csv
	CRM_DB=empty.db fails_unchanged 3 "crm: cut/manifest.csv: line 11: rows: contact.csv holds 2 records, the manifest says '3'" crm restore cut
	head -c 330 d/contact.csv >cut/contact.csv
	CRM_DB=empty.db fails_unchanged 3 "crm: cut/manifest.csv: line 11: file: cut/contact.csv: line 2: malformed CSV (error parsing data while strict checking enabled): unterminated quoted field" crm restore cut
	cp -r d changed
	sed -i 's/Madrid/Toledo/' changed/contact.csv
	CRM_DB=empty.db fails_unchanged 3 "crm: changed/manifest.csv: line 11: sha256: contact.csv is not the file dumped (its SHA-256 is $(sha256sum changed/contact.csv | cut -d' ' -f1))" crm restore changed
	cp -r d gone
	rm gone/opp.csv
	CRM_DB=empty.db fails_unchanged 3 "crm: gone/manifest.csv: line 14: file: cannot open 'gone/opp.csv': No such file or directory" crm restore gone
	cp -r d outside
	sed -i '2s/^fields.csv,/..\/x.csv,/' outside/manifest.csv
	CRM_DB=empty.db fails_unchanged 3 "crm: outside/manifest.csv: line 2: file: not a file of a dump '../x.csv'" crm restore outside
}

@test "restore checks every value as import does: short rows, bad UTF-8, stamps, deleted, references, attachments' records" {
	everything
	crm dump -q d
	refused "crm: e/contact.csv: line 4: 31 fields, but the header has 32" \
		sed -i '4s/,[^,]*$//' e/contact.csv
	refused "crm: e/contact.csv: line 2: city: not valid UTF-8" \
		sed -i '2s/Madrid/Madr\xe9d/' e/contact.csv
	refused "crm: e/contact.csv: line 2: created: invalid date and time 'garbage'" \
		sed -i '3s/2026-03-01T09:00:00Z/garbage/' e/contact.csv
	refused "crm: e/contact.csv: line 5: deleted: invalid date and time 'bogus'" \
		sed -i '5s/,[^,]*$/,bogus/' e/contact.csv
	refused "crm: e/contact.csv: line 2: created: not in the form YYYY-MM-DDTHH:MM:SSZ 'yesterday'" \
		sed -i '3s/2026-03-01T09:00:00Z/yesterday/' e/contact.csv
	refused "crm: e/attachments.csv: line 4: record: no account 9" \
		sed -i "4s/^4,account,1,/4,account,9,/" e/attachments.csv
}

# bats test_tags=sqlite
@test "check reports what restore would refuse: values import refuses, bad deleted stamps, attachments of records gone" {
	everything
	sqlite3 "$CRM_DB" "UPDATE contact SET city = CAST(X'4d616472e964' AS TEXT) WHERE id = 1;
		UPDATE contact SET deleted = 'bogus' WHERE id = 3;
		UPDATE contact SET email = 'jose@' WHERE id = 2;
		UPDATE attachment SET record = 9 WHERE id = 4;"
	run crm check
	[ "$status" -eq 3 ]
	output_is <<'EOF2'
contact 1: city: not valid UTF-8
contact 2: email: invalid address 'jose@'
contact 3: deleted: not a UTC timestamp 'bogus'
attachment 4: record: no account 9
EOF2
	# and restore refuses a dump of it, first at what check put first for contacts
	crm dump -q d
	crm init -q --db new.db
	run --separate-stderr crm restore --db new.db d
	[ "$status" -eq 3 ]
	stderr_is <<<"crm: d/contact.csv: line 2: city: not valid UTF-8"
}

@test "restore: a record referring to a deleted one comes back, and so does its reference" {
	crm-contact add first_name=Ana -q
	crm-task add subject=Call contact=1 -q
	crm-contact rm 1 -q
	crm dump -q d
	crm init -q --db new.db
	crm restore -q --db new.db d
	crm dump -q --db new.db second
	diff -r d second
	run crm check --db new.db
	output_is <<<"ok"
}
