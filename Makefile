# Two commands on a fresh machine with Python 3.11+ and PyPI:
#   make run    bootstrap .venv and run the main job: the notebook suite for the default entity and
#               year, kota-bekasi 2023 (another report: make run ENTITY=disdukcapil-kota-bekasi
#               YEAR=2024; every report in the data: make run-all)
#   make test   bootstrap .venv and run the whole test suite (pytest + nbval over notebooks/)
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
ENTITY ?= kota-bekasi
YEAR   ?= 2023
STAMP   = $(VENV)/.installed
LAB     = .venv-lab

.PHONY: run run-all test lab benchmark forecast-accuracy datapackage clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11+ is required, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (lkip)" >/dev/null
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/lkip run --entity $(ENTITY) --year $(YEAR)

run-all: $(STAMP)
	$(BIN)/lkip run --all

# test files (and notebooks, for nbval) are spread over the cores; a file's tests share one worker.
# The most expensive files are collected first (tests/conftest.py: EXPENSIVE_FIRST) and handed out
# in that order (--no-loadscope-reorder), so that the workers finish together; a notebook
# execution or an lkip run that several files read is done once per session (tests/conftest.py)
TEST_WORKERS ?= auto
test: $(STAMP)
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder tests
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile --nbval-lax --nbval-current-env -p no:cacheprovider notebooks

# JupyterLab gets its own environment so that the batch/test environment stays lean
$(LAB)/.installed: pyproject.toml
	$(PYTHON) -m venv $(LAB)
	$(LAB)/bin/python -m pip install --quiet --upgrade pip
	$(LAB)/bin/python -m pip install --quiet -e '.[lab]'
	$(LAB)/bin/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (lkip)" >/dev/null
	@touch $(LAB)/.installed

# LAB_ARGS passes flags to JupyterLab (make lab LAB_ARGS='--no-browser --port 8899'); as root,
# --allow-root is added (JupyterLab refuses to start as root without it)
LAB_ARGS ?=
lab: $(LAB)/.installed
	$(LAB)/bin/jupyter lab notebooks $(if $(filter 0,$(shell id -u)),--allow-root) $(LAB_ARGS)

benchmark: $(STAMP)
	$(BIN)/python scripts/benchmark.py

# pooled forecast accuracy of every report and the seeded calibration check (issue 15)
forecast-accuracy: $(STAMP)
	$(BIN)/python scripts/forecast_accuracy.py

datapackage: $(STAMP)
	$(BIN)/lkip build-datapackage

clean:
	rm -rf $(VENV) $(LAB) build *.egg-info
