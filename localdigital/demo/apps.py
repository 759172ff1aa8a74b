from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "localdigital.demo"
    label = "demo"
    verbose_name = "Demonstration data"
