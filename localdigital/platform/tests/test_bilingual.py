"""A content field's Welsh twin: the Welsh on a Welsh page when it is written, the English otherwise."""

from types import SimpleNamespace

from django.db import models
from django.utils import translation
from jinja2 import Environment

from localdigital.platform.bilingual import (
    beside_their_twins,
    fallback_lang,
    localised,
    localised_html,
    welsh_twin,
)


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


def test_english_shown_on_a_welsh_page_is_marked_as_english_for_screen_readers():
    untranslated = SimpleNamespace(name="Fish & chips", name_cy="")
    written = SimpleNamespace(name="Fish & chips", name_cy="Pysgod a sglodion")
    nothing = SimpleNamespace(name="", name_cy="")

    with translation.override("cy"):
        assert localised_html(untranslated, "name") == '<span lang="en">Fish &amp; chips</span>'
        assert fallback_lang(untranslated, "name") == ' lang="en"'
        assert localised_html(written, "name") == "Pysgod a sglodion"
        assert fallback_lang(written, "name") == ""
        assert localised_html(nothing, "name") == ""  # nothing to mark
    with translation.override("en"):
        assert localised_html(untranslated, "name") == "Fish &amp; chips"
        assert fallback_lang(untranslated, "name") == ""


def test_the_marked_text_keeps_its_markup_inside_a_translated_sentence():
    env = Environment(autoescape=True, extensions=["jinja2.ext.i18n"])
    env.install_null_translations(newstyle=True)
    env.filters.update(localised_html=localised_html)
    template = env.from_string(
        '{{ _("%(round)s, led by %(lead)s", round=r | localised_html("name"), lead=l) }}'
    )

    with translation.override("cy"):
        text = template.render(r=SimpleNamespace(name="Round 1", name_cy=""), l="<Kingston>")

    assert text == '<span lang="en">Round 1</span>, led by &lt;Kingston&gt;'
