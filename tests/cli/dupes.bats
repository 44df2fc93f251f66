#!/usr/bin/env bats
# Duplicates: dupes (pairs, score, reasons), merge KEEP DROP... (references
# follow, empty fields filled, undo), import --dedupe.

load helper
bats_require_minimum_version 1.5.0

people() {
	crm-account add name=Acme website=https://www.acme.es >/dev/null
	crm-account add name='ACME S.L.' website=http://acme.es/contacto city=Madrid >/dev/null
	crm-account add name=Acmé >/dev/null
	crm-account add name=Zeta >/dev/null
	crm-contact add first_name=Ana last_name=García email=ana@acme.es account=1 \
		'phone=+34 600 12 34 56' tags=vip >/dev/null
	crm-contact add first_name=ANA last_name=garcia account=1 mobile=0034600123456 \
		city=Madrid title=Jefa tags=madrid >/dev/null
	crm-contact add first_name=Anna last_name=Garcia email2=ana@acme.es >/dev/null
	crm-contact add first_name=Luis last_name=Pérez email=luis@zeta.es account=Zeta >/dev/null
	crm-contact add first_name=Bartholomew last_name=Richardson >/dev/null
	crm-contact add first_name=Bartholomew last_name=Richardsen >/dev/null
}

@test "contact dupes: pairs with a score and the reasons, best first, tsv; a filter narrows them" {
	people
	# a name alone scores under the default 50: printed with --min-score only
	run crm-contact dupes --min-score 1
	[ "$status" -eq 0 ]
	output_is <<'EOF'
1	2	90	same phone, same name at the same account	Ana García	ANA garcia
1	3	85	same email, similar name (1 edit)	Ana García	Anna Garcia
2	3	25	similar name (1 edit)	ANA garcia	Anna Garcia
5	6	25	similar name (1 edit)	Bartholomew Richardson	Bartholomew Richardsen
EOF
	run crm-contact dupes
	[ "$status" -eq 0 ]
	output_is <<'EOF'
1	2	90	same phone, same name at the same account	Ana García	ANA garcia
1	3	85	same email, similar name (1 edit)	Ana García	Anna Garcia
EOF
	run crm-contact dupes --min-score 90
	output_is <<<"1	2	90	same phone, same name at the same account	Ana García	ANA garcia"
	run crm-contact dupes --min-score 91
	[ "$status" -eq 1 ]
	[ "$output" = "" ]
	run crm-contact dupes --header -o csv account=1
	output_is <<'EOF'
keep,drop,score,reasons,keep_name,drop_name
1,2,90,"same phone, same name at the same account",Ana García,ANA garcia
EOF
	run crm-contact dupes --limit 1 -o ids
	output_is <<<"1"
	run crm-contact dupes last_name=Pérez
	[ "$status" -eq 1 ]
	[ "$output" = "" ]
}

@test "account dupes: the same web domain, the same name ignoring case, accents and punctuation" {
	people
	# an organisation's name is rarely another's: the same name is enough,
	# with or without a legal form (S.L.)
	run crm-account dupes
	output_is <<'EOF'
1	2	90	same web domain, same name	Acme	ACME S.L.
1	3	50	same name	Acme	Acmé
2	3	50	same name	ACME S.L.	Acmé
EOF
}

@test "contact dupes: Gmail's dots, googlemail.com and a +tag reach one mailbox; an address in capitals is the same; swapped names at one account" {
	crm-account add name=Acme >/dev/null
	crm-contact add first_name=Ana last_name=García email=ana.garcia@gmail.com >/dev/null
	crm-contact add first_name=Ana last_name=Garcia email=anagarcia+crm@googlemail.com >/dev/null
	crm-contact add first_name=Luis last_name=Pérez account=Acme >/dev/null
	crm-contact add first_name=Pérez last_name=Luis account=Acme >/dev/null
	crm-contact add first_name=Eva last_name=Ruiz email=eva@ruiz.es >/dev/null
	crm-contact add first_name=Eva last_name=Ruiz email2=EVA@RUIZ.ES >/dev/null
	run crm-contact dupes
	[ "$status" -eq 0 ]
	output_is <<'EOF'
1	2	95	same mailbox, same name	Ana García	Ana Garcia
5	6	95	same email, same name	Eva Ruiz	Eva Ruiz
3	4	50	same name in another order at the same account	Luis Pérez	Pérez Luis
EOF
}

