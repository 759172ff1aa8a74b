"""The rules of the project register, callable without HTTP."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from localdigital.accounts.models import ProjectEmails
from localdigital.audit import services as audit
from localdigital.notifications import preferences
from localdigital.organisations import partnerships
from localdigital.organisations.models import Organisation
from localdigital.organisations.services.membership import organisations_for
from localdigital.platform.errors import NotAllowed
from localdigital.platform.permissions import may_act_for
from localdigital.projects import emails
from localdigital.projects.models import (
    REMINDER_AFTER,
    Follower,
    Project,
    ProjectOutput,
    ProjectPartner,
    ProjectUpdate,
)
from localdigital.projects.similarity import search as similarity

PROJECT_FIELDS = [
    "title", "problem", "building", "service", "phase", "phase_started", "phase_ends", "status",
    "collaboration", "contact_name", "contact_email", "budget", "tags",
]  # fmt: skip


def can_edit(user, project: Project) -> bool:
    return may_act_for(user, project.lead)


def check_editor(user, project: Project) -> None:
    if not can_edit(user, project):
        message = gettext("Only people at %(organisation)s can change this project")
        raise NotAllowed(message % {"organisation": project.lead.name})


def can_see_contact(user) -> bool:
    """A contact's email address is for people who act for an organisation, not the public."""
    return user.is_authenticated and organisations_for(user).exists()


@transaction.atomic
def create(lead: Organisation, user, data: dict) -> Project:
    if not may_act_for(user, lead):
        message = gettext("You cannot register projects for %(organisation)s")
        raise NotAllowed(message % {"organisation": lead.name})
    project = Project.objects.create(
        lead=lead, owner=user, **{key: data[key] for key in PROJECT_FIELDS if key in data}
    )
    audit.record("project registered", project, actor=user, after=audit.snapshot(project))
    similarity.remember(project)
    return project


@transaction.atomic
def change(project: Project, user, data: dict) -> Project:
    check_editor(user, project)
    before = audit.snapshot(project)
    for key in PROJECT_FIELDS:
        if key in data:
            setattr(project, key, data[key])
    project.save()
    old, new = audit.changed(before, audit.snapshot(project))
    if new:
        audit.record("project changed", project, actor=user, before=old, after=new)
    similarity.remember(project)
    return project


@transaction.atomic
def post_update(project: Project, user, body: str) -> ProjectUpdate:
    """A dated note on progress. Followers who hear of each update are emailed at once; the others get it
    in their daily or weekly digest (`send_digests`), or not at all, as they chose on their account page."""
    check_editor(user, project)
    update = ProjectUpdate.objects.create(project=project, body=body, created_by=user)
    project.last_update_at = update.created_at
    project.reminded_at = None
    project.save(update_fields=["last_update_at", "reminded_at", "updated_at"])
    audit.record("project update posted", update, actor=user, after={"project": project.pk})
    told = project.followers.filter(user__project_emails=ProjectEmails.EACH, user__is_active=True).exclude(
        user=user
    )
    addresses = list(told.values_list("user__email", flat=True))
    rows = preferences.recipients(addresses)
    message = emails.UpdatePosted(
        project=project.title,
        lead=project.lead.name,
        update=update.body,
        link=settings.SITE_URL + project.get_absolute_url(),
    )
    for address in addresses:
        message.send(address, recipient=rows[address])
    return update


def follow(project: Project, user) -> Follower:
    """The person follows the project; how often they hear of it is their account's choice."""
    follower, created = Follower.objects.get_or_create(project=project, user=user)
    if created:
        audit.record("project followed", follower, actor=user, after={"project": project.pk})
    return follower


def unfollow(project: Project, user) -> None:
    deleted, _ = Follower.objects.filter(project=project, user=user).delete()
    if deleted:
        audit.record("project unfollowed", project, actor=user)


def ask_to_join(project: Project, organisation: Organisation, user, message: str = "") -> ProjectPartner:
    """Another organisation asks to work on the project; it is pending until the lead accepts (the lead's
    answer is `partnerships.confirm` or `partnerships.decline`)."""
    if not may_act_for(user, organisation):
        raise NotAllowed(gettext("You cannot act for %(organisation)s") % {"organisation": organisation.name})
    if organisation.pk == project.lead_id:
        raise NotAllowed(gettext("The lead organisation is already on the project"))
    partner, _ = partnerships.ask(
        ProjectPartner, project, organisation, user, requested_by=user, message=message
    )
    return partner


def _join_requested(partner: ProjectPartner, user) -> None:
    emails.JoinRequested(
        organisation=partner.organisation.name,
        project=partner.project.title,
        message=partner.message,
        link=settings.SITE_URL + partner.project.get_absolute_url(),
    ).send(partner.project.owner.email)


def _join_answered(partner: ProjectPartner, user) -> None:
    emails.JoinDecided(
        project=partner.project.title,
        lead=partner.project.lead.name,
        accepted=partner.status == ProjectPartner.Status.CONFIRMED,
        link=settings.SITE_URL + partner.project.get_absolute_url(),
    ).send(partner.requested_by.email)


