"""Changing bids: submitting when every rule is met, and deciding, which makes a funded bid a project."""

from django.db import transaction
from django.utils import timezone

from localdigital.audit.services import record
from localdigital.fund.eligibility import Problem, problems
from localdigital.fund.models import Application, ApplicationPartner
from localdigital.notifications import gateway
from localdigital.projects.models import Project, ProjectPartner


class NotReady(Exception):
    """The bid breaks rules of its round; `problems` says which, in words for the applicant."""

    def __init__(self, found: list[Problem]):
        super().__init__("; ".join(problem.message for problem in found))
        self.problems = found


@transaction.atomic
def submit(application: Application, *, actor, now=None) -> Application:
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status != Application.Status.DRAFT:
        raise NotReady([Problem("status", "This bid has already been submitted.")])
    found = problems(application, now=now)
    if found:
        raise NotReady(found)
    application.status = Application.Status.SUBMITTED
    application.submitted_at = now or timezone.now()
    application.save(update_fields=["status", "submitted_at", "updated_at"])
    record("bid submitted", application, actor=actor, after={"status": application.status})
    return application


@transaction.atomic
def decide(application: Application, *, funded: bool, feedback: str, actor, now=None) -> Application:
    """Fund or turn down a submitted bid, with feedback emailed to whoever started it. A funded bid
    becomes a project in the register, led by the lead, with the confirmed partners."""
    application = (
        Application.objects.select_for_update().select_related("lead", "created_by").get(pk=application.pk)
    )
    if application.status != Application.Status.SUBMITTED:
        raise NotReady([Problem("status", "Only a submitted bid can be decided, and only once.")])
    application.status = Application.Status.FUNDED if funded else Application.Status.NOT_FUNDED
    application.decided_at = now or timezone.now()
    application.feedback = feedback
    if funded:
        application.project = _project_for(application)
    application.save()
    record("bid decided", application, actor=actor, after={"status": application.status})
    gateway.send(
        application.created_by.email,
        "fund_decision",
        {"application": application, "funded": funded, "feedback": feedback},
    )
    return application


def _project_for(application: Application) -> Project:
    project = Project.objects.create(
        title=application.title,
        problem=application.problem,
        building=application.plan,
        phase=application.phase,
        status=Project.Status.ACTIVE,
        collaboration=Project.Collaboration.SHARE_FUNDING,
        lead=application.lead,
        owner=application.created_by,
        contact_name=application.created_by.full_name or application.created_by.email,
        contact_email=application.created_by.email,
        tags=[application.round.slug],
    )
    for partner in application.partners.filter(status=ApplicationPartner.Status.CONFIRMED):
        ProjectPartner.objects.create(
            project=project,
            organisation_id=partner.organisation_id,
            status=ProjectPartner.Status.CONFIRMED,
            requested_by=application.created_by,
            decided_by=partner.confirmed_by,
            decided_at=timezone.now(),
        )
    record("project registered from a funded bid", project, actor=application.created_by)
    return project
