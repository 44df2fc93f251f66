# crm - a customer-relationship-management suite for the command line.
#
#   make            build build/lib/libcrm.so.0 and the commands in build/bin/
#   make check      install missing build dependencies, build, run every test
#   make demo       the same set-up, then a tour on a fresh database in ./demo/
#   make asan       build and test again with -fsanitize=address,undefined
#   make bench      release build in build-bench/, then the performance table (bench/README.md)
#   make fuzz       libFuzzer targets (clang), each run FUZZ_SECONDS (60)
#   make valgrind   the command-line tests with every command under valgrind
#   make install    PREFIX=/usr/local DESTDIR=
#   make po-man     bring po/man/*.po up to date after a change to an English page
#   make po         po/crm.pot from the sources, merged into every po/LANG.po

PREFIX ?= /usr/local
DESTDIR ?=
CC ?= cc
CFLAGS ?= -O2 -g
# B is the build directory: everything made goes there, nothing beside the
# sources (the sanitizer, bench and fuzz builds use their own).
B ?= build

PKG_CONFIG ?= pkg-config
SQLITE_CFLAGS := $(shell $(PKG_CONFIG) --cflags sqlite3 2>/dev/null)
SQLITE_LIBS := $(shell $(PKG_CONFIG) --libs sqlite3 2>/dev/null || echo -lsqlite3)
CSV_LIBS ?= -lcsv
READLINE_LIBS := $(shell $(PKG_CONFIG) --libs readline 2>/dev/null || echo -lreadline)
UTF8PROC_CFLAGS := $(shell $(PKG_CONFIG) --cflags libutf8proc 2>/dev/null)
UTF8PROC_LIBS := $(shell $(PKG_CONFIG) --libs libutf8proc 2>/dev/null || echo -lutf8proc)
# libpq, for databases on a PostgreSQL server (lib/store/pg.c)
PQ_CFLAGS := $(shell $(PKG_CONFIG) --cflags libpq 2>/dev/null || echo -I/usr/include/postgresql)
PQ_LIBS := $(shell $(PKG_CONFIG) --libs libpq 2>/dev/null || echo -lpq)
# GMime 3, which reads mail (lib/domain/mail.c), and libxml2's HTML parser,
# which turns an HTML-only mail into text: their headers as system ones
GMIME_CFLAGS := $(patsubst -I%,-isystem %,$(shell $(PKG_CONFIG) --cflags gmime-3.0 libxml-2.0 2>/dev/null))
GMIME_LIBS := $(shell $(PKG_CONFIG) --libs gmime-3.0 libxml-2.0 2>/dev/null || echo -lgmime-3.0 -lgobject-2.0 -lglib-2.0 -lxml2)

WARN = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wformat=2
LOCALEDIR = $(PREFIX)/share/locale
ALL_CFLAGS = -std=c11 $(WARN) -Ilib -I$(B)/gen -DLOCALEDIR='"$(LOCALEDIR)"' $(SQLITE_CFLAGS) $(UTF8PROC_CFLAGS) $(PQ_CFLAGS) $(CFLAGS)

