/*
 * Shared by the fuzz targets: the libFuzzer entry point (declared so
 * -Wmissing-prototypes holds) and the invariant check. A broken
 * invariant aborts, which libFuzzer reports as a crash and keeps the
 * input that caused it.
 */
#ifndef CB_FUZZ_H
#define CB_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define CHECK(c)	do {						\
	if (!(c)) {							\
		fprintf(stderr, "%s:%d: invariant broken: %s\n",	\
		    __FILE__, __LINE__, #c);				\
		abort();						\
	}								\
} while (0)

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#endif
