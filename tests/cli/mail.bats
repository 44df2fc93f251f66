#!/usr/bin/env bats
# crm mail: e-mail on the records of the people it names, cases by e-mail,
# a Maildir for cron.  The messages are tests/data/mail (README.md there
# says what each holds), written as Thunderbird, Gmail, Outlook, mutt,
# Apple Mail, aerc and a mailer daemon write them.

load helper
bats_require_minimum_version 1.5.0

MAIL="$CRM_TOP/tests/data/mail"

# Our addresses, Luis (a contact at Reformas), Françoise (a contact) and Jürgen (a lead).
mail_seed() {
	crm config set mail.self ana@example.com,ventas@example.com
	crm config set mail.support soporte@example.com
	crm-account add name=Reformas >/dev/null
	crm-contact add first_name=Luis last_name=Pérez email=luis.perez@cliente.example.es \
		account=Reformas >/dev/null
	crm-contact add first_name=Françoise last_name=Dubois email=fd@example.org >/dev/null
	crm-lead add first_name=Jürgen last_name=Müller email=jm@example.net company=Müller >/dev/null
}

@test "mail: a customer's mail is logged on them: text, date, Message-ID; the same mail again is logged once" {
	mail_seed
	run --separate-stderr crm mail "$MAIL/01-thunderbird-latin1-qp.eml"
	[ "$status" -eq 0 ]
	[ "$output" = "logged on contact 1 (Luis Pérez): interaction 1, in" ]
	[ "$stderr" = "" ]
	run crm-log list -o tsv --fields at,channel,direction,subject,contact,account,message_id
	[ "$output" = $'2026-03-03T09:15:00Z\temail\tin\tPresupuesto para la renovación\tLuis Pérez\tReformas\t3f1c2a9e-1111-4a2b-9c3d-thunderbird@cliente.example.es' ]
	# Latin-1 quoted-printable, as text
	crm sql "SELECT body FROM interaction" | grep -q '¿Podrías enviarme el presupuesto para la renovación de la oficina?'
	# again, from standard input as mutt pipes it: nothing more
	run crm mail <"$MAIL/01-thunderbird-latin1-qp.eml"
	[ "$status" -eq 0 ]
	[ "$output" = "already logged as interaction 1" ]
	[ "$(crm sql 'SELECT count(*) FROM interaction')" = 1 ]
}

@test "mail: base64 UTF-8 and an encoded name, Cc'd to us: logged on the customer only" {
	mail_seed
	run crm mail - <"$MAIL/02-gmail-utf8-base64.eml"
	[ "$output" = "logged on contact 2 (Françoise Dubois): interaction 1, in" ]
	[ "$(crm sql 'SELECT body FROM interaction')" = "Bonjour, pourriez-vous m’envoyer le devis mis à jour ? Merci, Françoise" ]
	[ "$(crm-log list -o tsv --fields subject,at)" = $'Devis mis à jour\t2026-03-04T09:02:11Z' ]
}

@test "mail: attachments are the interaction's files, named as sent, byte for byte; a lead is a party too" {
	mail_seed
	run crm mail -q "$MAIL/03-outlook-attachment.eml"
	[ "$output" = "logged on lead 1 (Jürgen Müller): interaction 1, in" ]
	run bash -c "crm attachment list interaction=1 -o tsv | cut -f 3-5"
	output_is <<'EOF'
Angebot_Müller.pdf	application/pdf	660
notas.txt	text/plain	21
EOF
	crm attachment get 1 >got.pdf
	head -c 5 got.pdf | grep -q '%PDF-'
	[ "$(crm attachment get 2)" = "Notas de la reunión" ]
	# undo takes the whole mail back
	crm undo -q
	[ "$(crm sql 'SELECT count(*) FROM interaction WHERE deleted IS NULL')" = 0 ]
}

@test "mail: to the support address opens a case; [#N], +case-N and a reply to a mail of the case go to it" {
	mail_seed
	# an unknown sender writes to support: a contact and a case are made
	run crm mail "$MAIL/05-support-new-case.eml"
	[ "$output" = "logged on contact 3 (Carmen Ruiz, new); case 1 (new): interaction 1, in" ]
	[ "$(crm-case list -o tsv --fields id,subject,channel,contact,status)" = $'1\tNo funciona la impresora\temail\tCarmen Ruiz\tnew' ]
	[ "$(crm-contact show 3 --fields email -o tsv)" = carmen.ruiz@nuevo.example.org ]
	# her answer with [#1] in the subject, and no thread headers
	run crm mail "$MAIL/06-support-reply-token.eml"
	[ "$output" = "logged on contact 3 (Carmen Ruiz); case 1: interaction 2, in" ]
	# a lead writes to soporte+case-1@
	run crm mail "$MAIL/07-plus-address.eml"
	[ "$output" = "logged on lead 1 (Jürgen Müller); case 1: interaction 3, in" ]
	# our answer, from mutt, in reply to her first mail: on the case, going out
	cat >answer.eml <<'EOF'
From: Soporte <soporte@example.com>
To: Carmen Ruiz <carmen.ruiz@nuevo.example.org>
Subject: Re: No funciona la impresora
Message-ID: <answer-1@example.com>
In-Reply-To: <A1B2C3D4-APPLE-0005@nuevo.example.org>
Date: Sat, 07 Mar 2026 12:00:00 +0100

Pruebe a reiniciarla, por favor.
EOF
	run crm mail answer.eml
	[ "$output" = "logged on contact 3 (Carmen Ruiz); case 1: interaction 4, out" ]
	run crm-log list case=1 -o tsv --fields id,direction --sort id
	output_is <<'EOF'
1	in
2	in
3	in
4	out
EOF
	# a [#N] of no case, or of a deleted one, opens nothing and goes on no case
	sed -e 's/\[#1\]/[#99]/' -e 's/APPLE-0006/APPLE-0099/' "$MAIL/06-support-reply-token.eml" >other.eml
	run crm mail other.eml
	[ "$output" = "logged on contact 3 (Carmen Ruiz); case 2 (new): interaction 5, in" ]
}

