"""What automated accessibility checks found: gathered from the browser tests' axe runs into
docs/accessibility-findings.json (`make accessibility-report`), and read by the accessibility statement."""

import json
import re
from collections import defaultdict
from datetime import date
from pathlib import Path

from django.conf import settings
from django.urls import Resolver404, resolve

from localdigital.platform import caches

WCAG_CRITERION = re.compile(r"^wcag(\d)(\d)(\d{1,2})$")
WCAG_LEVELS = {"wcag2a": "A", "wcag21a": "A", "wcag2aa": "AA", "wcag21aa": "AA", "wcag22aa": "AA"}
# Who looked at a page when the crawl did not say: the staff tools' tests sign in as staff.
STAFF_PREFIX = "/staff/"


def page_of(path: str) -> str:
    """The kind of page a path is: its URL pattern, so that a report does not change with a run's ids."""
    try:
        return "/" + resolve(path).route
    except Resolver404:
        return path


def who_looked(line: dict) -> str:
    if line.get("who"):
        return {"anonymous": "public"}.get(line["who"], line["who"])
    return "programme team" if line["path"].startswith(STAFF_PREFIX) else "journey tests"


def criteria(tags: list[str]) -> list[str]:
    """WCAG success criteria named by axe's tags: wcag143 is 1.4.3."""
    found = []
    for tag in tags:
        if match := WCAG_CRITERION.match(tag):
            found.append(".".join(match.groups()))
    return found


def summarise(
    lines: list[dict], *, tests: list[str], tests_passed: bool, previous: dict, today: date
) -> dict:
    """The findings file: every page checked, every violation with the pages it was on, and what people
    recorded by hand (`manual_checks`, `prepared_on`), kept from the previous file."""
    pages: dict[str, dict] = {}
    rules: dict[str, dict] = {}
    rule_pages: dict[str, set[str]] = defaultdict(set)
    for line in lines:
        page = page_of(line["path"])
        entry = pages.setdefault(page, {"page": page, "who": set(), "runs": 0})
        entry["who"].add(who_looked(line))
        entry["runs"] += 1
        for violation in line["violations"]:
            rule = rules.setdefault(
                violation["id"],
                {
                    "rule": violation["id"],
                    "impact": violation["impact"],
                    "help": violation["help"],
                    "help_url": violation["helpUrl"],
                    "wcag": criteria(violation["tags"]),
                    "level": next((WCAG_LEVELS[t] for t in violation["tags"] if t in WCAG_LEVELS), ""),
                    "best_practice": "best-practice" in violation["tags"],
                    "elements": 0,
                },
            )
            rule["elements"] += violation["elements"]
            rule_pages[violation["id"]].add(page)
    versions = sorted({line["axe"] for line in lines if line.get("axe")})
    return {
        "tested_on": today.isoformat(),
        "prepared_on": previous.get("prepared_on") or today.isoformat(),
        "tool": f"axe-core {', '.join(versions)}" if versions else "axe-core",
        "browser": "Chromium, driven by Playwright",
        "tests": tests,
        "tests_passed": tests_passed,
        "axe_runs": len(lines),
        "pages": [
            {**entry, "who": sorted(entry["who"])}
            for entry in sorted(pages.values(), key=lambda e: e["page"])
        ],
        "findings": [
            {**rule, "pages": sorted(rule_pages[rule_id])} for rule_id, rule in sorted(rules.items())
        ],
        "manual_checks": previous.get("manual_checks", []),
    }


# The file changes only when the service is deployed; each process reads it at most once a minute.
_findings = caches.memo("accessibility findings", seconds=60)


def _read() -> dict | None:
    try:
        return json.loads(Path(settings.ACCESSIBILITY_FINDINGS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def current() -> dict | None:
    """The findings file as last written, or None when there is none (or it does not parse)."""
    return _findings.get(_read)
