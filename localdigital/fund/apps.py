from django.apps import AppConfig


class FundConfig(AppConfig):
    name = "localdigital.fund"
    verbose_name = "The Local Digital Fund"

    def ready(self):
        from localdigital.fund.services import PARTNERSHIPS
        from localdigital.organisations import partnerships

        partnerships.register(PARTNERSHIPS)
