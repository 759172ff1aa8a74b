from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "localdigital.accounts"
    label = "accounts"
    verbose_name = "People"