@test "contact dupes: two neighbouring letters swapped are one slip" {
	crm-contact add first_name=Jonh last_name=Smith 'phone=600 111 222' >/dev/null
	crm-contact add first_name=John last_name=Smith 'mobile=+34 600 111 222' >/dev/null
	run crm-contact dupes
	[ "$status" -eq 0 ]
	output_is <<<"1	2	65	same phone, similar name (1 edit)	Jonh Smith	John Smith"
}

@test "account dupes: a legal form left out, & for and, any dash are one name; two legal forms, or two web sites, are two companies" {
	crm-account add name=Mosley-David >/dev/null
	crm-account add 'name=Mosley–David Ltd' >/dev/null
	crm-account add 'name=Horn, Shepard and Watson' >/dev/null
	crm-account add 'name=Horn, Shepard & Watson Inc.' >/dev/null
	crm-account add 'name=Downs PLC' >/dev/null
	crm-account add 'name=Downs LLC' >/dev/null
	crm-account add 'name=Pearson PLC' website=https://pearson.example >/dev/null
	crm-account add 'name=Pearson PLC' website=https://pearson-plc.example >/dev/null
	crm-account add 'name=Morton Ltd' >/dev/null
	crm-account add 'name=Horton Ltd' >/dev/null
	run crm-account dupes
	output_is <<'EOF'
1	2	50	same name	Mosley-David	Mosley–David Ltd
3	4	50	same name	Horn, Shepard and Watson	Horn, Shepard & Watson Inc.
EOF
	run crm-account dupes --min-score 1
	output_is <<'EOF'
1	2	50	same name	Mosley-David	Mosley–David Ltd
3	4	50	same name	Horn, Shepard and Watson	Horn, Shepard & Watson Inc.
7	8	25	same name	Pearson PLC	Pearson PLC
9	10	25	similar name (1 edit)	Morton Ltd	Horton Ltd
EOF
}

@test "dupes --min-score takes a score from 1 to 100" {
	people
	local usage="usage: crm-contact dupes [OPTIONS] [FILTER...]"
	fails_unchanged 2 "crm-contact: --min-score: not a score from 1 to 100 '0'
$usage" crm-contact dupes --min-score 0
	fails_unchanged 2 "crm-contact: --min-score: not a score from 1 to 100 '101'
$usage" crm-contact dupes --min-score 101
	fails_unchanged 2 "crm-contact: --min-score: not a score from 1 to 100 'high'
$usage" crm-contact dupes --min-score high
	fails_unchanged 2 "crm-contact: option --min-score does not apply to 'list'
usage: crm-contact list [OPTIONS] [FILTER...]" crm-contact list --min-score 50
	run crm-contact dupes --min-score 100
	[ "$status" -eq 1 ]
}

