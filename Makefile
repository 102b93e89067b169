# Two commands do all set-up on a fresh machine with only python3 and make:
#   make report   build the HTML report (the main job) into ./report/
#   make test     run every test (creates/refreshes .venv first)
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
OUT ?= report
# The shared real-data folder, used when it sits beside the checkout (as in CI).
DATA_DIR ?= $(wildcard ../shared/data)
PYTEST_ARGS ?=

.PHONY: report test test-fast test-slow lint bench dashboard backtest clean clean-numba install sizepower four-factors

install: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,bench]'
	@touch $(STAMP)

report: $(STAMP)
	$(VENV)/bin/bubblescope report --out $(OUT) $(if $(DATA_DIR),--data-dir $(DATA_DIR),--offline) \
	  $(if $(wildcard docs/validation.json),--backtest docs) \
	  $(if $(wildcard ../shared/seed/article-zh.txt),--text ../shared/seed/article-zh.txt) \
	  --lang en,zh $(if $(shell command -v chromium 2>/dev/null),--pdf)

# ruff (style, C901 complexity), mypy (src/, config in pyproject.toml), then the tests; the
# architecture rules (import layers and cycles, module and function sizes) are tests/test_architecture.py.
test: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/mypy
	@echo "== slow tests =="
	@$(PY) -m pytest -m slow $(PYTEST_ARGS); rc=$$?; if [ $$rc -eq 5 ]; then echo "no slow tests"; exit 0; fi; exit $$rc
	@echo "== tests =="
	$(PY) -m pytest -m "not slow" $(PYTEST_ARGS)

test-fast: $(STAMP)
	$(PY) -m pytest -m "not slow and not browser" -x -q $(PYTEST_ARGS)

test-slow: $(STAMP)
	@$(PY) -m pytest -m slow $(PYTEST_ARGS); rc=$$?; if [ $$rc -eq 5 ]; then exit 0; fi; exit $$rc

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/mypy

# Speed against the peer packages (figures go to BENCHMARKS.md by hand, with machine and date).
bench: $(STAMP)
	for b in benchmarks/*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

# Regenerate docs/validation.md (+ .json) from the real data: 75-105 s on 2 busy cores (BENCHMARKS.md).
backtest: $(STAMP)
	$(VENV)/bin/bubblescope backtest --data-dir $(or $(DATA_DIR),$(error backtest needs ../shared/data or DATA_DIR=...)) --out docs --workers 2

# Regenerate the out-of-sample table of docs/four-factors.md from the evidence base (seconds).
four-factors: $(STAMP)
	$(VENV)/bin/bubblescope score --loo --write-doc docs/four-factors.md

dashboard: $(STAMP)
	$(VENV)/bin/bubblescope dashboard

clean: clean-numba
	rm -rf $(VENV) $(OUT) .pytest_cache build *.egg-info

# numba's on-disk kernel cache in the source tree (it does not notice a change in a called kernel's file)
clean-numba:
	find src -name '*.nbi' -delete -o -name '*.nbc' -delete

# Size/power table of the ordinary and sign-based PSY tests (docs/psy.md, "Size and power"): ~10 min on 2 cores.
sizepower: $(STAMP)
	PYTHONPATH=src nice -n 10 $(PY) benchmarks/sizepower.py --write docs/psy.md
