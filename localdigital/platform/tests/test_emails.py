"""Each meaning of an email address or its domain has one function."""

import pytest
from django.core.exceptions import ValidationError

from localdigital.platform import emails


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("  Officer@Kingston.GOV.UK ", "officer@kingston.gov.uk"),
        ("officer@kingston.gov.uk.", "officer@kingston.gov.uk"),
        ("officer@kingston\u3002gov\uff0euk", "officer@kingston.gov.uk"),
        ("jo@bücher.example", "jo@xn--bcher-kva.example"),
        ("jo.bloggs+work@gmail.com", "jo.bloggs+work@gmail.com"),  # kept as typed, tags and dots too
    ],
)
def test_an_address_is_kept_trimmed_in_lower_case_with_an_ascii_domain(typed, kept):
    assert emails.normalise_email(typed) == kept
    assert emails.normalise_email(kept) == kept


@pytest.mark.parametrize("typed", ["", "officer", "officer@", "@kingston.gov.uk", "a@b@c", "jo@x..uk"])
def test_what_is_not_an_address_is_refused(typed):
    with pytest.raises(ValidationError):
        emails.normalise_email(typed)


@pytest.mark.parametrize(
    ("address", "domain"),
    [
        ("officer@Kingston.GOV.UK", "kingston.gov.uk"),
        (" officer@kingston.gov.uk. ", "kingston.gov.uk"),
        ("jo@bücher.example", "xn--bcher-kva.example"),
        ("jo@a..b", "a..b"),  # no ASCII form: given as typed, so it matches nothing stored
        ("no-at-sign", "no-at-sign"),
    ],
)
def test_the_domain_of_an_address_is_as_domains_are_stored(address, domain):
    assert emails.email_domain(address) == domain


def test_a_domain_is_stored_in_lower_case_ascii_without_a_trailing_dot():
    assert emails.normalise_domain(" Kingston.GOV.uk. ") == "kingston.gov.uk"
    assert emails.normalise_domain("bücher.example") == "xn--bcher-kva.example"
    with pytest.raises(ValidationError):
        emails.normalise_domain("a..b")


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ("jo+ceo@kingston.gov.uk", "Jo@Kingston.gov.uk", True),
        ("jo@kingston.gov.uk", "jo@westsussex.gov.uk", False),
        ("jo.bloggs@gmail.com", "jobloggs@gmail.com", False),  # only providers' own rules say so
    ],
)
def test_two_addresses_reach_one_mailbox_when_only_a_tag_differs(first, second, same):
    assert (emails.mailbox(first) == emails.mailbox(second)) is same


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("Jo.Bloggs@Example.org", "jo.bloggs@example.org"),
        ("jo+pledges@example.org", "jo@example.org"),
        ("j.o.bloggs+x@gmail.com", "jobloggs@gmail.com"),
        ("jo.bloggs@googlemail.com", "jobloggs@gmail.com"),
        ("jo.bloggs@kingston.gov.uk", "jo.bloggs@kingston.gov.uk"),
    ],
)
def test_the_canonical_mailbox_follows_how_providers_deliver(typed, key):
    assert emails.canonical_mailbox(typed) == key
    assert emails.canonical_mailbox(key) == key
