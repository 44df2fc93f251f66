#!/usr/bin/env bats
# End-to-end tests of crm-task (tasks: due dates, reminders, recurrence, the
# agenda, snoozing, remind for cron) and crm-log (the interaction log and a
# record's timeline), and of the pipelines between them and crm-contact.
#
# CRM_NOW=2026-03-01T09:00:00Z is a Sunday; tests that need another "now"
# export their own.  The time zone is UTC unless a test says otherwise.

load helper
bats_require_minimum_version 1.5.0



# The fields of tasks most tests look at, as csv, open and closed alike.
tasks_csv() {
	crm-task list status=open,done,cancelled -o csv --sort id --fields "${1:-id,subject,due,remind,status,finished}"
}

# ------------------------------------------------------------- task add

@test "task add: defaults are kind todo, priority normal, status open, owner the user" {
	crm init -q
	run --separate-stderr crm-task add subject="Call Ana"
	[ "$status" -eq 0 ]
	[ "$output" = "1" ]
	[ "$stderr" = "" ]
	run crm-task list -o csv --fields all
	[ "$status" -eq 0 ]
	output_is <<'EOF'
id,subject,kind,due,remind,priority,status,recur,anchor,reminded,finished,uid,contact,account,lead,opp,case,owner,tags,notes,created,updated
1,Call Ana,todo,,,normal,open,,,,,,,,,,,tester,,,2026-03-01T09:00:00Z,2026-03-01T09:00:00Z
EOF
	run crm-task show 1
	[ "$status" -eq 0 ]
	output_is <<'EOF'
id:       1
subject:  Call Ana
kind:     todo
priority: normal
status:   open
owner:    tester
created:  2026-03-01 09:00
updated:  2026-03-01 09:00
EOF
}

@test "task add: a subject is required; a bad kind or priority is refused, exit 3" {
	crm init -q
	fails_unchanged 3 "crm-task: subject: required" crm-task add due=2026-03-05
	fails_unchanged 3 "crm-task: kind: 'lunch' is not one of: todo,call,email,meeting,visit" \
		crm-task add subject=X kind=lunch
	fails_unchanged 3 "crm-task: priority: 'urgent' is not one of: high,normal,low" \
		crm-task add subject=X priority=urgent
	fails_unchanged 2 "crm-task: finished: set by crm, not by hand" \
		crm-task add subject=X finished=2026-03-01
}

@test "task add: due as a date stays a date; 'tomorrow 10:30' is stored as UTC" {
	crm init -q
	run crm-task add subject=Dated due=2026-03-05
	[ "$output" = "1" ]
	run crm-task add subject=Timed due="tomorrow 10:30"
	[ "$output" = "2" ]
	run crm-task add subject=Iso due=2026-03-02T08:15
	[ "$output" = "3" ]
	run crm-task add subject=Word due=friday
	[ "$output" = "4" ]
	run tasks_csv id,subject,due
	output_is <<'EOF'
id,subject,due
1,Dated,2026-03-05
2,Timed,2026-03-02T10:30:00Z
3,Iso,2026-03-02T08:15:00Z
4,Word,2026-03-06
EOF
}

@test "task add: TZ=Europe/Madrid turns local times into UTC, across the March 2026 DST change" {
	crm init -q
	export TZ=Europe/Madrid CRM_NOW=2026-03-28T12:00:00Z # Saturday; summer time starts Sunday 29th
	crm-task add subject=Winter due="today 10:30" >/dev/null
	crm-task add subject=Summer due="tomorrow 10:30" >/dev/null
	crm-task add subject=Autumn due="2026-10-25 10:30" >/dev/null
	crm-task add subject=Dated due=2026-03-29 >/dev/null
	run tasks_csv id,subject,due
	output_is <<'EOF'
id,subject,due
1,Winter,2026-03-28T09:30:00Z
2,Summer,2026-03-29T08:30:00Z
3,Autumn,2026-10-25T09:30:00Z
4,Dated,2026-03-29
EOF
	# on a terminal they read as the local 10:30 the user typed
	run crm-task list -o table --fields id,subject,due --sort id
	output_is <<'EOF'
id  subject  due
 1  Winter   2026-03-28 10:30
 2  Summer   2026-03-29 10:30
 3  Autumn   2026-10-25 10:30
 4  Dated    2026-03-29
EOF
	# the same rows seen from UTC
	TZ=UTC run crm-task list -o table --fields id,due --sort id
	output_is <<'EOF'
id  due
 1  2026-03-28 09:30
 2  2026-03-29 08:30
 3  2026-10-25 09:30
 4  2026-03-29
EOF
}

@test "task add: an impossible due date is refused, exit 3, nothing written" {
	crm init -q
	crm-task add subject=Existing due=2026-03-05 >/dev/null
	fails_unchanged 3 "crm-task: due: invalid date '2026-02-30'" \
		crm-task add subject=X due=2026-02-30
	fails_unchanged 3 "crm-task: due: invalid date '2026-13-01'" \
		crm-task add subject=X due=2026-13-01
	fails_unchanged 3 "crm-task: due: invalid date '2026-03-01 25:00'" \
		crm-task add subject=X due="2026-03-01 25:00"
	fails_unchanged 3 "crm-task: due: invalid date 'tomorrow 10:61'" \
		crm-task add subject=X due="tomorrow 10:61"
	fails_unchanged 3 "crm-task: due: invalid date 'soonish'" \
		crm-task add subject=X due=soonish
	fails_unchanged 3 "crm-task: due: invalid date '2026-02-30'" \
		crm-task set 1 due=2026-02-30
}

# --------------------------------------------------------------- remind

@test "remind: -1h before a timed due, -1d before a date due (counted from 09:00 local)" {
	crm init -q
	crm-task add subject=Timed due="2026-03-02 10:30" remind=-1h >/dev/null
	crm-task add subject=Dated due=2026-03-05 remind=-1d >/dev/null
	crm-task add subject=Half due=2026-03-05 remind=-30m >/dev/null
	TZ=Europe/Madrid crm-task add subject=MadridDated due=2026-03-05 remind=-1d >/dev/null
	# 2026-04-05 is summer time in Madrid: 09:00 local is 07:00 UTC
	TZ=Europe/Madrid crm-task add subject=MadridSummer due=2026-04-05 remind=-30m >/dev/null
	run tasks_csv id,subject,due,remind
	output_is <<'EOF'
id,subject,due,remind
1,Timed,2026-03-02T10:30:00Z,2026-03-02T09:30:00Z
2,Dated,2026-03-05,2026-03-04T09:00:00Z
3,Half,2026-03-05,2026-03-05T08:30:00Z
4,MadridDated,2026-03-05,2026-03-04T08:00:00Z
5,MadridSummer,2026-04-05,2026-04-05T06:30:00Z
EOF
}

@test "remind: an absolute date and time, with or without a due, in local time" {
	crm init -q
	crm-task add subject=NoDue remind="2026-03-03 08:00" >/dev/null
	crm-task add subject=WithDue due=2026-03-04 remind=2026-03-03T08:00Z >/dev/null
	TZ=Europe/Madrid crm-task add subject=Madrid remind="2026-03-03 08:00" >/dev/null
	run tasks_csv id,subject,due,remind
	output_is <<'EOF'
id,subject,due,remind
1,NoDue,,2026-03-03T08:00:00Z
2,WithDue,2026-03-04,2026-03-03T08:00:00Z
3,Madrid,,2026-03-03T07:00:00Z
EOF
}

