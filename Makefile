# casebook: the one truth for building, running and testing.
# `make run` and `make test` are all a user needs (see README.md).

CC		?= cc
OBJDIR		?= obj
PORT		?= 8080
SAN		?=

KORE_FEATURES	:= $(shell cat /usr/share/kore/features 2>/dev/null)
ICU_LIBS	:= $(shell pkg-config --libs icu-uc 2>/dev/null || echo -licuuc -licudata)

CFLAGS		+= -std=c99 -D_GNU_SOURCE -O2 -g -fPIC
CFLAGS		+= -Wall -Wextra -Werror -Wstrict-prototypes
CFLAGS		+= -Wmissing-prototypes -Wmissing-declarations -Wshadow
CFLAGS		+= -Wpointer-arith -Wsign-compare -Wno-unused-parameter
CFLAGS		+= -Iinclude $(KORE_FEATURES) -I/usr/include/kore
# Hardening: stack canaries, checked libc calls, position independent
# code, and a read-only GOT bound at load (scripts/check-hardening.sh
# verifies the result).
CFLAGS		+= -fstack-protector-strong -D_FORTIFY_SOURCE=2
LDHARD		:= -Wl,-z,relro,-z,now -Wl,-z,noexecstack
ifneq ($(SAN),)
CFLAGS		+= -fsanitize=address,undefined -fno-omit-frame-pointer
LDSAN		:= -fsanitize=address,undefined
endif

# The layers of design.md section 1, one folder each. Everything below
# store/ and web/ is pure C: no Kore HTTP, no pgsql, unit-tested alone.
PURE_DIRS	:= core text vault domain render
SERVER_DIRS	:= store web
SRC_PURE	:= $(sort $(foreach d,$(PURE_DIRS),$(shell find src/$(d) -name '*.c')))
SRC_SERVER	:= $(sort $(foreach d,$(SERVER_DIRS),$(shell find src/$(d) -name '*.c')))
SRC_ADMIN	:= $(wildcard src/admin/*.c)
HEADERS		:= $(shell find include src -name '*.h')

# Catalogues a translator edits (.po), compiled into C tables.
PO		:= src/render/i18n/po/bs.po
OBJ_DOMAIN	:= $(SRC_PURE:src/%.c=$(OBJDIR)/%.o) $(OBJDIR)/gen/i18n_bs.o
OBJ_SERVER	:= $(SRC_SERVER:src/%.c=$(OBJDIR)/%.o)
OBJ_ADMIN	:= $(SRC_ADMIN:src/%.c=$(OBJDIR)/%.o)

UNIT_SRC	:= $(wildcard tests/unit/test_*.c)
UNIT_BIN	:= $(UNIT_SRC:tests/unit/%.c=$(OBJDIR)/tests/%)
UNIT_SUPPORT	:= $(OBJDIR)/tests/kore_shim.o $(OBJDIR)/tests/kore_buf.o

LIBS		:= -lsodium $(ICU_LIBS) -lcrack

SO		?= casebook.so
ADMIN		?= casebook-admin
VAR		?= var
DEMO		?= 1
# TLS=1: nginx in front on https://127.0.0.1:$(TLS_PORT)/ (README "TLS").
TLS		?=
TLS_PORT	?= 8443

.PHONY: all unit test run stop psql bench clean deps integration e2e \
	san layers hardening deploy

all: $(SO) $(ADMIN)

$(OBJDIR)/%.o: src/%.c $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

$(OBJDIR)/gen/i18n_bs.c: $(PO) scripts/po2c.sh
	@mkdir -p $(dir $@)
	scripts/po2c.sh bs $(PO) > $@.tmp && mv $@.tmp $@

$(OBJDIR)/gen/i18n_bs.o: $(OBJDIR)/gen/i18n_bs.c $(HEADERS)
	$(CC) $(CFLAGS) -c $< -o $@

$(SO): $(OBJ_DOMAIN) $(OBJ_SERVER)
	$(CC) -shared $(LDHARD) $(LDSAN) -o $@ $^ $(LIBS) -lpq

$(ADMIN): $(OBJ_ADMIN) $(OBJ_DOMAIN) $(OBJDIR)/tests/kore_buf.o
	$(CC) -pie $(LDHARD) $(LDSAN) -o $@ $^ $(LIBS) -lpq

$(OBJDIR)/tests/kore_shim.o: tests/unit/kore_shim.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

$(OBJDIR)/tests/kore_buf.o: /usr/share/kore/src/buf.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Wno-error -w -c $< -o $@

$(OBJDIR)/tests/pwhash: tests/tools/pwhash.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< -lsodium

$(OBJDIR)/tests/test_%: tests/unit/test_%.c $(OBJ_DOMAIN) $(UNIT_SUPPORT)
	$(CC) $(CFLAGS) $(LDSAN) -o $@ $^ -lcmocka $(LIBS)

deps:
	@scripts/deps.sh

# Everything a developer needs, from a fresh machine: packages, build,
# database cluster and keys under var/, demo users (random passwords in
# var/demo-passwords; none with DEMO=0), then the server in the
# foreground. Safe to run again: it reuses what exists. With TLS=1,
# nginx terminates TLS in front of it, and the client's address is
# taken from nginx only.
run:
	@scripts/deps.sh
	@$(MAKE) --no-print-directory all
	@$(if $(filter 1,$(TLS)),CASEBOOK_TRUSTED_PROXY=127.0.0.1) \
	    scripts/db.sh init $(VAR)
	@if [ "$(DEMO)" != 0 ]; then scripts/demo.sh $(VAR); fi
	@CASEBOOK_TLS=$(TLS) TLS_PORT=$(TLS_PORT) scripts/serve.sh $(VAR) $(PORT)

stop:
	@scripts/serve.sh $(VAR) - --stop
	@scripts/tls.sh stop $(VAR)
	@scripts/db.sh stop $(VAR)

psql:
	@scripts/db.sh psql $(VAR)

# Every test: unit, integration (real PostgreSQL), end-to-end over HTTP
# and the browser, then unit and end-to-end again under ASan/UBSan.
test:
	@scripts/deps.sh
	@$(MAKE) --no-print-directory all
	@scripts/run-tests.sh

unit: $(UNIT_BIN)
	@scripts/run-unit.sh $(UNIT_BIN)

integration: all
	@tests/integration/run.sh

e2e: all
	@tests/e2e/run.sh

san:
	@$(MAKE) --no-print-directory OBJDIR=obj-san SAN=1 \
	    SO=obj-san/casebook.so ADMIN=obj-san/casebook-admin \
	    obj-san/casebook.so obj-san/casebook-admin unit

layers:
	@scripts/check-layers.sh

hardening: all
	@scripts/check-hardening.sh $(SO) $(ADMIN)

deploy:
	@tests/deploy/run.sh

bench: all
	@scripts/bench.sh

clean:
	rm -rf $(OBJDIR) obj-san casebook.so casebook-admin
include tests/fuzz/fuzz.mk
