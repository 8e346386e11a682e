# Two commands set everything up on a fresh clone:
#   make serve   build the sample hub offline and serve it on http://127.0.0.1:8000/
#   make test    install what the tests need (venv, test extras, Chromium, axe-core), run ruff and pytest

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test lint typecheck bench clean

# The venv is rebuilt whenever the package metadata changes.
$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# Debian's Chromium drives the browser tests; Playwright cannot download its own browser here.
/usr/bin/chromium:
	$(SUDO) apt-get update
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y chromium

node_modules/axe-core/axe.min.js: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

build: $(BIN)/.installed
	$(BIN)/mkdocs build --strict

serve: build
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

lint: $(BIN)/.installed
	$(BIN)/ruff check plugins tests bench
	$(BIN)/ruff format --check plugins tests bench

typecheck: $(BIN)/.installed
	$(BIN)/mypy

test: $(BIN)/.installed /usr/bin/chromium node_modules/axe-core/axe.min.js lint typecheck
	$(BIN)/pytest

bench: $(BIN)/.installed /usr/bin/chromium
	$(BIN)/python bench/run.py --rounds 7
	$(BIN)/python bench/refresh.py

clean:
	rm -rf $(VENV) node_modules site
