"""What the browser tests' axe checks found, written down for the accessibility statement.

With AXE_FINDINGS_FILE set (`make accessibility-report` sets it), every axe run adds one line of JSON to
that file: the page's path, who was looking, axe's version and each violation. `manage.py
accessibility_report` turns the lines into docs/accessibility-findings.json, which the statement reads.
"""

import json
import os
from urllib.parse import urlsplit


def record(url: str, violations: list[dict], *, who: str = "", axe_version: str = "") -> None:
    """Note one axe run (nothing unless AXE_FINDINGS_FILE names a file)."""
    path = os.environ.get("AXE_FINDINGS_FILE")
    if not path:
        return
    line = {
        "path": urlsplit(url).path,
        "who": who,
        "axe": axe_version,
        "violations": [
            {
                "id": violation["id"],
                "impact": violation.get("impact"),
                "help": violation.get("help", ""),
                "helpUrl": violation.get("helpUrl", ""),
                "tags": violation.get("tags", []),
                "elements": len(violation.get("nodes", [])),
            }
            for violation in violations
        ],
    }
    with open(path, "a", encoding="utf-8") as file:
        file.write(json.dumps(line) + "\n")
