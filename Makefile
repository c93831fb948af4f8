# Two commands on a fresh machine:
#   make run    set up, then extract every figure from the bundled corpus into outputs/
#   make test   set up, then run the test suite
# `make system-deps` installs tesseract and its Vietnamese data (OCR of scanned pages)
# with apt-get where they are missing; both targets call it.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test evaluate bench lint system-deps clean

#: Real reports sent in two formats (PDF/DOCX, scan/DOCX), compared by `make bench` where present.
REAL   ?= ../shared/real/pdf
PAIRS  ?= $(wildcard $(REAL)/01_*.pdf $(REAL)/02_*.docx $(REAL)/12_*.pdf $(REAL)/13_*.docx)
#: A real scanned report timed by `make bench` where present; else a scan is built from generated text.
SCAN   ?= $(firstword $(wildcard $(REAL)/12_*.pdf))

run: $(STAMP)
	$(BIN)/chitieu run corpus --out outputs
	$(BIN)/chitieu review outputs

test: $(STAMP)
	$(BIN)/python -m pytest -q

evaluate: $(STAMP)
	$(BIN)/chitieu evaluate

bench: $(STAMP)
	$(BIN)/python -m tests.bench
	$(BIN)/python -m tests.bench_pdf
	$(BIN)/python -m tests.bench_sizes
	$(BIN)/python -m tests.bench_hostile
	$(BIN)/python -m tests.bench_tables $(PAIRS)
	$(BIN)/python -m tests.bench_ocr $(SCAN)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check pipeline extractors lexicons tests

$(STAMP): pyproject.toml | system-deps
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

system-deps:
	@./scripts/install-system-deps.sh

clean:
	rm -rf $(VENV) outputs/* outputs/.cache
