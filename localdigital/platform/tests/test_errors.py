"""One refusal for every domain: a PermissionDenied, so uncaught it is a 403 page."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import path

from localdigital.platform.errors import NotAllowed


def refuse(request):
    raise NotAllowed("Only the programme team can review")


urlpatterns = [path("refuse/", refuse)]


def test_not_allowed_is_permission_denied_with_its_reason():
    with pytest.raises(PermissionDenied, match="Only the programme team"):
        refuse(RequestFactory().get("/"))


@pytest.mark.django_db
@pytest.mark.urls("localdigital.platform.tests.test_errors")
def test_an_uncaught_refusal_is_a_403_page(client):
    assert client.get("/refuse/").status_code == 403
