# Fuzz targets (libFuzzer, Debian's clang), included by the top-level
# Makefile. The pure sources are built again into obj-fuzz/ with
# coverage and ASan/UBSan instrumentation; the targets link only the
# objects they need from an archive, so the vault and ICU stay out.
#
#   make fuzz [FUZZ_SECONDS=60]	each target for FUZZ_SECONDS
#   make fuzz-smoke		replay the corpus, then 8 s per target
#
# New inputs go to obj-fuzz/corpus/<target>/, never into the committed
# tests/fuzz/corpus/: a seed or a reproducer is added there by hand.

FUZZ_CC		?= clang
FUZZ_DIR	:= obj-fuzz
FUZZ_SECONDS	?= 60
FUZZ_SMOKE_SECONDS ?= 8
FUZZ_TARGETS	:= json formbody fields
FUZZ_BIN	:= $(FUZZ_TARGETS:%=$(FUZZ_DIR)/fuzz_%)

# The warnings of CFLAGS, but not its -O2/-fPIC/SAN: the fuzz build
# chooses its own optimisation and sanitizers. UB must stop the run,
# not print and carry on, or the fuzzer would never keep the input.
FUZZ_CFLAGS	:= -std=c99 -D_GNU_SOURCE -O1 -g -fno-omit-frame-pointer
FUZZ_CFLAGS	+= -Wall -Wextra -Werror -Wstrict-prototypes
FUZZ_CFLAGS	+= -Wmissing-prototypes -Wmissing-declarations -Wshadow
FUZZ_CFLAGS	+= -Wpointer-arith -Wsign-compare -Wno-unused-parameter
FUZZ_CFLAGS	+= -Iinclude $(KORE_FEATURES) -I/usr/include/kore
FUZZ_SAN	:= -fsanitize=address,undefined -fno-sanitize-recover=all

FUZZ_SRC	:= $(sort $(foreach d,core text domain,\
		    $(shell find src/$(d) -name '*.c')))
FUZZ_OBJ	:= $(FUZZ_SRC:src/%.c=$(FUZZ_DIR)/%.o)
FUZZ_LIB	:= $(FUZZ_DIR)/libcasebook.a
FUZZ_SUPPORT	:= $(FUZZ_DIR)/fuzz_shim.o $(FUZZ_DIR)/kore_buf.o
# sodium_memzero only: norm.c (ICU) is not reached by any target.
FUZZ_LIBS	:= -lsodium

.PHONY: fuzz fuzz-smoke fuzz-build fuzz-clean

fuzz-build: $(FUZZ_BIN)

fuzz: $(FUZZ_BIN)
	@FUZZ_DIR=$(FUZZ_DIR) tests/fuzz/run.sh fuzz $(FUZZ_SECONDS) \
	    $(FUZZ_TARGETS)

fuzz-smoke: $(FUZZ_BIN)
	@FUZZ_DIR=$(FUZZ_DIR) tests/fuzz/run.sh smoke $(FUZZ_SMOKE_SECONDS) \
	    $(FUZZ_TARGETS)

$(FUZZ_DIR)/%.o: src/%.c $(HEADERS)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer-no-link \
	    -c $< -o $@

$(FUZZ_LIB): $(FUZZ_OBJ)
	rm -f $@
	ar rcs $@ $^

$(FUZZ_DIR)/fuzz_shim.o: tests/fuzz/fuzz_shim.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_SAN) -c $< -o $@

# Kore's own code, as for the unit tests: its warnings are not ours.
$(FUZZ_DIR)/kore_buf.o: /usr/share/kore/src/buf.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_SAN) -Wno-error -w -c $< -o $@

$(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(FUZZ_LIB) \
    $(FUZZ_SUPPORT) $(HEADERS)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $< \
	    $(FUZZ_SUPPORT) $(FUZZ_LIB) $(FUZZ_LIBS)

fuzz-clean:
	rm -rf $(FUZZ_DIR)

clean: fuzz-clean
