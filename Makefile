# sitrep: `make demo` and `make test` work from a fresh clone (Python 3.11 on PATH as python3).
VENV   ?= .venv
PY     := $(VENV)/bin/python
SITREP := $(VENV)/bin/sitrep
OUT    ?= out

.PHONY: install demo test lint benchmarks clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[test,cluster,analysis]"
	touch $@

demo: install
	$(SITREP) analyze samples/ --format jsonl --output $(OUT)/demo-reports.jsonl
	$(SITREP) summary $(OUT)/demo-reports.jsonl

lint: install
	$(VENV)/bin/ruff check src tests benchmarks

test: lint
	$(PY) -m pytest

benchmarks: install
	$(PY) benchmarks/referee.py
	$(PY) benchmarks/throughput.py

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .ruff_cache src/*.egg-info
