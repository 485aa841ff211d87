# Occupation Profiles — the front door. `make` (or `make help`) lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
OCC := $(BIN)/occprofiles
# Every Python package at an exact version with its sha256 hashes (made by `make lock`, used by `make setup`).
LOCK := requirements.lock
# The installer itself, pinned too: a newer pip may read the same lock differently.
PIP_VERSION := 26.3
# axe-core (npm registry), the accessibility rules the book's HTML test runs in Chromium; pinned.
AXE_VERSION := 4.14.1
AXE := .tools/axe/node_modules/axe-core/axe.min.js
# Where the read-only mirror of the source files is (see README); unset = download from official URLs.
export OCCPROFILES_MIRROR ?= $(wildcard ../shared/data)

.DEFAULT_GOAL := help
.PHONY: help setup lock publish verify-build axe-core data fetch build-data book pdf book-all render lab check-book bench test test-fast lint clean-data clean-book

help: ## list the targets
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(BIN)/occprofiles: pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet "pip==$(PIP_VERSION)"
	$(BIN)/pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/pip install --quiet --no-deps -e .
	@touch $@

setup: $(BIN)/occprofiles ## create .venv from requirements.lock (exact versions, hashes checked), then the project itself
	@# Bytecode for the project's own modules (pip compiles the packages it installs, not an editable source
	@# tree): where PYTHONDONTWRITEBYTECODE is set (CI, the Dockerfile) every process would compile them from source
	@# at each start (each render kernel and worker: ~0.05-0.1 CPU-s). Only changed files are compiled again.
	@$(BIN)/python -m compileall -q src >/dev/null

lock: ## regenerate requirements.lock from pyproject.toml (on purpose, after changing a dependency; ARGS=--upgrade for newest)
	@test -x $(BIN)/uv || { $(PYTHON) -m venv $(VENV) && $(BIN)/pip install --quiet "uv==0.13.*"; }
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --universal --python-version 3.11 \
		--custom-compile-command "make lock" --quiet -o $(LOCK) $(ARGS)

$(AXE):
	npm install --prefix .tools/axe --no-audit --no-fund --loglevel=error axe-core@$(AXE_VERSION)
	@test -f $@ && touch $@

axe-core: $(AXE) ## install axe-core $(AXE_VERSION) into .tools/axe (npm; the book's accessibility test uses it)

fetch: setup ## fetch and verify the raw source files into data/raw (from OCCPROFILES_MIRROR if set)
	$(OCC) data fetch

build-data: setup ## build processed tables and profiles from data/raw
	$(OCC) data build

data: fetch build-data ## fetch, then build the processed tables and profiles

book: data ## render the sample chapters (about 12) and build the HTML book into _build/html
	$(OCC) book --sample

pdf: data ## render the sample, build the HTML book, then the whole-book PDF and one PDF per chapter (_build/pdf)
	$(OCC) book --sample --pdf

book-all: data ## render every occupation and build the HTML book
	$(OCC) book --all

render: setup ## render chapters: make render ARGS="29-1141 11-9111" (or ARGS="--major 29")
	$(OCC) render $(ARGS)

lab: data ## JupyterLab on the chapter template with the project's kernel; SOC=29-1141 opens a copy set to that code
	$(BIN)/python -m occprofiles.lab $(SOC) $(ARGS)

check-book: setup ## the book lint on the rendered chapters (ARGS="11-9111 29-1141" for some; see README)
	$(OCC) check-book $(ARGS)

bench: data ## time the naive pipeline vs occprofiles render on 20 occupations (ARGS="--all --pdf" for the full build)
	$(BIN)/python benchmarks/bench.py $(ARGS)

test: setup axe-core ## run the test suite (builds the data first if needed)
	$(BIN)/pytest -q

test-fast: setup ## the fast unit layer only (tests/unit): no data fetch or build, under 30 s
	@empty="$$(mktemp -d)"; OCCPROFILES_DATA_DIR="$$empty" $(BIN)/pytest -q tests/unit; status=$$?; rmdir "$$empty"; exit $$status

lint: setup ## ruff (lint + format check) and mypy on src/; configured in pyproject.toml
	@status=0; \
	$(BIN)/ruff check . || status=1; \
	$(BIN)/ruff format --check . || status=1; \
	$(BIN)/mypy || status=1; \
	exit $$status

verify-build: setup ## does the built book (_build/html) match this checkout? (commit, lock, data registry)
	$(OCC) verify-build

publish: ## copy the finished HTML book to a folder: make publish DIR=/srv/www/occupation-profiles
	@test -n "$(DIR)" || { echo "make publish DIR=folder: name the folder to copy _build/html into" >&2; exit 2; }
	$(OCC) verify-build
	mkdir -p "$(DIR)"
	cp -a _build/html/. "$(DIR)/"
	touch "$(DIR)/.nojekyll"
	@echo "Copied _build/html to $(DIR) (add _build/pdf yourself if you publish the PDFs there too)"

clean-data: ## remove processed data (raw files stay: they are verified and immutable)
	rm -rf data/processed

clean-book: ## remove rendered chapters and the built book
	rm -rf book/chapters book/_generated _build
