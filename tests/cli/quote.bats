#!/usr/bin/env bats
# End-to-end tests of crm-quote: quotes numbered Q-YEAR-NNNN, priced by their
# own lines (a copy of the opportunity's items), subtotal, discount, tax and
# total to the cent; revisions; send, accept [--win], reject and expire;
# show -o html and -o text; undo, export and import.

load helper
bats_require_minimum_version 1.5.0




# Acme, Ana García, two products, and the opportunity 1 with two items:
# 2 x 4821.00 less 10% = 8677.80 and 3 x 55.00 = 165.00 (items 1 and 2).
offer() {
	crm-account add name=Acme city=Madrid >/dev/null
	crm-contact add first_name=Ana last_name=García email=ana@acme.es account=Acme >/dev/null
	crm-product add sku=GTX-PRO "name=GTX Pro" price=4821 >/dev/null
	crm-product add sku=CBL-HD "name=Cable HD" price=55 >/dev/null
	crm-opp add "name=Acme: 40 seats" account=Acme contact=1 >/dev/null
	crm-opp item add 1 product=GTX-PRO qty=2 discount=10 >/dev/null
	crm-opp item add 1 product=CBL-HD qty=3 >/dev/null
}

# The fields of quote $1 that the tests look at, tab-separated.
quote_row() {
	crm-quote list --fields "${2:-id,number,version,status,discount,tax,subtotal,tax_amount,total}" id="$1"
}

# ================================================================ add

@test "quote add: Q-2026-0001, version 1, draft, valid 30 days; the items copied; subtotal, tax and total to the cent" {
	offer
	run --separate-stderr crm-quote add opp=1 tax=21 "terms=Pago a 30 días"
	[ "$status" -eq 0 ]
	[ "$output" = "1" ]
	[ "$stderr" = "" ]
	# 8677.80 + 165.00 = 8842.80; 21% of it is 1856.988, 1856.99; total 10699.79
	run --separate-stderr crm-quote export
	[ "$status" -eq 0 ]
	output_is <<'EOF'
id,number,version,opp,status,valid_until,currency,discount,tax,subtotal,tax_amount,total,terms,owner,tags,notes,created,updated
1,Q-2026-0001,1,Acme: 40 seats,draft,2026-03-31,EUR,,21,8842.80,1856.99,10699.79,Pago a 30 días,tester,,,2026-03-01T09:00:00Z,2026-03-01T09:00:00Z
EOF
	# its own lines: copies of items 1 and 2, belonging to the quote
	run --separate-stderr crm-quote item list 1
	[ "$status" -eq 0 ]
	output_is <<'EOF'
3		GTX-PRO	2	4821.00	10	8677.80	tester
4		CBL-HD	3	55.00		165.00	tester
EOF
	run crm-quote item list 1 --fields id,quote,product -o csv
	output_is <<'EOF'
id,quote,product
3,Q-2026-0001,GTX-PRO
4,Q-2026-0001,CBL-HD
EOF
	# the opportunity keeps its two items and its amount
	run crm-opp item list 1 -o ids
	output_is <<'EOF'
1
2
EOF
	run crm-opp list --fields id,amount
	[ "$output" = "1	8842.80" ]
	run crm-quote list
	output_is <<'EOF'
1	Q-2026-0001	1	Acme: 40 seats	draft	2026-03-31	10699.79	tester
EOF
}

@test "quote add: the opportunity by name; without tax the total is the subtotal" {
	offer
	run --separate-stderr crm-quote add "opp=acme: 40 SEATS"
	[ "$status" -eq 0 ]
	[ "$output" = "1" ]
	run quote_row 1
	[ "$output" = "1	Q-2026-0001	1	draft			8842.80	0.00	8842.80" ]
}

@test "quote add: an opportunity without items gives a quote of 0.00 with no lines" {
	crm-opp add name=Empty amount=500 >/dev/null
	crm-quote add opp=Empty >/dev/null
	run quote_row 1 id,subtotal,tax_amount,total
	[ "$output" = "1	0.00	0.00	0.00" ]
	run --separate-stderr crm-quote item list 1
	[ "$status" -eq 1 ]
	[ "$output" = "" ]
}

@test "quote add: the lines are a copy: later changes to the opportunity's items and the quote's lines stay apart" {
	offer
	# a deleted item of the opportunity is not copied
	crm-opp item rm -q 2
	crm-quote add opp=1 tax=21 >/dev/null
	run crm-quote item list 1 --fields id,product,total
	output_is <<<"3	GTX-PRO	8677.80"
	crm-opp item restore -q 2
	crm-opp item add 1 product=CBL-HD qty=100 >/dev/null
	# 8677.80, 21% = 1822.338
	run quote_row 1 id,subtotal,tax_amount,total
	[ "$output" = "1	8677.80	1822.34	10500.14" ]
	crm-quote item rm -q 3
	run crm-opp list --fields id,amount
	[ "$output" = "1	14342.80" ]
	run crm-opp item list 1 -o ids
	output_is <<'EOF'
1
2
4
EOF
}

