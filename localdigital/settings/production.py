"""Production: every secret from the environment, HTTPS only, DEBUG off."""

from localdigital.settings import environment as env
from localdigital.settings.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = env.required("SECRET_KEY")
# The published address, for links in emails, the API, feeds and CSV: never a development default.
SITE_URL = env.required("SITE_URL").rstrip("/")
# Only this machine until ALLOWED_HOSTS names the real host: anything else gets a 400, not the site.
ALLOWED_HOSTS = env.items("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

SECURE_SSL_REDIRECT = env.flag("SECURE_SSL_REDIRECT", True)
# Behind a proxy that terminates TLS and says so in this header.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.number("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.flag("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
EMAIL_OUTBOX = False
# Email leaves from the outbox table, sent by `manage.py run_worker`, never in the request.
EMAIL_QUEUE = env.flag("EMAIL_QUEUE", True)
# Keep database connections between requests (checked before reuse) instead of one per request.
DATABASES["default"]["CONN_MAX_AGE"] = env.number("DATABASE_CONN_MAX_AGE", 60)  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405
