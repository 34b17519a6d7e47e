# The two commands a fresh machine needs: `make demo` and `make test`. Everything they use
# is installed here, into .venv (Python) and node_modules (TypeScript), from the registries.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup demo test goldens bench fuzz lint-self clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

demo: setup
	$(BIN)/python examples/demo.py

test: setup
	$(BIN)/pytest -q

goldens: setup
	$(BIN)/pytest -q tests/test_cases.py --update-goldens

bench: setup
	$(BIN)/python bench/run.py

# The long fuzzing profile: random seeds, FUZZ_EXAMPLES plans (make test runs 250, fixed seed).
FUZZ_EXAMPLES ?= 5000
fuzz: setup
	TRACKGEN_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) TRACKGEN_FUZZ_RANDOM=1 $(BIN)/pytest -q -s -p no:cacheprovider tests/fuzz

clean:
	rm -rf $(VENV) build dist *.egg-info
