"""Development on one machine: DEBUG on, emails printed to the console, SQLite under var/."""

from localdigital.settings import environment as env
from localdigital.settings.base import *  # noqa: F403

DEBUG = env.flag("DEBUG", True)
# Only for development; production refuses to start without its own SECRET_KEY.
SECRET_KEY = env.text("SECRET_KEY", "development-only-key-not-secret-0123456789-abcdefghijklmnop")
EMAIL_BACKEND = env.text("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_OUTBOX = env.flag("EMAIL_OUTBOX", True)
