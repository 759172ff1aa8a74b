from django.apps import AppConfig


class PlumbingConfig(AppConfig):
    name = "localdigital.plumbing"
    label = "plumbing"
    verbose_name = "Systems, contracts and standards"
