"""The test suite's settings: production's, with two changes that keep the suite fast and
free of build steps.

Argon2 takes about 0.25 s a password by design; the suite creates and signs in hundreds
of users, so tests hash with MD5 first (Django's advice for tests). Argon2 stays listed so
stored hashes still verify, and `tests/web/demo/test_demo_and_admin.py` proves that
production's settings hash with Argon2.

Static files are found where they lie (no `collectstatic` before a test run); production's
hashed, compressed storage is proved by `tests/web/test_production.py`."""

from kiemdiem.web.settings import *  # noqa: F403
from kiemdiem.web.settings import PASSWORD_HASHERS as PRODUCTION_HASHERS
from kiemdiem.web.settings import STORAGES as PRODUCTION_STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PRODUCTION_HASHERS]
STORAGES = {
    **PRODUCTION_STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
LOG_FORMAT = "text"
IMPORT_BATCH_PAUSE = 0.0  # one process: no other writer to let in
