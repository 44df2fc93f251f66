#!/usr/bin/env bats
# crm-campaign: campaigns, members (never anyone who opted out), the
# mail-merge list, attribution of leads and opportunities, ROI; partners.

load helper
bats_require_minimum_version 1.5.0

# seed (Ana: VIP in Madrid; José: Sevilla; Françoise: Paris, opted out), a
# second VIP in Madrid who opted out, a third with no e-mail, a campaign.
campaign_seed() {
	seed
	crm-contact add first_name=Luis last_name=Ortega email=luis@acme.es city=Madrid \
		tags=vip optout=yes >/dev/null
	crm-contact add first_name=Eva last_name=Ruiz city=Madrid tags=vip language=es >/dev/null
	crm-campaign add name=xmas-2026 channel=email start=2026-12-01 end=2026-12-24 \
		budget=1000 cost=800 expected=5000 >/dev/null
}

@test "campaign add: fields, defaults; an end before the start is refused" {
	run --separate-stderr crm-campaign add name='Feria Madrid' channel=event start=2026-05-10 \
		end=2026-05-12 cost=1.200,50
	[ "$status" -eq 0 ]
	[ "$output" = "1" ]
	run crm-campaign list -o csv
	output_is <<'EOF'
id,name,channel,status,start,end,cost,owner
1,Feria Madrid,event,planned,2026-05-10,2026-05-12,1200.50,tester
EOF
	fails_unchanged 3 "crm-campaign: campaign 1: end: before the start (2026-05-10) '2026-05-01'" \
		crm-campaign set 1 end=2026-05-01
	fails_unchanged 3 "crm-campaign: name: 'feria madrid' already belongs to campaign 1" \
		crm-campaign add 'name=feria madrid'
	fails_unchanged 3 "crm-campaign: channel: 'tv' is not one of: email,phone,event,web,ads,mail" \
		crm-campaign add name=Other channel=tv
}

@test "pipeline: crm-contact list segment=vip-madrid | crm-campaign member add xmas-2026 - skips who opted out, saying why" {
	campaign_seed
	crm segment add vip-madrid contact 'tag=vip city=Madrid'
	run --separate-stderr bash -c 'crm-contact list segment=vip-madrid | crm-campaign member add xmas-2026 -'
	[ "$status" -eq 0 ]
	[ "$output" = "" ]
	stderr_is <<'EOF'
crm-campaign: contact 4 (Luis Ortega): skipped: opted out of marketing
crm-campaign: contact 5 (Eva Ruiz): skipped: no e-mail address
crm-campaign: xmas-2026: 1 added, 2 skipped (1 opted out, 1 without e-mail)
EOF
	# again: nobody twice
	run --separate-stderr bash -c 'crm-contact list segment=vip-madrid | crm-campaign member add xmas-2026 - -q'
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	run crm-campaign member list xmas-2026
	[ "$output" = "1	xmas-2026	Ana García		targeted	tester" ]
	# a phone campaign takes people without e-mail, never those who opted out
	crm-campaign add name=calls channel=phone >/dev/null
	run --separate-stderr bash -c 'crm-contact list segment=vip-madrid | crm-campaign member add calls -'
	[ "${stderr_lines[-1]}" = "crm-campaign: calls: 2 added, 1 skipped (1 opted out)" ]
}

@test "member add: an unknown campaign or person writes nothing; leads with --about lead" {
	campaign_seed
	fails_unchanged 1 "crm-campaign: no campaign 'nosuch'" crm-campaign member add nosuch 1
	fails_unchanged 1 "crm-campaign: no contact 99" crm-campaign member add xmas-2026 1 99
	run --separate-stderr crm-campaign member add xmas-2026 1 --about account
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "crm-campaign: --about: members are contacts or leads, not 'account'" ]
	crm-lead add first_name=Rosa company=NewCo email=rosa@newco.es >/dev/null
	echo 1 | crm-campaign member add xmas-2026 - --about lead -q
	[ "$(crm-campaign member list xmas-2026 -o tsv --fields lead,status)" = "Rosa	targeted" ]
}

