#!/bin/sh
# Runs a command (the web server) with a background-job worker beside it, and stops the
# worker when the command ends: `make run` and `make serve` use it. In production the
# worker is its own service (docs/DEPLOYMENT.md).
set -u
.venv/bin/python manage.py jobs_worker &
WORKER=$!
trap 'kill "$WORKER" 2>/dev/null; wait "$WORKER" 2>/dev/null' EXIT
trap 'exit 130' INT TERM
"$@"
