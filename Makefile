# stiwatch tasks. The README's two commands are `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
REPLAY ?= auto

.PHONY: run test install install-dev system-deps axe lint typecheck unit wheel-check lock serve bench clean

# The stock venv and its own pip, never upgraded: the lock must install with it.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Runtime dependencies and the `stiwatch` command. torch is pinned first: argostranslate
# pulls it in, and an unpinned resolve fetches the multi-GB CUDA build.
$(VENV)/.installed: $(BIN)/python requirements.txt pyproject.toml
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

# Test and lint tools on top.
$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## The main job: crawl every enabled source (the bundled archive when offline), index, serve on 127.0.0.1:8000.
run: install
	$(BIN)/stiwatch run --replay $(REPLAY)

## Lint, type-check, run the whole test suite, then install the wheel as a user would.
test: system-deps install-dev axe lint typecheck unit wheel-check

# Debian packages the tests need (real redis-server, headless Chromium, Thai/Vietnamese fonts,
# Tesseract with Thai and Vietnamese for OCR of scanned PDFs; Tesseract is optional when running
# stiwatch), and npm for the axe-core accessibility check: the machine's own npm when it has one
# (a NodeSource nodejs bundles npm and conflicts with Debian's npm package), else Debian's.
SYSTEM_PACKAGES := redis-server chromium chromium-driver fonts-thai-tlwg fonts-noto-core \
	tesseract-ocr tesseract-ocr-tha tesseract-ocr-vie
system-deps:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done; \
		command -v npm >/dev/null 2>&1 || echo npm); \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
		else echo "install these Debian packages first: sudo apt-get install $$missing"; exit 1; fi; \
	fi

# axe-core (MPL-2.0), the accessibility checker the browser tests run inside Chromium:
# installed from npm into build/node (not vendored, not shipped in the wheel).
AXE_VERSION := 4.14.1
AXE_JS := build/node/node_modules/axe-core/axe.min.js
$(AXE_JS):
	npm install --no-audit --no-fund --silent --prefix build/node axe-core@$(AXE_VERSION)
axe: $(AXE_JS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# mypy cannot follow the editable install's import hook: check a link tree of the installed
# layout, built from pyproject.toml's package-dir table.
typecheck: install-dev
	$(BIN)/python tools/typecheck_tree.py
	MYPYPATH=build/typecheck $(BIN)/mypy -p stiwatch

# One worker per CPU; a test file stays on one worker, so its module-scoped servers start once.
unit: install-dev axe
	$(BIN)/pytest -n auto --dist loadfile

# Build the wheel, install it with requirements.txt into a new stock venv, and run it from
# outside the checkout (tools/check_wheel.py says what is checked).
wheel-check: install-dev
	$(BIN)/python tools/check_wheel.py --python $(PYTHON)

# Regenerate the full locks from requirements*.in (README, "Dependencies").
UV_COMPILE := $(BIN)/uv pip compile --quiet --find-links /opt/wheels --python-version 3.11 --python-platform x86_64-manylinux_2_28
lock: install-dev
	$(UV_COMPILE) requirements.in -o requirements.txt
	$(UV_COMPILE) requirements-dev.in -c requirements.txt -o requirements-dev.txt
	$(UV_COMPILE) requirements-build.in -c requirements.txt -o requirements-build.txt

serve: install
	$(BIN)/stiwatch serve

bench: install-dev
	$(BIN)/python bench/run_all.py

# Rebuild the tiny translation models the tests use (build-only deps: requirements-build.txt).
.PHONY: argos-fixtures
argos-fixtures: install
	$(BIN)/pip install --quiet -r requirements-build.txt
	$(BIN)/python tools/build_tiny_argos_models.py

clean:
	rm -rf $(VENV) build .pytest_cache .mypy_cache .ruff_cache
