"""Publishing the Declaration's text."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from localdigital.audit import services as audit
from localdigital.declaration.models import DeclarationCommitment, DeclarationVersion, Principle
from localdigital.platform.bilingual import welsh_fields


def publish(version: DeclarationVersion, *, actor) -> DeclarationVersion:
    """Make a draft the current version. It can never change again."""
    if version.is_published:
        raise ValidationError(_("Version %(number)s is already published.") % {"number": version.number})
    if not version.principles.exists():
        raise ValidationError(_("A version needs at least one principle before it can be published."))
    audiences = set(version.commitments.values_list("audience", flat=True))
    if audiences != set(DeclarationCommitment.Audience.values):
        raise ValidationError(
            _("A version needs commitments for both leaders and teams before it can be published.")
        )
    version.published_at = timezone.now()
    version.save(update_fields=["published_at", "updated_at"])
    audit.record("published", version, actor=actor, after={"published_at": version.published_at.isoformat()})
    return version


@transaction.atomic
def new_draft_from(version: DeclarationVersion, *, actor) -> DeclarationVersion:
    """A copy of `version` (its Welsh too) with the next number, for staff to edit and publish."""
    draft = DeclarationVersion.objects.create(
        number=next_number(),
        title=version.title,
        title_cy=version.title_cy,
        introduction=version.introduction,
        introduction_cy=version.introduction_cy,
        change_summary="",
    )
    for principle in version.principles.all():
        principle.pk = None
        principle.version = draft
        principle.save()
    for commitment in version.commitments.all():
        commitment.pk = None
        commitment.version = draft
        commitment.save()
    audit.record("drafted", draft, actor=actor, after={"copied_from": version.number})
    return draft


def next_number() -> int:
    """The number the next version will have."""
    return (DeclarationVersion.objects.aggregate(highest=Max("number"))["highest"] or 0) + 1


def set_welsh(
    obj: DeclarationVersion | Principle | DeclarationCommitment, *, actor, **texts: str
) -> DeclarationVersion | Principle | DeclarationCommitment:
    """Write or correct the Welsh of a version or one of its parts, published or not.

    Only Welsh twins can be given (`title_cy="Datganiad Digidol Lleol"`): the English of a published
    version is what organisations signed, and stays as it was.
    """
    allowed = welsh_fields(type(obj))
    unknown = sorted(set(texts) - set(allowed))
    if unknown:
        raise ValueError(f"Only the Welsh text can be set here, not {', '.join(unknown)}.")
    before = {name: getattr(obj, name) for name in texts}
    after = {name: value.strip() for name, value in texts.items()}
    changed = {name: value for name, value in after.items() if value != before[name]}
    if not changed:
        return obj
    for name, value in changed.items():
        setattr(obj, name, value)
    obj.save(update_fields=[*changed, *(["updated_at"] if isinstance(obj, DeclarationVersion) else [])])
    audit.record(
        "Welsh changed",
        obj,
        actor=actor,
        before={name: before[name] for name in changed},
        after=changed,
    )
    return obj