@test "quote add: no opportunity, an unknown one, a bad tax or discount: exit 3, nothing written" {
	offer
	fails_unchanged 3 "crm-quote: opp: required" crm-quote add tax=21
	fails_unchanged 3 "crm-quote: opp: no opp '9'" crm-quote add opp=9
	fails_unchanged 3 "crm-quote: tax: not a percentage from 0 to 100 '-5'" crm-quote add opp=1 tax=-5
	fails_unchanged 3 "crm-quote: tax: not a number 'abc'" crm-quote add opp=1 tax=abc
	fails_unchanged 3 "crm-quote: discount: not a percentage from 0 to 100 '101'" \
		crm-quote add opp=1 discount=101
	fails_unchanged 3 "crm-quote: status: 'won' is not one of: draft,sent,accepted,rejected,expired" \
		crm-quote add opp=1 status=won
}

@test "quote add: number, version and totals are set by crm: assigning them is a usage error" {
	offer
	fails_unchanged 2 "crm-quote: number: set by crm, not by hand" crm-quote add opp=1 number=Q-1
	fails_unchanged 2 "crm-quote: version: set by crm, not by hand" crm-quote add opp=1 version=3
	fails_unchanged 2 "crm-quote: total: set by crm, not by hand" crm-quote add opp=1 total=5
	crm-quote add opp=1 >/dev/null
	fails_unchanged 2 "crm-quote: subtotal: set by crm, not by hand" crm-quote set 1 subtotal=5
}

@test "quote numbering: Q-2026-0001, Q-2026-0002, then Q-2027-0001 in 2027; a deleted quote's number is not reused" {
	offer
	crm-quote add opp=1 >/dev/null
	crm-quote add opp=1 >/dev/null
	CRM_NOW=2027-01-04T10:00:00Z crm-quote add opp=1 >/dev/null
	CRM_NOW=2027-02-01T10:00:00Z crm-quote add opp=1 >/dev/null
	crm-quote rm -q 2
	crm-quote add opp=1 >/dev/null
	run crm-quote list --deleted --fields id,number
	[ "$output" = "2	Q-2026-0002" ]
	run --separate-stderr crm-quote list --fields id,number,version,valid_until
	[ "$status" -eq 0 ]
	output_is <<'EOF'
1	Q-2026-0001	1	2026-03-31
5	Q-2026-0003	1	2026-03-31
3	Q-2027-0001	1	2027-02-03
4	Q-2027-0002	1	2027-03-03
EOF
}

@test "quote valid_until: 30 days from today unless given, as a date or a relative date" {
	offer
	crm-quote add opp=1 >/dev/null
	crm-quote add opp=1 valid_until=2026-04-15 >/dev/null
	crm-quote add opp=1 valid_until=+2w >/dev/null
	CRM_NOW=2026-12-15T12:00:00Z crm-quote add opp=1 >/dev/null
	run crm-quote list --fields id,valid_until --sort id
	output_is <<'EOF'
1	2026-03-31
2	2026-04-15
3	2026-03-15
4	2027-01-14
EOF
	# set later, and an invalid date refused
	crm-quote set -q 1 valid_until=2026-05-01
	run quote_row 1 id,valid_until
	[ "$output" = "1	2026-05-01" ]
	fails_unchanged 3 "crm-quote: valid_until: invalid date '31/02/2026'" \
		crm-quote set 1 valid_until=31/02/2026
}

# ============================================================== lines

@test "quote item add, rm, set, restore: the quote's totals follow, the opportunity's amount does not" {
	offer
	crm-quote add opp=1 tax=21 >/dev/null
	run --separate-stderr crm-quote item add 1 product=CBL-HD qty=2 discount=50%
	[ "$status" -eq 0 ]
	[ "$output" = "5" ]
	[ "$stderr" = "" ]
	# + 55.00: 8897.80; 21% = 1868.538
	run quote_row 1 id,subtotal,tax_amount,total
	[ "$output" = "1	8897.80	1868.54	10766.34" ]
	run --separate-stderr crm-quote item rm 3
	[ "$status" -eq 0 ]
	[ "$stderr" = "crm-quote: rm: 1 item" ]
	# 165.00 + 55.00 = 220.00; 21% = 46.20
	run quote_row 1 id,subtotal,tax_amount,total
	[ "$output" = "1	220.00	46.20	266.20" ]
	crm-quote item set -q 5 qty=4
	# 165.00 + 110.00 = 275.00; 21% = 57.75
	run quote_row 1 id,subtotal,tax_amount,total
	[ "$output" = "1	275.00	57.75	332.75" ]
	crm-quote item restore -q 3
	# 8952.80; 21% = 1880.088
	run quote_row 1 id,subtotal,tax_amount,total
	[ "$output" = "1	8952.80	1880.09	10832.89" ]
	run crm-quote item list 1 --fields id,product,qty,price,discount,total
	output_is <<'EOF'
3	GTX-PRO	2	4821.00	10	8677.80
4	CBL-HD	3	55.00		165.00
5	CBL-HD	4	55.00	50	110.00
EOF
	run crm-opp list --fields id,amount
	[ "$output" = "1	8842.80" ]
}

