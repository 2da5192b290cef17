# Two commands: `make run` and `make test`. Both build .venv on first use.
VENV    := .venv
PY      := $(VENV)/bin/python
STAMP   := $(VENV)/.installed
HOST    ?= 127.0.0.1
PORT    ?= 5000
export FLASK_APP := wsgi.py

.PHONY: run test lint translations messages browser-deps redis clean

$(STAMP): setup.cfg pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	# The CPU build of torch must come first, or sentence-transformers pulls CUDA wheels.
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

translations: $(STAMP)
	$(VENV)/bin/pybabel compile --use-fuzzy -d matchmaker/translations

# Refresh the English catalog after changing UI text (msgids are the Chinese source text).
messages: $(STAMP)
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o instance/messages.pot .
	$(VENV)/bin/pybabel update -i instance/messages.pot -d matchmaker/translations -l en

run: $(STAMP) translations
	$(VENV)/bin/matchmaker db upgrade
	$(VENV)/bin/matchmaker demo --if-empty
	$(VENV)/bin/matchmaker reindex
	$(VENV)/bin/flask run --host $(HOST) --port $(PORT)

# Debian's chromium and its driver, for the browser tests, and a CJK font so Chinese is laid out as users see it.
browser-deps:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null && fc-list :lang=zh 2>/dev/null | grep -q . || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-noto-cjk >/dev/null; }

# Redis on 127.0.0.1:6379 for the RQ tests; started (installed if need be) when it is not answering.
redis:
	@(command -v redis-cli >/dev/null && redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1) || { \
	  command -v redis-server >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; }; \
	  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null; sleep 1; }

test: $(STAMP) translations browser-deps redis
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check matchmaker models tests
	$(VENV)/bin/lint-imports

clean:
	rm -rf $(VENV) instance/*.db
