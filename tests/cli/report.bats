#!/usr/bin/env bats
# crm-report: every report, every format, empty databases, bad input, and the
# Maven sales dataset's figures against sqlite3 computing them from the raw CSVs.

load helper
bats_require_minimum_version 1.5.0

MAVEN="${CRM_TESTDATA:-$BATS_TEST_DIRNAME/../../../shared/testdata}/maven-crm-sales-opportunities"

# The Maven dataset, imported once for the file, copied into each test that wants it.
setup_file() {
	: "${CRM_BIN:=$BATS_TEST_DIRNAME/../../bin}"
	PATH="$CRM_BIN:$PATH"
	[ -f "$MAVEN/sales_pipeline.csv" ] || return 0
	(
	export CRM_DB="$BATS_FILE_TMPDIR/maven.db" CRM_NOW=2026-03-01T09:00:00Z TZ=UTC \
		CRM_USER=tester LC_ALL=C.UTF-8 CRM_CURRENCY=USD
	crm-account import -q --map account=name --map sector=industry \
		--map office_location=country "$MAVEN/accounts.csv"
	crm-product import -q --map product=sku --map series=family --map sales_price=price \
		"$MAVEN/products.csv"
	crm-opp stages set default engaging position=2 probability=30
	crm-opp import -q --map opportunity_id=name --map sales_agent=owner --map product=product \
		--map account=account --map deal_stage=stage --map engage_date=created \
		--map close_date=closed --map close_value=amount "$MAVEN/sales_pipeline.csv"
	# on PostgreSQL each test restores it from a dump
	[ "${CRM_TEST_ENGINE:-sqlite}" != postgresql ] || crm dump -q "$BATS_FILE_TMPDIR/maven.dump"
	)
}

maven() {
	[ -f "$BATS_FILE_TMPDIR/maven.db" ] || skip "Maven dataset absent ($MAVEN)"
	if [ "${CRM_TEST_ENGINE:-sqlite}" = postgresql ]; then
		crm restore -q "$BATS_FILE_TMPDIR/maven.dump"
	else
		cp "$BATS_FILE_TMPDIR/maven.db" "$CRM_DB"
	fi
}

# sqlite3 over the raw CSVs: tables p (pipeline), a (accounts), tab-separated out.
raw() {
	sqlite3 -batch -noheader -separator $'\t' :memory: \
		".import --csv $MAVEN/sales_pipeline.csv p" ".import --csv $MAVEN/accounts.csv a" "$1"
}

# ================================================================ Maven: figures

