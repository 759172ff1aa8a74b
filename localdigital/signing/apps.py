from django.apps import AppConfig


class SigningConfig(AppConfig):
    name = "localdigital.signing"
    label = "signing"
    verbose_name = "Signing the Declaration"

    def ready(self):
        from localdigital.organisations import partnerships
        from localdigital.signing.services import PARTNERSHIPS

        partnerships.register(PARTNERSHIPS)