@test "quote item add: a bad line, or one for an opportunity too, is refused, exit 3, nothing written" {
	offer
	crm-quote add opp=1 >/dev/null
	fails_unchanged 3 "crm-quote: qty: cannot be negative '-1'" \
		crm-quote item add 1 product=CBL-HD qty=-1
	fails_unchanged 3 "crm-quote: product: no product 'NOPE'" \
		crm-quote item add 1 product=NOPE
	fails_unchanged 3 "crm-quote: quote: no quote '9'" \
		crm-quote item add 9 product=CBL-HD
	fails_unchanged 3 "crm-quote: an item belongs to an opportunity or to a quote, not both" \
		crm-quote item add 1 product=CBL-HD opp=1
	run quote_row 1 id,subtotal,total
	[ "$output" = "1	8842.80	8842.80" ]
}

# =========================================================== discount

@test "quote discount: the subtotal less the discount, plus the tax on that; a bad one exit 3, nothing written" {
	offer
	crm-quote add opp=1 tax=21 >/dev/null
	run --separate-stderr crm-quote set 1 discount=5
	[ "$status" -eq 0 ]
	[ "$stderr" = "crm-quote: 1 of 1 quotes changed" ]
	# 8842.80 less 5% = 8400.66; 21% of that = 1764.1386
	run quote_row 1
	[ "$output" = "1	Q-2026-0001	1	draft	5	21	8842.80	1764.14	10164.80" ]
	# 12.5%: 7737.45; 21% = 1624.8645
	crm-quote set -q 1 discount=12.5%
	run quote_row 1
	[ "$output" = "1	Q-2026-0001	1	draft	12.5	21	8842.80	1624.86	9362.31" ]
	# no tax: the total is the discounted subtotal
	crm-quote set -q 1 tax=
	run quote_row 1
	[ "$output" = "1	Q-2026-0001	1	draft	12.5		8842.80	0.00	7737.45" ]
	crm-quote set -q 1 discount=100
	run quote_row 1 id,subtotal,total
	[ "$output" = "1	8842.80	0.00" ]
	fails_unchanged 3 "crm-quote: quote 1: discount: not a percentage from 0 to 100 '150'" \
		crm-quote set 1 discount=150
	fails_unchanged 3 "crm-quote: quote 1: tax: not a percentage from 0 to 100 '101'" \
		crm-quote set 1 tax=101
}

# ============================================================= revise

