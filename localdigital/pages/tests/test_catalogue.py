"""The Welsh catalogue is complete, up to date with the code and templates, and compiled."""

import subprocess
import sys
from pathlib import Path

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from django.conf import settings

CATALOGUE = Path(settings.BASE_DIR) / "localdigital" / "locale" / "cy" / "LC_MESSAGES" / "django.po"


def _read(path: Path):
    with path.open("rb") as file:
        return read_po(file, locale="cy")


def _key(message) -> tuple:
    # Babel reads a compiled catalogue's contexts as bytes.
    context = message.context.decode() if isinstance(message.context, bytes) else message.context
    return (context, message.id if isinstance(message.id, str) else message.id[0])


def _strings(message) -> tuple:
    return tuple(message.string) if isinstance(message.string, (tuple, list)) else (message.string,)


def _translated(message) -> bool:
    return all(_strings(message))


def test_every_string_has_its_welsh_and_none_is_fuzzy():
    catalogue = _read(CATALOGUE)
    untranslated = [_key(m) for m in catalogue if m.id and not _translated(m)]
    fuzzy = [_key(m) for m in catalogue if m.id and m.fuzzy]

    assert untranslated == [], "strings with no Welsh: translate them in django.po"
    assert fuzzy == [], "fuzzy strings: check their Welsh and remove the fuzzy flag"


def test_the_catalogue_is_up_to_date_with_the_source(tmp_path):
    template = tmp_path / "messages.pot"
    subprocess.run(  # noqa: S603 (this project's own script, with a path made here)
        [str(Path(settings.BASE_DIR) / "scripts" / "extract-messages"), str(template)],
        check=True,
        capture_output=True,
        env={"BIN": str(Path(sys.executable).parent), "PATH": "/usr/bin:/bin"},
    )
    in_source = {_key(m) for m in _read(template) if m.id}
    in_catalogue = {_key(m) for m in _read(CATALOGUE) if m.id}

    assert sorted(in_source - in_catalogue, key=str) == [], "new strings: run `make messages`"
    assert sorted(in_catalogue - in_source, key=str) == [], "strings no longer used: run `make messages`"


def test_the_compiled_catalogue_matches_the_catalogue():
    compiled = CATALOGUE.with_suffix(".mo")
    assert compiled.exists(), "run `make install` to compile the Welsh catalogue"
    with compiled.open("rb") as file:
        built = {_key(m): _strings(m) for m in read_mo(file) if m.id}
    written = {_key(m): _strings(m) for m in _read(CATALOGUE) if m.id and not m.fuzzy}

    assert built == written, "the .mo is older than the .po: run `make install`"
