# The front door: `make preview` to work on the site, `make test` before pushing.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: preview build check check-staged test test-fast lint fmt goldens bench clean

preview: $(VENV)/runtime.stamp
	$(PY) build.py serve

build: $(VENV)/runtime.stamp
	$(PY) build.py build

check: $(VENV)/runtime.stamp
	$(PY) build.py check

check-staged: $(VENV)/runtime.stamp
	$(PY) build.py check --staged

test: $(VENV)/dev.stamp
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy
	$(PY) -m pytest

# Everything but the browser, preview-server and large-build tests: the inner loop.
test-fast: $(VENV)/dev.stamp
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy
	$(PY) -m pytest -m "not e2e"

fmt: $(VENV)/dev.stamp
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

goldens: $(VENV)/dev.stamp
	$(PY) -m pytest tests/render/test_golden.py --update-goldens

bench: $(VENV)/dev.stamp
	$(PY) benchmarks/run.py

clean:
	rm -rf _site .venv .pytest_cache .mypy_cache .ruff_cache

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/runtime.stamp: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/dev.stamp: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@ $(VENV)/runtime.stamp
