"""The static files a real server would serve: hashed names, and GOV.UK Frontend's fonts found."""

import json

import pytest
from django.core.management import call_command
from django.test import override_settings


@pytest.fixture
def collected(tmp_path):
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield tmp_path


def test_collectstatic_gives_hashed_names_and_rewrites_the_font_addresses(collected):
    manifest = json.loads((collected / "staticfiles.json").read_text())["paths"]

    css_name = manifest["govuk-frontend/govuk-frontend.min.css"]
    assert css_name != "govuk-frontend/govuk-frontend.min.css"
    css = (collected / css_name).read_text()
    font = manifest["fonts/bold-b542beb274-v2.woff2"]
    assert f"/assets/{font}" in css
    assert (collected / font).is_file()
    assert (collected / (css_name + ".gz")).is_file()
