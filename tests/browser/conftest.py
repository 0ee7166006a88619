"""Browser tests: Playwright for Python driving Debian's Chromium against a live server.

Required in CI (CI=true): a missing Chromium fails the run. Elsewhere they are skipped, and the
end of the test report says so plainly.
"""

import os
import re
from pathlib import Path

import pytest

from tests.demo_snapshot import load_demo

# Playwright's sync API runs an event loop in the test thread; Django must still let it query.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}

_skipped_reason = []


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


def pytest_terminal_summary(terminalreporter):
    if _skipped_reason:
        terminalreporter.write_line(f"BROWSER TESTS SKIPPED: {_skipped_reason[0]}", yellow=True, bold=True)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        message = f"Chromium not found at {CHROMIUM} (install it with: apt-get install -y chromium)"
        if os.environ.get("CI"):
            pytest.fail(f"{message}. Browser tests are required in CI.", pytrace=False)
        _skipped_reason.append(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


def _open_page(browser, request, viewport, java_script_enabled=True):
    context = browser.new_context(viewport=viewport, java_script_enabled=java_script_enabled)
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


def _keep_screenshot_on_failure(request, page):
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)[-150:]
        try:
            page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        except Exception as error:
            print(f"could not save a screenshot: {error}")


@pytest.fixture
def page(browser, request):
    context, page = _open_page(browser, request, DESKTOP)
    yield page
    _keep_screenshot_on_failure(request, page)
    context.close()


@pytest.fixture
def phone_page(browser, request):
    context, page = _open_page(browser, request, PHONE)
    yield page
    _keep_screenshot_on_failure(request, page)
    context.close()


@pytest.fixture
def no_js_page(browser, request):
    context, page = _open_page(browser, request, DESKTOP, java_script_enabled=False)
    yield page
    _keep_screenshot_on_failure(request, page)
    context.close()


@pytest.fixture
def demo_site(live_server, transactional_db):
    """A live server with the demo data loaded."""
    load_demo()
    return live_server
