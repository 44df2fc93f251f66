#!/usr/bin/env bats
# Segments: filters saved by name (crm segment add|list|show|rm) and the
# filter term segment=NAME, evaluated each time it is used.

load helper
bats_require_minimum_version 1.5.0

@test "segment add, list, show; segment=NAME lists the records that match now" {
	seed
	run --separate-stderr crm segment add vip-madrid contact 'tag=vip city=Madrid'
	[ "$status" -eq 0 ]
	[ "$output" = "" ]
	run crm-contact list segment=vip-madrid -o ids
	[ "$output" = "1" ]
	# dynamic, not a frozen list: a new VIP in Madrid is in it at once
	crm-contact add first_name=Luis email=luis@acme.es city=madrid tags=VIP >/dev/null
	run crm-contact list segment=vip-madrid -o ids
	output_is <<'EOF'
1
4
EOF
	run crm segment list
	[ "$output" = "vip-madrid	contact	tag=vip city=Madrid	tester	2026-03-01T09:00:00Z" ]
	run crm segment show VIP-Madrid
	output_is <<'EOF'
name:    vip-madrid
entity:  contact
filter:  tag=vip city=Madrid
owner:   tester
created: 2026-03-01 09:00
records: 2
EOF
}

@test "segment=NAME combines with other terms, any-of, != and --where; several words make one filter" {
	seed
	crm segment add madrid contact city=Madrid
	crm segment add paris contact city=Paris
	[ "$(crm-contact list segment=madrid,paris -o ids | tr "\n" " ")" = "3 1 " ]
	[ "$(crm-contact list segment!=madrid -o ids | tr "\n" " ")" = "3 2 " ]
	[ "$(crm-contact list segment=madrid garcia -o ids)" = "1" ]
	run crm-contact list segment=madrid tag=nosuch
	[ "$status" -eq 1 ]
	crm-contact set --where segment=paris tags+=fr -q
	[ "$(crm-contact list tag=fr -o ids)" = "3" ]
	# several words, one with a space, quoted back for the next use
	crm segment add sevilla-firm contact city=Sevilla 'account=García y Asociados'
	[ "$(crm segment list | grep sevilla | cut -f3)" = "city=Sevilla 'account=García y Asociados'" ]
	[ "$(crm-contact list segment=sevilla-firm -o ids)" = "2" ]
	# export reads it too
	[ "$(crm-contact export segment=paris --fields id,email)" = "id,email
3,fd@example.fr" ]
}

@test "segment: relative dates in a saved filter mean the day it is used" {
	crm-task add subject=Old due=2026-02-20 >/dev/null
	crm-task add subject=Next due=2026-03-10 >/dev/null
	crm segment add overdue task 'due<today'
	[ "$(crm-task list segment=overdue -o ids)" = "1" ]
	[ "$(CRM_NOW=2026-03-15T09:00:00Z crm-task list segment=overdue -o ids | tr '\n' ' ')" = "1 2 " ]
	# a segment may name another
	crm segment add overdue-calls task segment=overdue kind=call
	crm-task set 2 kind=call -q
	[ "$(CRM_NOW=2026-03-15T09:00:00Z crm-task list segment=overdue-calls -o ids)" = "2" ]
}

@test "segment: an unknown segment or one of another entity is invalid data (exit 3), nothing written" {
	seed
	crm segment add vip-leads lead source=web
	fails_unchanged 3 "crm-contact: segment: no segment 'nosuch' (see 'crm segment list')" \
		crm-contact list segment=nosuch
	fails_unchanged 3 "crm-contact: segment: 'vip-leads' is a segment of leads, not of contacts" \
		crm-contact list segment=vip-leads
	fails_unchanged 3 "crm-contact: --where: segment: no segment 'nosuch' (see 'crm segment list')" \
		crm-contact set --where segment=nosuch tags+=x
	run --separate-stderr crm-contact list 'segment>a'
	[ "$status" -eq 2 ]
	[ "$stderr" = "crm-contact: segment: use segment=NAME or segment!=NAME, not '>'" ]
}

@test "segment add: the filter is checked as a filter; bad names, entities and duplicates write nothing" {
	crm init -q
	fails_unchanged 2 "crm: contact has no field 'colour' (see 'crm-contact fields')" \
		crm segment add bad contact colour=red
	fails_unchanged 3 "crm: birthday: invalid date 'someday'" \
		crm segment add bad contact birthday=someday
	fails_unchanged 3 "crm: segment name: use letters, digits, '-', '_' and '.' 'a b'" \
		crm segment add 'a b' contact city=Madrid
	run --separate-stderr crm segment add x planet city=Madrid
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "crm: unknown entity 'planet'" ]
	crm segment add madrid contact city=Madrid
	fails_unchanged 3 "crm: segment 'MADRID' exists (of contacts: city=Madrid); rm it first" \
		crm segment add MADRID contact city=Sevilla
	# a segment naming a removed one says so when used; a loop cannot be made
	crm segment add loop contact segment=madrid
	crm segment rm madrid
	fails_unchanged 3 "crm-contact: segment loop: segment: no segment 'madrid' (see 'crm segment list')" \
		crm-contact list segment=loop
	fails_unchanged 3 "crm: segment loop: segment: no segment 'madrid' (see 'crm segment list')" \
		crm segment add madrid contact segment=loop
}

@test "segment rm: removes; an unknown name exits 1 and removes nothing; custom fields may not be called segment" {
	crm segment add a contact city=A
	crm segment add b contact city=B
	fails_unchanged 1 "crm: no segment 'nosuch'" crm segment rm a nosuch
	crm segment rm a b
	run crm segment list
	[ "$status" -eq 1 ]
	run --separate-stderr crm field add contact segment text
	[ "$status" -eq 3 ]
	[[ "$stderr" == "crm: invalid field name 'segment'"* ]]
}

@test "segment: a pipeline from a segment into a bulk update" {
	seed
	crm segment add spain contact country= city=Madrid,Sevilla
	crm-contact list segment=spain | crm-contact set - country=Spain -q
	[ "$(crm-contact list country=Spain -o ids | tr '\n' ' ')" = "1 2 " ]
	run crm-contact list segment=spain
	[ "$status" -eq 1 ]
}