@test "remind: a date word and a time of day work as they do for due ('tomorrow 08:00')" {
	crm init -q
	run --separate-stderr crm-task add subject=X due=2026-03-05 remind="tomorrow 08:00"
	echo "status=$status stderr=[$stderr]" >&2
	[ "$status" -eq 0 ]
	[ "$output" = "1" ]
	run tasks_csv id,due,remind
	output_is <<'EOF'
id,due,remind
1,2026-03-05,2026-03-02T08:00:00Z
EOF
}

@test "remind: an offset without a due, or a bad value, is refused, exit 3, nothing written" {
	crm init -q
	fails_unchanged 3 "crm-task: remind: '-1h' is before due, and there is no due date" \
		crm-task add subject=X remind=-1h
	fails_unchanged 3 "crm-task: remind: not a date and time or an offset like -1h 'bogus'" \
		crm-task add subject=X due=2026-03-05 remind=bogus
	fails_unchanged 3 "crm-task: remind: not a date and time or an offset like -1h '-1x'" \
		crm-task add subject=X due=2026-03-05 remind=-1x
}

# ----------------------------------------------------------------- list

@test "list: only open tasks, soonest first, those without a due last; status=done shows done ones" {
	crm init -q
	crm-task add subject=NoDue >/dev/null
	crm-task add subject=Later due=2026-03-10 >/dev/null
	crm-task add subject=Soon due="2026-03-02 08:00" priority=high kind=call >/dev/null
	crm-task add subject=Finished due=2026-03-01 >/dev/null
	crm-task add subject=Dropped due=2026-02-28 >/dev/null
	crm-task add subject=Overdue due=2026-02-20 >/dev/null
	crm-task done 4
	crm-task cancel 5
	run --separate-stderr crm-task list
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	output_is <<'EOF'
6	Overdue	todo	2026-02-20	normal	open		tester
3	Soon	call	2026-03-02T08:00:00Z	high	open		tester
2	Later	todo	2026-03-10	normal	open		tester
1	NoDue	todo		normal	open		tester
EOF
	run crm-task list status=done
	[ "$status" -eq 0 ]
	output_is <<'EOF'
4	Finished	todo	2026-03-01	normal	done		tester
EOF
	run crm-task list status=cancelled -o ids
	[ "$status" -eq 0 ]
	[ "$output" = "5" ]
	run crm-task list status=done priority=high
	[ "$status" -eq 1 ]
	[ "$output" = "" ]
}

# --------------------------------------------------------------- agenda

# Wednesday 2026-03-04: the week ends on Sunday the 8th, --days 7 reaches the 11th.
agenda_seed() {
	export CRM_NOW=2026-03-04T09:00:00Z
	seed
	crm-task add subject=Old due=2026-02-20 priority=high contact=1 >/dev/null    # 1
	crm-task add subject=Yesterday due="2026-03-03 17:00" >/dev/null               # 2
	crm-task add subject=Today due=2026-03-04 account=Acme >/dev/null             # 3
	crm-task add subject="Call today" due="2026-03-04 15:00" kind=call >/dev/null # 4
	crm-task add subject=Tomorrow due="2026-03-05 08:00" contact=2 >/dev/null     # 5
	crm-task add subject=Sunday due=2026-03-08 priority=low >/dev/null           # 6
	crm-task add subject=Monday due=2026-03-09 >/dev/null                         # 7
	crm-task add subject=Edge due=2026-03-11 >/dev/null                           # 8
	crm-task add subject=Far due=2026-03-12 >/dev/null                            # 9
	crm-task add subject=Someday >/dev/null                                       # 10
	crm-task add subject=Finished due=2026-03-04 >/dev/null                       # 11
	crm-task done 11
}

@test "agenda: open tasks grouped overdue, today, tomorrow, this week, later, 7 days ahead" {
	agenda_seed
	run --separate-stderr crm-task agenda
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	output_is <<'EOF'
1	overdue	2026-02-20	Old	high	contact Ana García	tester
2	overdue	2026-03-03 17:00	Yesterday	normal		tester
3	today	2026-03-04	Today	normal	account Acme	tester
4	today	2026-03-04 15:00	Call today	normal		tester
5	tomorrow	2026-03-05 08:00	Tomorrow	normal	contact José Pérez	tester
6	this week	2026-03-08	Sunday	low		tester
7	later	2026-03-09	Monday	normal		tester
8	later	2026-03-11	Edge	normal		tester
EOF
	run crm-task agenda -o table
	[ "$status" -eq 0 ]
	output_is <<'EOF'
id  when       due               subject     priority  about               owner
 1  overdue    2026-02-20        Old         high      contact Ana García  tester
 2  overdue    2026-03-03 17:00  Yesterday   normal                        tester
 3  today      2026-03-04        Today       normal    account Acme        tester
 4  today      2026-03-04 15:00  Call today  normal                        tester
 5  tomorrow   2026-03-05 08:00  Tomorrow    normal    contact José Pérez  tester
 6  this week  2026-03-08        Sunday      low                           tester
 7  later      2026-03-09        Monday      normal                        tester
 8  later      2026-03-11        Edge        normal                        tester
EOF
}

@test "agenda --days N: how far ahead; filters narrow it; nothing to show exits 1" {
	agenda_seed
	run crm-task agenda --days 1 -o table
	[ "$status" -eq 0 ]
	output_is <<'EOF'
id  when      due               subject     priority  about               owner
 1  overdue   2026-02-20        Old         high      contact Ana García  tester
 2  overdue   2026-03-03 17:00  Yesterday   normal                        tester
 3  today     2026-03-04        Today       normal    account Acme        tester
 4  today     2026-03-04 15:00  Call today  normal                        tester
 5  tomorrow  2026-03-05 08:00  Tomorrow    normal    contact José Pérez  tester
EOF
	run crm-task agenda --days 8
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | cut -f1 | tr '\n' ' ')" = "1 2 3 4 5 6 7 8 9 " ]
	run crm-task agenda contact=1
	[ "$status" -eq 0 ]
	[ "$output" = "1	overdue	2026-02-20	Old	high	contact Ana García	tester" ]
	run --separate-stderr crm-task agenda kind=visit
	[ "$status" -eq 1 ]
	[ "$output" = "" ]
	[ "$stderr" = "" ]
	run --separate-stderr crm-task agenda --days x
	[ "$status" -eq 2 ]
	[ "$output" = "" ]
	[[ "$stderr" == "crm-task: --days: not a positive number 'x'"* ]]
}

@test "agenda --days 0: only what is overdue or due today" {
	agenda_seed
	run --separate-stderr crm-task agenda --days 0
	echo "status=$status stderr=[$stderr]" >&2
	[ "$status" -eq 0 ]
	output_is <<'EOF'
1	overdue	2026-02-20	Old	high	contact Ana García	tester
2	overdue	2026-03-03 17:00	Yesterday	normal		tester
3	today	2026-03-04	Today	normal	account Acme	tester
4	today	2026-03-04 15:00	Call today	normal		tester
EOF
}

