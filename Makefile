# The README's two commands: `make run` and `make test`. Everything else is a helper.
SHELL := /bin/bash
# The interpreter .venv is made with: Debian's own Python (/usr/bin/python3) when it is 3.11 or newer and has venv,
# otherwise the first python3 on the PATH. Debian builds its Python with profile-guided and link-time optimisation
# into one binary; on an interpreter built without them (pyenv's default build, first on the PATH on some machines)
# the whole test suite took 472 s instead of 445 s on two cores. `make PYTHON=python3.12 …` picks another one; an
# existing .venv keeps the interpreter it was made with (`make clean` first).
SYSTEM_PYTHON := /usr/bin/python3
ifeq ($(origin PYTHON),undefined)
PYTHON := $(shell $(SYSTEM_PYTHON) -c 'import sys, ensurepip, venv; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1 && echo $(SYSTEM_PYTHON) || echo python3)
endif
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# The site's root URL: every link in every e-mail starts with it. Follows HOST and PORT unless you set it (e.g. behind
# a proxy: `make run WERKGROEPEN_ROOT_URL=https://inspraak.example`).
WERKGROEPEN_ROOT_URL ?= http://$(HOST):$(PORT)
VENDOR := static/vendor

.PHONY: run test setup venv messages compilemessages makemessages vendor migrate demo lint format check-deploy worker scheduler clean

run: export WERKGROEPEN_ROOT_URL := $(WERKGROEPEN_ROOT_URL)
run: setup migrate demo ## Set everything up and serve the demo site on SQLite at http://127.0.0.1:8000
	@$(MANAGE) demo_logins
	@$(MANAGE) seed_demo_space --logins
	@echo "Serving at http://$(HOST):$(PORT)/ (administration: http://$(HOST):$(PORT)/admin/), with a background worker and the scheduler (reminders, digests, observer updates …). Ctrl-C stops all three."
	@echo "Links in e-mails start with $(WERKGROEPEN_ROOT_URL)."
	@trap 'kill 0' INT TERM EXIT; \
	$(MANAGE) db_worker --queue-name '*' --no-reload -v 0 & \
	$(MANAGE) run_scheduler & \
	$(MANAGE) runserver $(HOST):$(PORT)

# Browser tests drive Debian's Chromium: its headless shell (/usr/bin/chromium-headless-shell) when installed, else
# /usr/bin/chromium (tests/fixtures/browser.py); `.ci/run` installs both and PostgreSQL.
# One pytest-xdist worker per core, each with its own test database (PYTEST_WORKERS=0: one process; on PostgreSQL
# each a copy of one database migrated once, tests/fixtures/template_db.py). `--dist
# worksteal` gives each worker one half of the tests in pytest-django's order and lets a worker that runs out take
# the second half of what another still has queued, so nobody waits at the end while the other works through the
# browser tests (`--dist load` left one worker idle for about 40 s). A stolen test may run after a transactional
# test (browser, transaction=True) on its new worker; that test ended with the database as migrated
# (tests/fixtures/flush.py), so what ran before never matters. A sweep's world (tests/fixtures/worlds.py) is built
# at most once per worker, or twice when its module is split by a steal.
PYTEST_WORKERS ?= auto
test: setup lint ## Set up, check the code's shape (lint) and run the whole test suite (SQLite, or PostgreSQL when DATABASE_URL is set)
	$(PY) -m pytest -n $(PYTEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

setup: $(VENV)/.installed compilemessages vendor

$(VENV)/.installed: requirements.txt requirements-dev.txt tests/plugins/dummy_plugin/pyproject.toml \
		plugins/activities/pyproject.toml plugins/consultations/pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --disable-pip-version-check -q --upgrade pip
	$(PIP) install --disable-pip-version-check -q -r requirements-dev.txt
	$(PIP) install --disable-pip-version-check -q --no-deps -e tests/plugins/dummy_plugin
	$(PIP) install --disable-pip-version-check -q --no-deps -e plugins/activities
	$(PIP) install --disable-pip-version-check -q --no-deps -e plugins/consultations
	touch $@

compilemessages: $(VENV)/.installed
	@mkdir -p locale  # LOCALE_PATHS; git keeps no empty folder, and compilemessages refuses to run without one
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v 0

makemessages: $(VENV)/.installed
	$(MANAGE) makemessages -l nl -l en --ignore=.venv --ignore=node_modules --ignore=var --ignore=tests --no-obsolete

vendor: $(VENDOR)/axe/axe.min.js $(VENDOR)/dejavu/DejaVuSans.ttf

# axe-core comes from the npm registry (npm checks the tarball's integrity) for the accessibility tests;
# it is git-ignored, not committed. Unpacked in a temporary folder so a failed download leaves nothing behind.
AXE_VERSION := 4.14.1
$(VENDOR)/axe/axe.min.js:
	@command -v npm >/dev/null || { echo "npm is needed to fetch axe-core (Debian: apt-get install npm)" >&2; exit 1; }
	set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	  (cd "$$tmp" && npm pack --silent axe-core@$(AXE_VERSION) >/dev/null && tar -xzf axe-core-$(AXE_VERSION).tgz package/axe.min.js package/LICENSE); \
	  mkdir -p $(@D); cp "$$tmp/package/LICENSE" $(@D)/LICENSE; cp "$$tmp/package/axe.min.js" $@.part; mv $@.part $@

# DejaVu Sans for the PDF overview of a space's export (trajectories/export/pdf.py): names and text in every script
# (Turkish, Polish, Romanian, Cyrillic …), where PDF's built-in fonts hold Latin-1 only. Same route as axe-core.
DEJAVU_VERSION := 2.37.3
$(VENDOR)/dejavu/DejaVuSans.ttf:
	@command -v npm >/dev/null || { echo "npm is needed to fetch the DejaVu fonts (Debian: apt-get install npm)" >&2; exit 1; }
	set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	  (cd "$$tmp" && npm pack --silent dejavu-fonts-ttf@$(DEJAVU_VERSION) >/dev/null && tar -xzf dejavu-fonts-ttf-$(DEJAVU_VERSION).tgz package/ttf/DejaVuSans.ttf package/ttf/DejaVuSans-Bold.ttf package/LICENSE); \
	  mkdir -p $(@D); cp "$$tmp/package/LICENSE" $(@D)/LICENSE; cp "$$tmp/package/ttf/DejaVuSans-Bold.ttf" $(@D)/; \
	  cp "$$tmp/package/ttf/DejaVuSans.ttf" $@.part; mv $@.part $@

migrate: setup
	@mkdir -p var
	$(MANAGE) migrate --noinput -v 0

demo: migrate
	$(MANAGE) seed_demo
	$(MANAGE) seed_demo_participation
	$(MANAGE) seed_demo_space
	@# Plugins seed their own demo data through a command of their own, run when the plugin is installed.
	@if $(MANAGE) help seed_demo_activities >/dev/null 2>&1; then $(MANAGE) seed_demo_activities; fi
	@if $(MANAGE) help seed_demo_consultations >/dev/null 2>&1; then $(MANAGE) seed_demo_consultations; fi
	$(MANAGE) db_worker --batch --queue-name '*' --no-reload -v 0

worker: setup
	$(MANAGE) db_worker

scheduler: setup ## The scheduled jobs on their own (make run starts it too)
	$(MANAGE) run_scheduler

# The plugins' source folders on the path too: the contracts name their packages, and lint must not depend on
# whether this virtualenv has them installed yet.
EMPTY :=
SPACE := $(EMPTY) $(EMPTY)
PLUGIN_PATHS := $(subst $(SPACE),,$(foreach dir,$(wildcard plugins/*/pyproject.toml),:$(patsubst %/pyproject.toml,%,$(dir))))

# ruff, then import-linter's contracts of pyproject.toml (layers, independent features, rooms; docs/architecture.md).
lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	PYTHONPATH=site:.$(PLUGIN_PATHS) $(VENV)/bin/lint-imports --no-cache

format:
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

check-deploy: setup
	DJANGO_SETTINGS_MODULE=config.settings.production DJANGO_SECRET_KEY=$$(head -c 48 /dev/urandom | base64) \
	WERKGROEPEN_MFA_KEYS=$$(head -c 32 /dev/urandom | base64 | tr '+/' '-_') \
	DJANGO_ALLOWED_HOSTS=werkgroepen.example WERKGROEPEN_ROOT_URL=https://werkgroepen.example \
	$(MANAGE) check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) var $(VENDOR)/axe
