"""Write docs/accessibility-findings.json from the lines the browser tests' axe checks wrote."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from localdigital.pages import findings


class Command(BaseCommand):
    help = (
        "Gather the browser tests' axe findings (AXE_FINDINGS_FILE) into the accessibility statement's data."
    )

    def add_arguments(self, parser):
        parser.add_argument("lines", help="the file of JSON lines the browser tests wrote")
        parser.add_argument("--tests", default="", help="the test files that ran, space-separated")
        parser.add_argument("--tests-failed", action="store_true", help="the browser tests did not all pass")
        parser.add_argument("--output", default=str(settings.ACCESSIBILITY_FINDINGS))

    def handle(self, *args, lines, tests, tests_failed, output, **options):
        try:
            runs = [json.loads(line) for line in Path(lines).read_text(encoding="utf-8").splitlines() if line]
        except (OSError, ValueError) as error:
            raise CommandError(f"Cannot read the axe findings in {lines}: {error}") from None
        if not runs:
            raise CommandError(f"No axe run was recorded in {lines}: nothing to report")
        out = Path(output)
        try:
            previous = json.loads(out.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            previous = {}
        report = findings.summarise(
            runs,
            tests=tests.split(),
            tests_passed=not tests_failed,
            previous=previous,
            today=timezone.localdate(),
        )
        out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        self.stdout.write(
            f"Wrote {out}: {report['axe_runs']} axe runs on {len(report['pages'])} pages, "
            f"{len(report['findings'])} kinds of violation"
        )