@test "member set: statuses by the people's ids; unsubscribed sets the contact's opt-out" {
	campaign_seed
	crm-campaign member add xmas-2026 1 2 -q
	printf '1\n' | crm-campaign member set xmas-2026 - status=responded
	echo 2 | crm-campaign member set xmas-2026 - status=unsubscribed
	run crm-campaign member list xmas-2026 -o tsv --fields contact,status
	output_is <<'EOF'
Ana García	responded
José Pérez	unsubscribed
EOF
	[ "$(crm-contact list id=2 -o tsv --fields optout)" = "yes" ]
	# not a member: nothing written
	fails_unchanged 3 "crm-campaign: contact 3 is not a member of campaign 1" \
		crm-campaign member set xmas-2026 3 status=sent
	fails_unchanged 3 "crm-campaign: status: 'bored' is not one of: targeted,sent,responded,converted,unsubscribed" \
		crm-campaign member set xmas-2026 1 status=bored
	# undo gives the opt-out back too
	crm undo -q
	[ "$(crm-contact list id=2 -o tsv --fields optout)" = "" ]
	crm-campaign member rm xmas-2026 2
	[ "$(crm-campaign member list xmas-2026 -o ids)" = "1" ]
}

@test "leads opt out too: unsubscribed in one campaign, never added to the next; conversion keeps it" {
	campaign_seed
	crm-campaign add name=spring-2027 channel=email start=2027-03-01 >/dev/null
	crm-lead add first_name=Rosa company=NewCo email=rosa@newco.es >/dev/null
	crm-lead add first_name=Iker company=Otra email=iker@otra.es optout=yes >/dev/null
	crm-campaign member add xmas-2026 1 2 --about lead -q
	[ "$(crm-campaign member list xmas-2026 -o tsv --fields lead)" = "Rosa" ]
	crm-campaign member set xmas-2026 1 status=unsubscribed --about lead -q
	[ "$(crm-lead list id=1 -o tsv --fields optout)" = yes ]
	run --separate-stderr crm-campaign member add spring-2027 1 2 --about lead
	[ "${stderr_lines[-1]}" = "crm-campaign: spring-2027: 0 added, 2 skipped (2 opted out)" ]
	[ "$(crm-campaign member list spring-2027 -o ids)" = "" ]
	# the contact a lead becomes has said no already
	crm-lead convert 1 -q >/dev/null
	[ "$(crm-contact list email=rosa@newco.es -o tsv --fields optout)" = yes ]
}

@test "merge: a person in a campaign twice is there once, at the furthest status; nobody is mailed twice" {
	campaign_seed
	crm-contact add first_name=Ana last_name=García email=ana2@acme.es >/dev/null
	crm-campaign member add xmas-2026 1 6 -q
	crm-campaign member set xmas-2026 6 status=responded -q
	crm-contact merge -q 1 6
	run crm-campaign member list xmas-2026 -o tsv --fields contact,status
	output_is <<<$'Ana García\tresponded'
	[ "$(crm-campaign members xmas-2026 -o csv --no-header | wc -l)" = 1 ]
	# crm undo takes the merge back, memberships included
	crm undo -q
	[ "$(crm-campaign member list xmas-2026 -o tsv --fields contact,status | sort)" = $'Ana García\tresponded\nAna García\ttargeted' ]
}

@test "members CAMPAIGN --format csv: the mail-merge list, without anyone who opted out since" {
	campaign_seed
	crm-campaign member add xmas-2026 1 2 -q
	crm-lead add first_name=Rosa last_name=Vidal company=NewCo email=rosa@newco.es >/dev/null
	echo 1 | crm-campaign member add xmas-2026 - --about lead -q
	run --separate-stderr crm-campaign members xmas-2026 --format csv
	[ "$status" -eq 0 ]
	output_is <<'EOF'
id,kind,first_name,last_name,email,phone,company,language,status
1,contact,Ana,García,ana@acme.es,+34 600 12 34 56,Acme,,targeted
2,contact,José,Pérez,jose@garcia.es,,García y Asociados,,targeted
1,lead,Rosa,Vidal,rosa@newco.es,,NewCo,,targeted
EOF
	crm-contact set 2 optout=yes -q
	run --separate-stderr crm-campaign members xmas-2026 -o csv status=targeted
	[ "${#lines[@]}" -eq 3 ]
	[ "$stderr" = "crm-campaign: 1 left out: opted out or unsubscribed" ]
	run crm-campaign members nosuch
	[ "$status" -eq 1 ]
}

