"""Settings for Local Digital.

`base` reads everything from the environment; `local` (the default for manage.py), `production` and
`test` only choose safe defaults for their setting. Choose one with DJANGO_SETTINGS_MODULE.
"""
