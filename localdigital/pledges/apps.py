from django.apps import AppConfig


class PledgesConfig(AppConfig):
    name = "localdigital.pledges"
    verbose_name = "Pledges of support"
