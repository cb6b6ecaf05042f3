# Two commands on a fresh machine with Python 3.11+ and PyPI:
#   make run    bootstrap .venv and run the main job (the notebook suite for the default entity/year)
#   make test   bootstrap .venv and run the whole test suite (pytest + nbval over notebooks/)
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
ENTITY ?= kota-bekasi
YEAR   ?= 2023
STAMP   = $(VENV)/.installed

.PHONY: run test lab benchmark datapackage clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11+ is required, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (lkip)" >/dev/null
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/lkip run --entity $(ENTITY) --year $(YEAR)

test: $(STAMP)
	$(BIN)/python -m pytest tests
	$(BIN)/python -m pytest --nbval-lax --nbval-current-env -p no:cacheprovider notebooks

lab: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[lab]'
	$(BIN)/jupyter lab notebooks

benchmark: $(STAMP)
	$(BIN)/python scripts/benchmark.py

datapackage: $(STAMP)
	$(BIN)/lkip build-datapackage

clean:
	rm -rf $(VENV) build *.egg-info
