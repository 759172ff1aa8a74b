from django.apps import AppConfig


class SigningConfig(AppConfig):
    name = "localdigital.signing"
    label = "signing"
    verbose_name = "Signing the Declaration"
