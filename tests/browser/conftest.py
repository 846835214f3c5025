"""Real-browser journeys: Debian's Chromium driven by Playwright against live_server.

Every page a journey visits through `visit()` (or checks with `check_page()`)
gets axe-core injected from node_modules and must report no violation; any
JavaScript error or CSP violation on the page also fails the test.
Screenshots go to tests/browser/output/ (git-ignored) at phone (390 px) and
desktop (1280 px) widths.
"""

import os
import re
from pathlib import Path

import pytest
from django.conf import settings

# Playwright's sync API runs an event loop in this thread; Django's ORM calls
# made by the test itself (fixtures, assertions) are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from playwright.sync_api import Page, sync_playwright  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
OUTPUT = Path(__file__).parent / "output"
AXE_JS = settings.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

pytestmark = pytest.mark.browser


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium package")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        yield browser
        browser.close()


class Journey:
    """One browser context (one person's browser) with the checks every page gets."""

    def __init__(self, browser, base_url: str, viewport: dict):
        self.context = browser.new_context(viewport=viewport, locale="zh-CN", device_scale_factor=1)
        self.page: Page = self.context.new_page()
        self.base_url = base_url
        self.errors: list[str] = []
        self.page.on("pageerror", lambda exc: self.errors.append(f"JS error: {exc}"))
        self.page.on("console", self._on_console)
        self.page.on("response", self._on_response)
        self.page.set_default_timeout(15_000)

    def _on_console(self, msg) -> None:
        # A page answered with 403/404 on purpose logs "Failed to load resource";
        # broken sub-resources are caught by _on_response instead.
        if msg.type == "error" and not msg.text.startswith("Failed to load resource"):
            self.errors.append(f"console error: {msg.text}")

    def _on_response(self, response) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            self.errors.append(f"{response.status} for {response.request.resource_type} {response.url}")

    def url(self, path: str) -> str:
        return self.base_url + path

    def visit(self, path: str) -> Page:
        self.page.goto(self.url(path))
        self.check_page()
        return self.page

    def check_page(self) -> None:
        """axe-core finds no violation, and the page raised no JS or CSP error."""
        self.page.wait_for_load_state("load")
        # evaluate() runs outside the page's CSP, which forbids injected scripts.
        self.page.evaluate(AXE_JS.read_text(encoding="utf-8") + "\n;window.__axe = axe; 0")
        result = self.page.evaluate("async () => await window.__axe.run(document, {resultTypes: ['violations']})")
        violations = [
            f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"]
        ]
        assert not violations, f"axe violations on {self.page.url}:\n" + "\n".join(violations)
        assert not self.errors, f"errors on {self.page.url}: {self.errors}"

    def shot(self, name: str) -> Path:
        OUTPUT.mkdir(parents=True, exist_ok=True)
        width = self.page.viewport_size["width"]
        path = OUTPUT / f"{re.sub(r'[^a-z0-9_-]+', '-', name.lower())}-{width}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def open_menu(self) -> None:
        """Open the phone menu and wait until it has finished sliding open.

        A tap while it is still sliding (Bootstrap's "collapsing") can land on nothing.
        """
        self.page.get_by_role("button", name="菜单").click()
        self.page.locator("#main-nav.show:not(.collapsing)").wait_for()

    def login(self, phone: str, password: str) -> None:
        self.visit("/accounts/login/")
        self.page.get_by_label("手机号").fill(phone)
        self.page.get_by_label("密码").fill(password)
        self.page.get_by_role("button", name="登录").click()
        self.check_page()
        if "/accounts/login/code/" in self.page.url:
            # Staff on a new browser: the code the (captured) SMS backend received.
            from tests import sms

            self.page.get_by_label("验证码").fill(sms.last_code(phone))
            self.page.get_by_role("button", name="登录").click()
            self.check_page()

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def journey(browser, live_server):
    """Make a browser session: journey(PHONE) or journey(DESKTOP). Closed after the test."""
    opened = []

    def make(viewport: dict = PHONE) -> Journey:
        j = Journey(browser, live_server.url, viewport)
        opened.append(j)
        return j

    yield make
    for j in opened:
        j.close()
