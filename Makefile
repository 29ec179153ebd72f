# Two commands for people:   make start   (set up, open the course)   make test   (set up, run every test)
# Everything lives in .venv; both targets are idempotent and safe to rerun.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
# nbgrader runs `alembic` by name when it creates a gradebook: keep the venv's bin first on PATH.
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: start test install lint data exercises i18n lite lite-offline lite-cache lite-serve bench clean help

help:
	@echo "make start   set up .venv and open JupyterLab on lessons/00-start-here.ipynb"
	@echo "make test    set up .venv and run the whole test suite (lint, unit, notebooks, nbgrader, browser)"
	@echo "make lite    build the self-contained JupyterLite site into _output/ (make lite-serve to serve it)"
	@echo "make bench   time course grade against plain nbgrader (benchmarks/grading.py)"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 10), "Python 3.10+ is needed, found " + sys.version.split()[0]'
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --upgrade --quiet pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

# The trainee's JupyterLab on their own course folder (~/complaint-course; `course start --help`).
# Instructors: make start START_ARGS=--instructor (the whole kit, with the Formgrader).
start: install
	$(BIN)/course start $(START_ARGS)

test: install
	$(BIN)/course test

data: install
	$(BIN)/course data

exercises: install
	$(BIN)/course exercises

# Gettext catalogs: extract new strings into course/locale/zh_CN/LC_MESSAGES/*.po, compile the .mo files.
i18n: install
	$(BIN)/python -m course.i18n_catalogs update

# The site needs no network when it runs; its build needs the registries once, to fill ~/.cache/course-lite.
lite: install
	$(BIN)/course lite

# Every site is self-contained now: kept so that old scripts still work.
lite-offline: lite

# Download and check everything a build needs (then `make lite` works with no network).
lite-cache: install
	$(BIN)/course lite --fill-cache

lite-serve: install
	$(BIN)/course lite --serve

bench: install
	$(BIN)/python benchmarks/grading.py

clean:
	rm -rf _work _artifacts _output .pytest_cache .ruff_cache
