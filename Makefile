# Contact-centre complaint assistant. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

-include .env
export

APP_VENV  := .venvs/app
RASA_VENV := .venvs/rasa
APP_PY    := $(APP_VENV)/bin/python
RASA_PY   := $(RASA_VENV)/bin/python
RASA      := $(RASA_VENV)/bin/rasa
MODEL     := models/complaint-assistant.tar.gz
TRAIN_INPUTS := config.yml domain.yml $(shell find data bot/rasa_components -type f -not -name '*.pyc' 2>/dev/null)
GUARD_MODEL  := models/guard/.trained
GUARD_INPUTS := scripts/train_guard.py bot/zh_traditional.txt tests/guard/cases_en.yml tests/guard/cases_zh.yml \
  $(shell find bot/guard responses api/replies -type f -not -name '*.pyc' 2>/dev/null | sort)
PYTEST_ARGS ?=
# How the model is trained, here and in `make bench` (scripts/bench.py reads it).
# --skip-validation: `make validate` and the suite run `rasa data validate` on their
# own; --augmentation 0: TED learns from the stories as written (reports/nlu/notes.md).
RASA_TRAIN_FLAGS := --num-threads 2 --skip-validation --augmentation 0
CHROMIUM  := /usr/bin/chromium
SUDO      := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

export PYTHONPATH := $(CURDIR)
export PYTHONDONTWRITEBYTECODE := 1

FORCE_TARGETS := FORCE
.PHONY: FORCE help setup run test test-unit test-api test-e2e test-pg test-browser browser-deps validate train train-guard eval-nlu bench lint format migrate seed clean

help: ## List the targets
	@grep -E '^[a-zA-Z0-9_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-12s %s\n", $$1, $$2}'

setup: $(APP_VENV)/.installed $(RASA_VENV)/.installed ## Create both Python environments (only what is missing)

$(APP_VENV)/.installed: requirements/app.lock
	@py=$$(scripts/find-python.sh 3.11) || exit 1; \
	  [ -x $(APP_PY) ] || { echo "Creating the API environment with $$py"; "$$py" -m venv $(APP_VENV); }
	$(APP_PY) -m pip install --quiet --upgrade pip
	$(APP_PY) -m pip install --quiet -r requirements/app.lock
	@touch $@

$(RASA_VENV)/.installed: requirements/rasa.lock
	@py=$$(scripts/find-python.sh 3.10) || exit 1; \
	  [ -x $(RASA_PY) ] || { echo "Creating the Rasa environment with $$py"; "$$py" -m venv $(RASA_VENV); }
	$(RASA_PY) -m pip install --quiet --upgrade pip
	$(RASA_PY) -m pip install --quiet -r requirements/rasa.lock
	@touch $@

# The model is retrained when the content of its inputs changes (a hash, not mtimes).
models/.inputs.sha256: FORCE
	@mkdir -p models; sha=$$(cat $(TRAIN_INPUTS) | sha256sum | cut -d' ' -f1); \
	  [ -f $@ ] && [ "$$(cat $@)" = "$$sha" ] || echo "$$sha" > $@

FORCE:

$(MODEL): $(RASA_VENV)/.installed models/.inputs.sha256
	@echo "Training the Rasa model (config, domain or data changed) ..."
	$(RASA) train --fixed-model-name complaint-assistant --out models $(RASA_TRAIN_FLAGS)
	@touch $@

train: $(MODEL) ## Train the Rasa model when config.yml, domain.yml or data/ changed

# The guard's sentence classifier, the same way: its own hash of its inputs (written data,
# settings, rules, tuned cases, reply templates, the training script).
models/guard/.inputs.sha256: FORCE
	@mkdir -p models/guard; sha=$$(cat $(GUARD_INPUTS) | sha256sum | cut -d' ' -f1); \
	  [ -f $@ ] && [ "$$(cat $@)" = "$$sha" ] || echo "$$sha" > $@

$(GUARD_MODEL): $(APP_VENV)/.installed models/guard/.inputs.sha256
	@echo "Training the guard's sentence classifier (its data, rules or templates changed) ..."
	PYTHONHASHSEED=0 $(APP_PY) -m scripts.train_guard
	@touch $@

train-guard: $(GUARD_MODEL) ## Train the phrase guard's sentence classifier, fix detector and near-miss model when their inputs changed

validate: $(RASA_VENV)/.installed ## Check domain, stories and NLU data (rasa data validate)
	$(RASA) data validate

migrate: $(APP_VENV)/.installed ## Apply database migrations
	$(APP_VENV)/bin/alembic upgrade head

seed: migrate ## Seed demo accounts and customers (local demo only)
	$(APP_PY) -m api.cli seed

run: setup $(MODEL) $(GUARD_MODEL) seed ## Set up everything and start the assistant (Ctrl-C stops it)
	$(APP_PY) -m scripts.stack run

test: setup $(MODEL) $(GUARD_MODEL) browser-deps ## Set up and run the whole suite (unit, API, Rasa, end to end, browser; SQLite and PostgreSQL)
	$(APP_PY) -m pytest tests $(PYTEST_ARGS)

test-unit: $(APP_VENV)/.installed $(GUARD_MODEL) ## Unit and API tests only (no Rasa processes)
	$(APP_PY) -m pytest tests -m "not e2e" $(PYTEST_ARGS)

test-e2e: setup $(MODEL) $(GUARD_MODEL) browser-deps ## End-to-end tests only (real Rasa, action server, API; SQLite and PostgreSQL)
	$(APP_PY) -m pytest tests -m e2e $(PYTEST_ARGS)

browser-deps: ## Debian's Chromium for the browser tests (apt, only when missing; never a downloaded browser)
	@[ -x $(CHROMIUM) ] || { echo "Installing Debian's chromium ..."; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; }

test-browser: setup $(MODEL) $(GUARD_MODEL) browser-deps ## Browser tests only (Playwright drives Chromium through the chat widget)
	$(APP_PY) -m pytest tests -m browser $(PYTEST_ARGS)

eval-nlu: setup $(MODEL) ## Evaluate NLU on the held-out sets and 5-fold cross-validation; writes reports/
	$(RASA_PY) -m scripts.eval_nlu

bench: setup $(MODEL) $(GUARD_MODEL) ## Benchmarks (full stack vs bare Rasa, memory, training time, guard); writes reports/bench.md
	$(APP_PY) -m scripts.bench

lint: $(APP_VENV)/.installed ## ruff and mypy on the app code
	$(APP_VENV)/bin/ruff check api bot actions scripts tests
	$(APP_VENV)/bin/ruff format --check api bot actions scripts tests
	$(APP_VENV)/bin/mypy api bot

format: $(APP_VENV)/.installed ## Format the code with ruff
	$(APP_VENV)/bin/ruff format api bot actions scripts tests

clean: ## Remove environments, models and the local database (reports are kept: they are committed)
	rm -rf .venvs models var .pytest_cache .mypy_cache .ruff_cache
