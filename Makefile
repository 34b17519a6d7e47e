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

NODE_STAMP := node_modules/.installed

# TypeScript toolchain and SDKs, exactly as pinned in package-lock.json.
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $(NODE_STAMP)

# The browser tests (TypeScript e2e, the docs page) drive Debian's Chromium; nothing
# downloads a browser of its own.
/usr/bin/chromium:
	apt-get update
	DEBIAN_FRONTEND=noninteractive apt-get install -y chromium

setup: $(STAMP) $(NODE_STAMP) /usr/bin/chromium

demo: setup
	$(BIN)/python examples/demo.py
	$(BIN)/python examples/demo_typescript.py

test: setup
	$(BIN)/pytest -q

goldens: setup
	$(BIN)/pytest -q tests --update-goldens
	TRACKGEN_UPDATE_GOLDENS=1 $(BIN)/pytest -q tests/test_typescript_goldens.py tests/formats

# The bundled Segment semantic-event plans, rebuilt from generator/trackgen/specs/semantic_events.json.
specs: setup
	$(BIN)/python -m trackgen.specs.build

bench: setup
	$(BIN)/python bench/run.py

# The long fuzzing profile: random seeds, FUZZ_EXAMPLES plans (make test runs 250, fixed seed).
FUZZ_EXAMPLES ?= 5000
fuzz: setup
	TRACKGEN_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) TRACKGEN_FUZZ_RANDOM=1 $(BIN)/pytest -q -s -p no:cacheprovider tests/fuzz

clean:
	rm -rf $(VENV) build dist *.egg-info node_modules
