#!/usr/bin/env bats
# crm-case: cases with service levels, replies and notes logged on the case
# and its contact, pending, resolution, closing with the customer's answers,
# breaches for cron.  CRM_NOW is 2026-03-01T09:00:00Z (a Sunday), TZ UTC.

load helper
bats_require_minimum_version 1.5.0

# Ana at Acme, and a GTX Pro.
case_seed() {
	seed
	crm-product add sku=GTX-PRO 'name=GTX Pro' price=100 >/dev/null
}

@test "case add: defaults, due times from the priority's service level, the contact's account" {
	case_seed
	run --separate-stderr crm-case add subject='Printer jams' contact=ana@acme.es priority=high channel=email
	[ "$status" -eq 0 ]
	[ "$output" = "1" ]
	run crm-case list -o csv --fields id,subject,kind,priority,status,contact,account,respond_by,resolve_by,owner
	output_is <<'EOF'
id,subject,kind,priority,status,contact,account,respond_by,resolve_by,owner
1,Printer jams,request,high,new,Ana García,Acme,2026-03-01T17:00:00Z,2026-03-04T09:00:00Z,tester
EOF
	# an account given is kept
	crm-case add subject=Other contact=1 account=2 >/dev/null
	[ "$(crm-case list id=2 -o csv --fields account --no-header)" = "García y Asociados" ]
}

@test "case add: each priority's default times: urgent 4h/1d, high 8h/3d, normal 1d/5d, low 3d/10d" {
	for p in urgent high normal low; do
		crm-case add subject="$p case" priority=$p >/dev/null
	done
	run crm-case list -o tsv --fields priority,respond_by,resolve_by
	output_is <<'EOF'
urgent	2026-03-01T13:00:00Z	2026-03-02T09:00:00Z
high	2026-03-01T17:00:00Z	2026-03-04T09:00:00Z
normal	2026-03-02T09:00:00Z	2026-03-06T09:00:00Z
low	2026-03-04T09:00:00Z	2026-03-11T09:00:00Z
EOF
	run crm-case sla -o table
	output_is <<'EOF'
priority  respond  resolve
urgent    4h       1d
high      8h       3d
normal    1d       5d
low       3d       10d
EOF
}

@test "case sla set: new cases get the new times; a priority change sets new due times; bad input changes nothing" {
	crm-case add subject=Before >/dev/null
	run crm-case sla set normal respond=2h resolve=1d12h
	[ "$status" -eq 0 ]
	[ "$(crm-case sla | grep normal)" = "normal	2h	1d 12h" ]
	crm-case add subject=After >/dev/null
	run crm-case list -o tsv --fields subject,respond_by,resolve_by
	output_is <<'EOF'
Before	2026-03-02T09:00:00Z	2026-03-06T09:00:00Z
After	2026-03-01T11:00:00Z	2026-03-02T21:00:00Z
EOF
	# only one time given: the other is kept
	crm-case sla set urgent respond=1h
	[ "$(crm-case sla | grep urgent)" = "urgent	1h	1d" ]
	# raising the priority later counts from when the case was opened
	CRM_NOW=2026-03-01T10:00:00Z crm-case set 1 priority=urgent
	[ "$(crm-case list id=1 -o tsv --fields respond_by,resolve_by)" = "2026-03-01T10:00:00Z	2026-03-02T09:00:00Z" ]
	fails_unchanged 3 "crm-case: respond: not a length of time like 4h, 90m, 5d '2x'" \
		crm-case sla set normal respond=2x
	fails_unchanged 3 "crm-case: normal: the response time is longer than the resolution time" \
		crm-case sla set normal respond=3d resolve=1d
	fails_unchanged 3 "crm-case: priority: 'extreme' is not one of: urgent,high,normal,low" \
		crm-case sla set extreme respond=1h
	run --separate-stderr crm-case sla set normal soon=1h
	[ "$status" -eq 2 ]
	[[ "${stderr_lines[0]}" == "crm-case: expected respond=DURATION or resolve=DURATION, got 'soon=1h'" ]]
}