# Prints "pairs P, planted T, found F, precision x, recall y" for the pairs
# dupes prints (file $1) against the planted ones (file $2: keep, drop, how),
# and fails unless precision >= 0.95 and recall >= 0.9.
precision_recall() {
	awk -F'\t' '
		FNR == NR { if ($0 !~ /^#/) { planted[$1 " " $2] = 1; t++ }; next }
		{ n++; if (($1 " " $2) in planted) f++; else print "not planted: " $0 }
		END {
			printf "pairs %d, planted %d, found %d, precision %.3f, recall %.3f\n", n, t, f, n ? f / n : 0, t ? f / t : 0
			exit !(n && f * 100 >= 95 * n && f * 10 >= 9 * t)
		}' "$2" "$1"
}

@test "contact dupes on 200 customers with 16 planted duplicates and 8 look-alikes: precision >= 0.95, recall >= 0.9" {
	crm-contact import -q --create-refs "$FIXTURES/dupes-contacts.csv"
	[ "$(crm-contact list -o ids | wc -l)" -eq 224 ]
	crm-contact dupes >pairs.tsv
	run precision_recall pairs.tsv "$FIXTURES/dupes-contacts.pairs"
	echo "contacts: $output" >&3
	[ "$status" -eq 0 ]
}

@test "account dupes on 199 companies with 12 planted duplicates and 7 look-alikes: precision >= 0.95, recall >= 0.9" {
	crm-account import -q "$FIXTURES/dupes-accounts.csv"
	[ "$(crm-account list -o ids | wc -l)" -eq 218 ]
	crm-account dupes >pairs.tsv
	run precision_recall pairs.tsv "$FIXTURES/dupes-accounts.pairs"
	echo "accounts: $output" >&3
	[ "$status" -eq 0 ]
}

@test "merge: tasks, interactions, opportunities, leads and tags follow; empty fields are filled; the dropped is deleted" {
	people
	crm-task add subject='Call back' contact=2 >/dev/null
	crm-log add contact=3 subject='Asked for prices' >/dev/null
	crm-opp add name=Deal account=1 contact=2 >/dev/null
	crm-lead add first_name=Ana company=Acme >/dev/null
	crm-lead set 1 contact=3 >/dev/null
	run --separate-stderr crm-contact merge 1 2 3
	[ "$status" -eq 0 ]
	stderr_is <<<"crm-contact: merged 2 contacts: 4 references moved, 4 fields filled"
	# ana@acme.es is kept once, not copied into email2; Anna, a spelling the kept
	# record has not, goes to its notes
	run crm-contact list --fields id,first_name,title,email,email2,mobile,city,tags id=1,2,3
	output_is <<<"1	Ana	Jefa	ana@acme.es		0034600123456	Madrid	madrid,vip"
	[ "$(crm-contact list -o json --fields notes id=1 | jq -r '.[0].notes')" = $'Merged from contact 3:\nfirst_name: Anna' ]
	run crm-contact list --deleted -o ids
	output_is <<<$'2\n3'
	[ "$(crm-task list --fields contact)" = "Ana García" ]
	[ "$(crm-log list --fields contact)" = "Ana García" ]
	[ "$(crm sql 'SELECT contact FROM opp')" = 1 ]
	[ "$(crm sql 'SELECT contact FROM lead')" = 1 ]
	run crm-contact history 1
	[[ "$output" == *"set	title		Jefa"* ]]
}

@test "merge: a unique e-mail moves from the dropped to the kept; crm undo reverses the whole merge" {
	people
	crm-task add subject='Call back' contact=4 >/dev/null
	crm-contact add first_name=Luisa email=luisa@zeta.es >/dev/null
	local before
	before="$(data_dump)"
	crm-contact merge -q 5 4
	[ "$(crm-contact list --fields email id=5)" = "luis@zeta.es" ]
	[ "$(crm sql 'SELECT email FROM contact WHERE id = 4')" = "" ]
	[ "$(crm-task list --fields contact)" = "Bartholomew Richardson" ]
	run crm undo
	[ "$status" -eq 0 ]
	[ "$(data_dump)" = "$before" ]
}

@test "merge: bad requests are refused and change nothing" {
	people
	crm-contact rm 6 >/dev/null
	fails_unchanged 2 "crm-contact: contact 1 cannot be merged into itself
usage: crm-contact merge [OPTIONS] KEEP DROP...|-" crm-contact merge 1 1
	fails_unchanged 2 "crm-contact: name the record to keep and at least one to merge into it
usage: crm-contact merge [OPTIONS] KEEP DROP...|-" crm-contact merge 1
	fails_unchanged 1 "crm-contact: no contact 99" crm-contact merge 1 99
	fails_unchanged 3 "crm-contact: contact 6 is deleted (restore it first)" crm-contact merge 5 6
	fails_unchanged 2 "crm-contact: not a record id 'ana'
usage: crm-contact merge [OPTIONS] KEEP DROP...|-" crm-contact merge 1 ana
}

@test "dupes | merge -: reviewed pairs straight into merge, chains kept together; --dry-run writes nothing" {
	people
	local before
	before="$(data_dump)"
	run --separate-stderr sh -c 'crm-contact dupes | crm-contact merge --dry-run -'
	[ "$status" -eq 0 ]
	[ "$(data_dump)" = "$before" ]
	[[ "$output" == *"rm contact 2: ANA garcia"* ]]
	crm-contact dupes --header | crm-contact merge -q -
	# Bartholomew Richardson and Richardsen, only alike in name, are left apart
	run crm-contact list -o ids --sort id
	output_is <<<$'1\n4\n5\n6'
}

@test "crm-account merge: the contacts and opportunities of the dropped account move" {
	people
	crm-contact add first_name=Eva account=2 >/dev/null
	crm-opp add name=Big account=2 >/dev/null
	crm-account merge -q 1 2
	[ "$(crm-contact list --fields account first_name=Eva)" = "Acme" ]
	[ "$(crm sql 'SELECT account FROM opp')" = 1 ]
	[ "$(crm-account list --fields city id=1)" = "Madrid" ]
}

@test "crm-account merge: a lead's partner moves to the kept account, a partner once its type is filled" {
	crm-account add name=Distrib >/dev/null
	crm-account add name='Distrib SL' type=partner >/dev/null
	crm-account add name=Zeta type=customer >/dev/null
	crm-lead add first_name=Rosa company=NewCo partner='Distrib SL' >/dev/null
	crm-account merge -q 1 2
	[ "$(crm-lead list --fields partner)" = Distrib ]
	[ "$(crm-account list --fields type id=1)" = partner ]
	# a kept account that is not a partner cannot take one's deals as partner
	crm-lead set -q 1 partner=Distrib
	fails_unchanged 3 "crm-account: lead 1: partner: 'Zeta' is not a partner account (its type is customer)" \
		crm-account merge 3 1
}

@test "merge: the dropped records' attachments go to the kept one; crm undo gives them back" {
	people
	printf 'signed\n' >offer.pdf
	printf 'photo\n' >damage.jpg
	crm attach -q contact=2 offer.pdf
	crm attach -q contact=3 damage.jpg
	crm attach -q contact=4 offer.pdf
	local before
	before="$(data_dump)"
	run --separate-stderr crm-contact merge --dry-run 1 2 3
	[ "$status" -eq 0 ]
	[[ "$output" == *"reattach contact 1: offer.pdf (from contact 2)"* ]]
	[[ "$output" == *"reattach contact 1: damage.jpg (from contact 3)"* ]]
	[ "$(data_dump)" = "$before" ]
	run --separate-stderr crm-contact merge 1 2 3
	stderr_is <<<"crm-contact: merged 2 contacts: 0 references moved, 4 fields filled, 2 attachments moved"
	run sh -c 'crm attachment list contact=1 | cut -f1-3'
	output_is <<'EOF'
1	contact=1	offer.pdf
2	contact=1	damage.jpg
EOF
	[ "$(crm attachment get 2)" = photo ]
	[ "$(crm attachment list contact=4 -o tsv | cut -f1)" = 3 ]
	run crm-contact history 1
	[[ "$output" == *$'reattach\toffer.pdf\t2\t1'* ]]
	[[ "$output" == *$'reattach\tdamage.jpg\t3\t2'* ]]
	run --separate-stderr crm undo
	[ "$status" -eq 0 ]
	[ "$(data_dump)" = "$before" ]
	run sh -c 'crm attachment list contact=3 | cut -f1-3'
	output_is <<<$'2\tcontact=3\tdamage.jpg'
}

@test "merge: each record whose reference moves, and the kept one, fire pre- and post-modify; a veto stops the whole merge" {
	people
	crm-task add subject='Call back' contact=2 >/dev/null
	crm-opp add name=Deal account=1 contact=3 >/dev/null
	mkdir -p "$HOME/.config/crm/hooks"
	cat >"$HOME/.config/crm/hooks/post-modify" <<'EOF'
#!/bin/sh
# which record, and which of its fields changed
jq -c '.old as $o | [.entity, .id, ([.new | to_entries[] | select(.value != $o[.key]) | .key] - ["updated"])]' >>"$HOME/modified"
EOF
	cat >"$HOME/.config/crm/hooks/pre-modify" <<'EOF'
#!/bin/sh
jq -e '.entity != "opp" or .new.contact != "Ana García"' >/dev/null || {
	echo "the deal stays with its buyer" >&2
	exit 1
}
EOF
	chmod +x "$HOME/.config/crm/hooks/"*
	fails_unchanged 3 "crm-contact: opp 1: pre-modify hook refused: the deal stays with its buyer" \
		crm-contact merge 1 2 3
	[ ! -e "$HOME/modified" ]
	rm "$HOME/.config/crm/hooks/pre-modify"
	crm-contact merge -q 1 2 3
	run cat "$HOME/modified"
	output_is <<'EOF'
["task",1,["contact"]]
["contact",1,["title","mobile","city","tags"]]
["opp",1,["contact"]]
["contact",1,["notes"]]
EOF
}

@test "merge keeps every distinct value: a second address to email2, the rest and the notes to the notes" {
	crm-contact add first_name=Ana last_name=Ruiz email=ana@acme.es title=CEO 'notes=Met at the fair' >/dev/null
	crm-contact add first_name=Ana last_name=Ruiz email=ana.ruiz@gmail.com email2=ANA@ACME.ES \
		title=Founder 'notes=Prefers calls' >/dev/null
	crm-contact add first_name=Ana last_name=Ruiz email=aruiz@old.es >/dev/null
	crm-contact merge -q 1 2 3
	run crm-contact list -o json --fields email,email2,title,notes id=1
	[ "$(jq -r '.[0].email' <<<"$output")" = ana@acme.es ]
	[ "$(jq -r '.[0].email2' <<<"$output")" = ana.ruiz@gmail.com ]
	[ "$(jq -r '.[0].title' <<<"$output")" = CEO ]
	[ "$(jq -r '.[0].notes' <<<"$output")" = "Met at the fair

Merged from contact 2:
title: Founder
Prefers calls

Merged from contact 3:
email: aruiz@old.es" ]
	# the address that moved to email2 left the deleted record: it is unique
	[ "$(crm sql 'SELECT coalesce(email, '"'-'"') FROM contact WHERE id > 1 ORDER BY id' | tr '\n' ' ')" = "- aruiz@old.es " ]
	crm undo -q
	[ "$(crm-contact list -o tsv --fields email,email2,notes id=1)" = "ana@acme.es		Met at the fair" ]
	[ "$(crm-contact list -o tsv --fields email id=2)" = ana.ruiz@gmail.com ]
}

@test "import --dedupe: rows that look like existing contacts are reported, and still added" {
	people
	printf 'first_name,last_name,email,phone,account\nana,GARCÍA,,600 123 456,1\nEva,Ruiz,eva@x.es,,\n' >new.csv
	run --separate-stderr crm-contact import --dedupe new.csv
	[ "$status" -eq 0 ]
	stderr_is <<'EOF'
crm-contact: line 2: looks like contact 1 'Ana García' (same phone, same name at the same account, score 90); added as contact 7
crm-contact: line 2: looks like contact 2 'ANA garcia' (same phone, same name at the same account, score 90); added as contact 7
crm-contact: line 2: looks like contact 3 'Anna Garcia' (similar name (1 edit), score 25); added as contact 7
crm-contact: 1 added record looks like existing ones, 0 like an earlier row
crm-contact: 2 added, 0 updated, 0 unchanged, 0 invalid
EOF
	printf 'BEGIN:VCARD\nVERSION:4.0\nN:Pérez;Luis;;;\nORG:Zeta\nEND:VCARD\n' >luis.vcf
	run --separate-stderr crm-contact import --dedupe luis.vcf
	[[ "$stderr" == *"line 1: looks like contact 4 'Luis Pérez' (same name at the same account, score 50); added as contact 9"* ]]
}

@test "import --dedupe: rows that look like each other are reported with both lines, by line, and still added" {
	crm-contact add first_name=Luis last_name=Pérez email=luis@zeta.es >/dev/null
	cat >new.csv <<'EOF'
first_name,last_name,email,phone
Ana,García,ana@acme.es,+34 600 12 34 56
Eva,Ruiz,eva@x.es,
ANA,GARCIA,,
Luis,Perez,,
Pedro,Sanz,,0034-600-123-456
Marta,Gil,marta@gil.es,
EOF
	run --separate-stderr crm-contact import --dedupe new.csv
	[ "$status" -eq 0 ]
	stderr_is <<'EOF'
crm-contact: line 4: looks like line 2, contact 2 'Ana García' (same name, score 35); added as contact 4
crm-contact: line 5: looks like contact 1 'Luis Pérez' (same name, score 35); added as contact 5
crm-contact: line 6: looks like line 2, contact 2 'Ana García' (same phone, score 40); added as contact 6
crm-contact: 1 added record looks like existing ones, 2 like an earlier row
crm-contact: 6 added, 0 updated, 0 unchanged, 0 invalid
EOF
	# accounts: the same e-mail twice in one file (unique for contacts, not for accounts)
	printf 'name,email\nAcme,info@acme.es\nZeta,z@zeta.es\nACME Ibérica,INFO@acme.es\n' >acc.csv
	run --separate-stderr crm-account import --dedupe acc.csv
	[ "$status" -eq 0 ]
	stderr_is <<'EOF'
crm-account: line 4: looks like line 2, account 1 'Acme' (same email, score 60); added as account 3
crm-account: 0 added records look like existing ones, 1 like an earlier row
crm-account: 3 added, 0 updated, 0 unchanged, 0 invalid
EOF
	# a row that updates a record through --key is not a new row
	printf 'name,email,city\nAcme,info@acme.es,Madrid\nNueva,info@acme.es,\n' >upd.csv
	run --separate-stderr crm-account import --dedupe --key name upd.csv
	stderr_is <<'EOF'
crm-account: line 3: looks like account 1 'Acme' (same email, score 60); added as account 4
crm-account: line 3: looks like account 3 'ACME Ibérica' (same email, score 60); added as account 4
crm-account: 1 added record looks like existing ones, 0 like an earlier row
crm-account: 1 added, 1 updated, 0 unchanged, 0 invalid
EOF
	# without --dedupe nothing is compared
	run --separate-stderr crm-account import acc.csv
	stderr_is <<<"crm-account: 3 added, 0 updated, 0 unchanged, 0 invalid"
}

@test "[heavy] dupes on 10,000 customers: blocked, not all pairs; a second of work at most" {
	need_testdata
	crm-contact import -q --create-refs "$CRM_TESTDATA/datablist-sample-csv/customers-10000.csv"
	local start end
	start=$(date +%s%N)
	crm-contact dupes --min-score 1 >pairs.tsv
	end=$(date +%s%N)
	echo "dupes: $(((end - start) / 1000000)) ms, $(wc -l <pairs.tsv) pairs" >&3
	[ $(((end - start) / 1000000)) -lt 5000 ]
	# the file's names repeat: every pair shares a name or nearly
	[ "$(wc -l <pairs.tsv)" -gt 100 ]
	! grep -v -e 'same name' -e 'similar name' pairs.tsv || false
	# and nothing else: they are different people, none of them is printed by default
	run crm-contact dupes
	[ "$status" -eq 1 ]
	[ "$output" = "" ]
	# nor any of their companies, alike in name only
	[ "$(crm-account dupes --min-score 1 | wc -l)" -gt 100 ]
	run crm-account dupes
	[ "$status" -eq 1 ]
	[ "$output" = "" ]
}

@test "[heavy] import --dedupe of 10,000 customers: the rows compared with each other as dupes pairs them, in seconds" {
	need_testdata
	local start end
	start=$(date +%s%N)
	run --separate-stderr crm-contact import --create-refs --dedupe \
		"$CRM_TESTDATA/datablist-sample-csv/customers-10000.csv"
	end=$(date +%s%N)
	[ "$status" -eq 0 ]
	echo "import --dedupe: $(((end - start) / 1000000)) ms" >&3
	[ $(((end - start) / 1000000)) -lt 10000 ]
	[[ "$stderr" == *"crm-contact: 0 added records look like existing ones, 319 like an earlier row"* ]]
	# every record is new: each pair dupes finds now, whatever its score, is a pair of rows of the file
	[ "$(grep -c ': looks like line ' <<<"$stderr")" -eq "$(crm-contact dupes --min-score 1 | wc -l)" ]
	[ "$(crm-contact dupes --min-score 1 | wc -l)" -eq 326 ]
}
