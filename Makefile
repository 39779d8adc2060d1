# One entry point per task; each creates .venv first if needed.
#   make serve   browse the site locally; a save rebuilds only the pages it changed, and reloads
#   make build   build the site into site/ (strict); BUILDER=properdocs or BUILDER=zensical
#   make test    run the whole test suite
# serve, build, generate, check and schema install only the runtime dependencies;
# test, samples, golden and bench add the test, builders and samples extras, BUILDER=... its builder.
#   make check   check all content (no build); STRICT=1 turns warnings into errors
#   make samples run every Python and Node.js code sample against a local mock of its API
#   make bench   stock MkDocs against ours, lever by lever; the edit loop; explain (BENCH_SIZES=1000,5000)
#   make lighthouse   build the site and print Lighthouse's scores for home, a hub, a guide and the lookup
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The extras, each installed on top of the runtime dependencies when a target needs it.
DEV_STAMP := $(VENV)/.installed-dev
BUILDERS_STAMP := $(VENV)/.installed-builders
# From the npm registry (package-lock.json): axe-core for the accessibility tests (skipped
# without npm, required in CI) and the vendors' Node.js SDKs for the code samples.
NODE_MODULES := node_modules/.package-lock.json
# Lighthouse, from the npm registry, for `make lighthouse` only (its own folder: `make test` does not need it).
LIGHTHOUSE := benchmarks/lighthouse/node_modules/.bin/lighthouse
BUILDER ?= mkdocs
BENCH_SIZES ?= 1000,5000
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true

.PHONY: build serve generate check schema samples test golden bench lighthouse lock clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e .
	touch $(STAMP)

$(DEV_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test,builders,samples]'
	touch $(DEV_STAMP) $(BUILDERS_STAMP)

$(BUILDERS_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[builders]'
	touch $(BUILDERS_STAMP)

build: $(STAMP) $(if $(filter-out mkdocs,$(BUILDER)),$(BUILDERS_STAMP))
	$(BIN)/python -m generator build --builder $(BUILDER)

# --dirty: a save rebuilds only the pages it changed; the errorguides plugin rebuilds
# everything when the nav, mkdocs.yml or overrides/ change (generator/mkdocs_plugin/serve.py).
serve: $(STAMP)
	$(BIN)/mkdocs serve --dirty

generate: $(STAMP)
	$(BIN)/python -m generator generate

check: $(STAMP)
	$(BIN)/python -m generator check $(if $(STRICT),--strict)

# Rewrite schema/*.json from generator/models.py (a test fails when they drift).
schema: $(STAMP)
	$(BIN)/python -m generator schema

# Every Python and Node.js code sample, each check in a fresh process; the last line counts them.
samples: $(DEV_STAMP) $(NODE_MODULES)
	$(BIN)/python -m tests.samples

test: $(DEV_STAMP) $(NODE_MODULES)
	$(BIN)/python -m pytest
	$(BIN)/python -m tests.samples

$(NODE_MODULES): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --silent; \
	else echo "npm not found: the accessibility tests will be skipped and the Node.js samples fail"; fi

# Rewrite the golden pages under tests/golden/ from the current templates and content.
golden: $(DEV_STAMP)
	$(BIN)/python -m pytest tests/test_render.py --update-golden

# Not a test: times the generator and the builders on synthetic corpora (see benchmarks/run.py).
bench: $(DEV_STAMP)
	$(BIN)/python benchmarks/run.py --sizes $(BENCH_SIZES)

# Not a test: Lighthouse 12 (mobile, the site served with gzip) on the shipped site; see benchmarks/lighthouse.py.
lighthouse: $(STAMP) $(LIGHTHOUSE)
	$(BIN)/python -m generator build --quiet
	$(BIN)/python benchmarks/lighthouse.py site

$(LIGHTHOUSE): benchmarks/lighthouse/package.json benchmarks/lighthouse/package-lock.json
	npm ci --prefix benchmarks/lighthouse --no-audit --no-fund --silent

# Re-pin every dependency to the newest allowed version (review the diff).
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet -e '.[test,builders,samples]'
	.lock-venv/bin/python -m pip freeze --exclude-editable > constraints.txt
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) node_modules benchmarks/lighthouse/node_modules benchmarks/lighthouse/reports test-artifacts site .site-new-* .site-old-* .cache benchmarks/.work docs/*/ docs/*.md docs/*.txt docs/.errorguides-manifest.json
