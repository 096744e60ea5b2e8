# Two entry points for a fresh machine with Python 3.11 (see README, Quick start):
#   make demo   renders the bundled Bắc Sơn example into out/
#   make test   lint, format check, type check and the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint templates clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/drafter validate examples/bac-son-9-thang-2023.yaml
	$(BIN)/drafter render examples/bac-son-9-thang-2023.yaml --doc all --out out --overwrite

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint
	$(BIN)/pytest

templates: $(STAMP)
	$(BIN)/python scripts/build_templates.py

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
