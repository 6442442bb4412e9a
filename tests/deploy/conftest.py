"""The browser fixtures of tests/browser (Chromium, localhost-only traffic) for the deployment tests."""

from tests.browser.conftest import _browser, assert_clean, browser_page  # noqa: F401
