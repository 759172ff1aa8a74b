from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "localdigital.organisations"
    label = "organisations"
    verbose_name = "Organisations"
