#!/usr/bin/env bats
# crm-user: the people who own records, their teams, managers, regions and
# roles; owners that are users; reports by team, manager and the owner's
# region, checked on the Maven sales teams against sqlite3 on the raw CSVs.

load helper
bats_require_minimum_version 1.5.0

MAVEN="${CRM_TESTDATA:-$BATS_TEST_DIRNAME/../../../shared/testdata}/maven-crm-sales-opportunities"

@test "user add LOGIN: the first word is the login, the name defaults to it and back" {
	run crm-user add luis 'name=Luis Pérez' email=luis@example.com team=east region=Centro
	[ "$status" -eq 0 ]
	[ "$output" = 1 ]
	run crm user add ana
	[ "$output" = 2 ]
	run crm-user add 'name=Pedro Gómez'
	[ "$output" = 3 ]
	run crm-user list -o csv --fields id,login,name,team,region,role
	output_is <<'EOF'
id,login,name,team,region,role
2,ana,ana,,,rep
1,luis,Luis Pérez,east,Centro,rep
3,Pedro Gómez,Pedro Gómez,,,rep
EOF
}

@test "user set, rm, restore, show find a user by login; a manager by name" {
	crm-user add luis 'name=Luis Pérez' >/dev/null
	crm-user add ana 'name=Ana García' role=manager >/dev/null
	run crm-user set luis manager='ana garcia' team=east
	[ "$status" -eq 0 ]
	run crm-user show LUIS
	[[ "$output" == *"manager: Ana García (2)"* ]]
	[[ "$output" == *"team:    east"* ]]
	crm-user rm luis
	run crm-user list -o ids
	[ "$output" = 2 ]
	crm-user restore luis
	run crm-user list -o ids
	[ "$output" = $'2\n1' ]
	fails_unchanged 1 "crm-user: no user with login 'nobody'" crm-user set nobody team=x
}

@test "user: a login taken, a bad login or role is refused and nothing changes" {
	crm-user add luis >/dev/null
	fails_unchanged 3 "crm-user: login: 'LUIS' already belongs to user 1" crm-user add LUIS
	fails_unchanged 3 "crm-user: login: a login holds no comma 'a,b'" crm-user add a,b
	fails_unchanged 3 "crm-user: login: a login is not digits only '123'" crm-user add 123
	run --separate-stderr crm-user add eva role=boss
	[ "$status" -eq 3 ]
	[[ "$stderr" == *"role"*"boss"* ]]
	run crm-user list -o ids
	[ "$output" = 1 ]
}

@test "owner: a user's name or e-mail stores their login; several users by one name is an error" {
	crm-user add luis 'name=Luis Pérez' email=luis@example.com >/dev/null
	crm-contact add first_name=A owner='luis perez' >/dev/null
	crm-contact add first_name=B owner=LUIS@example.com >/dev/null
	crm-contact add first_name=C owner=Luis >/dev/null
	run crm-contact list -o csv --fields first_name,owner
	output_is <<'EOF'
first_name,owner
A,luis
B,luis
C,luis
EOF
	# the filter finds them by the name too
	run crm-contact list owner='Luis Pérez' -o ids
	[ "$output" = $'1\n2\n3' ]
	crm-user add luis2 'name=Luis Pérez' >/dev/null
	fails_unchanged 3 "crm-contact: owner: 'Luis Pérez' names several users: luis (Luis Pérez), luis2 (Luis Pérez); give the login" \
		crm-contact add first_name=D owner='Luis Pérez'
}

