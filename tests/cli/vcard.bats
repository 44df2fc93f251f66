#!/usr/bin/env bats
# Contacts as vCards: export -o vcard (4.0), import --format vcard (2.1, 3.0,
# 4.0), round trips, the real address-book samples, upserts by UID, errors.

load helper
bats_require_minimum_version 1.5.0

VCARDS=${CRM_TESTDATA:-}/ez-vcard

full_contact() {
	crm-account add name='Acme Ibérica, S.L.' >/dev/null
	crm-contact add first_name='Ana María' last_name='García' title='Jefa; ventas' \
		account='Acme Ibérica, S.L.' email=ana@acme.es email2=ana.garcia@gmail.com \
		phone='+34 910 00 00 01' mobile='+34 600 12 34 56' home_phone='910 11 22 33' \
		fax='910 00 00 09' address=$'C/ Mayor, 1\n2º izq.' city=Madrid region=Madrid \
		postcode=28013 country=España birthday=1980-05-17 language=es \
		notes=$'Cliente desde 2019.\nPrefiere el correo; nunca llamar antes de las 10, por favor.' \
		tags=vip,madrid uid=urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1 >/dev/null
}

@test "export -o vcard: a vCard 4.0 with every field a card can hold, CRLF, escaped and folded" {
	full_contact
	crm-contact add first_name=Luis >/dev/null
	run crm-contact export -o vcard
	[ "$status" -eq 0 ]
	[[ "$output" == $'BEGIN:VCARD\r\nVERSION:4.0\r\n'* ]]
	# a contact without a UID gets a random one, kept on it
	luis=$(crm-contact list id=2 --fields uid)
	[[ "$luis" =~ ^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$ ]]
	output="$(printf '%s' "$output" | tr -d '\r')"
	output_is <<EOF
BEGIN:VCARD
VERSION:4.0
UID:urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1
FN:Ana María García
N:García;Ana María;;;
ORG:Acme Ibérica\, S.L.
TITLE:Jefa\; ventas
EMAIL;PREF=1:ana@acme.es
EMAIL:ana.garcia@gmail.com
TEL;TYPE=work,voice:+34 910 00 00 01
TEL;TYPE=cell:+34 600 12 34 56
TEL;TYPE=home,voice:910 11 22 33
TEL;TYPE=fax:910 00 00 09
ADR:;;C/ Mayor\, 1\n2º izq.;Madrid;Madrid;28013;España
BDAY:19800517
LANG:es
NOTE:Cliente desde 2019.\nPrefiere el correo\; nunca llamar antes de las 10
 \, por favor.
CATEGORIES:madrid,vip
END:VCARD
BEGIN:VCARD
VERSION:4.0
UID:$luis
FN:Luis
N:;Luis;;;
END:VCARD
EOF
}

