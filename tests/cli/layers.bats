#!/usr/bin/env bats
# tests/layers, the check that no file of lib/LAYER calls a higher layer:
# on tiny objects made here it fails on an upward call and passes on a
# downward one, and --graph finds a loop of files.

load helper
bats_require_minimum_version 1.5.0

TOP=${CRM_TOP:-$BATS_TEST_DIRNAME/../..}

# The helper's setup, then a build directory of our own for the objects.
eval "helper_$(declare -f setup)"
setup() {
	helper_setup
	OBJ=$(mktemp -d "${TMPDIR:-/tmp}/crm-layers.XXXXXX")
}

teardown() {
	if [ -n "${OBJ:-}" ]; then rm -rf "$OBJ"; fi
}

# Compiles C source (stdin) into $OBJ/obj/lib/$1.o, e.g. "base/a".
object() {
	mkdir -p "$OBJ/obj/lib/${1%/*}"
	cat >"$OBJ/src.c"
	cc -c -o "$OBJ/obj/lib/$1.o" "$OBJ/src.c"
	rm -f "$OBJ/src.c"
}

@test "layers: a call to a higher layer fails, naming the files and the functions" {
	object base/a <<-'EOF'
		int layers_up(void);
		int layers_up_too(void);
		int layers_a(void) { return layers_up() + layers_up_too(); }
	EOF
	object core/b <<-'EOF'
		int layers_up(void) { return 1; }
		int layers_up_too(void) { return 2; }
	EOF
	run sh "$TOP/tests/layers" "$OBJ"
	[ "$status" -eq 1 ]
	output_is <<-'EOF'
		not ok - layers: base/a calls layers_up, layers_up_too of core/b (base may not call core)
	EOF
}

@test "layers: a variable of a higher layer counts as much as a function" {
	object store/a <<-'EOF'
		extern int layers_count;
		int layers_a(void) { return layers_count; }
	EOF
	object report/b <<-'EOF'
		int layers_count = 3;
	EOF
	run sh "$TOP/tests/layers" "$OBJ"
	[ "$status" -eq 1 ]
	[ "$output" = "not ok - layers: store/a calls layers_count of report/b (store may not call report)" ]
}

@test "layers: calls to the same or a lower layer pass" {
	object core/a <<-'EOF'
		int layers_down(void);
		int layers_side(void);
		int layers_a(void) { return layers_down() + layers_side(); }
	EOF
	object base/b <<-'EOF'
		int layers_down(void) { return 1; }
	EOF
	object core/c <<-'EOF'
		int layers_side(void) { return 2; }
	EOF
	run sh "$TOP/tests/layers" "$OBJ"
	[ "$status" -eq 0 ]
	[ "$output" = "ok - layers: no file calls a higher layer, only drivers call their engine" ]
}

@test "layers: a folder missing from the list of layers fails" {
	object nowhere/a <<-'EOF'
		int layers_a(void) { return 1; }
	EOF
	run sh "$TOP/tests/layers" "$OBJ"
	[ "$status" -eq 1 ]
	[ "$output" = "not ok - layers: lib/nowhere is not a layer: add it to LAYERS in tests/layers" ]
}

@test "layers: no objects at all is a failure, not a pass" {
	run sh "$TOP/tests/layers" "$OBJ"
	[ "$status" -eq 1 ]
	[[ "$output" == "not ok - layers: no objects in "* ]]
}

@test "layers: --graph and --edges show a loop of two files in one layer" {
	object base/x <<-'EOF'
		int layers_y(int);
		int layers_x(int n) { return n ? layers_y(n - 1) : 0; }
	EOF
	object base/y <<-'EOF'
		int layers_x(int);
		int layers_y(int n) { return n ? layers_x(n - 1) : 1; }
	EOF
	object base/z <<-'EOF'
		int layers_x(int);
		int layers_z(void) { return layers_x(3); }
	EOF
	run sh "$TOP/tests/layers" "$OBJ" --graph
	[ "$status" -eq 0 ]
	output_is <<-'EOF'
		2 files: base/x base/y
		files in loops: 2 of 3
	EOF
	run sh "$TOP/tests/layers" --edges "$OBJ"
	[ "$status" -eq 0 ]
	output_is <<-'EOF'
		base/x -> base/y: layers_y
		base/y -> base/x: layers_x
		base/z -> base/x: layers_x
	EOF
	# a loop is no offence as long as it stays within a layer
	run sh "$TOP/tests/layers" "$OBJ"
	[ "$status" -eq 0 ]
}

# The real build: whether it passes is tests/run's business; here, that the
# check reads every object of it and says one thing consistently.
@test "layers: the real build keeps its layers, every object read" {
	local b="$CRM_BIN/.." n
	set -- "$b"/obj/lib/*/*.o
	n=$#
	[ -e "$1" ]
	run sh "$TOP/tests/layers" "$b" --graph
	[ "$status" -eq 0 ]
	[[ "${lines[-1]}" == "files in loops: "*" of $n" ]]
	# the library keeps its layers: this fails, naming the call, when a change breaks them
	run sh "$TOP/tests/layers" "$b"
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$output" = "ok - layers: no file calls a higher layer, only drivers call their engine" ]
}

@test "layers: only the SQLite driver calls sqlite3_*" {
	object store/sqlite <<-'EOF'
		int sqlite3_step(void *st);
		int layers_step(void *st) { return sqlite3_step(st); }
	EOF
	object store/db <<-'EOF'
		int sqlite3_finalize(void *st);
		int layers_free(void *st) { return sqlite3_finalize(st); }
	EOF
	run sh "$TOP/tests/layers" "$OBJ"
	[ "$status" -eq 1 ]
	[ "$output" = "not ok - layers: store/db calls sqlite3_finalize (only store/sqlite may call sqlite3_*)" ]
}
