# Two commands, each working on a fresh machine with only Python 3.11+:
#   make run   set up .venv and open the editor on the built-in sample map
#   make test  set up .venv with the test tools and run the whole suite headless
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint bench clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-app: pyproject.toml setup.py | $(BIN)/activate
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml setup.py | $(BIN)/activate
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@ $(VENV)/.installed-app

run: $(VENV)/.installed-app
	$(BIN)/vsm-desktop

# In parallel on every core (pytest-xdist); each test keeps its files, settings and sockets
# to itself, so the order and the worker do not matter.
test: $(VENV)/.installed-test
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -n auto

# Style, types (strict below ui/; see [tool.mypy]) and the layers contract ([tool.importlinter]).
lint: $(VENV)/.installed-test
	$(BIN)/ruff check vsm_desktop tests benchmarks packaging
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: $(VENV)/.installed-test
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache
