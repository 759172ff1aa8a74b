"""The site's own address in links: where `make run` serves in development, always given in production."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
# Stands in for manage.py in the run target's recipe: says which address each step would link to.
REPORT = f"{sys.executable} -c 'import os, sys; print(sys.argv[1], os.environ.get(\"SITE_URL\"))'"


def _make_run(*arguments: str, **environment: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in ("SITE_URL", "MAKEFLAGS")}
    result = subprocess.run(  # noqa: S603 (this project's own Makefile, with arguments built here)
        # -o: take the installed packages and built assets as they are; only the run recipe runs.
        [
            shutil.which("make"),
            "--no-print-directory",
            "-o",
            "install",
            "-o",
            "assets",
            "run",
            f"MANAGE={REPORT}",
            *arguments,
        ],
        cwd=ROOT,
        env={**env, **environment},
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    steps = [line.split() for line in result.stdout.splitlines() if line.split()[:1] != ["Serving"]]
    return {step[0]: step[1] for step in steps if len(step) == 2 and not step[0].startswith(("/", "mkdir"))}


def test_make_run_links_to_the_port_it_serves_on():
    steps = _make_run("PORT=8101")

    assert steps["runserver"] == "http://127.0.0.1:8101"
    assert steps["load_demo_data"] == "http://127.0.0.1:8101"  # demo emails too


def test_make_run_links_to_the_host_and_port_it_serves_on():
    assert _make_run("HOST=localhost", "PORT=9000")["runserver"] == "http://localhost:9000"


def test_a_site_url_that_is_set_is_kept():
    steps = _make_run("PORT=8101", SITE_URL="https://dev.localdigital.example")

    assert steps["runserver"] == "https://dev.localdigital.example"


def _production_site_url(**environment: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key != "SITE_URL"}
    env.update(DJANGO_SETTINGS_MODULE="localdigital.settings.production", SECRET_KEY="x" * 50, **environment)
    return subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.SITE_URL)"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_will_not_start_without_its_address():
    result = _production_site_url()

    assert result.returncode != 0
    assert "SITE_URL must be set in the environment" in result.stderr


def test_production_links_to_the_address_it_is_given():
    result = _production_site_url(SITE_URL="https://localdigital.example/")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "https://localdigital.example"


@pytest.mark.django_db
def test_links_in_the_api_and_csv_follow_the_site_address(client, settings):
    from localdigital.organisations.tests.factories import OrganisationFactory

    settings.SITE_URL = "http://127.0.0.1:8101"
    OrganisationFactory()

    assert client.get("/api/v1/organisations").json()["links"]["self"].startswith("http://127.0.0.1:8101/")