@test "agenda west of UTC: a timed task is grouped and ordered by its local day, and none is lost at the horizon" {
	crm init -q
	export TZ=America/New_York CRM_NOW=2026-03-04T15:00:00Z # Wednesday 10:00 local
	crm-task add subject=Tonight due="2026-03-04 21:00" >/dev/null    # 1: 2026-03-05T02:00Z
	crm-task add subject=TomorrowDate due=2026-03-05 >/dev/null       # 2
	crm-task add subject=TodayDate due=2026-03-04 >/dev/null          # 3
	crm-task add subject=HorizonEve due="2026-03-11 21:00" >/dev/null # 4: 2026-03-12T01:00Z
	crm-task add subject=Beyond due=2026-03-12 >/dev/null             # 5
	run crm-task agenda -o table
	[ "$status" -eq 0 ]
	output_is <<'EOF'
id  when      due               subject       priority  about  owner
 3  today     2026-03-04        TodayDate     normal           tester
 1  today     2026-03-04 21:00  Tonight       normal           tester
 2  tomorrow  2026-03-05        TomorrowDate  normal           tester
 4  later     2026-03-11 21:00  HorizonEve    normal           tester
EOF
}

# -------------------------------------------------------- done, cancel

@test "done and cancel set the status and when it finished; reopening clears finished" {
	crm init -q
	crm-task add subject=A due=2026-03-02 >/dev/null
	crm-task add subject=B due=2026-03-02 >/dev/null
	crm-task add subject=C >/dev/null
	run --separate-stderr env CRM_NOW=2026-03-01T10:15:00Z crm-task done 1
	[ "$status" -eq 0 ]
	[ "$output" = "" ]
	[ "$stderr" = "" ]
	run --separate-stderr env CRM_NOW=2026-03-01T11:00:00Z crm-task cancel 2
	[ "$status" -eq 0 ]
	[ "$output" = "" ]
	[ "$stderr" = "" ]
	run tasks_csv id,subject,status,finished,updated
	output_is <<'EOF'
id,subject,status,finished,updated
1,A,done,2026-03-01T10:15:00Z,2026-03-01T10:15:00Z
2,B,cancelled,2026-03-01T11:00:00Z,2026-03-01T11:00:00Z
3,C,open,,2026-03-01T09:00:00Z
EOF
	# done again changes nothing: finished keeps the first time
	CRM_NOW=2026-03-02T09:00:00Z crm-task done 1
	crm-task set -q 2 status=open
	run tasks_csv id,status,finished
	output_is <<'EOF'
id,status,finished
1,done,2026-03-01T10:15:00Z
2,open,
3,open,
EOF
	run crm-task history 1
	output_is <<'EOF'
1	2026-03-01T09:00:00Z	tester	add			
4	2026-03-01T10:15:00Z	tester	set	status	open	done
4	2026-03-01T10:15:00Z	tester	set	finished		2026-03-01T10:15:00Z
EOF
}

@test "done: an unknown id is not found (exit 1), no id is a usage error (exit 2); nothing written" {
	crm init -q
	crm-task add subject=A >/dev/null
	fails_unchanged 1 "crm-task: no task 99" crm-task done 1 99
	run --separate-stderr crm-task done
	[ "$status" -eq 2 ]
	[ "$output" = "" ]
	[[ "$stderr" == "crm-task: no records given (ids, - for stdin, or --where)"* ]]
	local before
	before="$(db_dump)"
	run --separate-stderr crm-task cancel 1 soon
	[ "$status" -eq 2 ]
	[ "$output" = "" ]
	[[ "$stderr" == "crm-task: not a record id 'soon'"* ]]
	[ "$(db_dump)" = "$before" ]
}

# ----------------------------------------------------------- recurrence

@test "recur weekly: done makes the next one a week on, like it, reminder and all" {
	seed
	crm-task add subject="Weekly report" kind=email priority=high due="2026-03-02 10:30" \
		remind=-1h recur=weekly contact=1 notes="to the board" tags=report >/dev/null
	run --separate-stderr crm-task done 1
	[ "$status" -eq 0 ]
	[ "$output" = "" ]
	[ "$stderr" = "crm-task: task 1 done; next: task 2 due 2026-03-09T10:30:00Z" ]
	run tasks_csv id,subject,kind,priority,due,remind,status,recur,finished,contact,notes,owner
	output_is <<'EOF'
id,subject,kind,priority,due,remind,status,recur,finished,contact,notes,owner
1,Weekly report,email,high,2026-03-02T10:30:00Z,2026-03-02T09:30:00Z,done,weekly,2026-03-01T09:00:00Z,Ana García,to the board,tester
2,Weekly report,email,high,2026-03-09T10:30:00Z,2026-03-09T09:30:00Z,open,weekly,,Ana García,to the board,tester
EOF
}

@test "recur monthly from Jan 31: Feb 28, then Mar 31 and Apr 30 (the clamp does not drift)" {
	crm init -q
	CRM_NOW=2026-01-31T09:00:00Z crm-task add subject=Invoice due=2026-01-31 recur=monthly >/dev/null
	CRM_NOW=2026-01-31T10:00:00Z crm-task done -q 1
	CRM_NOW=2026-02-28T10:00:00Z crm-task done -q 2
	CRM_NOW=2026-03-31T10:00:00Z crm-task done -q 3
	run tasks_csv id,due,status
	output_is <<'EOF'
id,due,status
1,2026-01-31,done
2,2026-02-28,done
3,2026-03-31,done
4,2026-04-30,open
EOF
}

@test "recur weekdays: done on a Friday skips the weekend" {
	crm init -q
	export CRM_NOW=2026-03-06T09:00:00Z # Friday
	crm-task add subject=Standup due="2026-03-06 09:30" recur=weekdays >/dev/null
	run --separate-stderr crm-task done 1
	[ "$status" -eq 0 ]
	[ "$stderr" = "crm-task: task 1 done; next: task 2 due 2026-03-09T09:30:00Z" ]
	# done late, on the Saturday: still Monday
	crm-task add subject=Check due=2026-03-06 recur=weekdays >/dev/null
	CRM_NOW=2026-03-07T12:00:00Z crm-task done -q 3
	run crm-task list -o csv --fields id,subject,due
	output_is <<'EOF'
id,subject,due
4,Check,2026-03-09
2,Standup,2026-03-09T09:30:00Z
EOF
}

@test "recur 'every 2w' counts from the due; 'from done' counts from today" {
	crm init -q
	crm-task add subject=Fortnight due=2026-03-02 recur="every 2w" >/dev/null
	crm-task add subject=Haircut due=2026-02-10 recur="every 2w from done" >/dev/null
	crm-task add subject=Quarterly due=2026-03-02 recur="every 3m" >/dev/null
	crm-task add subject=Water due=2026-03-01 recur="every 3d from done" >/dev/null
	run --separate-stderr crm-task done 1 2 3 4
	[ "$status" -eq 0 ]
	stderr_is <<'EOF'
crm-task: task 1 done; next: task 5 due 2026-03-16
crm-task: task 2 done; next: task 6 due 2026-03-15
crm-task: task 3 done; next: task 7 due 2026-06-02
crm-task: task 4 done; next: task 8 due 2026-03-04
EOF
	run crm-task list -o csv --fields id,subject,due,recur
	output_is <<'EOF'
id,subject,due,recur
8,Water,2026-03-04,every 3d from done
6,Haircut,2026-03-15,every 2w from done
5,Fortnight,2026-03-16,every 2w
7,Quarterly,2026-06-02,every 3m
EOF
}

