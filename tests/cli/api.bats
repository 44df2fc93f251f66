#!/usr/bin/env bats
# The library's public interface: a program built against the installed
# header and crm.pc runs on the installed library, and libcrm.so.0 exports
# exactly the functions and objects lib/crm.h declares, at the version
# lib/libcrm.map gives them, and nothing of its insides.

load helper
bats_require_minimum_version 1.5.0

TOP=${CRM_TOP:-$BATS_TEST_DIRNAME/../..}

# The build directory the tested commands come from, and its library.
build_dir() {
	dirname "$CRM_BIN"
}
libso() {
	echo "$(build_dir)/lib/libcrm.so.0"
}

# The names of the functions and objects a C header declares at file scope,
# sorted: what the preprocessor keeps of the header itself (not of what it
# includes), its statements outside braces, attributes dropped, typedefs
# and struct, enum and union tags skipped.
declared_names() {
	cc -E -x c "$1" | awk -v f="$1" '
	/^# [0-9]+ "/ { split($0, a, "\""); keep = (a[2] == f); next }
	keep { text = text " " $0 }
	function emit(s,    k, j, d, ch, decl, m, q, name) {
		while ((k = index(s, "__attribute__")) > 0) {
			d = 0
			for (j = k + 13; j <= length(s); j++) {
				ch = substr(s, j, 1)
				if (ch == "(") d++
				else if (ch == ")" && --d == 0) break
			}
			s = substr(s, 1, k - 1) " " substr(s, j + 1)
		}
		if (s ~ /^[ \t]*typedef[ \t]/) return
		gsub(/(struct|enum|union)[ \t]+[A-Za-z_][A-Za-z_0-9]*/, " ", s)
		# a function: the name before its parameters
		if (match(s, /[A-Za-z_][A-Za-z_0-9]*[ \t]*\(/)) {
			name = substr(s, RSTART, RLENGTH)
			sub(/[ \t]*\($/, "", name)
			print name
			return
		}
		# objects: the last word of each declarator
		gsub(/\[[^]]*\]/, " ", s)
		m = split(s, decl, ",")
		for (q = 1; q <= m; q++)
			if (match(decl[q], /[A-Za-z_][A-Za-z_0-9]*[ \t]*$/)) {
				name = substr(decl[q], RSTART, RLENGTH)
				sub(/[ \t]+$/, "", name)
				print name
			}
	}
	END {
		for (i = 1; i <= length(text); i++) {
			c = substr(text, i, 1)
			if (c == "{") depth++
			else if (c == "}") depth--
			else if (depth == 0 && c == ";") { emit(stmt); stmt = "" }
			else if (depth == 0) stmt = stmt c
		}
	}' | sort
}

# The names a version script makes global, sorted.
map_names() {
	sed -e 's|/\*.*\*/||' "$1" | awk '
		/^[ \t]*global:/ { on = 1; next }
		/^[ \t]*local:/ { on = 0 }
		/}/ { on = 0 }
		on { gsub(/[ \t;]/, ""); if ($0 != "") print }' | sort
}

# What a library exports, as NAME@VERSION lines (the version nodes themselves left out).
exported() {
	nm -D --defined-only "$1" | awk '$2 != "A" { sub(/@@?/, "@", $3); print $3 }' | sort
}

# Fails, showing the difference, when the two sorted lists differ.
same_names() {
	local what=$1 a=$2 b=$3
	if ! diff -u "$a" "$b" >"$BATS_TEST_TMPDIR/names.diff"; then
		echo "$what:" >&2
		cat "$BATS_TEST_TMPDIR/names.diff" >&2
		return 1
	fi
}

