#!/usr/bin/env bash
# Set up the development environment from nothing but python3 and the package indexes, then run
# every check: ruff, the import-direction rule, unit and property tests, a real Prefect flow,
# the CLI as a user runs it, and the plan page in headless Chromium. Extra args go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'

# The browser tests drive Debian's Chromium (Playwright's own browser download needs the open web).
if ! command -v chromium >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    else
        echo "chromium is not installed and cannot be installed here: browser tests will be skipped" >&2
    fi
fi

exec .venv/bin/python -m pytest "$@"
