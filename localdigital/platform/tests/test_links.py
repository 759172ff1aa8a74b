"""Emailed single-use links: made with only a hash kept, found or refused with a reason, used up once.

The floor has no tables of its own, so these tests use the sign-in link's table (looked up by name) as
a kind of link with a hash, an expiry and a time it was used.
"""

import threading
from datetime import timedelta

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from localdigital.platform import links

LIFETIME = timedelta(hours=1)


@pytest.fixture
def model():
    return apps.get_model("accounts", "SignInLink")


@pytest.fixture
def kind(model):
    return links.Links(model, lifetime=LIFETIME)


def issued(kind, model, email="officer@kingston.gov.uk", **fields):
    row = model(email=email, **fields)
    token = kind.issue(row)
    row.save()
    return token, row


def test_tokens_are_random_and_only_their_hash_is_kept():
    token, token_hash = links.new_token()
    other, _ = links.new_token()

    assert token != other
    assert len(token) >= 40
    assert token_hash == links.hash_token(token) != token
    assert len(token_hash) == 64


@pytest.mark.django_db
def test_a_link_is_issued_with_its_hash_and_expiry_and_found_by_its_token(kind, model):
    before = timezone.now()
    token, row = issued(kind, model)

    stored = model.objects.get(pk=row.pk)
    assert stored.token_hash == links.hash_token(token)
    assert token not in {stored.token_hash, stored.email}
    assert before + LIFETIME <= stored.expires_at <= timezone.now() + LIFETIME
    assert stored.used_at is None
    assert kind.find(token) == stored


@pytest.mark.django_db
@pytest.mark.parametrize("token", ["", "not-a-token"])
def test_an_unknown_link_is_refused_as_unknown(kind, model, token):
    issued(kind, model)

    with pytest.raises(links.LinkProblem) as problem:
        kind.find(token)
    assert problem.value.reason == links.UNKNOWN

    with pytest.raises(links.LinkProblem) as problem:
        kind.redeem(token)
    assert problem.value.reason == links.UNKNOWN


@pytest.mark.django_db
def test_a_tampered_token_is_unknown(kind, model):
    token, _row = issued(kind, model)

    with pytest.raises(links.LinkProblem) as problem:
        kind.find(token + "x")

    assert problem.value.reason == links.UNKNOWN


@pytest.mark.django_db
def test_an_expired_link_is_refused_and_not_used_up(kind, model):
    token, row = issued(kind, model)
    model.objects.filter(pk=row.pk).update(expires_at=timezone.now() - timedelta(seconds=1))

    for attempt in (kind.find, kind.redeem):
        with pytest.raises(links.LinkProblem) as problem:
            attempt(token)
        assert problem.value.reason == links.EXPIRED
    assert model.objects.get(pk=row.pk).used_at is None


@pytest.mark.django_db
def test_a_link_expires_at_its_expiry_not_after(kind, model):
    token, row = issued(kind, model)
    row.refresh_from_db()

    with pytest.raises(links.LinkProblem) as problem:
        kind.redeem(token, now=row.expires_at)
    assert problem.value.reason == links.EXPIRED

    assert kind.redeem(token, now=row.expires_at - timedelta(microseconds=1)).pk == row.pk


@pytest.mark.django_db
def test_a_link_is_used_once_then_refused_as_used(kind, model):
    token, row = issued(kind, model)

    used = kind.redeem(token)

    assert used.pk == row.pk
    assert used.used_at is not None
    for attempt in (kind.find, kind.redeem):
        with pytest.raises(links.LinkProblem) as problem:
            attempt(token)
        assert problem.value.reason == links.USED


@pytest.mark.django_db
def test_using_a_link_makes_the_changes_asked_for_in_the_same_update(kind, model):
    token, row = issued(kind, model, next_url="/before/")

    used = kind.redeem(token, next_url="/after/")

    assert used.next_url == "/after/"
    assert model.objects.get(pk=row.pk).next_url == "/after/"


