from django.apps import AppConfig


class ServiceListConfig(AppConfig):
    name = "localdigital.service_list"
    label = "service_list"
    verbose_name = "Local Government Service List"
