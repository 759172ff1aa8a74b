"""The audit trail's staff page names the kind of record each event is about as staff call it."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from localdigital.audit import services as audit
from localdigital.audit.admin import kind_of_record

pytestmark = pytest.mark.django_db


def test_a_kind_is_the_models_name_or_the_label_stored_when_no_model_has_it():
    assert kind_of_record("auth.group") == "Group"
    assert kind_of_record("pledges.pledge") == "Pledge"
    assert kind_of_record("retired.thing") == "retired.thing"
    assert kind_of_record("") == ""


def test_the_list_and_its_filter_show_kinds_in_words(client, django_user_model):
    admin = django_user_model.objects.create_superuser("admin@localdigital.example", "a long test password")
    audit.record("added in admin", Group.objects.create(name="Reviewers"), actor=admin)
    audit.record_purge("purged", "pledges.pledge", 3, "unconfirmed pledges")
    client.force_login(admin)

    page = client.get(reverse("admin:audit_auditevent_changelist")).content.decode()

    assert '<td class="field-kind">Group</td>' in page
    assert '<td class="field-kind">Pledge</td>' in page
    assert "pledges.pledge</a>" not in page
    assert '?object_type=pledges.pledge">Pledge</a>' in page
    filtered = client.get(reverse("admin:audit_auditevent_changelist"), {"object_type": "auth.group"})
    assert "Reviewers" in filtered.content.decode()
    assert "unconfirmed pledges" not in filtered.content.decode()
