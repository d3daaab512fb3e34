# The two commands of the README: `make demo` and `make test`. Each creates .venv when needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test check run clean i18n

# compileall: byte-code for the editable sources too (pip compiles only what it copies), so
# every `vahti` start reads it even where PYTHONDONTWRITEBYTECODE is set.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[postgres]' --group dev
	$(BIN)/python -m compileall -q bot models handlers jobs
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/vahti demo

run: $(STAMP)
	$(BIN)/vahti run

i18n: $(STAMP)
	BIN=$(BIN) scripts/i18n.sh

test: $(STAMP)
	BIN=$(BIN) scripts/check.sh

clean:
	rm -rf $(VENV) demo-output vahti-demo.db
