# The two commands a fresh machine needs: `make demo` and `make test`. Everything they use
# is installed here, into .venv (Python) and node_modules (TypeScript), from the registries.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup demo test goldens specs bench fuzz lint-self clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The docs page is tested in a real headless browser: Debian's chromium, when it is missing.
CHROMIUM := /usr/bin/chromium

$(CHROMIUM):
	apt-get update && apt-get install -y chromium

setup: $(STAMP) $(CHROMIUM)

demo: setup
	$(BIN)/python examples/demo.py

test: setup
	$(BIN)/pytest -q

goldens: setup
	$(BIN)/pytest -q tests --update-goldens

# The bundled Segment semantic-event plans, rebuilt from generator/trackgen/specs/semantic_events.json.
specs: setup
	$(BIN)/python -m trackgen.specs.build

bench: setup
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) build dist *.egg-info