@pytest.mark.django_db
def test_a_failure_after_using_a_link_undoes_the_use(kind, model):
    token, row = issued(kind, model)

    with pytest.raises(RuntimeError), transaction.atomic():
        kind.redeem(token)
        raise RuntimeError("what the link was for could not be done")

    assert model.objects.get(pk=row.pk).used_at is None
    assert kind.redeem(token).pk == row.pk


@pytest.mark.django_db
def test_issuing_again_replaces_the_link(kind, model):
    old, row = issued(kind, model)
    kind.redeem(old)
    new = kind.issue(row)
    row.save()

    with pytest.raises(links.LinkProblem) as problem:
        kind.find(old)
    assert problem.value.reason == links.UNKNOWN
    assert kind.redeem(new).pk == row.pk


@pytest.mark.django_db
def test_a_kind_without_a_used_column_says_its_own_reasons(model):
    """As an approver's link is: usable while the row is in some state, and its own reason when not."""
    kind = links.Links(
        model,
        lifetime=LIFETIME,
        used_field=None,
        usable=Q(next_url="asked"),
        why_not=lambda row: {"signed": links.USED, "replaced": "replaced"}.get(row.next_url),
    )
    token, row = issued(kind, model, next_url="asked")

    used = kind.redeem(token, next_url="signed")

    assert used.next_url == "signed"
    with pytest.raises(links.LinkProblem) as problem:
        kind.redeem(token, next_url="signed")
    assert problem.value.reason == links.USED
    model.objects.filter(pk=row.pk).update(next_url="replaced")
    with pytest.raises(links.LinkProblem) as problem:
        kind.find(token)
    assert problem.value.reason == "replaced"


@pytest.mark.django_db
def test_a_kind_may_expire_some_time_after_another_column(model):
    """As a pledge's confirmation link is: it expires a week after it was emailed."""
    kind = links.Links(model, expires_field="created_at", expires_after=timedelta(days=7))
    token, row = issued(kind, model, expires_at=timezone.now())  # the column this kind does not use

    model.objects.filter(pk=row.pk).update(created_at=timezone.now() - timedelta(days=8))
    with pytest.raises(links.LinkProblem) as problem:
        kind.redeem(token)
    assert problem.value.reason == links.EXPIRED

    model.objects.filter(pk=row.pk).update(created_at=timezone.now() - timedelta(days=6))
    assert kind.redeem(token).pk == row.pk


@pytest.mark.django_db
def test_the_rows_a_kind_belongs_to_limit_what_is_known(model):
    kind = links.Links(
        model, lifetime=LIFETIME, queryset=lambda: model.objects.filter(email__endswith=".gov.uk")
    )
    token, _row = issued(kind, model, email="someone@example.com")

    with pytest.raises(links.LinkProblem) as problem:
        kind.find(token)
    assert problem.value.reason == links.UNKNOWN


def test_using_a_link_must_change_something(model):
    kind = links.Links(model, lifetime=LIFETIME, used_field=None)

    with pytest.raises(ValueError, match="used again"):
        kind.redeem("anything")


@pytest.mark.django_db(transaction=True)
def test_many_uses_of_one_link_at_once_use_it_once(kind, model, request):
    token, row = issued(kind, model)
    count = request.getfixturevalue("shared_database")
    clicks = 8
    ready = threading.Barrier(clicks)
    outcomes: list[str] = []

    def click():
        ready.wait()
        try:
            with transaction.atomic():
                kind.redeem(token, next_url="/used/")
            outcomes.append("used it")
        except links.LinkProblem as problem:
            outcomes.append(problem.reason)
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(clicks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == [links.USED] * (clicks - 1) + ["used it"]
    table = model._meta.db_table
    assert count(f"SELECT COUNT(*) FROM {table} WHERE used_at IS NOT NULL AND id = {row.pk}") == 1  # noqa: S608