@test "vCard export → import into an empty database → export: the same bytes; the account is linked" {
	full_contact
	crm-contact add first_name=Luis last_name='O'"'"'Brien' email=luis@acme.es account=1 >/dev/null
	crm-contact export -o vcard >first.vcf
	empty_database
	run --separate-stderr crm-contact import --format vcard first.vcf
	[ "$status" -eq 0 ]
	stderr_is <<<"crm-contact: 2 added, 0 updated, 0 unchanged, 0 invalid; 1 account added"
	crm-contact export -o vcard >second.vcf
	cmp first.vcf second.vcf
	luis=$(grep -a 'UID:urn:uuid:' first.vcf | grep -v 4fbe8971 | tr -d '\r')
	run crm-contact list --fields id,first_name,account,email2,home_phone,fax,uid
	output_is <<EOF
1	Ana María	Acme Ibérica, S.L.	ana.garcia@gmail.com	910 11 22 33	910 00 00 09	urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1
2	Luis	Acme Ibérica, S.L.				${luis#UID:}
EOF
}

@test "import a .vcf file by its name; again: the UID finds the contact, nothing is added twice" {
	full_contact
	crm-contact export -o vcard >book.vcf
	crm-contact set 1 title=Directora >/dev/null
	run --separate-stderr crm-contact import book.vcf
	[ "$status" -eq 0 ]
	stderr_is <<<"crm-contact: 0 added, 1 updated, 0 unchanged, 0 invalid"
	run crm-contact list --fields title
	output_is <<<"Jefa; ventas"
	run --separate-stderr crm-contact import book.vcf
	stderr_is <<<"crm-contact: 0 added, 0 updated, 1 unchanged, 0 invalid"
}

@test "import --format vcard --key email: a card without UID updates the contact of that address" {
	crm-contact add first_name=Ana email=ana@acme.es >/dev/null
	printf 'BEGIN:VCARD\r\nVERSION:3.0\r\nN:García;Ana;;;\r\nEMAIL:ANA@acme.es\r\nTEL;TYPE=CELL:600 11 22 33\r\nEND:VCARD\r\n' >a.vcf
	run --separate-stderr crm-contact import --format vcard --key email a.vcf
	[ "$status" -eq 0 ]
	stderr_is <<<"crm-contact: 0 added, 1 updated, 0 unchanged, 0 invalid"
	run crm-contact list --fields first_name,last_name,email,mobile
	output_is <<<"Ana	García	ana@acme.es	600 11 22 33"
	fails_unchanged 2 "crm-contact: --key with vCard: a unique field (email, uid), not 'city'
usage: crm-contact import [OPTIONS] [FILE|-]" crm-contact import --format vcard --key city a.vcf
}

@test "vCard 3.0 from Gmail: names, e-mail, phones by type, address, organisation, title, birthday, notes" {
	need_testdata
	run --separate-stderr crm-contact import "$VCARDS/John_Doe_GMAIL.vcf"
	[ "$status" -eq 0 ]
	stderr_is <<'EOF'
crm-contact: line 4: N: not kept (prefix or suffix 'Mr. Sr.': no field for it)
crm-contact: line 15: URL: not kept (contacts have no field for it)
crm-contact: 1 added, 0 updated, 0 unchanged, 0 invalid; 1 account added
EOF
	run crm-contact list --fields first_name,last_name,account,title,email,mobile,home_phone,address,birthday
	output_is <<'EOF'
John Richter James	Doe	IBM	Money Counter	john.doe@ibm.com	905-555-1234	905-666-1234	Crescent moon drive\n555-asd\nNice Area, Albaney, New York 12345\nUnited States of America	1980-03-22
EOF
	run crm sql "SELECT notes FROM contact" -o tsv
	[[ "$output" == *'CONTRIBUTORS "AS IS" AND'*'DAMAGE.\nFavotire Color: Blue' ]]
}

@test "vCard 2.1: quoted-printable UTF-8 across soft line breaks, bare TYPE parameters, categories as tags" {
	need_testdata
	run --separate-stderr crm-contact import -q --skip-invalid "$VCARDS/John_Doe_ANDROID.vcf"
	[ "$status" -eq 0 ]
	run crm-contact list --sort id --fields id,first_name,last_name,email,mobile,home_phone,tags
	output_is <<'EOF'
1			john.doe@company.com			My Contacts
2			jane.doe@company.com			My Contacts
3		Ñ Ñ Ñ Ñ		123456789		My Contacts
4		Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ		123456	234567	My Contacts
EOF
}

@test "the ez-vcard samples: every file imports, or is rejected line by line with the reason" {
	need_testdata
	local f total=0
	for f in "$VCARDS"/*.vcf; do
		empty_database
		case ${f##*/} in
		John_Doe_ANDROID.vcf)
			run --separate-stderr crm-contact import -q "$f"
			[ "$status" -eq 3 ]
			stderr_is <<'EOF'
crm-contact: line 44: email2: invalid address 'ÑÑÑÑÑÑÑÑÑÑÑÑÑÑ'
crm-contact: line 82: ORG: not valid UTF-8
crm-contact: nothing imported: 2 invalid vCards; fix them, or use --skip-invalid
EOF
			[ "$(crm sql 'SELECT count(*) FROM contact')" = 0 ]
			run crm-contact import -q --skip-invalid --rejects rejects.csv "$f"
			[ "$status" -eq 0 ]
			[ "$(cat rejects.csv)" = 'line,reason
36,line 44: email2: invalid address '"'ÑÑÑÑÑÑÑÑÑÑÑÑÑÑ'"'
71,line 82: ORG: not valid UTF-8' ]
			;;
		outlook-2003.vcf)
			run --separate-stderr crm-contact import -q "$f"
			[ "$status" -eq 3 ]
			stderr_is <<'EOF'
