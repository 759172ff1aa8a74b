from django.apps import AppConfig


class AbuseConfig(AppConfig):
    name = "localdigital.abuse"
    verbose_name = "Abuse: rate limits and block lists"
