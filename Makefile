# Libya Operations Atlas — the two commands of the README, and a few helpers.
#   make run    run the app on the embedded default data (http://localhost:8501)
#   make test   install everything the tests need, then run the whole suite
# Both create .venv from the pinned requirements on first use.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8501

.PHONY: run test lint bench i18n

run: $(VENV)/.runtime
	$(BIN)/python scripts/serve.py --server.headless true --server.port $(PORT)

test: $(VENV)/.dev
	bash scripts/system-deps.sh
	bash scripts/postgres.sh
	$(BIN)/python -m ruff check .
	$(BIN)/python -m pytest

lint: $(VENV)/.dev
	$(BIN)/python -m ruff check .

# Interface catalogues: extract t("…") msgids, merge into locales/{en,ar}, compile, list what Arabic lacks.
i18n: $(VENV)/.runtime
	$(BIN)/python scripts/i18n_check.py --update --compile

bench: $(VENV)/.dev
	bash scripts/system-deps.sh
	$(BIN)/python bench/run.py

$(VENV)/.runtime: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime
