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
	@echo "             make start LANG=zh: the Chinese edition (lessons/zh/, Chinese exercises and menus);"
	@echo "             a shell whose LANG is zh_CN.UTF-8 (or any zh*) gets Chinese by default, LANG=en forces English"
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
# Language: make passes LANG to the recipe's environment, and LANG is also the locale the server runs in. So a
# LANG of zh* (make start LANG=zh, or a shell with LANG=zh_CN.UTF-8) opens the Chinese edition (--lang zh), any
# other the English one; the server gets a valid locale (zh_CN.UTF-8 for zh, C.UTF-8 for a bare `en`, otherwise
# the shell's own). `make start LANG=..` on the command line decides; else COURSE_LANG (zh|en) if set, else the
# shell's LANG. START_ARGS=--lang=... wins over all of them.
LANG_EDITION := $(if $(filter zh%,$(LANG)),zh,en)
START_LANG   := $(if $(filter command line,$(origin LANG)),$(LANG_EDITION),$(or $(COURSE_LANG),$(LANG_EDITION)))
START_LOCALE := $(if $(filter zh%,$(START_LANG)),zh_CN.UTF-8,$(if $(findstring _,$(LANG))$(findstring .,$(LANG)),$(LANG),C.UTF-8))
start: install
	LANG=$(START_LOCALE) $(BIN)/course start --lang $(START_LANG) $(START_ARGS)

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
