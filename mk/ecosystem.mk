# mk/ecosystem.mk: how gosock reaches its users.
#   make install / uninstall  C library (versioned soname), headers, gosock.pc
#                             PREFIX=/usr/local, LIBDIR, INCLUDEDIR, PKGCONFIGDIR, DESTDIR
#   make wheel                dist/gosock-VERSION-py3-none-PLATFORM.whl (libgosock.so inside)
#   make docs                 docs/C-API.md from include/gosock.h
#   make abi-check            exported gosock_* symbols against abi/symbols.txt
# The ABI policy is docs/ABI.md.

# The version is include/gosock.h's; the soname carries its major number.
GOSOCK_VERSION_PART = $(shell sed -n 's/^\#define GOSOCK_VERSION_$(1) \([0-9][0-9]*\).*/\1/p' include/gosock.h)
GOSOCK_MAJOR := $(call GOSOCK_VERSION_PART,MAJOR)
GOSOCK_MINOR := $(call GOSOCK_VERSION_PART,MINOR)
GOSOCK_PATCH := $(call GOSOCK_VERSION_PART,PATCH)
ifeq ($(GOSOCK_MAJOR),)
$(error cannot read GOSOCK_VERSION_MAJOR from include/gosock.h)
endif
GOSOCK_VERSION := $(GOSOCK_MAJOR).$(GOSOCK_MINOR).$(GOSOCK_PATCH)
SONAME   := libgosock.so.$(GOSOCK_MAJOR)
GOSOCK_REALNAME := libgosock.so.$(GOSOCK_VERSION)

PREFIX       ?= /usr/local
LIBDIR       ?= $(PREFIX)/lib
INCLUDEDIR   ?= $(PREFIX)/include
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
DESTDIR      ?=
INSTALL      ?= install
LDCONFIG     ?= ldconfig

# In gosock.pc, directories under the prefix are written as ${prefix}/...
pc_rel = $(patsubst $(PREFIX)/%,$${prefix}/%,$(1))

.PHONY: install uninstall wheel docs abi-check examples

install: $(LIB)
	$(INSTALL) -d '$(DESTDIR)$(LIBDIR)' '$(DESTDIR)$(INCLUDEDIR)' '$(DESTDIR)$(PKGCONFIGDIR)'
	$(INSTALL) -m 0755 $(LIB) '$(DESTDIR)$(LIBDIR)/$(GOSOCK_REALNAME)'
	ln -sfn $(GOSOCK_REALNAME) '$(DESTDIR)$(LIBDIR)/$(SONAME)'
	ln -sfn $(SONAME) '$(DESTDIR)$(LIBDIR)/libgosock.so'
	$(INSTALL) -m 0644 include/gosock.h include/gosock_consts.h '$(DESTDIR)$(INCLUDEDIR)/'
	sed -e 's|@PREFIX@|$(PREFIX)|' \
	    -e 's|@LIBDIR@|$(call pc_rel,$(LIBDIR))|' \
	    -e 's|@INCLUDEDIR@|$(call pc_rel,$(INCLUDEDIR))|' \
	    -e 's|@VERSION@|$(GOSOCK_VERSION)|' \
	    packaging/gosock.pc.in > '$(DESTDIR)$(PKGCONFIGDIR)/gosock.pc'
	@# Refresh the loader's cache for a real (not staged) install.
	@if [ -z '$(DESTDIR)' ] && [ -w /etc/ld.so.cache ]; then $(LDCONFIG) || true; fi

uninstall:
	rm -f '$(DESTDIR)$(LIBDIR)/libgosock.so' '$(DESTDIR)$(LIBDIR)/$(SONAME)' \
	      '$(DESTDIR)$(LIBDIR)/$(GOSOCK_REALNAME)' \
	      '$(DESTDIR)$(INCLUDEDIR)/gosock.h' '$(DESTDIR)$(INCLUDEDIR)/gosock_consts.h' \
	      '$(DESTDIR)$(PKGCONFIGDIR)/gosock.pc'

wheel: lib
	$(PYTHON) scripts/build_wheel.py --lib $(LIB) --out dist

docs: docs/C-API.md

docs/C-API.md: include/gosock.h scripts/gen_capi_doc.py
	$(PYTHON) scripts/gen_capi_doc.py include/gosock.h -o $@

abi-check: $(LIB)
	$(PYTHON) scripts/abi_check.py --lib $(LIB)

# The C examples (examples/c): make run builds and runs them, make test
# runs the timeout client against a silent server.
EXAMPLES := $(BUILD)/echo $(BUILD)/timeout_client

examples: $(EXAMPLES)

$(BUILD)/timeout_client: examples/c/timeout_client.c include/gosock.h $(LIB)
	$(CC) $(CFLAGS_TEST) -o $@ $< -L$(BUILD) -lgosock -Wl,-rpath,'$$ORIGIN'

run: $(BUILD)/timeout_client
test: $(BUILD)/timeout_client

# Tools the install and ABI tests use (pkg-config; nm and objdump from binutils).
.PHONY: deps-ecosystem
deps: deps-ecosystem
deps-ecosystem:
	@missing=""; \
	command -v pkg-config >/dev/null || missing="$$missing pkg-config"; \
	{ command -v nm >/dev/null && command -v objdump >/dev/null; } || missing="$$missing binutils"; \
	if [ -n "$$missing" ]; then \
	  apt-get update -qq && apt-get install -y -qq $$missing >/dev/null; \
	fi
