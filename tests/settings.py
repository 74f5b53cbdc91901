"""The test suite's settings: production's, with one change that keeps the suite fast.

Argon2 takes about 0.25 s a password by design; the suite creates and signs in hundreds
of users, so tests hash with MD5 first (Django's advice for tests). Argon2 stays listed so
stored hashes still verify, and `tests/web/test_demo_and_admin.py` proves that production's
settings hash with Argon2."""

from kiemdiem.web.settings import *  # noqa: F403
from kiemdiem.web.settings import PASSWORD_HASHERS as PRODUCTION_HASHERS

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PRODUCTION_HASHERS]