@test "recur: missed occurrences do not pile up; the next one is after today" {
	crm init -q
	crm-task add subject=Weekly due=2026-02-02 recur=weekly >/dev/null
	crm-task add subject=Daily due=2026-02-25 recur=daily >/dev/null
	crm-task add subject=Monthly due=2025-11-15 recur=monthly >/dev/null
	crm-task add subject=Today due=2026-03-01 recur=daily >/dev/null
	run --separate-stderr crm-task done 1 2 3 4
	[ "$status" -eq 0 ]
	stderr_is <<'EOF'
crm-task: task 1 done; next: task 5 due 2026-03-02
crm-task: task 2 done; next: task 6 due 2026-03-02
crm-task: task 3 done; next: task 7 due 2026-03-15
crm-task: task 4 done; next: task 8 due 2026-03-02
EOF
	# one new task for each, not one per missed week or day
	run crm-task list -o csv --fields id,subject,due
	output_is <<'EOF'
id,subject,due
5,Weekly,2026-03-02
6,Daily,2026-03-02
8,Today,2026-03-02
7,Monthly,2026-03-15
EOF
}

@test "recur yearly from the leap day 2028-02-29: next 2029-02-28" {
	crm init -q
	export CRM_NOW=2028-02-29T09:00:00Z
	crm-task add subject=Anniversary due=2028-02-29 recur=yearly >/dev/null
	run --separate-stderr crm-task done 1
	[ "$status" -eq 0 ]
	[ "$stderr" = "crm-task: task 1 done; next: task 2 due 2029-02-28" ]
	run crm-task list -o csv --fields id,due,recur
	output_is <<'EOF'
id,due,recur
2,2029-02-28,yearly
EOF
}

@test "recur: a timed due keeps its local time of day across the DST change, the reminder follows" {
	crm init -q
	export TZ=Europe/Madrid CRM_NOW=2026-03-23T09:00:00Z # Monday, winter time
	crm-task add subject=Meeting due="2026-03-23 10:30" remind=-2h recur=weekly >/dev/null
	run --separate-stderr crm-task done 1
	[ "$status" -eq 0 ]
	[ "$stderr" = "crm-task: task 1 done; next: task 2 due 2026-03-30T08:30:00Z" ]
	run tasks_csv id,due,remind,status
	output_is <<'EOF'
id,due,remind,status
1,2026-03-23T09:30:00Z,2026-03-23T07:30:00Z,done
2,2026-03-30T08:30:00Z,2026-03-30T06:30:00Z,open
EOF
	run crm-task list -o table --fields id,due
	output_is <<'EOF'
id  due
 2  2026-03-30 10:30
EOF
}

@test "recur: a bad rule, or a rule without a due, is refused, exit 3, nothing written" {
	crm init -q
	fails_unchanged 3 "crm-task: recur: not daily, weekdays, weekly, monthly, yearly or 'every N d|w|m|y' (then 'from done' if wanted) 'fortnightly'" \
		crm-task add subject=X due=2026-03-02 recur=fortnightly
	fails_unchanged 3 "crm-task: recur: not daily, weekdays, weekly, monthly, yearly or 'every N d|w|m|y' (then 'from done' if wanted) 'every 0d'" \
		crm-task add subject=X due=2026-03-02 recur="every 0d"
	fails_unchanged 3 "crm-task: recur: a recurring task needs a due date" \
		crm-task add subject=X recur=weekly
}

@test "recur: cancelling a recurring task makes no next one" {
	crm init -q
	crm-task add subject=Weekly due=2026-03-02 recur=weekly >/dev/null
	run --separate-stderr crm-task cancel 1
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	run tasks_csv id,status
	output_is <<'EOF'
id,status
1,cancelled
EOF
}

@test "recur: reopening a done task and marking it done again makes no second copy of the next" {
	crm init -q
	crm-task add subject=Weekly due=2026-03-02 recur=weekly >/dev/null
	crm-task done -q 1
	crm-task set -q 1 status=open
	crm-task done -q 1
	run tasks_csv id,due,status
	output_is <<'EOF'
id,due,status
1,2026-03-02,done
2,2026-03-09,open
EOF
}

# --------------------------------------------------------------- snooze

@test "snooze: +1d and tomorrow from today, a date; a time of day is kept and the reminder moves" {
	crm init -q
	crm-task add subject=A due=2026-02-27 >/dev/null
	crm-task add subject=B due="2026-02-28 15:45" remind=-1h >/dev/null
	crm-task add subject=C due=2026-03-03 remind=-1d >/dev/null
	crm-task add subject=D >/dev/null
	run --separate-stderr crm-task snooze 1 2 +1d
	[ "$status" -eq 0 ]
	[ "$output" = "" ]
	[ "$stderr" = "" ]
	crm-task snooze 3 2026-03-10
	crm-task snooze 4 tomorrow
	run tasks_csv id,subject,due,remind
	output_is <<'EOF'
id,subject,due,remind
1,A,2026-03-02,
2,B,2026-03-02T15:45:00Z,2026-03-02T14:45:00Z
3,C,2026-03-10,2026-03-09T09:00:00Z
4,D,2026-03-02,
EOF
	# a date and time replaces the time of day; a date word then keeps the new one
	crm-task snooze 2 "2026-03-05 08:00"
	crm-task snooze 2 monday
	run tasks_csv id,due,remind
	output_is <<'EOF'
id,due,remind
1,2026-03-02,
2,2026-03-02T08:00:00Z,2026-03-02T07:00:00Z
3,2026-03-10,2026-03-09T09:00:00Z
4,2026-03-02,
EOF
}

@test "snooze: the local time of day is kept across the DST change" {
	crm init -q
	export TZ=Europe/Madrid CRM_NOW=2026-03-27T09:00:00Z
	crm-task add subject=X due="2026-03-27 10:30" remind=-1h >/dev/null
	crm-task snooze 1 2026-03-30
	run tasks_csv id,due,remind
	output_is <<'EOF'
id,due,remind
1,2026-03-30T08:30:00Z,2026-03-30T07:30:00Z
EOF
}

@test "snooze: a date word and a time of day, as due= takes them, in English and Spanish" {
	crm init -q
	export TZ=Europe/Madrid
	crm-task add subject=X due=2026-03-01 >/dev/null
	crm-task add subject=Y due="2026-03-01 18:00" remind=-1h >/dev/null
	crm-task snooze 1 'tomorrow 10:30'
	crm-task snooze 2 'mañana 11:15'
	run tasks_csv id,due,remind
	output_is <<'EOF'
id,due,remind
1,2026-03-02T09:30:00Z,
2,2026-03-02T10:15:00Z,2026-03-02T09:15:00Z
EOF
	run --separate-stderr crm-task snooze 1 'tomorrow 25:00'
	[ "$status" -eq 3 ]
	[ "$stderr" = "crm-task: due: invalid date 'tomorrow 25:00'" ]
}

@test "snooze: a reminder already printed is printed again at its new time" {
	crm init -q
	crm-task add subject=Call due="2026-03-01 10:00" remind=-1h >/dev/null
	run crm-task remind
	[ "$output" = "1	Call	todo	2026-03-01 10:00	normal	open		tester" ]
	crm-task snooze 1 +1d
	run tasks_csv id,due,remind,reminded
	output_is <<'EOF'
id,due,remind,reminded
1,2026-03-02T10:00:00Z,2026-03-02T09:00:00Z,
EOF
	run --separate-stderr crm-task remind
	[ "$status" -eq 0 ]
	[ "$output" = "" ]
	run --separate-stderr env CRM_NOW=2026-03-02T09:00:00Z crm-task remind
	[ "$status" -eq 0 ]
	[ "$output" = "1	Call	todo	2026-03-02 10:00	normal	open		tester" ]
}

