# cs: social customer-service toolchain.  See README.md.
#
#   make            build bin/ and lib into $(O)
#   make demo       install missing packages, build, run the offline pipeline
#   make check      install missing packages, build, run every test
#   make bench      throughput and peak memory of every tool
#   make install    install binaries and man pages under $(DESTDIR)$(PREFIX)

include config.mk

O ?= build
SANITIZE ?=
# make V=1 shows the full commands.
ifeq ($(V),1)
Q =
SAY = @true
else
Q = @
SAY = @printf '  %-6s %s\n'
endif

PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)
CMOCKA_CFLAGS := $(shell $(PKG_CONFIG) --cflags cmocka 2>/dev/null)
CMOCKA_LIBS := $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null)

ifneq ($(SANITIZE),)
SAN_FLAGS = -fsanitize=$(SANITIZE) -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
endif

ALL_CFLAGS = $(CS_CFLAGS) $(PKG_CFLAGS) -Ilib -I$(O) \
	-DCS_VERSION='"$(VERSION)"' $(SAN_FLAGS) $(CFLAGS)
ALL_LDFLAGS = $(SAN_FLAGS) $(LDFLAGS)

LIB_SRC := $(sort $(wildcard lib/*.c))
LIB_HDR := $(wildcard lib/*.h)
LIB_OBJ := $(LIB_SRC:lib/%.c=$(O)/lib/%.o) $(O)/lib/data.o
DATA := $(sort $(filter-out lib/data/SOURCES% lib/data/README%,\
	$(wildcard lib/data/*)))
CMD_SRC := $(sort $(wildcard cmd/cs-*.c))
CMDS := $(CMD_SRC:cmd/%.c=%)
BINS := $(CMDS:%=$(O)/bin/%)
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNITS := $(UNIT_SRC:tests/unit/%.c=$(O)/tests/%)
MANS := $(sort $(wildcard man/*.[1-9]))

all: $(BINS)

$(O)/lib $(O)/bin $(O)/tests $(O)/tools:
	@mkdir -p $@

$(O)/lib/%.o: lib/%.c $(LIB_HDR) config.mk | $(O)/lib
	$(SAY) CC $@
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

# Built-in data (taxonomy, lexicons, templates...) is compiled in, so the
# tools need no files at run time.  The embedder is a host tool: no
# sanitizer, no project libraries.
$(O)/tools/embed: scripts/embed.c | $(O)/tools
	$(SAY) CC $@
	$(Q)$(CC) $(CS_CFLAGS) $(CFLAGS) -o $@ $<

$(O)/data.c: $(O)/tools/embed $(DATA)
	$(SAY) EMBED $@
	$(Q)$(O)/tools/embed $(DATA) > $@.tmp && mv $@.tmp $@

$(O)/lib/data.o: $(O)/data.c lib/data.h | $(O)/lib
	$(SAY) CC $@
	$(Q)$(CC) $(ALL_CFLAGS) -Wno-overlength-strings -c -o $@ $<

$(O)/libcs.a: $(LIB_OBJ)
	$(SAY) AR $@
	$(Q)rm -f $@
	$(Q)$(AR) rcs $@ $(LIB_OBJ)

$(O)/bin/%: cmd/%.c $(O)/libcs.a $(LIB_HDR) | $(O)/bin
	$(SAY) LINK $@
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $< $(O)/libcs.a $(ALL_LDFLAGS) \
		$(PKG_LIBS) -lm

$(O)/tests/%: tests/unit/%.c $(wildcard tests/unit/*.h) $(O)/libcs.a $(LIB_HDR) | $(O)/tests
	$(SAY) LINK $@
	$(Q)$(CC) $(ALL_CFLAGS) $(CMOCKA_CFLAGS) -o $@ $< $(O)/libcs.a \
		$(ALL_LDFLAGS) $(PKG_LIBS) $(CMOCKA_LIBS) -lm

$(O)/tools/eval_%: tests/eval/eval_%.c $(O)/libcs.a $(LIB_HDR) | $(O)/tools
	$(SAY) LINK $@
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $< $(O)/libcs.a $(ALL_LDFLAGS) \
		$(PKG_LIBS) -lm

# The bench tools that run the project's own code.
$(O)/tools/langonly: tests/bench/langonly.c $(O)/libcs.a $(LIB_HDR) | $(O)/tools
	$(SAY) LINK $@
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $< $(O)/libcs.a $(ALL_LDFLAGS) \
		$(PKG_LIBS) -lm

$(O)/tools/%: tests/bench/%.c | $(O)/tools
	$(SAY) CC $@
	$(Q)$(CC) $(CS_CFLAGS) $(PKG_CFLAGS) $(CFLAGS) -o $@ $< $(PKG_LIBS) -lm

units: $(UNITS)

deps:
	@sh scripts/deps

# make check: everything, ending with one "N passed, N failed" line.
check: deps
	@$(MAKE) --no-print-directory all units
	@$(MAKE) --no-print-directory O=build-san CC=clang \
		SANITIZE=address,undefined all units
	@sh tests/run

demo: deps
	@$(MAKE) --no-print-directory all
	@bash scripts/demo $(O)/bin

bench: deps
	@$(MAKE) --no-print-directory all $(O)/tools/gen $(O)/tools/measure \
		$(O)/tools/cjsonpass $(O)/tools/history $(O)/tools/langonly
	@sh tests/bench/run $(O)

# make report-demo: cs-report on the real twcs sample in ../shared: each
# brand's response rate and median first response time.
TWCS ?= ../shared/corpora/tweets/twcs-head5000.csv

report-demo: deps
	@$(MAKE) --no-print-directory all
	@if [ ! -f "$(TWCS)" ]; then \
		echo "report-demo: $(TWCS) not found; the twcs sample" \
		    "(Customer Support on Twitter, first 5000 rows) belongs" \
		    "there, or set TWCS=FILE" >&2; exit 1; fi
	@$(O)/bin/cs-fetch import --format twcs "$(TWCS)" | \
		$(O)/bin/cs-report --by account --format csv | \
		awk -F, 'NR == 1 { printf "%-18s %8s %8s %14s\n", "brand", \
		    "inbound", "replied", "median reply" } \
		NR > 1 { m = $$6 == "" ? "-" : \
		    sprintf("%dh%02dm%02ds", $$6 / 3600, $$6 % 3600 / 60, \
		    $$6 % 60); \
		    printf "%-18s %8d %7.1f%% %14s\n", $$1, $$2, $$4 * 100, m }'

# make eval: the classifier's quality on the public corpora in
# ../shared/corpora, beside the npm peers franc and vader-sentiment.
EVAL_SRC := $(sort $(wildcard tests/eval/eval_*.c))
EVALS := $(EVAL_SRC:tests/eval/%.c=$(O)/tools/%)

eval: deps
	@$(MAKE) --no-print-directory all $(EVALS)
	@sh scripts/eval $(O)

lint: all
	mandoc -Tlint -Wwarning $(MANS)
	cppcheck --quiet --error-exitcode=1 --enable=warning,portability \
		--std=c11 --inline-suppr -Ilib \
		--suppress=missingIncludeSystem lib cmd

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man7 \
		$(DESTDIR)$(SHAREDIR)
	install -m 755 $(BINS) $(DESTDIR)$(BINDIR)
	install -m 755 scripts/triage $(DESTDIR)$(SHAREDIR)/triage
	for m in $(MANS); do \
		s=$${m##*.}; install -m 644 $$m $(DESTDIR)$(MANDIR)/man$$s; \
	done

uninstall:
	for c in $(CMDS); do rm -f $(DESTDIR)$(BINDIR)/$$c; done
	rm -f $(DESTDIR)$(SHAREDIR)/triage
	for m in $(MANS); do \
		s=$${m##*.}; rm -f $(DESTDIR)$(MANDIR)/man$$s/$${m##*/}; \
	done

clean:
	rm -rf build build-san build-fuzz

.PHONY: all units deps check demo bench eval lint install uninstall clean \
	report-demo
.SUFFIXES:
.SECONDARY:

# make fuzz FUZZTIME=N: each libFuzzer target (tests/fuzz/fuzz_*.c) for N
# seconds, two at a time under nice, logs in build-fuzz/log-NAME.txt; the
# corpus grows in build-fuzz/corpus-NAME, seeded from tests/fuzz/corpus.
# The library is built once with the fuzzer's coverage instrumentation.
# tests/unit/test_fuzz_regress.c replays the seeds and tests/fuzz/regress
# through the same targets in make check.
FUZZTIME ?= 60
FUZZJOBS ?= 2
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZERS := $(FUZZ_SRC:tests/fuzz/%.c=build-fuzz/%)
FUZZ_OBJ := $(LIB_SRC:lib/%.c=build-fuzz/lib/%.o) build-fuzz/lib/data.o
FUZZ_CFLAGS = $(CS_CFLAGS) $(PKG_CFLAGS) -Ilib -I$(O) -g -O1 \
	-fno-omit-frame-pointer -DCS_VERSION='"$(VERSION)"'
FUZZ_SAN = address,undefined -fno-sanitize-recover=all

build-fuzz/lib:
	@mkdir -p $@

build-fuzz/lib/%.o: lib/%.c $(LIB_HDR) config.mk | build-fuzz/lib
	$(SAY) CC $@
	$(Q)clang $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link,$(FUZZ_SAN) \
		-c -o $@ $<

build-fuzz/lib/data.o: $(O)/data.c lib/data.h | build-fuzz/lib
	$(SAY) CC $@
	$(Q)clang $(FUZZ_CFLAGS) -Wno-overlength-strings -c -o $@ $<

build-fuzz/libcs.a: $(FUZZ_OBJ)
	$(SAY) AR $@
	$(Q)rm -f $@
	$(Q)$(AR) rcs $@ $(FUZZ_OBJ)

build-fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz.h build-fuzz/libcs.a
	$(SAY) LINK $@
	$(Q)clang $(FUZZ_CFLAGS) -fsanitize=fuzzer,$(FUZZ_SAN) -o $@ $< \
		build-fuzz/libcs.a $(PKG_LIBS) -lm

$(O)/tests/test_fuzz_regress: $(FUZZ_SRC) tests/fuzz/fuzz.h

fuzz-build: deps
	@$(MAKE) --no-print-directory $(FUZZERS)

fuzz: fuzz-build
	@FUZZTIME=$(FUZZTIME) FUZZJOBS=$(FUZZJOBS) sh tests/fuzz/run $(FUZZERS)

.PHONY: fuzz fuzz-build

# make valgrind: every command-line test under valgrind's memcheck, against
# the gcc build in build/ (make check runs a subset: see tests/run).
valgrind: deps
	@$(MAKE) --no-print-directory O=build all
	@CS_SUITES=cli CS_BUILDS=valgrind CS_VALGRIND_TESTS=all sh tests/run

.PHONY: valgrind
