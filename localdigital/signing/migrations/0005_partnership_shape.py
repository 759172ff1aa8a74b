"""Commitment partners take the shape every partnership shares: a status (invited, confirmed, declined)
instead of "confirmed if it has a confirmation date", and who answered and when.

Partners were always stored as organisations from the register (the typed lines of the old form were
matched when the form was saved), so every row keeps its organisation; only its status is worked out.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def statuses_from_dates(apps, schema_editor):
    CommitmentPartner = apps.get_model("signing", "CommitmentPartner")
    CommitmentPartner.objects.filter(decided_at__isnull=False).update(status="confirmed")
    CommitmentPartner.objects.filter(decided_at__isnull=True).update(status="invited")


def dates_from_statuses(apps, schema_editor):
    # Before, a partner was either confirmed or not: a declined one goes back to waiting.
    CommitmentPartner = apps.get_model("signing", "CommitmentPartner")
    CommitmentPartner.objects.exclude(status="confirmed").update(decided_at=None, decided_by=None)


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0003_domain_conflicts"),
        ("signing", "0004_approver_changes_reviewed"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField("commitmentpartner", "confirmed_at", "decided_at"),
        migrations.RenameField("commitmentpartner", "confirmed_by", "decided_by"),
        migrations.AlterField(
            model_name="commitmentpartner",
            name="decided_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="commitmentpartner",
            name="status",
            field=models.CharField(
                choices=[
                    ("invited", "Waiting for the partner to confirm"),
                    ("asked", "Asked to join"),
                    ("confirmed", "Confirmed"),
                    ("declined", "Declined"),
                ],
                default="invited",
                max_length=20,
            ),
        ),
        migrations.AddField(
            model_name="commitmentpartner",
            name="created_at",
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
        migrations.AddField(
            model_name="commitmentpartner",
            name="updated_at",
            field=models.DateTimeField(auto_now=True),
        ),
        migrations.AlterField(
            model_name="commitmentpartner",
            name="organisation",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="%(class)s_set",
                to="organisations.organisation",
            ),
        ),
        migrations.RunPython(statuses_from_dates, dates_from_statuses),
    ]
