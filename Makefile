# briefbot: `make run` (install + ingest + start) and `make test` (install + every test).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SHARED ?= $(abspath ../shared/data)
STORE ?= $(abspath store)
ARTICLES ?= examples/articles
PORT ?= 7860
QUESTION ?= What did Petra Ilvane say about the accord?

.PHONY: install run test lint bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/briefbot ingest $(ARTICLES) --store $(STORE) || true
	$(BIN)/briefbot ask "$(QUESTION)" --store $(STORE)
	$(BIN)/briefbot web --store $(STORE) --port $(PORT)

test: $(STAMP)
	BRIEFBOT_SHARED_DATA=$(SHARED) bash scripts/test.sh

lint: $(STAMP)
	$(BIN)/ruff format --check bot ingest prompts tests bench
	$(BIN)/ruff check bot ingest prompts tests bench
	$(BIN)/mypy bot ingest

bench: $(STAMP)
	BRIEFBOT_SHARED_DATA=$(SHARED) $(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) store .pytest_cache test-output
