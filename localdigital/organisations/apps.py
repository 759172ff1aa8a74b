from django.apps import AppConfig
from django.db.models.signals import post_migrate


class OrganisationsConfig(AppConfig):
    name = "localdigital.organisations"
    label = "organisations"
    verbose_name = "Organisations"

    def ready(self):
        from localdigital.organisations.services.programme_team import after_migrate

        post_migrate.connect(after_migrate, sender=self, dispatch_uid="programme-team-group")
