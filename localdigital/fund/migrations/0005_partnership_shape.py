"""Bid partners take the shape every partnership shares: "named" becomes "invited", and who answered
and when is kept."""

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


def forwards(apps, schema_editor):
    ApplicationPartner = apps.get_model("fund", "ApplicationPartner")
    ApplicationPartner.objects.filter(status="named").update(status="invited")


def backwards(apps, schema_editor):
    ApplicationPartner = apps.get_model("fund", "ApplicationPartner")
    ApplicationPartner.objects.filter(status="invited").update(status="named")


class Migration(migrations.Migration):
    dependencies = [
        ("fund", "0004_bid_contact_name"),
        ("organisations", "0003_domain_conflicts"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField("applicationpartner", "confirmed_by", "decided_by"),
        migrations.AlterField(
            model_name="applicationpartner",
            name="status",
            field=models.CharField(choices=STATUSES, default="invited", max_length=20),
        ),
        migrations.AddField(
            model_name="applicationpartner",
            name="decided_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="applicationpartner",
            name="created_at",
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
        migrations.AddField(
            model_name="applicationpartner",
            name="updated_at",
            field=models.DateTimeField(auto_now=True),
        ),
        migrations.AlterField(
            model_name="applicationpartner",
            name="organisation",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="%(class)s_set",
                to="organisations.organisation",
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