crm-contact: line 10: phone: invalid phone number 'BusinessPhone'; line 12: mobile: invalid phone number 'MobilePhone'; line 11: home_phone: invalid phone number 'HomePhone'; line 13: fax: invalid phone number 'BusinessFaxPhone'
crm-contact: nothing imported: 1 invalid vCard; fix it, or use --skip-invalid
EOF
			continue
			;;
		*)
			run crm-contact import -q "$f"
			[ "$status" -eq 0 ] || { echo "$f: $output" >&2; return 1; }
			;;
		esac
		total=$((total + $(crm sql 'SELECT count(*) FROM contact')))
		# what was imported exports and imports back to the same bytes
		crm-contact export -o vcard >one.vcf
		empty_database
		crm-contact import -q one.vcf
		crm-contact export -o vcard | cmp - one.vcf
	done
	# 26 cards: two of Android's and Outlook 2003's one are invalid
	[ "$total" -eq 23 ]
}

@test "vCard 4.0 oddities: tel: URIs with extensions, a day without year, LANG, an unquoted ':' in a parameter" {
	need_testdata
	run --separate-stderr crm-contact import "$VCARDS/rfc6350-example.vcf"
	[ "$status" -eq 0 ]
	[[ "$stderr" == *"line 5: BDAY: not kept ('--0203' has no year)"* ]]
	run crm-contact list --fields phone,mobile,language,birthday
	output_is <<<"+1-418-656-9254 x102	+1-418-262-6501	fr	"
	run crm-contact import -q "$VCARDS/issue114.vcf"
	run crm-contact list --fields address,city,postcode,country,uid uid~8b574c60
	output_is <<<"Dummy-Dummy-Strasse 1, BHG01:	Bad Homburg	61352	Germany	8b574c60-fd7f-4e99-b584-c5db131ae687"
}

@test "import --format vcard: a bad card writes nothing; malformed input is an error; undo removes an import" {
	crm-contact add first_name=Eva email=eva@x.es >/dev/null
	printf 'BEGIN:VCARD\nVERSION:4.0\nFN:A\nEND:VCARD\nBEGIN:VCARD\nVERSION:4.0\nFN:B\nEMAIL:b@\nEND:VCARD\n' >bad.vcf
	fails_unchanged 3 "crm-contact: line 8: email: invalid address 'b@'
crm-contact: nothing imported: 1 invalid vCard; fix it, or use --skip-invalid" crm-contact import -q bad.vcf
	printf 'BEGIN:VCARD\nVERSION:4.0\nFN:A\n' >cut.vcf
	fails_unchanged 3 "crm-contact: line 1: the vCard begun here never ends (no END:VCARD)" crm-contact import -q cut.vcf
	printf 'BEGIN:VCARD\nVERSION:4.0\nEMAIL:EVA@x.es\nEND:VCARD\n' >dup.vcf
	fails_unchanged 3 "crm-contact: line 3: email: 'EVA@x.es' already belongs to contact 1
crm-contact: nothing imported: 1 invalid vCard; fix it, or use --skip-invalid" crm-contact import -q dup.vcf
	printf 'BEGIN:VCARD\nVERSION:4.0\nEND:VCARD\n' >empty.vcf
	fails_unchanged 3 "crm-contact: line 1: an empty vCard: no name, e-mail, phone or organisation
crm-contact: nothing imported: 1 invalid vCard; fix it, or use --skip-invalid" crm-contact import -q empty.vcf
	fails_unchanged 2 "crm-contact: import reads csv, vcard
usage: crm-contact import [OPTIONS] [FILE|-]" crm-contact import --format json bad.vcf
	local before
	before="$(data_dump)"
	printf 'BEGIN:VCARD\nVERSION:3.0\nFN:Ana Ruiz\nORG:Nueva SA\nEND:VCARD\n' | crm-contact import -q --format vcard -
	[ "$(crm-contact list --fields first_name,last_name,account last_name=Ruiz)" = "Ana	Ruiz	Nueva SA" ]
	crm undo -q
	[ "$(data_dump)" = "$before" ]
}

