# Every command a learner, an instructor or CI needs. Run `make help` for the list.
# Each target sets up what it needs first and is safe to run again: the virtual environment is
# (re)installed only when pyproject.toml or constraints.txt change, and data are downloaded once.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
PIP    := $(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt
NBVAL  := $(PY) -m pytest --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg \
          --nbval-cell-timeout=900 -p no:cacheprovider
export TQDM_DISABLE ?=

.PHONY: help setup lab data test test-unit test-notebooks bench assignments lint clean

help:
	@echo "make lab          set up (once), fetch the datasets (once) and open the course in JupyterLab"
	@echo "make test         set up (once), fetch the datasets (once), run nnlib's tests and the notebook tests"
	@echo "make data         download the datasets into data/ (NNLIB_DATA_MIRROR=DIR_OR_URL to use a mirror)"
	@echo "make bench        speed benchmarks (installs the optional comparison libraries)"
	@echo "make assignments  generate the student versions of the lessons into assignments/ (instructors)"
	@echo "make lint         ruff over nnlib, tests, benchmarks and notebooks"
	@echo "make clean        remove the virtual environment and generated files (not the data)"

# ---- environment -------------------------------------------------------------------------
$(VENV)/.python-ok:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || \
	  { echo "The course needs Python 3.11 or newer; '$(PYTHON)' is $$($(PYTHON) --version 2>&1)."; \
	    echo "Install a newer Python, or run: make PYTHON=python3.12 $(MAKECMDGOALS)"; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@touch $@

# The learner's environment: nnlib (editable) and the lesson dependencies.
$(VENV)/.installed-base: $(VENV)/.python-ok pyproject.toml constraints.txt
	@echo "Installing nnlib and the course's dependencies into $(VENV) ..."
	$(PIP) --upgrade pip
	$(PIP) -e .
	@touch $@

# Tests also need the development and instructor tools.
$(VENV)/.installed-test: $(VENV)/.installed-base
	$(PIP) -e ".[dev,instructor]"
	@touch $@

$(VENV)/.installed-bench: $(VENV)/.installed-test
	$(PIP) -e ".[bench]"
	@touch $@

setup: $(VENV)/.installed-base

# ---- the two main commands -----------------------------------------------------------------
lab: setup data
	$(BIN)/jupyter lab --notebook-dir=notebooks

test: $(VENV)/.installed-test data test-unit test-notebooks

test-unit: $(VENV)/.installed-test
	$(PY) -m pytest -p no:cacheprovider --doctest-modules nnlib tests
	$(PY) -O -m pytest -q -p no:cacheprovider -W ignore::pytest.PytestConfigWarning tests \
	  --ignore=tests/test_assignments.py

test-notebooks: $(VENV)/.installed-test
	TQDM_DISABLE=1 $(NBVAL) notebooks

# ---- data, speed, classroom ----------------------------------------------------------------
data: setup
	$(PY) -m nnlib.datasets fetch

# Both benchmarks always run; the target fails if either misses its speed goal.
bench: $(VENV)/.installed-bench data
	@status=0; \
	$(PY) benchmarks/bench_cats.py || status=1; \
	$(PY) benchmarks/bench_mnist.py || status=1; \
	exit $$status

assignments: $(VENV)/.installed-test
	PATH="$(abspath $(BIN)):$$PATH" $(PY) tools/make_assignments.py

lint: $(VENV)/.installed-test
	$(BIN)/ruff check nnlib tests benchmarks notebooks tools

clean:
	rm -rf $(VENV) assignments build .pytest_cache .ruff_cache
