"""Known vulnerabilities in the runtime requirements, from PyPI's project JSON.

`pip-audit` asks PyPI's per-release JSON (`/pypi/<name>/<version>/json`) or OSV. Where neither
answers (behind a registry proxy that serves only `/simple/` and `/pypi/<name>/json`, as on this
project's build machines), this script is the fallback `make audit` runs. The project JSON carries
the advisories (PYSEC, GHSA, CVE) that affect the project's *latest* release, the same data
pip-audit's PyPI service reads, so:

- a pinned package at its latest release is checked exactly: any advisory fails the audit;
- a pinned package behind its latest release cannot be vouched for from this source: it is listed
  as unchecked (a warning, or a failure with --strict) and should be upgraded or checked elsewhere.

The packages are the runtime closure: every requirement in requirements.txt and what it needs, as
installed in the running interpreter's environment (run it with the project's virtualenv Python).
"""

import argparse
import json
import os
import sys
import urllib.error
import urllib.request
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

# AUDIT_INDEX_URL: another index with the same JSON API (the tests serve one on loopback).
INDEX = os.environ.get("AUDIT_INDEX_URL", "https://pypi.org/pypi/{name}/json")


def pinned_names(requirements_file):
    names = []
    for line in Path(requirements_file).read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            names.append(Requirement(line).name)
    return names


def runtime_closure(names):
    """{canonical name: installed version} for the requirements and everything they pull in."""
    seen, todo = {}, list(names)
    while todo:
        name = canonicalize_name(todo.pop())
        if name in seen:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            sys.exit(f"audit: {name} is required but not installed; run `make test` or `make run` first.")
        seen[name] = dist.version
        for spec in dist.requires or ():
            requirement = Requirement(spec)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                todo.append(requirement.name)
    return seen


def project_json(name):
    with urllib.request.urlopen(INDEX.format(name=name), timeout=20) as response:  # noqa: S310 (https, or a loopback index in tests)
        return json.load(response)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-r", "--requirements", default="requirements.txt")
    parser.add_argument("--strict", action="store_true", help="fail when a package cannot be checked")
    args = parser.parse_args()

    closure = runtime_closure(pinned_names(args.requirements))
    vulnerable, unchecked, clean = [], [], []
    for name, version in sorted(closure.items()):
        try:
            data = project_json(name)
        except (urllib.error.URLError, TimeoutError, json.JSONDecodeError) as error:
            unchecked.append(f"{name} {version}: index unreachable ({error})")
            continue
        latest = data["info"]["version"]
        if Version(version) != Version(latest):
            unchecked.append(f"{name} {version}: behind the latest release {latest}")
            continue
        advisories = [v for v in data.get("vulnerabilities") or () if not v.get("withdrawn")]
        if advisories:
            ids = ", ".join(sorted({v["id"] for v in advisories}))
            vulnerable.append(f"{name} {version}: {ids}")
        else:
            clean.append(name)

    print(f"audit: {len(closure)} runtime packages; {len(clean)} at their latest release with no known advisory.")
    for line in vulnerable:
        print(f"VULNERABLE  {line}")
    for line in unchecked:
        print(f"UNCHECKED   {line}")
    if vulnerable or (args.strict and unchecked):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
