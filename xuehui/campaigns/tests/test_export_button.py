"""An export button shows that the export is under way and a second click starts nothing."""

import pytest
from django.urls import reverse

from .test_journey import CHROMIUM, _login, browser, fast_hashing  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="系统 Chromium（/usr/bin/chromium）不存在"),
]


def test_an_export_shows_a_spinner_and_downloads_once(
    browser,  # noqa: F811
    live_server,
    campaign,
    entry,
    admin_user,
):
    page = _login(browser, live_server, admin_user.username)
    page.goto(live_server.url + reverse("campaigns:detail", args=[campaign.pk]))
    requests = []
    page.on(
        "request",
        lambda request: requests.append(request.url) if "/export/" in request.url else None,
    )
    # Hold the export's answer until both clicks are in, as a slow export would.
    held = []
    page.route("**/export/", lambda route: held.append(route))
    button = page.locator("#export-xlsx")
    button.click()
    page.wait_for_function("document.querySelector('#export-xlsx').getAttribute('aria-busy')")
    assert "正在导出" in button.inner_text()
    button.click(force=True)
    with page.expect_download() as download:
        held[0].continue_()
    assert download.value.suggested_filename.endswith(".xlsx")
    assert len(requests) == 1
    page.wait_for_function("!document.querySelector('#export-xlsx').getAttribute('aria-busy')")
    assert "导出 Excel" in button.inner_text()