@test "mail: a reply to a mail of a deleted case goes on no deleted case: to support, it opens a new one" {
	mail_seed
	crm mail -q "$MAIL/05-support-new-case.eml" >/dev/null
	crm-case rm -q 1
	sed -e '/^Subject:/a In-Reply-To: <A1B2C3D4-APPLE-0005@nuevo.example.org>' -e 's/\[#1\] //' \
		"$MAIL/06-support-reply-token.eml" >reply.eml
	run crm mail reply.eml
	[ "$output" = "logged on contact 3 (Carmen Ruiz); case 2 (new): interaction 2, in" ]
}

@test "mail: the customer's mail takes a case waiting on them back to work" {
	mail_seed
	crm mail -q "$MAIL/05-support-new-case.eml" >/dev/null
	crm-case pending 1
	crm mail -q "$MAIL/06-support-reply-token.eml" >/dev/null
	[ "$(crm-case list -o tsv --fields status)" = open ]
}

@test "mail: auto-replies and bounces go on no case, open none and make nobody" {
	mail_seed
	crm mail -q "$MAIL/05-support-new-case.eml" >/dev/null
	# an out-of-office answer, even with the case's token and to support
	sed -e 's/^Subject: .*/Subject: Re: [#1] Devis/' -e 's/^To: .*/To: soporte@example.com/' \
		"$MAIL/08-auto-reply.eml" >auto.eml
	run crm mail auto.eml
	[ "$output" = "logged on contact 2 (Françoise Dubois): interaction 2, in" ]
	[ "$(crm sql 'SELECT count(*) FROM interaction WHERE "case" IS NOT NULL')" = 1 ]
	[ "$(crm sql 'SELECT count(*) FROM "case"')" = 1 ]
	# a delivery report names nobody we know: exit 1, nothing written
	fails_unchanged 1 "crm: no contact or lead has an address of this mail (mailer-daemon@example.com); --create adds one" \
		crm mail "$MAIL/09-bounce.eml"
	fails_unchanged 1 "crm: no contact or lead has an address of this mail (mailer-daemon@example.com); --create adds one" \
		crm mail --create "$MAIL/09-bounce.eml"
}

@test "mail: nobody known is exit 1 and writes nothing; --create makes the sender a contact, or a lead (mail.unknown)" {
	crm config set mail.self ana@example.com
	fails_unchanged 1 "crm: no contact or lead has an address of this mail (luis.perez@cliente.example.es); --create adds one" \
		crm mail "$MAIL/12-html-only.eml"
	fails_unchanged 1 "crm: no contact or lead has an address of this mail (no From); --create adds one" \
		crm mail --create "$MAIL/10-no-from.eml"
	run crm mail --create "$MAIL/12-html-only.eml"
	[ "$output" = "logged on contact 1 (Luis Pérez, new): interaction 1, in" ]
	crm config set mail.unknown lead
	run crm mail --create "$MAIL/03-outlook-attachment.eml" -q
	[ "$output" = "logged on lead 1 (Jürgen Müller, new): interaction 2, in" ]
	[ "$(crm-lead list -o tsv --fields first_name,last_name,email,source)" = $'Jürgen\tMüller\tjm@example.net\temail' ]
}

@test "mail: our own mail goes out, on the people it went to; HTML-only mail is its text, without scripts or styles" {
	mail_seed
	run crm mail "$MAIL/11-outgoing-by-ana.eml"
	[ "$output" = "logged on contact 1 (Luis Pérez): interaction 1, out" ]
	run crm mail "$MAIL/12-html-only.eml"
	[ "$output" = "logged on contact 1 (Luis Pérez): interaction 2, in" ]
	run crm sql "SELECT body FROM interaction WHERE id = 2"
	[[ "$output" == *"Obra: calle Peña 3, Logroño."* ]]
	[[ "$output" == *"Reformas Pérez & Hijos"* ]]
	[[ "$output" != *"NO-DEBE-APARECER"* ]]
	[[ "$output" != *"<p>"* ]]
	# the mail that answers ours is found by the thread; a reply to our reply too
	run crm mail "$MAIL/04-mutt-reply.eml"
	[ "$output" = "logged on contact 1 (Luis Pérez): interaction 3, in" ]
}