@test "quote revise: the next version, same number and lines, a draft; the old version kept as it was; prints its id" {
	offer
	crm-quote add opp=1 tax=21 discount=5 "terms=Pago a 30 días" notes=first tags=es >/dev/null
	crm-quote send 1
	before=$(crm-quote export id=1)
	run --separate-stderr env CRM_NOW=2026-03-10T09:00:00Z crm-quote revise 1
	[ "$status" -eq 0 ]
	[ "$output" = "2" ]
	[ "$stderr" = "" ]
	run crm-quote export --sort id
	output_is <<'EOF'
id,number,version,opp,status,valid_until,currency,discount,tax,subtotal,tax_amount,total,terms,owner,tags,notes,created,updated
1,Q-2026-0001,1,Acme: 40 seats,sent,2026-03-31,EUR,5,21,8842.80,1764.14,10164.80,Pago a 30 días,tester,es,first,2026-03-01T09:00:00Z,2026-03-01T09:00:00Z
2,Q-2026-0001,2,Acme: 40 seats,draft,2026-04-09,EUR,5,21,8842.80,1764.14,10164.80,Pago a 30 días,tester,,first,2026-03-10T09:00:00Z,2026-03-10T09:00:00Z
EOF
	[ "$(crm-quote export id=1)" = "$before" ]
	run crm-quote item list 2 --fields id,quote,product,qty,price,discount,total
	output_is <<'EOF'
5	Q-2026-0001	GTX-PRO	2	4821.00	10	8677.80
6	Q-2026-0001	CBL-HD	3	55.00		165.00
EOF
	# version 1 keeps its own lines
	run crm-quote item list 1 -o ids
	output_is <<'EOF'
3
4
EOF
	# the number now names two quotes: show by number asks for the id
	run --separate-stderr crm-quote show Q-2026-0001
	[ "$status" -eq 3 ]
	[ "$output" = "" ]
	[ "$stderr" = "crm-quote: 'Q-2026-0001' matches several quotes; use the id:
  1 Q-2026-0001
  2 Q-2026-0001" ]
}

@test "quote revise: assignments apply to the new version; revising an old version gives the next number up" {
	offer
	crm-quote add opp=1 tax=21 >/dev/null
	crm-quote item rm -q 4
	run --separate-stderr crm-quote revise 1 tax=10 valid_until=+15d "terms=Pago al contado"
	[ "$status" -eq 0 ]
	[ "$output" = "2" ]
	# only the line that was not deleted: 8677.80, 10% = 867.78
	run quote_row 2 id,number,version,status,valid_until,tax,subtotal,tax_amount,total,terms
	[ "$output" = "2	Q-2026-0001	2	draft	2026-03-16	10	8677.80	867.78	9545.58	Pago al contado" ]
	run quote_row 1 id,version,tax,total,terms
	[ "$output" = "1	1	21	10500.14	" ]
	run crm-quote revise 1
	[ "$output" = "3" ]
	run crm-quote list --fields id,number,version
	output_is <<'EOF'
1	Q-2026-0001	1
2	Q-2026-0001	2
3	Q-2026-0001	3
EOF
}

@test "quote revise: no id is a usage error, an unknown id exit 1, a bad value exit 3; nothing written" {
	offer
	crm-quote add opp=1 >/dev/null
	fails_unchanged 2 "crm-quote: which quote? give its id
usage: crm-quote revise [OPTIONS] ID [FIELD=VALUE...]" crm-quote revise
	fails_unchanged 1 "crm-quote: no quote 9" crm-quote revise 9
	fails_unchanged 3 "crm-quote: discount: not a percentage from 0 to 100 '150'" \
		crm-quote revise 1 discount=150
	fails_unchanged 2 "crm-quote: version: set by crm, not by hand" crm-quote revise 1 version=7
}

@test "quote revise of a deleted quote is refused, exit 3, nothing written (as set and send refuse it)" {
	offer
	crm-quote add opp=1 >/dev/null
	crm-quote rm -q 1
	fails_unchanged 3 "crm-quote: quote 1 is deleted (restore it first)" crm-quote revise 1
}

# ============================================================= status

@test "quote send, accept, reject: allowed from draft or sent, nothing printed" {
	offer
	for i in 1 2 3 4; do crm-quote add opp=1 >/dev/null; done
	run --separate-stderr crm-quote send 1 2
	[ "$status" -eq 0 ]
	[ "$output" = "" ]
	[ "$stderr" = "" ]
	# sending again is harmless
	run --separate-stderr crm-quote send 1
	[ "$status" -eq 0 ]
	run --separate-stderr crm-quote accept 1
	[ "$status" -eq 0 ]
	[ "$output" = "" ]
	[ "$stderr" = "" ]
	crm-quote reject 2
	# straight from draft
	crm-quote accept 3
	crm-quote reject 4
	run crm-quote list --fields id,status
	output_is <<'EOF'
1	accepted
2	rejected
3	accepted
4	rejected
EOF
	# the status history on show, from the change log
	run crm-quote show 1
	[[ "$output" == *$'\nstatus history:\n  2026-03-01 09:00  draft → sent\n  2026-03-01 09:00  sent → accepted\n'* ]]
	# ids from stdin, and --where
	crm-quote add opp=1 >/dev/null
	crm-quote add opp=1 >/dev/null
	printf '5\n6\n' | crm-quote send -
	crm-quote accept --where id=6
	run crm-quote list --fields id,status id=5,6
	output_is <<'EOF'
5	sent
6	accepted
EOF
}

@test "quote send, accept, reject: refused from accepted, rejected or expired, exit 3, nothing written" {
	offer
	for i in 1 2 3 4; do crm-quote add opp=1 >/dev/null; done
	crm-quote accept 1
	crm-quote reject 2
	crm-quote send 3
	CRM_NOW=2026-04-15T09:00:00Z crm-quote expire -q
	fails_unchanged 3 "crm-quote: quote 1 is accepted; it cannot become sent" crm-quote send 1
	fails_unchanged 3 "crm-quote: quote 1 is accepted; it cannot become rejected" crm-quote reject 1
	fails_unchanged 3 "crm-quote: quote 2 is rejected; it cannot become accepted" crm-quote accept 2
	fails_unchanged 3 "crm-quote: quote 2 is rejected; it cannot become sent" crm-quote send 2
	fails_unchanged 3 "crm-quote: quote 3 is expired; it cannot become accepted" crm-quote accept 3
	fails_unchanged 3 "crm-quote: quote 3 is expired; it cannot become accepted" crm-quote accept 3 --win
	# one refused among good ones: none moves
	fails_unchanged 3 "crm-quote: quote 2 is rejected; it cannot become sent" crm-quote send 4 2
	fails_unchanged 1 "crm-quote: no quote 9" crm-quote accept 4 9
	fails_unchanged 2 "crm-quote: no records given (ids, - for stdin, or --where)
usage: crm-quote send [OPTIONS] ID...|-" crm-quote send
	run crm-quote list --fields id,status
	output_is <<'EOF'
1	accepted
2	rejected
3	expired
4	draft
EOF
}

@test "quote accept --win: the opportunity is won at the quote's total less its tax" {
	offer
	crm-quote add opp=1 tax=21 discount=5 >/dev/null
	crm-opp stage 1 proposal
	# without --win the opportunity is left alone
	crm-quote add opp=1 tax=21 >/dev/null
	crm-quote accept 2
	run crm-opp list --fields id,stage,amount,probability,closed
	[ "$output" = "1	proposal	8842.80	50	" ]
	# 10164.80 - 1764.14 = 8400.66
	run --separate-stderr env CRM_NOW=2026-03-05T12:00:00Z crm-quote accept 1 --win
	[ "$status" -eq 0 ]
	[ "$output" = "" ]
	run crm-opp list --fields id,stage,amount,probability,closed
	[ "$output" = "1	won	8400.66	100	2026-03-05" ]
	run quote_row 1 id,status
	[ "$output" = "1	accepted" ]
	run crm-opp show 1
	[[ "$output" == *$'\n  2026-03-05 12:00  proposal → won\n'* ]]
}

@test "quote accept --win --dry-run prints the quote's and the opportunity's changes, writes nothing" {
	offer
	# the total less the tax is the subtotal: the amount does not change
	crm-quote add opp=1 tax=21 >/dev/null
	local before
	before="$(db_dump)"
	run --separate-stderr crm-quote accept 1 --win --dry-run
	[ "$status" -eq 0 ]
	output_is <<'EOF'
set quote 1: status: draft → accepted
set opp 1: stage: prospecting → won
set opp 1: closed: (empty) → 2026-03-01
set opp 1: probability: 10 → 100
EOF
	[ "$(db_dump)" = "$before" ]
}

@test "quote accept --where TERM --win wins the opportunities of the quotes accepted, and no other" {
	crm-opp add name=A amount=100 >/dev/null
	crm-opp add name=B amount=200 >/dev/null
	crm-opp add name=C amount=300 >/dev/null
	crm-quote add opp=A >/dev/null
	crm-quote add opp=B >/dev/null
	crm-quote send 1
	# the filter picks quotes: status is a field of a quote, not of an opportunity
	run --separate-stderr crm-quote accept --where status=sent --win
	echo "stderr: $stderr" >&2
	[ "$status" -eq 0 ]
	run crm-quote list --fields id,status
	output_is <<'EOF'
1	accepted
2	draft
EOF
	run crm-opp list --fields name,stage,amount
	output_is <<'EOF'
A	won	0.00
B	prospecting	200.00
C	prospecting	300.00
EOF
}

@test "quote accept --where TERM --win: a term opportunities have too still picks quotes, not opportunities" {
	crm-opp add name=A amount=100 >/dev/null
	crm-opp add name=B amount=200 >/dev/null
	crm-opp add name=C amount=300 >/dev/null
	crm-quote add opp=A >/dev/null
	crm-quote add opp=B >/dev/null
	# owner=tester: both quotes, and every opportunity too; C has no quote
	run --separate-stderr crm-quote accept --where owner=tester --win
	[ "$status" -eq 0 ]
	run crm-quote list --fields id,status
	output_is <<'EOF'
1	accepted
2	accepted
EOF
	run crm-opp list --fields name,stage,amount
	output_is <<'EOF'
A	won	0.00
B	won	0.00
C	prospecting	300.00
EOF
}

@test "quote --dry-run summaries count quotes, not the opportunity and the lines as quotes" {
	offer
	crm-quote add opp=1 tax=21 >/dev/null
	run --separate-stderr crm-quote accept 1 --win --dry-run
	[ "$status" -eq 0 ]
	[[ "$stderr" == "crm-quote: dry run: "*"; nothing written" ]]
	[ "$stderr" != "crm-quote: dry run: 2 quotes would change; nothing written" ]
	run --separate-stderr crm-quote revise 1 --dry-run
	[ "$status" -eq 0 ]
	[ "$output" != "" ]
	[[ "$stderr" == "crm-quote: dry run: "*"; nothing written" ]]
	[ "$stderr" != "crm-quote: dry run: 3 quotes would change; nothing written" ]
}

# ============================================================= expire

@test "quote expire: only sent quotes past their validity; the day itself still holds; exit 0 with none" {
	offer
	crm-quote add opp=1 valid_until=2026-03-10 >/dev/null # 1 sent, past
	crm-quote add opp=1 valid_until=2026-03-20 >/dev/null # 2 sent, its last day
	crm-quote add opp=1 valid_until=2026-03-31 >/dev/null # 3 sent, still valid
	crm-quote add opp=1 valid_until=2026-03-10 >/dev/null # 4 draft, past
	crm-quote add opp=1 valid_until=2026-03-10 >/dev/null # 5 rejected, past
	crm-quote add opp=1 valid_until=2026-03-10 >/dev/null # 6 accepted, past
	crm-quote send 1 2 3
	crm-quote reject 5
	crm-quote accept 6
	run --separate-stderr env CRM_NOW=2026-03-20T18:00:00Z crm-quote expire
	[ "$status" -eq 0 ]
	[ "$output" = "" ]
	[ "$stderr" = "crm-quote: 1 quote expired" ]
	run crm-quote list --fields id,status,valid_until
	output_is <<'EOF'
1	expired	2026-03-10
2	sent	2026-03-20
3	sent	2026-03-31
4	draft	2026-03-10
5	rejected	2026-03-10
6	accepted	2026-03-10
EOF
	# the next day: quote 2 too; -q says nothing
	run --separate-stderr env CRM_NOW=2026-03-21T01:00:00Z crm-quote expire -q
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	run crm-quote list --fields id,status status=expired
	output_is <<'EOF'
1	expired
2	expired
EOF
	# nothing left to expire: for cron, that is not an error
	run --separate-stderr env CRM_NOW=2026-03-22T01:00:00Z crm-quote expire
	[ "$status" -eq 0 ]
	[ "$stderr" = "crm-quote: 0 quotes expired" ]
	# an expired quote cannot be accepted any more
	run --separate-stderr crm-quote accept 1
	[ "$status" -eq 3 ]
}

@test "quote expire FILTER, --dry-run, and today in the local time zone" {
	offer
	crm-opp add name=Other >/dev/null
	crm-quote add opp=1 valid_until=2026-03-10 >/dev/null
	crm-quote add opp=Other valid_until=2026-03-10 >/dev/null
	crm-quote send 1 2
	local before
	before="$(db_dump)"
	run --separate-stderr env CRM_NOW=2026-04-01T09:00:00Z crm-quote expire --dry-run
	[ "$status" -eq 0 ]
	output_is <<'EOF'
set quote 1: status: sent → expired
set quote 2: status: sent → expired
EOF
	[ "$stderr" = "crm-quote: dry run: 2 quotes would change; nothing written" ]
	[ "$(db_dump)" = "$before" ]
	run --separate-stderr env CRM_NOW=2026-04-01T09:00:00Z crm-quote expire opp=Other
	[ "$stderr" = "crm-quote: 1 quote expired" ]
	run crm-quote list --fields id,status
	output_is <<'EOF'
1	sent
2	expired
EOF
	# 2026-03-10T23:30Z is already the 11th in Madrid
	crm-quote set -q 1 valid_until=2026-03-10
	run --separate-stderr env CRM_NOW=2026-03-10T23:30:00Z crm-quote expire
	[ "$stderr" = "crm-quote: 0 quotes expired" ]
	run --separate-stderr env CRM_NOW=2026-03-10T23:30:00Z TZ=Europe/Madrid crm-quote expire
	[ "$stderr" = "crm-quote: 1 quote expired" ]
}

# =============================================================== show

@test "quote show: the fields, the status history, and its lines" {
	offer
	crm-quote add opp=1 tax=21 "terms=Pago a 30 días" >/dev/null
	crm-quote send 1
	run --separate-stderr crm-quote show 1
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	output_is <<'EOF'
id:          1
number:      Q-2026-0001
version:     1
opp:         Acme: 40 seats (1)
status:      sent
valid_until: 2026-03-31
currency:    EUR
tax:         21
subtotal:    8842.80
tax_amount:  1856.99
total:       10699.79
terms:       Pago a 30 días
owner:       tester
created:     2026-03-01 09:00
updated:     2026-03-01 09:00

status history:
  2026-03-01 09:00  draft → sent

items:
  3  GTX-PRO  2  4821.00  10  8677.80
  4  CBL-HD  3  55.00  165.00
EOF
	# and by number, while it has one version
	run --separate-stderr crm-quote show q-2026-0001 -o ids
	[ "$status" -eq 0 ]
	[ "$output" = "1" ]
}

@test "quote show -o text: the plain text for a mail" {
	offer
	crm-quote add opp=1 tax=21 "terms=Pago a 30 días" >/dev/null
	run --separate-stderr crm-quote show 1 -o text
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	output_is <<'EOF'
Quote Q-2026-0001 v1
Acme
Ana García
Acme: 40 seats
Date: 2026-03-01
Valid until: 2026-03-31

GTX-PRO GTX Pro                     2 x    4821.00    10%      8677.80
CBL-HD Cable HD                     3 x      55.00     0%       165.00

Subtotal                                                  8842.80
Tax 21%                                                   1856.99
Total                                                    10699.79 EUR

Terms: Pago a 30 días
EOF
	# a quote without account, contact, tax, terms or lines
	crm-opp add name=Bare >/dev/null
	crm-quote add opp=Bare >/dev/null
	run crm-quote show 2 -o text
	output_is <<'EOF'
Quote Q-2026-0002 v1
Bare
Date: 2026-03-01
Valid until: 2026-03-31


Subtotal                                                     0.00
Tax 0%                                                       0.00
Total                                                        0.00 EUR
EOF
}

@test "quote show -o text with a discount: the discount line gives the amount taken off, so the lines add up" {
	offer
	crm-quote add opp=1 tax=21 discount=5 >/dev/null
	run crm-quote show 1 -o text
	[ "$status" -eq 0 ]
	# 8842.80 - 442.14 = 8400.66; + 1764.14 = 10164.80
	grep -qx 'Subtotal  *8842.80' <<<"$output"
	grep -qx 'Total  *10164.80 EUR' <<<"$output"
	line=$(grep '^Discount 5%' <<<"$output")
	echo "discount line: [$line]" >&2
	[[ "$line" =~ ^Discount\ 5%\ +-?442\.14$ ]]
}

@test "quote show -o html: a self-contained page, every value escaped, with the total" {
	offer
	crm-product add sku=CBL-B "name=Cable <b>HD</b>" price=10 >/dev/null
	crm-opp item add 1 product=CBL-B qty=2 >/dev/null
	crm-quote add opp=1 tax=21 'terms=Pago <30 días> & "neto"' >/dev/null
	run --separate-stderr crm-quote show 1 -o html
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	# 8842.80 + 20.00 = 8862.80; 21% = 1861.188; 10723.99
	[ "${lines[0]}" = "<!DOCTYPE html>" ]
	[ "${lines[-1]}" = "</body></html>" ]
	[[ "$output" == *'<meta charset="utf-8">'* ]]
	[[ "$output" == *"<title>Q-2026-0001</title>"* ]]
	[[ "$output" == *"<td>CBL-B</td><td>Cable &lt;b&gt;HD&lt;/b&gt;</td>"* ]]
	[[ "$output" != *"<b>HD"* ]]
	[[ "$output" == *"Pago &lt;30 días&gt; &amp; &quot;neto&quot;"* ]]
	[[ "$output" == *'<tr class="total"><td colspan="5">Total</td><td class="n">10723.99 EUR</td></tr>'* ]]
	[[ "$output" == *'<td class="n">8862.80</td>'* ]]
	[[ "$output" == *'<td class="n">1861.19</td>'* ]]
	# self-contained: the style inside, nothing fetched
	[[ "$output" == *"<style>"* ]]
	[[ "$output" != *"<link"* && "$output" != *"src="* ]]
	# well-formed enough: each element opened is closed
	for tag in html head title style body h1 table h2; do
		[ "$(grep -o "<$tag[ >]" <<<"$output" | wc -l)" = "$(grep -o "</$tag>" <<<"$output" | wc -l)" ] ||
			{ echo "<$tag> not closed" >&2; false; }
	done
	# one row per line, a header, subtotal, tax and total
	[ "$(grep -o '<tr' <<<"$output" | wc -l)" -eq 7 ]
	[ "$(grep -o '<tr' <<<"$output" | wc -l)" -eq "$(grep -o '</tr>' <<<"$output" | wc -l)" ]
}

@test "quote show -o html: the date is the quote's day, as in -o text, not a raw timestamp" {
	offer
	crm-quote add opp=1 >/dev/null
	run crm-quote show 1 -o html
	[ "$status" -eq 0 ]
	[[ "$output" == *"Date: 2026-03-01<br>Valid until: 2026-03-31</p>"* ]]
}

@test "quote -o html and -o text are for show only: a usage error elsewhere, exit 2" {
	offer
	crm-quote add opp=1 >/dev/null
	fails_unchanged 2 "crm-quote: unknown format 'html' (use table, tsv, csv, json, jsonl, ids; show: html,text)
usage: crm-quote list [OPTIONS] [FILTER...]" crm-quote list -o html
	fails_unchanged 2 "crm-quote: unknown format 'text' (use table, tsv, csv, json, jsonl, ids; show: html,text)
usage: crm-quote export [OPTIONS] [FILTER...]" crm-quote export -o text
	run --separate-stderr crm-quote item list 1 -o html
	[ "$status" -eq 2 ]
	[ "$output" = "" ]
	run --separate-stderr crm-opp show 1 -o html
	[ "$status" -eq 2 ]
	[ "$output" = "" ]
	[[ "$stderr" == "crm-opp: unknown format 'html' (use table, tsv, csv, json, jsonl, ids)"* ]]
	# and show of a quote that does not exist
	run --separate-stderr crm-quote show 9 -o html
	[ "$status" -eq 1 ]
	[ "$output" = "" ]
}

# ========================================================= undo, log

@test "crm undo of a quote add takes away the quote and its lines" {
	offer
	crm-quote add opp=1 tax=21 >/dev/null
	local before
	before="$(data_dump)"
	run --separate-stderr crm-quote add opp=1 tax=21
	[ "$output" = "2" ]
	run crm sql "SELECT count(*) FROM item WHERE quote IS NOT NULL"
	[ "$output" = "4" ]
	run --separate-stderr crm undo
	[ "$status" -eq 0 ]
	[[ "$stderr" == "crm: undid run 9 ("*" changes by tester at 2026-03-01T09:00:00Z)" ]]
	[ "$(data_dump)" = "$before" ]
	run crm-quote list -o ids
	[ "$output" = "1" ]
	run crm sql "SELECT id, quote FROM item WHERE quote IS NOT NULL ORDER BY id"
	output_is <<'EOF'
3	1
4	1
EOF
	# and the next quote takes the number that was undone, under a new id
	[ "$(crm-quote add opp=1)" = 3 ]
	run crm-quote list --fields number id=3
	[ "$output" = "Q-2026-0002" ]
}

@test "crm undo of a revise takes away the new version and its lines" {
	offer
	crm-quote add opp=1 >/dev/null
	local before
	before="$(data_dump)"
	crm-quote revise 1 tax=21 >/dev/null
	crm undo -q
	[ "$(data_dump)" = "$before" ]
}

@test "quote history: in the change log of a quote add, each change's old value is the value before it" {
	offer
	crm-quote add opp=1 tax=21 >/dev/null
	run --separate-stderr crm-quote history 1
	[ "$status" -eq 0 ]
	# run, when, who, op, field, old, new: per field, old follows the last new
	run awk -F '\t' '$4 == "set" {
			if (($5 in last) ? $6 != last[$5] : $6 != "")
				printf "%s: old [%s], but it was [%s]\n", $5, $6, last[$5]
			last[$5] = $7
		}' <<<"$output"
	[ "$status" -eq 0 ]
	echo "$output" >&2
	[ "$output" = "" ]
}

