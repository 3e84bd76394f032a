# The two commands of the README: `make pdf` builds output/bnreport.pdf, `make test` runs the tests.
# Both set everything up on a fresh Debian machine: the virtual environment, the Python packages,
# TeX (through apt-get) when latexmk/pdflatex/pdftotext are missing, and Coq with Coquelicot (for
# the formal proof, `bnreport formal`) when coqc or Coquelicot is missing.
VENV ?= .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed

.PHONY: pdf snippets test lint bench setup tex coq formal clean

pdf: setup tex coq
	$(PY) -m bnreport

formal: setup coq
	$(PY) -m bnreport formal

snippets: setup
	$(PY) -m bnreport snippets

test: setup tex coq
	$(PY) -m ruff check bnreport tests bench
	$(PY) -m pytest

lint: setup
	$(PY) -m ruff check bnreport tests bench

bench: setup tex coq
	@if command -v pythontex >/dev/null && kpsewhich fvextra.sty >/dev/null; then :; else \
	scripts/apt-install.sh PythonTeX "install PythonTeX (the speed baseline) by hand" \
	texlive-extra-utils texlive-latex-extra; fi
	$(PY) bench/run_all.py

setup: $(INSTALLED)

$(INSTALLED): pyproject.toml
	scripts/make-venv.sh $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(INSTALLED)

tex:
	@if command -v latexmk >/dev/null && command -v pdflatex >/dev/null && command -v pdftotext >/dev/null; \
	then :; else scripts/install-tex.sh; fi

coq:
	@if command -v coqc >/dev/null && [ -d "$$(coqc -where 2>/dev/null)/user-contrib/Coquelicot" ]; \
	then :; else scripts/install-coq.sh; fi

clean:
	rm -rf output build dist .pytest_cache .ruff_cache
