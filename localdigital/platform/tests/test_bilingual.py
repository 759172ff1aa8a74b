"""A content field's Welsh twin: the Welsh on a Welsh page when it is written, the English otherwise."""

from types import SimpleNamespace

from django.db import models
from django.utils import translation

from localdigital.platform.bilingual import beside_their_twins, localised, welsh_twin


def test_a_welsh_page_shows_the_welsh_and_falls_back_to_the_english_when_there_is_none():
    written = SimpleNamespace(title="Fix the plumbing", title_cy="Trwsio'r plymio")
    untranslated = SimpleNamespace(title="Fix the plumbing", title_cy="  ")

    with translation.override("cy"):
        assert localised(written, "title") == "Trwsio'r plymio"
        assert localised(untranslated, "title") == "Fix the plumbing"
    with translation.override("en"):
        assert localised(written, "title") == "Fix the plumbing"
    assert localised(written, "title", language="cy") == "Trwsio'r plymio"
    assert localised(None, "title") == ""


def test_a_twin_is_the_same_kind_of_field_blank_allowed():
    short, long = models.CharField(max_length=80), models.TextField()

    assert isinstance(welsh_twin(short), models.CharField) and welsh_twin(short).max_length == 80
    assert isinstance(welsh_twin(long), models.TextField)
    assert welsh_twin(short).blank and welsh_twin(long).default == ""


def test_the_staff_tools_put_each_welsh_field_after_its_english_whatever_the_declared_order():
    assert beside_their_twins(["title", "intro", "title_cy", "intro_cy", "number"]) == [
        "title",
        "title_cy",
        "intro",
        "intro_cy",
        "number",
    ]
    assert beside_their_twins(["orphan_cy", ("a", "b")]) == ["orphan_cy", ("a", "b")]
