#!/usr/bin/env bats
# Configuration is checked as strictly as records: custom fields, stages,
# quotas, rates, weights, lead rules and settings refuse what a dump could
# not restore or crm check would blame, exit 3, nothing written.

bats_require_minimum_version 1.5.0
load helper

# The helper's setup, then no caller's hooks or settings, and a database.
eval "helper_$(declare -f setup)"
setup() {
	helper_setup
	export XDG_CONFIG_HOME="$BATS_TEST_TMPDIR/home/config" CRM_BUSY_TIMEOUT=5000
	unset CRM_HOOKS LANG
	crm init -q
}

@test "field add: a choice list with invalid UTF-8, an empty, doubled or control-character value is refused" {
	fails_unchanged 3 "crm: choice: not valid UTF-8" crm field add contact tier choice "$(printf 'gold,\xff')"
	fails_unchanged 3 "crm: choice: empty name ''" crm field add contact tier choice "gold,,silver"
	fails_unchanged 3 "crm: choice: empty name ''" crm field add contact tier choice "gold,silver,"
	fails_unchanged 3 "crm: choice: given twice 'Gold'" crm field add contact tier choice "gold,Gold"
	fails_unchanged 3 "crm: choice: holds a control character 'sil\\x09ver'" \
		crm field add contact tier choice "$(printf 'gold,sil\tver')"
	fails_unchanged 3 "crm: choice: cannot start with @ '@stage'" crm field add contact tier choice "@stage"
	crm field add contact tier choice "gold, silver"
	crm-contact add first_name=Ana tier=silver >/dev/null
	# what is accepted restores
	crm dump -q dump
	crm restore -q --db new.db dump
	run crm-contact list --db new.db --fields first_name,tier
	output_is <<<"Ana	silver"
}

@test "opp stages set: the probability agrees with the state, as crm check demands" {
	fails_unchanged 3 "crm-opp: stage 'signed': won at probability 40 (won is 100, lost 0, open below 100)" \
		crm-opp stages set default signed state=won probability=40
	fails_unchanged 3 "crm-opp: stage 'dropped': lost at probability 10 (won is 100, lost 0, open below 100)" \
		crm-opp stages set default dropped state=lost probability=10
	fails_unchanged 3 "crm-opp: stage 'sure': open at probability 100 (won is 100, lost 0, open below 100)" \
		crm-opp stages set default sure probability=100
	fails_unchanged 3 "crm-opp: stage 'proposal': lost at probability 50 (won is 100, lost 0, open below 100)" \
		crm-opp stages set default proposal state=lost probability=50
	# a state without a probability brings its own
	crm-opp stages set default signed state=won category=closed
	crm-opp stages set default dropped state=lost category=omitted
	run crm-opp stages
	[ "${lines[6]}" = "default	7	signed	100	closed	won" ]
	[ "${lines[7]}" = "default	8	dropped	0	omitted	lost" ]
	crm-opp add name=Deal amount=100 >/dev/null
	crm-opp stage 1 signed >/dev/null
	run crm check
	[ "$status" -eq 0 ]
}

@test "opp stages set: an empty stage or pipeline, a comma or a control character in its name is refused" {
	fails_unchanged 3 "crm-opp: stage: empty name ''" crm-opp stages set default ""
	fails_unchanged 3 "crm-opp: stage: a name cannot hold a comma 'demo,trial'" \
		crm-opp stages set default demo,trial
	fails_unchanged 3 "crm-opp: stage: holds a control character 'demo\\x0a.'" \
		crm-opp stages set default "$(printf 'demo\n.')"
	fails_unchanged 3 "crm-opp: stage: blanks around the name ' demo'" crm-opp stages set default " demo"
	fails_unchanged 3 "crm-opp: pipeline: not valid UTF-8" crm-opp stages set "$(printf 'p\xff')" demo
	fails_unchanged 3 "crm-opp: pipeline: a name cannot hold a comma 'a,b'" crm-opp stages set a,b demo
}

@test "crm-report: rates, quotas and weights outside their ranges are refused" {
	fails_unchanged 3 "crm-report: rate: not a number from 0 to 100 '150'" crm-report rate add 150
	fails_unchanged 3 "crm-report: rate: not a number from 0 to 100 '-3'" crm-report rate add -3
	fails_unchanged 3 "crm-report: from: not a number from 0 to 1000 '-10'" crm-report rate add 5 from=-10
	fails_unchanged 3 "crm-report: owner: holds a control character 'ana\\x1b[31m'" \
		crm-report rate add 5 "owner=$(printf 'ana\033[31m')"
	fails_unchanged 3 "crm-report: amount: a quota is more than 0 '-5'" crm-report quota set ana 2026 -5
	fails_unchanged 3 "crm-report: amount: a quota is more than 0 '0'" crm-report quota set ana 2026 0
	fails_unchanged 3 "crm-report: owner: not valid UTF-8" crm-report quota set "$(printf 'an\xe1')" 2026 5
	fails_unchanged 3 "crm-report: idle: not a number from -1000 to 1000 '1e9'" crm-report weights idle=1e9
	crm-report rate add 100 from=1000 owner=ana >/dev/null
	crm-report quota set ana 2026 0.01
	crm-report weights overdue=-1000
	run crm config list -o tsv
	[ "$output" = "next.overdue	-1000" ]
}

@test "crm-lead rule add, crm config set: control characters and absurd points are refused" {
	fails_unchanged 3 "crm-lead: term: holds a control character 'source=w\\x01'" \
		crm-lead rule add "$(printf 'source=w\001')" 10
	fails_unchanged 3 "crm-lead: points: not from -1000 to 1000 '1001'" crm-lead rule add source=web 1001
	fails_unchanged 3 "crm: hooks.dir: holds a control character '/srv/crm\\x0ahooks'" \
		crm config set hooks.dir "$(printf '/srv/crm\nhooks')"
	crm-lead rule add source=web -1000
	run crm-lead rule list
	output_is <<<"1	source=web	-1000"
}
