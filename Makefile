# crm - a customer-relationship-management suite for the command line.
#
#   make            build lib/libcrm.so.0 and the commands in bin/
#   make check      install missing build dependencies, build, run every test
#   make demo       the same set-up, then a tour on a fresh database in ./demo/
#   make asan       build and test again with -fsanitize=address,undefined
#   make install    PREFIX=/usr/local DESTDIR=

PREFIX ?= /usr/local
DESTDIR ?=
CC ?= cc
CFLAGS ?= -O2 -g
# B is the build directory: the sanitizer build uses its own.
B ?= .

PKG_CONFIG ?= pkg-config
SQLITE_CFLAGS := $(shell $(PKG_CONFIG) --cflags sqlite3 2>/dev/null)
SQLITE_LIBS := $(shell $(PKG_CONFIG) --libs sqlite3 2>/dev/null || echo -lsqlite3)
CSV_LIBS ?= -lcsv
READLINE_LIBS := $(shell $(PKG_CONFIG) --libs readline 2>/dev/null || echo -lreadline)

WARN = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wformat=2
ALL_CFLAGS = -std=c11 $(WARN) -Ilib $(SQLITE_CFLAGS) $(CFLAGS)

LIB_SRC := $(wildcard lib/*.c)
LIB_OBJ := $(LIB_SRC:lib/%.c=$(B)/obj/lib/%.o)
CMDS := crm crm-contact crm-account crm-lead crm-opp crm-product crm-quote crm-task crm-log crm-report
BINS := $(CMDS:%=$(B)/bin/%)
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNITS := $(UNIT_SRC:tests/unit/%.c=$(B)/obj/tests/%)
SONAME = libcrm.so.0
LIBSO = $(B)/lib/$(SONAME)

all: $(LIBSO) $(B)/lib/libcrm.so $(BINS) $(B)/lib/crm.pc

$(B)/obj/lib/%.o: lib/%.c lib/*.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -fPIC -fvisibility=default -c $< -o $@

$(LIBSO): $(LIB_OBJ)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -shared -Wl,-soname,$(SONAME) -o $@ $(LIB_OBJ) $(SQLITE_LIBS) $(CSV_LIBS) $(READLINE_LIBS) -lm

$(B)/lib/libcrm.so: $(LIBSO)
	ln -sf $(SONAME) $@

$(B)/lib/crm.pc: lib/crm.pc.in
	sed -e 's|@PREFIX@|$(PREFIX)|g' $< > $@

$(B)/bin/%: cmd/%.c $(LIBSO) lib/crm.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< -L$(B)/lib -l:$(SONAME) -Wl,-rpath,'$$ORIGIN/../lib'

# Unit tests link the library's objects directly: they test internals too.
$(B)/obj/tests/%: tests/unit/%.c $(LIB_OBJ) tests/unit/tap.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIB_OBJ) $(SQLITE_LIBS) $(CSV_LIBS) $(READLINE_LIBS) -lm

deps:
	@sh tests/install-deps

check: deps
	@$(MAKE) --no-print-directory all units
	@sh tests/run $(B)

units: $(UNITS)

asan: deps
	@$(MAKE) --no-print-directory B=build-asan \
		CFLAGS="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" \
		all units
	@ASAN_OPTIONS=detect_leaks=1 sh tests/run build-asan

demo: deps
	@$(MAKE) --no-print-directory all
	@sh tests/demo

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include \
		$(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/man/man5 $(DESTDIR)$(PREFIX)/share/man/man7 \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions \
		$(DESTDIR)$(PREFIX)/share/zsh/site-functions \
		$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
	install -m 755 $(BINS) $(DESTDIR)$(PREFIX)/bin/
	install -m 755 $(LIBSO) $(DESTDIR)$(PREFIX)/lib/
	ln -sf $(SONAME) $(DESTDIR)$(PREFIX)/lib/libcrm.so
	install -m 644 lib/crm.h $(DESTDIR)$(PREFIX)/include/
	install -m 644 $(B)/lib/crm.pc $(DESTDIR)$(PREFIX)/lib/pkgconfig/
	for p in man/*.1; do install -m 644 $$p $(DESTDIR)$(PREFIX)/share/man/man1/; done
	for p in man/*.5; do install -m 644 $$p $(DESTDIR)$(PREFIX)/share/man/man5/; done
	for p in man/*.7; do install -m 644 $$p $(DESTDIR)$(PREFIX)/share/man/man7/; done
	for c in $(CMDS); do install -m 644 completions/crm.bash \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/$$c; done
	install -m 644 completions/_crm $(DESTDIR)$(PREFIX)/share/zsh/site-functions/
	for c in $(CMDS); do install -m 644 completions/crm.fish \
		$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/$$c.fish; done

format:
	clang-format -i lib/*.c lib/*.h cmd/*.c tests/unit/*.c

clean:
	rm -rf obj bin lib/libcrm.so lib/libcrm.so.0 lib/crm.pc build-asan demo

.PHONY: all deps check units asan demo install format clean