@test "snooze: a bad date is exit 3, no date exit 2, an unknown task exit 1; nothing written" {
	crm init -q
	crm-task add subject=A due=2026-02-27 >/dev/null
	fails_unchanged 3 "crm-task: due: invalid date 'bogus'" crm-task snooze 1 bogus
	fails_unchanged 3 "crm-task: due: invalid date '2026-02-30'" crm-task snooze 1 2026-02-30
	fails_unchanged 1 "crm-task: no task 99" crm-task snooze 99 +1d
	run --separate-stderr crm-task snooze 1
	[ "$status" -eq 2 ]
	[ "$output" = "" ]
	[[ "$stderr" == "crm-task: until when? give one date: +2d, tomorrow, 2026-12-01"* ]]
}

@test "snooze -: no ids on stdin means nothing matched, exit 1, like done and set" {
	crm init -q
	crm-task add subject=A due=2026-02-27 >/dev/null
	run --separate-stderr crm-task done - </dev/null
	[ "$status" -eq 1 ]
	run --separate-stderr crm-task snooze - +1d </dev/null
	echo "status=$status stderr=[$stderr]" >&2
	[ "$status" -eq 1 ]
	[ "$output" = "" ]
}

# ------------------------------------------------------- remind (cron)

@test "remind: prints each task whose reminder time has come, once, oldest reminder first" {
	crm init -q
	crm-task add subject=A due="2026-03-01 10:00" remind=-1h >/dev/null        # 09:00: due now
	crm-task add subject=B due="2026-03-01 09:30" remind=-1h >/dev/null        # 08:30: past
	crm-task add subject=C due="2026-03-01 10:30" remind=-1h >/dev/null        # 09:30: not yet
	crm-task add subject=D remind="2026-02-28 09:00" >/dev/null                # yesterday
	crm-task add subject=E remind="2026-02-28 09:00" >/dev/null                # done: never
	crm-task add subject=F due="2026-03-02" >/dev/null                         # no reminder
	crm-task done 5
	run --separate-stderr crm-task remind
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	output_is <<'EOF'
4	D	todo		normal	open		tester
2	B	todo	2026-03-01 09:30	normal	open		tester
1	A	todo	2026-03-01 10:00	normal	open		tester
EOF
	# the second run at the same time prints nothing, and succeeds
	run --separate-stderr crm-task remind
	[ "$status" -eq 0 ]
	[ "$output" = "" ]
	[ "$stderr" = "" ]
	run --separate-stderr env CRM_NOW=2026-03-01T09:30:00Z crm-task remind
	[ "$status" -eq 0 ]
	[ "$output" = "3	C	todo	2026-03-01 10:30	normal	open		tester" ]
	run tasks_csv id,remind,reminded
	output_is <<'EOF'
id,remind,reminded
1,2026-03-01T09:00:00Z,2026-03-01T09:00:00Z
2,2026-03-01T08:30:00Z,2026-03-01T09:00:00Z
3,2026-03-01T09:30:00Z,2026-03-01T09:30:00Z
4,2026-02-28T09:00:00Z,2026-03-01T09:00:00Z
5,2026-02-28T09:00:00Z,
6,,
EOF
}

@test "remind: nothing due prints nothing and exits 0 (cron sends no mail)" {
	crm init -q
	run --separate-stderr crm-task remind
	[ "$status" -eq 0 ]
	[ "$output" = "" ]
	[ "$stderr" = "" ]
	crm-task add subject=Later due=2026-03-05 remind=-1d >/dev/null
	run --separate-stderr crm-task remind
	[ "$status" -eq 0 ]
	[ "$output" = "" ]
	[ "$stderr" = "" ]
}

@test "remind: two runs started together print each task exactly once between them" {
	crm init -q
	local round o1 o2 r1 r2 want
	for round in 1 2 3; do
		crm-task add subject="Task $round" due="2026-03-01 10:00" remind=-1h >/dev/null
		o1="$BATS_TEST_TMPDIR/out1.$round" o2="$BATS_TEST_TMPDIR/out2.$round"
		crm-task remind >"$o1" 2>"$o1.err" 3>&- &
		local p1=$!
		crm-task remind >"$o2" 2>"$o2.err" 3>&- &
		local p2=$!
		r1=0 r2=0
		wait "$p1" || r1=$?
		wait "$p2" || r2=$?
		want="$round	Task $round	todo	2026-03-01 10:00	normal	open		tester"
		echo "round $round: r1=$r1 r2=$r2 out1=[$(cat "$o1")] out2=[$(cat "$o2")]" \
			"err=[$(cat "$o1.err" "$o2.err")]" >&2
		[ "$r1" -eq 0 ]
		[ "$r2" -eq 0 ]
		[ "$(cat "$o1" "$o2")" = "$want" ]
		[ "$(cat "$o1.err" "$o2.err")" = "" ]
	done
	# and the change log marks each reminded once
	[ "$(crm sql "SELECT count(*) FROM change WHERE field = 'reminded'")" = "3" ]
}

# bats test_tags=sqlite
@test "remind: a database locked past CRM_BUSY_TIMEOUT is exit 4 with a message; nothing marked" {
	command -v sqlite3 >/dev/null || skip "sqlite3 CLI absent"
	crm init -q
	crm-task add subject=Call due="2026-03-01 10:00" remind=-1h >/dev/null
	local locked="$BATS_TEST_TMPDIR/locked"
	# sqlite3 holds the write lock while its stdin stays open
	{
		printf 'BEGIN IMMEDIATE;\nSELECT 1;\n'
		sleep 3
		printf 'COMMIT;\n'
	} | sqlite3 "$CRM_DB" >"$locked" 2>&1 3>&- &
	local holder=$!
	local i
	for i in $(seq 50); do
		[ -s "$locked" ] && break
		sleep 0.1
	done
	[ "$(cat "$locked")" = "1" ]
	run --separate-stderr env CRM_BUSY_TIMEOUT=0.5 crm-task remind
	echo "status=$status stdout=[$output] stderr=[$stderr]" >&2
	[ "$status" -eq 4 ]
	[ "$output" = "" ]
	[ "$stderr" = "crm-task: $CRM_DB: database is locked by another writer; try again (or raise CRM_BUSY_TIMEOUT)" ]
	wait "$holder"
	run tasks_csv id,reminded
	output_is <<'EOF'
id,reminded
1,
EOF
	# once the lock is gone the reminder goes out
	run crm-task remind
	[ "$status" -eq 0 ]
	[ "$output" = "1	Call	todo	2026-03-01 10:00	normal	open		tester" ]
}

# ------------------------------------------------------------ pipelines

@test "pipeline: crm-contact list tag=vip | crm-task add - makes one linked task per contact" {
	seed
	crm-contact set -q 2 tags+=vip
	run --separate-stderr bash -c 'crm-contact list tag=vip | crm-task add - subject="Christmas call" due=2026-12-20'
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	output_is <<'EOF'
1
2
EOF
	run tasks_csv id,subject,due,contact,account
	output_is <<'EOF'
id,subject,due,contact,account
1,Christmas call,2026-12-20,Ana García,Acme
2,Christmas call,2026-12-20,José Pérez,García y Asociados
EOF
	# csv with a header works too, and --about says what the ids are
	run bash -c 'crm-account list name=Acme -o csv | crm-task add - --about account subject=Renewal'
	[ "$status" -eq 0 ]
	[ "$output" = "3" ]
	run crm-task list account=Acme -o csv --fields id,subject,contact,account
	output_is <<'EOF'
id,subject,contact,account
1,Christmas call,Ana García,Acme
3,Renewal,,Acme
EOF
}

