# The two commands a newcomer runs: `make demo` and `make test`.
SHELL := /bin/bash
export PATH := $(PATH):/usr/local/go/bin
JOBS ?= $(shell nproc)

.PHONY: demo test setup build build-asan build-fuzz unit e2e asan fuzz bench format clean

demo: setup build
	./build/gopit stacks examples/leaky-server.debug2.txt

test: setup build
	cd build && ctest --output-on-failure -j $(JOBS)
	$(MAKE) asan fuzz

setup:
	@scripts/setup.sh

build:
	cmake --preset release >/dev/null
	cmake --build --preset release -j $(JOBS)

# Every test again, the binary included, under AddressSanitizer +
# UndefinedBehaviorSanitizer.
asan:
	cmake --preset asan >/dev/null
	cmake --build --preset asan -j $(JOBS)
	cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest --output-on-failure -j $(JOBS)

# Every fuzz target, briefly, from the checked-in seeds.
fuzz:
	cmake --preset fuzz >/dev/null
	cmake --build --preset fuzz -j $(JOBS)
	scripts/run-fuzzers.sh build-fuzz 20

bench: setup build
	bench/run.sh
	bench/scan.sh
	bench/html.sh
	bench/watch.sh
	bench/test.sh

format:
	clang-format-14 -i $$(git ls-files '*.cc' '*.h')

clean:
	rm -rf build build-asan build-fuzz build-debug
