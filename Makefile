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

.PHONY: help setup lab data test test-unit test-notebooks bench assignments lint clean \
        exercises book test-browser test-oldest test-hub

help:
	@echo "make lab          set up (once), fetch the datasets (once) and open the course in JupyterLab"
	@echo "make test         set up (once), fetch the datasets (once), run nnlib's tests and the notebook tests"
	@echo "make data         download the datasets into data/ (NNLIB_DATA_MIRROR=DIR_OR_URL to use a mirror)"
	@echo "make bench        speed benchmarks (installs the optional comparison libraries)"
	@echo "make assignments  generate the student versions of the lessons into assignments/ (instructors)"
	@echo "make exercises    exercise versions of the lessons for self-learners, in notebooks/exercises/"
	@echo "make book         build the course's website into build/book/html/ (from the stored outputs)"
	@echo "make test-browser run every lesson in JupyterLab in headless Chromium, check the website"
	@echo "make test-hub     (root) a class on JupyterHub on 127.0.0.1, from login to grades (instructors/hub/)"
	@echo "make test-oldest  nnlib's unit tests with the oldest admitted Python found (in $(OLDEST_VENV)/)"
	@echo "make lint         ruff over nnlib, tests, benchmarks and notebooks"
	@echo "make clean        remove the virtual environments and generated files (not the data, not"
	@echo "                  your work in notebooks/exercises/)"

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

# The browser tests drive Debian's Chromium through the playwright package (no browser download).
$(VENV)/.installed-browser: $(VENV)/.installed-base
	$(PIP) -e ".[browser]"
	@touch $@

$(VENV)/.installed-book: $(VENV)/.installed-base
	$(PIP) -e ".[book]"
	@touch $@

CHROMIUM ?= /usr/bin/chromium
SUDO     := $(if $(filter 0,$(shell id -u)),,sudo)
$(CHROMIUM):
	@echo "Installing Debian's chromium package for the browser tests ..."
	$(SUDO) apt-get update
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium

setup: $(VENV)/.installed-base

# ---- the two main commands -----------------------------------------------------------------
# Opens even offline (the lessons that need a download are named) and as root (--allow-root).
# LAB_OPTIONS go to JupyterLab, e.g. make lab LAB_OPTIONS="--port=8890 --no-browser".
lab: setup
	$(PY) tools/lab.py $(LAB_OPTIONS)

test: $(VENV)/.installed-test data test-unit test-notebooks

test-unit: $(VENV)/.installed-test
	$(PY) -m pytest -p no:cacheprovider --doctest-modules nnlib tests --ignore=tests/browser
	$(PY) -O -m pytest -q -p no:cacheprovider -W ignore::pytest.PytestConfigWarning tests \
	  --ignore=tests/test_assignments.py --ignore=tests/browser

test-notebooks: $(VENV)/.installed-test
	TQDM_DISABLE=1 $(NBVAL) notebooks --ignore=notebooks/exercises

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

# ---- self-learners, the website, the browser tests -----------------------------------------
# Exercise versions of the lessons (solutions become stubs, the checks stay) in
# notebooks/exercises/, beside the lessons. A notebook you have changed there is kept as it is.
exercises: $(VENV)/.installed-test
	PATH="$(abspath $(BIN)):$$PATH" $(PY) tools/make_assignments.py --exercises

# A static website of the lessons from their stored outputs (nothing is re-run); works offline.
book: $(VENV)/.installed-book
	$(BIN)/sphinx-build -q -W --keep-going -c book -b html -d build/book/doctrees . build/book/html
	@echo "The course's website: build/book/html/index.html"

# Every lesson run in JupyterLab in headless Chromium, the website checked in it, make lab tried.
test-browser: $(VENV)/.installed-browser $(CHROMIUM) data book
	CHROMIUM=$(CHROMIUM) $(PY) -m pytest -p no:cacheprovider --durations=0 --durations-min=2 \
	  tests/browser

# The class hub of instructors/hub/ end to end on 127.0.0.1: it creates, then removes, two
# students and an instructor (so it runs as root), and keeps its environment in NN_HUB_TEST_ROOT.
test-hub: $(VENV)/.installed-test $(VENV)/.installed-browser $(CHROMIUM)
	CHROMIUM=$(CHROMIUM) $(PY) -m pytest -p no:cacheprovider -s instructors/hub/test_hub.py

# nnlib's unit tests again, in an environment made with the oldest admitted Python found here.
# OLDEST_PYTHON=/path/to/python chooses it by hand.
OLDEST_VENV   := .venv-oldest
OLDEST_PYTHON ?=
test-oldest:
	@oldest="$(OLDEST_PYTHON)"; [ -n "$$oldest" ] || oldest="$$($(PYTHON) tools/oldest_python.py)" || exit 1; \
	echo "Unit tests with $$oldest, $$($$oldest --version 2>&1), in $(OLDEST_VENV)/"; \
	$(MAKE) VENV=$(OLDEST_VENV) PYTHON="$$oldest" test-unit

clean:
	rm -rf $(VENV) $(OLDEST_VENV) assignments build nnlib.egg-info .pytest_cache .ruff_cache