# ===================================================== export, import

@test "quote export, import into an empty database, export again: the same bytes" {
	offer
	crm-quote add opp=1 tax=21 discount=5 "terms=Pago a 30 días, neto" tags=es >/dev/null
	crm-quote send 1
	crm-quote revise 1 tax=10 >/dev/null
	crm-account export >accounts.csv
	crm-contact export >contacts.csv
	crm-product export >products.csv
	crm-opp export >opps.csv
	run --separate-stderr crm-quote export
	[ "$status" -eq 0 ]
	output_is <<'EOF'
id,number,version,opp,status,valid_until,currency,discount,tax,subtotal,tax_amount,total,terms,owner,tags,notes,created,updated
1,Q-2026-0001,1,Acme: 40 seats,sent,2026-03-31,EUR,5,21,8842.80,1764.14,10164.80,"Pago a 30 días, neto",tester,es,,2026-03-01T09:00:00Z,2026-03-01T09:00:00Z
2,Q-2026-0001,2,Acme: 40 seats,draft,2026-03-31,EUR,5,10,8842.80,840.07,9240.73,"Pago a 30 días, neto",tester,,,2026-03-01T09:00:00Z,2026-03-01T09:00:00Z
EOF
	printf '%s\n' "$output" >quotes.csv
	crm-account import -q --db other.db accounts.csv
	crm-contact import -q --db other.db contacts.csv
	crm-product import -q --db other.db products.csv
	crm-opp import -q --db other.db opps.csv
	run --separate-stderr crm-quote import --db other.db quotes.csv
	[ "$status" -eq 0 ]
	[ "$stderr" = "crm-quote: 2 added, 0 updated, 0 unchanged, 0 invalid" ]
	crm-quote export --db other.db >quotes2.csv
	diff -u quotes.csv quotes2.csv >&2
}