@test "owner: a new owner becomes a user in the same run, and undo takes both back" {
	run crm-opp add name=Deal amount=100 owner=marta
	[ "$status" -eq 0 ]
	run crm-user list -o csv --fields login,name,role
	output_is <<'EOF'
login,name,role
marta,marta,rep
EOF
	crm undo
	run crm-user list -o ids
	[ "$output" = "" ]
	run crm-opp list -o ids
	[ "$output" = "" ]
	# the default owner ($CRM_USER) is a user once it owns something
	crm-contact add first_name=X >/dev/null
	run crm-user list -o csv --fields login
	[ "$output" = $'login\ntester' ]
	# --dry-run plans the new user as well, and writes neither
	run --separate-stderr crm-contact add --dry-run first_name=Y owner=nadie
	[ "$status" -eq 0 ]
	output_is <<'EOF'
add user 3: login=nadie name=nadie role=rep
add contact 2: first_name=Y owner=nadie
EOF
	run crm-user list -o ids
	[ "$output" = 2 ]
}

# bats test_tags=sqlite
@test "migration: every owner an older database names becomes a user, found by search" {
	crm-contact add first_name=A owner=Ana >/dev/null
	crm-contact add first_name=B owner=ana >/dev/null
	crm-account add name=Acme 'owner=Luis Pérez' >/dev/null
	# the database as it was before users: schema 19, owners as text
	sqlite3 "$CRM_DB" 'DROP TRIGGER user_id_mark; DROP TABLE user_fts; DROP TABLE "user";
		DROP TRIGGER change_kept; DROP TRIGGER run_kept; DROP TRIGGER change_never_deleted;
		DROP TRIGGER run_never_deleted; DROP INDEX interaction_message_id;
		ALTER TABLE interaction DROP COLUMN message_id; PRAGMA user_version = 19'
	run crm-user list -o csv --fields id,login,name,role
	output_is <<'EOF'
id,login,name,role
1,Ana,Ana,rep
2,Luis Pérez,Luis Pérez,rep
EOF
	# name keys and search entries were made: by name, accents aside, and by word
	run crm-user show 'luis perez'
	[ "$status" -eq 0 ]
	run crm-user list perez -o ids
	[ "$output" = 2 ]
	# both spellings of ana count as one user in reports
	run crm-report pipeline --by team -o tsv
	[ "$status" -eq 0 ]
	run crm check
	[ "$status" -eq 0 ]
}

@test "reports group by team, manager and owner.region; region stays the account's" {
	crm-user add ana 'name=Ana García' team=east region=Norte role=manager >/dev/null
	crm-user add luis team=east region=Sur manager=ana >/dev/null
	crm-user add eva team=west region=Sur manager=ana >/dev/null
	crm-account add name=Acme region=Madrid >/dev/null
	crm-opp add name=D1 amount=100 owner=luis account=Acme stage=won >/dev/null
	crm-opp add name=D2 amount=200 owner=eva stage=won >/dev/null
	crm-opp add name=D3 amount=400 owner=ana stage=won >/dev/null
	run crm-report sales --by team -o tsv
	output_is <<'EOF'
east	EUR	2	500.00	250.00
west	EUR	1	200.00	200.00
(all)	EUR	3	700.00	
EOF
	run crm-report sales --by manager -o tsv
	output_is <<'EOF'
	EUR	1	400.00	400.00
Ana García	EUR	2	300.00	150.00
(all)	EUR	3	700.00	
EOF
	run crm-report sales --by owner.region -o tsv
	output_is <<'EOF'
Norte	EUR	1	400.00	400.00
Sur	EUR	2	300.00	150.00
(all)	EUR	3	700.00	
EOF
	run crm-report sales --by region -o tsv
	output_is <<'EOF'
	EUR	2	600.00	300.00
Madrid	EUR	1	100.00	100.00
(all)	EUR	3	700.00	
EOF
	run --separate-stderr crm-report sales --by squad
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"team manager owner.region"* ]]
}

