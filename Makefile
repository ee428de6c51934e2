# gosock: make (library), make run (demo), make test (every suite).
SHELL := /bin/bash
export PATH := /usr/local/go/bin:$(PATH)
export GOFLAGS := -mod=mod

GO      ?= go
CC      ?= gcc
PYTHON  ?= python3
BUILD   := build
LIB     := $(BUILD)/libgosock.so
PYLIB   := python/gosock/libgosock.so
CFLAGS_TEST := -Wall -Werror -O1 -g -Iinclude
GO_SRC  := $(shell find core capi -name '*.go' -o -name '*.c' -o -name '*.h') include/gosock.h include/gosock_consts.h go.mod

.PHONY: all lib run test test-go test-c test-py bench bench-c conformance clean deps

all: lib

deps:
	@command -v $(GO) >/dev/null || { echo "Go is needed: install it in /usr/local/go"; exit 1; }
	@command -v $(CC) >/dev/null || { apt-get update -qq && apt-get install -y -qq gcc >/dev/null; }
	@command -v openssl >/dev/null || { apt-get update -qq && apt-get install -y -qq openssl >/dev/null; }  # test certificates
	@$(GO) mod download

lib: $(PYLIB)

$(LIB): $(GO_SRC) | $(BUILD)
	CGO_ENABLED=1 $(GO) build -trimpath -buildmode=c-shared \
	  -ldflags="-s -w -extldflags=-Wl,-Bsymbolic,-soname,$(SONAME)" -o $@.tmp ./capi
	@rm -f $(BUILD)/libgosock.tmp.h $(BUILD)/libgosock.so.h   # cgo's own header: the API is include/gosock.h
	mv -f $@.tmp $@   # a new inode: processes that have the old one mapped keep it
	ln -sf libgosock.so $(BUILD)/$(SONAME)   # what programs linked with -lgosock load

$(PYLIB): $(LIB)
	cp $(LIB) $(PYLIB).tmp && mv -f $(PYLIB).tmp $(PYLIB)

$(BUILD):
	mkdir -p $(BUILD)

$(BUILD)/echo: examples/c/echo.c include/gosock.h $(LIB)
	$(CC) $(CFLAGS_TEST) -o $@ $< -L$(BUILD) -lgosock -Wl,-rpath,'$$ORIGIN'

$(BUILD)/test-runner: $(filter-out tests_c/test-consts.c,$(wildcard tests_c/*.c tests_c/*.h)) include/gosock.h $(LIB)
	$(CC) $(CFLAGS_TEST) -o $@ $(filter-out tests_c/test-consts.c,$(wildcard tests_c/*.c)) \
	  -L$(BUILD) -lgosock -Wl,-rpath,'$$ORIGIN' -lpthread

$(BUILD)/test-consts: tests_c/test-consts.c include/gosock_consts.h
	$(CC) $(CFLAGS_TEST) -o $@ $<

run: lib $(BUILD)/echo
	@scripts/demo.sh

test: deps lib $(BUILD)/test-runner $(BUILD)/test-consts
	@scripts/test.sh

test-go:
	CGO_ENABLED=0 $(GO) test ./core/...

test-c: $(BUILD)/test-runner $(BUILD)/test-consts
	$(BUILD)/test-runner && $(BUILD)/test-consts

test-py: lib
	PYTHONPATH=python $(PYTHON) -m unittest discover -s tests_py -t . -v

bench: lib $(BUILD)/cbench
	$(PYTHON) bench/run.py
	$(PYTHON) bench/floor.py
	$(BUILD)/cbench

# The C ABI against raw libc calls (bench/c/cbench.c; bench/README.md).
bench-c: $(BUILD)/cbench
	$(BUILD)/cbench

$(BUILD)/cbench: bench/c/cbench.c include/gosock.h $(LIB)
	$(CC) -Wall -Werror -O2 -Iinclude -o $@ $< -L$(BUILD) -lgosock -Wl,-rpath,'$$ORIGIN' -lpthread

conformance: lib
	$(PYTHON) scripts/conformance.py

clean:
	rm -rf $(BUILD) $(PYLIB)

# More targets (install, wheel, docs, ...), one file per area.
include mk/*.mk
