#!/bin/sh
# bench/import.sh - whole-process timings of crm-contact import and queries.
#
#   sh bench/import.sh            build, generate bench/out/ data once, measure, print a table
#
# Environment: BENCH_ROWS (1000000), BENCH_SEED (42), BENCH_RUNS (5),
# BENCH_BUDGET (seconds for the big imports, 900: fewer runs, never under 3,
# when 5 would not fit), BENCH_OUT (bench/out), CRM_TESTDATA (../shared/testdata).
# Every import run starts from a fresh database.  Wall time is the median of
# the runs; peak RSS is the largest of the runs (GNU time's %M, else VmHWM
# sampled from /proc).  Not run by `make check`.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
rows=${BENCH_ROWS:-1000000}
seed=${BENCH_SEED:-42}
runs=${BENCH_RUNS:-5}
budget=${BENCH_BUDGET:-900}
out=${BENCH_OUT:-$top/bench/out}
testdata=${CRM_TESTDATA:-$top/../shared/testdata}
customers=$testdata/datablist-sample-csv/customers-10000.csv

make -s >/dev/null
PATH=$top/bin:$PATH
export CRM_NOW=2026-03-01T09:00:00Z TZ=UTC CRM_USER=bench LC_ALL=C.UTF-8
export HOME="$out/home" XDG_DATA_HOME="$out/home/data"

mkdir -p "$out/db" "$HOME"
# bench/out holds generated data and databases: never committed.
[ -f "$out/.gitignore" ] || echo '*' >"$out/.gitignore"

big=$out/contacts-$rows-seed$seed.csv
if [ ! -s "$big" ]; then
	echo "generating $rows rows into $big ..." >&2
	sh bench/gen-contacts "$rows" "$seed" >"$big.tmp"
	mv "$big.tmp" "$big"
fi

if /usr/bin/time -f %M true >/dev/null 2>&1; then gnutime=1; else gnutime=0; fi
case $(date +%s%N) in *N | *[!0-9]*) ns=0 ;; *) ns=1 ;; esac

tmp=$out/tmp.$$
trap 'rm -f "$tmp".*' EXIT

# measure CMD...: runs it once (stdout to /dev/null, stderr kept in $tmp.err);
# sets $wall (seconds, 3 decimals) and $rss (KiB).
measure() {
	t0=$(now)
	if [ $gnutime = 1 ]; then
		/usr/bin/time -f %M -o "$tmp.rss" "$@" >/dev/null 2>"$tmp.err" || fail "$@"
		rss=$(tail -n 1 "$tmp.rss")
	else
		"$@" >/dev/null 2>"$tmp.err" &
		pid=$! rss=0
		while kill -0 $pid 2>/dev/null; do
			v=$(awk '/^VmHWM:/ { print $2 }' /proc/$pid/status 2>/dev/null || true)
			[ -n "$v" ] && rss=$v
			sleep 0.02
		done
		wait $pid || fail "$@"
	fi
	t1=$(now)
	wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
}

now() {
	if [ $ns = 1 ]; then date +%s%N; else awk 'BEGIN { srand(); printf "%d000000000\n", srand() }'; fi
}

fail() {
	echo "bench: failed: $*" >&2
	cat "$tmp.err" >&2
	exit 1
}

