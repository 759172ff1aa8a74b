"""Every email the service can send renders: each app's messages are found, built from their samples,
and rendered in English with nothing a template names left undefined."""

import dataclasses

import pytest
from django.utils import translation
from jinja2 import UndefinedError

from localdigital.notifications.messages import Message, every_message, render


def test_every_app_s_messages_are_found():
    found = {(cls.__module__.split(".")[1], cls.template) for cls in every_message()}

    apps = {app for app, _template in found}
    assert {"accounts", "organisations", "signing", "fund", "pledges", "projects"} <= apps
    assert ("accounts", "sign_in") in found
    assert len({template for _app, template in found}) == len(found)  # each message its own template


@pytest.mark.parametrize("message", every_message(), ids=lambda cls: cls.__name__)
def test_each_message_renders_in_english_from_its_sample(message):
    sample = message.sample()

    assert isinstance(sample, message)
    assert dataclasses.is_dataclass(sample) and type(sample).__dataclass_params__.frozen
    with translation.override("en"):
        subject, body = sample.render()
    assert subject and "\n" not in subject and subject == subject.strip()
    assert body.strip()
    assert "None" not in subject + body


def variants(message: type[Message]) -> list[Message]:
    """The sample, and the sample with each yes-or-no field turned the other way (both branches of the
    email)."""
    sample = message.sample()
    flags = [name for name, value in sample.context().items() if isinstance(value, bool)]
    return [sample] + [dataclasses.replace(sample, **{name: not getattr(sample, name)}) for name in flags]


@pytest.mark.parametrize("message", every_message(), ids=lambda cls: cls.__name__)
def test_every_branch_of_each_message_renders_with_a_one_line_subject(message):
    for variant in variants(message):
        subject, body = variant.render()
        assert subject and "\n" not in subject and body.strip()


@pytest.mark.parametrize("message", every_message(), ids=lambda cls: cls.__name__)
def test_each_field_of_each_message_is_in_its_email_and_none_can_be_left_out(message):
    """Every field reaches the email in one branch or another, and a field missing is an error, not a
    blank in the email."""
    for name in message.sample().context():
        missing = 0
        for variant in variants(message):
            context = {other: value for other, value in variant.context().items() if other != name}
            try:
                render(message.template, context)
            except (UndefinedError, TypeError):  # TypeError: an undefined value given to str.format
                missing += 1
        assert missing, f"{message.__name__}.{name} is not used in emails/{message.template}.txt"


def test_a_message_is_built_only_with_named_fields():
    cls = every_message()[0]
    fields = dataclasses.fields(cls)

    assert fields and all(field.kw_only for field in fields)
    assert issubclass(cls, Message)
