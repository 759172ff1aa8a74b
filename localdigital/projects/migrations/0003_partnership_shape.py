"""Project partners take the shape every partnership shares: "named" becomes "invited" and
"asked-to-join" becomes "asked"."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

STATUSES = [
    ("invited", "Waiting for the partner to confirm"),
    ("asked", "Asked to join"),
    ("confirmed", "Confirmed"),
    ("declined", "Declined"),
]
RENAMED = {"named": "invited", "asked-to-join": "asked"}


def forwards(apps, schema_editor):
    ProjectPartner = apps.get_model("projects", "ProjectPartner")
    for old, new in RENAMED.items():
        ProjectPartner.objects.filter(status=old).update(status=new)


def backwards(apps, schema_editor):
    ProjectPartner = apps.get_model("projects", "ProjectPartner")
    for old, new in RENAMED.items():
        ProjectPartner.objects.filter(status=new).update(status=old)


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0002_similarity_vectors"),
        ("organisations", "0003_domain_conflicts"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="projectpartner",
            name="status",
            field=models.CharField(choices=STATUSES, default="invited", max_length=20),
        ),
        migrations.AlterField(
            model_name="projectpartner",
            name="decided_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="projectpartner",
            name="created_at",
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
        migrations.AddField(
            model_name="projectpartner",
            name="updated_at",
            field=models.DateTimeField(auto_now=True),
        ),
        migrations.AlterField(
            model_name="projectpartner",
            name="organisation",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="%(class)s_set",
                to="organisations.organisation",
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
