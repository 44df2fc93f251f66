#!/bin/sh
# service.sh - times the customer service and marketing verbs at size: N
# contacts (bench/gen-contacts), N/2 cases opened over February 2026, a
# segment, a campaign to it, its mail-merge list and its ROI, the SLA
# breaches for cron.  Prints one line per step: seconds, peak RSS (KB when
# GNU time is there), and what the step printed or counted.
#   BENCH_ROWS=100000 sh bench/service.sh
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
n=${BENCH_ROWS:-100000}
out=${BENCH_OUT:-$top/bench/out}
mkdir -p "$out"
[ -f "$out/.gitignore" ] || echo '*' >"$out/.gitignore"
make -s -C "$top" >/dev/null
export PATH="$top/bin:$PATH" CRM_DB="$out/service-$n.db" CRM_NOW=2026-03-01T09:00:00Z TZ=UTC \
	CRM_USER=bench
rm -f "$CRM_DB" "$CRM_DB-wal" "$CRM_DB-shm"

step() { # step NAME COMMAND: wall time and peak RSS of one shell command
	name=$1
	shift
	if /usr/bin/time -o /dev/null true 2>/dev/null; then
		/usr/bin/time -o "$out/step.time" -f '%e %M' sh -c "$*" >"$out/step.out" 2>/dev/null
		read -r secs kb <"$out/step.time"
	else
		start=$(date +%s%N)
		sh -c "$*" >"$out/step.out" 2>/dev/null
		secs=$(( ($(date +%s%N) - start) / 1000000 ))ms kb=-
	fi
	printf '%-36s %7s s %7s KB  %s\n' "$name" "$secs" "$kb" "$(tail -n 1 "$out/step.out")"
}

sh "$top/bench/gen-contacts" "$n" 42 >"$out/service-contacts-$n.csv"
awk -v n=$((n / 2)) -v c="$n" 'BEGIN {
	print "subject,kind,priority,contact,created"
	split("urgent high normal low", p, " ")
	split("complaint return request information incident", k, " ")
	for (i = 1; i <= n; i++)
		printf "Case %d,%s,%s,%d,2026-02-%02dT%02d:%02d:00Z\n", i, k[1 + i % 5], p[1 + i % 4],
			1 + (i * 7) % c, 1 + int(i * 28 / (n + 1)), i % 24, i % 60
}' >"$out/service-cases-$n.csv"

step "import $n contacts" "crm-contact import -q '$out/service-contacts-$n.csv'; crm-contact list -o ids | wc -l"
step "import $((n / 2)) cases (due times)" "crm-case import -q '$out/service-cases-$n.csv'; crm-case list -o ids | wc -l"
step "breaches (cron)" "crm-case breaches | wc -l"
step "breaches --within 1d owner=bench" "crm-case breaches --within 1d owner=bench | wc -l"
step "list status=new, all open cases" "crm-case list | wc -l"
crm segment add madrid contact city=Madrid
step "list segment=madrid" "crm-contact list segment=madrid -o ids | wc -l"
step "list city=Madrid (same, no segment)" "crm-contact list city=Madrid -o ids | wc -l"
crm-contact set -q --where 'id<=1000' optout=yes
crm-campaign add name=bench channel=email cost=5000 >/dev/null
step "member add (segment piped)" "crm-contact list segment=madrid | crm-campaign member add bench - -q; crm-campaign member list bench -o ids | wc -l"
step "members -o csv (mail merge)" "crm-campaign members bench -o csv | wc -l"
step "roi" "crm-campaign roi"