@test "forecast by team: a team's won against the sum of its members' quotas" {
	crm-user add luis team=east >/dev/null
	crm-user add eva team=east >/dev/null
	crm-user add ana team=west >/dev/null
	crm-report quota set luis 2026 1200
	crm-report quota set eva 2026-Q1 300
	# by the user's name, which becomes the login
	crm-user set ana 'name=Ana García'
	crm-report quota set 'Ana García' 2026-03 100
	run crm-report quota -o tsv
	output_is <<'EOF'
ana	2026-03	EUR	100.00
eva	2026-Q1	EUR	300.00
luis	2026	EUR	1200.00
EOF
	crm-opp add name=D1 amount=150 owner=luis stage=won closed=2026-02-10 >/dev/null
	crm-opp add name=D2 amount=50 owner=eva stage=won closed=2026-03-10 >/dev/null
	run crm-report forecast --period quarter --by team -o tsv
	[ "$status" -eq 0 ]
	# east in 2026-Q1: luis 1200/4 + eva 300 = 600 against 200 won
	[[ "$output" == *$'2026-Q1\teast\tEUR\t0\t0.00\t0.00\t0.00\t2\t200.00\t600.00\t33.3'* ]]
	run crm-report forecast --period month --by team -o tsv
	[[ "$output" == *$'2026-03\twest\t'* ]] || [[ "$output" != *west* ]]
	# a quota for someone unknown makes them a user
	crm-report quota set nuevo 2026 10
	run crm-user list -o csv --fields login
	[[ "$output" == *nuevo* ]]
}

@test "Maven sales teams: imported as users, sales by manager and office agree with sqlite3" {
	[ -f "$MAVEN/sales_teams.csv" ] || skip "Maven dataset absent ($MAVEN)"
	export CRM_CURRENCY=USD
	crm-product import -q --map product=sku --map series=family --map sales_price=price \
		"$MAVEN/products.csv"
	crm-opp stages set default engaging position=2 probability=30
	crm-opp import -q --create-refs --map opportunity_id=name --map sales_agent=owner \
		--map product=product --map account=account --map deal_stage=stage \
		--map engage_date=created --map close_date=closed --map close_value=amount \
		"$MAVEN/sales_pipeline.csv"
	# the agents are users already (owners); the file adds managers and offices
	run --separate-stderr crm-user import --key login --create-refs "$MAVEN/sales_teams.csv"
	[ "$status" -eq 0 ]
	[ "$stderr" = "crm-user: 5 added, 30 updated, 0 unchanged, 0 invalid" ]
	raw() {
		sqlite3 -batch -noheader -separator $'\t' :memory: \
			".import --csv $MAVEN/sales_pipeline.csv p" ".import --csv $MAVEN/sales_teams.csv t" "$1"
	}
	local want
	for dim in manager:manager owner.region:regional_office; do
		want=$(raw "SELECT t.${dim#*:}, 'USD', count(*), printf('%.2f', sum(p.close_value))
			FROM p JOIN t ON t.sales_agent = p.sales_agent WHERE p.deal_stage = 'Won'
			GROUP BY 1 ORDER BY 1")
		run crm-report sales --by "${dim%%:*}" -o tsv
		[ "$status" -eq 0 ]
		[ "$(cut -f1-4 <<<"$output" | grep -v '^(all)')" = "$want" ]
	done
	# 35 agents, 6 managers and the importing user
	run crm-user list -o ids
	[ "$(wc -l <<<"$output")" -eq 42 ]
	run crm-user list manager='Dustin Brinkmann' -o ids
	[ "$(wc -l <<<"$output")" -eq "$(grep -c ',Dustin Brinkmann,' "$MAVEN/sales_teams.csv")" ]
}

@test "users are dumped and restored, ids and managers kept" {
	crm-user add ana 'name=Ana García' role=manager >/dev/null
	crm-user add luis manager=ana team=east >/dev/null
	crm-contact add first_name=X owner=luis >/dev/null
	crm dump "$BATS_TEST_TMPDIR/d"
	empty_database
	crm restore "$BATS_TEST_TMPDIR/d"
	run crm-user list -o csv --fields id,login,manager,team
	output_is <<'EOF'
id,login,manager,team
1,ana,,
2,luis,Ana García,east
EOF
	run crm-contact list -o csv --fields first_name,owner
	[ "$output" = $'first_name,owner\nX,luis' ]
}
