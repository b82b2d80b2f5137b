# The two commands a newcomer runs: `make demo` and `make test`.
SHELL := /bin/bash
export PATH := $(PATH):/usr/local/go/bin
JOBS ?= $(shell nproc)

.PHONY: demo test setup setup-test build build-asan unit e2e asan fuzz bench format clean

demo: setup build
	./build/gopit stacks examples/leaky-server.debug2.txt

test: setup-test build
	cd build && ctest --output-on-failure -j $(JOBS)
	$(MAKE) asan fuzz

setup:
	@scripts/setup.sh

# What `make setup` installs, and what only the tests need (Go 1.27).
setup-test:
	@scripts/setup.sh test

build:
	cmake --preset release >/dev/null
	cmake --build --preset release -j $(JOBS)

# One clang tree, build-asan/, holds both the sanitized tests and the libFuzzer
# targets: compiling gopit once for both, with clang at -O1 and line tables
# only, costs less than half of what a GCC ASan tree and a separate clang
# fuzz tree did (CI had grown past an hour with those).
build-asan:
	cmake --preset asan >/dev/null
	cmake --build --preset asan -j $(JOBS)

# Every test again, the binary included, under AddressSanitizer +
# UndefinedBehaviorSanitizer; but the Go front end's conformance run
# (label conformance): GorootPrecision parses the same GOROOT files under the
# sanitizers, and the AST comparison itself is the same in both builds.
asan: build-asan
	cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest --output-on-failure -j $(JOBS) \
	  -LE conformance

# Every fuzz target, briefly, from the checked-in seeds, $(JOBS) at a time.
fuzz: build-asan
	scripts/run-fuzzers.sh build-asan 15 $(JOBS)

bench: setup build
	bench/run.sh
	bench/scan.sh
	bench/html.sh
	bench/watch.sh
	bench/test.sh

format:
	clang-format-14 -i $$(git ls-files '*.cc' '*.h')

clean:
	rm -rf build build-asan build-debug