@test "export -o vcard takes filters; -o vcard is for contacts only" {
	full_contact
	crm-contact add first_name=Luis city=Bilbao >/dev/null
	run crm-contact export -o vcard city=Bilbao
	[ "$(grep -c BEGIN:VCARD <<<"$output")" -eq 1 ]
	[[ "$output" == *"FN:Luis"* ]]
	run --separate-stderr crm-account export -o vcard
	[ "$status" -eq 2 ]
}

# khard reads a vdir: one .vcf per card, and a card without a UID is left out.
khard_lists_export() {
	mkdir -p book "$XDG_CONFIG_HOME/khard"
	crm-contact export -o vcard | awk '/^BEGIN:VCARD/ { f = sprintf("book/%03d.vcf", ++n) } { print > f }'
	cat >"$XDG_CONFIG_HOME/khard/khard.conf" <<EOF
[addressbooks]
[[crm]]
path = $PWD/book
[general]
default_action = list
editor = false
merge_editor = false
[contact table]
display = first_name
sort = last_name
[vcard]
preferred_version = 4.0
skip_unparsable = no
EOF
	khard list --parsable
}

@test "every exported card has a UID kept on its contact: khard lists them all, the next export gives the same" {
	command -v khard >/dev/null || skip "khard not installed (make deps installs it)"
	need_testdata
	local f
	for f in "$VCARDS"/*.vcf; do
		crm-contact import -q --skip-invalid --format vcard "$f"
	done
	crm-contact add first_name=Eva last_name=Ruiz email=eva@example.com >/dev/null
	full_contact
	run --separate-stderr khard_lists_export
	[ "$status" -eq 0 ]
	stderr_is </dev/null
	# khard's UIDs are the contacts' UIDs, one each
	[ "$(cut -f1 <<<"$output" | sort)" = "$(crm-contact list --fields uid | sort)" ]
	[ "${#lines[@]}" -eq "$(crm-contact list -o ids | wc -l)" ]
	[ "${#lines[@]}" -eq 21 ]
	[ "$(crm-contact list uid= -o ids)" = "" ]
	crm-contact export -o vcard >first.vcf
	crm-contact export -o vcard >second.vcf
	cmp first.vcf second.vcf
}

@test "TYPE labels of e-mails and the address survive export → import into an empty database → export" {
	printf 'BEGIN:VCARD\r\nVERSION:3.0\r\nN:Ruiz;Eva;;;\r\nEMAIL;TYPE=INTERNET,HOME:eva@casa.es\r\nEMAIL;TYPE=INTERNET;TYPE=WORK;TYPE=PREF:eva@acme.es\r\nTEL;TYPE=WORK:910 00 00 01\r\nTEL;TYPE=HOME:910 00 00 02\r\nADR;TYPE=HOME:;;Calle 1;Madrid;;28001;España\r\nUID:eva-1\r\nEND:VCARD\r\n' >eva.vcf
	crm-contact import -q eva.vcf
	crm-contact export -o vcard >first.vcf
	output="$(tr -d '\r' <first.vcf)"
	output_is <<'EOF'
BEGIN:VCARD
VERSION:4.0
UID:eva-1
FN:Eva Ruiz
N:Ruiz;Eva;;;
EMAIL;TYPE=work;PREF=1:eva@acme.es
EMAIL;TYPE=home:eva@casa.es
TEL;TYPE=work,voice:910 00 00 01
TEL;TYPE=home,voice:910 00 00 02
ADR;TYPE=home:;;Calle 1;Madrid;;28001;España
END:VCARD
EOF
	empty_database
	crm-contact import -q first.vcf
	run crm-contact list --fields email,email_is,email2,email2_is,phone,home_phone,address,address_is
	output_is <<<"eva@acme.es	work	eva@casa.es	home	910 00 00 01	910 00 00 02	Calle 1	home"
	crm-contact export -o vcard >second.vcf
	cmp first.vcf second.vcf
}
