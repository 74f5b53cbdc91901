"""Gunicorn for kiemdiem: `gunicorn -c deploy/gunicorn.conf.py kiemdiem.web.wsgi`.

Every knob is an environment variable, so one file serves `make serve`, a systemd unit
and the container alike."""

import multiprocessing
import os

from kiemdiem.web.logformat import JSON_FORMATTER

bind = os.environ.get("KIEMDIEM_BIND", "127.0.0.1:8000").split(",")
# Processes for CPU (the engine, documents), threads for waiting (database, LibreOffice).
workers = int(os.environ.get("KIEMDIEM_WORKERS", str(multiprocessing.cpu_count() * 2 + 1)))
worker_class = "gthread"
threads = int(os.environ.get("KIEMDIEM_THREADS", "4"))
# A request may wait for a PDF conversion (KIEMDIEM_PDF_QUEUE_WAIT + the conversion).
timeout = int(os.environ.get("KIEMDIEM_REQUEST_TIMEOUT", "300"))
graceful_timeout = 30
keepalive = 5
# Workers are recycled now and then, so no slow leak grows without bound.
max_requests = 2000
max_requests_jitter = 200
# Nothing here trusts X-Forwarded-*: Django does, from the proxies the settings name
# (KIEMDIEM_TRUSTED_PROXIES, kiemdiem.web.proxy).
forwarded_allow_ips = ""
# TLS when the app server faces browsers itself (make serve); behind a proxy, none.
certfile = os.environ.get("KIEMDIEM_TLS_CERT") or None
keyfile = os.environ.get("KIEMDIEM_TLS_KEY") or None
preload_app = True
control_socket_disable = True  # not used; two servers on one machine would share it
wsgi_app = "kiemdiem.web.wsgi:application"

accesslog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": JSON_FORMATTER},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"level": "INFO", "handlers": ["stderr"]},
    "loggers": {
        "gunicorn.error": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
    },
}