@test "case reply: the text from stdin is logged on the case and its contact; the first reply meets the response" {
	case_seed
	crm-case add subject='Invoice charged twice' kind=complaint priority=high channel=email contact=1 >/dev/null
	run --separate-stderr env CRM_NOW=2026-03-01T10:30:00Z crm-case reply 1 <<<'We are refunding the second charge today.'
	[ "$status" -eq 0 ]
	[ "$output" = "1" ]
	run crm-log list -o csv --fields id,at,channel,direction,subject,body,contact,account,case
	output_is <<'EOF'
id,at,channel,direction,subject,body,contact,account,case
1,2026-03-01T10:30:00Z,email,out,Re: Invoice charged twice,We are refunding the second charge today.,Ana García,Acme,Invoice charged twice
EOF
	run crm-case list -o tsv --fields status,responded
	[ "$output" = "open	2026-03-01T10:30:00Z" ]
	# a second reply, by phone, does not move the response time
	CRM_NOW=2026-03-01T12:00:00Z crm-case reply 1 channel=phone outcome=agreed <<<'Called to confirm.' >/dev/null
	[ "$(crm-log list id=2 -o tsv --fields channel,direction,outcome)" = "phone	out	agreed" ]
	[ "$(crm-case list -o tsv --fields responded)" = "2026-03-01T10:30:00Z" ]
	# the contact's timeline has both
	run crm-log timeline contact=1
	[ "${#lines[@]}" -eq 3 ]
	[[ "${lines[0]}" == "2026-03-01T12:00:00Z	phone out	Re: Invoice charged twice" ]]
	# and the case's show lists them, newest first, with its service level
	run env CRM_NOW=2026-03-01T12:00:00Z crm-case show 1
	[[ "$output" == *"service level (high):
  response:   met: replied 2026-03-01 10:30 (due 2026-03-01 17:00)
  resolution: due in 2d 21h (2026-03-04 09:00)"* ]]
	[[ "$output" == *"interactions:
  2  Re: Invoice charged twice  2026-03-01 12:00  phone  out  Ana García
  1  Re: Invoice charged twice  2026-03-01 10:30  email  out  Ana García"* ]]
}

@test "case reply and note: no text, no case, a closed case: nothing written" {
	case_seed
	crm-case add subject=Q contact=1 >/dev/null
	fails_unchanged 2 "crm-case: nothing on standard input: the reply's text is read from it
usage: crm-case reply [OPTIONS] ID [FIELD=VALUE...] < TEXT" crm-case reply 1 </dev/null
	fails_unchanged 2 "crm-case: which case? give one id
usage: crm-case note [OPTIONS] ID [FIELD=VALUE...] < TEXT" crm-case note <<<'text'
	fails_unchanged 1 "crm-case: no case 9" crm-case reply 9 <<<'text'
	fails_unchanged 3 "crm-case: channel: 'pigeon' is not one of: phone,email,meeting,visit,web,chat,fax,letter,note" \
		crm-case reply 1 channel=pigeon <<<'text'
	crm-case close 1
	fails_unchanged 3 "crm-case: case 1 is closed; reopen it to reply" crm-case reply 1 <<<'text'
	fails_unchanged 3 "crm-case: case 1 is closed; reopen it to add notes" crm-case note 1 <<<'text'
}

@test "case note: an internal note on the case and its contact; the case's times do not move" {
	case_seed
	crm-case add subject='Broken screen' kind=return product=GTX-PRO qty=2 'reason=arrived cracked' contact=1 >/dev/null
	run crm-case note 1 <<<'Asked the warehouse for a replacement.'
	[ "$status" -eq 0 ]
	[ "$output" = "1" ]
	[ "$(crm-log list -o tsv --fields channel,direction,subject,body,contact,case)" = "note		Broken screen	Asked the warehouse for a replacement.	Ana García	Broken screen" ]
	[ "$(crm-case list -o tsv --fields status,responded,product,qty,reason)" = "new		GTX-PRO	2	arrived cracked" ]
}

@test "case pending stops the resolution clock; leaving pending moves resolve_by by the time held" {
	crm-case add subject=Waiting priority=high >/dev/null
	CRM_NOW=2026-03-01T11:00:00Z crm-case pending 1
	run env CRM_NOW=2026-03-02T11:00:00Z crm-case show 1
	[[ "$output" == *"  resolution: on hold since 2026-03-01 11:00 (pending on the customer)"* ]]
	[ "$(crm-case list -o tsv --fields status,paused)" = "pending	2026-03-01T11:00:00Z" ]
	# back after 1d 2h 30m on hold: resolution due 3d + that after opening
	CRM_NOW=2026-03-02T13:30:00Z crm-case set 1 status=open
	[ "$(crm-case list -o tsv --fields status,paused,held,resolve_by)" = "open		1590	2026-03-05T11:30:00Z" ]
	# a second hold adds to the first
	CRM_NOW=2026-03-03T09:00:00Z crm-case pending 1
	CRM_NOW=2026-03-03T10:00:00Z crm-case resolve 1 --resolution Done
	[ "$(crm-case list id=1 status=resolved -o tsv --fields held,resolve_by,resolved)" = "1650	2026-03-05T12:30:00Z	2026-03-03T10:00:00Z" ]
}

@test "case resolve, close with the customer's answers, reopen" {
	case_seed
	crm-case add subject=Refund contact=1 priority=urgent >/dev/null
	run --separate-stderr crm-case resolve 1
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "crm-case: case 1: say what was done: --resolution TEXT" ]
	CRM_NOW=2026-03-01T12:00:00Z crm-case resolve 1 --resolution 'Refunded 120.00'
	[ "$(crm-case list status=resolved -o tsv --fields status,resolution,resolved)" = "resolved	Refunded 120.00	2026-03-01T12:00:00Z" ]
	# resolved cases leave the default list
	run crm-case list
	[ "$status" -eq 1 ]
	CRM_NOW=2026-03-02T09:00:00Z crm-case close 1 --csat 5 --nps 9
	[ "$(crm-case list status=closed -o tsv --fields status,resolved,closed,csat,nps)" = "closed	2026-03-01T12:00:00Z	2026-03-02T09:00:00Z	5	9" ]
	run env CRM_NOW=2026-03-02T09:00:00Z crm-case show 1
	[[ "$output" == *"  resolution: met: resolved 2026-03-01 12:00 (due 2026-03-02 09:00)"* ]]
	[[ "$output" == *"status history:
  2026-03-01 12:00  new → resolved
  2026-03-02 09:00  resolved → closed"* ]]
	fails_unchanged 3 "crm-case: case 1 is closed; reopen it to close it again" crm-case close 1
	CRM_NOW=2026-03-03T09:00:00Z crm-case reopen 1
	# the customer's answers were about the closed case: reopened, it forgets them
	[ "$(crm-case list -o tsv --fields status,resolved,closed,csat,nps)" = "open				" ]
	[ "$(crm-case history 1 | grep -c $'\tset\tcsat\t5\t$')" = 1 ]
	# reopening an open case leaves it as it is
	crm-case reopen 1
	# a case closed without resolving is resolved then too
	crm-case add subject=Duplicate >/dev/null
	CRM_NOW=2026-03-04T09:00:00Z crm-case close 2
	[ "$(crm-case list id=2 status=closed -o tsv --fields resolved,closed)" = "2026-03-04T09:00:00Z	2026-03-04T09:00:00Z" ]
}

@test "case close: a CSAT of 7 or an NPS of 11 exits 3 and writes nothing" {
	crm-case add subject=Survey >/dev/null
	crm-case resolve 1 --resolution Done
	fails_unchanged 3 "crm-case: case 1: csat: not a whole number from 1 to 5 '7'" crm-case close 1 --csat 7
	fails_unchanged 3 "crm-case: case 1: nps: not a whole number from 0 to 10 '11'" crm-case close 1 --nps 11
	fails_unchanged 3 "crm-case: case 1: csat: not a whole number from 1 to 5 '0'" crm-case close 1 --csat 0
	fails_unchanged 3 "crm-case: case 1: csat: not a whole number from 1 to 5 '4.5'" crm-case set 1 csat=4.5
	run --separate-stderr crm-case close 1 --csat good
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "crm-case: --csat: not a number 'good'" ]
	[ "$(crm-case list status=resolved -o tsv --fields status,csat)" = "resolved	" ]
}

@test "case: a return's quantity is a whole number of units, 1 or more" {
	case_seed
	for q in -3 1.5 0; do
		fails_unchanged 3 "crm-case: qty: not a whole number of units, 1 or more '$q'" \
			crm-case add subject=Back kind=return product=GTX-PRO qty=$q
	done
	crm-case add subject=Back kind=return product=GTX-PRO qty=3 >/dev/null
	fails_unchanged 3 "crm-case: case 1: qty: not a whole number of units, 1 or more '-1'" crm-case set 1 qty=-1
	[ "$(crm-case list -o tsv --fields qty)" = 3 ]
}

@test "case pending: what the customer says (an interaction in) puts it back to open; our own words do not" {
	case_seed
	crm-case add subject=Waiting contact=1 priority=high >/dev/null
	CRM_NOW=2026-03-01T11:00:00Z crm-case pending 1
	# a note or a reply of ours leaves it waiting on the customer
	echo 'Reminder sent' | CRM_NOW=2026-03-01T12:00:00Z crm-case note 1 >/dev/null
	CRM_NOW=2026-03-01T12:30:00Z crm-log add case=1 contact=1 channel=email direction=out subject=Chaser >/dev/null
	[ "$(crm-case list -o tsv --fields status)" = pending ]
	# their answer comes in: open again, and the clock counts the 2 hours held
	CRM_NOW=2026-03-01T13:00:00Z crm-log add case=1 contact=1 channel=email direction=in subject='Re: Waiting' >/dev/null
	[ "$(crm-case list -o tsv --fields status,paused,held)" = "open		120" ]
	[ "$(crm-case history 1 | grep -c $'\tset\tstatus\tpending\topen$')" = 1 ]
	# crm undo takes back the interaction and the case's status with it
	crm undo -q
	[ "$(crm-case list -o tsv --fields status)" = pending ]
}

@test "case reply --from-customer: their message comes in, opens a pending case, answers nothing" {
	case_seed
	crm-case add subject=Waiting contact=1 channel=phone >/dev/null
	CRM_NOW=2026-03-01T11:00:00Z crm-case pending 1
	run env CRM_NOW=2026-03-01T12:00:00Z crm-case reply 1 --from-customer <<<'Here is the invoice number'
	[ "$status" -eq 0 ]
	[ "$output" = 1 ]
	[ "$(crm-log list -o tsv --fields direction,channel,subject,case,body)" = \
		"in	phone	Re: Waiting	Waiting	Here is the invoice number" ]
	# back to work, the hour held counted; no reply of ours yet
	[ "$(crm-case list -o tsv --fields status,held,responded)" = "open	60	" ]
	# direction=in says the same
	crm-case pending 1
	echo 'And a photo' | crm-case reply 1 direction=in channel=email >/dev/null
	[ "$(crm-case list -o tsv --fields status,responded)" = "open	" ]
	# our reply is the response
	echo 'Thanks, refunded' | CRM_NOW=2026-03-01T13:00:00Z crm-case reply 1 >/dev/null
	[ "$(crm-case list -o tsv --fields responded)" = 2026-03-01T13:00:00Z ]
	[ "$(crm-log list -o tsv --fields direction | tr '\n' ' ')" = "in in out " ]
}

@test "case breaches: for cron, nothing printed when nothing is due; --within looks ahead; pending cases wait" {
	crm-case add subject=Urgent priority=urgent >/dev/null
	crm-case add subject=Normal >/dev/null
	crm-case add subject=Waiting priority=urgent >/dev/null
	crm-case pending 3
	run --separate-stderr crm-case breaches
	[ "$status" -eq 0 ]
	[ "$output" = "" ]
	[ "$stderr" = "" ]
	# two hours in: the urgent reply is due within two hours
	run env CRM_NOW=2026-03-01T11:00:00Z crm-case breaches --within 2h -o table
	output_is <<'EOF'
id  due       at                left   priority  subject  owner
 1  response  2026-03-01 13:00  in 2h  urgent    Urgent   tester
 3  response  2026-03-01 13:00  in 2h  urgent    Waiting  tester
EOF
	# a day and a half in: overdue, soonest first; the pending case's resolution waits
	run env CRM_NOW=2026-03-02T21:30:00Z crm-case breaches
	output_is <<'EOF'
1	response	2026-03-01 13:00	overdue 1d 8h	urgent	Urgent	tester
3	response	2026-03-01 13:00	overdue 1d 8h	urgent	Waiting	tester
1	resolution	2026-03-02 09:00	overdue 12h 30m	urgent	Urgent	tester
2	response	2026-03-02 09:00	overdue 12h 30m	normal	Normal	tester
EOF
	# what cron mails is in local time; json keeps UTC stamps
	run env TZ=Europe/Madrid CRM_NOW=2026-03-02T21:30:00Z crm-case breaches --again -o csv --no-header
	[ "${lines[0]}" = "1,response,2026-03-01 14:00,overdue 1d 8h,urgent,Urgent,tester" ]
	run env CRM_NOW=2026-03-02T21:30:00Z crm-case breaches --again -o json
	[ "$(jq -r '.[0].at' <<<"$output")" = 2026-03-01T13:00:00Z ]
	# each is told once: the next run, a quarter of an hour later, has nothing to say
	run --separate-stderr env CRM_NOW=2026-03-02T21:45:00Z crm-case breaches
	[ "$status" -eq 0 ]
	[ "$output" = "" ]
	[ "$stderr" = "" ]
	# --again tells them all; filters narrow it; resolved cases are done
	crm-case set 2 owner=ana
	[ "$(CRM_NOW=2026-03-02T21:30:00Z crm-case breaches --again owner=ana | cut -f1,2)" = "2	response" ]
	[ "$(CRM_NOW=2026-03-02T22:00:00Z crm-case breaches --again | wc -l)" -eq 4 ]
	# a due time that moves is a new one: case 2 made urgent is told of again
	crm-case set 2 priority=low
	[ "$(CRM_NOW=2026-03-05T09:30:00Z crm-case breaches | cut -f1,2)" = "2	response" ]
	crm-case resolve 1 2 3 --resolution done
	run env CRM_NOW=2026-03-09T09:00:00Z crm-case breaches
	[ "$status" -eq 0 ]
	[ "$output" = "" ]
	run --separate-stderr crm-case breaches --within soon
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "crm-case: --within: not a length of time like 2h, 90m, 1d 'soon'" ]
}

@test "case assign: owners in turn" {
	for s in One Two Three; do crm-case add subject=$s >/dev/null; done
	crm-case list | crm-case assign - --to ana,luis
	[ "$(crm-case list -o tsv --fields owner | tr '\n' ' ')" = "ana luis ana " ]
}

@test "show of a contact, an account and a product lists their cases; tasks point at a case" {
	case_seed
	crm-case add subject='Broken screen' kind=return product=GTX-PRO contact=1 >/dev/null
	crm-task add subject='Send a replacement' case=1 due=2026-03-02 >/dev/null
	run crm-contact show 1
	[[ "$output" == *"cases:
  1  Broken screen  return  normal  new  2026-03-06 09:00"* ]]
	run crm-account show Acme
	[[ "$output" == *"cases:
  1  Broken screen  return  normal  new  Ana García  2026-03-06 09:00"* ]]
	run crm-product show GTX-PRO
	[[ "$output" == *"cases:"* ]]
	run crm-case show 1
	[[ "$output" == *"tasks:
  1  Send a replacement  todo  2026-03-02  normal  open"* ]]
	[[ "$output" == *"account:     Acme (1)"* ]]
	[[ "$output" == *"product:     GTX-PRO (1)"* ]]
	[ "$(crm-task list case=1 -o ids)" = "1" ]
}

@test "case: a close is one run that crm undo reverts; --dry-run writes nothing" {
	crm-case add subject=Undo >/dev/null
	before=$(data_dump)
	run --separate-stderr crm-case close 1 --csat 4 --dry-run
	[ "$status" -eq 0 ]
	[[ "$output" == *"set case 1: status: new → closed"* ]]
	[ "$(data_dump)" = "$before" ]
	crm-case close 1 --csat 4
	crm undo -q
	[ "$(data_dump)" = "$before" ]
}

@test "report service: opened, closed, median hours, SLA met and breaches, CSAT and NPS per owner" {
	crm-case add subject=a priority=high owner=ana >/dev/null
	crm-case add subject=b priority=normal owner=bob >/dev/null
	crm-case add subject=c priority=urgent owner=ana >/dev/null
	# ana answers case 1 in an hour and solves it in three: both due times met
	echo hola | CRM_NOW=2026-03-01T10:00:00Z crm-case reply 1
	CRM_NOW=2026-03-01T12:00:00Z crm-case resolve 1 --resolution done -q
	crm-case set 1 csat=2 nps=5 -q
	# bob answers a day late, then the customer is asked: pending stops the clock
	echo tarde | CRM_NOW=2026-03-03T09:00:00Z crm-case reply 2
	CRM_NOW=2026-03-03T10:00:00Z crm-case pending 2 -q
	crm-case add subject=d priority=low owner=bob >/dev/null
	CRM_NOW=2026-03-01T20:00:00Z crm-case close 4 --csat 5 --nps 10 -q
	export CRM_NOW=2026-03-10T09:00:00Z
	run crm-report service --by owner
	output_is <<'EOF'
ana	2	1	1.0	3.0	50.0	2	2.00	-100.0
bob	2	1	48.0	11.0	66.7	1	5.00	100.0
(all)	4	2	24.5	7.0	57.1	3	3.50	0.0
EOF
	# by priority and month, and a filter
	run crm-report service --by priority -o csv owner=ana
	output_is <<'EOF'
priority,opened,closed,response_h,resolution_h,sla_met,breaches,csat,nps
high,1,1,1.0,3.0,100.0,0,2.00,-100.0
urgent,1,0,,,0.0,2,,
(all),2,1,1.0,3.0,50.0,2,2.00,-100.0
EOF
	run crm-report service
	[ "$output" = "2026-03	4	2	24.5	7.0	57.1	3	3.50	0.0" ]
	run crm-report service --from 2026-04-01
	[ "$output" = "" ]
	crm-report service --by owner -o html >page.html
	xmllint --noout page.html
	grep -q 'nps: promoters' page.html
	fails_unchanged 2 "crm-report: --by: unknown dimension 'stage' (use owner team manager owner.region account product priority kind channel day week month quarter year, or a custom field)
usage: crm-report service [OPTIONS] [FILTER]" crm-report service --by stage
}
