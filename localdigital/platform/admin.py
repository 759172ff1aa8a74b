# The task backend's records of each run (several a second, kept a day) are for operators with the
# database, not a page of the staff tools: take away the admin page django-tasks-db registers.
from django.contrib import admin
from django_tasks_db import admin as tasks_admin  # noqa: F401 (registers the page this takes away)
from django_tasks_db.models import DBTaskResult

from localdigital.platform import bilingual, staff_display

admin.site.unregister(DBTaskResult)

# Amounts, lists and dicts are shown in words on every staff page (platform/staff_display.py).
staff_display.install()

# A Welsh field (title_cy) sits directly after its English twin on every staff page (platform/bilingual.py).
bilingual.install()
