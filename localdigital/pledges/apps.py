from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class PledgesConfig(AppConfig):
    name = "localdigital.pledges"
    verbose_name = "Pledges of support"

    def ready(self):
        from localdigital.organisations.models import Organisation
        from localdigital.pledges.forms import forget_organisation_choices

        post_save.connect(
            forget_organisation_choices, sender=Organisation, dispatch_uid="pledge-choices-save"
        )
        post_delete.connect(
            forget_organisation_choices, sender=Organisation, dispatch_uid="pledge-choices-del"
        )
