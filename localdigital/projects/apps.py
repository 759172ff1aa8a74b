from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "localdigital.projects"
    label = "projects"
    verbose_name = "Shared projects"

    def ready(self):
        from django.db.models.signals import post_delete

        from localdigital.organisations import partnerships
        from localdigital.projects.models import Project, forget_similarity_vector
        from localdigital.projects.services import PARTNERSHIPS
        from localdigital.signing.models import Commitment

        # Projects and commitments are deleted in the staff tools, one at a time or many at once.
        for model in (Project, Commitment):
            post_delete.connect(
                forget_similarity_vector, sender=model, dispatch_uid=f"similarity-{model.__name__}"
            )
        partnerships.register(PARTNERSHIPS)
