from django.db import migrations, models


def name_the_contacts(apps, schema_editor):
    """Bids take their contact's name from whoever started them; a project made from a funded bid
    that published an email address as its contact name gets a person's name (or its lead's) instead."""
    Application = apps.get_model("fund", "Application")
    for application in Application.objects.filter(contact_name="").select_related("created_by"):
        name = application.created_by.full_name.strip()
        if name and "@" not in name:
            application.contact_name = name
            application.save(update_fields=["contact_name"])
    funded = Application.objects.filter(
        project__isnull=False, project__contact_name__contains="@"
    ).select_related("project", "lead")
    for application in funded:
        project = application.project
        project.contact_name = application.contact_name or f"The bid team at {application.lead.name}"
        project.save(update_fields=["contact_name"])


class Migration(migrations.Migration):
    dependencies = [
        ("fund", "0003_expressions_of_interest"),
        ("projects", "0002_similarity_vectors"),
    ]

    operations = [
        migrations.AddField(
            model_name="application",
            name="contact_name",
            field=models.CharField(
                blank=True,
                help_text="A person's name, published as the project's contact if funded",
                max_length=200,
            ),
        ),
        migrations.RunPython(name_the_contacts, migrations.RunPython.noop),
    ]