@test "attribution and roi: leads and opportunities name the campaign; won revenue against cost" {
	campaign_seed
	crm-campaign member add xmas-2026 1 2 -q
	echo 1 | crm-campaign member set xmas-2026 - status=responded
	crm-lead add first_name=Rosa company=NewCo email=rosa@newco.es campaign=xmas-2026 >/dev/null
	crm-lead add first_name=Pablo company=OldCo campaign=xmas-2026 >/dev/null
	# the lead's campaign goes with it into the opportunity it converts to
	crm-lead convert 1 --opp amount=3000 >/dev/null
	[ "$(crm-opp list -o tsv --fields name,campaign)" = "NewCo	xmas-2026" ]
	crm-opp add name='Acme: renewal' account=Acme amount=1000 campaign=xmas-2026 >/dev/null
	crm-opp win 1
	run crm-campaign roi -o table
	output_is <<'EOF'
id  name       members  responses  leads  opps  won  revenue    cost  per_lead  roi
 1  xmas-2026        2          1      2     2    1  3000.00  800.00    400.00  275.0%
EOF
	crm-opp win 2
	crm-campaign add name=empty >/dev/null
	run crm-campaign roi xmas-2026 empty -o csv
	output_is <<'EOF'
id,name,members,responses,leads,opps,won,revenue,cost,per_lead,roi
1,xmas-2026,2,1,2,2,2,4000.00,800.00,400.00,400.0%
2,empty,0,0,0,0,0,0.00,,,
EOF
	# a loss-making campaign
	crm-campaign set 1 cost=5000 -q
	[ "$(crm-campaign roi 1 | cut -f11)" = "-20.0%" ]
	run crm-campaign roi nosuch
	[ "$status" -eq 1 ]
	# a converted lead's membership is converted
	crm-lead add first_name=Nina email=nina@x.es >/dev/null
	echo 3 | crm-campaign member add xmas-2026 - --about lead -q
	crm-lead convert 3 >/dev/null
	[ "$(crm-campaign member list xmas-2026 lead=3 -o tsv --fields status)" = "converted" ]
}

@test "partners: accounts of type partner named on leads and opportunities; others refused" {
	seed
	crm-account add name=Distribuidora type=partner >/dev/null
	crm-lead add first_name=Rosa company=NewCo partner=Distribuidora >/dev/null
	crm-lead convert 1 --opp amount=500 >/dev/null
	[ "$(crm-opp list -o tsv --fields name,partner)" = "NewCo	Distribuidora" ]
	[ "$(crm-opp list partner=Distribuidora -o ids)" = "1" ]
	fails_unchanged 3 "crm-opp: opp 1: partner: 'Acme' is not a partner account (its type is customer)" \
		crm-opp set 1 partner=Acme
	fails_unchanged 3 "crm-lead: partner: 'Acme' is not a partner account (its type is customer)" \
		crm-lead add first_name=X partner=Acme
	# sales and win rates by partner, and by campaign
	crm-opp add name=Direct amount=200 >/dev/null
	crm-opp win 1 2
	run crm-report sales --by partner
	output_is <<'EOF'
	EUR	1	200.00	200.00
Distribuidora	EUR	1	500.00	500.00
(all)	EUR	2	700.00	
EOF
	[ "$(crm-report winrate --by partner | grep Distribuidora | cut -f2-4)" = "1	0	1" ]
	[ "$(crm-report sales --by campaign | cut -f1,3 | tr '\n' ' ')" = "	2 " ]
	# the partner's show lists what it brought
	run crm-account show Distribuidora
	[[ "$output" == *"leads:"* && "$output" == *"opps:"* ]]
}
