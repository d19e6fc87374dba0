# Set-up and everyday commands. Every target creates .venv in the repo and installs what it needs.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Debian packages the tests and `nianbao browse` / `nianbao chart` use: headless Chromium and its driver (the
# browser test), Noto CJK (Chinese chart labels).
OS_PACKAGES := chromium chromium-driver fonts-noto-cjk

.PHONY: demo test lint bench clean os-packages

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/nianbao demo

# Installs what is missing (as root, with apt-get); a no-op taking a moment when everything is there.
os-packages:
	@missing=$$(for p in $(OS_PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" != 0 ]; then echo "os-packages: missing $$missing; run 'make os-packages' as root"; exit 0; fi; \
	echo "os-packages: installing $$missing"; \
	apt-get -o DPkg::Lock::Timeout=900 update -qq && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 \
	  install -y -qq --no-install-recommends $$missing

test: $(STAMP) os-packages
	$(BIN)/ruff check .
	$(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info
