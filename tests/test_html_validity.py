"""Every public page type is valid HTML according to the W3C Nu Html Checker (vnu.jar, offline), in
English and in the right-to-left Arabic and the CJK Chinese interfaces."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from .demo_snapshot import load_demo
from .pages import PUBLIC_PAGE_TYPES as PAGES

ROOT = Path(__file__).resolve().parent.parent
# The API docs are not translated (they sit outside the language prefix).
TRANSLATED = [path for path in PAGES if not path.startswith("/api/")]
CHECKED = [*PAGES, *(f"/ar{path}" for path in TRANSLATED), *(f"/zh-hans{path}" for path in TRANSLATED)]
VNU = ROOT / ".tools/node_modules/vnu-jar/build/dist/vnu.jar"


@pytest.fixture(scope="module")
def vnu():
    java = shutil.which("java")
    if not (java and VNU.exists()):
        message = f"the Nu Html Checker needs java and {VNU.relative_to(ROOT)} (make test installs it with npm)"
        if os.environ.get("CI"):
            pytest.fail(f"{message}; it is required in CI.", pytrace=False)
        pytest.skip(message)
    return [java, "-Xss8m", "-jar", str(VNU)]


@pytest.mark.django_db
def test_every_public_page_type_is_valid_html(client, vnu, tmp_path):
    load_demo()
    files = {}
    for index, path in enumerate(CHECKED):
        response = client.get(path)
        assert response.status_code in (200, 404), path
        target = tmp_path / f"page-{index}.html"
        target.write_bytes(response.content)
        files[str(target)] = path

    result = subprocess.run(
        [*vnu, "--errors-only", "--format", "json", *files], capture_output=True, text=True, timeout=300
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    errors = [
        f"{files.get(m.get('url', '').removeprefix('file:'), m.get('url'))} line {m.get('lastLine')}: {m['message']}"
        for m in messages
        if m.get("type") == "error"
    ]
    assert errors == [], "\n".join(errors)
