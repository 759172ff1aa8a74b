"""The "Programme team" group: exactly the staff tools the programme team's job needs, and no more.

The group is made (and put back to this list) after every `migrate`, so production, a fresh clone
and the demo all have it. Staff join it through the `programme_team` command or the users page.
"""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from localdigital.audit.services import record

GROUP_NAME = "Programme team"

VIEW = ("view",)
EDIT = ("view", "add", "change")
MANAGE = ("view", "add", "change", "delete")

# What the programme team may do with each model. Users, groups and the audit trail are not edited
# here: the trail is read-only for everyone, and people's access is given by a superuser.
PERMISSIONS = {
    # Organisations and their domains; people asking to act for one.
    "organisations.organisation": EDIT,
    "organisations.organisationdomain": EDIT,
    "organisations.accessrequest": ("view", "change"),
    # Versions of the Declaration: drafts are written and published here.
    "declaration.declarationversion": MANAGE,
    "declaration.principle": MANAGE,
    "declaration.declarationcommitment": MANAGE,
    # Signings are reviewed on the service's own pages; the staff tools only show them.
    "signing.signing": VIEW,
    "signing.approver": VIEW,
    "signing.reviewround": VIEW,
    "signing.commitment": VIEW,
    "signing.commitmentpartner": VIEW,
    "signing.commitmentupdate": VIEW,
    # Fund rounds, assessors for bids, and the bids and scores they moderate.
    "fund.round": EDIT,
    "fund.roundphase": MANAGE,
    "fund.criterion": MANAGE,
    "fund.application": VIEW,
    "fund.applicationpartner": VIEW,
    "fund.budgetline": VIEW,
    "fund.assignment": MANAGE,
    "fund.score": VIEW,
    # Finding the person to make an assessor; never changing them.
    "accounts.user": VIEW,
    # Pledges, exported with a reason.
    "pledges.pledge": VIEW,
    "pledges.pledgecounts": VIEW,
    # Lists of blocked networks and email domains.
    "abuse.addressrule": MANAGE,
    "abuse.emaildomainrule": MANAGE,
    # The service list that projects and commitments are filed under.
    "service_list.service": VIEW,
    # What happened, and what was sent.
    "audit.auditevent": VIEW,
    "notifications.sentemail": VIEW,
    # What people thought of the service at the end of a journey: read, never changed.
    "pages.feedback": VIEW,
}


def codenames() -> set[tuple[str, str]]:
    """(app label, codename) of every permission the group holds."""
    pairs: set[tuple[str, str]] = set()
    for label, actions in PERMISSIONS.items():
        app_label, model_name = label.split(".")
        pairs.update((app_label, f"{action}_{model_name}") for action in actions)
    return pairs


def _permissions(using: str) -> list[Permission]:
    wanted = codenames()
    found = [
        permission
        for permission in Permission.objects.using(using).select_related("content_type")
        if (permission.content_type.app_label, permission.codename) in wanted
    ]
    missing = wanted - {(p.content_type.app_label, p.codename) for p in found}
    if missing:
        raise LookupError(f"Permissions not found: {sorted(missing)}")
    return found


@transaction.atomic
def ensure_group(using: str = "default") -> Group:
    """Make the group, or put its permissions back to the list above; audited when it changes."""
    # Permissions are made after each app's migrations; make them all now, so none is missing yet.
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    group, created = Group.objects.using(using).get_or_create(name=GROUP_NAME)
    wanted = _permissions(using)
    before = sorted(f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all())
    after = sorted(f"{p.content_type.app_label}.{p.codename}" for p in wanted)
    if created or before != after:
        group.permissions.set(wanted)
        record(
            "programme team permissions set",
            group,
            before={"permissions": before},
            after={"permissions": after},
        )
    return group


def add_member(user) -> None:
    """Give someone the programme team's staff tools: staff status and the group, not superuser."""
    group = ensure_group()
    changes: dict[str, object] = {}
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
        changes["is_staff"] = True
    if not user.groups.filter(pk=group.pk).exists():
        user.groups.add(group)
        changes["group"] = GROUP_NAME
    if changes:
        record("added to the programme team", user, after=changes)


def after_migrate(sender, using="default", **kwargs) -> None:
    ensure_group(using)
