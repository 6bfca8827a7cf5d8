# Two commands do all the set-up on a fresh clone (only Python >= 3.10 and pip needed):
#   make demo   install yamlkit in .venv and check samples/
#   make test   install the test dependencies and run the whole suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test bench bench-quick fuzz clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/python pyproject.toml setup.py yamlkit/_compose.c
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

## demo: check the tutorial's manifests and the broken variants a beginner writes
demo: $(VENV)/.installed
	@echo "==> yamlkit check samples/tutorial/   (the tutorial's manifests)"
	@$(BIN)/yamlkit check samples/tutorial/; status=$$?; test $$status -le 1
	@echo
	@echo "==> yamlkit check samples/broken/     (mistakes beginners make; findings expected)"
	@$(BIN)/yamlkit check samples/broken/; status=$$?; test $$status -le 1
	@echo
	@echo "==> yamlkit to-json samples/tutorial/service-hellok8s-nodeport.yaml"
	@$(BIN)/yamlkit to-json samples/tutorial/service-hellok8s-nodeport.yaml

## test: the whole suite (what CI runs)
test: $(VENV)/.installed-test
	$(BIN)/python -m pytest

bench: $(VENV)/.installed-test
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[bench]'
	$(BIN)/python benchmarks/run.py

bench-quick: $(VENV)/.installed-test
	$(BIN)/python benchmarks/run.py --quick

## fuzz: 100,000 mutated manifests, in 20 fresh processes of 5,000 (one long process grows in memory)
fuzz: $(VENV)/.installed-test
	for i in $$(seq 20); do YAMLKIT_FUZZ_EXAMPLES=5000 $(BIN)/python -m pytest -q -p no:cacheprovider \
	  tests/reliability/test_fuzz.py --hypothesis-show-statistics || exit 1; done

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
