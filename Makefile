# sitrep: `make demo` and `make test` work from a fresh clone (Python 3.11 on PATH as python3).
VENV   ?= .venv
PY     := $(VENV)/bin/python
SITREP := $(VENV)/bin/sitrep
OUT    ?= out
# The dashboard (sitrep serve) is an npm project built into src/sitrep/web/static at install time.
FRONTEND := src/sitrep/web/frontend
STATIC   := src/sitrep/web/static

.PHONY: install demo test lint benchmarks clean dashboard

install: $(VENV)/.installed

# Also redone when the dashboard build is missing (a clean checkout of an existing venv, make clean).
$(VENV)/.installed: pyproject.toml $(FRONTEND)/package.json $(FRONTEND)/package-lock.json \
                    $(if $(wildcard $(STATIC)/index.html),,FORCE)
	@command -v npm >/dev/null 2>&1 || { \
	  echo "make install: npm not found. The dashboard ($(FRONTEND)) is built with npm at install time:" >&2; \
	  echo "  install Node.js 18 or newer with npm (Debian/Ubuntu: apt-get install nodejs npm), then run make install again." >&2; \
	  exit 1; }
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[test,cluster,analysis]"
	cd $(FRONTEND) && npm ci --no-audit --no-fund --include=dev --ignore-scripts && npm run build
	touch $@

# Rebuild the dashboard after editing $(FRONTEND)/src (make install has installed its packages).
dashboard: install
	cd $(FRONTEND) && npm run build

FORCE:

demo: install
	$(SITREP) analyze samples/ --format jsonl --output $(OUT)/demo-reports.jsonl
	$(SITREP) summary $(OUT)/demo-reports.jsonl
	$(SITREP) ingest samples/ --db sitrep.db
	@echo "Stored in ./sitrep.db: run '.venv/bin/sitrep serve' and open http://127.0.0.1:8000"

lint: install
	$(VENV)/bin/ruff check src tests benchmarks tools

test: lint
	$(PY) -m pytest

# entities.py cross-validates the name model over re3d: the first run trains 5 fold models (10-30 min
# on 2 cores) into $(OUT)/ner-folds, later runs reuse them (delete the folder after changing the training).
benchmarks: install
	$(PY) benchmarks/referee.py
	$(PY) benchmarks/geoparse.py
	$(PY) benchmarks/events.py
	$(PY) benchmarks/entities.py --fold-models $(OUT)/ner-folds
	$(PY) benchmarks/throughput.py

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .ruff_cache src/*.egg-info $(FRONTEND)/node_modules $(STATIC)
