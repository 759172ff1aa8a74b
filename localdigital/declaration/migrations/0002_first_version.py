"""Version 1 of the Declaration's text, so that every new installation has a Declaration to sign."""

from django.db import migrations
from django.utils import timezone

INTRODUCTION = """The Local Digital Declaration is a shared promise by the organisations that run local public services to make those services work better for the people who use them.

Too many services are built around how our organisations are arranged, on technology that is expensive and hard to change, and each organisation solves the same problems alone. We can do better together.

An organisation signs as a whole: its chief executive and its political leader back the Declaration, not only its digital team. Signatories publish what they commit to do and report how they are getting on, so that others can join in, reuse what they make and learn from it."""

PRINCIPLES = [
    (
        "Design services around the people who use them",
        "We will shape services around what residents, businesses and communities need, not around "
        "our departments. We will learn what people need through research, test what we make with the "
        "people who will use it, and keep improving it once it is live.",
    ),
    (
        "Fix the plumbing",
        "We will stop depending on costly technology that is hard to change or leave. We will build and "
        "buy services as small parts that fit together, use open standards for data, and choose suppliers "
        "and contracts that let us change direction.",
    ),
    (
        "Share information safely to build trust",
        "We will share information between services safely and lawfully, so that we can help the people "
        "who most need it and put our money where it does most good. We will be open with people about "
        "how their information is used.",
    ),
    (
        "Lead digital change",
        "We will create the conditions for real change across our organisations, starting with our "
        "leaders. We will give our teams the skills and the permission to work in new ways, and expect "
        "the same of our partners and suppliers.",
    ),
    (
        "Work in the open",
        "We will share our plans, our progress and what we learn, including what did not work. We will "
        "look for what others have already made before we start, and make what we build available for "
        "others to reuse.",
    ),
]

LEADER_COMMITMENTS = [
    "Make better services and better technology a priority for the whole organisation, backed by its political and executive leaders.",
    "Give teams the time, support and permission to try new ways of working, and to learn from what does not work.",
    "Expect suppliers and partners to follow these principles, and change contracts that lock us in.",
    "Publish our plans and our progress so that residents and other organisations can see what we are doing.",
    "Work with other organisations on problems we share, rather than solving them alone.",
]

TEAM_COMMITMENTS = [
    "Find out what users need before building anything, and test services with the people who will use them.",
    "Check what other organisations have already built, and reuse it or join them before starting something new.",
    "Use open standards for data, and publish the code and designs we make under an open licence wherever we can.",
    "Build services from small parts that can be changed or replaced without starting again.",
    "Share what we learn, including what went wrong, so that others do not repeat it.",
]


def create_first_version(apps, schema_editor):
    DeclarationVersion = apps.get_model("declaration", "DeclarationVersion")
    Principle = apps.get_model("declaration", "Principle")
    DeclarationCommitment = apps.get_model("declaration", "DeclarationCommitment")
    if DeclarationVersion.objects.exists():
        return
    version = DeclarationVersion.objects.create(
        number=1,
        title="The Local Digital Declaration",
        introduction=INTRODUCTION,
        change_summary="",
        published_at=timezone.now(),
    )
    for position, (title, description) in enumerate(PRINCIPLES, start=1):
        Principle.objects.create(version=version, position=position, title=title, description=description)
    for audience, texts in (("leaders", LEADER_COMMITMENTS), ("teams", TEAM_COMMITMENTS)):
        for position, text in enumerate(texts, start=1):
            DeclarationCommitment.objects.create(
                version=version, audience=audience, position=position, text=text
            )


def remove_first_version(apps, schema_editor):
    apps.get_model("declaration", "DeclarationVersion").objects.filter(number=1).delete()


class Migration(migrations.Migration):
    dependencies = [("declaration", "0001_initial")]

    operations = [migrations.RunPython(create_first_version, remove_first_version)]