@test "pipeline: add - with no ids is exit 1, an unknown id exit 3, a bad --about exit 2; nothing written" {
	seed
	fails_unchanged 1 "" bash -c 'crm-contact list tag=nobody | crm-task add - subject=X'
	fails_unchanged 3 "crm-task: contact: no contact '99'" \
		bash -c 'printf "1\n99\n" | crm-task add - subject=X'
	run --separate-stderr bash -c 'echo 1 | crm-task add - --about city subject=X'
	[ "$status" -eq 2 ]
	[ "$output" = "" ]
	[[ "$stderr" == "crm-task: --about: a task is not about a 'city'"* ]]
}

@test "pipeline: crm-task list due<today | crm-task snooze - +1d moves the overdue open tasks" {
	crm init -q
	crm-task add subject=A due=2026-02-27 >/dev/null
	crm-task add subject=B due="2026-02-28 15:45" remind=-1h >/dev/null
	crm-task add subject=C due=2026-03-01 >/dev/null
	crm-task add subject=D due="2026-03-01 08:00" >/dev/null
	crm-task add subject=E due=2026-02-20 >/dev/null
	crm-task add subject=F >/dev/null
	crm-task done 5
	run --separate-stderr bash -c "crm-task list 'due<today' | crm-task snooze - +1d"
	[ "$status" -eq 0 ]
	[ "$output" = "" ]
	[ "$stderr" = "" ]
	run tasks_csv id,subject,due,remind,status
	output_is <<'EOF'
id,subject,due,remind,status
1,A,2026-03-02,,open
2,B,2026-03-02T15:45:00Z,2026-03-02T14:45:00Z,open
3,C,2026-03-01,,open
4,D,2026-03-01T08:00:00Z,,open
5,E,2026-02-20,,done
6,F,,,open
EOF
	run --separate-stderr crm-task list 'due<today'
	[ "$status" -eq 1 ]
	[ "$output" = "" ]
}

@test "pipeline: crm-log list channel=phone -o csv round-trips through import into an empty database" {
	seed
	crm-log add channel=email subject=Mail contact=1 >/dev/null
	crm-log add channel=phone direction=out subject="Called José" contact=2 \
		at="2026-02-27 16:00" outcome="call back" >/dev/null
	crm-log add channel=note subject=Note >/dev/null
	crm-log add channel=phone direction=in subject='Ana called, about the "quote"' contact=1 \
		at=2026-02-28T11:15 >/dev/null
	crm-log add channel=phone subject="No contact" at="2026-02-28 12:00" >/dev/null
	crm-log list channel=phone -o csv >"$BATS_TEST_TMPDIR/a.csv"
	run cat "$BATS_TEST_TMPDIR/a.csv"
	output_is <<'EOF'
id,at,channel,direction,subject,contact,owner
2,2026-02-27T16:00:00Z,phone,out,Called José,José Pérez,tester
4,2026-02-28T11:15:00Z,phone,in,"Ana called, about the ""quote""",Ana García,tester
5,2026-02-28T12:00:00Z,phone,,No contact,,tester
EOF
	export CRM_DB="$BATS_TEST_TMPDIR/empty.db"
	crm init -q
	# the contacts are not there: refused as a whole, nothing written
	fails_unchanged 3 "crm-log: line 2: contact: no contact 'José Pérez'
crm-log: line 3: contact: no contact 'Ana García'
crm-log: nothing imported: 2 invalid rows; fix them, or use --skip-invalid" \
		crm-log import "$BATS_TEST_TMPDIR/a.csv"
	run --separate-stderr crm-log import --create-refs "$BATS_TEST_TMPDIR/a.csv"
	[ "$status" -eq 0 ]
	[ "$stderr" = "crm-log: 3 added, 0 updated, 0 unchanged, 0 invalid" ]
	crm-log list channel=phone -o csv >"$BATS_TEST_TMPDIR/b.csv"
	cmp "$BATS_TEST_TMPDIR/a.csv" "$BATS_TEST_TMPDIR/b.csv"
}

@test "pipeline: crm-log export round-trips every field, bodies with newlines included" {
	seed
	crm-log add channel=phone direction=in subject="Ana called" contact=1 at=2026-02-28T11:15 \
		body="line one
line two" outcome='yes, "maybe"' tags=b,a >/dev/null
	crm-log add channel=visit subject=Visit account=Acme >/dev/null
	crm-log export >"$BATS_TEST_TMPDIR/a.csv"
	export CRM_DB="$BATS_TEST_TMPDIR/empty.db"
	run --separate-stderr crm-log import --create-refs "$BATS_TEST_TMPDIR/a.csv"
	[ "$status" -eq 0 ]
	crm-log export >"$BATS_TEST_TMPDIR/b.csv"
	cmp "$BATS_TEST_TMPDIR/a.csv" "$BATS_TEST_TMPDIR/b.csv"
}

# ----------------------------------------------------------------- crm-log

@test "log add: channel note and at now by default; prints the id" {
	seed
	run --separate-stderr crm-log add subject="Quick note" contact=1
	[ "$status" -eq 0 ]
	[ "$output" = "1" ]
	[ "$stderr" = "" ]
	run crm-log list -o csv --fields all
	output_is <<'EOF'
id,at,channel,direction,subject,body,outcome,message_id,contact,account,lead,opp,case,owner,tags,notes,created,updated
1,2026-03-01T09:00:00Z,note,,Quick note,,,,Ana García,Acme,,,,tester,,,2026-03-01T09:00:00Z,2026-03-01T09:00:00Z
EOF
	run crm-log list
	[ "$output" = "1	2026-03-01T09:00:00Z	note		Quick note	Ana García	tester" ]
	# a local time of day is stored as UTC; a channel any case
	TZ=Europe/Madrid crm-log add channel=Phone direction=out subject=Call at="2026-02-27 16:00" >/dev/null
	run crm-log list id=2 -o csv --fields id,at,channel
	output_is <<'EOF'
id,at,channel
2,2026-02-27T15:00:00Z,phone
EOF
}

@test "log add: a bad channel, direction or time is refused, exit 3, nothing written" {
	seed
	fails_unchanged 3 "crm-log: channel: 'pigeon' is not one of: phone,email,meeting,visit,web,chat,fax,letter,note" \
		crm-log add channel=pigeon subject=X
	fails_unchanged 3 "crm-log: direction: 'up' is not one of: in,out" \
		crm-log add direction=up subject=X
	fails_unchanged 3 "crm-log: at: invalid date and time '2026-02-30 10:00'" \
		crm-log add at="2026-02-30 10:00" subject=X
	fails_unchanged 3 "crm-log: contact: no contact '99'" \
		crm-log add contact=99 subject=X
}

