# Two commands do everything on a fresh machine:
#   make demo   create .venv, install, ingest examples/, print who contacted whom, write exports/contacts.html
#   make test   create .venv, install with test and cluster extras (and Chromium for the browser tests), run every test
#   make bench  install the bench and cluster extras and Chromium, run every benchmark, one table
#               (make bench ARGS=--quick for a small version, about 3 minutes on 2 cores)
#   make lexicon  rebuild graph/homologue/extract/lexicons/en-cameo.yaml from the CAMEO verb dictionary
#   make gazetteer  rebuild ontology/gazetteer/world-*.ttl from the reference data (DATA=../shared/data)
#   make train  fit the event-type model (graph/homologue/extract/models/) and report on held-out data
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
STORE ?= exports/demo-store

.PHONY: demo test install install-test install-bench browser bench clean gazetteer lexicon train

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

install-test: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test,cluster]'

install-bench: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[bench,cluster]'

demo: install
	$(BIN)/homologue --store $(STORE) ingest examples/
	$(BIN)/homologue --store $(STORE) contacts
	$(BIN)/homologue --store $(STORE) view -o exports/contacts.html

browser:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) || echo "warning: Chromium could not be installed; browser tests will be skipped" >&2

test: install-test browser
	$(BIN)/python -m pytest -q

# every area must run: a missing tool is an error row and a non-zero exit, never a silent skip
bench: install-bench browser
	$(BIN)/python bench/run.py $(ARGS)

# DATA: the shared training folder; hand-written sentences are read from training/*.jsonl
DATA ?= ../shared/data/training
train: install
	OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 $(BIN)/python -m homologue.extract.train $(DATA)
	$(BIN)/python -m homologue.extract.calibrate $(DATA)

# the English CAMEO trigger lexicon (lexicons/en-cameo.yaml) from PETRARCH's verb dictionary
lexicon: install
	$(BIN)/python -m homologue.extract.build_lexicon $(DATA)

# the world gazetteer (ontology/gazetteer/world-*.ttl) from leaders/ and countries/ of DATA
gazetteer: install
	$(BIN)/python -m homologue.rdf.build_gazetteer $(if $(filter command line,$(origin DATA)),$(DATA),../shared/data)

clean:
	rm -rf $(STORE) exports/*.html homologue-store .pytest_cache
