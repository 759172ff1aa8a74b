import importlib

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from localdigital.audit.models import AuditEvent
from localdigital.declaration import services
from localdigital.declaration.models import DeclarationVersion, Principle
from localdigital.declaration.tests.factories import DeclarationVersionFactory

User = get_user_model()

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return User.objects.create_superuser("team@localdigital.example", "a long test password")


def test_the_first_version_has_five_principles_and_both_sets_of_commitments():
    DeclarationVersion.objects.all().delete()
    migration = importlib.import_module("localdigital.declaration.migrations.0002_first_version")

    migration.create_first_version(apps, None)

    version = DeclarationVersion.objects.current()
    assert version.number == 1
    assert [p.position for p in version.principles.all()] == [1, 2, 3, 4, 5]
    assert version.principles.first().title == "Design services around the people who use them"
    assert version.commitments.filter(audience="leaders").count() == 5
    assert version.commitments.filter(audience="teams").count() == 5


def test_the_declaration_page_shows_the_current_version(client):
    version = DeclarationVersionFactory()

    html = client.get(reverse("declaration:current")).content.decode()

    assert f"Version {version.number}, published" in html
    assert f"Principle of version {version.number}" in html
    assert "Lead the change." in html
    assert "Reuse before building." in html


def test_publishing_a_new_version_keeps_the_old_one_readable_at_its_own_address(client, staff):
    old = DeclarationVersionFactory()
    draft = services.new_draft_from(old, actor=staff)
    Principle.objects.filter(version=draft).update(title="A better principle")
    services.publish(draft, actor=staff)

    current = client.get(reverse("declaration:current")).content.decode()
    previous = client.get(old.get_absolute_url()).content.decode()

    assert "A better principle" in current
    assert f"Principle of version {old.number}" in previous
    assert f"This is version {old.number} of the Declaration" in previous
    assert AuditEvent.objects.filter(action="published", object_id=str(draft.pk)).exists()


def test_drafts_are_not_public(client):
    draft = DeclarationVersionFactory(published_at=None)

    assert client.get(draft.get_absolute_url()).status_code == 404
    assert f"Version {draft.number}<" not in client.get(reverse("declaration:versions")).content.decode()


def test_staff_can_preview_a_draft(client, staff):
    draft = DeclarationVersionFactory(published_at=None)
    client.force_login(staff)

    assert "This is a draft" in client.get(draft.get_absolute_url()).content.decode()


def test_a_published_version_cannot_be_published_again_or_changed(staff):
    version = DeclarationVersionFactory()

    with pytest.raises(ValidationError):
        services.publish(version, actor=staff)
    with pytest.raises(ValidationError, match="cannot change"):
        Principle(version=version, title="Sneaky", description="x").full_clean()


def test_a_draft_needs_principles_and_both_sets_of_commitments(staff):
    empty = DeclarationVersion.objects.create(number=services.next_number(), introduction="Hello")

    with pytest.raises(ValidationError, match="at least one principle"):
        services.publish(empty, actor=staff)


class TestTheStaffTools:
    def test_a_published_version_is_read_only_in_the_admin(self, client, staff):
        version = DeclarationVersionFactory()
        client.force_login(staff)

        response = client.post(
            reverse("admin:declaration_declarationversion_change", args=[version.pk]),
            {"title": "Changed", "introduction": "Changed"},
        )

        version.refresh_from_db()
        assert response.status_code in (200, 403)
        assert version.title == "The Local Digital Declaration"

    def test_staff_copy_a_version_into_a_draft_and_publish_it(self, client, staff):
        version = DeclarationVersionFactory()
        client.force_login(staff)
        changelist = reverse("admin:declaration_declarationversion_changelist")

        client.post(changelist, {"action": "copy_into_new_draft", "_selected_action": [version.pk]})
        draft = DeclarationVersion.objects.get(number=version.number + 1)
        client.post(changelist, {"action": "publish_versions", "_selected_action": [draft.pk]})

        assert DeclarationVersion.objects.current() == draft
        assert draft.principles.count() == 1


