"""The Open Contracting Data Standard (OCDS 1.1): checking a release package against the standard's own
schema, read from the copy in `ocds_schema/` (no network)."""

import json
from functools import cache
from pathlib import Path

from jsonschema import Draft4Validator, FormatChecker
from referencing import Registry
from referencing.jsonschema import DRAFT4

SCHEMA_DIR = Path(__file__).parent / "ocds_schema"
VERSION = "1.1"


def _load(name: str) -> dict:
    return json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))


@cache
def package_validator() -> Draft4Validator:
    """A validator of release packages, whose releases are checked against the release schema."""
    package = _load("release-package-schema.json")
    release = _load("release-schema.json")
    registry = Registry().with_resources(
        (schema["id"], DRAFT4.create_resource(schema)) for schema in (package, release)
    )
    return Draft4Validator(package, registry=registry, format_checker=FormatChecker())


def problems(package: object) -> list[str]:
    """What is wrong with `package` as an OCDS release package, each as 'where: what', first ten at most;
    an empty list when it is valid."""
    found = []
    for error in sorted(package_validator().iter_errors(package), key=lambda e: list(e.absolute_path)):
        where = "/".join(str(part) for part in error.absolute_path) or "(the package)"
        found.append(f"{where}: {error.message}")
        if len(found) == 10:
            break
    return found