# median of the numbers on stdin
median() { sort -n | awk '{ v[NR] = $1 } END { printf "%.3f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

results=$out/results.txt
: >"$results"
# row NAME ROWS RUNS: reads "wall rss" lines from $tmp.runs
row() {
	med=$(cut -d' ' -f1 "$tmp.runs" | median)
	min=$(cut -d' ' -f1 "$tmp.runs" | sort -n | head -n 1)
	max=$(cut -d' ' -f1 "$tmp.runs" | sort -n | tail -n 1)
	peak=$(cut -d' ' -f2 "$tmp.runs" | sort -n | tail -n 1)
	printf '%-44s %9s %4s %9s %9s %9s %8s\n' "$1" "$2" "$3" "$med" "$min" "$max" \
		"$(awk -v k="$peak" 'BEGIN { printf "%.1f", k / 1024 }')" >>"$results"
}

# import_runs NAME ROWS RUNS FILE ARGS...: each run on a fresh database
import_runs() {
	name=$1 n=$2 k=$3 file=$4
	shift 4
	: >"$tmp.runs"
	i=0
	while [ $i -lt "$k" ]; do
		i=$((i + 1))
		export CRM_DB="$out/db/bench.db"
		rm -f "$CRM_DB" "$CRM_DB-wal" "$CRM_DB-shm"
		measure crm-contact import -q "$@" "$file"
		echo "$wall $rss" >>"$tmp.runs"
		echo "  $name: run $i: ${wall}s, $((rss / 1024)) MiB" >&2
		got=$(crm sql "SELECT count(*) FROM contact" -o tsv)
		[ "$got" = "$n" ] || { echo "bench: $name: $got contacts, want $n" >&2; exit 1; }
		if [ $i = 1 ] && [ "$k" -gt 3 ]; then
			# keep the whole series within the budget, but never under 3 runs
			fit=$(awk -v w="$wall" -v b="$budget" 'BEGIN { printf "%d\n", (w > 0 ? b / w : 99) }')
			if [ "$fit" -lt "$k" ]; then
				k=$((fit < 3 ? 3 : fit))
				echo "  $name: ${wall}s a run: $k runs instead of $runs (BENCH_BUDGET=${budget}s)" >&2
				note="$note
note: $name ran $k times, not $runs (one run took ${wall}s; BENCH_BUDGET=${budget}s)"
			fi
		fi
	done
	row "$name" "$n" "$k"
}

# query_runs NAME COMMAND: a shell pipeline on the big database, $runs times
query_runs() {
	: >"$tmp.runs"
	i=0
	while [ $i -lt "$runs" ]; do
		i=$((i + 1))
		measure sh -c "$2"
		echo "$wall $rss" >>"$tmp.runs"
	done
	lines=$(sh -c "$2" | tail -n 1)
	row "$1" "$lines" "$runs"
}

note=""
echo "bench: $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo '+dirty')," \
	"$(uname -m), $(nproc 2>/dev/null || echo '?') cpu," \
	"$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null)," \
	"sqlite $(pkg-config --modversion sqlite3 2>/dev/null || echo '?')" >&2

if [ -f "$customers" ]; then
	import_runs "import customers-10000 --create-refs" 10000 "$runs" "$customers" --create-refs
else
	echo "bench: $customers is absent: skipping the 10,000-row sample" >&2
fi
import_runs "import generated $rows rows" "$rows" "$runs" "$big"

# queries on the database the last big import left
export CRM_DB="$out/db/bench.db"
email=$(grep -m 1 -o '[a-z]*\.[a-z]*\.'$((rows / 2))'@[a-z.]*' "$big")
phone=$(grep -m 1 "\.$((rows / 2))@" "$big" | awk -F, '{ print $4 }' | tr -d '"')
query_runs "list garcia | wc -l" "crm-contact list garcia | wc -l"
query_runs "list city=Madrid | wc -l" "crm-contact list city=Madrid | wc -l"
query_runs "lookup $email -o ids" "crm-contact lookup '$email' -o ids | wc -l"
query_runs "lookup '$phone' -o ids" "crm-contact lookup '$phone' -o ids | wc -l"
query_runs "export | wc -l" "crm-contact export | wc -l"

echo
printf '%-44s %9s %4s %9s %9s %9s %8s\n' "case" "rows/out" "runs" "median_s" "min_s" "max_s" "peak_MiB"
cat "$results"
[ -z "$note" ] || printf '%s\n' "$note"
echo "(databases and data in $out; delete it to regenerate)"