class TestInWelsh:
    def test_the_welsh_page_shows_the_welsh_text_and_the_english_where_none_is_written(self, client, staff):
        version = DeclarationVersionFactory()
        principle = version.principles.get()
        services.set_welsh(version, actor=staff, title_cy="Y Datganiad Digidol Lleol")
        services.set_welsh(principle, actor=staff, title_cy="Egwyddor y fersiwn")

        english = client.get(reverse("declaration:current")).content.decode()
        welsh = client.get("/cy" + reverse("declaration:current")).content.decode()

        assert "Y Datganiad Digidol Lleol</h1>" in welsh
        assert "Egwyddor y fersiwn" in welsh
        assert '<li lang="en">Lead the change.</li>' in welsh  # no Welsh written for it yet
        assert "Y Datganiad Digidol Lleol" not in english
        assert f"Principle of version {version.number}" in english
        assert 'lang="en"' not in english.split("<main", 1)[1]

    def test_english_left_on_the_welsh_page_is_marked_as_english_for_screen_readers(self, client):
        version = DeclarationVersionFactory()
        with translation.override("cy"):
            address = reverse("declaration:current")

        welsh = client.get(address).content.decode()

        assert f'<h1 class="govuk-heading-xl"><span lang="en">{version.title}</span></h1>' in welsh
        assert '<p class="govuk-body-l" lang="en">' in welsh
        principle = version.principles.get()
        assert f'<span lang="en">{principle.title}</span></h3>' in welsh

    def test_welsh_is_added_to_a_published_version_without_touching_the_english_and_is_audited(self, staff):
        version = DeclarationVersionFactory()

        services.set_welsh(version, actor=staff, introduction_cy="Byddwn yn gwella gwasanaethau lleol.")

        version.refresh_from_db()
        assert version.introduction.startswith("We will make local services better together.")
        assert AuditEvent.objects.filter(action="Welsh changed", object_id=str(version.pk)).exists()
        with pytest.raises(ValueError, match="Only the Welsh"):
            services.set_welsh(version, actor=staff, title="Changed")
        with translation.override("cy"):
            assert version.paragraphs() == ["Byddwn yn gwella gwasanaethau lleol."]

    def test_a_new_draft_keeps_the_welsh_of_the_version_it_copies(self, staff):
        version = DeclarationVersionFactory()
        services.set_welsh(version, actor=staff, title_cy="Y Datganiad")
        services.set_welsh(
            version.principles.get(), actor=staff, description_cy="Dylunio o gwmpas defnyddwyr."
        )

        draft = services.new_draft_from(version, actor=staff)

        assert draft.title_cy == "Y Datganiad"
        assert draft.principles.get().description_cy == "Dylunio o gwmpas defnyddwyr."

    def test_staff_write_the_welsh_of_a_published_version_beside_its_english_which_stays(self, client, staff):
        version = DeclarationVersionFactory()
        client.force_login(staff)
        address = reverse("admin:declaration_declarationversion_change", args=[version.pk])

        page = client.get(address).content.decode()
        assert page.index('name="title_cy"') < page.index('name="introduction_cy"')
        assert 'name="title"' not in page  # the English is shown, not editable
        form = {
            "title_cy": "Y Datganiad Digidol Lleol",
            "title": "Changed",
            "introduction_cy": "",
            "change_summary_cy": "",
        }
        for prefix in ("principles", "commitments"):
            rows = getattr(version, prefix).all()
            form |= {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": str(len(rows))}
            form |= {f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}
            for number, row in enumerate(rows):
                form[f"{prefix}-{number}-id"] = str(row.pk)
                form[f"{prefix}-{number}-version"] = str(version.pk)
        response = client.post(address, form)

        version.refresh_from_db()
        assert response.status_code == 302, response.content.decode()[:3000]
        assert version.title_cy == "Y Datganiad Digidol Lleol"
        assert version.title == "The Local Digital Declaration"
