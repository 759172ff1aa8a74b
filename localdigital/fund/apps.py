from django.apps import AppConfig


class FundConfig(AppConfig):
    name = "localdigital.fund"
    verbose_name = "The Local Digital Fund"
