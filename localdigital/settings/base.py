"""Settings shared by every environment, each read from the process environment."""

from importlib.util import find_spec
from pathlib import Path

import dj_database_url
from csp import constants as csp

from localdigital.settings import environment as env

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

DEBUG = env.flag("DEBUG", False)
SECRET_KEY = env.text("SECRET_KEY")
ALLOWED_HOSTS = env.items("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.items("CSRF_TRUSTED_ORIGINS")

# The address the service is published at, for absolute links in the API, feeds and emails.
SITE_URL = env.text("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SERVICE_NAME = "Local Digital"
# The programme's own site is not part of GOV.UK, so by default it has no GOV.UK crown header and its page
# titles end with the service name alone (the Design System's guidance for services not on GOV.UK). Set
# GOVUK_BRANDING=true only if the service moves onto a gov.uk domain under GOV.UK's brand.
GOVUK_BRANDING = env.flag("GOVUK_BRANDING", False)
# Shown on the accessibility statement and privacy notice; production must set a real one.
CONTACT_EMAIL = env.text("CONTACT_EMAIL", "contact@localdigital.example")
# /.well-known/security.txt (RFC 9116): where to report a vulnerability (mailto: or https: addresses,
# comma-separated; the contact address above by default), when the file stops being true (an ISO 8601
# date or time, less than a year ahead; by default 180 days after the process starts, so that it is
# never served stale), and optionally the disclosure policy's address.
SECURITY_CONTACTS = env.items("SECURITY_CONTACTS", [f"mailto:{CONTACT_EMAIL}"])
SECURITY_TXT_EXPIRES = env.text("SECURITY_TXT_EXPIRES")
SECURITY_POLICY_URL = env.text("SECURITY_POLICY_URL")
# What the browser tests' axe checks found (make accessibility-report), read by the accessibility statement.
ACCESSIBILITY_FINDINGS = Path(
    env.text("ACCESSIBILITY_FINDINGS", str(BASE_DIR / "docs" / "accessibility-findings.json"))
)

INSTALLED_APPS = [
    "localdigital.abuse",
    "localdigital.accounts",
    "localdigital.audit",
    "localdigital.organisations",
    "localdigital.declaration",
    "localdigital.service_list",
    "localdigital.signing",
    "localdigital.projects",
    "localdigital.pledges",
    "localdigital.fund",
    "localdigital.plumbing",
    "localdigital.notifications",
    "localdigital.platform",
    "localdigital.pages",
    "localdigital.demo",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "csp",
    # Background jobs: Django's Tasks API (the django-tasks backport until Django 6) and its database backend.
    *([] if find_spec("django.tasks") else ["django_tasks"]),
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # English pages keep their addresses; Welsh ones live under /cy/ (urls.py, i18n_patterns).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "localdigital.pages.csp.CSPHeaderMiddleware",
    "localdigital.notifications.middleware.EmailNotSentMiddleware",
    "localdigital.pages.middleware.NotFoundPageMiddleware",
]

ROOT_URLCONF = "localdigital.urls"
WSGI_APPLICATION = "localdigital.wsgi.application"

TEMPLATES = [
    {
        # Public pages: Jinja2 with the govuk-frontend-jinja macros.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "localdigital" / "jinja2"],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "localdigital.jinja2.environment",
            "context_processors": [
                "localdigital.pages.context_processors.service",
            ],
        },
    },
    {
        # Staff tools: the Django admin keeps its own templates.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env.text("DATABASE_URL", f"sqlite:///{VAR_DIR / 'localdigital.sqlite3'}"),
        conn_max_age=env.number("DATABASE_CONN_MAX_AGE", 0),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:sign-in"
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", "English"), ("cy", "Cymraeg")]
# The Welsh catalogue of the templates' and the code's strings: `make messages` writes it, `make install`
# compiles it.
LOCALE_PATHS = [BASE_DIR / "localdigital" / "locale"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# GOV.UK Frontend's compiled CSS asks for its fonts and images at /assets/, so static files live there.
STATIC_URL = "/assets/"
STATIC_ROOT = BASE_DIR / "staticfiles"
GOVUK_FRONTEND_DIST = BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"
STATICFILES_DIRS = [
    ("govuk-frontend", GOVUK_FRONTEND_DIST),
    GOVUK_FRONTEND_DIST / "assets",
    ("accessible-autocomplete", BASE_DIR / "node_modules" / "accessible-autocomplete" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "localdigital",
    }
}

# Where `import_organisations` reads the official lists from, unless told otherwise.
ORGANISATION_DATA_DIR = Path(env.text("ORGANISATION_DATA_DIR", str(BASE_DIR.parent / "shared" / "data")))

EMAIL_BACKEND = env.text("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env.text("EMAIL_HOST", "localhost")
# For django.core.mail.backends.filebased.EmailBackend: one file per email in this folder.
EMAIL_FILE_PATH = env.text("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
EMAIL_PORT = env.number("EMAIL_PORT", 25)
EMAIL_HOST_USER = env.text("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env.text("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env.flag("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env.text("DEFAULT_FROM_EMAIL", "Local Digital <noreply@localdigital.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# GOV.UK Notify replaces the email backend when a key is set. Its generic email template has
# ((subject)) as its subject and ((body)) as its body; NOTIFY_TEMPLATE_IDS gives an email (by its
# template's name, e.g. "sign_in") a Notify template of its own, sent its fields as well.
NOTIFY_API_KEY = env.text("NOTIFY_API_KEY")
NOTIFY_BASE_URL = env.text("NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk")
NOTIFY_EMAIL_TEMPLATE_ID = env.text("NOTIFY_EMAIL_TEMPLATE_ID")
NOTIFY_TEMPLATE_IDS = env.mapping("NOTIFY_TEMPLATE_IDS")
# The bearer token GOV.UK Notify sends with its delivery receipts (set on the service's callback page);
# unset, the callback at /emails/notify-receipts/ refuses every request.
NOTIFY_CALLBACK_TOKEN = env.text("NOTIFY_CALLBACK_TOKEN")
# Keep whole emails for the staff outbox page (/outbox/): for trying journeys locally, never in production.
EMAIL_OUTBOX = env.flag("EMAIL_OUTBOX", False)
# Queue email in the database for `manage.py run_worker` to send, rather than sending in the request.
EMAIL_QUEUE = env.flag("EMAIL_QUEUE", False)
# The worker sends queued email no faster than this: GOV.UK Notify's default limit is 3,000 a minute.
EMAIL_SEND_PER_MINUTE = env.number("EMAIL_SEND_PER_MINUTE", 3000)

# Background jobs (localdigital/platform/jobs.py) are rows in the database that `manage.py run_worker` runs.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# 360Giving: grant identifiers start with this registered prefix; the funder is named in every grant.
GRANT_IDENTIFIER_PREFIX = env.text("GRANT_IDENTIFIER_PREFIX", "360G-localdigital")
# Set FUNDER_ID to the funder's org-id.guide identifier; the default is under our own prefix.
FUNDER_ID = env.text("FUNDER_ID", "360G-localdigital-ORG-local-digital-fund")
FUNDER_NAME = env.text("FUNDER_NAME", "Ministry of Housing, Communities and Local Government")

# How many proxies of ours stand in front of the application, each adding to X-Forwarded-For. With 0 the
# connecting address is the person's; set it to 1 behind one load balancer, or rate limits see only it.
TRUSTED_PROXY_COUNT = env.number("TRUSTED_PROXY_COUNT", 0)
# Past capacity, a request that waited longer than this in the queues before the application (measured
# from our proxy's X-Request-Start stamp) is answered at once with 503 and Retry-After; 0 turns it off.
OVERLOAD_QUEUE_MS = env.number("OVERLOAD_QUEUE_MS", 500)
OVERLOAD_RETRY_AFTER_SECONDS = env.number("OVERLOAD_RETRY_AFTER_SECONDS", 2)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "localdigital.pages.views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF, csp.NONCE],
        "style-src": [csp.SELF],
        "img-src": [csp.SELF, "data:"],
        "font-src": [csp.SELF],
        "connect-src": [csp.SELF],
        "frame-ancestors": [csp.NONE],
        "form-action": [csp.SELF],
        "base-uri": [csp.SELF],
        "object-src": [csp.NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.text("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # A line for every run of every job (several a second) is noise; failures are still logged.
        **{name: {"level": "WARNING"} for name in ("django.tasks", "django_tasks", "django_tasks_db")},
        # WeasyPrint logs each step of drawing every PDF copy; its warnings still reach the log.
        **{name: {"level": "WARNING"} for name in ("weasyprint", "fontTools")},
    },
}
