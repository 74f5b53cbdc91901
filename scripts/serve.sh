#!/bin/sh
# `make serve`: the production configuration on this machine. Gunicorn with several
# workers and a background-job worker, static files by WhiteNoise (hashed, compressed), debug off, HTTPS with a
# self-signed certificate (var/tls/), and `check --deploy` clean before it starts.
# Address: HOST and PORT (default 127.0.0.1:8443). The demo is loaded unless DEMO=0.
set -eu
BIN=.venv/bin
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8443}
DATA=${KIEMDIEM_DATA_DIR:-var}
TLS="$DATA/tls"
if [ ! -s "$TLS/cert.pem" ]; then
    mkdir -p "$TLS"
    openssl req -x509 -newkey rsa:2048 -nodes -days 825 -subj "/CN=$HOST" \
        -addext "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:$HOST" \
        -keyout "$TLS/key.pem" -out "$TLS/cert.pem" 2>/dev/null
    chmod 600 "$TLS/key.pem"
fi
export KIEMDIEM_HTTPS=1
export KIEMDIEM_TLS_CERT="$TLS/cert.pem" KIEMDIEM_TLS_KEY="$TLS/key.pem"
export KIEMDIEM_BIND="$HOST:$PORT"
$BIN/python manage.py migrate --noinput -v0
$BIN/python manage.py collectstatic --noinput -v0
if [ "${DEMO:-1}" = 1 ]; then
    KIEMDIEM_BASE_URL="https://$HOST:$PORT" $BIN/python manage.py demo_load
    $BIN/python manage.py demo_complete
fi
$BIN/python manage.py check --deploy --fail-level WARNING
echo "kiemdiem: https://$HOST:$PORT/ (self-signed certificate: the browser asks once)"
exec sh scripts/with-worker.sh $BIN/gunicorn -c deploy/gunicorn.conf.py
