"""The platform floor as the domains use it: their memos, their refusals and the deployed application."""

import time

import pytest

from localdigital.platform import caches
from localdigital.platform.errors import NotAllowed


def test_the_services_memos_are_registered_so_the_test_reset_reaches_them():
    import localdigital.abuse.services
    import localdigital.pledges.forms
    import localdigital.pledges.services
    import localdigital.projects.similarity.search  # noqa: F401

    assert {"abuse rules", "pledge counts", "pledge organisation choices", "similarity index"} <= set(
        caches.names()
    )


def test_every_domain_raises_the_one_class():
    from localdigital.fund import assessment
    from localdigital.fund import services as fund
    from localdigital.projects import services as projects
    from localdigital.signing import services as signing

    assert {signing.NotAllowed, projects.NotAllowed, fund.NotAllowed, assessment.NotAllowed} == {NotAllowed}


@pytest.mark.django_db
def test_the_deployed_application_sheds_before_django(client, settings):
    """The WSGI application gunicorn serves is wrapped: a stale pledge is refused and nothing is kept."""
    settings.TRUSTED_PROXY_COUNT = 1
    settings.OVERLOAD_QUEUE_MS = 500
    from django.test.client import RequestFactory

    from localdigital.pledges.models import Pledge
    from localdigital.wsgi import application

    environ = (
        RequestFactory()
        .post(
            "/pledge/", {"name": "Jo", "email": "jo@example.org"}, HTTP_X_REQUEST_START=f"t={time.time() - 5}"
        )
        .environ
    )
    answered = {}
    body = b"".join(application(environ, lambda status, headers: answered.update(status=status)))

    assert answered["status"].startswith("503") and b"busy" in body
    assert not Pledge.objects.exists()
