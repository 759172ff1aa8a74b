from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "localdigital.projects"
    label = "projects"
    verbose_name = "Shared projects"
