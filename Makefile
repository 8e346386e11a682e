# Two commands set everything up on a fresh clone:
#   make serve   build the sample hub offline and serve it on http://127.0.0.1:8000/
#   make test    install what the tests need (venv from the lock, Chromium, axe-core), run ruff, mypy, pytest
#
# Python packages come from the committed lock (requirements/*.txt), every file checked against its hash,
# so a new release of any library cannot change what a fresh clone installs. After a change to the
# dependencies in pyproject.toml, run `make lock`; `make upgrade` moves every pin to the newest release
# the ranges allow, and `make test-latest` tries those without touching the lock.

SHELL  := /bin/bash
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
LATEST := .venv-latest
MATERIALX := .venv-materialx
ZENSICAL := .venv-zensical
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true

# One universal lock (any OS, Python 3.11 and later), with the hash of every file it allows.
LOCK := $(BIN)/uv pip compile --quiet --universal --python-version 3.11 --generate-hashes \
        --custom-compile-command "make lock" pyproject.toml requirements/tools.in

.PHONY: serve build test lint typecheck lock upgrade test-latest bench clean

# $(call venv,FOLDER,REQUIREMENTS): a venv made afresh, so nothing a lock dropped stays, holding exactly
# the pinned, hash-checked packages and the plugins (built with the locked setuptools, nothing fetched).
define venv
	rm -rf $(1)
	$(PYTHON) -m venv $(1)
	$(1)/bin/pip install --quiet --disable-pip-version-check --require-hashes -r $(2)
	$(1)/bin/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
endef

# The site's packages.
$(VENV)/.site: requirements/site.txt pyproject.toml
	$(call venv,$(VENV),requirements/site.txt)
	touch $@

# ...and what the tests need besides.
$(VENV)/.test: requirements/test.txt $(VENV)/.site
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements/test.txt
	touch $@

# MaterialX replaces Material's `material` package, so the suite builds with it from a venv of its own.
$(MATERIALX)/.site: requirements/materialx.txt pyproject.toml
	$(call venv,$(MATERIALX),requirements/materialx.txt)
	touch $@

# Zensical runs the hub's Markdown extensions without MkDocs: the suite builds a site with it.
$(ZENSICAL)/.site: requirements/zensical.txt pyproject.toml
	$(call venv,$(ZENSICAL),requirements/zensical.txt)
	touch $@

# Debian's Chromium drives the browser tests; Playwright cannot download its own browser here.
/usr/bin/chromium:
	$(SUDO) apt-get update
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y chromium

node_modules/axe-core/axe.min.js: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

build: $(VENV)/.site
	$(BIN)/mkdocs build --strict

serve: build
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

lint: $(VENV)/.test
	$(BIN)/ruff check plugins tests bench
	$(BIN)/ruff format --check plugins tests bench

typecheck: $(VENV)/.test
	$(BIN)/mypy

test: $(VENV)/.test $(MATERIALX)/.site $(ZENSICAL)/.site /usr/bin/chromium node_modules/axe-core/axe.min.js lint typecheck
	$(BIN)/pytest

# The test lock first; the others hold the same versions of what they share.
lock: $(VENV)/.test
	$(LOCK) --extra test $(UPGRADE) -o requirements/test.txt
	$(LOCK) --extra material -c requirements/test.txt -o requirements/site.txt
	$(LOCK) requirements/materialx.in -c requirements/test.txt $(UPGRADE) -o requirements/materialx.txt
	$(LOCK) requirements/zensical.in -c requirements/test.txt $(UPGRADE) -o requirements/zensical.txt

upgrade:
	$(MAKE) lock UPGRADE=--upgrade

# The suite against the newest releases the ranges in pyproject.toml allow, in a venv of its own; the
# lock is left as it is. It starts by listing the versions that differ from the lock.
test-latest: $(VENV)/.test $(MATERIALX)/.site $(ZENSICAL)/.site /usr/bin/chromium node_modules/axe-core/axe.min.js
	$(LOCK) --extra test --upgrade --no-annotate -o $(LATEST).txt
	@echo "Newer than the lock:"
	@diff <(sed -n 's/^\([A-Za-z0-9._-]*==[^ ;]*\).*/\1/p' requirements/test.txt | sort -u) \
	      <(sed -n 's/^\([A-Za-z0-9._-]*==[^ ;]*\).*/\1/p' $(LATEST).txt | sort -u) \
	      | sed -n 's/^> /  /p' || true
	$(call venv,$(LATEST),$(LATEST).txt)
	$(LATEST)/bin/ruff check plugins tests bench
	$(LATEST)/bin/ruff format --check plugins tests bench
	$(LATEST)/bin/mypy
	$(LATEST)/bin/pytest

bench: $(VENV)/.test /usr/bin/chromium
	$(BIN)/python bench/run.py --rounds 7
	$(BIN)/python bench/refresh.py

clean:
	rm -rf $(VENV) $(LATEST) $(LATEST).txt $(MATERIALX) $(ZENSICAL) node_modules site
