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
        self.register_jobs()
        self.search_commitments_by_meaning()

    def search_commitments_by_meaning(self):
        # The commitments register sits below this app, which holds the embeddings of both: its search
        # box finds commitments by meaning from here, as the projects register's does projects.
        from localdigital.projects.models import Project, SimilarityVector
        from localdigital.projects.similarity.search import nearest
        from localdigital.signing.register import commitments

        commitments.filters["q"].meaning = nearest("commitment")
        # The index's embeddings are centred on all it holds, projects too: its results change with them.
        commitments.depends_on = (*commitments.depends_on, Project, SimilarityVector)

    def register_jobs(self):
        from datetime import time

        from localdigital.platform import jobs
        from localdigital.projects import tasks

        jobs.register(
            tasks.remind_project_owners,
            schedule=jobs.Daily(at=time(9, 0)),
            report=lambda count: f"Reminded the owners of {count} projects.",
        )
        jobs.register(
            tasks.send_project_digests,
            schedule=jobs.Weekly(weekday=0, at=time(8, 0)),  # Monday morning
            report=lambda count: f"Sent {count} weekly digests.",
        )
        jobs.register(
            tasks.send_daily_project_digests,
            schedule=jobs.Daily(at=time(7, 30)),
            report=lambda count: f"Sent {count} daily digests.",
        )
