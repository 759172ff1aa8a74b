"""The migration that names bids' contacts, and takes email addresses off projects from funded bids."""

import importlib

import pytest
from django.apps import apps

from localdigital.fund.models import Application
from localdigital.fund.tests.factories import ApplicationFactory
from localdigital.projects.models import Project

pytestmark = pytest.mark.django_db

migration = importlib.import_module("localdigital.fund.migrations.0004_bid_contact_name")


def funded_with_an_email_as_contact(application: Application) -> Project:
    project = Project.objects.create(
        title=application.title,
        problem=application.problem,
        lead=application.lead,
        owner=application.created_by,
        contact_name=application.created_by.email,
        contact_email=application.created_by.email,
    )
    Application.objects.filter(pk=application.pk).update(status="funded", project=project)
    return project


def test_a_bid_takes_the_name_its_applicant_gave():
    application = ApplicationFactory(contact_name="")
    application.created_by.full_name = "Sam Applicant"
    application.created_by.save()

    migration.name_the_contacts(apps, None)

    application.refresh_from_db()
    assert application.contact_name == "Sam Applicant"


def test_a_funded_projects_email_contact_is_replaced_by_a_name():
    named = ApplicationFactory(contact_name="")
    named.created_by.full_name = "Sam Applicant"
    named.created_by.save()
    nameless = ApplicationFactory(contact_name="")
    projects = [funded_with_an_email_as_contact(named), funded_with_an_email_as_contact(nameless)]

    migration.name_the_contacts(apps, None)

    for project in projects:
        project.refresh_from_db()
    assert [project.contact_name for project in projects] == [
        "Sam Applicant",
        f"The bid team at {nameless.lead.name}",
    ]
