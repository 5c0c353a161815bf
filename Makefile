# Every target creates .venv and installs what it needs: on a fresh machine
# `make demo` and `make test` are the only two commands a newcomer types.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint bench bench-replay bench-latency chaos gazetteer image container-test clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/tgradar demo

test: $(STAMP)
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check .

bench: $(STAMP)
	$(BIN)/python -m bench

# Replay of generated weeks (10k-100k posts) and the daemon's batch cost on a 1M-post database.
bench-replay: $(STAMP)
	$(BIN)/python -m bench replay

# The long crash test: `tgradar run` killed with SIGKILL 100 times (see docs/RELIABILITY.md).
CHAOS_KILLS ?= 100
chaos: $(STAMP)
	TGRADAR_CHAOS_KILLS=$(CHAOS_KILLS) $(BIN)/pytest tests/test_crash.py -s -p no:cacheprovider

# Whole-daemon latency, live vs polling, 520 and 5,000 channels (~40 min); its own section
# of bench/RESULTS.md. Kept out of `make bench` and `make test`.
bench-latency: $(STAMP)
	$(BIN)/python -m bench.latency_bench

IMAGE ?= tgradar:latest
# Needs a Docker engine (or DOCKER_HOST pointing at podman's socket).
image:
	docker build -t $(IMAGE) .

# Builds and checks the image with podman on a machine without Docker (see deploy/README.md).
container-test: $(STAMP)
	bash scripts/container_test.sh

# The villages step reads pinned inputs from $(DATA_CACHE) (see scripts/build_villages.py).
DATA_CACHE ?= /work/data-cache
gazetteer: $(STAMP)
	$(BIN)/pip install -q -e '.[gazetteer]'
	$(BIN)/python scripts/build_gazetteer.py
	$(BIN)/python scripts/build_villages.py --cache $(DATA_CACHE)

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache wheels