# lib/LAYER/*.c: each folder is a layer (HACKING.md); tests/layers checks them.
LIB_SRC := $(wildcard lib/*/*.c)
LIB_HDR := lib/crm.h $(wildcard lib/*/*.h)
LIB_OBJ := $(LIB_SRC:lib/%.c=$(B)/obj/lib/%.o)
# Every cmd/NAME.c is a command: a new entity's command needs no line here.
CMDS := $(patsubst cmd/%.c,%,$(wildcard cmd/*.c))
BINS := $(CMDS:%=$(B)/bin/%)
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNITS := $(UNIT_SRC:tests/unit/%.c=$(B)/obj/tests/%)
SONAME = libcrm.so.0
LIBSO = $(B)/lib/$(SONAME)

# Translations: po/LANG.po compiled where the commands in $(B)/bin find them.
LINGUAS := $(shell cat po/LINGUAS)
MOS := $(LINGUAS:%=$(B)/locale/%/LC_MESSAGES/crm.mo)

# The translated man pages: man/PAGE in Spanish is po/man/PAGE.es.po applied
# to man/PAGE by po4a (po/man/po4a.cfg), built into $(B)/man/es.  A paragraph
# whose translation is missing or out of date stays in English there; make
# check fails on it.
MAN_ES := $(patsubst po/man/%.es.po,%,$(wildcard po/man/*.es.po))
MAN_ES_OUT := $(MAN_ES:%=$(B)/man/es/%)

all: progs man-es

progs: $(LIBSO) $(B)/lib/libcrm.so $(BINS) $(B)/lib/crm.pc $(MOS)

$(B)/locale/%/LC_MESSAGES/crm.mo: po/%.po
	@mkdir -p $(@D)
	msgfmt --check -o $@ $<

# The template from the sources (po/make-pot), merged into each translation.
po:
	sh po/make-pot po/crm.pot
	for l in $(LINGUAS); do msgmerge -q --no-wrap --update --backup=none po/$$l.po po/crm.pot; done

man-es: $(MAN_ES_OUT)

$(MAN_ES_OUT) &: po/man/po4a.cfg $(MAN_ES:%=man/%) $(MAN_ES:%=po/man/%.es.po)
	@mkdir -p $(B)/man/es
	po4a -q --no-update --destdir $(B) po/man/po4a.cfg
	touch $(MAN_ES_OUT)

# After a change to an English page: new and changed paragraphs go into the
# catalogues untranslated or fuzzy, for a translator to fill in.
po-man:
	po4a --no-translations po/man/po4a.cfg

# The library exports what crm.h declares (CRM_API) and nothing else: every
# other name is hidden, and lib/libcrm.map versions the public ones.
$(B)/obj/lib/%.o: lib/%.c $(LIB_HDR)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -fPIC -fvisibility=hidden -c $< -o $@

# The schema migrations, lib/store/sql/NNN-name.sql, as the C strings of
# db.c's migrations[] (lib/store/migrations.sh; HACKING.md, "A migration").
# The folder is a prerequisite too: a file added or taken away changes it.
MIGRATIONS_SQL := $(wildcard lib/store/sql/*.sql)
MIGRATIONS_INC = $(B)/gen/store/migrations.inc

$(MIGRATIONS_INC): lib/store/migrations.sh lib/store/sql $(MIGRATIONS_SQL)
	@mkdir -p $(@D)
	sh lib/store/migrations.sh lib/store/sql >$@.tmp || { rm -f $@.tmp; exit 1; }
	mv $@.tmp $@

$(B)/obj/lib/store/db.o $(B)/obj/tests/test_migrations: $(MIGRATIONS_INC)

# The schema a new PostgreSQL database gets, lib/store/pg/schema.sql, as
# one C string (crm init runs it whole); ? is escaped against trigraphs.
PG_SCHEMA_INC = $(B)/gen/store/pg_schema.inc

$(PG_SCHEMA_INC): lib/store/pg/schema.sql
	@mkdir -p $(@D)
	sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/?/\\?/g' -e 's/^/"/' -e 's/$$/\\n"/' \
		lib/store/pg/schema.sql >$@.tmp || { rm -f $@.tmp; exit 1; }
	mv $@.tmp $@

# Its migrations after that version, lib/store/pg/sql/NNN-name.sql from 021,
# as db.c's pg_migrations[].
PG_MIGRATIONS_SQL := $(wildcard lib/store/pg/sql/*.sql)
PG_MIGRATIONS_INC = $(B)/gen/store/pg_migrations.inc

$(PG_MIGRATIONS_INC): lib/store/migrations.sh lib/store/pg/sql $(PG_MIGRATIONS_SQL)
	@mkdir -p $(@D)
	sh lib/store/migrations.sh lib/store/pg/sql 21 >$@.tmp || { rm -f $@.tmp; exit 1; }
	mv $@.tmp $@

$(B)/obj/lib/store/db.o: $(PG_SCHEMA_INC) $(PG_MIGRATIONS_INC)

# Only the mail reader sees GMime's and GLib's headers.
$(B)/obj/lib/domain/mail.o: ALL_CFLAGS += $(GMIME_CFLAGS)

$(LIBSO): $(LIB_OBJ) lib/libcrm.map
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -shared -Wl,-soname,$(SONAME) -Wl,--version-script=lib/libcrm.map -o $@ \
		$(LIB_OBJ) $(SQLITE_LIBS) $(PQ_LIBS) $(GMIME_LIBS) $(CSV_LIBS) $(READLINE_LIBS) $(UTF8PROC_LIBS) -lm

$(B)/lib/libcrm.so: $(LIBSO)
	ln -sf $(SONAME) $@

$(B)/lib/crm.pc: lib/crm.pc.in
	@mkdir -p $(@D)
	sed -e 's|@PREFIX@|$(PREFIX)|g' $< > $@

$(B)/bin/%: cmd/%.c $(LIBSO) lib/crm.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< -L$(B)/lib -l:$(SONAME) -Wl,-rpath,'$$ORIGIN/../lib'

# Unit tests link the library's objects directly: they test internals too.
$(B)/obj/tests/%: tests/unit/%.c $(LIB_OBJ) tests/unit/tap.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIB_OBJ) $(SQLITE_LIBS) $(PQ_LIBS) $(GMIME_LIBS) $(CSV_LIBS) $(READLINE_LIBS) $(UTF8PROC_LIBS) -lm

deps:
	@sh tests/install-deps

check: deps
	@$(MAKE) --no-print-directory all units
	@sh tests/run $(B)

# Each fuzz target also replays its seeds and past findings as a unit test.
FUZZ_TARGETS := import grammar date money ics draft vcard restore mail
FUZZ_REPLAYS := $(FUZZ_TARGETS:%=$(B)/obj/tests/test_fuzz_%)

$(B)/obj/tests/test_fuzz_%: fuzz/fuzz_%.c fuzz/fuzz_common.c fuzz/replay.c fuzz/fuzz.h $(LIB_OBJ)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -DFUZZ_NAME='"$*"' -o $@ fuzz/fuzz_$*.c fuzz/fuzz_common.c fuzz/replay.c \
		$(LIB_OBJ) $(SQLITE_LIBS) $(PQ_LIBS) $(GMIME_LIBS) $(CSV_LIBS) $(READLINE_LIBS) $(UTF8PROC_LIBS) -lm

units: $(UNITS) $(FUZZ_REPLAYS)

# The tests again under AddressSanitizer and UBSan; on PostgreSQL the suites
# that take every path of its driver (blobs, migrate, undo), since check
# runs them all there.
asan: deps
	@$(MAKE) --no-print-directory B=build-asan \
		CFLAGS="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" \
		all units
	@ASAN_OPTIONS=detect_leaks=1 CRM_TEST_PG_SUITES="contact crm dump" sh tests/run build-asan

# Release flags in a build directory of its own; bench/run prints the table.
bench:
	@sh bench/install-deps
	@$(MAKE) --no-print-directory B=build-bench CFLAGS="-O2" progs
	@mkdir -p build-bench/bench
	$(CC) -std=c11 $(WARN) -O2 $(SQLITE_CFLAGS) -o build-bench/bench/show1 bench/show1.c $(SQLITE_LIBS)
	@sh bench/run build-bench

# libFuzzer: the library built with clang and the fuzzer's instrumentation,
# one binary per target; corpora grow in build-fuzz/corpus, crashes land in
# build-fuzz/findings (keep each one in fuzz/regress/TARGET once fixed).
FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_SAN = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_BINS := $(FUZZ_TARGETS:%=build-fuzz/fuzz_%)
FUZZ_OBJ := $(LIB_SRC:lib/%.c=build-fuzz/obj/lib/%.o)

build-fuzz/fuzz_%: fuzz/fuzz_%.c fuzz/fuzz_common.c fuzz/fuzz.h fuzz-objs
	$(FUZZ_CC) -std=c11 -Ilib $(UTF8PROC_CFLAGS) -O1 -g $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $< fuzz/fuzz_common.c \
		$(FUZZ_OBJ) $(SQLITE_LIBS) $(PQ_LIBS) $(GMIME_LIBS) $(CSV_LIBS) $(READLINE_LIBS) $(UTF8PROC_LIBS) -lm

fuzz-objs:
	@$(MAKE) --no-print-directory B=build-fuzz CC=$(FUZZ_CC) \
		CFLAGS="-O1 -g $(FUZZ_SAN) -fsanitize=fuzzer-no-link" $(FUZZ_OBJ)

fuzz-deps:
	@sh fuzz/install-deps

fuzz: fuzz-deps
	@$(MAKE) --no-print-directory $(FUZZ_BINS)
	@sh fuzz/run $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# The command-line tests with each command run under valgrind: slow.
valgrind: deps
	@$(MAKE) --no-print-directory all
	@B=$(B) sh tests/valgrind

demo: deps
	@$(MAKE) --no-print-directory all
	@sh tests/demo $(B)

# The same tour on a throwaway PostgreSQL server of its own.
demo-pg: deps
	@$(MAKE) --no-print-directory all
	@sh tests/demo-pg $(B)

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include \
		$(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/man/man5 $(DESTDIR)$(PREFIX)/share/man/man7 \
		$(DESTDIR)$(PREFIX)/share/man/es/man1 $(DESTDIR)$(PREFIX)/share/man/es/man5 \
		$(DESTDIR)$(PREFIX)/share/man/es/man7 \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions \
		$(DESTDIR)$(PREFIX)/share/zsh/site-functions \
		$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
	install -m 755 $(BINS) $(DESTDIR)$(PREFIX)/bin/
	install -m 755 $(LIBSO) $(DESTDIR)$(PREFIX)/lib/
	ln -sf $(SONAME) $(DESTDIR)$(PREFIX)/lib/libcrm.so
	install -m 644 lib/crm.h $(DESTDIR)$(PREFIX)/include/
	for l in $(LINGUAS); do install -d $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES && \
		install -m 644 $(B)/locale/$$l/LC_MESSAGES/crm.mo $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/; done
	sed -e 's|@PREFIX@|$(PREFIX)|g' lib/crm.pc.in > $(DESTDIR)$(PREFIX)/lib/pkgconfig/crm.pc
	chmod 644 $(DESTDIR)$(PREFIX)/lib/pkgconfig/crm.pc
	for p in man/*.1; do install -m 644 $$p $(DESTDIR)$(PREFIX)/share/man/man1/; done
	for p in man/*.5; do install -m 644 $$p $(DESTDIR)$(PREFIX)/share/man/man5/; done
	for p in man/*.7; do install -m 644 $$p $(DESTDIR)$(PREFIX)/share/man/man7/; done
	for p in $(MAN_ES_OUT); do install -m 644 $$p $(DESTDIR)$(PREFIX)/share/man/es/man$${p##*.}/; done
	for c in $(CMDS); do install -m 644 completions/crm.bash \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/$$c; done
	install -m 644 completions/_crm $(DESTDIR)$(PREFIX)/share/zsh/site-functions/
	for c in $(CMDS); do install -m 644 completions/crm.fish \
		$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/$$c.fish; done

format:
	clang-format -i lib/*.h lib/*/*.c lib/*/*.h cmd/*.c tests/unit/*.c fuzz/*.c fuzz/*.h

clean:
	rm -rf build build-asan build-bench build-fuzz demo

.PHONY: all progs man-es po-man deps check units asan bench fuzz fuzz-deps fuzz-objs valgrind demo demo-pg install po format clean