def remind_owners(now=None) -> int:
    """Email the owner of every active project with no update for 90 days, once until it is updated."""
    now = now or timezone.now()
    due = Project.objects.filter(
        status=Project.Status.ACTIVE, last_update_at__lte=now - REMINDER_AFTER, reminded_at__isnull=True
    ).select_related("owner")
    sent = 0
    for project in due:
        emails.StillGoing(
            project=project.title,
            days=(now - project.last_update_at).days,
            link=settings.SITE_URL + project.get_absolute_url(),
        ).send(project.owner.email)
        Project.objects.filter(pk=project.pk).update(reminded_at=now)
        audit.record("owner reminded", project, actor_label="system")
        sent += 1
    return sent


DIGESTS = {
    ProjectEmails.DAILY: (timedelta(days=1), emails.DailyDigest),
    ProjectEmails.WEEKLY: (timedelta(days=7), emails.WeeklyDigest),
}


def send_digests(how_often: str, now=None) -> int:
    """One email for each person who chose to hear about the projects they follow `how_often` (daily or
    weekly), with each followed project's updates of the day or week before; how many were sent."""
    period, digest = DIGESTS[ProjectEmails(how_often)]
    now = now or timezone.now()
    since = now - period
    recent = Prefetch(
        "project__updates", queryset=ProjectUpdate.objects.filter(created_at__gte=since), to_attr="recent"
    )
    followers = (
        Follower.objects.filter(
            user__project_emails=how_often, user__is_active=True, project__updates__created_at__gte=since
        )
        .distinct()
        .select_related("user", "project__lead")
        .prefetch_related(recent)
        .order_by("pk")
    )
    updates_by_person: dict = {}
    for follower in followers:
        updates = follower.project.recent  # type: ignore[attr-defined]  # set by Prefetch(to_attr=)
        if updates:
            updates_by_person.setdefault(follower.user.email, []).append(
                _digest_entry(follower.project, updates)
            )
    rows = preferences.recipients(updates_by_person)
    for email, projects in updates_by_person.items():
        digest(projects=tuple(projects)).send(email, recipient=rows[email])
    return len(updates_by_person)


def send_weekly_digests(now=None) -> int:
    return send_digests(ProjectEmails.WEEKLY, now)


def send_daily_digests(now=None) -> int:
    return send_digests(ProjectEmails.DAILY, now)


def _digest_entry(project: Project, updates) -> emails.DigestProject:
    return emails.DigestProject(
        title=project.title,
        lead=project.lead.name,
        link=settings.SITE_URL + project.get_absolute_url(),
        updates=tuple(emails.DigestUpdate(day=update.created_at, body=update.body) for update in updates),
    )


def add_output(project: Project, user, *, kind: str, label: str, url: str, licence: str) -> ProjectOutput:
    check_editor(user, project)
    output = ProjectOutput.objects.create(project=project, kind=kind, label=label, url=url, licence=licence)
    project.save(update_fields=["updated_at"])
    audit.record("project output added", output, actor=user, after={"url": url, "licence": licence})
    return output


def remove_output(output: ProjectOutput, user) -> None:
    check_editor(user, output.project)
    audit.record("project output removed", output, actor=user, before={"url": output.url})
    output.delete()
    output.project.save(update_fields=["updated_at"])


def set_commitments(project: Project, user, commitments) -> None:
    """Say which of the lead's published Declaration commitments the project delivers."""
    check_editor(user, project)
    allowed = deliverable_commitments(project)
    chosen = [commitment for commitment in commitments if commitment in allowed]
    project.commitments.set(chosen)
    project.save(update_fields=["updated_at"])
    audit.record(
        "project commitments set", project, actor=user, after={"commitments": [c.pk for c in chosen]}
    )


def deliverable_commitments(project: Project):
    from localdigital.signing.models import Commitment, Signing

    return Commitment.objects.filter(
        organisation=project.lead, signing__status=Signing.Status.SIGNED, state=Commitment.State.PUBLISHED
    )


@transaction.atomic
def name_partner(project: Project, organisation: Organisation, user) -> ProjectPartner:
    """The lead names an organisation it works with; it shows once someone from that organisation confirms."""
    check_editor(user, project)
    if organisation.pk == project.lead_id:
        raise NotAllowed(gettext("The lead organisation is already on the project"))
    return partnerships.invite(ProjectPartner, project, organisation, user, requested_by=user)


def _waiting_partnerships(organisations):
    return (
        ProjectPartner.objects.invited()
        .filter(organisation__in=organisations)
        .select_related("project__lead", "organisation")
    )


PARTNERSHIPS = partnerships.Kind(
    name="project",
    model=ProjectPartner,
    waiting=_waiting_partnerships,
    answer_url=lambda partner: reverse("projects:answer-partner", args=[partner.project_id, partner.pk]),  # type: ignore[attr-defined]
    audit_named="project partner named",
    audit_confirmed="project partner confirmed",
    audit_declined="project partner declined",
    check_owner=lambda partner, user: check_editor(user, partner.project),
    asked=_join_requested,
    request_answered=_join_answered,
    audit_asked="asked to join project",
)