@test "sales by owner: counts and amounts agree with sqlite3 on the raw CSV" {
	maven
	run crm-report sales --by owner
	[ "$status" -eq 0 ]
	local want
	want=$(raw "SELECT sales_agent, 'USD', count(*), printf('%.2f', sum(close_value))
		FROM p WHERE deal_stage = 'Won' GROUP BY sales_agent ORDER BY sales_agent")
	# and a last row "(all)": the columns that add up, added up
	want+=$'\n'$(raw "SELECT '(all)', 'USD', count(*), printf('%.2f', sum(close_value))
		FROM p WHERE deal_stage = 'Won'")
	[ "$(cut -f1-4 <<<"$output")" = "$want" ]
	[ "$(wc -l <<<"$output")" -eq 31 ]
}

@test "sales by product: 'GTXPro' rows count under the product 'GTX Pro'" {
	maven
	run crm-report sales --by product
	[ "$status" -eq 0 ]
	local want
	want=$(raw "SELECT replace(product, 'GTXPro', 'GTX Pro') AS pr, 'USD', count(*),
		printf('%.2f', sum(close_value)) FROM p WHERE deal_stage = 'Won' GROUP BY pr ORDER BY pr")
	[ "$(grep -v '^(all)' <<<"$output" | cut -f1-4)" = "$want" ]
}

@test "sales by sector (industry) and quarter, two dimensions" {
	maven
	run crm-report sales --by industry,quarter -o tsv
	[ "$status" -eq 0 ]
	local want
	want=$(raw "SELECT a.sector, substr(p.close_date, 1, 4) || '-Q' ||
		((CAST(substr(p.close_date, 6, 2) AS INTEGER) + 2) / 3) AS q, 'USD', count(*),
		printf('%.2f', sum(close_value)) FROM p JOIN a ON a.account = p.account
		WHERE deal_stage = 'Won' GROUP BY a.sector, q ORDER BY a.sector, q")
	want+=$'\n'$(raw "SELECT '(all)', '', 'USD', count(*), printf('%.2f', sum(close_value))
		FROM p JOIN a ON a.account = p.account WHERE deal_stage = 'Won'")
	[ "$(cut -f1-5 <<<"$output")" = "$want" ]
}

@test "win rates by agent agree with sqlite3 counts and awk's division" {
	maven
	run crm-report winrate --by owner
	[ "$status" -eq 0 ]
	local want
	want=$(raw "SELECT sales_agent, sum(deal_stage = 'Won'), sum(deal_stage = 'Lost'),
		sum(deal_stage IN ('Won', 'Lost')) FROM p WHERE deal_stage IN ('Won', 'Lost')
		GROUP BY sales_agent ORDER BY sales_agent" |
		awk -F'\t' -v OFS='\t' '{ print $0, sprintf("%.1f", 100 * $2 / $4); w += $2; l += $3 }
			END { print "(all)", w, l, w + l, sprintf("%.1f", 100 * w / (w + l)) }')
	[ "$output" = "$want" ]
}

@test "win rate of one product family with a filter, and --from/--to on the close day" {
	maven
	run crm-report winrate --by month product=GTK\ 500 --from 2017-06-01 --to 2017-08-31
	[ "$status" -eq 0 ]
	local want
	want=$(raw "SELECT substr(close_date, 1, 7) AS m, sum(deal_stage = 'Won'),
		sum(deal_stage = 'Lost'), count(*) FROM p WHERE deal_stage IN ('Won', 'Lost')
		AND product = 'GTK 500' AND close_date BETWEEN '2017-06-01' AND '2017-08-31'
		GROUP BY m ORDER BY m" | awk -F'\t' -v OFS='\t' '{ print $0, sprintf("%.1f", 100 * $2 / $4) }')
	[ "$(grep -v '^(all)' <<<"$output")" = "$want" ]
}

@test "pipeline: open deals per stage, in stage order, against sqlite3" {
	maven
	run crm-report pipeline
	output_is <<'EOF'
default	prospecting	USD	500	0.00	0.00
default	engaging	USD	1589	0.00	0.00
(all)		USD	2089	0.00	0.00
EOF
	[ "$(raw "SELECT count(*) FROM p WHERE deal_stage = 'Engaging'")" = 1589 ]
	# crm-opp pipeline is the same report
	run crm-opp pipeline
	[ "$output" = "$(crm-report pipeline)" ]
}

@test "customers: revenue per account, the top 3, with RFM scores and a segment" {
	maven
	run crm-report customers --limit 3 --fields x 2>/dev/null
	[ "$status" -eq 2 ]
	run crm-report customers --limit 3
	[ "$status" -eq 0 ]
	local want
	want=$(raw "SELECT account, count(*), printf('%.2f', sum(close_value)), min(close_date),
		max(close_date) FROM p WHERE deal_stage = 'Won' GROUP BY account
		ORDER BY sum(close_value) DESC LIMIT 3")
	[ "$(cut -f2,4-7 <<<"$output")" = "$want" ]
	# the biggest spender scores 5 on money; every segment is a named one
	[ "$(head -1 <<<"$output" | cut -f11)" = 5 ]
	run crm-report customers -o csv --no-header
	[ "$(wc -l <<<"$output")" -eq 85 ]
	[ -z "$(cut -d, -f12 <<<"$output" | sort -u |
		grep -vxE 'champions|loyal|promising|needs attention|at risk|hibernating|lost')" ]
}

@test "customers: RFM scores by crm-report(1)'s formula, ties sharing the lower score, by hand" {
	for a in A B C; do crm-account add name=$a >/dev/null; done
	crm-opp add name=a1 account=A amount=100 stage=won closed=2026-02-01 >/dev/null
	crm-opp add name=b1 account=B amount=100 stage=won closed=2026-01-01 >/dev/null
	crm-opp add name=c1 account=C amount=100 stage=won closed=2026-01-15 >/dev/null
	crm-opp add name=c2 account=C amount=200 stage=won closed=2026-02-20 >/dev/null
	# n = 3, score 1 + floor(5 i / 3) for place i from the lowest: 1, 2, 4.
	# recency: B (59 days) 1, A (28) 2, C (9) 4; frequency and money: A and B
	# tie at place 0 and both score 1 (not 4, as a tie sharing the higher would),
	# C scores 4. A single purchase is never a champion.
	run crm-report customers -o tsv
	[ "$status" -eq 0 ]
	run cut -f2,8- <<<"$output"
	output_is <<'EOF'
C	9	4	4	4	champions
A	28	2	1	1	hibernating
B	59	1	1	1	lost
EOF
}

@test "forecast: won per month of close, against sqlite3, and quota attainment" {
	maven
	crm-report quota set "Darcel Schlecht" 2017-06 100000 USD
	run crm-report forecast --by owner owner="Darcel Schlecht" --from 2017-06-01 --to 2017-06-30
	[ "$status" -eq 0 ]
	local won
	won=$(raw "SELECT count(*) || char(9) || printf('%.2f', sum(close_value)) FROM p
		WHERE deal_stage = 'Won' AND sales_agent = 'Darcel Schlecht' AND close_date LIKE '2017-06%'")
	[ "$output" = "2017-06	Darcel Schlecht	USD	0	0.00	0.00	0.00	$won	100000.00	$(awk -F'\t' '{ printf "%.1f", $2 / 1000 }' <<<"$won")" ]
}

@test "commission: flat and tiered rates on won amounts and quotas" {
	maven
	crm-report quota set "Moses Frase" 2017-03 10000 USD
	crm-report rate add 5 >/dev/null
	crm-report rate add 8 from=100 >/dev/null
	crm-report rate add 10 owner="Moses Frase" from=0 >/dev/null
	run crm-report rate
	output_is <<'EOF'
1		0	5
2		100	8
3	Moses Frase	0	10
EOF
	run crm-report commission --from 2017-03-01 --to 2017-03-31 owner="Moses Frase",'Anna Snelling'
	[ "$status" -eq 0 ]
	local anna moses
	anna=$(raw "SELECT printf('%.2f', sum(close_value)) FROM p WHERE deal_stage = 'Won'
		AND sales_agent = 'Anna Snelling' AND close_date LIKE '2017-03%'")
	moses=$(raw "SELECT printf('%.2f', sum(close_value)) FROM p WHERE deal_stage = 'Won'
		AND sales_agent = 'Moses Frase' AND close_date LIKE '2017-03%'")
	output_is <<EOF
2017-03	Anna Snelling	USD	$anna			5	$(awk -v a="$anna" 'BEGIN { printf "%.2f", a * 0.05 }')
2017-03	Moses Frase	USD	$moses	10000.00	$(awk -v a="$moses" 'BEGIN { printf "%.1f", a / 100 }')	10	$(awk -v a="$moses" 'BEGIN { printf "%.2f", a * 0.10 }')
(all)		USD	$(awk -v a="$anna" -v m="$moses" 'BEGIN { printf "%.2f", a + m }')	10000.00	$(awk -v a="$moses" 'BEGIN { printf "%.1f", a / 100 }')		$(awk -v a="$anna" -v m="$moses" 'BEGIN { printf "%.2f", a * 0.05 + m * 0.10 }')
EOF
	# Anna passes 100% of a quota: the 8% tier
	crm-report quota set "Anna Snelling" 2017-03 1000 USD
	run crm-report commission --from 2017-03-01 --to 2017-03-31 owner='Anna Snelling' -o csv --no-header
	[ "$(cut -d, -f7 <<<"$output")" = 8 ]
	crm-report rate rm 3
	run crm-report rate rm 3
	[ "$status" -eq 1 ]
}

# ================================================================ a history made by hand

# Two deals moved through stages on known days, then closed; three leads, one converted.
history() {
	CRM_NOW=2026-01-05T10:00:00Z crm-opp add name=Alpha amount=1000 stage=prospecting \
		close=2026-02-15 owner=ana source=web >/dev/null
	CRM_NOW=2026-01-05T10:00:00Z crm-opp add name=Beta amount=2000 stage=prospecting \
		close=2026-03-10 owner=bob source=fair >/dev/null
	CRM_NOW=2026-01-15T10:00:00Z crm-opp stage 1 proposal -q
	CRM_NOW=2026-01-20T10:00:00Z crm-opp stage 2 qualification -q
	CRM_NOW=2026-01-25T10:00:00Z crm-opp set 2 amount=2500 -q
	CRM_NOW=2026-02-01T10:00:00Z crm-opp win 1 -q
	CRM_NOW=2026-02-11T10:00:00Z crm-opp lose 2 --reason price -q
	CRM_NOW=2026-02-20T09:00:00Z crm-lead add first_name=Eva last_name=Ruiz company=Acme source=web >/dev/null
	CRM_NOW=2026-02-20T09:00:00Z crm-lead add first_name=Luis last_name=Paz source=web >/dev/null
	CRM_NOW=2026-02-20T09:00:00Z crm-lead add first_name=Xavi last_name=Puig source=fair >/dev/null
	CRM_NOW=2026-02-25T09:00:00Z crm-lead convert 1 --opp amount=500 owner=ana -q >/dev/null
	CRM_NOW=2026-02-27T09:00:00Z crm-opp win 3 -q
}

@test "velocity: days in each stage from the stage changes, and the cycle" {
	history
	run crm-report velocity
	output_is <<'EOF'
default	prospecting	3	9.0	10.0
default	qualification	1	22.0	22.0
default	proposal	1	17.0	17.0
	(cycle, won)	2	14.5	14.5
	(cycle, lost)	1	37.0	37.0
EOF
}

@test "calibrate: the real win rate of the deals that reached each stage" {
	history
	run crm-report calibrate --min 2
	output_is <<'EOF'
default	prospecting	10	3	2	66.7	set probability=67?
default	qualification	20	1	0		not enough history (1 < 2)
default	proposal	50	1	1		not enough history (1 < 2)
default	negotiation	75	0	0		not enough history (0 < 2)
EOF
}

@test "--as-of rebuilds the pipeline, forecast and win rate from the change log" {
	history
	run crm-report pipeline --as-of 2026-01-16
	output_is <<'EOF'
default	prospecting	EUR	1	2000.00	200.00
default	proposal	EUR	1	1000.00	500.00
(all)		EUR	2	3000.00	700.00
EOF
	# Beta's amount was 2000 until the 25th
	run crm-report pipeline --as-of 2026-01-26 --by owner
	output_is <<'EOF'
default	qualification	bob	EUR	1	2500.00	500.00
default	proposal	ana	EUR	1	1000.00	500.00
(all)			EUR	2	3500.00	1000.00
EOF
	run crm-report winrate --as-of 2026-02-05
	output_is <<'EOF'
ana	1	0	1	100.0
EOF
	run crm-report forecast --as-of 2026-01-16
	output_is <<'EOF'
2026-02	EUR	1	1000.00	500.00	0.00	0	0.00
2026-03	EUR	1	2000.00	200.00	0.00	0	0.00
(all)	EUR	2	3000.00	700.00	0.00	0	0.00
EOF
	# before anything existed: an empty report
	run crm-report pipeline --as-of 2025-12-31
	[ "$status" -eq 0 ]
	[ "$output" = "" ]
}

@test "forecast: commit counts deals at or past the commit stage; --commit moves it" {
	crm-opp add name=A amount=100 stage=negotiation close=2026-03-20 >/dev/null
	crm-opp add name=B amount=200 stage=proposal close=2026-03-25 >/dev/null
	crm-opp add name=C amount=400 stage=prospecting close=2026-04-02 >/dev/null
	run crm-report forecast
	output_is <<'EOF'
2026-03	EUR	2	300.00	175.00	100.00	0	0.00
2026-04	EUR	1	400.00	40.00	0.00	0	0.00
(all)	EUR	3	700.00	215.00	100.00	0	0.00
EOF
	run crm-report forecast --commit proposal --period quarter
	output_is <<'EOF'
2026-Q1	EUR	2	300.00	175.00	300.00	0	0.00
2026-Q2	EUR	1	400.00	40.00	0.00	0	0.00
(all)	EUR	3	700.00	215.00	300.00	0	0.00
EOF
	run crm-report forecast --period week -o csv
	output_is <<'EOF'
week,currency,open,best_case,weighted,commit,won_count,won
2026-03-16,EUR,1,100.00,75.00,100.00,0,0.00
2026-03-23,EUR,1,200.00,100.00,0.00,0,0.00
2026-03-30,EUR,1,400.00,40.00,0.00,0,0.00
(all),EUR,3,700.00,215.00,100.00,0,0.00
EOF
}

@test "funnel: leads by source to conversion, deals and wins, with median days" {
	history
	run crm-report funnel
	output_is <<'EOF'
fair	1	0	0.0	0	0		0.0		
web	2	1	50.0	1	1	100.0	50.0	5.0	7.0
(all)	3	1	33.3	1	1	100.0	33.3	5.0	7.0
EOF
	run crm-report funnel source=web -o json
	[ "$(jq -r '.[0].days_to_win' <<<"$output")" = 7 ]
}

@test "activity: interactions and tasks done per week, owner and channel" {
	CRM_NOW=2026-02-17T10:00:00Z crm-log add channel=phone subject=a owner=ana >/dev/null
	CRM_NOW=2026-02-18T10:00:00Z crm-log add channel=phone subject=b owner=ana >/dev/null
	CRM_NOW=2026-02-24T10:00:00Z crm-log add channel=email subject=c owner=bob >/dev/null
	crm-task add subject=t kind=call owner=ana due=2026-02-18 >/dev/null
	CRM_NOW=2026-02-19T10:00:00Z crm-task done 1 -q
	run crm-report activity
	output_is <<'EOF'
2026-02-16	ana	call	0	1
2026-02-16	ana	phone	2	0
2026-02-23	bob	email	1	0
(all)			3	1
EOF
	run crm-report activity owner=bob
	[ "$output" = "2026-02-23	bob	email	1	0" ]
	run crm-report activity --from 2026-02-23
	[ "$output" = "2026-02-23	bob	email	1	0" ]
}

@test "stale: gone-quiet contacts and idle or overdue deals; --days" {
	seed
	CRM_NOW=2026-01-10T10:00:00Z crm-log add contact=1 channel=phone subject=hola >/dev/null
	CRM_NOW=2026-02-25T10:00:00Z crm-log add contact=2 channel=phone subject=hola >/dev/null
	CRM_NOW=2026-01-01T10:00:00Z crm-opp add name=Old amount=5 close=2026-05-01 owner=ana >/dev/null
	crm-opp add name=Late amount=5 close=2026-02-20 owner=bob >/dev/null
	run crm-report stale
	output_is <<'EOF'
account	1	Acme	tester	2026-01-10T10:00:00Z	50	no touch in 30 days
contact	1	Ana García	tester	2026-01-10T10:00:00Z	50	no touch in 30 days
deal	1	Old	ana		59	no touch since it was opened
deal	2	Late	bob		0	past its close date 2026-02-20
EOF
	run crm-report stale contacts --days 60
	[ "$output" = "" ]
	run crm-report stale deals owner=bob
	[ "$output" = "deal	2	Late	bob		0	past its close date 2026-02-20" ]
}

@test "next: deals and leads ranked by score, each with its terms; weights change it" {
	crm-opp add name=Big amount=50000 stage=negotiation close=2026-03-05 owner=ana >/dev/null
	crm-opp add name=Small amount=1000 stage=prospecting owner=ana >/dev/null
	crm-lead add first_name=Eva last_name=Ruiz company=Acme score=40 >/dev/null
	crm-task add subject=late opp=2 due=2026-02-20 >/dev/null
	run crm-report next
	output_is <<'EOF'
deal	1	Big	ana	139.5	closes in 4d=52.0 + amount 50000=50.0 + stage negotiation 75%=37.5
lead	1	Eva Ruiz (Acme)	tester	40.0	score 40=40.0
deal	2	Small	ana	16.0	amount 1000=1.0 + stage prospecting 10%=5.0 + 1 overdue=10.0
EOF
	crm-report weights overdue=200 score=0
	run crm-report next --limit 1 leads
	[ "$output" = "" ] || [ "$output" = "lead	1	Eva Ruiz (Acme)	tester	0.0	" ]
	run crm-report next --limit 1
	[ "$(cut -f3 <<<"$output")" = Small ]
	run crm-report weights -o csv
	[ "$(grep '^overdue,' <<<"$output")" = "overdue,200,10,points per overdue task" ]
	crm-report weights overdue=
	[ "$(crm-report weights | grep ^overdue | cut -f2)" = 10 ]
}

@test "digest: the morning sections, and nothing at all when there is nothing" {
	run crm-report digest
	[ "$status" -eq 0 ]
	[ "$output" = "" ]
	crm-task add subject="Llamar a Ana" due=2026-02-27 owner=ana >/dev/null
	crm-task add subject="Enviar oferta" due=2026-03-01 owner=ana >/dev/null
	crm-opp add name=Cierre amount=10 close=2026-03-04 owner=ana >/dev/null
	CRM_NOW=2026-02-28T12:00:00Z crm-lead add first_name=Nueva last_name=Pista >/dev/null
	run crm-report digest
	output_is <<'EOF'
Overdue tasks (1)
       1  Llamar a Ana  (2026-02-27)  ana

Due today (1)
       2  Enviar oferta  (2026-03-01)  ana

Deals closing within a week (1)
       1  Cierre  (2026-03-04)  ana

New leads (1)
       1  Nueva Pista  (2026-02-28 12:00)  tester
EOF
	run crm-report digest owner=ana -o tsv
	[ "$(cut -f1 <<<"$output" | uniq -c | wc -l)" -eq 3 ]
}

# ================================================================ formats, empty, bad input

@test "every report on an empty database: exit 0, a header or nothing" {
	local r
	for r in pipeline forecast sales winrate funnel velocity activity customers stale digest \
		calibrate next commission; do
		run crm-report "$r"
		echo "$r: $status [$output]" >&2
		[ "$status" -eq 0 ]
	done
	run crm-report sales -o csv
	[ "$output" = "owner,currency,deals,amount,average" ]
	run crm-report pipeline -o json
	[ "$output" = "[]" ]
}

@test "formats: json, jsonl, csv and table carry the same figures" {
	history
	run crm-report sales --by owner -o json
	[ "$(jq -r '.[] | "\(.owner) \(.deals) \(.amount)"' <<<"$output")" = "ana 2 1500" ]
	run crm-report winrate -o jsonl
	[ "$(jq -r .win_rate <<<"$output" | head -1)" = 100 ]
	run crm-report sales -o csv --no-header
	[ "$output" = "ana,EUR,2,1500.00,750.00" ]
	run crm-report sales -o table
	[ "${lines[0]}" = "owner  currency  deals   amount  average" ]
}

@test "-o html: one self-contained, well-formed page with an SVG chart and the table" {
	history
	crm-report sales --by owner -o html >page.html
	xmllint --noout page.html
	[ "$(xmllint --xpath 'count(//*[local-name()="tbody"]/*[local-name()="tr"])' page.html)" -eq 1 ]
	[ "$(xmllint --xpath 'count(//*[local-name()="svg"]//*[local-name()="rect"])' page.html)" -eq 1 ]
	! grep -qiE '<script|<link|src=|href=|@import|url\(' page.html || false
	! grep -E 'https?://' page.html | grep -v 'xmlns="http://www.w3.org/2000/svg"' || false
	# names are escaped
	crm-opp add name=X amount=1 owner='<b>&"' -q >/dev/null
	crm-opp win 4 -q
	crm-report sales -o html >page.html
	xmllint --noout page.html
	grep -q '&lt;b&gt;&amp;&quot;' page.html
	if command -v chromium >/dev/null 2>&1; then
		timeout 60 chromium --headless --no-sandbox --disable-gpu --screenshot=page.png \
			"file://$PWD/page.html" 2>/dev/null
		[ -s page.png ]
	fi
	# an empty report is a page too
	crm-report sales owner=nobody -o html >empty.html
	xmllint --noout empty.html
	grep -q 'Nothing to report' empty.html
}

@test "--chart: bars on a terminal, the plain report elsewhere" {
	history
	run crm-report sales --by owner --chart
	[ "$output" = "ana	EUR	2	1500.00	750.00" ]
	command -v script >/dev/null || skip "script(1) absent"
	COLUMNS=60 script -qec "crm-report sales --by day --chart" /dev/null >chart.txt
	grep -q '█' chart.txt
	grep -q '^Sales won by day' chart.txt
	# a series gets a sparkline
	grep -q '[▁▂▃▄▅▆▇]' chart.txt
}

@test "totals per currency, --sort, a chart and a page per currency, --by a custom field" {
	crm field add opp tier choice gold,silver
	crm-opp add name=A amount=1000 owner=ana tier=gold >/dev/null
	crm-opp add name=B amount=2500 owner=bob tier=silver >/dev/null
	crm-opp add name=C amount=900 owner=cy tier=gold >/dev/null
	crm-opp add name=D amount=1200000 owner=dee currency=USD >/dev/null
	crm-opp add name=E amount=300 owner=ed currency=USD >/dev/null
	crm-opp win 1 2 3 4 5 -q
	# one total row per currency: euros and dollars are never added together
	run crm-report sales --by owner
	output_is <<'EOF'
ana	EUR	1	1000.00	1000.00
bob	EUR	1	2500.00	2500.00
cy	EUR	1	900.00	900.00
dee	USD	1	1200000.00	1200000.00
ed	USD	1	300.00	300.00
(all)	EUR	3	4400.00	
(all)	USD	2	1200300.00	
EOF
	# --sort: numbers as numbers, descending with -, the totals stay last
	run crm-report sales --by owner --sort -amount -o csv --no-header
	[ "$(cut -d, -f1 <<<"$output" | tr '\n' ' ')" = "dee bob ana cy ed (all) (all) " ]
	run crm-report sales --by owner --sort owner
	[ "${lines[0]%%	*}" = ana ]
	fails_unchanged 2 "crm-report: --sort: no column 'size' (columns: owner, currency, deals, amount, average)
usage: crm-report sales [OPTIONS] [FILTER]" crm-report sales --sort size
	# win rates: the total's rate is worked out from the totals
	crm-opp add name=F amount=5 owner=ana tier=gold >/dev/null
	crm-opp lose 6 -q
	run crm-report winrate --by owner
	[ "${lines[5]}" = "(all)	5	1	6	83.3" ]
	# a custom field is a dimension, also as of a date
	run crm-report sales --by tier
	output_is <<'EOF'
	USD	2	1200300.00	600150.00
gold	EUR	2	1900.00	950.00
silver	EUR	1	2500.00	2500.00
(all)	EUR	3	4400.00	
EOF
	run crm-report winrate --by tier --as-of today
	[ "${lines[1]}" = "gold	2	1	3	66.7" ]
	# the page: a chart per currency, rows ranked by amount, thousands separated
	crm-report sales --by owner -o html >page.html
	xmllint --noout page.html
	[ "$(xmllint --xpath 'count(//*[local-name()="svg"])' page.html)" -eq 2 ]
	grep -q '<figcaption>amount (EUR)</figcaption>' page.html
	grep -q '<figcaption>amount (USD)</figcaption>' page.html
	[ "$(xmllint --xpath 'string(//*[local-name()="tbody"]/*[local-name()="tr"][1]/*[1])' page.html)" = dee ]
	[ "$(xmllint --xpath 'string(//*[local-name()="tbody"]/*[local-name()="tr"][2]/*[1])' page.html)" = bob ]
	grep -q '<td class="n">1,200,000.00</td>' page.html
	# the terminal's chart: one scale per currency, the totals not drawn
	command -v script >/dev/null || skip "script(1) absent"
	COLUMNS=60 script -qec "crm-report sales --by owner --chart" /dev/null | tr -d '\r' >chart.txt
	grep -q '^ *amount (EUR)$' chart.txt
	grep -q '^ *amount (USD)$' chart.txt
	! grep -q '(all)' chart.txt || false
	# bob's 2500 is the longest euro bar although dee's dollars are far more
	[ "$(grep '^bob' chart.txt | tr -cd '█' | wc -m)" -gt 20 ]
}

@test "bad input: unknown dimension, period, date, field and report; settings checked" {
	crm init -q
	fails_unchanged 2 "crm-report: --by: unknown dimension 'colour' (use owner team manager owner.region source account industry country region product family pipeline stage partner campaign day week month quarter year, or a custom field)
usage: crm-report sales [OPTIONS] [FILTER]" crm-report sales --by colour
	run --separate-stderr crm-report forecast --period fortnight
	[ "$status" -eq 2 ]
	[ "${stderr%%$'\n'*}" = "crm-report: --period: 'fortnight' is not week, month, quarter or year" ]
	run --separate-stderr crm-report sales --from 2026-02-30
	[ "$status" -eq 2 ]
	[ "${stderr%%$'\n'*}" = "crm-report: --from: not a date '2026-02-30'" ]
	run crm-report sales colour=red
	[ "$status" -ne 0 ]
	run crm-report sales --as-of yesterday --period month
	[ "$status" -eq 2 ]
	run crm-report nosuch
	[ "$status" -eq 2 ]
	fails_unchanged 3 "crm-report: period: not a year, quarter or month '2026-13' (2026, 2026-Q4, 2026-11)" \
		crm-report quota set ana 2026-13 100
	fails_unchanged 3 "crm-report: amount: not an amount 'mucho'" crm-report quota set ana 2026-11 mucho
	run --separate-stderr crm-report rate add lots
	[ "$status" -eq 3 ]
	run --separate-stderr crm-report weights speed=3
	[ "$status" -eq 2 ]
}

@test "quotas: set, list in money, replace, remove" {
	crm-report quota set ana 2026-Q1 15000
	crm-report quota set ana 2026-Q1 20000.5
	crm-report quota set bob 2026 90000
	run crm-report quota
	output_is <<'EOF'
ana	2026-Q1	EUR	20000.50
bob	2026	EUR	90000.00
EOF
	crm-report quota rm bob 2026
	run crm-report quota rm bob 2026
	[ "$status" -eq 1 ]
	[ "$(crm-report quota list | wc -l)" -eq 1 ]
}

@test "quotas: an owner's, in a currency, spread over months, summed in the total row" {
	crm-opp add name=A amount=3000 owner=ana >/dev/null
	crm-opp add name=B amount=1000 owner=bob >/dev/null
	crm-opp add name=C amount=500 owner=ana currency=USD >/dev/null
	CRM_NOW=2026-01-20T09:00:00Z crm-opp win 1 2 3 -q
	CRM_NOW=2026-02-10T09:00:00Z crm-opp add name=D amount=2000 owner=ana >/dev/null
	CRM_NOW=2026-02-10T09:00:00Z crm-opp win 4 -q
	# a quarter's quota, spread over its months; bob's month has its own
	crm-report quota set ana 2026-Q1 6000
	crm-report quota set bob 2026 24000
	crm-report quota set bob 2026-01 1000
	run crm-report forecast --by owner --from 2026-01-01 --to 2026-02-28
	output_is <<'EOF'
2026-01	ana	EUR	0	0.00	0.00	0.00	1	3000.00	2000.00	150.0
2026-01	ana	USD	0	0.00	0.00	0.00	1	500.00		
2026-01	bob	EUR	0	0.00	0.00	0.00	1	1000.00	1000.00	100.0
2026-02	ana	EUR	0	0.00	0.00	0.00	1	2000.00	2000.00	100.0
(all)		EUR	0	0.00	0.00	0.00	3	6000.00	5000.00	120.0
EOF
	# a quarterly report adds the months up: bob's January, then a twelfth of his year
	run crm-report forecast --by owner --period quarter owner=bob
	[ "$output" = "2026-Q1	bob	EUR	0	0.00	0.00	0.00	1	1000.00	5000.00	20.0" ]
	# without --by owner there is no one's quota to compare with; a week has none either
	run crm-report forecast -o csv --from 2026-01-01 --to 2026-01-31
	[ "${lines[0]}" = "month,currency,open,best_case,weighted,commit,won_count,won" ]
	run crm-report forecast --by owner --period week -o csv
	[[ "${lines[0]}" != *quota* ]]
	crm-report forecast --by owner -o html >page.html
	grep -q "spread evenly over its months" page.html
	crm-report forecast -o html >page.html
	grep -q "Quotas are an owner" page.html
	# a quota in another currency, and one removed in one currency only
	crm-report quota set ana 2026-01 400 usd
	run crm-report forecast --by owner --from 2026-01-01 --to 2026-01-31 owner=ana currency=USD
	[ "$output" = "2026-01	ana	USD	0	0.00	0.00	0.00	1	500.00	400.00	125.0" ]
	crm-report quota rm ana 2026-01 USD
	run crm-report quota
	output_is <<'EOF'
ana	2026-Q1	EUR	6000.00
bob	2026	EUR	24000.00
bob	2026-01	EUR	1000.00
EOF
	fails_unchanged 3 "crm-report: currency: not a currency code like EUR or USD 'euros'" \
		crm-report quota set ana 2026-02 10 euros
}

@test "-o wins over --chart; --commit names a stage; rate add prints the new id" {
	history
	run crm-report sales --chart -o csv --no-header
	[ "$output" = "ana,EUR,2,1500.00,750.00" ]
	run --separate-stderr crm-report forecast --commit closing
	[ "$status" -eq 2 ]
	[ "${stderr%%$'\n'*}" = "crm-report: --commit: no stage 'closing'" ]
	run crm-report rate add 4.5
	[ "$output" = 1 ]
	run --separate-stderr crm-report sales -o yaml
	[ "$status" -eq 2 ]
	[ "${stderr%%$'\n'*}" = "crm-report: unknown format 'yaml' (use table, tsv, csv, json, jsonl, ids, html)" ]
	run crm-report sales --help
	[[ "$output" == *"-o, --format FMT"*"table, tsv, csv, json, jsonl, ids or html (a page)"* ]]
	[ "$(crm-report sales --help | grep -c -- '--format')" -eq 1 ]
}

@test "stale: --limit keeps the longest untouched and says how many there are" {
	seed
	CRM_NOW=2026-01-10T10:00:00Z crm-log add contact=1 channel=phone subject=a >/dev/null
	CRM_NOW=2026-01-12T10:00:00Z crm-log add contact=2 channel=phone subject=b >/dev/null
	run --separate-stderr crm-report stale contacts --limit 1
	[ "$output" = "contact	1	Ana García	tester	2026-01-10T10:00:00Z	50	no touch in 30 days" ]
	[ "$stderr" = "crm-report: 2 contacts are stale; the 1 longest untouched are shown (--limit 0: all)" ]
	run crm-report stale contacts --limit 0
	[ "${#lines[@]}" -eq 2 ]
}

@test "stale follows the last touch as interactions and tasks come, move and go" {
	seed
	CRM_NOW=2026-01-10T10:00:00Z crm-log add contact=1 account=1 channel=phone subject=a >/dev/null
	run crm-report stale contacts
	[ "$(cut -f2 <<<"$output")" = 1 ]
	# moved to another contact: the first was never touched, the second was
	crm-log set 1 contact=2 -q
	run crm-report stale contacts
	[ "$(cut -f2 <<<"$output")" = 2 ]
	# a newer interaction makes it fresh; removing it makes it stale again
	crm-log add contact=2 channel=email subject=b >/dev/null
	run crm-report stale contacts
	[ "$output" = "" ]
	crm-log rm 2 -q
	run crm-report stale contacts
	[ "$(cut -f2 <<<"$output")" = 2 ]
	# a deal: a task done about it is a touch
	CRM_NOW=2026-01-01T10:00:00Z crm-opp add name=Old amount=5 close=2026-05-01 >/dev/null
	run crm-report stale deals
	[ "$(cut -f3 <<<"$output")" = Old ]
	crm-task add subject=call opp=1 >/dev/null
	crm-task done 1 -q
	run crm-report stale deals
	[ "$output" = "" ]
	crm-task set 1 status=open -q
	run crm-report stale deals
	[ "$(cut -f3 <<<"$output")" = Old ]
}