@test "log add body=-: the body is read from standard input, trailing newlines dropped" {
	seed
	run --separate-stderr bash -c 'printf "Hola Ana,\n\tgracias por la llamada.\n\n" | crm-log add channel=email direction=in subject="Re: oferta" body=- contact=1'
	[ "$status" -eq 0 ]
	[ "$output" = "1" ]
	[ "$stderr" = "" ]
	run crm-log list -o csv --fields id,channel,direction,subject,body
	output_is <<'EOF'
id,channel,direction,subject,body
1,email,in,Re: oferta,"Hola Ana,
	gracias por la llamada."
EOF
	run crm-log show 1
	output_is <<'EOF'
id:         1
at:         2026-03-01 09:00
channel:    email
direction:  in
subject:    Re: oferta
body:       Hola Ana,
            	gracias por la llamada.
contact:    Ana García (1)
account:    Acme (1)
owner:      tester
created:    2026-03-01 09:00
updated:    2026-03-01 09:00
EOF
	# empty input: no body
	run bash -c 'crm-log add subject=Empty body=- </dev/null'
	[ "$output" = "2" ]
	run crm-log list id=2 -o csv --fields id,body
	output_is <<'EOF'
id,body
2,
EOF
	fails_unchanged 3 "crm-log: body: standard input is not valid UTF-8" \
		bash -c 'printf "\377\376" | crm-log add subject=Bad body=-'
}

@test "log list: filters by channel and by contact" {
	seed
	crm-log add channel=phone direction=out subject="Called José" contact=2 at="2026-02-27 16:00" >/dev/null
	crm-log add channel=phone direction=in subject="Ana called" contact=1 at="2026-02-28 11:15" >/dev/null
	crm-log add channel=email subject="Mail to Ana" contact=1 at="2026-02-26 10:00" >/dev/null
	crm-log add subject=Note >/dev/null
	run crm-log list channel=phone
	[ "$status" -eq 0 ]
	output_is <<'EOF'
1	2026-02-27T16:00:00Z	phone	out	Called José	José Pérez	tester
2	2026-02-28T11:15:00Z	phone	in	Ana called	Ana García	tester
EOF
	run crm-log list contact=1
	[ "$status" -eq 0 ]
	output_is <<'EOF'
3	2026-02-26T10:00:00Z	email		Mail to Ana	Ana García	tester
2	2026-02-28T11:15:00Z	phone	in	Ana called	Ana García	tester
EOF
	run crm-log list contact=1 channel=phone -o ids
	[ "$output" = "2" ]
	run crm-log list channel=email,note -o ids
	output_is <<'EOF'
3
4
EOF
	run --separate-stderr crm-log list channel=visit
	[ "$status" -eq 1 ]
	[ "$output" = "" ]
}

# ---------------------------------------------------------------- timeline

# Ana's story: added, moved, called, mailed, two tasks (one done, one cancelled).
timeline_seed() {
	seed
	CRM_NOW=2026-03-02T10:00:00Z crm-contact set -q 1 city=Barcelona
	CRM_NOW=2026-03-02T11:00:00Z crm-log add channel=phone direction=out subject="Intro call" contact=1 >/dev/null
	crm-log add channel=email direction=in subject="Brochure request" contact=1 at="2026-03-01 12:00" >/dev/null
	crm-log add channel=note contact=1 at="2026-03-03 08:00" >/dev/null
	crm-log add channel=phone subject="José call" contact=2 at="2026-03-02 09:00" >/dev/null
	CRM_NOW=2026-03-02T12:00:00Z crm-task add subject="Send quote" due=2026-03-05 contact=1 >/dev/null
	CRM_NOW=2026-03-02T13:00:00Z crm-task add subject="Follow up" contact=1 >/dev/null
	CRM_NOW=2026-03-04T15:30:00Z crm-task done 1
	CRM_NOW=2026-03-04T16:00:00Z crm-task cancel 2
	crm-task add subject="Other" contact=2 >/dev/null
}

@test "timeline contact=1: changes, interactions and tasks, newest first" {
	timeline_seed
	run --separate-stderr crm-log timeline contact=1
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	output_is <<'EOF'
2026-03-04T16:00:00Z	task cancelled	Follow up
2026-03-04T15:30:00Z	task done	Send quote
2026-03-03T08:00:00Z	note	(no subject)
2026-03-02T13:00:00Z	task	Follow up
2026-03-02T12:00:00Z	task	Send quote, due 2026-03-05
2026-03-02T11:00:00Z	phone out	Intro call
2026-03-02T10:00:00Z	change	city: Madrid → Barcelona
2026-03-01T12:00:00Z	email in	Brochure request
2026-03-01T09:00:00Z	change	added
EOF
	TZ=Europe/Madrid run crm-log timeline contact=1 -o table
	[ "$status" -eq 0 ]
	output_is <<'EOF'
when              kind            what
2026-03-04 17:00  task cancelled  Follow up
2026-03-04 16:30  task done       Send quote
2026-03-03 09:00  note            (no subject)
2026-03-02 14:00  task            Follow up
2026-03-02 13:00  task            Send quote, due 2026-03-05
2026-03-02 12:00  phone out       Intro call
2026-03-02 11:00  change          city: Madrid → Barcelona
2026-03-01 13:00  email in        Brochure request
2026-03-01 10:00  change          added
EOF
}

@test "timeline: an unknown record is exit 1; no record or a bad one is exit 2" {
	seed
	run --separate-stderr crm-log timeline contact=99
	[ "$status" -eq 1 ]
	[ "$output" = "" ]
	[ "$stderr" = "crm-log: no contact '99'" ]
	run --separate-stderr crm-log timeline
	[ "$status" -eq 2 ]
	[ "$output" = "" ]
	[[ "$stderr" == "crm-log: give one record: contact=12, account=Acme, opp=7"* ]]
	run --separate-stderr crm-log timeline planet=1
	[ "$status" -eq 2 ]
	[ "$output" = "" ]
	[[ "$stderr" == "crm-log: which record? contact=ID, account=NAME, lead=..., opp=..."* ]]
	run --separate-stderr crm-log timeline account=Acme
	[ "$status" -eq 0 ]
	[ "$output" = "2026-03-01T09:00:00Z	change	added" ]
}

# -------------------------------------------------------------------- show

show_seed() {
	seed
	local d
	for d in 01 02 03 04 05 06 07; do
		crm-log add channel=phone subject="Call $d" contact=1 at="2026-02-$d 10:00" >/dev/null
	done
	crm-log add channel=email subject="Other contact" contact=2 >/dev/null
	crm-task add subject="Send quote" due=2026-03-05 contact=1 priority=high >/dev/null # 1
	crm-task add subject=Visit due="2026-03-10 16:00" contact=1 kind=visit >/dev/null  # 2
	crm-task add subject="Old one" due=2026-02-20 contact=1 >/dev/null                 # 3
	crm-task add subject=Dropped contact=1 >/dev/null                                  # 4
	crm-task add subject=Later contact=1 >/dev/null                                    # 5
	crm-task add subject="José's" contact=2 >/dev/null                                 # 6
	crm-task done 3
	crm-task cancel 4
}

@test "show contact: its open tasks (no done or cancelled one) and its last 5 interactions" {
	show_seed
	run --separate-stderr crm-contact show 1
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	# what is listed, whatever the time format (see the next test for that)
	local tasks interactions
	tasks="$(printf '%s\n' "$output" | sed -n '/^tasks:$/,/^$/p' | awk 'NR > 1 && NF { print $1 }' | tr '\n' ' ')"
	interactions="$(printf '%s\n' "$output" | sed -n '/^interactions:$/,$p' | awk 'NR > 1 && NF { print $1 }' | tr '\n' ' ')"
	echo "tasks=[$tasks] interactions=[$interactions]" >&2
	[ "$tasks" = "1 2 5 " ]
	[ "$interactions" = "7 6 5 4 3 " ]
	[[ "$output" != *"Old one"* ]]
	[[ "$output" != *"Dropped"* ]]
	[[ "$output" != *"Other contact"* ]]
}

