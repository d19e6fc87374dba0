# Set-up and everyday commands. Every target creates .venv in the repo and installs what it needs.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# Debian packages the project calls: headless Chromium and its driver (the browse test), Tesseract with its
# Simplified Chinese data (scans), LibreOffice Writer (legacy .doc/.wps), Noto CJK (charts; LibreOffice prints
# Chinese with it).
OS_PACKAGES := chromium chromium-driver tesseract-ocr tesseract-ocr-chi-sim libreoffice-writer-nogui fonts-noto-cjk

.PHONY: demo test lint bench clean os-packages

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/nianbao demo

# Installs only what is missing (apt-get as root); a no-op once everything is there.
os-packages:
	@missing=$$(for p in $(OS_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing OS packages: $$missing"; \
	    apt-get -o DPkg::Lock::Timeout=600 update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else echo "not root: OS packages missing ($$missing); their tests are skipped (CI=true fails them)"; fi; \
	fi

test: $(STAMP) os-packages
	$(BIN)/ruff check .
	$(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info
