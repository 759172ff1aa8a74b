"""WSGI entry point, for gunicorn or any other WSGI server. Past capacity, load is shed before Django."""

import os

from django.core.wsgi import get_wsgi_application

from localdigital.platform.overload import ShedLoad

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "localdigital.settings.production")

application = ShedLoad(get_wsgi_application())
