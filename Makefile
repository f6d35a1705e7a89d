# coprog build. `make` builds ./coprog; `make demo` and `make test` are the README's two commands.
PKGS     := libmicrohttpd jansson libsodium sqlite3 libpq pangocairo cairo-pdf libqrencode libcrypto libcurl xmlsec1-openssl
CC       ?= cc
MODE     ?= release
BUILD    := build/$(MODE)
WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
            -Wcast-qual -Wformat=2 -Wvla
CFLAGS_BASE := -std=c17 -D_GNU_SOURCE -Isrc -g -fstack-protector-strong \
               $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LIBS     := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lxlsxwriter -lpthread -lm

ifeq ($(MODE),fuzz)
OPT      := -O1 -fno-omit-frame-pointer -fsanitize=address,undefined,fuzzer-no-link
LDSAN    := -fsanitize=address,undefined
else ifeq ($(MODE),asan)
OPT      := -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
LDSAN    := -fsanitize=address,undefined
else
OPT      := -O2
LDSAN    :=
# jemalloc: views are trees of small jansson values, built and freed per request; glibc's
# malloc spent 28% of the staff queue's time on them (consolidation, free lists), jemalloc
# gives 10-20% more pages a second (measured with wrk, bench/README.md).
MALLOC   := $(shell pkg-config --libs jemalloc 2>/dev/null)
endif
CFLAGS   := $(CFLAGS_BASE) $(WARN) $(OPT)

LIB_SRC  := $(shell find src -name '*.c' ! -name main.c | sort)
EMBED    := $(sort $(wildcard migrations/*.sql) $(shell find templates i18n -type f 2>/dev/null))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/embedded.o
TEST_SRC := $(shell find tests/unit -name '*.c' | sort)
TEST_OBJ := $(TEST_SRC:%.c=$(BUILD)/%.o)

.PHONY: all demo test unit asan lint fuzz soak attack clean deps format bench

all: coprog

coprog: $(BUILD)/coprog
	rm -f $@ && cp $< $@

$(BUILD)/coprog: $(BUILD)/src/main.o $(BUILD)/libcoprog.a
	$(CC) $(LDSAN) -o $@ $^ $(LIBS) $(MALLOC)

$(BUILD)/libcoprog.a: $(LIB_OBJ)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/gen/embedded.c: $(EMBED) scripts/embed.sh
	@mkdir -p $(dir $@)
	scripts/embed.sh $@ $(EMBED)

$(BUILD)/gen/embedded.o: $(BUILD)/gen/embedded.c
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c -o $@ $<

# Criterion's macros define functions without prototypes: relax that one warning for tests.
$(BUILD)/tests/%.o: tests/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Wno-missing-prototypes -Itests -Itests/unit $(shell pkg-config --cflags criterion) -MMD -MP -c -o $@ $<

$(BUILD)/unit-tests: $(TEST_OBJ) $(BUILD)/libcoprog.a
	$(CC) $(LDSAN) -o $@ $^ $(LIBS) $(shell pkg-config --libs criterion)

# The fixtures' tool that puts a time-stamp token into a CAdES file (tests/signatures/stamp.c).
$(BUILD)/stamp-tool: $(BUILD)/tests/signatures/stamp.o
	$(CC) $(LDSAN) -o $@ $^ $(shell pkg-config --libs libcrypto)

unit: $(BUILD)/unit-tests $(BUILD)/coprog
	$(BUILD)/unit-tests

# The README's first command: install, build, create the Milan demo, serve it.
demo:
	scripts/install-deps.sh
	$(MAKE) coprog
	mkdir -p var
	./coprog demo --db sqlite:var/coprog.db
	./coprog serve --db sqlite:var/coprog.db --listen 127.0.0.1:8080

# The README's second command: install, build and run every test (both engines, browser).
test:
	scripts/install-deps.sh
	scripts/test.sh

asan:
	scripts/install-deps.sh
	MODE=asan scripts/test.sh --no-browser

lint:
	scripts/lint.sh

fuzz:
	scripts/fuzz.sh

# Every fuzz target for at least 10 minutes under ASan and UBSan, then sqlmap on both engines
# (issue 7's robustness soak).
soak:
	FUZZ_SECONDS=$${FUZZ_SECONDS:-600} scripts/fuzz.sh
	scripts/sqlmap.sh

# sqlmap against every form, JSON body, query string and path number the demo roles reach.
attack:
	scripts/sqlmap.sh

$(BUILD)/ranking-bench: $(BUILD)/bench/ranking.o $(BUILD)/libcoprog.a
	$(CC) $(LDSAN) -o $@ $^ $(LIBS)

$(BUILD)/pdf-bench: $(BUILD)/bench/pdf.o $(BUILD)/libcoprog.a
	$(CC) $(LDSAN) -o $@ $^ $(LIBS)

bench: $(BUILD)/ranking-bench $(BUILD)/pdf-bench coprog
	bench/run.sh

format:
	clang-format -i $$(find src tests -name '*.[ch]')

clean:
	rm -rf build coprog

-include $(LIB_OBJ:.o=.d) $(TEST_OBJ:.o=.d) $(BUILD)/src/main.d
