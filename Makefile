# One entry point per task; each creates .venv first if needed.
#   make serve   browse the site locally with live reload
#   make build   build the site into site/ (strict)
#   make test    run the whole test suite
#   make check   check all content (no build); STRICT=1 turns warnings into errors
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# axe-core, from the npm registry, for the accessibility tests (skipped without npm, required in CI).
AXE := node_modules/axe-core/axe.min.js
export NO_MKDOCS_2_WARNING := 1

.PHONY: build serve generate check schema test golden lock clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

build: $(STAMP)
	$(BIN)/python -m generator build

serve: $(STAMP)
	$(BIN)/mkdocs serve

generate: $(STAMP)
	$(BIN)/python -m generator generate

check: $(STAMP)
	$(BIN)/python -m generator check $(if $(STRICT),--strict)

# Rewrite schema/*.json from generator/models.py (a test fails when they drift).
schema: $(STAMP)
	$(BIN)/python -m generator schema

test: $(STAMP) $(AXE)
	$(BIN)/python -m pytest

$(AXE): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --silent; \
	else echo "npm not found: the accessibility tests will be skipped"; fi

# Rewrite the golden pages under tests/golden/ from the current templates and content.
golden: $(STAMP)
	$(BIN)/python -m pytest tests/test_render.py --update-golden

# Re-pin every dependency to the newest allowed version (review the diff).
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet -e '.[test]'
	.lock-venv/bin/python -m pip freeze --exclude-editable > constraints.txt
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) node_modules test-artifacts site .site-new-* .site-old-* docs/*/ docs/*.md docs/*.txt docs/.errorguides-manifest.json
