from pathlib import Path

import pytest

TEST_TEMPLATES = Path(__file__).parent / "jinja2"


@pytest.fixture(autouse=True)
def note_template(settings):
    """The Note template found beside the site's own."""
    site, *others = settings.TEMPLATES
    settings.TEMPLATES = [{**site, "DIRS": [*site["DIRS"], TEST_TEMPLATES]}, *others]