@test "quote import: a row without a number gets the next one and the opportunity's items; --key id updates" {
	offer
	crm-quote add opp=1 >/dev/null
	printf 'Oportunidad,IVA,Validez\n"Acme: 40 seats",21,2026-06-30\n' >new.csv
	run --separate-stderr crm-quote import new.csv
	[ "$status" -eq 0 ]
	[ "$stderr" = "crm-quote: 1 added, 0 updated, 0 unchanged, 0 invalid" ]
	run quote_row 2 id,number,version,status,valid_until,tax,subtotal,tax_amount,total
	[ "$output" = "2	Q-2026-0002	1	draft	2026-06-30	21	8842.80	1856.99	10699.79" ]
	run crm-quote item list 2 -o ids
	output_is <<'EOF'
5
6
EOF
	# an update recomputes the totals from the quote's own lines
	printf 'id,tax,discount\n1,10,5\n' >upd.csv
	run --separate-stderr crm-quote import --key id upd.csv
	[ "$status" -eq 0 ]
	[ "$stderr" = "crm-quote: 0 added, 1 updated, 0 unchanged, 0 invalid" ]
	run quote_row 1 id,tax,discount,subtotal,tax_amount,total
	[ "$output" = "1	10	5	8842.80	840.07	9240.73" ]
	# an unknown opportunity: nothing imported
	printf 'opp,tax\nNope,21\n' >bad.csv
	fails_unchanged 3 "crm-quote: line 2: opp: no opp 'Nope'
crm-quote: nothing imported: 1 invalid row; fix it, or use --skip-invalid" crm-quote import bad.csv
}

# ============================================================ currency

@test "quote add: a quote is in the currency of its opportunity unless given" {
	crm-product add sku=P price=100 >/dev/null
	crm-opp add name=Dollars currency=USD >/dev/null
	crm-opp item add 1 product=P qty=2 >/dev/null
	crm-quote add opp=1 >/dev/null
	crm-quote add opp=1 currency=EUR >/dev/null
	run crm-quote list --fields id,currency,total
	output_is <<'EOF'
1	USD	200.00
2	EUR	200.00
EOF
}
