from django.db import migrations

# Large email providers many honest people share: a per-domain limit on them would only shut people out.
PROVIDERS = [
    "aol.com",
    "btinternet.com",
    "gmail.com",
    "googlemail.com",
    "hotmail.co.uk",
    "hotmail.com",
    "icloud.com",
    "live.co.uk",
    "live.com",
    "me.com",
    "msn.com",
    "outlook.com",
    "proton.me",
    "protonmail.com",
    "sky.com",
    "talktalk.net",
    "virginmedia.com",
    "yahoo.co.uk",
    "yahoo.com",
]


def allow_providers(apps, schema_editor):
    EmailDomainRule = apps.get_model("abuse", "EmailDomainRule")
    for domain in PROVIDERS:
        EmailDomainRule.objects.get_or_create(
            domain=domain,
            defaults={"action": "allow", "reason": "Large email provider shared by many people"},
        )


def unlogged_counters(apps, schema_editor):
    # Counters are rebuilt by the next requests if lost in a crash, so they need not be in the WAL.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE abuse_ratecounter SET UNLOGGED")


class Migration(migrations.Migration):
    dependencies = [("abuse", "0001_initial")]

    operations = [
        migrations.RunPython(allow_providers, migrations.RunPython.noop),
        migrations.RunPython(unlogged_counters, migrations.RunPython.noop),
    ]