@test "mail --maildir: new mail logged in one run and moved to cur/ only once committed; again, nothing" {
	mail_seed
	mkdir -p md/new md/cur md/tmp
	cp "$MAIL/01-thunderbird-latin1-qp.eml" md/new/1000.a
	cp "$MAIL/09-bounce.eml" md/new/1001.b
	cp "$MAIL/02-gmail-utf8-base64.eml" md/new/1002.c
	: >md/new/1003.d
	# a run that fails (a hook refuses every new interaction) moves nothing
	mkdir hooks
	printf '#!/bin/sh\nexit 1\n' >hooks/pre-add
	chmod +x hooks/pre-add
	crm config set hooks.dir "$PWD/hooks"
	run crm mail --maildir md
	[ "$status" -ne 0 ]
	[ "$(ls md/new | wc -l)" = 4 ]
	[ "$(crm sql 'SELECT count(*) FROM interaction')" = 0 ]
	crm config unset hooks.dir
	# nor does a dry run
	crm mail --dry-run --maildir md >/dev/null 2>&1
	[ "$(ls md/new | wc -l)" = 4 ]
	run --separate-stderr crm mail --maildir md
	[ "$status" -eq 0 ]
	output_is <<EOF
md/new/1000.a: logged on contact 1 (Luis Pérez): interaction 1, in
md/new/1002.c: logged on contact 2 (Françoise Dubois): interaction 2, in
EOF
	[[ "$stderr" == *"md/new/1001.b: no contact or lead has an address of this mail (mailer-daemon@example.com)"* ]]
	[[ "$stderr" == *"md/new/1003.d: not a mail message"* ]]
	# read ones go to cur/ as read by a program; the unreadable one waits for a person
	[ "$(ls md/cur | tr '\n' ' ')" = "1000.a:2, 1001.b:2, 1002.c:2, " ]
	[ "$(ls md/new)" = 1003.d ]
	# the same mail put back (a crash between commit and move) is logged once
	cp md/cur/1000.a:2, md/new/1000.a
	rm md/new/1003.d
	run crm mail --maildir md
	[ "$output" = "md/new/1000.a: already logged as interaction 1" ]
	[ "$(crm sql 'SELECT count(*) FROM interaction')" = 2 ]
	[ -z "$(ls md/new)" ]
}

@test "mail: what is not a message is exit 3 and writes nothing; usage and settings are checked" {
	mail_seed
	: >empty.eml
	fails_unchanged 3 "crm: not a mail message (RFC 5322): no header GMime can read" crm mail empty.eml
	fails_unchanged 3 "crm: nowhere.eml: No such file or directory" crm mail nowhere.eml
	run crm mail a.eml b.eml
	[ "$status" -eq 2 ]
	run crm mail --maildir "$BATS_TEST_TMPDIR/none"
	[ "$status" -eq 3 ]
	[[ "$output" == *"not a Maildir (new/ and cur/)"* ]]
	run --separate-stderr crm config set mail.self 'ana at example'
	[ "$status" -ne 0 ]
	[[ "$stderr" == *"not an address or @domain 'ana at example'"* ]]
	run crm config set mail.unknown person
	[ "$status" -ne 0 ]
	crm config set mail.self '@example.com'
	# a whole domain is ours: Ana's reply goes out
	run crm mail "$MAIL/11-outgoing-by-ana.eml"
	[[ "$output" == *"interaction 1, out" ]]
}

@test "mail: hostile parts: names without directories or control characters, no terminal escapes, NUL bytes dropped" {
	mail_seed
	printf '%s\n' 'From: Luis <luis.perez@cliente.example.es>' 'To: ana@example.com' \
		'Subject: =?UTF-8?B?G1szMW1yb2pvG1swbQ==?=' 'Message-ID: <hostile-1@example.es>' \
		'MIME-Version: 1.0' 'Content-Type: multipart/mixed; boundary="b"' '' '--b' \
		'Content-Type: text/plain; charset=utf-8' '' 'hola' '--b' \
		'Content-Type: application/octet-stream' \
		$'Content-Disposition: attachment; filename="../../etc/pass\033[2Jwd"' \
		'Content-Transfer-Encoding: base64' '' 'AAEC' '--b--' >hostile.eml
	run --separate-stderr crm mail hostile.eml
	[ "$status" -eq 0 ]
	[[ "$stderr" != *$'\033'* ]]
	[ "$(crm attachment list interaction=1 -o tsv | cut -f 3,5)" = $'pass_[2Jwd\t3' ]
	# the subject's escape sequence is kept as text, and shown only as such
	run crm-log list -o table --fields subject
	[[ "$output" != *$'\033'* ]]
}