@test "api: a program built with the installed crm.pc keeps contacts through the installed library" {
	command -v pkg-config >/dev/null || skip "pkg-config absent"
	local root="$BATS_TEST_TMPDIR/root"
	# the tested build installed as it is: nothing is compiled again
	run env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS make -C "$TOP" --no-print-directory \
		B="$(build_dir)" install DESTDIR="$root" PREFIX=/usr
	echo "$output" >&2
	[ "$status" -eq 0 ]
	[[ "$output" != *" -fPIC "* && "$output" != *" -shared "* ]]
	[ -f "$root/usr/include/crm.h" ]
	[ -f "$root/usr/lib/libcrm.so.0" ]
	[ -L "$root/usr/lib/libcrm.so" ]

	cat >prog.c <<'EOF'
#include <crm.h>
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
	crm_set_progname("prog");
	char day[11], *amount, *twice;
	const char *why;
	if (crm_parse_date("2026-02-28", day) || crm_money_normal("1.234,50 €", &amount, &why))
		return 10;
	twice = crm_money_str(2 * crm_money_minor(amount));
	static const struct crm_column cols[] = {{"day", 0}, {"amount", 1}, {"twice", 1}};
	struct crm_printer *p = crm_printer_new(CRM_FMT_TSV, stdout, 1);
	crm_printer_begin(p, cols, 3);
	crm_printer_row(p, (const char *const[]){day, amount, twice});
	if (crm_printer_end(p))
		return 11;
	free(amount);
	free(twice);
	if (crm_money_normal("12,3456", &amount, &why) == 0)
		return 12;
	printf("12,3456: %s\n", why);
	fflush(stdout);

	char *add[] = {"crm-contact", "add", "-q", "first_name=Ana", "last_name=García",
	               "email=ana@acme.es", NULL};
	char *list[] = {"crm-contact", "list", "-o", "tsv", "--fields", "id,first_name,email", NULL};
	int rc = crm_entity_main(6, add, &crm_entity_contact, NULL);
	return rc ? rc : crm_entity_main(6, list, &crm_entity_contact, NULL);
}
EOF
	local flags
	flags=$(PKG_CONFIG_PATH="$root/usr/lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$root" \
		pkg-config --cflags --libs crm)
	echo "pkg-config: $flags" >&2
	[[ "$flags" == *"-I$root/usr/include"* ]]
	[[ "$flags" == *"-L$root/usr/lib"* ]]
	# a library built with sanitizers (make asan) wants their run-time in the program
	local san="" needed
	needed=$(readelf -d "$root/usr/lib/libcrm.so.0")
	[[ "$needed" == *"[libasan."* ]] && san="$san -fsanitize=address"
	[[ "$needed" == *"[libubsan."* ]] && san="$san -fsanitize=undefined"
	# shellcheck disable=SC2086 # the flags are words
	cc -std=c11 -Wall -Wextra -Werror $san -o prog prog.c $flags
	# the installed library, not the build's
	LD_LIBRARY_PATH="$root/usr/lib" ldd ./prog | grep -F "$root/usr/lib/libcrm.so.0"

	rm -f "$CRM_DB"
	run env LD_LIBRARY_PATH="$root/usr/lib" ./prog
	echo "$output" >&2
	[ "$status" -eq 0 ]
	output_is <<'EOF'
day	amount	twice
2026-02-28	1234.50	2469.00
12,3456: more decimals than a currency has (2)
1
1	Ana	ana@acme.es
EOF
	# the database the program made is one the commands read
	run crm-contact show 1 -o json
	[ "$status" -eq 0 ]
	[ "$(jq -r ".[0].email" <<<"$output")" = ana@acme.es ]
}

@test "api: libcrm.so.0 exports exactly what crm.h declares, all at LIBCRM_0" {
	declared_names "$TOP/lib/crm.h" >declared
	[ "$(wc -l <declared)" -gt 100 ]
	map_names "$TOP/lib/libcrm.map" >mapped
	exported "$(libso)" >exported
	sed 's/@.*//' exported >names
	same_names "crm.h (-) against lib/libcrm.map (+)" declared mapped
	same_names "crm.h (-) against the symbols libcrm.so.0 exports (+)" declared names
	# every exported name has its version: none came out unversioned
	run grep -v '@LIBCRM_0$' exported
	[ "$output" = "" ]
}

@test "api: nothing of the library's insides is exported" {
	run sh -c "nm -D --defined-only '$(libso)' | awk '{ print \$3 }' | grep -E '^(db|rec|cli|cl|rep|hook|dupes|vcard|ics)_'"
	echo "$output" >&2
	[ "$status" -eq 1 ]
	[ "$output" = "" ]
	# and each name exported is a crm_ one
	run sh -c "nm -D --defined-only '$(libso)' | awk '\$2 != \"A\" { print \$3 }' | grep -v '^crm_'"
	[ "$output" = "" ]
}