@test "show contact: exact view; related tasks and interactions show times in local time like the record" {
	show_seed
	run crm-contact show 1
	[ "$status" -eq 0 ]
	output_is <<'EOF'
id:         1
first_name: Ana
last_name:  García
account:    Acme (1)
email:      ana@acme.es
phone:      +34 600 12 34 56
city:       Madrid
owner:      tester
tags:       madrid,vip
created:    2026-03-01 09:00
updated:    2026-03-01 09:00

tasks:
  1  Send quote  todo  2026-03-05  high  open
  2  Visit  visit  2026-03-10 16:00  normal  open
  5  Later  todo  normal  open

interactions:
  7  Call 07  2026-02-07 10:00  phone
  6  Call 06  2026-02-06 10:00  phone
  5  Call 05  2026-02-05 10:00  phone
  4  Call 04  2026-02-04 10:00  phone
  3  Call 03  2026-02-03 10:00  phone
EOF
	TZ=Europe/Madrid run crm-contact show 1
	[ "$status" -eq 0 ]
	[[ "$output" == *"  2  Visit  visit  2026-03-10 17:00  normal  open"* ]]
	[[ "$output" == *"  7  Call 07  2026-02-07 11:00  phone"* ]]
}

@test "show task: due and remind both in local time" {
	crm init -q
	export TZ=Europe/Madrid
	crm-task add subject=X due="2026-03-10 17:00" remind=-1h >/dev/null
	run crm-task show 1
	[ "$status" -eq 0 ]
	output_is <<'EOF'
id:       1
subject:  X
kind:     todo
due:      2026-03-10 17:00
remind:   2026-03-10 16:00
priority: normal
status:   open
owner:    tester
created:  2026-03-01 10:00
updated:  2026-03-01 10:00
EOF
}

# -------------------------------------------------------------------- undo

@test "crm undo of a done that made the next recurrence removes it and reopens the task" {
	crm init -q
	crm-task add subject=Weekly due=2026-03-02 recur=weekly remind=-1d >/dev/null
	crm-task done -q 1
	run tasks_csv id,due,remind,status,finished
	output_is <<'EOF'
id,due,remind,status,finished
1,2026-03-02,2026-03-01T09:00:00Z,done,2026-03-01T09:00:00Z
2,2026-03-09,2026-03-08T09:00:00Z,open,
EOF
	run --separate-stderr crm undo
	[ "$status" -eq 0 ]
	[ "$output" = "" ]
	[ "$stderr" = "crm: undid run 2 (3 changes by tester at 2026-03-01T09:00:00Z)" ]
	run tasks_csv id,due,remind,status,finished
	output_is <<'EOF'
id,due,remind,status,finished
1,2026-03-02,2026-03-01T09:00:00Z,open,
EOF
	run --separate-stderr crm-task show 2
	[ "$status" -eq 1 ]
	[ "$stderr" = "crm-task: no task 2" ]
	run --separate-stderr crm-task list --deleted
	[ "$status" -eq 1 ]
	# done again: one next task, as the first time, under a new id: the
	# erased task 2 keeps its history to itself
	run --separate-stderr crm-task done 1
	[ "$stderr" = "crm-task: task 1 done; next: task 3 due 2026-03-09" ]
	run crm-task list -o csv --fields id,due,status
	output_is <<'EOF'
id,due,status
3,2026-03-09,open
EOF
}

@test "due filters mean local days: due=tomorrow finds a task due tomorrow at 10:30" {
	crm init -q
	export TZ=Europe/Madrid CRM_NOW=2026-03-04T09:00:00Z
	crm-task add subject=A due="tomorrow 10:30" >/dev/null
	crm-task add subject=B due=tomorrow >/dev/null
	crm-task add subject=C due="today 00:30" >/dev/null # 2026-03-03T23:30:00Z
	crm-task add subject=D due=yesterday >/dev/null
	crm-task add subject=E >/dev/null
	local f want
	for f in "due=tomorrow:A B" "due<today:D" "due<=today:C D" "due>today:A B" \
		"due>=tomorrow:A B" "due!=tomorrow:C D E" "due=today,yesterday:C D"; do
		want=${f#*:}
		run crm-task list --sort id -o tsv --fields subject "${f%%:*}"
		[ "$(echo $output)" = "$want" ] || { echo "${f%%:*}: got '$(echo $output)'" >&2; false; }
	done
}

@test "export -o ics: each VTODO keeps its UID; import of the same calendar twice updates, never duplicates" {
	crm-task add subject='Call Ana' due=2026-03-10 >/dev/null
	crm-task export -o ics >first.ics
	uid=$(crm-task list --fields uid)
	[[ "$uid" =~ ^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$ ]]
	grep -q "^UID:$uid"$'\r$' first.ics
	crm-task export -o ics >second.ics
	cmp first.ics second.ics
	empty_database
	run --separate-stderr crm-task import first.ics
	[ "$status" -eq 0 ]
	stderr_is <<<"crm-task: 1 added, 0 updated, 0 unchanged from iCalendar"
	crm-task export -o ics >third.ics
	cmp first.ics third.ics
	sed -i 's/^SUMMARY:Call Ana/SUMMARY:Call Ana García/' first.ics
	run --separate-stderr crm-task import first.ics
	stderr_is <<<"crm-task: 0 added, 1 updated, 0 unchanged from iCalendar"
	run --separate-stderr crm-task import first.ics
	stderr_is <<<"crm-task: 0 added, 0 updated, 1 unchanged from iCalendar"
	run crm-task list --fields id,subject,due,uid
	output_is <<<"1	Call Ana García	2026-03-10	$uid"
}

@test "a monthly series on the 31st keeps its day through export and import: BYMONTHDAY=31" {
	CRM_NOW=2026-01-20T09:00:00Z crm-task add subject=Rent due=2026-01-31 recur=monthly >/dev/null
	CRM_NOW=2026-02-01T09:00:00Z crm-task set -q 1 status=done
	run crm-task list status=open --fields id,due,recur,anchor
	output_is <<<"2	2026-02-28	monthly	31"
	crm-task export -o ics status=open >rent.ics
	grep -q $'^DUE;VALUE=DATE:20260228\r$' rent.ics
	grep -q $'^RRULE:FREQ=MONTHLY;BYMONTHDAY=31\r$' rent.ics
	empty_database
	run --separate-stderr crm-task import rent.ics
	[ "$status" -eq 0 ]
	stderr_is <<<"crm-task: 1 added, 0 updated, 0 unchanged from iCalendar"
	run crm-task list --fields id,due,recur,anchor
	output_is <<<"1	2026-02-28	monthly	31"
	CRM_NOW=2026-02-10T09:00:00Z crm-task set -q 1 status=done
	run crm-task list status=open --fields id,due,anchor
	output_is <<<"2	2026-03-31	31"
	# a day of the month for a weekly series is more than crm repeats
	printf 'BEGIN:VTODO\r\nUID:w\r\nSUMMARY:W\r\nDUE;VALUE=DATE:20260305\r\nRRULE:FREQ=WEEKLY;BYMONTHDAY=5\r\nEND:VTODO\r\n' >w.ics
	run --separate-stderr crm-task import w.ics
	stderr_is <<'EOF'
crm-task: line 1: RRULE 'FREQ=WEEKLY;BYMONTHDAY=5' is more than crm repeats; the task is kept once
crm-task: 1 added, 0 updated, 0 unchanged from iCalendar
EOF
}
